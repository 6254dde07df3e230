package pkgfs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReasonAndLoops(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "manifest.yml"), []byte("name: x\n"), 0o644))
	require.NoError(t, os.Symlink("self.yml", filepath.Join(dir, "self.yml")))
	require.NoError(t, os.Symlink("b.yml", filepath.Join(dir, "a.yml")))
	require.NoError(t, os.Symlink("a.yml", filepath.Join(dir, "b.yml")))
	require.NoError(t, os.Symlink("nowhere.yml", filepath.Join(dir, "dangling.yml")))
	fsys, err := Dir(dir, Options{})
	require.NoError(t, err)
	defer fsys.Close()
	for _, name := range []string{"self.yml", "a.yml"} {
		_, err := fs.Stat(fsys, name)
		require.Error(t, err)
		assert.ErrorIs(t, err, ErrLoop, "a loop is called a loop, not a link leaving the package")
		assert.Equal(t, "symbolic links form a loop", Reason(err))
		_, err = fs.ReadFile(fsys, name)
		assert.Equal(t, "symbolic links form a loop", Reason(err))
	}
	_, err = fs.Stat(fsys, "dangling.yml")
	assert.Equal(t, "it does not exist, or is a link to nothing", Reason(err))
	assert.NotContains(t, Reason(err), "stat")

	wrapped := fmt.Errorf("linked file x.yml: %w", &fs.PathError{Op: "open", Path: "x.yml", Err: fs.ErrNotExist})
	assert.Equal(t, wrapped.Error(), Reason(wrapped), "an error that says more than its cause is kept whole")
	assert.Equal(t, "boom", Reason(errors.New("boom")))
}
