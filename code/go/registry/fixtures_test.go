package registry

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/require"
)

// files of a package, by path inside it.
type files map[string]string

const fieldsYML = `- name: data_stream.type
  type: constant_keyword
- name: data_stream.dataset
  type: constant_keyword
- name: data_stream.namespace
  type: constant_keyword
- name: "@timestamp"
  type: date
`

var fixtureTime = time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)

// pkg returns the files of a small package that the registry loads; extra manifest lines and
// files are added, "" removing a file.
func pkg(name, version, manifestExtra string, extra files) files {
	f := files{
		"manifest.yml": fmt.Sprintf("format_version: 3.0.0\nname: %s\ntitle: %s title\nversion: %s\n"+
			"description: The %s package\n%s", name, name, version, name, manifestExtra),
		"docs/README.md": "# " + name + "\n",
	}
	for k, v := range extra {
		if v == "" {
			delete(f, k)
			continue
		}
		f[k] = v
	}
	return f
}

// withDataStream adds a data stream with the fields every data stream needs.
func withDataStream(f files, dir, manifest string) files {
	f["data_stream/"+dir+"/manifest.yml"] = manifest
	f["data_stream/"+dir+"/fields/base-fields.yml"] = fieldsYML
	return f
}

// root builds a package root: folders at dir/..., zips at name.zip.
type root struct {
	fs fstest.MapFS
}

func newRoot() *root { return &root{fs: fstest.MapFS{}} }

// folder places a package folder at dir.
func (r *root) folder(dir string, f files) *root {
	for k, v := range f {
		r.fs[dir+"/"+k] = &fstest.MapFile{Data: []byte(v), ModTime: fixtureTime, Mode: 0o644}
	}
	return r
}

// zip places a zip file at name holding the package under top/, entries in lexical order,
// with folder entries when dirs is true.
func (r *root) zip(t *testing.T, name, top string, f files, dirs bool) *root {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(f))
	seen := map[string]bool{}
	for k := range f {
		names = append(names, top+"/"+k)
		if dirs {
			parts := strings.Split(k, "/")
			for i := range parts[:len(parts)-1] {
				d := top + "/" + strings.Join(parts[:i+1], "/") + "/"
				if !seen[d] {
					seen[d] = true
					names = append(names, d)
				}
			}
		}
	}
	sort.Strings(names)
	for _, n := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate, Modified: fixtureTime})
		require.NoError(t, err)
		if !strings.HasSuffix(n, "/") {
			_, err = io.WriteString(w, f[strings.TrimPrefix(n, top+"/")])
			require.NoError(t, err)
		}
	}
	require.NoError(t, zw.Close())
	r.fs[name] = &fstest.MapFile{Data: buf.Bytes(), ModTime: fixtureTime, Mode: 0o644}
	return r
}

func (r *root) file(name, content string) *root {
	r.fs[name] = &fstest.MapFile{Data: []byte(content), ModTime: fixtureTime, Mode: 0o644}
	return r
}

// serverFor builds the index of roots and a server with one-second cache times.
func serverFor(t *testing.T, opts Options, roots ...*root) *Server {
	t.Helper()
	var fss []fs.FS
	for _, r := range roots {
		fss = append(fss, r.fs)
	}
	ix, err := BuildIndex(fss)
	require.NoError(t, err)
	for _, p := range ix.Problems {
		t.Logf("not loaded: %v", p)
	}
	if opts.CacheTimeIndex == 0 {
		opts.CacheTimeIndex, opts.CacheTimeSearch, opts.CacheTimeCategories, opts.CacheTimeCatchAll = time.Second, 2*time.Second, 3*time.Second, 4*time.Second
	}
	s := NewServer(opts)
	s.SetIndex(ix)
	return s
}

// get sends a GET to s.
func get(s http.Handler, target string, headers ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}

// catalog is the set of fixture packages most tests use: folders in one root, zips in another.
func catalog(t *testing.T) []*root {
	folders := newRoot().
		folder("web/1.0.0", withDataStream(pkg("web", "1.0.0", `categories: [web, not_a_category]
conditions.kibana.version: "^8.0.0"
icons:
  - src: /img/icon.svg
    type: image/svg+xml
policy_templates:
  - name: web
    title: Web
    description: Web logs
    inputs:
      - type: logfile
`, files{"img/icon.svg": "<svg/>"}), "access", `title: Access
type: logs
streams:
  - input: logfile
    title: Access logs
    vars:
      - name: paths
        type: text
        multi: true
`)).
		folder("web/1.1.0-beta1", pkg("web", "1.1.0-beta1", "categories: [web]\n", nil)).
		folder("web/0.9.0", pkg("web", "0.9.0", "categories: [web]\n", nil)).
		folder("sec/2.0.0", pkg("sec", "2.0.0", `categories: [security]
policy_templates:
  - name: siem
    title: SIEM
    description: To a SIEM
    categories: [siem]
  - name: edr
    title: EDR
    description: From an EDR
    categories: [edr_xdr]
`, nil)).
		folder("exp/1.0.0", pkg("exp", "1.0.0", "release: experimental\ncategories: [custom]\n", nil)).
		folder("inp/0.1.0", pkg("inp", "0.1.0", `type: input
categories: [custom]
policy_templates:
  - name: files
    title: Files
    description: Read files
    input: logfile
    type: logs
`, nil)).
		folder("caps/1.0.0", pkg("caps", "1.0.0", "conditions.elastic.capabilities: [security]\n", nil)).
		folder("dep/1.0.0", pkg("dep", "1.0.0", "", nil)).
		folder("dep/2.0.0", pkg("dep", "2.0.0", "deprecated:\n  since: 2.0.0\n  description: Use web\n  replaced_by.package: web\n", nil)).
		folder("oldspec/1.0.0", pkg("oldspec", "1.0.0", "", files{"manifest.yml": "format_version: 1.0.0\nname: oldspec\ntitle: Old\nversion: 1.0.0\ndescription: Old spec\n"})).
		folder("disc/1.0.0", pkg("disc", "1.0.0", "discovery:\n  fields:\n    - name: a\n    - name: b\n  datasets:\n    - name: x.y\n", nil)).
		folder("agentv/1.0.0", pkg("agentv", "1.0.0", "conditions.agent.version: \"^9.1.0\"\n", nil)).
		folder("broken/1.0.0", pkg("broken", "1.0.0", "", files{"docs/README.md": ""}))
	zips := newRoot().
		zip(t, "web-1.0.0.zip", "web-1.0.0", pkg("web", "1.0.0", "categories: [web]\ndescription: Zipped web\nconditions.kibana.version: ^8.0.0\n", nil), true).
		zip(t, "deep/signed-1.0.0.zip", "signed-1.0.0", pkg("signed", "1.0.0", "", nil), true).
		file("deep/signed-1.0.0.zip.sig", "-----BEGIN PGP SIGNATURE-----\n").
		zip(t, "nodirs-1.0.0.zip", "nodirs-1.0.0", withDataStream(pkg("nodirs", "1.0.0", "", nil), "logs", "title: L\ntype: logs\n"), false)
	return []*root{folders, zips}
}

func fsList(roots []*root) []fs.FS {
	var out []fs.FS
	for _, r := range roots {
		out = append(out, r.fs)
	}
	return out
}
