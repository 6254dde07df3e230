package rules

import "testing"

func TestChangelogLinks(t *testing.T) {
	m := "format_version: 2.0.0\nname: x\nversion: 1.0.0\n"
	cl := func(link string) map[string]string {
		return map[string]string{"manifest.yml": m, "changelog.yml": "- version: 1.0.0\n  changes:\n    - description: d\n      type: bugfix\n      link: " + link + "\n"}
	}
	expectNone(t, runRule(t, "changelog_links", cl("https://github.com/elastic/integrations/pull/12")))
	expectNone(t, runRule(t, "changelog_links", cl("https://example.com/not/a/number")))
	expectOne(t, runRule(t, "changelog_links", cl("https://github.com/elastic/integrations/pull/0")), "", "issue number in changelog link should be a positive number")
	expectOne(t, runRule(t, "changelog_links", cl("https://github.com/elastic/integrations/pull/")), "", "positive number")
	// A link ending in a newline is not a valid URL.
	expectOne(t, runRule(t, "changelog_links", cl(`"https://github.com/elastic/integrations/pull/3\n"`)), "", "invalid URL")
}
