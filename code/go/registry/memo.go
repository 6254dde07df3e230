package registry

import (
	"container/list"
	"net/http"
	"regexp"
	"strconv"
	"sync"
)

// Answers computed from the index alone (searches, categories, package documents, the
// service document) are remembered, per index, so that the same question asked again, as
// Fleet does for each Kibana version, costs a map lookup instead of a filter and a JSON
// encoding. A new index forgets them all. Memory is bounded by memoBudget; answers over
// memoMaxEntry are not kept.
const (
	memoBudget   = 64 << 20
	memoMaxEntry = 8 << 20
)

// memoRoutes are the paths whose answers depend only on the index and the request's URL.
var memoRoutes = regexp.MustCompile(`^/(|index\.json|search/?|categories/?|package/[a-z0-9_]+/[^/]+/)$`)

func memoizable(p string) bool { return memoRoutes.MatchString(p) }

// rawKey names the answer to r by its path and query as they were sent, or is "" for
// answers not remembered.
func rawKey(r *http.Request) string {
	if !memoizable(r.URL.Path) {
		return ""
	}
	return r.URL.RequestURI()
}

// answerKey names the answer s gives to r by what r asks, or is "" for answers not
// remembered (and for questions s refuses, so that a refusal is never answered from memory).
// The filters of /search and /categories are written in their canonical form: requests
// differing only by ignored parameters, the order of parameters or the spelling of a value
// (prerelease=1 and prerelease=true, kibana.version=9.1 and 9.1.0) share one answer. The
// other remembered routes do not read the query.
func (s *Server) answerKey(r *http.Request) string {
	p := r.URL.Path
	if !memoizable(p) {
		return ""
	}
	allow := !s.opts.RefuseUnknownQueryParameters
	switch p {
	case "/search":
		f, err := parseFilter(r.URL.Query(), searchParams, allow)
		if err != nil {
			return ""
		}
		return p + "?" + f.canonical()
	case "/categories":
		q := r.URL.Query()
		f, err := parseFilter(q, categoriesParams, allow)
		if err != nil {
			return ""
		}
		templates := false
		if v := q.Get("include_policy_templates"); v != "" {
			if templates, err = strconv.ParseBool(v); err != nil {
				return ""
			}
		}
		return p + "?" + f.canonical() + "&include_policy_templates=" + strconv.FormatBool(templates)
	}
	return p
}

// memo is a least-recently-used set of answers for one generation of the index.
type memo struct {
	generation func() any                 // the index answers are computed from
	key        func(*http.Request) string // names an answer, "" for none; rawKey when nil

	mu    sync.Mutex
	gen   any
	size  int
	items map[string]*list.Element
	lru   list.List // of *memoItem, most recent first
}

type memoItem struct {
	key string
	rd  *rendition
}

func newMemo(generation func() any) *memo {
	return &memo{generation: generation, items: map[string]*list.Element{}}
}

// keyOf names the answer to r, "" when it is not remembered.
func (m *memo) keyOf(r *http.Request) string {
	if m.key == nil {
		return rawKey(r)
	}
	return m.key(r)
}

func (m *memo) get(gen any, key string) *rendition {
	m.mu.Lock()
	defer m.mu.Unlock()
	if gen != m.gen {
		return nil
	}
	e := m.items[key]
	if e == nil {
		return nil
	}
	m.lru.MoveToFront(e)
	return e.Value.(*memoItem).rd
}

func (m *memo) put(gen any, key string, rd *rendition) {
	n := rd.size() + len(key)
	if n > memoMaxEntry || gen == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if gen != m.gen {
		if gen != m.generation() {
			return // computed from an index already replaced
		}
		m.gen, m.size, m.items = gen, 0, map[string]*list.Element{}
		m.lru.Init()
	}
	if _, ok := m.items[key]; ok {
		return
	}
	m.items[key] = m.lru.PushFront(&memoItem{key, rd})
	m.size += n
	for m.size > memoBudget {
		last := m.lru.Back()
		it := last.Value.(*memoItem)
		m.lru.Remove(last)
		delete(m.items, it.key)
		m.size -= it.rd.size() + len(it.key)
	}
}
