package registry

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// MaxTagged is the largest response Conditional buffers to compute its ETag; larger ones are
// streamed as they are written, without ETag nor compression.
const MaxTagged = 32 << 20

// minGzip is the smallest body worth compressing.
const minGzip = 1024

// Bodies of largeGzip bytes or more are compressed at gzipFast on the request path, smaller
// ones at gzip.DefaultCompression. On a 2 MB /search answer (2,000 versions) level 3 takes
// 2.2 ms for 40 KB where the default takes 6.6 ms for 37 KB (level 1: 2.3 ms for 49 KB; 4
// and up switch to lazy matching, over 5 ms). The answers computed before an index is served
// (precompute) keep the default.
const (
	largeGzip = 256 << 10
	gzipFast  = 3
)

// Conditional wraps h so that every complete GET or HEAD answer 200 carries a strong ETag
// computed from its body (for a Server's /search, from the digests of its entries), requests whose If-None-Match names it get 304 Not Modified, and
// clients that accept gzip get compressible bodies (JSON, text, SVG, YAML) compressed, under
// their own ETag. Range requests, zip files and bodies over MaxTagged pass through as the
// handler writes them.
func Conditional(h http.Handler) http.Handler { return conditional(h, nil) }

// conditional is Conditional, remembering in m the answers m says are worth it.
func conditional(h http.Handler, m *memo) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method != http.MethodGet && r.Method != http.MethodHead) || r.Header.Get("Range") != "" {
			h.ServeHTTP(w, r)
			return
		}
		var key string
		var gen any
		if k := memoKey(m, r); k != "" {
			gen = m.generation()
			key = fullKey(k, r)
			if rd := m.get(gen, key); rd != nil {
				rd.write(w, r)
				return
			}
		}
		bw := &bufferedWriter{w: w, header: http.Header{}}
		h.ServeHTTP(bw, r)
		if rd := bw.finish(r); rd != nil {
			if key != "" {
				m.put(gen, key, rd, questionOf(r))
			}
			rd.write(w, r)
		}
	})
}

// fullKey is the memo key of the rendition of the answer named k that r asks for.
func fullKey(k string, r *http.Request) string {
	return fmt.Sprintf("%s %s gzip=%v", r.Method, k, acceptsGzip(r))
}

// memoKey names the answer to r in m, or is "" when there is no m or it does not keep the
// answer.
func memoKey(m *memo, r *http.Request) string {
	if m == nil {
		return ""
	}
	return m.keyOf(r)
}

// An answer is a complete body a handler hands over: the pieces it is made of, in order, none
// of which is changed afterwards (an answer made of pieces the index holds need not be joined).
type answer struct {
	pieces [][]byte
	tag    string // its strong ETag without quotes, when the handler knows it, else ""
	shared int    // how many of its bytes are held anyway while the index is served
}

// An owner is a ResponseWriter that can take an answer instead of copying it.
type owner interface {
	own(a answer)
}

// bufferedWriter holds a response until it is complete, or until it grows over MaxTagged.
type bufferedWriter struct {
	w         http.ResponseWriter
	header    http.Header
	code      int
	body      bytes.Buffer
	streaming bool
	owned     *answer // the body handed over, if it was
	thorough  bool    // compress at the default level whatever the size: no one is waiting
}

// own takes a as the whole body, unless something was written before.
func (b *bufferedWriter) own(a answer) {
	if b.code == 0 {
		b.code = http.StatusOK
	}
	if b.streaming || b.code != http.StatusOK || b.body.Len() > 0 || b.owned != nil || piecesLen(a.pieces) > MaxTagged {
		for _, p := range a.pieces {
			b.Write(p)
		}
		return
	}
	b.owned = &a
}

func (b *bufferedWriter) Header() http.Header {
	if b.streaming {
		return b.w.Header()
	}
	return b.header
}

