package registry

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/internal/testpkgs"
)

// fixtureDir is the project's folder of test packages.
const fixtureDir = "../../../test/packages"

// copyFixture copies the test package name into root/NAME/VERSION, with the manifest's version
// replaced by version unless it is empty, and returns the folder.
func copyFixture(tb testing.TB, root, name, version string) string {
	tb.Helper()
	src := filepath.Join(fixtureDir, name)
	if version == "" {
		v, err := testpkgs.Version(src)
		require.NoError(tb, err)
		version = v
	}
	dst := filepath.Join(root, name, version)
	require.NoError(tb, testpkgs.Copy(src, dst, version))
	return dst
}

// docOf is the document of p, which must exist and decode.
func docOf(tb testing.TB, p *Package) *Document {
	tb.Helper()
	require.NotNil(tb, p)
	d, err := p.Document()
	require.NoError(tb, err)
	return d
}
