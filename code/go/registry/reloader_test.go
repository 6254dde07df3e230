package registry

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

// lockedBuffer is a bytes.Buffer safe for concurrent writers.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newReloader(t *testing.T, dir string, mode ValidationMode) (*Reloader, *lockedBuffer) {
	t.Helper()
	var logs lockedBuffer
	rl := &Reloader{
		Loader:  &Loader{Paths: []string{dir}, Validation: mode, CacheDir: t.TempDir()},
		Server:  NewServer(Options{}),
		Metrics: NewMetrics("1.2.3", "test-host"),
		Log:     slog.New(slog.NewJSONHandler(&logs, nil)),
	}
	return rl, &logs
}

func decodeDebug(t *testing.T, h http.Handler) debugDocument {
	t.Helper()
	rec := get(h, "/debug/packages")
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	var doc debugDocument
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &doc))
	return doc
}

func TestDebugPackages(t *testing.T) {
	dir := opsRoot(t)
	rl, logs := newReloader(t, dir, ValidationReport)
	h := rl.Handler(nil)
	assert.Equal(t, http.StatusServiceUnavailable, get(h, "/debug/packages").Code)
	_, err := rl.Reload()
	require.NoError(t, err)

	doc := decodeDebug(t, h)
	assert.Equal(t, "report", doc.Validation.Mode)
	assert.Contains(t, doc.Validation.Validator, "spec ")
	assert.Equal(t, 2, doc.Validation.Valid)
	assert.Equal(t, 3, doc.Validation.Invalid)
	assert.Equal(t, 0, doc.Validation.Refused)
	require.Len(t, doc.Validation.Packages, 5)
	var bad debugPackage
	for _, p := range doc.Validation.Packages {
		if p.Path == "bad_manifest_v3/0.1.0" {
			bad = p
		}
	}
	assert.Equal(t, "bad_manifest_v3", bad.Name)
	assert.Equal(t, "0.1.0", bad.Version)
	assert.Equal(t, dir, bad.Root)
	assert.True(t, bad.Served)
	require.NotNil(t, bad.Valid)
	assert.False(t, *bad.Valid)
	direct := validator.ValidatePath(filepath.Join(dir, "bad_manifest_v3", "0.1.0"), validator.Options{})
	require.NotEmpty(t, direct.Errors)
	assert.Equal(t, len(direct.Errors), bad.ErrorCount)
	require.Len(t, bad.Errors, len(direct.Errors))
	assert.Equal(t, direct.Errors[0].Error(), bad.Errors[0])
	assert.Equal(t, 5, doc.Load.Read)
	assert.Contains(t, logs.String(), `"msg":"package served, but pkgspec finds it invalid"`)
	assert.Contains(t, logs.String(), `"path":"bad_manifest_v3/0.1.0"`)
	assert.Contains(t, logs.String(), `"msg":"4 local package manifests loaded"`)
}

func TestStrictRefusesAndSaysWhy(t *testing.T) {
	dir := opsRoot(t)
	rl, logs := newReloader(t, dir, ValidationStrict)
	_, err := rl.Reload()
	require.NoError(t, err)
	h := rl.Handler(nil)
	assert.Equal(t, http.StatusNotFound, get(h, "/package/bad_manifest_v3/0.1.0/").Code)
	assert.Equal(t, http.StatusOK, get(h, "/package/good_input/0.1.0/").Code)
	doc := decodeDebug(t, h)
	assert.Equal(t, 2, doc.Validation.Refused)
	n := len(validator.ValidatePath(filepath.Join(dir, "bad_manifest_v3", "0.1.0"), validator.Options{}).Errors)
	require.NotZero(t, n)
	for _, p := range doc.Validation.Packages {
		if p.Path == "bad_manifest_v3/0.1.0" {
			assert.False(t, p.Served)
			assert.Contains(t, p.Error, fmt.Sprintf("package is invalid (%d errors): ", n))
		}
	}
	out := logs.String()
	assert.Contains(t, out, `"msg":"package not loaded"`)
	assert.Contains(t, out, fmt.Sprintf(`"error":"package is invalid (%d errors): `, n))
}

