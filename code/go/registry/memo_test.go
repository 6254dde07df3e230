package registry

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemo(t *testing.T) {
	var calls atomic.Int64
	var gen atomic.Int64
	gen.Store(1)
	h := conditional(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"call": %d, "gen": %d, "pad": %q}`, n, gen.Load(), strings.Repeat("x", 2000))
	}), newMemo(func() any { return gen.Load() }))

	first := get(h, "/search?kibana.version=9.0.0")
	again := get(h, "/search?kibana.version=9.0.0")
	assert.Equal(t, int64(1), calls.Load())
	assert.Equal(t, first.Body.String(), again.Body.String())
	assert.Equal(t, first.Header().Get("ETag"), again.Header().Get("ETag"))
	nm := get(h, "/search?kibana.version=9.0.0", "If-None-Match", first.Header().Get("ETag"))
	assert.Equal(t, http.StatusNotModified, nm.Code)
	assert.Empty(t, nm.Body.String())

	gz := get(h, "/search?kibana.version=9.0.0", "Accept-Encoding", "gzip")
	assert.Equal(t, "gzip", gz.Header().Get("Content-Encoding"))
	get(h, "/search?kibana.version=9.0.0", "Accept-Encoding", "gzip")
	get(h, "/search?kibana.version=8.0.0")
	assert.Equal(t, int64(3), calls.Load(), "one answer per URL and encoding")

	get(h, "/package/foo/1.0.0/docs/README.md")
	get(h, "/package/foo/1.0.0/docs/README.md")
	assert.Equal(t, int64(5), calls.Load(), "files are not remembered")

	gen.Store(2)
	after := get(h, "/search?kibana.version=9.0.0")
	assert.Contains(t, after.Body.String(), `"gen": 2`)
	assert.NotEqual(t, first.Header().Get("ETag"), after.Header().Get("ETag"))
	assert.Equal(t, int64(6), calls.Load(), "a new index forgets")
}

func TestMemoBudget(t *testing.T) {
	m := newMemo(func() any { return 1 })
	body := make([]byte, 4<<20)
	for i := range 20 {
		m.put(1, fmt.Sprint(i), &rendition{body: body}, question{})
	}
	assert.LessOrEqual(t, m.size, memoBudget)
	assert.Nil(t, m.get(1, "0"), "the oldest went first")
	assert.NotNil(t, m.get(1, "19"))
	m.put(1, "huge", &rendition{body: make([]byte, memoMaxEntry+1)}, question{})
	assert.Nil(t, m.get(1, "huge"))
	m.put(2, "stale", &rendition{body: body}, question{}) // computed from an index no longer served
	assert.Nil(t, m.get(2, "stale"))
	require.NotNil(t, m.get(1, "19"))
}

func TestMemoizable(t *testing.T) {
	for p, want := range map[string]bool{"/": true, "/index.json": true, "/search": true, "/categories": true,
		"/package/apache/1.0.0/": true, "/package/apache/1.0.0": false, "/package/apache/1.0.0/docs/README.md": false,
		"/epr/apache/apache-1.0.0.zip": false, "/health": false, "/debug/packages": false} {
		assert.Equal(t, want, memoizable(p), p)
	}
}

// counted counts the requests h answers itself.
func counted(h http.Handler, n *atomic.Int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h.ServeHTTP(w, r)
	})
}

func TestMemoKeyByMeaning(t *testing.T) {
	s := serverFor(t, Options{}, catalog(t)...)
	m := newMemo(func() any { return s.Index() })
	m.key = s.answerKey
	var calls atomic.Int64
	h := conditional(counted(s, &calls), m)

	// Each group asks one question in different ways: one computation, one entry, one tag.
	groups := [][]string{
		{"/search?package=web&all=true", "/search?all=true&package=web", "/search?all=1&package=web&bench=7",
			"/search?package=web&all=t&package=sec", "/search?package=web&all=true&capabilities="},
		{"/search?kibana.version=8.1&prerelease=1", "/search?prerelease=true&kibana.version=8.1.0"},
		{"/search?capabilities=observability,uptime", "/search?capabilities=uptime,observability,uptime"},
		{"/search?discovery=fields:b,a&discovery=datasets:x.y", "/search?discovery=datasets:x.y&discovery=fields:a,b&discovery=fields:a,b"},
		{"/search", "/search?", "/search?internal=true", "/search?unknown=1"},
		{"/categories?include_policy_templates=1&x=y", "/categories?include_policy_templates=true"},
		{"/categories", "/categories?include_policy_templates=false"},
	}
	tags := map[string]bool{}
	for i, g := range groups {
		first := get(h, g[0])
		require.Equal(t, http.StatusOK, first.Code, g[0])
		tag := first.Header().Get("ETag")
		require.NotEmpty(t, tag)
		tags[tag] = true
		for _, target := range g[1:] {
			rec := get(h, target)
			require.Equal(t, http.StatusOK, rec.Code, target)
			assert.Equal(t, tag, rec.Header().Get("ETag"), target)
			assert.Equal(t, first.Body.String(), rec.Body.String(), target)
		}
		assert.Equal(t, int64(i+1), calls.Load(), "one computation for %v", g)
		assert.Len(t, m.items, i+1)
	}
	assert.Len(t, tags, len(groups), "different questions, different answers")

	// Bad values are refused each time, never answered from memory.
	for range 2 {
		rec := get(h, "/search?all=maybe&package=web")
		assert.Equal(t, http.StatusBadRequest, rec.Code)
		assert.Equal(t, "invalid 'all' query param: 'maybe'\n", rec.Body.String())
	}

	// A server refusing unknown parameters refuses them after answering the same question without.
	strict := serverFor(t, Options{RefuseUnknownQueryParameters: true}, catalog(t)...)
	sm := newMemo(func() any { return strict.Index() })
	sm.key = strict.answerKey
	sh := conditional(strict, sm)
	require.Equal(t, http.StatusOK, get(sh, "/search?package=web").Code)
	rec := get(sh, "/search?package=web&bench=1")
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Equal(t, "unknown query parameter: \"bench\"\n", rec.Body.String())
}

func TestFilterCanonical(t *testing.T) {
	// Questions whose answers may differ get different keys.
	queries := []string{"", "all=true", "prerelease=true", "experimental=true", "category=web", "package=web",
		"type=input", "kibana.version=8.1.0", "kibana.version=8.1.0-SNAPSHOT", "agent.version=8.1.0",
		"spec.min=3.0", "spec.max=3.0", "capabilities=", "capabilities=a", "capabilities=a,", "capabilities=a,b",
		"discovery=fields:a", "discovery=datasets:a", "discovery=fields:", "discovery=fields:a,b",
		"discovery=fields:a&discovery=fields:b", "package=a%26b", "package=a&type=b"}
	seen := map[string]string{}
	for _, q := range queries {
		v, err := url.ParseQuery(q)
		require.NoError(t, err)
		f, err := parseFilter(v, searchParams, true)
		require.NoError(t, err, q)
		k := f.canonical()
		if q == "capabilities=" { // an empty value is no filter
			assert.Equal(t, "", seen[k])
			continue
		}
		assert.NotContains(t, seen, k, "%q and %q", q, seen[k])
		seen[k] = q
	}
	// A field added to Filter changes which packages a search selects: canonical must write
	// it, or two different questions would share an answer.
	assert.Equal(t, 13, reflect.TypeOf(Filter{}).NumField(), "Filter changed: update Filter.canonical")
}

func TestMemoRecent(t *testing.T) {
	m := newMemo(func() any { return 1 })
	rd := &rendition{body: []byte("x")}
	m.put(1, "a", rd, question{"/search?a", false})
	m.put(1, "b", rd, question{"/search?b", true})
	m.put(1, "head", rd, question{}) // a HEAD: not asked again
	m.put(1, "c", rd, question{"/search?c", false})
	m.get(1, "a") // used last
	assert.Equal(t, []question{{"/search?a", false}, {"/search?c", false}}, m.recent(2))
	assert.Equal(t, []question{{"/search?a", false}, {"/search?c", false}, {"/search?b", true}}, m.recent(10))

	// Through the middleware, what was asked is kept: GETs only.
	mm := newMemo(func() any { return 1 })
	h := conditional(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{}`))
	}), mm)
	get(h, "/search?kibana.version=9.0.0", "Accept-Encoding", "gzip")
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodHead, "/search?x=1", nil))
	assert.Equal(t, []question{{"/search?kibana.version=9.0.0", true}}, mm.recent(10))
}
