package validator

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return dir
}

func problemsOf(rs []Result) map[string]string {
	out := map[string]string{}
	for _, r := range rs {
		out[r.Path] = r.InputErr.Error()
	}
	return out
}

func TestDiscover(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"aws/1.0.0/manifest.yml":                     "format_version: 1.0.0\nname: aws\n",
		"aws/1.0.0/data_stream/x/manifest.yml":       "title: x\n", // inside a package: not searched
		"aws/1.1.0/docs/README.md":                   "lost its manifest",
		"aws/2.0.0/.keep":                            "",
		"nginx/manifest.yml":                         "format_version: 3.0.0\nname: nginx\n",
		"broken/data_stream/x/manifest.yml":          "title: x\n", // no package manifest anywhere
		"archives/pkg-1.0.0.zip":                     "PK",
		"odd/manifest.yml":                           "name: odd\n", // a package, if a broken one
		".git/manifest.yml":                          "format_version: 1.0.0\n",
		"notes/readme.md":                            "hello",
		"repo/docs/images/a.png":                     "", // beside no package: not reported
		"repo/packages/a/b/c/d/e/f/g/h/manifest.yml": "", // no depth limit
	})
	require.NoError(t, os.Mkdir(filepath.Join(dir, "nginx2"), 0o755))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "loop"), 0o755))
	require.NoError(t, os.Symlink("manifest.yml", filepath.Join(dir, "loop", "manifest.yml")))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "dangling"), 0o755))
	require.NoError(t, os.Symlink("nowhere.yml", filepath.Join(dir, "dangling", "manifest.yml")))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "folder", "manifest.yml"), 0o755))

	got, problems, err := Discover(dir)
	require.NoError(t, err)
	assert.Equal(t, []string{
		dir + "/archives/pkg-1.0.0.zip",
		dir + "/aws/1.0.0",
		dir + "/nginx",
		dir + "/odd",
		dir + "/repo/packages/a/b/c/d/e/f/g/h",
	}, got)
	assert.Equal(t, map[string]string{
		dir + "/aws/1.1.0": "folder " + dir + "/aws/1.1.0 is not a package: it has no manifest.yml, unlike the packages beside it",
		dir + "/aws/2.0.0": "folder " + dir + "/aws/2.0.0 is not a package: it has no manifest.yml, unlike the packages beside it",
		dir + "/broken":    "folder " + dir + "/broken is not a package: it has no manifest.yml, unlike the packages beside it",
		dir + "/notes":     "folder " + dir + "/notes is not a package: it has no manifest.yml, unlike the packages beside it",
		dir + "/nginx2":    "folder " + dir + "/nginx2 is not a package: it has no manifest.yml, unlike the packages beside it",
		dir + "/loop":      "cannot read " + dir + "/loop/manifest.yml: symbolic links form a loop",
		dir + "/dangling":  "cannot read " + dir + "/dangling/manifest.yml: it does not exist, or is a link to nothing",
		dir + "/folder":    "cannot read " + dir + "/folder/manifest.yml: it is not a file",
	}, problemsOf(problems))
	for _, p := range problems {
		assert.False(t, p.Valid())
	}

	assert.True(t, IsPackageFolder(filepath.Join(dir, "nginx")))
	assert.False(t, IsPackageFolder(dir))

	_, _, err = Discover(filepath.Join(dir, "nope"))
	assert.Error(t, err)
	found, err := FindPackages(dir)
	require.NoError(t, err)
	assert.Equal(t, got, found)
}

// unreadableFS refuses to list the folders named in deny, as a folder without read
// permission does (which the tests cannot make when they run as root).
type unreadableFS struct {
	fs.FS
	deny string
}

func (u unreadableFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if strings.HasSuffix(name, u.deny) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return fs.ReadDir(u.FS, name)
}

func TestDiscoverReportsUnreadableFolders(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"storage/a/1.0.0/manifest.yml": "name: a\n",
		"storage/secret/1.0.0/x":       "",
	})
	got, problems, err := discover(unreadableFS{os.DirFS(dir), "secret"}, "pkgs")
	require.NoError(t, err)
	assert.Equal(t, []string{"pkgs/storage/a/1.0.0"}, got)
	assert.Equal(t, map[string]string{"pkgs/storage/secret": "cannot read folder pkgs/storage/secret: permission denied"}, problemsOf(problems))

	_, _, err = discover(unreadableFS{os.DirFS(dir), "."}, "pkgs")
	assert.EqualError(t, err, "cannot read folder pkgs: permission denied")
}

// Paths are shown as the problem lines show the package's files: joined and cleaned.
func TestDiscoverPathsAreJoined(t *testing.T) {
	dir := writeTree(t, map[string]string{"a/manifest.yml": "", "b/x": ""})
	t.Chdir(dir)
	for _, given := range []string{".", "./", dir + "/"} {
		found, problems, err := Discover(given)
		require.NoError(t, err)
		prefix := ""
		if given == dir+"/" {
			prefix = dir + "/"
		}
		assert.Equal(t, []string{prefix + "a"}, found, given)
		require.Len(t, problems, 1)
		assert.Equal(t, prefix+"b", problems[0].Path, given)
	}
}
