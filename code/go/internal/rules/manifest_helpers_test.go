package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/Masterminds/semver/v3"

	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
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

// checkRule runs a rule's check on the package built from files, whether it applies or not.
func checkRule(t *testing.T, rule string, files map[string]string) specerrors.ValidationErrors {
	t.Helper()
	return ruleByName(t, rule).Check(newPackage(t, files))
}

// expectOneAt asserts that errs holds exactly one problem, in file at line and column, whose
// message contains text.
func expectOneAt(t *testing.T, errs specerrors.ValidationErrors, file string, line, column int, text string) {
	t.Helper()
	if len(errs) != 1 || errs[0].File != file || errs[0].Line != line || errs[0].Column != column || !strings.Contains(errs[0].Message, text) {
		t.Fatalf("want one problem in %s:%d:%d containing %q, got %q", file, line, column, text, positioned(errs))
	}
}

// positioned lists "file:line:column: message" of each error.
func positioned(errs specerrors.ValidationErrors) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
	}
	return out
}

// expectNone asserts that msgs is empty.
func expectNone(t *testing.T, msgs []string) {
	t.Helper()
	if len(msgs) != 0 {
		t.Fatalf("want no problem, got %q", msgs)
	}
}

// runSelected runs the rule as the validator would: on the package built from files, only when
// the rule applies to its type and format_version (in legacy mode); nil when it does not apply.
func runSelected(t *testing.T, rule string, files map[string]string) []string {
	t.Helper()
	p := newPackage(t, files)
	if p.FormatVersion == nil {
		t.Fatal("the test package has no format_version")
	}
	r := ruleByName(t, rule)
	if !r.Applies(p.Type, p.FormatVersion, Legacy) {
		return nil
	}
	return messages(r.Check(p))
}

// expectPass asserts that the rule applies to the package built from files, in mode, and finds
// nothing in it.
func expectPass(t *testing.T, rule string, mode Mode, files map[string]string) {
	t.Helper()
	p := newPackage(t, files)
	r := ruleByName(t, rule)
	if p.FormatVersion == nil || !r.Applies(p.Type, p.FormatVersion, mode) {
		t.Fatalf("rule %s does not apply to this %s package in %s mode", rule, p.Type, mode)
	}
	if errs := r.Check(p); len(errs) != 0 {
		t.Fatalf("rule %s: want no problem, got %q", rule, messages(errs))
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