func TestMetrics(t *testing.T) {
	dir := opsRoot(t)
	rl, _ := newReloader(t, dir, ValidationReport)
	_, err := rl.Reload()
	require.NoError(t, err)
	h := rl.Handler(nil)
	for _, target := range []string{"/search", "/search", "/epr/good_input/good_input-0.1.0.zip",
		"/epr/hello/hello-1.0.0.zip.sig", "/package/good_input/0.1.0/docs/README.md", "/nowhere"} {
		get(h, target)
	}
	rec := get(rl.Metrics.Handler(), "/metrics")
	require.Equal(t, http.StatusOK, rec.Code)
	out := rec.Body.String()
	for _, want := range []string{
		`epr_service_info{instance="test-host",version="1.2.3"} 1`,
		`epr_number_indexed_packages 4`,
		`epr_http_requests_total{code="200",method="get",path="/search"} 2`,
		`epr_http_requests_total{code="404",method="get",path="unknown"} 1`,
		`epr_http_request_duration_seconds_count{code="200",method="get",path="/epr/{packageName}/{packageName:[a-z0-9_]+}-{packageVersion}.zip"} 1`,
		`epr_http_response_size_bytes_bucket{code="200",method="get",path="/search",le="16"} 0`,
		`epr_http_request_size_bytes_count{code="200",method="get",path="/package/{packageName}/{packageVersion}/{name:.*}"} 1`,
		`epr_in_flight_requests 0`,
		`epr_storage_requests_total{component="artifacts",location="local"} 1`,
		`epr_storage_requests_total{component="signatures",location="local"} 1`,
		`epr_storage_requests_total{component="statics",location="local"} 1`,
		`epr_storage_indexer_update_index_success_total 1`,
		`epr_storage_indexer_update_index_duration_seconds_count 1`,
		`pkgspec_registry_validation_packages{served="true",verdict="invalid"} 2`,
		`pkgspec_registry_validation_packages{served="true",verdict="valid"} 2`,
		`pkgspec_registry_validation_packages{served="false",verdict="invalid"} 1`,
		`go_goroutines `,
	} {
		assert.Contains(t, out, want)
	}
}

func TestAccessLog(t *testing.T) {
	var logs lockedBuffer
	h := AccessLog(slog.New(slog.NewJSONHandler(&logs, nil)), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
		io.WriteString(w, "short and stout")
	}))
	req := httptest.NewRequest(http.MethodGet, "http://registry.example:8080/search?kibana.version=9.0.0", nil)
	req.RemoteAddr = "192.0.2.7:5555"
	req.Header.Set("User-Agent", "Kibana/9.0.0")
	req.Header.Set("Referer", "http://kibana.example/")
	h.ServeHTTP(httptest.NewRecorder(), req)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/health", nil))

	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	require.Len(t, lines, 1, "/health is not logged")
	var rec map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &rec))
	assert.Equal(t, "GET /search HTTP/1.1", rec["msg"])
	assert.Equal(t, "INFO", rec["level"])
	for k, v := range map[string]any{
		"source.address": "192.0.2.7", "source.ip": "192.0.2.7", "http.request.method": "GET",
		"url.path": "/search", "url.domain": "registry.example", "url.port": 8080.0,
		"url.query": "kibana.version=9.0.0", "http.response.code": 418.0, "http.response.body.bytes": 15.0,
		"user_agent.original": "Kibana/9.0.0", "http.request.referer": "http://kibana.example/",
	} {
		assert.Equal(t, v, rec[k], k)
	}
	assert.Greater(t, rec["event.duration"], 0.0)
}

