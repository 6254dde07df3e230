package packages

import (
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"

	"github.com/pkgspec/pkgspec/code/go/internal/pkgfs"
)

func TestDerivedBuildsOncePerKey(t *testing.T) {
	p := &Package{FS: pkgfs.FromFS(fstest.MapFS{}, "mem")}
	var builds atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			v := p.Derived("k", func() any { builds.Add(1); return 42 })
			assert.Equal(t, 42, v)
		})
	}
	wg.Wait()
	assert.Equal(t, int32(1), builds.Load())
	assert.Equal(t, "other", p.Derived("k2", func() any { return "other" }))
}

func TestFilesAndFolders(t *testing.T) {
	p := &Package{FS: pkgfs.FromFS(fstest.MapFS{
		"data_stream/b/manifest.yml":      {},
		"data_stream/a/manifest.yml":      {},
		"data_stream/a/fields/x.yml":      {},
		"data_stream/a/fields/y.yml.link": {Data: []byte("../y.yml")},
		"data_stream/a/fields/z.txt":      {},
	}, "mem")}
	assert.Equal(t, []string{"a", "b"}, p.DataStreams())
	assert.Equal(t, []string{"data_stream/a/fields/x.yml", "data_stream/a/fields/y.yml.link"}, p.Files("data_stream/a/fields", "*.yml"))
	assert.Nil(t, p.Files("nope", "*"))
}

// format_version is read as semantic versioning parsers commonly read versions, as the
// reference does: "3.0" and "v2.0.0" are 3.0.0 and 2.0.0.
func TestOpenReadsFormatVersion(t *testing.T) {
	for written, want := range map[string]string{
		"3.0.0": "3.0.0", "3.0": "3.0.0", `"3.1"`: "3.1.0", "v2.0.0": "2.0.0",
	} {
		p, err := Open(pkgfs.FromFS(fstest.MapFS{"manifest.yml": {Data: []byte("format_version: " + written + "\nname: x\n")}}, "mem"))
		if assert.NoError(t, err, written) {
			assert.Equal(t, want, p.FormatVersion.String(), written)
		}
	}
	_, err := Open(pkgfs.FromFS(fstest.MapFS{"manifest.yml": {Data: []byte("format_version: x\nname: x\n")}}, "mem"))
	assert.ErrorContains(t, err, `format_version "x" is not a valid semantic version`)
}
