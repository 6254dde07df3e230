package registry

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func opsServer(t *testing.T) http.Handler {
	t.Helper()
	big := strings.Repeat("A long readme line that compresses well.\n", 100)
	r := newRoot().
		folder("hello/1.0.0", pkg("hello", "1.0.0", "", files{"docs/README.md": big})).
		zip(t, "zipped-1.0.0.zip", "zipped-1.0.0", pkg("zipped", "1.0.0", "", nil), true)
	return Conditional(serverFor(t, Options{}, r))
}

func TestConditionalETag(t *testing.T) {
	h := opsServer(t)
	for _, target := range []string{"/", "/search", "/search?all=true", "/categories", "/package/hello/1.0.0/",
		"/package/hello/1.0.0/docs/README.md", "/epr/hello/hello-1.0.0.zip", "/epr/zipped/zipped-1.0.0.zip", "/favicon.ico"} {
		first := get(h, target)
		require.Equal(t, http.StatusOK, first.Code, target)
		tag := first.Header().Get("ETag")
		require.Regexp(t, `^"[0-9a-f]{32}"$`, tag, target)
		again := get(h, target)
		assert.Equal(t, tag, again.Header().Get("ETag"), "%s: the tag is stable", target)
		assert.Equal(t, first.Body.Bytes(), again.Body.Bytes())

		nm := get(h, target, "If-None-Match", `"other", `+tag)
		assert.Equal(t, http.StatusNotModified, nm.Code, target)
		assert.Empty(t, nm.Body.Bytes())
		assert.Equal(t, tag, nm.Header().Get("ETag"))
		assert.Equal(t, first.Header().Values("Cache-Control"), nm.Header().Values("Cache-Control"))

		other := get(h, target, "If-None-Match", `"0123"`)
		assert.Equal(t, http.StatusOK, other.Code)
		assert.Equal(t, first.Body.Bytes(), other.Body.Bytes())
	}
	// Errors are not tagged.
	nf := get(h, "/package/nope/1.0.0/")
	assert.Equal(t, http.StatusNotFound, nf.Code)
	assert.Empty(t, nf.Header().Get("ETag"))
	assert.Equal(t, "package revision not found\n", nf.Body.String())
}

func TestConditionalGzip(t *testing.T) {
	h := opsServer(t)
	plain := get(h, "/package/hello/1.0.0/docs/README.md")
	gz := get(h, "/package/hello/1.0.0/docs/README.md", "Accept-Encoding", "br, gzip;q=0.8")
	require.Equal(t, http.StatusOK, gz.Code)
	assert.Equal(t, "gzip", gz.Header().Get("Content-Encoding"))
	assert.Contains(t, gz.Header().Values("Vary"), "Accept-Encoding")
	assert.Less(t, gz.Body.Len(), plain.Body.Len()/4)
	zr, err := gzip.NewReader(bytes.NewReader(gz.Body.Bytes()))
	require.NoError(t, err)
	unzipped, err := io.ReadAll(zr)
	require.NoError(t, err)
	assert.Equal(t, plain.Body.Bytes(), unzipped)
	assert.Equal(t, strings.TrimSuffix(plain.Header().Get("ETag"), `"`)+`-gzip"`, gz.Header().Get("ETag"))
	assert.Equal(t, http.StatusNotModified, get(h, "/package/hello/1.0.0/docs/README.md", "Accept-Encoding", "gzip", "If-None-Match", gz.Header().Get("ETag")).Code)

	// Not for zips, not when refused, not for small bodies.
	for _, c := range []struct{ target, enc string }{
		{"/epr/hello/hello-1.0.0.zip", "gzip"},
		{"/epr/zipped/zipped-1.0.0.zip", "gzip"},
		{"/package/hello/1.0.0/docs/README.md", "gzip;q=0"},
		{"/package/hello/1.0.0/docs/README.md", "identity"},
		{"/", "gzip"},
	} {
		rec := get(h, c.target, "Accept-Encoding", c.enc)
		assert.Equal(t, http.StatusOK, rec.Code)
		assert.Empty(t, rec.Header().Get("Content-Encoding"), "%s %s", c.target, c.enc)
	}
}

