package registry

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"hash"
	"net/http"
	"slices"
)

// serveSearch answers /search: the packages passing the filter of the query, as summaries
// sorted by name and version.
func (s *Server) serveSearch(w http.ResponseWriter, r *http.Request, ix *Index, _ []string) {
	f, err := parseFilter(r.URL.Query(), searchParams, !s.opts.RefuseUnknownQueryParameters)
	if err != nil {
		badRequest(w, err.Error())
		return
	}
	e := s.entriesOf(ix)
	if e == nil { // ix is being swapped: the entries are digested as they are found
		e = &searchEntries{ix: ix}
	}
	a, err := search(ix, f, e)
	if err != nil {
		notFound(w, "fetching package failed: "+err.Error())
		return
	}
	serveAnswer(w, s.opts.CacheTimeSearch, a)
}

// Search returns the /search document for the filter f: a JSON list of package summaries,
// "[]" when nothing matches.
func Search(ix *Index, f *Filter) ([]byte, error) {
	a, err := search(ix, f, nil)
	return bytes.Join(a.pieces, nil), err
}

// searchEntries is what the server derives once from an index for /search: the place of each
// package in the order of the answers, and the digest of its /search entry.
type searchEntries struct {
	ix    *Index
	byPkg map[*Package]*searchEntry
}

type searchEntry struct {
	rank int // equal for equal names and versions
	sum  [sha256.Size]byte
}

// deriveEntries computes the entries of every package of ix, nil for a nil ix.
func deriveEntries(ix *Index) *searchEntries {
	if ix == nil {
		return nil
	}
	all := slices.Concat(ix.zips, ix.folders) // with the folders a zip file hides: a search may find them
	slices.SortStableFunc(all, byNameVersion)
	e := &searchEntries{ix: ix, byPkg: make(map[*Package]*searchEntry, len(all))}
	list := make([]searchEntry, len(all))
	rank := 0
	for i, p := range all {
		if i > 0 && byNameVersion(all[i-1], p) != 0 {
			rank = i
		}
		list[i].rank = rank
		if p.summary != nil {
			list[i].sum = sha256.Sum256(p.summary)
		}
		e.byPkg[p] = &list[i]
	}
	return e
}

func byNameVersion(a, b *Package) int {
	if c := cmp.Compare(a.Name, b.Name); c != 0 {
		return c
	}
	return a.version.Compare(b.version)
}

// prepare derives the entries of ix for the server, remembering them for SetIndex, so that
// answers for ix can be computed before it is served.
func (s *Server) prepare(ix *Index) *searchEntries {
	if e := s.entriesOf(ix); e != nil || ix == nil {
		return e
	}
	e := deriveEntries(ix)
	s.next.Store(e)
	return e
}

// entriesOf returns the entries derived from ix, if it is served or prepared, else nil.
func (s *Server) entriesOf(ix *Index) *searchEntries {
	for _, e := range []*searchEntries{s.entries.Load(), s.next.Load()} {
		if e != nil && e.ix == ix {
			return e
		}
	}
	return nil
}

// searchTagDomain starts what the ETag of a /search answer digests: the digests of its entries,
// in order. Two answers with the same entries are the same bytes, so the tag changes exactly
// when the body does, and it is the same on every server with the same packages.
const searchTagDomain = "pkgspec /search list v1\n"

// search computes the /search document for f, as the pieces it is made of: the entries (those
// the index holds, and those encoded for this answer) and what is between them; with its ETag
// when e is not nil.
func search(ix *Index, f *Filter, e *searchEntries) (answer, error) {
	res, err := ix.Find(f)
	if err != nil {
		return answer{}, err
	}
	var tag hash.Hash
	if e != nil {
		tag = sha256.New()
		tag.Write([]byte(searchTagDomain))
	}
	if len(res) == 0 {
		return answer{pieces: [][]byte{[]byte("[]")}, tag: tagString(tag)}, nil
	}
	a := answer{pieces: make([][]byte, 0, 2*len(res)+1)}
	for i, pl := range arrange(res, e) {
		r := res[pl.at]
		part, en, shared := r.summary, pl.entry, true
		if r.Trimmed || r.summary == nil {
			d, err := r.Document()
			if err != nil {
				return answer{}, err
			}
			templates := d.PolicyTemplates
			if r.Trimmed {
				templates = r.Templates
			}
			if part, err = encodeSummary(d.summary(templates)); err != nil {
				return answer{}, err
			}
			en, shared = nil, false
		}
		if tag != nil {
			if en != nil {
				tag.Write(en.sum[:])
			} else {
				sum := sha256.Sum256(part)
				tag.Write(sum[:])
			}
		}
		sep := listNext
		if i == 0 {
			sep = listOpen
		}
		a.pieces = append(a.pieces, sep, part)
		a.shared += len(sep)
		if shared {
			a.shared += len(part)
		}
	}
	a.pieces = append(a.pieces, listClose)
	a.shared += len(listClose)
	a.tag = tagString(tag)
	return a, nil
}

// What comes before the first entry of a /search list, between two, and after the last: the
// list as prettyJSON would indent it. Never changed.
var listOpen, listNext, listClose = []byte("[\n  "), []byte(",\n  "), []byte("\n]\n")

// tagString is the ETag whose digest h is, "" without h.
func tagString(h hash.Hash) string {
	if h == nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// placed is a result in its place in the answer: res[at], whose entry e knows (nil if not).
type placed struct {
	at    int32
	entry *searchEntry
}

// arrange orders the results by name and version, keeping the order of equal ones: by the
// ranks of e when it knows every package found, else by comparing them.
func arrange(res []Result, e *searchEntries) []placed {
	order := make([]placed, len(res))
	sorted, ranked := true, e != nil
	for i, r := range res {
		order[i].at = int32(i)
		if !ranked {
			continue
		}
		en := e.byPkg[r.Package]
		if en == nil {
			ranked = false
			continue
		}
		order[i].entry = en
		if i > 0 && order[i-1].entry.rank > en.rank {
			sorted = false
		}
	}
	switch {
	case ranked && sorted:
	case ranked:
		slices.SortFunc(order, func(a, b placed) int {
			if c := cmp.Compare(a.entry.rank, b.entry.rank); c != 0 {
				return c
			}
			return cmp.Compare(a.at, b.at)
		})
	default:
		slices.SortStableFunc(order, func(a, b placed) int {
			ra, rb := res[a.at], res[b.at]
			if c := cmp.Compare(ra.Name, rb.Name); c != 0 {
				return c
			}
			if ra.version.LessThan(rb.version) {
				return -1
			}
			if rb.version.LessThan(ra.version) {
				return 1
			}
			return 0
		})
	}
	return order
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
