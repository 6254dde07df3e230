// Package testpkgs copies the project's test packages (test/packages) for tests that need
// them as files: in a registry's NAME/VERSION layout, with another version.
package testpkgs

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
)

// manifestVersion finds the version line of a manifest.
var manifestVersion = regexp.MustCompile(`(?m)^version: *["']?([^"'\s]+)["']?\s*$`)

// Version is the version the manifest of the package folder src declares.
func Version(src string) (string, error) {
	m, err := os.ReadFile(filepath.Join(src, "manifest.yml"))
	if err != nil {
		return "", err
	}
	v := manifestVersion.FindSubmatch(m)
	if v == nil {
		return "", fmt.Errorf("%s: no version line", filepath.Join(src, "manifest.yml"))
	}
	return string(v[1]), nil
}

// Copy copies the package folder src to dst, with the manifest's version set to version.
func Copy(src, dst, version string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		out := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(out, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if rel == "manifest.yml" {
			b = manifestVersion.ReplaceAll(b, []byte("version: "+version))
		}
		return os.WriteFile(out, b, 0o644)
	})
}
