package registry

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"
)

// AccessLog wraps h so that every request but /health is logged to log, at level Info, with
// the message "METHOD PATH PROTO" and the Elastic Common Schema fields the Elastic Package
// Registry logs: source.address, source.ip or source.domain, http.request.method, url.path,
// url.domain, url.port, url.query, http.request.referer, user_agent.original,
// http.response.code, http.response.body.bytes and event.duration (nanoseconds).
func AccessLog(log *slog.Logger, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/health" {
			h.ServeHTTP(w, r)
			return
		}
		start := time.Now()
		cw := &countingWriter{ResponseWriter: w}
		h.ServeHTTP(cw, r)
		if cw.code == 0 {
			cw.code = http.StatusOK
		}
		domain, port, err := net.SplitHostPort(r.Host)
		if err != nil {
			domain = r.Host
		}
		if ip := net.ParseIP(domain); ip != nil && ip.To4() == nil {
			domain = "[" + domain + "]"
		}
		source, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			source = r.RemoteAddr
		}
		attrs := []slog.Attr{
			slog.String("source.address", source),
			slog.String("http.request.method", r.Method),
			slog.String("url.path", r.URL.Path),
			slog.String("url.domain", domain),
			slog.Int("http.response.code", cw.code),
			slog.Int64("http.response.body.bytes", cw.n),
			slog.Int64("event.duration", time.Since(start).Nanoseconds()),
		}
		if net.ParseIP(source) != nil {
			attrs = append(attrs, slog.String("source.ip", source))
		} else {
			attrs = append(attrs, slog.String("source.domain", source))
		}
		if v := r.Referer(); v != "" {
			attrs = append(attrs, slog.String("http.request.referer", v))
		}
		if v := r.UserAgent(); v != "" {
			attrs = append(attrs, slog.String("user_agent.original", v))
		}
		if v := r.URL.RawQuery; v != "" {
			attrs = append(attrs, slog.String("url.query", v))
		}
		if p, err := strconv.Atoi(port); err == nil && p != 0 {
			attrs = append(attrs, slog.Int("url.port", p))
		}
		log.LogAttrs(context.Background(), slog.LevelInfo, r.Method+" "+r.URL.Path+" "+r.Proto, attrs...)
	})
}

// countingWriter records the status code and the number of body bytes written.
type countingWriter struct {
	http.ResponseWriter
	code int
	n    int64
}

func (c *countingWriter) WriteHeader(code int) {
	if c.code == 0 {
		c.code = code
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *countingWriter) Write(p []byte) (int, error) {
	if c.code == 0 {
		c.code = http.StatusOK
	}
	n, err := c.ResponseWriter.Write(p)
	c.n += int64(n)
	return n, err
}

// Unwrap gives http.ResponseController the underlying writer.
func (c *countingWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }
