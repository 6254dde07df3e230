package testpkgs

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCopySetsTheVersion(t *testing.T) {
	src := filepath.Join("..", "..", "..", "..", "test", "packages", "good_input")
	v, err := Version(src)
	require.NoError(t, err)
	dst := filepath.Join(t.TempDir(), "good_input", "9.9.9")
	require.NoError(t, Copy(src, dst, "9.9.9"))
	got, err := Version(dst)
	require.NoError(t, err)
	assert.Equal(t, "9.9.9", got)
	assert.NotEqual(t, v, got)
	want, err := os.ReadFile(filepath.Join(src, "docs", "README.md"))
	require.NoError(t, err)
	copied, err := os.ReadFile(filepath.Join(dst, "docs", "README.md"))
	require.NoError(t, err)
	assert.Equal(t, want, copied)

	_, err = Version(t.TempDir())
	assert.Error(t, err)
}
