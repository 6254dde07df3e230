package pkgfs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Files reached through a folder's own root behave as through the package root: links to
// another folder of the package are followed, links out of the package are refused.
func TestFolderRootsKeepThePackageBoundary(t *testing.T) {
	outside := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(outside, "secret.yml"), []byte("secret"), 0o644))
	dir := t.TempDir()
	write := func(name, data string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(data), 0o644))
	}
	write("data_stream/b/fields/base.yml", "- name: b\n")
	write("data_stream/a/fields/own.yml", "- name: a\n")
	require.NoError(t, os.Symlink("../../b/fields/base.yml", filepath.Join(dir, "data_stream/a/fields/base.yml")))
	require.NoError(t, os.Symlink(filepath.Join(outside, "secret.yml"), filepath.Join(dir, "data_stream/a/fields/secret.yml")))

	fsys, err := Dir(dir, Options{})
	require.NoError(t, err)
	defer fsys.Close()

	entries, err := fsys.ReadDir("data_stream/a/fields")
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"base.yml", "own.yml", "secret.yml"}, names)

	data, err := fsys.ReadFile("data_stream/a/fields/own.yml")
	require.NoError(t, err)
	assert.Equal(t, "- name: a\n", string(data))

	data, err = fsys.ReadFile("data_stream/a/fields/base.yml")
	require.NoError(t, err, "a link to another folder of the package is followed")
	assert.Equal(t, "- name: b\n", string(data))
	info, err := fsys.Stat("data_stream/a/fields/base.yml")
	require.NoError(t, err)
	assert.True(t, info.Mode().IsRegular())

	_, err = fsys.ReadFile("data_stream/a/fields/secret.yml")
	assert.True(t, errors.Is(err, ErrOutside), "got %v", err)
	_, err = fsys.Stat("data_stream/a/fields/secret.yml")
	assert.True(t, errors.Is(err, ErrOutside), "got %v", err)
	_, err = fsys.Stat("data_stream/a/fields/none.yml")
	assert.True(t, errors.Is(err, fs.ErrNotExist), "got %v", err)
}
