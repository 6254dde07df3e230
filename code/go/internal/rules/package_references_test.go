package rules

import "testing"

func TestPackageReferences(t *testing.T) {
	files := map[string]string{
		"manifest.yml": `format_version: 3.6.0
name: x
version: 1.0.0
requires:
  input:
    - package: filelog_otel
      version: "1.2.0"
    - package: sql_input
      version: "^1.0.0"
  content:
    - package: dashboards
      version: "^1.0.0"
policy_templates:
  - name: p
    inputs:
      - package: filelog_otel
      - package: dashboards
`,
		"data_stream/l/manifest.yml": "title: L\ntype: logs\nstreams:\n  - package: unknown\n",
	}
	msgs := runRule(t, "package_references", files)
	want := []string{
		`data_stream/l/manifest.yml: streams.0 references package "unknown" which is not listed in manifest requires section`,
		`manifest.yml: policy_templates.0.inputs.1 references package "dashboards" which is a content package, only input packages allowed`,
		`manifest.yml: field requires.input.1.version: version "^1.0.0" for package "sql_input" must be a valid semantic version, constraints are not allowed`,
	}
	if len(msgs) != len(want) {
		t.Fatalf("got %q", msgs)
	}
	for _, w := range want {
		found := false
		for _, m := range msgs {
			found = found || m == w
		}
		if !found {
			t.Errorf("missing %q in %q", w, msgs)
		}
	}
}

func TestPackageReferencesPass(t *testing.T) {
	expectPass(t, "package_references", Legacy, map[string]string{
		"manifest.yml": `format_version: 3.6.0
name: x
version: 1.0.0
requires:
  input:
    - package: filelog_otel
      version: "1.2.0"
policy_templates:
  - name: p
    inputs:
      - package: filelog_otel
`,
		"data_stream/l/manifest.yml": "title: L\ntype: logs\nstreams:\n  - package: filelog_otel\n",
	})
}

// The rule applies from spec 3.6.0.
func TestPackageReferencesSince(t *testing.T) {
	files := func(version string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: " + version + "\nname: x\ntype: integration\nversion: 1.0.0\n" +
			"policy_templates:\n  - name: p\n    inputs:\n      - package: missing\n"}
	}
	expectNone(t, runSelected(t, "package_references", files("3.5.7")))
	expectOne(t, runSelected(t, "package_references", files("3.6.0")), "manifest.yml", `references package "missing" which is not listed in requires section`)
}
