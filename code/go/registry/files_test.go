package registry

import (
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFiles(t *testing.T) {
	s := serverFor(t, Options{}, catalog(t)...)
	for _, c := range []struct {
		target, ctype, body string
		code                int
	}{
		{"/package/web/1.0.0/manifest.yml", "text/yaml; charset=UTF-8", "Zipped web", 200},  // from the zip
		{"/package/web/0.9.0/docs/README.md", "text/markdown; charset=utf-8", "# web", 200}, // from a folder
		{"/package/nodirs/1.0.0/data_stream/logs/manifest.yml", "text/yaml; charset=UTF-8", "title: L", 200},
		{"/package/web/0.9.0/docs/missing.md", "", "resource not found", 404},
		{"/package/nodirs/1.0.0/nothing", "", "resource not found", 404},
		{"/package/none/1.0.0/docs/README.md", "", "package revision not found", 404},
		{"/package/web/1.0/docs/README.md", "", "invalid package version", 400},
	} {
		rec := get(s, c.target)
		assert.Equal(t, c.code, rec.Code, c.target)
		assert.Contains(t, rec.Body.String(), c.body, c.target)
		if c.ctype != "" {
			assert.Equal(t, c.ctype, rec.Header().Get("Content-Type"), c.target)
		}
		if c.code == 200 {
			assert.Equal(t, []string{"max-age=4", "public"}, rec.Header().Values("Cache-Control"), c.target)
			assert.Equal(t, fixtureTime.Format(http.TimeFormat), rec.Header().Get("Last-Modified"), c.target)
		}
	}
	// A missing file of a known package keeps the cache headers; an unknown package does not.
	assert.Equal(t, []string{"max-age=4", "public"}, get(s, "/package/web/0.9.0/nope").Header().Values("Cache-Control"))
	assert.Equal(t, []string{"max-age=0", "private, no-store"}, get(s, "/package/nope/0.9.0/nope").Header().Values("Cache-Control"))
}

func TestFilesConditionalAndRanges(t *testing.T) {
	s := serverFor(t, Options{}, catalog(t)...)
	for _, target := range []string{"/package/web/0.9.0/docs/README.md", "/package/web/1.0.0/docs/README.md"} {
		later := fixtureTime.Add(time.Hour).Format(http.TimeFormat)
		earlier := fixtureTime.Add(-time.Hour).Format(http.TimeFormat)
		assert.Equal(t, http.StatusNotModified, get(s, target, "If-Modified-Since", later).Code, target)
		assert.Equal(t, http.StatusOK, get(s, target, "If-Modified-Since", earlier).Code, target)
		rec := get(s, target, "Range", "bytes=2-4")
		assert.Equal(t, http.StatusPartialContent, rec.Code, target)
		assert.Equal(t, "web", rec.Body.String(), target)
		assert.Equal(t, "bytes 2-4/6", rec.Header().Get("Content-Range"), target)
	}
	assert.True(t, strings.HasPrefix(get(s, "/package/web/0.9.0/docs/README.md").Body.String(), "# web"))
}

func TestFilesLinksLeavingThePackage(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.txt")
	require.NoError(t, os.WriteFile(secret, []byte("secret"), 0o644))
	root := filepath.Join(dir, "root")
	for name, content := range pkg("a", "1.0.0", "", files{"docs/inside.md": "inside"}) {
		p := filepath.Join(root, "a", "1.0.0", filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	pkgDir := filepath.Join(root, "a", "1.0.0")
	require.NoError(t, os.Symlink(secret, filepath.Join(pkgDir, "docs", "absolute.md")))
	require.NoError(t, os.Symlink("../../../../secret.txt", filepath.Join(pkgDir, "docs", "relative.md")))
	require.NoError(t, os.Symlink("inside.md", filepath.Join(pkgDir, "docs", "fine.md")))
	require.NoError(t, os.Symlink("docs", filepath.Join(pkgDir, "alias")))

	ix, err := BuildIndex([]fs.FS{os.DirFS(root)})
	require.NoError(t, err)
	require.Empty(t, ix.Problems)
	s := NewServer(Options{})
	s.SetIndex(ix)
	for target, want := range map[string]int{
		"/package/a/1.0.0/docs/absolute.md":  404,
		"/package/a/1.0.0/docs/relative.md":  404,
		"/package/a/1.0.0/docs/fine.md":      200,
		"/package/a/1.0.0/alias/inside.md":   200,
		"/package/a/1.0.0/alias/relative.md": 404,
	} {
		assert.Equal(t, want, get(s, target).Code, target)
	}
	rec := get(s, "/epr/a/a-1.0.0.zip")
	require.Equal(t, http.StatusOK, rec.Code)
	assert.NotContains(t, zipListing(t, rec.Body.Bytes()), "absolute.md")
	assert.NotContains(t, rec.Body.String(), "secret")
	assert.Contains(t, zipListing(t, rec.Body.Bytes()), "a-1.0.0/docs/fine.md")
}
