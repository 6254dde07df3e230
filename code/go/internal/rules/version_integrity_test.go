package rules

import "testing"

func TestVersionIntegrity(t *testing.T) {
	manifest := "format_version: 3.0.0\nname: x\nversion: 1.2.0\n"
	expectNone(t, runRule(t, "version_integrity", map[string]string{"manifest.yml": manifest,
		"changelog.yml": "- version: 1.2.0\n- version: 1.1.0\n"}))
	// A coming -next entry may sit above the manifest version.
	expectNone(t, runRule(t, "version_integrity", map[string]string{"manifest.yml": manifest,
		"changelog.yml": "- version: 1.3.0-next\n- version: 1.2.0\n"}))
	expectOne(t, runRule(t, "version_integrity", map[string]string{"manifest.yml": manifest,
		"changelog.yml": "- version: 1.1.0\n"}), "", "current manifest version doesn't have changelog entry")
	expectOne(t, runRule(t, "version_integrity", map[string]string{"manifest.yml": manifest,
		"changelog.yml": "- version: 1.2.0\n- version: 1.2.0\n"}), "", "must be unique")
	expectOne(t, runRule(t, "version_integrity", map[string]string{"manifest.yml": manifest,
		"changelog.yml": "- version: 1.2.0\n- version: 1.4.0\n"}), "", "greater than or equal to first changelog entry")
	expectOne(t, runRule(t, "version_integrity", map[string]string{"manifest.yml": "format_version: 3.0.0\nname: x\n",
		"changelog.yml": "- version: 1.2.0\n"}), "", "package version undefined")
	// Odd shapes are left to the schema.
	expectNone(t, runRule(t, "version_integrity", map[string]string{"manifest.yml": manifest, "changelog.yml": "foo: bar\n"}))
}
