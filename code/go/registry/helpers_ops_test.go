package registry

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// fixtureDir is the project's folder of test packages.
const fixtureDir = "../../../test/packages"

var manifestVersion = regexp.MustCompile(`(?m)^version: *["']?([^"'\s]+)["']?\s*$`)

// copyFixture copies the test package name into root/NAME/VERSION, with the manifest's version
// replaced by version unless it is empty, and returns the folder.
func copyFixture(tb testing.TB, root, name, version string) string {
	tb.Helper()
	src := filepath.Join(fixtureDir, name)
	m, err := os.ReadFile(filepath.Join(src, "manifest.yml"))
	require.NoError(tb, err)
	if version == "" {
		version = string(manifestVersion.FindSubmatch(m)[1])
	}
	dst := filepath.Join(root, name, version)
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
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
	require.NoError(tb, err)
	return dst
}
