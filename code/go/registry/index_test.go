package registry

import (
	"github.com/Masterminds/semver/v3"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIndexPrecedence(t *testing.T) {
	first := newRoot().
		folder("a/1.0.0", pkg("a", "1.0.0", "description: folder in first root\n", nil))
	second := newRoot().
		folder("a/1.0.0", pkg("a", "1.0.0", "description: folder in second root\n", nil)).
		folder("b/1.0.0", pkg("b", "1.0.0", "description: folder in second root\n", nil)).
		zip(t, "x/y/b.zip", "b-1.0.0", pkg("b", "1.0.0", "description: zip in second root\n", nil), false)
	third := newRoot().
		zip(t, "b-1.0.0.zip", "b-1.0.0", pkg("b", "1.0.0", "description: zip in third root\n", nil), true)
	ix, err := BuildIndex(fsList([]*root{first, second, third}))
	require.NoError(t, err)
	assert.Empty(t, ix.Problems)
	assert.Equal(t, "folder in first root", docOf(t, ix.Lookup("a", "1.0.0")).Description)
	b := ix.Lookup("b", "1.0.0")
	assert.Equal(t, "zip in second root", docOf(t, b).Description, "a zip wins over a folder, the first zip over later ones")
	assert.True(t, b.Zipped)
	assert.Equal(t, "x/y/b.zip", b.Location)
	assert.Equal(t, 2, ix.Len())
}

func TestIndexLayout(t *testing.T) {
	r := newRoot().
		folder("a/1.0.0", pkg("a", "1.0.0", "", nil)).
		folder("a/latest", pkg("a", "1.0.0", "", nil)).                          // not a version: ignored
		folder("deep/a/2.0.0", pkg("a", "2.0.0", "", nil)).                      // three levels down: ignored
		folder("a/v3.0.0", pkg("a", "3.0.0", "", nil)).                          // not a strict version: ignored
		folder("c/1.0.0", pkg("c", "1.0.1", "", nil)).                           // version differs from its folder
		folder("d/1.0.0", pkg("d", "1.0.0", "", files{"manifest.yml": "x: ["})). // broken manifest
		file("notazip.zip", "hello").
		file("README.md", "not a package")
	ix, err := BuildIndex(fsList([]*root{r}))
	require.NoError(t, err)
	var names []string
	for _, p := range ix.Packages() {
		names = append(names, p.Name+"@"+p.Version)
	}
	assert.Equal(t, []string{"a@1.0.0"}, names)
	var problems []string
	for _, p := range ix.Problems {
		problems = append(problems, p.Location)
	}
	assert.ElementsMatch(t, []string{"notazip.zip", "c/1.0.0", "d/1.0.0"}, problems)
}

func TestIndexChecks(t *testing.T) {
	for name, f := range map[string]files{
		"no title":                   pkg("p", "1.0.0", "title: \"\"\n", nil),
		"no readme":                  pkg("p", "1.0.0", "", files{"docs/README.md": ""}),
		"missing icon":               pkg("p", "1.0.0", "icons:\n  - src: /img/none.png\n", nil),
		"bad release":                pkg("p", "1.0.0", "release: alpha\n", nil),
		"bad kibana range":           pkg("p", "1.0.0", "conditions.kibana.version: \">= banana\"\n", nil),
		"bad format_version":         pkg("p", "1.0.0", "format_version: 3\n", nil),
		"dash in folder name":        pkg("p", "1.0.0", "", files{"kibana/index-pattern/x.json": "{}"}),
		"input and package":          pkg("p", "1.0.0", "policy_templates:\n  - name: t\n    inputs:\n      - type: a\n        package: b\n", nil),
		"bad data stream type":       withDataStream(pkg("p", "1.0.0", "", nil), "d", "title: D\ntype: events\n"),
		"data stream without fields": pkg("p", "1.0.0", "", files{"data_stream/d/manifest.yml": "title: D\ntype: logs\n"}),
		"unused pipeline": withDataStream(pkg("p", "1.0.0", "", files{"data_stream/d/elasticsearch/ingest_pipeline/other.yml": "processors: []\n"}),
			"d", "title: D\ntype: logs\n"),
		"requirement without version":  pkg("p", "1.0.0", "requires:\n  input:\n    - package: sql\n", nil),
		"discovery field without name": pkg("p", "1.0.0", "discovery:\n  fields:\n    - {}\n", nil),
		"template without title":       pkg("p", "1.0.0", "policy_templates:\n  - name: t\n    description: d\n", nil),
		"missing pipeline":             withDataStream(pkg("p", "1.0.0", "", nil), "d", "title: D\ntype: logs\ningest_pipeline: nope\n"),
	} {
		t.Run(name, func(t *testing.T) {
			ix, err := BuildIndex(fsList([]*root{newRoot().folder("p/1.0.0", f)}))
			require.NoError(t, err)
			assert.Zero(t, ix.Len())
			require.Len(t, ix.Problems, 1)
			t.Log(ix.Problems[0])
		})
	}
	// Fields may also be defined under a data_stream group.
	grouped := pkg("p", "1.0.0", "", files{
		"data_stream/d/manifest.yml": "title: D\ntype: logs\n",
		"data_stream/d/fields/f.yml": "- name: data_stream\n  type: group\n  fields:\n    - name: type\n      type: constant_keyword\n" +
			"    - name: dataset\n      type: constant_keyword\n    - name: namespace\n      type: constant_keyword\n- name: '@timestamp'\n  type: date\n",
	})
	ix, err := BuildIndex(fsList([]*root{newRoot().folder("p/1.0.0", grouped)}))
	require.NoError(t, err)
	assert.Empty(t, ix.Problems)
}

func TestIndexFromDisk(t *testing.T) {
	dir := t.TempDir()
	for name, content := range pkg("a", "1.0.0", "", nil) {
		p := filepath.Join(dir, "a", "1.0.0", filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	ix, err := BuildIndex([]fs.FS{os.DirFS(dir), os.DirFS(filepath.Join(dir, "missing"))})
	require.NoError(t, err)
	assert.Equal(t, 1, ix.Len())
	_, err = BuildIndex([]fs.FS{fstest.MapFS{}})
	assert.NoError(t, err)
}

func TestPackageFiles(t *testing.T) {
	ix, err := BuildIndex(fsList(catalog(t)))
	require.NoError(t, err)
	for _, key := range [][2]string{{"web", "0.9.0"}, {"web", "1.0.0"}, {"nodirs", "1.0.0"}} {
		p := ix.Lookup(key[0], key[1])
		require.NotNil(t, p, key)
		fsys, closer, err := p.Files()
		require.NoError(t, err)
		b, err := fs.ReadFile(fsys, "manifest.yml")
		assert.NoError(t, err)
		assert.Contains(t, string(b), "name: "+key[0])
		assert.NoError(t, closer.Close())
	}
}

func TestIndexSharesVersionRanges(t *testing.T) {
	cond := "conditions:\n  kibana:\n    version: \"^8.0.0 || ^9.0.0\"\n"
	r := newRoot().
		folder("a/1.0.0", pkg("a", "1.0.0", cond, nil)).
		folder("a/2.0.0", pkg("a", "2.0.0", cond, nil)).
		folder("b/1.0.0", pkg("b", "1.0.0", cond, nil)).
		folder("c/1.0.0", pkg("c", "1.0.0", "conditions:\n  kibana:\n    version: \"^7.0.0\"\n", nil))
	ix, err := BuildIndex([]fs.FS{r.fs})
	require.NoError(t, err)
	require.Equal(t, 4, ix.Len())
	a1, a2, b, c := ix.Lookup("a", "1.0.0"), ix.Lookup("a", "2.0.0"), ix.Lookup("b", "1.0.0"), ix.Lookup("c", "1.0.0")
	assert.Same(t, a1.kibana, a2.kibana, "ranges written alike are parsed once")
	assert.Same(t, a1.kibana, b.kibana)
	assert.NotSame(t, a1.kibana, c.kibana)

	// Checked once per search, they still select as each range says.
	for _, tc := range []struct {
		kibana string
		want   []string
	}{{"9.1.0", []string{"a 2.0.0", "b 1.0.0"}}, {"7.17.0", []string{"c 1.0.0"}}, {"6.0.0", nil}} {
		res, err := ix.Find(&Filter{KibanaVersion: semver.MustParse(tc.kibana)})
		require.NoError(t, err)
		var got []string
		for _, r := range res {
			got = append(got, r.Name+" "+r.Version)
		}
		assert.Equal(t, tc.want, got, tc.kibana)
	}
}
