package rules

import (
	"slices"
	"testing"
)

func TestDeprecatedReplacedBy(t *testing.T) {
	dep := func(pad, replacedBy string) string {
		return pad + "deprecated:\n" + pad + "  since: 1.0.0\n" + pad + "  description: d\n" + pad + "  replaced_by:\n" + pad + "    " + replacedBy + "\n"
	}
	files := func(fv, pkg, template, input, stream, variable string) map[string]string {
		return map[string]string{
			"manifest.yml": "format_version: " + fv + "\nname: x\nversion: 1.0.0\n" + dep("", pkg) +
				"policy_templates:\n  - name: p\n" + dep("    ", template) +
				"    inputs:\n      - type: a\n" + dep("        ", input),
			"data_stream/l/manifest.yml": "title: L\ntype: logs\n" + dep("", stream) +
				"streams:\n  - input: a\n    vars:\n      - name: v\n        type: text\n" + dep("        ", variable),
		}
	}
	expectNone(t, runSelected(t, "deprecated_replaced_by",
		files("3.6.0", "package: y", "policy_template: q", "input: b", "data_stream: m", "variable: w")))

	// Each replacement names the wrong kind of thing.
	got := runSelected(t, "deprecated_replaced_by",
		files("3.6.0", "input: y", "input: q", "package: b", "variable: m", "data_stream: w"))
	want := []string{
		"manifest.yml: deprecated.replaced_by.package must be specified when deprecated.replaced_by is used",
		"manifest.yml: policy_template deprecated.replaced_by.policy_template must be specified when deprecated.replaced_by is used",
		"manifest.yml: input deprecated.replaced_by.input must be specified when deprecated.replaced_by is used",
		"data_stream/l/manifest.yml: deprecated.replaced_by.data_stream must be specified when deprecated.replaced_by is used",
		"data_stream/l/manifest.yml: variable deprecated.replaced_by.variable must be specified when deprecated.replaced_by is used",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}

	// replaced_by appeared in 3.6.0: the same package is not checked just before.
	expectNone(t, runSelected(t, "deprecated_replaced_by",
		files("3.5.0", "input: y", "input: q", "package: b", "variable: m", "data_stream: w")))
	errs := ruleByName(t, "deprecated_replaced_by").Check(newPackage(t,
		files("3.6.0", "input: y", "policy_template: q", "input: b", "data_stream: m", "variable: w")))
	if len(errs) != 1 || errs[0].Field != "deprecated.replaced_by" || errs[0].Line != 7 {
		t.Fatalf("want one error on deprecated.replaced_by at line 7, got %+v", errs)
	}
}
