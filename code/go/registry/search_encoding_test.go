package registry

import (
	"io/fs"
	"os"
	"sort"
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/require"
)

// searchByEncoding is Search as it was before the entries were encoded at load: every
// summary encoded on each call, as one indented list.
func searchByEncoding(t *testing.T, ix *Index, f *Filter) []byte {
	res, err := ix.Find(f)
	require.NoError(t, err)
	if len(res) == 0 {
		return []byte("[]")
	}
	sort.SliceStable(res, func(i, j int) bool {
		if res[i].Name != res[j].Name {
			return res[i].Name < res[j].Name
		}
		return res[i].version.LessThan(res[j].version)
	})
	out := make([]Summary, len(res))
	for i, r := range res {
		d := docOf(t, r.Package)
		templates := d.PolicyTemplates
		if r.Trimmed {
			templates = r.Templates
		}
		out[i] = d.summary(templates)
	}
	b, err := prettyJSON(out)
	require.NoError(t, err)
	return b
}

// TestSearchEncodingUnchanged checks that the /search entries encoded once at load give, byte
// for byte, the answers of encoding the summaries on each search, over the project's test
// packages and the catalog, for filters that keep all or some policy templates.
func TestSearchEncodingUnchanged(t *testing.T) {
	dir := t.TempDir()
	entries, err := os.ReadDir(fixtureDir)
	require.NoError(t, err)
	for _, e := range entries {
		if e.IsDir() {
			if _, err := os.Stat(fixtureDir + "/" + e.Name() + "/manifest.yml"); err == nil {
				copyFixture(t, dir, e.Name(), "")
			}
		}
	}
	roots := append([]fs.FS{os.DirFS(dir)}, fsList(catalog(t))...)
	ix, err := BuildIndex(roots)
	require.NoError(t, err)
	require.Greater(t, ix.Len(), 20)
	filters := []*Filter{
		{}, {All: true}, {All: true, Prerelease: true}, {Prerelease: true},
		{Experimental: true}, {Experimental: true, All: true},
		{All: true, Prerelease: true, KibanaVersion: semver.MustParse("8.12.0")},
	}
	for _, c := range []string{"security", "observability", "web", "network", "custom", "aws"} {
		filters = append(filters, &Filter{All: true, Prerelease: true, Category: c})
	}
	for _, f := range filters {
		got, err := Search(ix, f)
		require.NoError(t, err)
		require.Equal(t, string(searchByEncoding(t, ix, f)), string(got), "filter %+v", f)
	}
}
