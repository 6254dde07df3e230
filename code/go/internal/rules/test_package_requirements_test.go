package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/internal/pkgfs"
)

func TestTestPackageRequirements(t *testing.T) {
	root := t.TempDir()
	pkg := filepath.Join(root, "pkg")
	write := func(name, body string) {
		p := filepath.Join(pkg, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(root, "sibling"), 0o755); err != nil {
		t.Fatal(err)
	}
	write("manifest.yml", "format_version: 3.6.0\nname: x\nversion: 1.0.0\nrequires:\n  input:\n    - package: sql_input\n      version: \"2.0.0\"\n")
	write("_dev/test/config.yml", `system:
  requires:
    - package: sql_input
      version: "1.5.0"
    - source: ../sibling
policy:
  requires:
    - package: missing_package
      version: "1.0.0"
    - source: ../nowhere
`)
	fsys, err := pkgfs.Dir(pkg, pkgfs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := packages.Open(fsys)
	if err != nil {
		t.Fatal(err)
	}
	msgs := messages(ruleByName(t, "test_package_requirements").Check(p))
	want := []string{
		`_dev/test/config.yml: system.requires[0] package "sql_input" version "1.5.0" does not satisfy constraint "2.0.0"`,
		`_dev/test/config.yml: policy.requires[0] references package "missing_package" which is not listed in manifest requires section`,
		`_dev/test/config.yml: source path to required package "../nowhere" does not exist`,
	}
	if len(msgs) != len(want) {
		t.Fatalf("got %q", msgs)
	}
	for i := range want {
		if msgs[i] != want[i] {
			t.Errorf("problem %d: got %q, want %q", i, msgs[i], want[i])
		}
	}
}

func TestTestPackageRequirementsMet(t *testing.T) {
	root := t.TempDir()
	pkg := filepath.Join(root, "pkg")
	for name, body := range map[string]string{
		"manifest.yml":            "format_version: 3.6.0\nname: x\nversion: 1.0.0\nrequires:\n  input:\n    - package: sql_input\n      version: \"^2.0.0\"\n",
		"_dev/test/config.yml":    "system:\n  requires:\n    - package: sql_input\n      version: \"2.1.0\"\n    - source: ../sibling\n",
		"../sibling/manifest.yml": "name: sibling\n",
	} {
		p := filepath.Join(pkg, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fsys, err := pkgfs.Dir(pkg, pkgfs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := packages.Open(fsys)
	if err != nil {
		t.Fatal(err)
	}
	expectNone(t, messages(ruleByName(t, "test_package_requirements").Check(p)))
	// Without a test configuration there is nothing to check.
	expectNone(t, runSelected(t, "test_package_requirements", map[string]string{"manifest.yml": "format_version: 3.6.0\nname: x\nversion: 1.0.0\n"}))
}

func TestTestPackageRequirementsInvalid(t *testing.T) {
	msgs := runRule(t, "test_package_requirements", map[string]string{
		"manifest.yml": "format_version: 3.6.0\nname: x\nversion: 1.0.0\nrequires:\n  input:\n" +
			"    - package: a\n      version: \"one or two\"\n    - package: b\n      version: \"^1.0.0\"\n",
		"_dev/test/config.yml": "system:\n  requires:\n    - package: a\n      version: \"1.0.0\"\n    - package: b\n      version: \"x.y\"\n",
	})
	want := []string{
		`_dev/test/config.yml: system.requires[0] package "a" has invalid constraint in manifest: "one or two" is not a version constraint such as "^1.2.0"`,
		`_dev/test/config.yml: system.requires[1] has invalid version "x.y": it is not a semantic version such as "1.2.3"`,
	}
	if len(msgs) != len(want) || msgs[0] != want[0] || msgs[1] != want[1] {
		t.Fatalf("got %q, want %q", msgs, want)
	}
}

// The rule applies from spec 3.6.0 to integrations, in the legacy and source modes.
func TestTestPackageRequirementsScope(t *testing.T) {
	files := func(version, typ string) map[string]string {
		return map[string]string{
			"manifest.yml":         "format_version: " + version + "\nname: x\ntype: " + typ + "\nversion: 1.0.0\n",
			"_dev/test/config.yml": "system:\n  requires:\n    - package: a\n      version: \"1.0.0\"\n",
		}
	}
	expectNone(t, runSelected(t, "test_package_requirements", files("3.5.0", "integration")))
	expectNone(t, runSelected(t, "test_package_requirements", files("3.6.0", "input")))
	expectOne(t, runSelected(t, "test_package_requirements", files("3.6.0", "integration")), "_dev/test/config.yml",
		`system.requires[0] references package "a" which is not listed in manifest requires section`)
	p := newPackage(t, files("3.6.0", "integration"))
	r := ruleByName(t, "test_package_requirements")
	if !r.Applies(p.Type, p.FormatVersion, Source) || r.Applies(p.Type, p.FormatVersion, Build) {
		t.Fatal("test_package_requirements must apply in source mode and not in build mode")
	}
}
