package registry

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// opsRoot writes a root with valid, invalid and broken packages, a zip file and a signature.
func opsRoot(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyFixture(t, dir, "good_integration_v3", "")
	copyFixture(t, dir, "good_input", "")
	copyFixture(t, dir, "bad_manifest_v3", "")          // served by the EPR, invalid for pkgspec
	copyFixture(t, dir, "bad_data_stream_manifest", "") // not even loaded by the EPR
	r := newRoot().zip(t, "hello-1.0.0.zip", "hello-1.0.0", pkg("hello", "1.0.0", "", nil), true)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "hello-1.0.0.zip"), r.fs["hello-1.0.0.zip"].Data, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "hello-1.0.0.zip.sig"), []byte("sig"), 0o644))
	return dir
}

// samePackages checks that two indexes serve the same documents and filter alike.
func samePackages(t *testing.T, want, got *Index) {
	t.Helper()
	require.Equal(t, want.Len(), got.Len())
	for _, w := range want.Packages() {
		g := got.Lookup(w.Name, w.Version)
		require.NotNil(t, g, "%s %s", w.Name, w.Version)
		wd, _ := json.Marshal(docOf(t, w))
		gd, _ := json.Marshal(docOf(t, g))
		assert.JSONEq(t, string(wd), string(gd))
		assert.Equal(t, w.version.String(), g.version.String())
		assert.Equal(t, w.spec.String(), g.spec.String())
		assert.Equal(t, w.Zipped, g.Zipped)
		assert.Equal(t, w.Location, g.Location)
		assert.Equal(t, string(w.summary), string(g.summary))
		assert.Equal(t, w.src.top, g.src.top)
		assert.Equal(t, w.capabilities(), g.capabilities())
		wb, _ := json.Marshal(w.brief)
		gb, _ := json.Marshal(g.brief)
		assert.JSONEq(t, string(wb), string(gb))
		assert.Equal(t, w.deprecated, g.deprecated)
		for _, c := range [][2]interface{ String() string }{{w.kibana, g.kibana}, {w.agent, g.agent}} {
			if reflect.ValueOf(c[0]).IsNil() {
				assert.True(t, reflect.ValueOf(c[1]).IsNil())
			} else {
				assert.Equal(t, c[0].String(), c[1].String())
			}
		}
	}
}

func TestPackageFieldsKnownToCache(t *testing.T) {
	// fromBrief and restore rebuild every field of Package from the cached brief and
	// document; a new field must be taught to them (and to samePackages) before this count is
	// changed. (summary is not: buildIndex encodes it for every package, cached or not.)
	assert.Equal(t, 14, reflect.TypeOf(Package{}).NumField(), "Package changed: update fromBrief in cache.go")
}

func TestLoaderColdAndWarm(t *testing.T) {
	dir := opsRoot(t)
	cacheDir := t.TempDir()
	want, err := BuildIndex([]fs.FS{os.DirFS(dir)})
	require.NoError(t, err)

	cold := &Loader{Paths: []string{dir}, CacheDir: cacheDir}
	ix, rep, err := cold.Load()
	require.NoError(t, err)
	assert.Equal(t, 5, rep.Read)
	assert.Equal(t, 0, rep.Cached)
	samePackages(t, want, ix)
	require.Len(t, ix.Problems, 1)
	require.Len(t, want.Problems, 1)
	assert.Equal(t, want.Problems[0].Err.Error(), ix.Problems[0].Err.Error())

	byPath := map[string]PackageReport{}
	for _, p := range rep.Packages {
		byPath[p.Path] = p
	}
	assert.True(t, byPath["good_input/0.1.0"].Verdict.Valid)
	bad := byPath["bad_manifest_v3/0.1.0"]
	assert.True(t, bad.Served, "report mode serves what the EPR serves")
	assert.False(t, bad.Verdict.Valid)
	assert.Equal(t, len(bad.Verdict.Errors), bad.Verdict.ErrorCount)
	assert.False(t, byPath["bad_data_stream_manifest/0.1.0"].Served)
	assert.Equal(t, ix.Lookup("bad_manifest_v3", "0.1.0").Verdict, bad.Verdict)
	assert.FileExists(t, filepath.Join(cacheDir, cacheFile))

	// A new loader (a new process) on the same cache reads nothing.
	warm := &Loader{Paths: []string{dir}, CacheDir: cacheDir}
	ix2, rep2, err := warm.Load()
	require.NoError(t, err)
	assert.Equal(t, 0, rep2.Read)
	assert.Equal(t, 5, rep2.Cached)
	samePackages(t, want, ix2)
	require.Len(t, ix2.Problems, 1)
	assert.Equal(t, ix.Problems[0].Err.Error(), ix2.Problems[0].Err.Error())
	assert.Equal(t, rep.Packages, rep2.Packages)
}