func TestConditionalRangePassesThrough(t *testing.T) {
	h := opsServer(t)
	rec := get(h, "/epr/zipped/zipped-1.0.0.zip", "Range", "bytes=0-9", "Accept-Encoding", "gzip")
	assert.Equal(t, http.StatusPartialContent, rec.Code)
	assert.Equal(t, 10, rec.Body.Len())
	assert.Empty(t, rec.Header().Get("Content-Encoding"))
	assert.Empty(t, rec.Header().Get("ETag"))
}

func TestConditionalHead(t *testing.T) {
	h := opsServer(t)
	req := httptest.NewRequest(http.MethodHead, "/package/hello/1.0.0/docs/README.md", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.NotEmpty(t, rec.Header().Get("Content-Length"))
	assert.Empty(t, rec.Body.Bytes())
}

func TestConditionalLargeBodyStreams(t *testing.T) {
	chunk := bytes.Repeat([]byte("x"), 1<<20)
	h := Conditional(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		for range MaxTagged>>20 + 1 {
			w.Write(chunk)
		}
	}))
	rec := get(h, "/big", "Accept-Encoding", "gzip")
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, MaxTagged+1<<20, rec.Body.Len())
	assert.Empty(t, rec.Header().Get("ETag"))
	assert.Empty(t, rec.Header().Get("Content-Encoding"))
}

func TestAcceptsGzip(t *testing.T) {
	for enc, want := range map[string]bool{"": false, "gzip": true, "deflate, GZIP": true, "gzip;q=0": false,
		"gzip; q=0.5": true, "*": true, "br": false, "x-gzip": false} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		if enc != "" {
			r.Header.Set("Accept-Encoding", enc)
		}
		assert.Equal(t, want, acceptsGzip(r), enc)
	}
}

func TestConditionalOwnedBody(t *testing.T) {
	body := []byte(strings.Repeat(`{"a": "b"}`, 200))
	cases := []struct {
		name  string
		serve func(w http.ResponseWriter)
		want  string
		tag   string // "" for the digest of the body
	}{
		{"owned", func(w http.ResponseWriter) { serveJSON(w, time.Second, body) }, string(body), ""},
		{"owned with its tag", func(w http.ResponseWriter) {
			serveAnswer(w, time.Second, answer{pieces: [][]byte{body[:100], body[100:]}, tag: "0123456789abcdef0123456789abcdef"})
		},
			string(body), "0123456789abcdef0123456789abcdef"},
		{"written to after", func(w http.ResponseWriter) {
			serveAnswer(w, time.Second, answer{pieces: [][]byte{body[:100], body[100:]}, tag: "0123456789abcdef0123456789abcdef"})
			w.Write([]byte("more"))
		}, string(body) + "more", ""},
		{"written to before", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte("before"))
			serveAnswer(w, time.Second, answer{pieces: [][]byte{body[:100], body[100:]}, tag: "0123456789abcdef0123456789abcdef"})
		}, "before" + string(body), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := Conditional(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { c.serve(w) }))
			rec := get(h, "/x")
			require.Equal(t, http.StatusOK, rec.Code)
			assert.Equal(t, c.want, rec.Body.String())
			tag := c.tag
			if tag == "" {
				sum := sha256.Sum256([]byte(c.want))
				tag = hex.EncodeToString(sum[:16])
			}
			assert.Equal(t, `"`+tag+`"`, rec.Header().Get("ETag"))
			assert.Equal(t, strconv.Itoa(len(c.want)), rec.Header().Get("Content-Length"))

			gz := get(h, "/x", "Accept-Encoding", "gzip")
			assert.Equal(t, `"`+tag+`-gzip"`, gz.Header().Get("ETag"))
			zr, err := gzip.NewReader(gz.Body)
			require.NoError(t, err)
			unzipped, err := io.ReadAll(zr)
			require.NoError(t, err)
			assert.Equal(t, c.want, string(unzipped))
		})
	}
	// Without Conditional the body is written as it is.
	rec := httptest.NewRecorder()
	serveJSON(rec, time.Second, body)
	assert.Equal(t, string(body), rec.Body.String())
}

