package registry

import (
	"net/http"
	"sort"
)

// serveSearch answers /search: the packages passing the filter of the query, as summaries
// sorted by name and version.
func (s *Server) serveSearch(w http.ResponseWriter, r *http.Request, ix *Index, _ []string) {
	f, err := parseFilter(r.URL.Query(), searchParams, !s.opts.RefuseUnknownQueryParameters)
	if err != nil {
		badRequest(w, err.Error())
		return
	}
	body, err := Search(ix, f)
	if err != nil {
		notFound(w, "fetching package failed: "+err.Error())
		return
	}
	serveJSON(w, s.opts.CacheTimeSearch, body)
}

// Search returns the /search document for the filter f: a JSON list of package summaries,
// "[]" when nothing matches.
func Search(ix *Index, f *Filter) ([]byte, error) {
	res, err := ix.Find(f)
	if err != nil {
		return nil, err
	}
	if len(res) == 0 {
		return []byte("[]"), nil
	}
	sort.SliceStable(res, func(i, j int) bool {
		if res[i].Name != res[j].Name {
			return res[i].Name < res[j].Name
		}
		return res[i].version.LessThan(res[j].version)
	})
	out := make([]Summary, len(res))
	for i, p := range res {
		out[i] = p.Doc.summary(p.Templates)
	}
	return prettyJSON(out)
}