func TestLoaderWarmReadsNoContent(t *testing.T) {
	dir := t.TempDir()
	pdir := copyFixture(t, dir, "good_input", "")
	l := &Loader{Paths: []string{dir}, CacheDir: t.TempDir()}
	ix, _, err := l.Load()
	require.NoError(t, err)
	want := docOf(t, ix.Lookup("good_input", "0.1.0")).Description

	// Nothing changed: a new Loader (a new process) reads no package.
	ix, rep, err := (&Loader{Paths: []string{dir}, CacheDir: l.CacheDir}).Load()
	require.NoError(t, err)
	assert.Equal(t, 0, rep.Read)
	assert.Equal(t, 1, rep.Cached)
	p := ix.Lookup("good_input", "0.1.0")
	assert.Nil(t, p.doc.doc, "a warm start decodes no document")
	assert.Equal(t, want, docOf(t, p).Description)

	// Same size, same modification time, other content: the key does not change, so a warm
	// load that read the manifest would show the new description.
	m := filepath.Join(pdir, "manifest.yml")
	info, err := os.Stat(m)
	require.NoError(t, err)
	b, _ := os.ReadFile(m)
	desc := manifestDescription(t, b)
	changed := strings.Replace(string(b), desc, strings.Repeat("x", len(desc)), 1)
	require.NoError(t, os.WriteFile(m, []byte(changed), 0o644))
	require.NoError(t, os.Chtimes(m, info.ModTime(), info.ModTime()))
	ix, rep, err = (&Loader{Paths: []string{dir}, CacheDir: l.CacheDir}).Load()
	require.NoError(t, err)
	assert.Equal(t, 0, rep.Read)
	assert.Equal(t, desc, docOf(t, ix.Lookup("good_input", "0.1.0")).Description)

	// A new modification time is a change.
	later := info.ModTime().Add(time.Second)
	require.NoError(t, os.Chtimes(m, later, later))
	ix, rep, err = l.Load()
	require.NoError(t, err)
	assert.Equal(t, 1, rep.Read)
	assert.Equal(t, strings.Repeat("x", len(desc)), docOf(t, ix.Lookup("good_input", "0.1.0")).Description)
}

func manifestDescription(t *testing.T, b []byte) string {
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "description: "); ok {
			return strings.Trim(v, `"' `)
		}
	}
	t.Fatal("no description")
	return ""
}

func TestLoaderStrict(t *testing.T) {
	dir := opsRoot(t)
	for _, cacheDir := range []string{"", t.TempDir()} {
		l := &Loader{Paths: []string{dir}, Validation: ValidationStrict, CacheDir: cacheDir}
		for range 2 { // cold, then from the cache
			ix, rep, err := l.Load()
			require.NoError(t, err)
			assert.Nil(t, ix.Lookup("bad_manifest_v3", "0.1.0"))
			assert.NotNil(t, ix.Lookup("good_input", "0.1.0"))
			refused := rep.Refused()
			require.Len(t, refused, 2) // and the zip, which has no changelog
			assert.Equal(t, "bad_manifest_v3/0.1.0", refused[0].Path)
			assert.Equal(t, "bad_manifest_v3", refused[0].Name)
			assert.Equal(t, "hello-1.0.0.zip", refused[1].Path)
			assert.Contains(t, refused[0].Error, "package is invalid (")
			assert.Contains(t, refused[0].Error, refused[0].Verdict.Errors[0])
		}
	}
}

func TestLoaderValidationOff(t *testing.T) {
	dir := opsRoot(t)
	ix, rep, err := (&Loader{Paths: []string{dir}, Validation: ValidationOff}).Load()
	require.NoError(t, err)
	assert.NotNil(t, ix.Lookup("bad_manifest_v3", "0.1.0"))
	for _, p := range rep.Packages {
		assert.Nil(t, p.Verdict)
	}
	_, err = ParseValidationMode("lenient")
	assert.ErrorContains(t, err, "lenient")
	m, err := ParseValidationMode("strict")
	require.NoError(t, err)
	assert.Equal(t, ValidationStrict, m)
	assert.Equal(t, "strict", m.String())
}

func TestLoaderRemovedAndAdded(t *testing.T) {
	dir := opsRoot(t)
	l := &Loader{Paths: []string{dir}, CacheDir: t.TempDir()}
	_, _, err := l.Load()
	require.NoError(t, err)
	require.NoError(t, os.RemoveAll(filepath.Join(dir, "good_input")))
	copyFixture(t, dir, "good_input", "0.2.0")
	ix, rep, err := l.Load()
	require.NoError(t, err)
	assert.Nil(t, ix.Lookup("good_input", "0.1.0"))
	assert.NotNil(t, ix.Lookup("good_input", "0.2.0"))
	assert.Equal(t, 1, rep.Read)
	l.mu.Lock()
	assert.Len(t, l.cache.entries, 5, "the removed package's entry is dropped")
	l.mu.Unlock()
}

func TestLoaderBadCacheFile(t *testing.T) {
	dir := opsRoot(t)
	cacheDir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(cacheDir, cacheFile), []byte("{not json"), 0o644))
	ix, rep, err := (&Loader{Paths: []string{dir}, CacheDir: cacheDir}).Load()
	require.NoError(t, err)
	assert.Contains(t, rep.CacheError, cacheFile)
	assert.Equal(t, 4, ix.Len())
	_, rep, err = (&Loader{Paths: []string{dir}, CacheDir: cacheDir}).Load()
	require.NoError(t, err)
	assert.Empty(t, rep.CacheError)
	assert.Equal(t, 0, rep.Read, "the cache was rewritten")
}

