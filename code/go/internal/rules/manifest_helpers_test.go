package rules

import (
	"strings"
	"testing"

	"github.com/Masterminds/semver/v3"
)

// runRule builds a package from files and returns "file: message" of each problem the rule finds.
func runRule(t *testing.T, rule string, files map[string]string) []string {
	t.Helper()
	return messages(ruleByName(t, rule).Check(newPackage(t, files)))
}

// expectOne asserts that msgs holds exactly one problem, in file, containing text.
func expectOne(t *testing.T, msgs []string, file, text string) {
	t.Helper()
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0], file+": ") || !strings.Contains(msgs[0], text) {
		t.Fatalf("want one problem in %q containing %q, got %q", file, text, msgs)
	}
}

// expectNone asserts that msgs is empty.
func expectNone(t *testing.T, msgs []string) {
	t.Helper()
	if len(msgs) != 0 {
		t.Fatalf("want no problem, got %q", msgs)
	}
}

// appliesTo tells whether a rule applies to a package type and format version in legacy mode.
func appliesTo(t *testing.T, rule, pkgType, version string) bool {
	t.Helper()
	return ruleByName(t, rule).Applies(pkgType, semver.MustParse(version), Legacy)
}

func TestFieldSkipsEmptyParts(t *testing.T) {
	if got := field("", "a", 0, "b"); got != "a.0.b" {
		t.Fatalf("field: got %q", got)
	}
}