// writeLog records the writes it gets.
type writeLog struct {
	b      bytes.Buffer
	writes int
}

func (c *writeLog) Write(p []byte) (int, error) { c.writes++; return c.b.Write(p) }

func TestWritePieces(t *testing.T) {
	var pieces [][]byte
	var want bytes.Buffer
	for i := range 3000 {
		p := bytes.Repeat([]byte{byte('a' + i%26)}, i%1500)
		if i == 1000 {
			p = bytes.Repeat([]byte("big"), writeChunk) // larger than a chunk: written as it is
		}
		pieces = append(pieces, p)
		want.Write(p)
	}
	var w writeLog
	writePieces(&w, pieces)
	assert.Equal(t, want.Len(), w.b.Len())
	assert.True(t, bytes.Equal(want.Bytes(), w.b.Bytes()))
	assert.LessOrEqual(t, w.writes, want.Len()/(writeChunk/2)+3, "gathered in chunks")
}

func TestConditionalGzipLarge(t *testing.T) {
	var pieces [][]byte
	for i := range 8000 {
		pieces = append(pieces, fmt.Appendf(nil, `{"name": "package%d", "version": "1.%d.0"},`, i%50, i))
	}
	n := piecesLen(pieces)
	require.Greater(t, n, largeGzip)
	h := Conditional(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		serveAnswer(w, time.Second, answer{pieces: pieces})
	}))
	plain := get(h, "/x")
	require.Equal(t, n, plain.Body.Len())
	for _, thorough := range []bool{false, true} {
		bw := &bufferedWriter{w: httptest.NewRecorder(), header: http.Header{}, thorough: thorough}
		bw.Header().Set("Content-Type", "application/json")
		bw.own(answer{pieces: pieces})
		rd := bw.finish(httptest.NewRequest(http.MethodGet, "/x", nil))
		require.NotNil(t, rd)
		req := httptest.NewRequest(http.MethodGet, "/x", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		bw = &bufferedWriter{w: httptest.NewRecorder(), header: http.Header{}, thorough: thorough}
		bw.Header().Set("Content-Type", "application/json")
		bw.own(answer{pieces: pieces})
		zrd := bw.finish(req)
		require.NotNil(t, zrd)
		assert.Equal(t, rd.tag, zrd.tag)
		assert.Equal(t, "gzip", zrd.header.Get("Content-Encoding"))
		assert.Equal(t, strconv.Itoa(len(zrd.body)), zrd.header.Get("Content-Length"))
		assert.Less(t, len(zrd.body), n/4)
		zr, err := gzip.NewReader(bytes.NewReader(zrd.body))
		require.NoError(t, err)
		unzipped, err := io.ReadAll(zr)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(plain.Body.Bytes(), unzipped), "thorough=%v", thorough)
	}
	gz := get(h, "/x", "Accept-Encoding", "gzip")
	assert.Equal(t, strings.TrimSuffix(plain.Header().Get("ETag"), `"`)+`-gzip"`, gz.Header().Get("ETag"))
}

func TestRenditionSize(t *testing.T) {
	shared, own := bytes.Repeat([]byte("s"), 1500), bytes.Repeat([]byte("o"), 500)
	for _, c := range []struct {
		a    answer
		want int
	}{
		{answer{pieces: [][]byte{shared, own}, shared: 1500}, 2*24 + 500}, // the memo counts what only it holds
		{answer{pieces: [][]byte{shared, own}}, 2*24 + 2000},
		{answer{pieces: [][]byte{own}}, 500},
	} {
		bw := &bufferedWriter{w: httptest.NewRecorder(), header: http.Header{}}
		bw.Header().Set("Content-Type", "application/json")
		bw.own(c.a)
		rd := bw.finish(httptest.NewRequest(http.MethodGet, "/x", nil))
		require.NotNil(t, rd)
		assert.Equal(t, c.want, rd.size())
	}
}
