package rules

import "testing"

func TestPrerelease(t *testing.T) {
	m := func(v string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: 2.0.0\nname: x\nversion: " + v + "\n"}
	}
	for _, ok := range []string{"1.0.0", "1.0.0-next", "1.0.0-SNAPSHOT", "1.0.0-beta", "1.0.0-beta1", "1.0.0-rc.2", "1.0.0-preview-3", "0.1.0"} {
		expectNone(t, runRule(t, "prerelease", m(ok)))
	}
	expectOne(t, runRule(t, "prerelease", m("1.0.0-alpha1")), "manifest.yml", `pre-release tag "alpha1"`)
	expectOne(t, runRule(t, "prerelease", m("0.1.0-beta1")), "manifest.yml", "technical previews")
}
