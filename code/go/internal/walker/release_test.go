package walker

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/Masterminds/semver/v3"

	"github.com/pkgspec/pkgspec/code/go/internal/loader"
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/internal/pkgfs"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

func openPackage(t *testing.T, typ, formatVersion, version string, extra ...string) *packages.Package {
	t.Helper()
	m := fstest.MapFS{"manifest.yml": &fstest.MapFile{Data: []byte(
		"format_version: " + formatVersion + "\nname: beta_test\ntype: " + typ + "\nversion: " + version + "\n")}}
	for _, f := range extra {
		m[f] = &fstest.MapFile{Data: []byte("x\n")}
	}
	p, err := packages.Open(pkgfs.FromFS(m, "test"))
	if err != nil {
		t.Fatalf("opening package: %v", err)
	}
	return p
}

// betaProblems keeps the problems about beta features of the spec.
func betaProblems(errs specerrors.ValidationErrors) specerrors.ValidationErrors {
	var out specerrors.ValidationErrors
	for _, e := range errs {
		if strings.Contains(e.Message, "beta features") || strings.Contains(e.Message, "release level") {
			out = append(out, e)
		}
	}
	return out
}

func TestReleaseBetaInContentSpec(t *testing.T) {
	cases := []struct {
		spec, version string
		want          string // message part; empty: no problem
		code          string
	}{
		// Content packages were beta in 3.3.0 only.
		{"3.3.0", "1.0.0", "a package with a stable version (1.0.0) cannot enable", ""},
		{"3.3.0", "0.1.0", "this pre-release package (0.1.0) cannot be released as stable", "PSR00002"},
		{"3.3.0", "1.2.0-beta1", "this pre-release package (1.2.0-beta1) cannot be released as stable", "PSR00002"},
		{"3.3.1", "1.0.0", "", ""},
		{"3.3.1", "0.1.0", "", ""},
	}
	for _, c := range cases {
		spec, err := loader.Load("content", semver.MustParse(c.spec))
		if err != nil {
			t.Fatal(err)
		}
		got := betaProblems(walk(openPackage(t, "content", c.spec, c.version), spec.Root))
		if c.want == "" {
			if len(got) != 0 {
				t.Errorf("spec %s, version %s: want no problem, got %v", c.spec, c.version, got)
			}
			continue
		}
		if len(got) != 1 || got[0].File != "" || got[0].Code != c.code || got[0].Severity != specerrors.Error ||
			!strings.Contains(got[0].Message, c.want) || !strings.Contains(got[0].Message, "[(package root)]") {
			t.Errorf("spec %s, version %s: want one error (code %q) on the package containing %q, got %+v", c.spec, c.version, c.code, c.want, got)
		}
	}
}

func TestReleaseBetaBeforeSpec3IsAWarning(t *testing.T) {
	root := &loader.Item{Type: loader.TypeFolder, AdditionalContents: true, Contents: []*loader.Item{
		{Type: loader.TypeFolder, Name: "preview", Release: "beta", AdditionalContents: true},
	}}
	// Without the folder, nothing is enabled.
	if got := betaProblems(walk(openPackage(t, "integration", "2.5.0", "0.1.0"), root)); len(got) != 0 {
		t.Fatalf("want no problem without the beta folder, got %+v", got)
	}
	got := betaProblems(walk(openPackage(t, "integration", "2.5.0", "0.1.0", "preview/a.txt"), root))
	if len(got) != 1 || got[0].File != "preview" || got[0].Code != "PSR00002" || got[0].Severity != specerrors.Warning {
		t.Fatalf("want one PSR00002 warning on preview, got %+v", got)
	}
	got = betaProblems(walk(openPackage(t, "integration", "3.0.0", "0.1.0", "preview/a.txt"), root))
	if len(got) != 1 || got[0].File != "preview" || got[0].Code != "PSR00002" || got[0].Severity != specerrors.Error {
		t.Fatalf("want one PSR00002 error on preview from spec 3.0.0, got %+v", got)
	}
	got = betaProblems(walk(openPackage(t, "integration", "2.5.0", "2.0.0", "preview/a.txt"), root))
	if len(got) != 1 || got[0].File != "preview" || got[0].Code != "" || got[0].Severity != specerrors.Error ||
		!strings.Contains(got[0].Message, "folder [preview]") {
		t.Fatalf("want one error without code on preview for a GA package, got %+v", got)
	}
}

func TestReleaseUnknownLevel(t *testing.T) {
	root := &loader.Item{Type: loader.TypeFolder, AdditionalContents: true, Release: "alpha"}
	got := betaProblems(walk(openPackage(t, "integration", "3.0.0", "0.1.0"), root))
	if len(got) != 1 || !strings.Contains(got[0].Message, `release level "alpha"`) {
		t.Fatalf("want one error about the release level, got %+v", got)
	}
	root.Release = "ga"
	if got := betaProblems(walk(openPackage(t, "integration", "3.0.0", "1.0.0"), root)); len(got) != 0 {
		t.Fatalf("want no problem for release ga, got %+v", got)
	}
}
