package registry

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(content string) string {
		p := filepath.Join(dir, "config.yml")
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	c, err := ReadConfig(write("package_paths:\n  - ./a\n  - /b\ncache_time.index: 1s\ncache_time:\n  search: 2m\nsql_indexer.database_folder_path: /tmp\n"))
	require.NoError(t, err)
	assert.Equal(t, []string{"./a", "/b"}, c.PackagePaths)
	o := c.Options()
	assert.Equal(t, time.Second, o.CacheTimeIndex)
	assert.Equal(t, 2*time.Minute, o.CacheTimeSearch)
	assert.Equal(t, DefaultCacheTimeCategories, o.CacheTimeCategories)
	assert.Equal(t, DefaultCacheTimeCatchAll, o.CacheTimeCatchAll)
	assert.Len(t, c.Roots(), 2)

	c, err = ReadConfig(write("cache_time.catch_all: 30\n"))
	require.NoError(t, err)
	assert.Equal(t, 30*time.Second, c.Options().CacheTimeCatchAll)

	_, err = ReadConfig(write(""))
	assert.NoError(t, err)
	for _, bad := range []string{"cache_time.index: soon\n", "cache_time.search: 0s\n", "package_paths: [\n"} {
		_, err = ReadConfig(write(bad))
		assert.Error(t, err, bad)
	}
	_, err = ReadConfig(filepath.Join(dir, "missing.yml"))
	assert.Error(t, err)
}

func TestConfigZipFileRoot(t *testing.T) {
	dir := t.TempDir()
	r := newRoot().zip(t, "one-1.0.0.zip", "one-1.0.0", pkg("one", "1.0.0", "", nil), true)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "one-1.0.0.zip"), r.fs["one-1.0.0.zip"].Data, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "one-1.0.0.zip.sig"), []byte("sig"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "other.txt"), []byte("x"), 0o644))
	c := &Config{PackagePaths: []string{filepath.Join(dir, "one-1.0.0.zip")}}
	ix, err := BuildIndex(c.Roots())
	require.NoError(t, err)
	require.Empty(t, ix.Problems)
	p := ix.Lookup("one", "1.0.0")
	require.NotNil(t, p)
	assert.Equal(t, "/epr/one/one-1.0.0.zip.sig", docOf(t, p).SignaturePath)
	_, err = c.Roots()[0].Open("other.txt")
	assert.Error(t, err, "only the zip file and its signature are in the root")
}
