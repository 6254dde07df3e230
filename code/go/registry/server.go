package registry

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"
	"sync/atomic"
	"time"
)

// Options configure a Server. Zero cache times are replaced by the EPR's defaults.
type Options struct {
	// Cache times sent in Cache-Control: for / and /index.json and package documents, for
	// /search, for /categories, and for everything else (files, zips, signatures, favicon).
	CacheTimeIndex      time.Duration
	CacheTimeSearch     time.Duration
	CacheTimeCategories time.Duration
	CacheTimeCatchAll   time.Duration
	// RefuseUnknownQueryParameters makes /search and /categories answer 400 to parameters they
	// do not know, instead of ignoring them.
	RefuseUnknownQueryParameters bool
	// ServiceName and ServiceVersion are what / reports. They default to the EPR's name and
	// to the EPR version whose API this package implements, as clients may look at them.
	ServiceName    string
	ServiceVersion string
	// Logger receives errors met while serving; nil discards them.
	Logger *slog.Logger
}

// APIVersion is the version of the Elastic Package Registry whose API the server follows.
const APIVersion = "1.40.1"

// Defaults of the EPR.
const (
	DefaultCacheTimeIndex      = 10 * time.Second
	DefaultCacheTimeSearch     = 10 * time.Minute
	DefaultCacheTimeCategories = 10 * time.Minute
	DefaultCacheTimeCatchAll   = 10 * time.Minute
)

// Server is the registry's http.Handler.
type Server struct {
	opts  Options
	index atomic.Pointer[Index]
	about []byte
	// entries holds what is derived once from the index served, and next from an index
	// about to be (see prepare).
	entries, next atomic.Pointer[searchEntries]
}

// NewServer returns a server without packages: it answers 503 until SetIndex is called.
func NewServer(opts Options) *Server {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&opts.CacheTimeIndex, DefaultCacheTimeIndex)
	def(&opts.CacheTimeSearch, DefaultCacheTimeSearch)
	def(&opts.CacheTimeCategories, DefaultCacheTimeCategories)
	def(&opts.CacheTimeCatchAll, DefaultCacheTimeCatchAll)
	if opts.ServiceName == "" {
		opts.ServiceName = "package-registry"
	}
	if opts.ServiceVersion == "" {
		opts.ServiceVersion = APIVersion
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{opts: opts}
	s.about, _ = prettyJSON(struct {
		Name    string `json:"service.name"`
		Version string `json:"service.version"`
	}{opts.ServiceName, opts.ServiceVersion})
	return s
}

// Version is the version of the registry the server says it is, in / and its metrics.
func (s *Server) Version() string { return s.opts.ServiceVersion }

// SetIndex replaces the packages served. It is safe to call while serving.
func (s *Server) SetIndex(ix *Index) {
	s.entries.Store(s.prepare(ix))
	s.index.Store(ix)
	s.next.Store(nil)
}

// Index returns the packages served, or nil before the first SetIndex.
func (s *Server) Index() *Index { return s.index.Load() }

// A route is one endpoint: a path pattern and its handler. Patterns whose template ends with
// "/" redirect requests without it, and the other way round, as the EPR's router does.
type route struct {
	re        *regexp.Regexp
	endsSlash bool
	serve     func(s *Server, w http.ResponseWriter, r *http.Request, ix *Index, vars []string)
	needIndex bool
}

func exact(p string, serve func(*Server, http.ResponseWriter, *http.Request, *Index, []string), needIndex bool) route {
	t := strings.TrimSuffix(p, "/")
	return route{re: regexp.MustCompile("^" + regexp.QuoteMeta(t) + "[/]?$"), endsSlash: strings.HasSuffix(p, "/"), serve: serve, needIndex: needIndex}
}

