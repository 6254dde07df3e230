package registry

import (
	"fmt"
	"net/http"
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
		m.put(1, fmt.Sprint(i), &rendition{body: body})
	}
	assert.LessOrEqual(t, m.size, memoBudget)
	assert.Nil(t, m.get(1, "0"), "the oldest went first")
	assert.NotNil(t, m.get(1, "19"))
	m.put(1, "huge", &rendition{body: make([]byte, memoMaxEntry+1)})
	assert.Nil(t, m.get(1, "huge"))
	m.put(2, "stale", &rendition{body: body}) // computed from an index no longer served
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
