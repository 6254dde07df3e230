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
		"changelog.yml": "- version: 1.1.0\n"}), "",
		"current manifest version doesn't have changelog entry: version 1.2.0 of manifest.yml is not the first entry of changelog.yml (1.1.0 at line 1, column 12)")
	expectOne(t, runRule(t, "version_integrity", map[string]string{"manifest.yml": manifest,
		"changelog.yml": "- version: 1.2.0\n- version: 1.2.0\n"}), "",
		"versions in changelog.yml must be unique, 1.2.0 is listed more than once (changelog.yml, line 1, column 12; changelog.yml, line 2, column 12)")
	expectOne(t, runRule(t, "version_integrity", map[string]string{"manifest.yml": manifest,
		"changelog.yml": "- version: 1.2.0\n- version: 1.4.0\n"}), "",
		"changelog entry 1.4.0 (changelog.yml, line 2, column 12) is greater than or equal to first changelog entry: 1.2.0")
	expectOne(t, runRule(t, "version_integrity", map[string]string{"manifest.yml": manifest,
		"changelog.yml": "- version: 1.2.0\n- version: one\n"}), "", `version "one" (changelog.yml, line 2, column 12) is not a semantic version`)
	expectOne(t, runRule(t, "version_integrity", map[string]string{"manifest.yml": "format_version: 3.0.0\nname: x\n",
		"changelog.yml": "- version: 1.2.0\n"}), "", "package version undefined")
	// Odd shapes are left to the schema.
	expectNone(t, runRule(t, "version_integrity", map[string]string{"manifest.yml": manifest, "changelog.yml": "foo: bar\n"}))
}
