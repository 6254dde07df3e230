package rules

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestChangelogLinks(t *testing.T) {
	m := "format_version: 2.0.0\nname: x\nversion: 1.0.0\n"
	cl := func(link string) map[string]string {
		return map[string]string{"manifest.yml": m, "changelog.yml": "- version: 1.0.0\n  changes:\n    - description: d\n      type: bugfix\n      link: " + link + "\n"}
	}
	expectNone(t, runRule(t, "changelog_links", cl("https://github.com/elastic/integrations/pull/12")))
	expectNone(t, runRule(t, "changelog_links", cl("https://example.com/not/a/number")))
	// The errors are placed at the link.
	expectOneAt(t, checkRule(t, "changelog_links", cl("https://github.com/elastic/integrations/pull/0")), "changelog.yml", 5, 13,
		`changelog link "https://github.com/elastic/integrations/pull/0" does not end with an issue or pull request number: the issue number in a GitHub link should be a positive number`)
	expectOne(t, runRule(t, "changelog_links", cl("https://github.com/elastic/integrations/pull/")), "changelog.yml", "should be a positive number")
	// A link ending in a newline is not a valid URL; the message says why without Go's words.
	expectOneAt(t, checkRule(t, "changelog_links", cl(`"https://github.com/elastic/integrations/pull/3\n"`)), "changelog.yml", 5, 13,
		`changelog link "https://github.com/elastic/integrations/pull/3\n" is not a valid URL: it contains a line break`)
	msgs := runRule(t, "changelog_links", cl(`"https://github.com/elastic/integrations/pull/3\n"`))
	assert.NotContains(t, msgs[0], "net/url")
	expectOne(t, runRule(t, "changelog_links", cl(`"https://example.com/\u0001"`)), "changelog.yml", "is not a valid URL: it contains a control character")
	expectOne(t, runRule(t, "changelog_links", cl(`"https://example.com/%zz"`)), "changelog.yml", `is not a valid URL: the percent escape "%zz" is not valid there`)
	expectOne(t, runRule(t, "changelog_links", cl(`"://example.com/1"`)), "changelog.yml", "is not a valid URL: it has no scheme (such as https) before the colon")
	expectOne(t, runRule(t, "changelog_links", cl(`"https://example.com:port/1"`)), "changelog.yml", "is not a valid URL: its port is not a number")
	expectOne(t, runRule(t, "changelog_links", cl(`" https://example.com/1"`)), "changelog.yml", "is not a valid URL: it starts with a space")
}

func TestChangelogLinksFlowStyle(t *testing.T) {
	// Flow-style entries are located too: the bad link of the second entry, at its opening quote.
	errs := ruleByName(t, "changelog_links").Check(newPackage(t, map[string]string{
		"manifest.yml":  "format_version: 2.0.0\nname: x\nversion: 1.0.1\n",
		"changelog.yml": "- version: 1.0.1\n  changes: [{description: d, type: bugfix, link: 'https://github.com/a/b/pull/2'}]\n- version: 1.0.0\n  changes: [{description: d, type: bugfix, link: 'https://github.com/a/b/pull/x'}]\n",
	}))
	require.Len(t, errs, 1)
	assert.Equal(t, "changelog.yml:4:50", fmt.Sprintf("%s:%d:%d", errs[0].File, errs[0].Line, errs[0].Column))
}
