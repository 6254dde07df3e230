package registry

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// found lists name@version of a /search answer.
func found(t *testing.T, body []byte) []string {
	t.Helper()
	var list []Summary
	require.NoError(t, json.Unmarshal(body, &list), string(body))
	out := []string{}
	for _, p := range list {
		out = append(out, p.Name+"@"+p.Version)
	}
	return out
}

func TestSearch(t *testing.T) {
	s := serverFor(t, Options{}, catalog(t)...)
	cases := []struct {
		query string
		want  []string
	}{
		{"", []string{"agentv@1.0.0", "caps@1.0.0", "dep@2.0.0", "disc@1.0.0", "inp@0.1.0", "nodirs@1.0.0", "oldspec@1.0.0", "sec@2.0.0", "signed@1.0.0", "web@1.0.0"}},
		// Prereleases (1.1.0-beta1) and experimental packages are shown on demand; 0.x versions
		// are not prereleases.
		{"prerelease=true", []string{"agentv@1.0.0", "caps@1.0.0", "dep@2.0.0", "disc@1.0.0", "exp@1.0.0", "inp@0.1.0", "nodirs@1.0.0", "oldspec@1.0.0", "sec@2.0.0", "signed@1.0.0", "web@1.1.0-beta1"}},
		{"package=web&all=true", []string{"web@0.9.0", "web@1.0.0"}},
		{"package=web&all=true&prerelease=true", []string{"web@0.9.0", "web@1.0.0", "web@1.1.0-beta1"}},
		{"package=web&kibana.version=7.17.0", []string{"web@0.9.0"}},
		{"package=web&kibana.version=8.1.0", []string{"web@1.0.0"}},
		{"package=agentv&agent.version=9.0.0", []string{}},
		{"package=agentv&agent.version=9.1.0", []string{"agentv@1.0.0"}},
		{"type=input&prerelease=true", []string{"inp@0.1.0"}},
		{"category=observability", []string{"web@1.0.0"}}, // web is a subcategory of observability
		{"category=siem", []string{"sec@2.0.0"}},          // through one policy template
		{"capabilities=observability", []string{"agentv@1.0.0", "dep@2.0.0", "disc@1.0.0", "inp@0.1.0", "nodirs@1.0.0", "oldspec@1.0.0", "sec@2.0.0", "signed@1.0.0", "web@1.0.0"}},
		{"capabilities=security,observability&package=caps", []string{"caps@1.0.0"}},
		{"spec.max=2.0&package=oldspec", []string{"oldspec@1.0.0"}},
		{"spec.min=2.0&package=oldspec", []string{}},
		{"discovery=fields:a,b,c", []string{"disc@1.0.0"}},
		{"discovery=fields:a", []string{}},
		{"discovery=datasets:x.y,z", []string{"disc@1.0.0"}},
		{"discovery=datasets:x.y&discovery=fields:a", []string{}},
		// Older Kibanas send experimental=true: released versions are preferred to prereleases.
		{"experimental=true&package=web", []string{"web@1.0.0"}},
		{"experimental=true&package=exp", []string{"exp@1.0.0"}},
		{"internal=true&package=web", []string{"web@1.0.0"}},
		{"unknown=1&package=web", []string{"web@1.0.0"}},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			rec := get(s, "/search?"+c.query)
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			assert.Equal(t, []string{"max-age=2", "public"}, rec.Header().Values("Cache-Control"))
			assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
			assert.Equal(t, c.want, found(t, rec.Body.Bytes()))
			if len(c.want) == 0 {
				assert.Equal(t, "[]", rec.Body.String())
			}
		})
	}
}

func TestSearchErrors(t *testing.T) {
	s := serverFor(t, Options{}, catalog(t)...)
	strict := serverFor(t, Options{RefuseUnknownQueryParameters: true}, catalog(t)...)
	lenient := serverFor(t, Options{}, catalog(t)...)
	cases := []struct {
		srv   *Server
		query string
		want  string
	}{
		{s, "prerelease=foo", "invalid 'prerelease' query param: 'foo'"},
		{s, "experimental=foo", "invalid 'experimental' query param: 'foo'"},
		{s, "all=2", "invalid 'all' query param: '2'"},
		{s, "spec.max=2.10.1", "invalid 'spec.max' version: invalid version '2.10.1': it should be <major.version>"},
		{s, "spec.min=a.b", "invalid 'spec.min' version: invalid spec version 'a.b': invalid semantic version"},
		{s, "kibana.version=x", "invalid Kibana version 'x': invalid semantic version"},
		{s, "agent.version=x", "invalid agent version 'x': invalid semantic version"},
		{s, "discovery=colors:red", `invalid 'discovery' query param: 'colors:red': unknown discovery filter "colors"`},
		{s, "discovery=", `invalid 'discovery' query param: '': could not parse filter ""`},
		{strict, "package=web&unknown=true", `unknown query parameter: "unknown"`},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			rec := get(c.srv, "/search?"+c.query)
			assert.Equal(t, http.StatusBadRequest, rec.Code)
			assert.Equal(t, c.want, strings.TrimSpace(rec.Body.String()))
			assert.Equal(t, []string{"max-age=0", "private, no-store"}, rec.Header().Values("Cache-Control"))
		})
	}
	assert.Equal(t, http.StatusOK, get(lenient, "/search?package=web&unknown=true").Code)
}

