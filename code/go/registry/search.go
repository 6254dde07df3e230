package registry

import (
	"bytes"
	"encoding/json"
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
	parts := make([][]byte, len(res))
	size := 0
	for i, r := range res {
		parts[i] = r.summary
		if r.Trimmed || r.summary == nil {
			d, err := r.Document()
			if err != nil {
				return nil, err
			}
			templates := d.PolicyTemplates
			if r.Trimmed {
				templates = r.Templates
			}
			if parts[i], err = encodeSummary(d.summary(templates)); err != nil {
				return nil, err
			}
		}
		size += len(parts[i]) + 4
	}
	return joinList(parts, size), nil
}

// searchIndent is the prefix and the indent of each encoded /search entry: that of an
// element of the list.
const searchIndent = "  "

// encodeSummary encodes s as an element of the list Search writes: indented as
// json.Encoder.SetIndent("", "  ") indents a list's elements, without the leading indentation.
func encodeSummary(s Summary) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent(searchIndent, searchIndent)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// joinList writes the encoded elements as the indented list prettyJSON would write.
func joinList(parts [][]byte, size int) []byte {
	out := make([]byte, 0, size+4)
	out = append(out, "[\n"...)
	for i, p := range parts {
		out = append(out, "  "...)
		out = append(out, p...)
		if i < len(parts)-1 {
			out = append(out, ',')
		}
		out = append(out, '\n')
	}
	return append(out, "]\n"...)
}