func (b *bufferedWriter) WriteHeader(code int) {
	if b.code == 0 && !b.streaming {
		b.code = code
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	if b.code == 0 {
		b.code = http.StatusOK
	}
	if b.streaming {
		return b.w.Write(p)
	}
	if b.owned != nil { // written to after handing over: the body is copied after all
		for _, o := range b.owned.pieces {
			b.body.Write(o)
		}
		b.owned = nil
	}
	if b.body.Len()+len(p) > MaxTagged || b.code != http.StatusOK {
		b.stream()
		return b.w.Write(p)
	}
	return b.body.Write(p)
}

// stream sends the headers and what is buffered, and lets later writes through.
func (b *bufferedWriter) stream() {
	copyHeader(b.w.Header(), b.header)
	b.w.WriteHeader(b.code)
	if b.owned != nil {
		writePieces(b.w, b.owned.pieces)
	} else {
		b.w.Write(b.body.Bytes())
	}
	b.body, b.owned = bytes.Buffer{}, nil
	b.streaming = true
}

func copyHeader(dst, src http.Header) {
	for k, v := range src {
		dst[k] = v
	}
}

// finish ends a buffered response: a complete 200 answer is returned, with its ETag and
// compressed if it should be, for the caller to write; anything else is sent as it is.
func (b *bufferedWriter) finish(r *http.Request) *rendition {
	if b.streaming {
		return nil
	}
	if b.code == 0 {
		b.code = http.StatusOK
	}
	h := b.header
	a := b.owned
	if a == nil {
		a = &answer{pieces: [][]byte{b.body.Bytes()}}
	}
	pieces := a.pieces
	n := piecesLen(pieces)
	// A HEAD answered by http.ServeContent has no body but announces one: its ETag is
	// unknown here.
	headOnly := r.Method == http.MethodHead && n == 0 && h.Get("Content-Length") != "" && h.Get("Content-Length") != "0"
	if b.code != http.StatusOK || headOnly || h.Get("Content-Encoding") != "" {
		b.stream()
		return nil
	}
	tag := a.tag
	if tag == "" {
		d := sha256.New()
		for _, p := range pieces {
			d.Write(p)
		}
		tag = hex.EncodeToString(d.Sum(nil)[:16])
	}
	rd := &rendition{header: h, tag: tag}
	compressible := compressibleType(h.Get("Content-Type"))
	if compressible {
		h.Add("Vary", "Accept-Encoding")
	}
	gz := compressible && n >= minGzip && acceptsGzip(r)
	if gz {
		h.Set("ETag", `"`+rd.tag+`-gzip"`)
		var zb bytes.Buffer
		pool := &gzipWriters
		if n >= largeGzip && !b.thorough {
			pool = &fastGzipWriters
		}
		zw := pool.Get().(*gzip.Writer)
		zw.Reset(&zb)
		for _, p := range pieces {
			zw.Write(p)
		}
		zw.Close()
		pool.Put(zw)
		pieces, n = [][]byte{zb.Bytes()}, zb.Len()
		h.Set("Content-Encoding", "gzip")
	} else {
		h.Set("ETag", `"`+rd.tag+`"`)
	}
	h.Set("Content-Length", strconv.Itoa(n))
	if len(pieces) == 1 {
		rd.body = pieces[0]
	} else {
		rd.pieces, rd.held = pieces, n-a.shared
	}
	return rd
}

func piecesLen(pieces [][]byte) int {
	n := 0
	for _, p := range pieces {
		n += len(p)
	}
	return n
}

// writeChunk is the size of the writes of a body made of pieces: large enough that a 2 MB
// answer takes a few dozen system calls.
const writeChunk = 64 << 10

var chunks = sync.Pool{New: func() any { b := make([]byte, 0, writeChunk); return &b }}

// writePieces writes the pieces in order, gathered in writes of up to writeChunk bytes.
func writePieces(w io.Writer, pieces [][]byte) {
	buf := chunks.Get().(*[]byte)
	b := (*buf)[:0]
	for _, p := range pieces {
		if len(b)+len(p) > cap(b) && len(b) > 0 {
			w.Write(b)
			b = b[:0]
		}
		if len(p) >= cap(b) {
			w.Write(p)
			continue
		}
		b = append(b, p...)
	}
	if len(b) > 0 {
		w.Write(b)
	}
	chunks.Put(buf)
}

// rendition is a complete 200 answer with its ETag.
type rendition struct {
	header http.Header
	body   []byte
	pieces [][]byte // the body, when it is made of pieces: body is then nil
	held   int      // bytes of the pieces that only the rendition holds
	tag    string   // the ETag of the uncompressed body, without quotes
}

// size is the memory the rendition holds on its own.
func (rd *rendition) size() int { return len(rd.body) + 24*len(rd.pieces) + rd.held }

// write sends the answer, or 304 when the request's If-None-Match names it.
func (rd *rendition) write(w http.ResponseWriter, r *http.Request) {
	h := rd.header.Clone()
	if matchesETag(r.Header.Get("If-None-Match"), rd.tag) {
		for _, k := range []string{"Content-Type", "Content-Length", "Content-Encoding", "Last-Modified"} {
			h.Del(k)
		}
		copyHeader(w.Header(), h)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	copyHeader(w.Header(), h)
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	if rd.pieces != nil {
		writePieces(w, rd.pieces)
		return
	}
	w.Write(rd.body)
}

var gzipWriters, fastGzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	return w
}}, sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzipFast)
	return w
}}

// matchesETag tells whether an If-None-Match header names the body whose tag is tag, in any
// of its encodings (weak comparison, as RFC 9110 asks for If-None-Match).
func matchesETag(header, tag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" {
			return true
		}
		t = strings.TrimPrefix(t, "W/")
		t = strings.Trim(t, `"`)
		if t == tag || t == tag+"-gzip" {
			return true
		}
	}
	return false
}

// acceptsGzip tells whether the request's Accept-Encoding allows gzip.
func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept-Encoding") {
		for _, part := range strings.Split(v, ",") {
			name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			if !strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.TrimSpace(name) != "*" {
				continue
			}
			q := strings.ReplaceAll(params, " ", "")
			if q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000" {
				return false
			}
			return true
		}
	}
	return false
}

// compressibleType tells whether a media type is worth compressing: text, JSON, YAML, SVG,
// XML. Zip files, images and icons are not.
func compressibleType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	switch {
	case strings.HasPrefix(mt, "text/"):
		return true
	case strings.HasSuffix(mt, "json"), strings.HasSuffix(mt, "yaml"), strings.HasSuffix(mt, "xml"):
		return true
	}
	return false
}
