package registry

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
)

// CategoryCount is an entry of /categories.
type CategoryCount struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Count       int    `json:"count"`
	ParentID    string `json:"parent_id,omitempty"`
	ParentTitle string `json:"parent_title,omitempty"`
}

// serveCategories answers /categories: the categories of the packages passing the filter, with
// how many packages (and, when asked, policy templates) are in each.
func (s *Server) serveCategories(w http.ResponseWriter, r *http.Request, ix *Index, _ []string) {
	q := r.URL.Query()
	f, err := parseFilter(q, categoriesParams, !s.opts.RefuseUnknownQueryParameters)
	if err != nil {
		badRequest(w, err.Error())
		return
	}
	withTemplates := false
	if v := q.Get("include_policy_templates"); v != "" {
		if withTemplates, err = strconv.ParseBool(v); err != nil {
			badRequest(w, fmt.Sprintf("invalid 'include_policy_templates' query param: '%s'", v))
			return
		}
	}
	res, err := ix.Find(f)
	if err != nil {
		notFound(w, err.Error())
		return
	}
	body, err := prettyJSON(CountCategories(res, withTemplates))
	if err != nil {
		internalError(w)
		return
	}
	serveJSON(w, s.opts.CacheTimeCategories, body)
}

// CountCategories counts the packages found in each category, sorted by category id. With
// templates, a package with several policy templates (or one with its own categories) counts
// again for each template, in the package's categories and in the template's: the counting
// Fleet has always been shown.
func CountCategories(res []Result, templates bool) []CategoryCount {
	counts := map[string]int{}
	for _, p := range res {
		cats := p.brief.Categories
		for _, c := range cats {
			counts[c]++
		}
		if !templates {
			continue
		}
		var extra []string
		for _, t := range p.brief.Templates {
			if t.Categories == nil && len(p.brief.Templates) == 1 {
				break
			}
			for _, c := range cats {
				counts[c]++
			}
			for _, c := range t.Categories {
				if !inCategory(cats, c) && !slices.Contains(extra, c) {
					extra = append(extra, c)
					counts[c]++
				}
				counts[c]++
			}
		}
	}
	ids := make([]string, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make([]CategoryCount, 0, len(ids))
	for _, id := range ids {
		c := CategoryCount{ID: id, Title: id, Count: counts[id]}
		if known, ok := categories[id]; ok {
			c.Title = known.Title
			if parent, ok := categories[known.Parent]; ok && known.Parent != "" {
				c.ParentID, c.ParentTitle = parent.ID, parent.Title
			}
		}
		out = append(out, c)
	}
	return out
}