// TestLoaderWarmSummaries checks that the /search entries a warm start takes from the cache
// are those a cold start encodes: with characters JSON escapes for HTML, and with deprecation
// notices propagated from newer versions.
func TestLoaderWarmSummaries(t *testing.T) {
	dir := t.TempDir()
	dep := func(notice string) string {
		return "deprecated:\n  since: 2.0.0\n  description: " + notice + "\n"
	}
	r := newRoot().
		zip(t, "dep-1.0.0.zip", "dep-1.0.0", pkg("dep", "1.0.0", "", nil), true).
		zip(t, "dep-2.0.0.zip", "dep-2.0.0", pkg("dep", "2.0.0", dep("Use <web> & co"), nil), true).
		zip(t, "dep-3.0.0.zip", "dep-3.0.0", pkg("dep", "3.0.0", dep("Use 'web' > \"web2\""), nil), true)
	write := func(name string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), r.fs[name].Data, 0o644))
	}
	// 2.0.0 is the newest deprecated version, and the cache keeps its entry with its notice.
	write("dep-1.0.0.zip")
	write("dep-2.0.0.zip")
	cacheDir := t.TempDir()
	_, _, err := (&Loader{Paths: []string{dir}, CacheDir: cacheDir}).Load()
	require.NoError(t, err)
	// Then 3.0.0 comes, and its notice is shown on 2.0.0 too.
	write("dep-3.0.0.zip")
	cold, rep, err := (&Loader{Paths: []string{dir}}).Load()
	require.NoError(t, err)
	require.Equal(t, 3, cold.Len())
	var warm *Index
	for i := range 2 { // reading 3.0.0, then from the cache alone
		warm, rep, err = (&Loader{Paths: []string{dir}, CacheDir: cacheDir}).Load()
		require.NoError(t, err)
		require.Equal(t, 1-i, rep.Read)
		samePackages(t, cold, warm)
	}
	assert.Contains(t, string(warm.Lookup("dep", "1.0.0").summary), `"description": "Use 'web' > \"web2\""`)
}

func TestCachedDocumentDamaged(t *testing.T) {
	dir, cacheDir := t.TempDir(), t.TempDir()
	copyFixture(t, dir, "good_input", "")
	_, _, err := (&Loader{Paths: []string{dir}, CacheDir: cacheDir, Validation: ValidationOff}).Load()
	require.NoError(t, err)
	c, err := openCache(cacheDir)
	require.NoError(t, err)
	require.Len(t, c.entries, 1)
	for _, e := range c.entries {
		e.doc = e.doc[:len(e.doc)/2]
	}
	c.dirty = true
	c.beginRound()
	for k := range c.entries {
		c.used[k] = true
	}
	require.NoError(t, c.endRound())

	// The brief is whole, so the package is served; its document cannot be decoded, which
	// its page says with a 500, and nothing panics.
	ix, rep, err := (&Loader{Paths: []string{dir}, CacheDir: cacheDir, Validation: ValidationOff}).Load()
	require.NoError(t, err)
	require.Equal(t, 0, rep.Read)
	p := ix.Lookup("good_input", "0.1.0")
	require.NotNil(t, p)
	_, err = p.Document()
	assert.ErrorContains(t, err, "decoding the cached package document")
	s := NewServer(Options{})
	s.SetIndex(ix)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/package/good_input/0.1.0/", nil))
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
}

func TestCacheFileTruncated(t *testing.T) {
	dir, cacheDir := t.TempDir(), t.TempDir()
	copyFixture(t, dir, "good_input", "")
	copyFixture(t, dir, "good_content", "")
	_, _, err := (&Loader{Paths: []string{dir}, CacheDir: cacheDir, Validation: ValidationOff}).Load()
	require.NoError(t, err)
	file := filepath.Join(cacheDir, cacheFile)
	whole, err := os.ReadFile(file)
	require.NoError(t, err)

	// Cut anywhere (inside the magic, the index or the data), the file gives no wrong
	// package: each entry whose parts are not all there is dropped, and its package is read.
	for _, n := range []int{0, 5, len(cacheMagic) + 4, len(cacheMagic) + 20, len(whole) / 2, len(whole) - 1} {
		require.NoError(t, os.WriteFile(file, whole[:n], 0o600))
		ix, rep, err := (&Loader{Paths: []string{dir}, CacheDir: cacheDir, Validation: ValidationOff}).Load()
		require.NoError(t, err, "cut at %d", n)
		assert.Equal(t, 2, ix.Len(), "cut at %d", n)
		assert.Equal(t, 2, rep.Read+rep.Cached, "cut at %d", n)
		assert.Positive(t, rep.Read, "cut at %d: the cut entry is read again", n)
		for _, p := range ix.Packages() {
			docOf(t, p)
		}
	}
}
