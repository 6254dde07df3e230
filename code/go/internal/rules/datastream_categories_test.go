package rules

import (
	"strings"
	"testing"
)

func TestPolicyTemplateDatastreamCategories(t *testing.T) {
	files := func(dsCats string) map[string]string {
		return map[string]string{
			"manifest.yml":                    "format_version: 3.6.0\nname: x\ntype: integration\nversion: 1.0.0\ncategories: [security, observability]\npolicy_templates:\n  - name: t\n    data_streams: [mylogs]\n    categories: [observability]\n",
			"data_stream/mylogs/manifest.yml": "title: L\ntype: logs\ncategories: " + dsCats + "\n",
		}
	}
	expectNone(t, runRule(t, "policy_template_datastream_categories", files("[observability, security]")))
	expectOne(t, runRule(t, "policy_template_datastream_categories", files("[security]")), "manifest.yml",
		`data stream "mylogs" (data_stream/mylogs/manifest.yml) lacks the category "observability" of policy template "t": it lists "security"`)
}

func TestDatastreamPackageCategories(t *testing.T) {
	files := func(pkgCats, dsCats string) map[string]string {
		return map[string]string{
			"manifest.yml":                    "format_version: 3.6.0\nname: x\ntype: integration\nversion: 1.0.0\ncategories: " + pkgCats + "\n",
			"data_stream/mylogs/manifest.yml": "title: L\ntype: logs\ncategories: " + dsCats + "\n",
		}
	}
	// A sub-category counts as its top-level category.
	expectNone(t, runRule(t, "datastream_package_categories", files("[security]", "[firewall]")))
	expectNone(t, runRule(t, "datastream_package_categories", files("[observability]", "[application_observability]")))
	expectOne(t, runRule(t, "datastream_package_categories", files("[observability]", "[security]")), "manifest.yml",
		`the package's categories lack "security", the top-level category of data stream "mylogs" (data_stream/mylogs/manifest.yml): it lists "observability"`)
	expectOne(t, runRule(t, "datastream_package_categories", files("[]", "[security, firewall, observability]")), "manifest.yml",
		`the package's categories lack "observability", "security", the top-level categories of data stream "mylogs" (data_stream/mylogs/manifest.yml): it lists none`)
	msgs := runRule(t, "datastream_package_categories", files("[observability]", "[nonsense]"))
	// An unrecognized category is reported, and not looked for in the package's categories.
	if len(msgs) != 1 || msgs[0] != `manifest.yml: data stream "mylogs" (data_stream/mylogs/manifest.yml) has unrecognized category "nonsense"` {
		t.Fatalf("got %q", msgs)
	}
	// Manifests that do not say they are integrations are not checked.
	untyped := files("[]", "[security]")
	untyped["manifest.yml"] = strings.Replace(untyped["manifest.yml"], "type: integration\n", "", 1)
	expectNone(t, runRule(t, "datastream_package_categories", untyped))
}
