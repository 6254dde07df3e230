package rules

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/internal/pkgfs"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// newPackage builds an in-memory package from file contents; the manifest is required.
func newPackage(t *testing.T, files map[string]string) *packages.Package {
	t.Helper()
	m := fstest.MapFS{}
	for name, body := range files {
		m[name] = &fstest.MapFile{Data: []byte(strings.TrimLeft(body, "\n"))}
	}
	p, err := packages.Open(pkgfs.FromFS(m, "test"))
	if err != nil {
		t.Fatalf("opening test package: %v", err)
	}
	return p
}

// ruleByName returns the registered rule with this name.
func ruleByName(t *testing.T, name string) *Rule {
	t.Helper()
	for _, r := range All() {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no rule named %q", name)
	return nil
}

// messages lists "file: message" of each error, for compact assertions.
func messages(errs specerrors.ValidationErrors) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = e.File + ": " + e.Message
	}
	return out
}
