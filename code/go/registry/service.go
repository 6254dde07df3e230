package registry

import (
	_ "embed"
	"net/http"
)

//go:embed favicon.ico
var favicon []byte

// serveAbout answers / and /index.json with the service's name and version.
func (s *Server) serveAbout(w http.ResponseWriter, _ *http.Request, _ *Index, _ []string) {
	serveJSON(w, s.opts.CacheTimeIndex, s.about)
}

// serveHealth answers 200 once packages are loaded, 503 before.
func (s *Server) serveHealth(w http.ResponseWriter, _ *http.Request, _ *Index, _ []string) {
	if s.index.Load() == nil {
		noCache(w)
		http.Error(w, "packages are being loaded", http.StatusServiceUnavailable)
	}
}

// serveFavicon answers /favicon.ico.
func (s *Server) serveFavicon(w http.ResponseWriter, _ *http.Request, _ *Index, _ []string) {
	w.Header().Set("Content-Type", "image/x-icon")
	cacheFor(w, s.opts.CacheTimeCatchAll)
	w.Write(favicon)
}
