package registry

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// settledLoader is a Loader whose clock runs ahead, so that folders written by the test count
// as settled and their listings are kept.
func settledLoader(dir, cacheDir string) *Loader {
	return &Loader{Paths: []string{dir}, CacheDir: cacheDir, Validation: ValidationOff,
		now: func() time.Time { return time.Now().Add(2 * listingSettle) }}
}

// folders lists every folder under dir, as paths relative to it ("." for dir).
func folders(t *testing.T, dir string) []string {
	var out []string
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return err
	}))
	slices.Sort(out)
	return out
}

func TestListingsReusedWhileUnchanged(t *testing.T) {
	dir := t.TempDir()
	pdir := copyFixture(t, dir, "good_input", "")
	copyFixture(t, dir, "good_content", "")
	l := settledLoader(dir, "")
	ix, _, err := l.Load()
	require.NoError(t, err)
	require.Equal(t, 2, ix.Len())
	first := l.cache.folders[dir]
	assert.Equal(t, folders(t, dir), slices.Sorted(maps.Keys(first)), "every folder's listing is kept")

	// Nothing changed: every listing is the one of the first walk.
	_, rep, err := l.Load()
	require.NoError(t, err)
	assert.Equal(t, 0, rep.Read)
	for d, ls := range l.cache.folders[dir] {
		assert.Same(t, first[d], ls, d)
	}

	// A new file in a folder of a package: that folder is listed again, the package read again.
	sub := filepath.Join(pdir, "docs")
	require.NoError(t, os.WriteFile(filepath.Join(sub, "extra.md"), []byte("# Extra\n"), 0o644))
	_, rep, err = l.Load()
	require.NoError(t, err)
	assert.Equal(t, 1, rep.Read)
	rel, _ := filepath.Rel(dir, sub)
	again := l.cache.folders[dir][filepath.ToSlash(rel)]
	assert.NotSame(t, first[filepath.ToSlash(rel)], again)
	assert.True(t, slices.ContainsFunc(again.Entries, func(e listEntry) bool { return e.Name == "extra.md" }))

	// A detached signature beside the folder is part of its key: the package is read again,
	// and advertises it.
	require.NoError(t, os.WriteFile(pdir+".sig", []byte("sig"), 0o644))
	ix, rep, err = l.Load()
	require.NoError(t, err)
	assert.Equal(t, 1, rep.Read)
	assert.Equal(t, "/epr/good_input/good_input-0.1.0.zip.sig", docOf(t, ix.Lookup("good_input", "0.1.0")).SignaturePath)

	// A new version, and a package removed: both seen.
	copyFixture(t, dir, "good_input", "9.9.9")
	require.NoError(t, os.RemoveAll(filepath.Join(dir, "good_content")))
	ix, _, err = l.Load()
	require.NoError(t, err)
	assert.NotNil(t, ix.Lookup("good_input", "9.9.9"))
	assert.Nil(t, ix.Lookup("good_content", "0.1.0"))
	assert.Equal(t, folders(t, dir), slices.Sorted(maps.Keys(l.cache.folders[dir])), "listings of removed folders are dropped")
}

func TestListingsOfRecentFoldersNotKept(t *testing.T) {
	dir := t.TempDir()
	copyFixture(t, dir, "good_input", "")
	l := &Loader{Paths: []string{dir}, Validation: ValidationOff}
	ix, _, err := l.Load()
	require.NoError(t, err)
	assert.Equal(t, 1, ix.Len())
	// Every folder was written within listingSettle of the walk: a change made within the
	// timestamp resolution could leave its times unchanged, so no listing is trusted later.
	assert.Empty(t, l.cache.folders[dir])
}

func TestListingsPersist(t *testing.T) {
	dir, cacheDir := t.TempDir(), t.TempDir()
	copyFixture(t, dir, "good_input", "")
	copyFixture(t, dir, "good_content", "")
	l := settledLoader(dir, cacheDir)
	_, _, err := l.Load()
	require.NoError(t, err)

	// A new process reads the listings back from the cache file and reuses them all.
	l2 := settledLoader(dir, cacheDir)
	ix, rep, err := l2.Load()
	require.NoError(t, err)
	assert.Equal(t, 2, ix.Len())
	assert.Equal(t, 0, rep.Read)
	assert.Equal(t, l.cache.folders, l2.cache.folders)
	assert.False(t, l2.cache.dirty, "nothing changed, nothing to write")
}

func TestFolderTableRoundTrip(t *testing.T) {
	m := map[string]*listing{
		".":       {ID: statID{Size: 4096, ModTime: 1, Mode: os.ModeDir | 0o755}, Entries: []listEntry{{Name: "a", Type: os.ModeDir}, {Name: "b.zip"}}},
		"a":       {ID: statID{Size: 4096, ModTime: 5}, Entries: []listEntry{{Name: "1.0.0", Type: os.ModeDir}}},
		"a/1.0.0": {ID: statID{ModTime: 6}},
	}
	tab := tableOf(m)
	assert.Equal(t, m["."], tab.listings()["."])
	assert.Equal(t, len(m), len(tab.listings()))
	for k, v := range tab.listings() {
		assert.Equal(t, m[k].ID, v.ID, k)
		assert.Equal(t, len(m[k].Entries), len(v.Entries), k)
	}

	// Columns that disagree (a damaged file) give no listings rather than wrong ones.
	tab.Counts[0] = 99
	assert.Nil(t, tab.listings())
	tab = tableOf(m)
	tab.Modes = tab.Modes[:1]
	assert.Nil(t, tab.listings())
}

