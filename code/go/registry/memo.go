package registry

import (
	"container/list"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"
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

// precomputed are the requests Fleet makes first, whose answers are computed (plain and
// gzipped) before a new index is served.
var precomputed = []string{"/search", "/search?all=true", "/categories"}

// Besides those, up to recomputed of the questions most recently answered from the index
// served are asked again of the new one, within recomputeTime: a reload is then invisible to
// the clients polling with their own parameters (a Kibana version). The work per load is
// bounded: six answers, then as many of these as the time allows.
const (
	recomputed    = 16
	recomputeTime = 250 * time.Millisecond
)

// precompute stages in m the answers of s, for the index ix that is about to be served, to the
// precomputed requests and to the latest questions m remembers. Compression is thorough for
// the first (no client is waiting), as it will be on the request path for the others.
func precompute(s *Server, m *memo, ix *Index) {
	if ix == nil {
		return
	}
	s.prepare(ix)
	var asks []question
	for _, target := range precomputed {
		asks = append(asks, question{target, false}, question{target, true})
	}
	fixed := len(asks)
	asks = append(asks, m.recent(recomputed)...)
	start := time.Now()
	done := map[string]bool{}
	for i, q := range asks {
		if i >= fixed && time.Since(start) > recomputeTime {
			break
		}
		r, err := http.NewRequest(http.MethodGet, q.target, nil)
		if err != nil {
			continue
		}
		r.Header.Set("Accept-Encoding", "identity")
		if q.gzip {
			r.Header.Set("Accept-Encoding", "gzip")
		}
		k := m.keyOf(r)
		if k == "" || done[fullKey(k, r)] {
			continue
		}
		done[fullKey(k, r)] = true
		bw := &bufferedWriter{w: discard{http.Header{}}, header: http.Header{}, thorough: i < fixed}
		s.serve(bw, r, ix)
		if rd := bw.finish(r); rd != nil {
			m.stage(ix, fullKey(k, r), rd, q)
		}
	}
}

// A question is a GET whose answer the memo keeps, as it was asked: the path and query, and
// whether the answer was gzipped.
type question struct {
	target string
	gzip   bool
}

// questionOf is the question r asks, or none ("" target) when r is not a GET.
func questionOf(r *http.Request) question {
	if r.Method != http.MethodGet {
		return question{}
	}
	return question{r.URL.RequestURI(), acceptsGzip(r)}
}

// discard is a ResponseWriter that drops what is written.
type discard struct{ h http.Header }

func (d discard) Header() http.Header         { return d.h }
func (d discard) Write(p []byte) (int, error) { return len(p), nil }
func (d discard) WriteHeader(int)             {}

// memo is a least-recently-used set of answers for one generation of the index.
type memo struct {
	generation func() any                 // the index answers are computed from
	key        func(*http.Request) string // names an answer, "" for none; rawKey when nil

	mu    sync.Mutex
	gen   any
	size  int
	items map[string]*list.Element
	lru   list.List // of *memoItem, most recent first
	hits  int64
	// Answers computed ahead for the generation next, before it is served (see stage).
	next   any
	staged []memoItem
}

type memoItem struct {
	key string
	rd  *rendition
	q   question // what was asked, when known
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
	if gen != m.gen && !m.promote(gen) {
		return nil
	}
	e := m.items[key]
	if e == nil {
		return nil
	}
	m.hits++
	m.lru.MoveToFront(e)
	return e.Value.(*memoItem).rd
}

// put remembers rd, computed from gen, as the answer to q, under key.
func (m *memo) put(gen any, key string, rd *rendition, q question) {
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
		if !m.promote(gen) {
			m.reset(gen)
		}
	}
	m.insert(memoItem{key, rd, q})
}

// stage keeps an answer computed from gen before gen is served: it is remembered from the
// first time gen is asked about. Answers staged for another generation are dropped.
func (m *memo) stage(gen any, key string, rd *rendition, q question) {
	if rd.size()+len(key) > memoMaxEntry || gen == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if gen != m.next {
		m.next, m.staged = gen, nil
	}
	m.staged = append(m.staged, memoItem{key, rd, q})
}

// promote makes the answers staged for gen the remembered ones, when gen is what they were
// staged for. m.mu is held.
func (m *memo) promote(gen any) bool {
	if gen == nil || gen != m.next {
		return false
	}
	m.reset(gen)
	for _, it := range m.staged {
		m.insert(it)
	}
	m.next, m.staged = nil, nil
	return true
}

// reset forgets every answer: they are now computed from gen. m.mu is held.
func (m *memo) reset(gen any) {
	m.gen, m.size, m.items = gen, 0, map[string]*list.Element{}
	m.lru.Init()
}

// insert remembers an answer, forgetting the least recently used ones over the budget. m.mu
// is held.
func (m *memo) insert(it memoItem) {
	if _, ok := m.items[it.key]; ok {
		return
	}
	m.items[it.key] = m.lru.PushFront(&it)
	m.size += it.rd.size() + len(it.key)
	for m.size > memoBudget {
		last := m.lru.Back()
		old := last.Value.(*memoItem)
		m.lru.Remove(last)
		delete(m.items, old.key)
		m.size -= old.rd.size() + len(old.key)
	}
}

// recent returns up to n of the questions whose answers were used last, most recent first.
func (m *memo) recent(n int) []question {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []question
	for e := m.lru.Front(); e != nil && len(out) < n; e = e.Next() {
		if q := e.Value.(*memoItem).q; q.target != "" {
			out = append(out, q)
		}
	}
	return out
}

// hitCount is how many answers were given from memory.
func (m *memo) hitCount() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.hits
}
