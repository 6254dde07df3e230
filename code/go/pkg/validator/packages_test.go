package validator

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

const fixtures = "../../../../test/packages"

// expectedError is one entry of a bad fixture's NAME.errors.yml. Line and Column, when given,
// must match exactly (0 for an error without a position).
type expectedError struct {
	File     string `yaml:"file"`
	Code     string `yaml:"code"`
	Contains string `yaml:"contains"`
	Line     *int   `yaml:"line"`
	Column   *int   `yaml:"column"`
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

// TestFixturePackages validates every package of test/packages: good_* ones must be valid with
// no error, the others must give exactly the errors listed in NAME.errors.yml beside them.
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
			expFile := filepath.Join(fixtures, name+".errors.yml")
			data, err := os.ReadFile(expFile)
			if os.IsNotExist(err) {
				if !strings.HasPrefix(name, "good") {
					t.Fatalf("bad fixture %s has no %s.errors.yml", name, name)
				}
				for _, e := range res.Errors {
					t.Errorf("unexpected error: %s", e.Error())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var want []expectedError
			if err := yaml.Unmarshal(data, &want); err != nil {
				t.Fatalf("%s: %v", expFile, err)
			}
			if len(want) == 0 {
				t.Fatalf("%s lists no error", expFile)
			}
			used := make([]bool, len(res.Errors))
			for _, w := range want {
				found := false
				for i, e := range res.Errors {
					if !used[i] && w.matches(e) {
						used[i], found = true, true
						break
					}
				}
				if !found {
					t.Errorf("missing error: %s", w)
				}
			}
			for i, e := range res.Errors {
				if !used[i] {
					t.Errorf("unexpected error: %s", e.Error())
				}
			}
		})
	}
	if seen == 0 {
		t.Fatal("no fixture package found")
	}
}
