package rules

import (
	"testing"

	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

func TestMinimumKibanaVersionInputPackages(t *testing.T) {
	m := func(version, kibana string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: 3.0.0\nname: x\ntype: input\nversion: " + version +
			"\nconditions:\n  kibana:\n    version: \"" + kibana + "\"\n"}
	}
	expectNone(t, runRule(t, "minimum_kibana_version", m("1.0.0", "^8.8.0")))
	expectNone(t, runRule(t, "minimum_kibana_version", m("0.9.0", "^8.4.0")))
	// Placed at the condition in manifest.yml.
	expectOneAt(t, checkRule(t, "minimum_kibana_version", m("1.2.0", "^8.4.0")), "manifest.yml", 7, 14, "^8.8.0 or greater for non experimental input packages")
	expectOne(t, runRule(t, "minimum_kibana_version", m("1.2.0", "^8.8.0 || ^7.14.0")), "manifest.yml", "^8.8.0 or greater")
	// Without a condition, at the closest place: here the manifest's start.
	expectOneAt(t, checkRule(t, "minimum_kibana_version", map[string]string{"manifest.yml": "format_version: 3.0.0\nname: x\ntype: input\nversion: 1.2.0\n"}),
		"manifest.yml", 1, 1, "^8.8.0 or greater")
}

func TestMinimumKibanaVersionRuntimeAndTags(t *testing.T) {
	files := func(fv, kibana string) map[string]string {
		return map[string]string{
			"manifest.yml":                    "format_version: " + fv + "\nname: x\nversion: 1.0.0\nconditions:\n  kibana.version: \"" + kibana + "\"\n",
			"data_stream/a/fields/fields.yml": "- name: a\n  type: group\n  fields:\n    - name: b\n      type: keyword\n      runtime: true\n",
		}
	}
	expectNone(t, runRule(t, "minimum_kibana_version", files("2.8.0", "^8.10.0")))
	expectOneAt(t, checkRule(t, "minimum_kibana_version", files("2.8.0", "^8.6.2")), "manifest.yml", 5, 19, "^8.10.0 or greater to include runtime fields")
	// Runtime fields count in transforms too, and are read as the reference reads them: a
	// script, a mapping or a number other than 0 and 1 make one; false, "false", 0 and null not.
	runtime := func(value string) map[string]string {
		return map[string]string{
			"manifest.yml": "format_version: 3.0.0\nname: x\nversion: 1.0.0\n",
			"elasticsearch/transform/t/fields/fields.yml": "- name: b\n  type: keyword\n  runtime: " + value + "\n",
		}
	}
	for _, on := range []string{"true", "\"emit(1)\"", "{script: x}", "2", "1", "''", "yes"} {
		expectOne(t, runRule(t, "minimum_kibana_version", runtime(on)), "manifest.yml", "to include runtime fields (found in elasticsearch/transform/t/fields/fields.yml)")
	}
	for _, off := range []string{"false", "\"false\"", "0", "null", "F"} {
		expectNone(t, runRule(t, "minimum_kibana_version", runtime(off)))
	}

	tags := func(fv string) specerrors.ValidationErrors {
		return ruleByName(t, "minimum_kibana_version").Check(newPackage(t, map[string]string{
			"manifest.yml":    "format_version: " + fv + "\nname: x\nversion: 1.0.0\nconditions:\n  kibana.version: \"^8.8.1\"\n",
			"kibana/tags.yml": "- text: foo\n",
		}))
	}
	// Before 3.0.0 the tags check only warns.
	if errs := tags("2.10.0"); len(errs) != 1 || errs[0].Severity != specerrors.Warning || errs[0].Code != "SVR00005" {
		t.Fatalf("want one SVR00005 warning, got %+v", errs)
	}
	if errs := tags("3.0.0"); len(errs) != 1 || errs[0].Severity != specerrors.Error || errs[0].Code != "SVR00005" {
		t.Fatalf("want one SVR00005 error, got %+v", errs)
	}
	// Input packages are not checked for tags, as in the reference.
	expectNone(t, runRule(t, "minimum_kibana_version", map[string]string{
		"manifest.yml":    "format_version: 3.0.0\nname: x\ntype: input\nversion: 0.1.0\n",
		"kibana/tags.yml": "- text: foo\n",
	}))
}