// copyKeepingTimes replaces dir by a copy of itself with the same modification times, as
// extracting a tar file or a container image's layer does: every inode is new.
func copyKeepingTimes(t *testing.T, dir string) {
	tmp := dir + ".copy"
	require.NoError(t, os.CopyFS(tmp, os.DirFS(dir)))
	var dirs []string
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			dirs = append(dirs, rel)
		}
		return os.Chtimes(filepath.Join(tmp, rel), info.ModTime(), info.ModTime())
	}))
	// A folder's time moves when entries are made in it: set the folders' again, deepest first.
	for i := len(dirs) - 1; i >= 0; i-- {
		info, err := os.Stat(filepath.Join(dir, dirs[i]))
		require.NoError(t, err)
		require.NoError(t, os.Chtimes(filepath.Join(tmp, dirs[i]), info.ModTime(), info.ModTime()))
	}
	require.NoError(t, os.RemoveAll(dir))
	require.NoError(t, os.Rename(tmp, dir))
}

func TestCacheSurvivesACopyKeepingTimes(t *testing.T) {
	base := t.TempDir()
	dir, cacheDir := filepath.Join(base, "packages"), t.TempDir()
	copyFixture(t, dir, "good_input", "")
	copyFixture(t, dir, "good_content", "")
	old := time.Now().Add(-time.Hour)
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		return errors.Join(err, os.Chtimes(p, old, old))
	}))
	l := &Loader{Paths: []string{dir}, CacheDir: cacheDir, Validation: ValidationOff}
	_, _, err := l.Load()
	require.NoError(t, err)
	require.NotEmpty(t, l.cache.folders[dir])

	// The packages are deployed again from an archive of them: same path, same times, new
	// files. The cache made before still serves them, folder listings included.
	copyKeepingTimes(t, dir)
	l2 := &Loader{Paths: []string{dir}, CacheDir: cacheDir, Validation: ValidationOff}
	ix, rep, err := l2.Load()
	require.NoError(t, err)
	assert.Equal(t, 2, ix.Len())
	assert.Equal(t, 0, rep.Read)
	assert.False(t, l2.cache.dirty, "every listing was reused")
}

// The walk of an OS root stats what is inside version folders relative to the folder: it
// must see exactly what a stat through the root's file system sees, or keys would change
// between a walk with listings and one without.
func TestWalkStatsAlike(t *testing.T) {
	dir := t.TempDir()
	pdir := copyFixture(t, dir, "good_input", "")
	require.NoError(t, os.Symlink("manifest.yml", filepath.Join(pdir, "link-to-file")))
	require.NoError(t, os.Symlink("docs", filepath.Join(pdir, "link-to-dir")))
	require.NoError(t, os.Symlink("missing", filepath.Join(pdir, "dangling")))
	require.NoError(t, os.Mkdir(filepath.Join(pdir, "sticky"), 0o1755))
	require.NoError(t, os.Chmod(filepath.Join(pdir, "sticky"), 0o1755|os.ModeSticky))
	require.NoError(t, os.WriteFile(filepath.Join(pdir, "sticky", "x.sh"), []byte("#!/bin/sh\n"), 0o755))
	root := os.DirFS(dir)
	_, plain, err := findSources(root, nil)
	require.NoError(t, err)
	later := time.Now().Add(time.Hour) // every folder counts as settled: its listing is kept
	slow, viaFS := newListings(nil, later, ""), newListings(nil, later, dir)
	_, _, err = findSources(root, slow)
	require.NoError(t, err)
	_, fast, err := findSources(root, viaFS)
	require.NoError(t, err)
	assert.Equal(t, slow.next, viaFS.next, "folder metadata, the sticky folder's mode included")
	assert.Equal(t, os.ModeDir|os.ModeSticky|0o755, viaFS.next[filepath.ToSlash(filepath.Join("good_input", "0.1.0", "sticky"))].ID.Mode)
	require.Len(t, plain, 1)
	require.Len(t, fast, 1)
	assert.NoError(t, plain[0].err)
	assert.Equal(t, plain[0].entries, fast[0].entries)
	assert.Contains(t, fmt.Sprint(plain[0].entries), "link-to-file")
	k1, err := sourceKey(dir, &source{root: root, path: plain[0].path, walk: plain[0]}, true)
	require.NoError(t, err)
	k2, err := sourceKey(dir, &source{root: root, path: fast[0].path, walk: fast[0]}, true)
	require.NoError(t, err)
	assert.Equal(t, k1, k2)
}
