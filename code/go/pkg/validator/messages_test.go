package validator

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goSyntax matches what Go's %v makes of maps and slices, and the wrappers of os errors.
var goSyntax = regexp.MustCompile(`map\[|\[\d+( \d+)+\]|\b(l?stat|statat|openat|readdirent|open) \S+: `)

// Messages are plain words: values as they are written, no Go syntax, no system call names.
func TestMessagesInPlainWords(t *testing.T) {
	for manifest, want := range map[string]string{
		"format_version: [3, 0, 0]\nname: x\n":  "format_version must be a semantic version such as 3.0.0, not a list",
		"format_version: {major: 3}\nname: x\n": "format_version must be a semantic version such as 3.0.0, not a mapping",
		"format_version: 0x1F\nname: x\n":       `format_version "0x1F" is not a valid semantic version`,
	} {
		res := ValidateFS(fstest.MapFS{"manifest.yml": {Data: []byte(manifest)}}, "pkg", Options{})
		require.Len(t, res.Errors, 1, manifest)
		assert.Equal(t, want, res.Errors[0].Message)
		assert.NotRegexp(t, goSyntax, res.Errors[0].Message)
	}

	dir := t.TempDir()
	require.NoError(t, os.Symlink("manifest.yml", filepath.Join(dir, "manifest.yml")))
	res := ValidateDir(dir, Options{})
	require.Len(t, res.Errors, 1)
	assert.Equal(t, "cannot read manifest.yml: symbolic links form a loop", res.Errors[0].Message)

	pkg := filepath.Join(t.TempDir(), "pkg")
	require.NoError(t, os.CopyFS(pkg, os.DirFS(filepath.Join(fixtures, "good_integration_v3"))))
	require.NoError(t, os.Remove(filepath.Join(pkg, "changelog.yml")))
	require.NoError(t, os.Symlink("nowhere.yml", filepath.Join(pkg, "changelog.yml")))
	require.NoError(t, os.Symlink("a", filepath.Join(pkg, "docs", "b.md")))
	require.NoError(t, os.Symlink("b.md", filepath.Join(pkg, "docs", "a")))
	res = ValidateDir(pkg, Options{})
	found := map[string]string{}
	for _, e := range res.Errors {
		assert.NotRegexp(t, goSyntax, e.Message)
		found[e.File] = e.Message
	}
	assert.Equal(t, "cannot read changelog.yml: it does not exist, or is a link to nothing", found["changelog.yml"])
	assert.Equal(t, "cannot read b.md: symbolic links form a loop", found["docs/b.md"])
}
