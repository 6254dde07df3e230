package rules

import "testing"

func TestVersionIntegrity(t *testing.T) {
	manifest := "format_version: 3.0.0\nname: x\nversion: 1.2.0\n"
	expectNone(t, runRule(t, "version_integrity", map[string]string{"manifest.yml": manifest,
		"changelog.yml": "- version: 1.2.0\n- version: 1.1.0\n"}))
	// A coming -next entry may sit above the manifest version.
	expectNone(t, runRule(t, "version_integrity", map[string]string{"manifest.yml": manifest,
		"changelog.yml": "- version: 1.3.0-next\n- version: 1.2.0\n"}))
	// Each error is placed at the version concerned in changelog.yml.
	expectOneAt(t, checkRule(t, "version_integrity", map[string]string{"manifest.yml": manifest,
		"changelog.yml": "- version: 1.1.0\n"}), "changelog.yml", 1, 12,
		"current manifest version doesn't have changelog entry: version 1.2.0 of manifest.yml is not the first entry of changelog.yml (1.1.0)")
	expectOneAt(t, checkRule(t, "version_integrity", map[string]string{"manifest.yml": manifest,
		"changelog.yml": "- version: 1.2.0\n- version: 1.2.0\n"}), "changelog.yml", 2, 12,
		"versions in changelog.yml must be unique, 1.2.0 is listed more than once (first as entry 1)")
	expectOneAt(t, checkRule(t, "version_integrity", map[string]string{"manifest.yml": manifest,
		"changelog.yml": "- version: 1.2.0\n- version: 1.4.0\n"}), "changelog.yml", 2, 12,
		"changelog entry 1.4.0 is greater than or equal to first changelog entry: 1.2.0")
	expectOneAt(t, checkRule(t, "version_integrity", map[string]string{"manifest.yml": manifest,
		"changelog.yml": "- version: 1.2.0\n- version: one\n"}), "changelog.yml", 2, 12, `version "one" is not a semantic version`)
	expectOne(t, runRule(t, "version_integrity", map[string]string{"manifest.yml": "format_version: 3.0.0\nname: x\n",
		"changelog.yml": "- version: 1.2.0\n"}), "manifest.yml", "package version undefined")
	// Odd shapes are left to the schema.
	expectNone(t, runRule(t, "version_integrity", map[string]string{"manifest.yml": manifest, "changelog.yml": "foo: bar\n"}))
}
