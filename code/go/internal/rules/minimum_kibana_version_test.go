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
	expectOne(t, runRule(t, "minimum_kibana_version", m("1.2.0", "^8.4.0")), "", "^8.8.0 or greater for non experimental input packages")
	expectOne(t, runRule(t, "minimum_kibana_version", m("1.2.0", "^8.8.0 || ^7.14.0")), "", "^8.8.0 or greater")
}

func TestMinimumKibanaVersionRuntimeAndTags(t *testing.T) {
	files := func(fv, kibana string) map[string]string {
		return map[string]string{
			"manifest.yml":                    "format_version: " + fv + "\nname: x\nversion: 1.0.0\nconditions:\n  kibana.version: \"" + kibana + "\"\n",
			"data_stream/a/fields/fields.yml": "- name: a\n  type: group\n  fields:\n    - name: b\n      type: keyword\n      runtime: true\n",
		}
	}
	expectNone(t, runRule(t, "minimum_kibana_version", files("2.8.0", "^8.10.0")))
	expectOne(t, runRule(t, "minimum_kibana_version", files("2.8.0", "^8.6.2")), "", "^8.10.0 or greater to include runtime fields")

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
}
