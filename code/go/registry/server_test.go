package registry

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRouting(t *testing.T) {
	s := serverFor(t, Options{}, catalog(t)...)
	for _, c := range []struct {
		target, location string
		code             int
		cors             bool
	}{
		{"/package/web/0.9.0", "/package/web/0.9.0/", 301, true},
		{"/search/?package=web", "/search?package=web", 301, true},
		{"/categories/", "/categories", 301, true},
		{"/package/web/0.9.0/docs/", "/package/web/0.9.0/docs", 301, true},
		{"/search//x/../", "/search/", 301, false},
		{"/nothing", "", 404, false},
		{"/epr/web", "", 404, false},
		{"/package/Web/1.0.0", "", 404, false},
		{"/health", "", 200, true},
		{"/favicon.ico", "", 200, true},
	} {
		rec := get(s, c.target)
		assert.Equal(t, c.code, rec.Code, c.target)
		assert.Equal(t, c.location, rec.Header().Get("Location"), c.target)
		assert.Equal(t, c.cors, rec.Header().Get("Access-Control-Allow-Origin") == "*", c.target)
	}
	rec := get(s, "/nothing")
	assert.Equal(t, "404 page not found\n", rec.Body.String())
	assert.Equal(t, []string{"max-age=0", "private, no-store"}, rec.Header().Values("Cache-Control"))
	assert.Equal(t, "image/x-icon", get(s, "/favicon.ico").Header().Get("Content-Type"))
}

func TestAbout(t *testing.T) {
	s := serverFor(t, Options{}, catalog(t)...)
	for _, target := range []string{"/", "/index.json"} {
		rec := get(s, target)
		assert.Equal(t, http.StatusOK, rec.Code)
		assert.Equal(t, "{\n  \"service.name\": \"package-registry\",\n  \"service.version\": \""+APIVersion+"\"\n}\n", rec.Body.String())
		assert.Equal(t, []string{"max-age=1", "public"}, rec.Header().Values("Cache-Control"))
		assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	}
}

func TestHealthAndSwap(t *testing.T) {
	s := NewServer(Options{})
	assert.Equal(t, http.StatusServiceUnavailable, get(s, "/health").Code)
	assert.Equal(t, http.StatusServiceUnavailable, get(s, "/search").Code)
	assert.Equal(t, http.StatusOK, get(s, "/").Code, "/ needs no packages")

	first, err := BuildIndex(fsList(catalog(t)[:1]))
	require.NoError(t, err)
	s.SetIndex(first)
	assert.Equal(t, http.StatusOK, get(s, "/health").Code)
	assert.Contains(t, get(s, "/search?package=web").Body.String(), `"version": "1.0.0"`)
	assert.Equal(t, http.StatusNotFound, get(s, "/package/signed/1.0.0/").Code)

	second, err := BuildIndex(fsList(catalog(t)[1:]))
	require.NoError(t, err)
	s.SetIndex(second)
	assert.Equal(t, http.StatusOK, get(s, "/package/signed/1.0.0/").Code)
	assert.Equal(t, http.StatusNotFound, get(s, "/package/dep/1.0.0/").Code)
	assert.Same(t, second, s.Index())

	third, err := BuildIndex(fsList(catalog(t)[:1]))
	require.NoError(t, err)
	s.SetIndex(third)
	assert.Same(t, third, s.Index())
	assert.Equal(t, http.StatusOK, get(s, "/package/dep/1.0.0/").Code)
}

func TestCacheTimesDefault(t *testing.T) {
	ix, err := BuildIndex(fsList(catalog(t)))
	require.NoError(t, err)
	s := NewServer(Options{})
	s.SetIndex(ix)
	for target, want := range map[string]string{
		"/": "max-age=10", "/search": "max-age=600", "/categories": "max-age=600",
		"/package/web/1.0.0/": "max-age=10", "/package/web/1.0.0/manifest.yml": "max-age=600",
		"/epr/web/web-1.0.0.zip": "max-age=600", "/favicon.ico": "max-age=600",
	} {
		assert.Equal(t, []string{want, "public"}, get(s, target).Header().Values("Cache-Control"), target)
	}
	assert.True(t, strings.HasPrefix(get(s, "/search").Body.String(), "["))
}

func TestConcurrentRequestsAndSwaps(t *testing.T) {
	roots := catalog(t)
	a, err := BuildIndex(fsList(roots))
	require.NoError(t, err)
	b, err := BuildIndex(fsList(roots[:1]))
	require.NoError(t, err)
	s := NewServer(Options{})
	s.SetIndex(a)
	targets := []string{"/search?all=true&prerelease=true", "/search?category=siem", "/categories?include_policy_templates=true",
		"/package/web/1.0.0/", "/package/web/1.0.0/docs/README.md", "/epr/web/web-0.9.0.zip", "/epr/signed/signed-1.0.0.zip"}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 20 {
				code := get(s, targets[(i+j)%len(targets)]).Code
				if code != http.StatusOK && code != http.StatusNotFound {
					t.Errorf("%s: %d", targets[(i+j)%len(targets)], code)
				}
			}
		}()
	}
	for i := range 20 {
		if i%2 == 0 {
			s.SetIndex(b)
		} else {
			s.SetIndex(a)
		}
	}
	wg.Wait()
}