func TestSearchSummary(t *testing.T) {
	s := serverFor(t, Options{}, catalog(t)...)
	rec := get(s, "/search?package=sec&category=siem")
	require.Equal(t, http.StatusOK, rec.Code)
	// Only the policy template in the category is listed; the document is the summary form.
	assert.Equal(t, `[
  {
    "name": "sec",
    "title": "sec title",
    "version": "2.0.0",
    "release": "ga",
    "description": "The sec package",
    "type": "integration",
    "download": "/epr/sec/sec-2.0.0.zip",
    "path": "/package/sec/2.0.0",
    "policy_templates": [
      {
        "name": "siem",
        "title": "SIEM",
        "description": "To a SIEM",
        "categories": [
          "siem"
        ]
      }
    ],
    "categories": [
      "security"
    ]
  }
]
`, rec.Body.String())

	// The deprecation of the newest deprecated version is shown on older ones too.
	rec = get(s, "/search?package=dep&all=true")
	var list []Summary
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &list))
	require.Len(t, list, 2)
	for _, p := range list {
		require.NotNil(t, p.Deprecated, p.Version)
		assert.Equal(t, "web", p.Deprecated.ReplacedBy.Package)
	}

	// Unknown categories are dropped; the zip copy of web 1.0.0 wins over the folder.
	rec = get(s, "/search?package=web")
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &list))
	require.Len(t, list, 1)
	assert.Equal(t, []string{"web"}, list[0].Categories)
	assert.Equal(t, "Zipped web", list[0].Description)
}

func TestSearchETag(t *testing.T) {
	roots := catalog(t)
	h := Conditional(serverFor(t, Options{}, roots...))
	// Another server on the same packages (a replica, or a restart) gives the same tags.
	replica := Conditional(serverFor(t, Options{}, catalog(t)...))
	tags := map[string]string{}
	for _, q := range []string{"/search", "/search?all=true&prerelease=true", "/search?category=siem",
		"/search?package=nope", "/search?kibana.version=7.17.0"} {
		rec := get(h, q)
		require.Equal(t, http.StatusOK, rec.Code)
		tag := rec.Header().Get("ETag")
		require.Regexp(t, `^"[0-9a-f]{32}"$`, tag, q)
		assert.Equal(t, tag, get(replica, q).Header().Get("ETag"), q)
		for other, ot := range tags {
			assert.NotEqual(t, ot, tag, "%s and %s", q, other)
		}
		tags[q] = tag
		assert.Equal(t, http.StatusNotModified, get(h, q, "If-None-Match", tag).Code)
	}

	// A package that changes changes the tag of the answers showing it, and only those.
	roots[0].folder("dep/2.0.0", pkg("dep", "2.0.0", "deprecated:\n  since: 2.0.0\n  description: Use sec\n  replaced_by.package: sec\n", nil))
	changed := Conditional(serverFor(t, Options{}, roots...))
	assert.NotEqual(t, tags["/search"], get(changed, "/search").Header().Get("ETag"))
	assert.NotEqual(t, tags["/search?all=true&prerelease=true"], get(changed, "/search?all=true&prerelease=true").Header().Get("ETag"))
	assert.Equal(t, tags["/search?category=siem"], get(changed, "/search?category=siem").Header().Get("ETag"))
}

func TestSearchTagFromEntries(t *testing.T) {
	s := serverFor(t, Options{}, catalog(t)...)
	ix := s.Index()
	for _, q := range []string{"", "all=true&prerelease=true", "category=siem", "category=observability", "package=nope"} {
		v, err := url.ParseQuery(q)
		require.NoError(t, err)
		f, err := parseFilter(v, searchParams, false)
		require.NoError(t, err)
		a, err := search(ix, f, deriveEntries(ix))
		require.NoError(t, err)
		// Digesting each entry as it is found gives the same tag and body.
		a2, err := search(ix, f, &searchEntries{ix: ix})
		require.NoError(t, err)
		assert.Equal(t, a.tag, a2.tag, q)
		assert.Equal(t, a.pieces, a2.pieces, q)
		plain, err := Search(ix, f)
		require.NoError(t, err)
		assert.Equal(t, string(bytes.Join(a.pieces, nil)), string(plain), q)
		// Entries encoded for the answer are its own, the others the index's.
		own := 0
		if string(plain) == "[]" {
			own = 2
		}
		if strings.Contains(q, "category=siem") {
			own = len(plain) - a.shared
			assert.Positive(t, own, "sec's entry shows one of its templates")
		}
		assert.Equal(t, len(plain)-own, a.shared, q)
		// The list is the one prettyJSON writes.
		var list []json.RawMessage
		require.NoError(t, json.Unmarshal(plain, &list))
		if len(list) > 0 {
			pretty, err := prettyJSON(list)
			require.NoError(t, err)
			assert.Equal(t, string(pretty), string(plain))
		}
	}
}