func TestWatchPicksUpChanges(t *testing.T) {
	dir := opsRoot(t)
	rl, logs := newReloader(t, dir, ValidationReport)
	_, err := rl.Reload()
	require.NoError(t, err)
	h := rl.Handler(nil)
	ix := rl.Server.Index()

	// Nothing changed: the index is kept.
	_, err = rl.Reload()
	require.NoError(t, err)
	assert.Same(t, ix, rl.Server.Index())

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { rl.Watch(ctx, 20*time.Millisecond); close(done) }()
	defer func() { cancel(); <-done }()

	eventually := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("not seen: %s\n%s", what, logs.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	copyFixture(t, dir, "good_input", "0.3.0")
	eventually("new version", func() bool { return get(h, "/package/good_input/0.3.0/").Code == http.StatusOK })

	require.NoError(t, os.RemoveAll(filepath.Join(dir, "good_integration_v3")))
	eventually("removed package", func() bool { return get(h, "/package/good_integration_v3/2.0.0/").Code == http.StatusNotFound })

	m := filepath.Join(dir, "good_input", "0.3.0", "manifest.yml")
	b, err := os.ReadFile(m)
	require.NoError(t, err)
	desc := manifestDescription(t, b)
	require.NoError(t, os.WriteFile(m, []byte(strings.Replace(string(b), desc, "Changed while serving", 1)), 0o644))
	later := time.Now().Add(2 * time.Second)
	require.NoError(t, os.Chtimes(m, later, later))
	eventually("changed package", func() bool {
		return strings.Contains(get(h, "/package/good_input/0.3.0/").Body.String(), "Changed while serving")
	})
	assert.Contains(t, logs.String(), "local package manifests reloaded")
}

// With NoDebug, the main handler answers /debug/packages as the Server answers an unknown
// path, and the Reloader still serves the document as a handler of its own.
func TestNoDebug(t *testing.T) {
	dir := opsRoot(t)
	rl, _ := newReloader(t, dir, ValidationReport)
	rl.NoDebug = true
	_, err := rl.Reload()
	require.NoError(t, err)
	rec := get(rl.Handler(nil), "/debug/packages")
	assert.Equal(t, http.StatusNotFound, rec.Code, rec.Body.String())
	assert.Equal(t, get(rl.Server, "/debug/packages").Body.String(), rec.Body.String())
	assert.Equal(t, "report", decodeDebug(t, rl).Validation.Mode)
}

// After a start and after a reload, the first requests for the answers Fleet asks first are
// answered from memory, with what the packages being served give.
func TestReloadPrecomputes(t *testing.T) {
	dir := opsRoot(t)
	rl, _ := newReloader(t, dir, ValidationReport)
	h := rl.Handler(nil)
	_, err := rl.Reload()
	require.NoError(t, err)
	m := rl.answers()

	check := func(want string) {
		t.Helper()
		direct := Conditional(rl.Server) // computes each answer
		for _, target := range []string{"/search?all=true", "/search", "/categories"} {
			for _, enc := range []string{"identity", "gzip"} {
				hits := m.hitCount()
				rec := get(h, target, "Accept-Encoding", enc)
				require.Equal(t, http.StatusOK, rec.Code)
				assert.Equal(t, hits+1, m.hitCount(), "%s %s answered from memory", target, enc)
				computed := get(direct, target, "Accept-Encoding", enc)
				assert.Equal(t, computed.Header(), rec.Header(), "%s %s", target, enc)
				assert.Equal(t, computed.Body.Bytes(), rec.Body.Bytes(), "%s %s", target, enc)
				body := rec.Body.Bytes()
				if enc == "gzip" && target != "/categories" { // too small to compress
					assert.Equal(t, "gzip", rec.Header().Get("Content-Encoding"), target)
					zr, err := gzip.NewReader(bytes.NewReader(body))
					require.NoError(t, err)
					body, err = io.ReadAll(zr)
					require.NoError(t, err)
				}
				if target == "/search?all=true" {
					assert.Contains(t, string(body), want)
				}
			}
		}
	}
	check(`"version": "1.0.0"`)
	// An answer not precomputed is computed.
	const polled = "/search?package=good_input&all=true&kibana.version=9.3.0"
	hits := m.hitCount()
	before := get(h, polled, "Accept-Encoding", "gzip")
	require.Equal(t, http.StatusOK, before.Code)
	assert.Equal(t, hits, m.hitCount())

	copyFixture(t, dir, "good_input", "0.3.0")
	_, err = rl.Reload()
	require.NoError(t, err)
	check(`"version": "0.3.0"`)

	// A question asked of the former index is asked again of the new one before it is served.
	hits = m.hitCount()
	after := get(h, polled, "Accept-Encoding", "gzip")
	assert.Equal(t, hits+1, m.hitCount(), "answered from memory")
	assert.NotEqual(t, before.Header().Get("ETag"), after.Header().Get("ETag"))
	zr, err := gzip.NewReader(after.Body)
	require.NoError(t, err)
	body, err := io.ReadAll(zr)
	require.NoError(t, err)
	assert.Equal(t, []string{"good_input@0.1.0", "good_input@0.3.0"}, found(t, body))
}
