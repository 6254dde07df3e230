package validator

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

const fixtures = "../../../../test/packages"

// Fixture packages and what they must give
//
// Every folder of test/packages is validated (legacy mode). NAME.errors.yml beside a fixture
// lists what it must give, one entry per problem: `file` (relative to the package root, "" for
// the package as a whole), optional `code`, `contains` (a substring of the message), optional
// `line` and `column` (exact when given), and optional `severity`: `warning` for a warning,
// `error` (the default, when the key is left out) for an error.
//
// The match is exact for both kinds, for every fixture: the package must give each listed
// error and each listed warning, and nothing else. A fixture without NAME.errors.yml must give
// no error and no warning. good_* fixtures must list no error (they may list warnings: a valid
// package can be warned about); every other fixture must list at least one error.

// expectedError is one entry of a fixture's NAME.errors.yml. Line and Column, when given,
// must match exactly (0 for a problem without a position).
type expectedError struct {
	File     string `yaml:"file"`
	Code     string `yaml:"code"`
	Contains string `yaml:"contains"`
	Line     *int   `yaml:"line"`
	Column   *int   `yaml:"column"`
	// Severity is "warning" for a warning; "" or "error" for an error.
	Severity string `yaml:"severity"`
}

func (x expectedError) matches(e specerrors.ValidationError) bool {
	return e.File == x.File && (x.Code == "" || e.Code == x.Code) && strings.Contains(e.Message, x.Contains) &&
		(x.Line == nil || e.Line == *x.Line) && (x.Column == nil || e.Column == *x.Column)
}

func (x expectedError) String() string {
	s := fmt.Sprintf("file %q code %q containing %q", x.File, x.Code, x.Contains)
	if x.Line != nil {
		s += fmt.Sprintf(" at line %d", *x.Line)
	}
	if x.Column != nil {
		s += fmt.Sprintf(" column %d", *x.Column)
	}
	return s
}

// readExpected reads NAME.errors.yml and splits its entries into errors and warnings. Unknown
// keys and severities are refused, so that a typo cannot silently turn an entry into an error.
func readExpected(t *testing.T, file string) (errs, warnings []expectedError) {
	t.Helper()
	data, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var all []expectedError
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&all); err != nil && err != io.EOF {
		t.Fatalf("%s: %v", file, err)
	}
	if len(all) == 0 {
		t.Fatalf("%s lists nothing", file)
	}
	for _, x := range all {
		switch x.Severity {
		case "", "error":
			errs = append(errs, x)
		case "warning":
			warnings = append(warnings, x)
		default:
			t.Fatalf("%s: severity %q of %s: want error or warning", file, x.Severity, x)
		}
	}
	return errs, warnings
}

// expectExactly checks that got holds each wanted problem of the given kind and nothing else.
func expectExactly(t *testing.T, kind string, want []expectedError, got specerrors.ValidationErrors) {
	t.Helper()
	used := make([]bool, len(got))
	for _, w := range want {
		found := false
		for i, e := range got {
			if !used[i] && w.matches(e) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("missing %s: %s", kind, w)
		}
	}
	for i, e := range got {
		if !used[i] {
			t.Errorf("unexpected %s: %s", kind, e.Error())
		}
	}
}

// TestFixturePackages validates every package of test/packages and compares its errors and
// warnings with NAME.errors.yml (see the rules at the top of this file).
func TestFixturePackages(t *testing.T) {
	entries, err := os.ReadDir(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		seen++
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res := ValidateDir(filepath.Join(fixtures, name), Options{})
			wantErrs, wantWarnings := readExpected(t, filepath.Join(fixtures, name+".errors.yml"))
			good := strings.HasPrefix(name, "good")
			switch {
			case good && len(wantErrs) > 0:
				t.Fatalf("good fixture %s lists errors in %s.errors.yml", name, name)
			case !good && len(wantErrs) == 0:
				t.Fatalf("bad fixture %s lists no error in %s.errors.yml", name, name)
			}
			expectExactly(t, "error", wantErrs, res.Errors)
			expectExactly(t, "warning", wantWarnings, res.Warnings)
		})
	}
	if seen == 0 {
		t.Fatal("no fixture package found")
	}
}
