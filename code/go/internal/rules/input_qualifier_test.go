package rules

import "testing"

func TestInputQualifier(t *testing.T) {
	m := func(inputs string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: 3.6.0\nname: x\ntype: integration\nversion: 1.0.0\npolicy_templates:\n  - name: nginx\n    inputs:\n" + inputs}
	}
	expectNone(t, runRule(t, "input_qualifier", m("      - type: logfile\n      - type: httpjson\n")))
	expectNone(t, runRule(t, "input_qualifier", m("      - type: otelcol\n        name: a\n      - type: otelcol\n        name: b\n")))
	msgs := runRule(t, "input_qualifier", m("      - type: otelcol\n      - type: otelcol\n"))
	expectOne(t, msgs, "manifest.yml", `policy template "nginx": input with type "otelcol" must have a name`)
	// Inputs without a type (those that use an input package) are told apart by name too.
	expectOne(t, runRule(t, "input_qualifier", m("      - package: a\n      - package: b\n")), "manifest.yml",
		`policy template "nginx": an input without a type must have a name when several inputs have no type`)
	if errs := ruleByName(t, "input_qualifier").Check(newPackage(t, m("      - type: otelcol\n      - type: otelcol\n"))); errs[0].Code != "SVR00010" {
		t.Fatalf("want SVR00010, got %q", errs[0].Code)
	}
}

// The rule applies from spec 3.6.0, in the legacy and build modes, to manifests that say they are
// integrations.
func TestInputQualifierScope(t *testing.T) {
	files := func(version, typ string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: " + version + "\nname: x\n" + typ + "version: 1.0.0\n" +
			"policy_templates:\n  - name: p\n    inputs:\n      - type: otelcol\n      - type: otelcol\n"}
	}
	expectNone(t, runSelected(t, "input_qualifier", files("3.5.0", "type: integration\n")))
	expectOne(t, runSelected(t, "input_qualifier", files("3.6.0", "type: integration\n")), "manifest.yml", "must have a name")
	expectNone(t, runSelected(t, "input_qualifier", files("3.6.0", "")))
	p := newPackage(t, files("3.6.0", "type: integration\n"))
	r := ruleByName(t, "input_qualifier")
	if !r.Applies(p.Type, p.FormatVersion, Build) || r.Applies(p.Type, p.FormatVersion, Source) {
		t.Fatal("input_qualifier must apply in build mode and not in source mode")
	}
}
