package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/internal/pkgfs"
)

func TestPackageReferences(t *testing.T) {
	files := map[string]string{
		"manifest.yml": `format_version: 3.6.0
name: x
version: 1.0.0
requires:
  input:
    - package: filelog_otel
      version: "1.2.0"
    - package: sql_input
      version: "^1.0.0"
  content:
    - package: dashboards
      version: "^1.0.0"
policy_templates:
  - name: p
    inputs:
      - package: filelog_otel
      - package: dashboards
`,
		"data_stream/l/manifest.yml": "title: L\ntype: logs\nstreams:\n  - package: unknown\n",
	}
	msgs := runRule(t, "package_references", files)
	want := []string{
		`data_stream/l/manifest.yml: streams.0 references package "unknown" which is not listed in manifest requires section`,
		`manifest.yml: policy_templates.0.inputs.1 references package "dashboards" which is a content package, only input packages allowed`,
		`manifest.yml: field requires.input.1.version: version "^1.0.0" for package "sql_input" must be a valid semantic version, constraints are not allowed`,
	}
	if len(msgs) != len(want) {
		t.Fatalf("got %q", msgs)
	}
	for _, w := range want {
		found := false
		for _, m := range msgs {
			found = found || m == w
		}
		if !found {
			t.Errorf("missing %q in %q", w, msgs)
		}
	}
}

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