var routes = []route{
	exact("/", (*Server).serveAbout, false),
	exact("/index.json", (*Server).serveAbout, false),
	exact("/search", (*Server).serveSearch, true),
	exact("/categories", (*Server).serveCategories, true),
	exact("/health", (*Server).serveHealth, false),
	exact("/favicon.ico", (*Server).serveFavicon, false),
	// The file name repeats the package name; the one in the file name counts.
	{re: regexp.MustCompile(`^/epr/([^/]+)/([a-z0-9_]+)-([^/]+)\.zip[/]?$`), serve: (*Server).serveZip, needIndex: true},
	{re: regexp.MustCompile(`^/epr/([^/]+)/([a-z0-9_]+)-([^/]+)\.zip\.sig[/]?$`), serve: (*Server).serveSignature, needIndex: true},
	{re: regexp.MustCompile(`^/package/([a-z0-9_]+)/([^/]+)[/]?$`), endsSlash: true, serve: (*Server).serveDocument, needIndex: true},
	{re: regexp.MustCompile(`^/package/([^/]+)/([^/]+)/(.*)[/]?$`), serve: (*Server).serveFile, needIndex: true},
}

// ServeHTTP routes a request to its endpoint.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.serve(w, r, s.index.Load()) }

// serve answers r from the packages of ix.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, ix *Index) {
	p := r.URL.Path
	if clean := cleanPath(p); clean != p {
		u := *r.URL
		u.Path = clean
		w.Header().Set("Location", u.String())
		w.WriteHeader(http.StatusMovedPermanently)
		return
	}
	for _, rt := range routes {
		m := rt.re.FindStringSubmatch(p)
		if m == nil {
			continue
		}
		w.Header().Set("Access-Control-Allow-Origin", "*")
		if hasSlash := strings.HasSuffix(p, "/"); hasSlash != rt.endsSlash {
			u, _ := url.Parse(r.URL.String())
			if hasSlash {
				u.Path = u.Path[:len(u.Path)-1]
			} else {
				u.Path += "/"
			}
			http.Redirect(w, r, u.String(), http.StatusMovedPermanently)
			return
		}
		if rt.needIndex && ix == nil {
			noCache(w)
			http.Error(w, "packages are being loaded", http.StatusServiceUnavailable)
			return
		}
		rt.serve(s, w, r, ix, m[1:])
		return
	}
	notFound(w, "404 page not found")
}

// cleanPath is path.Clean keeping a trailing slash.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	if p[0] != '/' {
		p = "/" + p
	}
	np := path.Clean(p)
	if p[len(p)-1] == '/' && np != "/" {
		np += "/"
	}
	return np
}

func cacheFor(w http.ResponseWriter, d time.Duration) {
	w.Header().Add("Cache-Control", fmt.Sprintf("max-age=%.0f", d.Seconds()))
	w.Header().Add("Cache-Control", "public")
}

func noCache(w http.ResponseWriter) {
	w.Header().Add("Cache-Control", "max-age=0")
	w.Header().Add("Cache-Control", "private, no-store")
}

func notFound(w http.ResponseWriter, msg string) {
	noCache(w)
	http.Error(w, msg, http.StatusNotFound)
}

func badRequest(w http.ResponseWriter, msg string) {
	noCache(w)
	http.Error(w, msg, http.StatusBadRequest)
}

func internalError(w http.ResponseWriter) {
	http.Error(w, "internal server error", http.StatusInternalServerError)
}

// prettyJSON encodes v indented by two spaces, without HTML escaping, ending with a newline.
func prettyJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// serveJSON answers body, which the handler hands over and does not change afterwards.
func serveJSON(w http.ResponseWriter, cache time.Duration, body []byte) {
	serveAnswer(w, cache, answer{pieces: [][]byte{body}})
}

// serveAnswer is serveJSON for an answer made of pieces.
func serveAnswer(w http.ResponseWriter, cache time.Duration, a answer) {
	cacheFor(w, cache)
	w.Header().Set("Content-Type", "application/json")
	if o, ok := w.(owner); ok {
		o.own(a)
		return
	}
	for _, p := range a.pieces {
		w.Write(p)
	}
}
