package validator

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFindPackages(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	write("aws/1.0.0/manifest.yml", "format_version: 1.0.0\nname: aws\n")
	write("aws/1.0.0/data_stream/x/manifest.yml", "title: x\n") // inside a package: not searched
	write("nginx/manifest.yml", "format_version: 3.0.0\nname: nginx\n")
	write("broken/data_stream/x/manifest.yml", "title: x\n") // no package manifest anywhere
	write("archives/pkg-1.0.0.zip", "PK")
	write("odd/manifest.yml", "name: odd\n") // a package, if a broken one
	write(".git/manifest.yml", "format_version: 1.0.0\n")
	write("notes/readme.md", "hello")

	got, err := FindPackages(dir)
	require.NoError(t, err)
	assert.Equal(t, []string{
		dir + "/archives/pkg-1.0.0.zip",
		dir + "/aws/1.0.0",
		dir + "/nginx",
		dir + "/odd",
	}, got)

	assert.True(t, IsPackageFolder(filepath.Join(dir, "nginx")))
	assert.False(t, IsPackageFolder(dir))

	_, err = FindPackages(filepath.Join(dir, "nope"))
	assert.Error(t, err)
}
