package registry

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sync"

	"github.com/Masterminds/semver/v3"

	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

// The warm-start cache.
//
// Each package found under the roots is looked up by a key that is a SHA-256 of:
//   - the cache format and the validator's version (below),
//   - the absolute root folder, the package's path in it, and whether it is a zip file,
//   - for a zip file: its metadata; for a folder: the path of every folder in it, and the
//     path and metadata of every file,
//   - the metadata of the detached signature beside it, if any,
//
// where a file's metadata is its size, modification time and mode (statID). Computing a key
// therefore costs a stat of each file (folders) or of one file (zips) and reads no content. A
// package whose files are rewritten in place with the same size and modification time keeps
// its key, as it does for make or rsync; every editor, copy or extraction that changes content
// changes the modification time, which is what the cache relies on. A copy that keeps times
// (tar, container layers) keeps the keys, so a cache made where the packages were prepared
// serves where they are deployed. Targets of `.link` files outside the
// package are not part of the key.
//
// An entry holds what the content gave: the package document and its brief (or the error
// that kept the package out), the validator's verdict, and the package's /search entry as the
// index encoded it (when the index showed the package's own deprecation notice, not a newer
// version's). A warm start decodes only the briefs: the /search entries are ready, and a
// document is decoded when first asked for. The entries and the folder listings (listing.go)
// are kept in memory and in CacheDir/registry-cache.gob, rewritten atomically after a Load
// that changed them; entries no Load used are dropped.

// cacheFormat changes whenever entries or keys change meaning.
const cacheFormat = "pkgspec-registry-cache-4"

// cacheFile is the cache's file name inside CacheDir.
const cacheFile = "registry-cache.gob"

// validatorVersion names the validator build: the newest spec version it knows and the
// revision of the program, or when the program has no recorded revision, the size and
// modification time of its executable.
var validatorVersion = sync.OnceValue(func() string {
	spec, _ := validator.NewestSpecVersion()
	v := "spec " + spec
	if bi, ok := debug.ReadBuildInfo(); ok {
		rev, modified := "", ""
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if rev != "" && modified != "true" {
			return v + ", revision " + rev
		}
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" && rev == "" {
			return v + ", " + bi.Main.Path + "@" + bi.Main.Version
		}
	}
	if exe, err := os.Executable(); err == nil {
		if info, err := os.Stat(exe); err == nil {
			return fmt.Sprintf("%s, build %d-%d", v, info.Size(), info.ModTime().UnixNano())
		}
	}
	return v + ", unknown build"
})

// sourceKey computes the cache key of a package from the metadata of its files.
// absRoot is the root's absolute path, "" when it has none.
func sourceKey(absRoot string, s *source, validating bool) (string, error) {
	if absRoot == "" {
		return "", errors.New("the package root has no absolute path")
	}
	h := sha256.New()
	var num [8]byte
	str := func(v string) {
		binary.LittleEndian.PutUint64(num[:], uint64(len(v)))
		h.Write(num[:])
		h.Write([]byte(v))
	}
	n := func(v int64) {
		binary.LittleEndian.PutUint64(num[:], uint64(v))
		h.Write(num[:])
	}
	stat := func(name string, id statID) {
		str(name)
		n(id.Size)
		n(id.ModTime)
		n(int64(id.Mode))
	}
	str(cacheFormat)
	str(validatorVersion())
	str(fmt.Sprint(validating))
	str(absRoot)
	str(s.path)
	str(fmt.Sprint(s.zipped))
	if s.zipped {
		info, err := fs.Stat(s.root, s.path)
		if err != nil {
			return "", err
		}
		stat(".", idOf(info))
	} else {
		// Folders are named but their metadata is not part of the key: what changes in them
		// shows in their entries. The walk that found the folder stat'ed its files already.
		w := s.walk
		if w == nil {
			w = walkFolder(s.root, s.path)
		}
		if w.err != nil {
			return "", w.err
		}
		for _, e := range w.entries {
			if e.dir {
				str(e.path + "/")
				continue
			}
			stat(e.path, e.id)
		}
	}
	if w := s.walk; w != nil && w.sigKnown && !s.zipped {
		if w.hasSig {
			stat(".sig", w.sig)
		}
	} else if info, err := fs.Stat(s.root, s.path+".sig"); err == nil {
		stat(".sig", idOf(info))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// cacheEntry is what the cache remembers of one package.
type cacheEntry struct {
	Top     string // the package folder inside a zip
	Err     string
	Verdict *Verdict
	// Spans locate, in the data part of the cache file, the package document (JSON), its
	// brief (JSON) and its /search entry (Package.summary).
	Spans [3]span

	doc, brief, summary []byte // what Spans locate

	once   sync.Once
	parsed *brief
	lazy   *lazyDoc
	berr   error
}

// span is a part of the cache file's data.
type span struct{ At, Len int }

func newEntry(p *Package, loadErr error, v *Verdict, s *source) (*cacheEntry, error) {
	e := &cacheEntry{Top: s.top, Verdict: v}
	if loadErr != nil {
		e.Err = loadErr.Error()
		return e, nil
	}
	d, err := p.Document()
	if err != nil {
		return nil, err
	}
	if e.doc, err = json.Marshal(d); err != nil {
		return nil, err
	}
	if e.brief, err = json.Marshal(p.brief); err != nil {
		return nil, err
	}
	return e, nil
}

// restore rebuilds the package of a cached entry for source s, without reading it. Only the
// brief is decoded; the document is decoded when first asked for.
func (e *cacheEntry) restore(s *source, ranges *versionRanges) (*Package, error) {
	if e.Err != "" {
		return nil, errors.New(e.Err)
	}
	e.once.Do(func() {
		d := json.NewDecoder(bytes.NewReader(e.brief))
		d.UseNumber()
		e.parsed = &brief{}
		e.berr = d.Decode(e.parsed)
		e.lazy = &lazyDoc{raw: e.doc}
	})
	if e.berr != nil {
		return nil, e.berr
	}
	s.top = e.Top
	p, err := fromBrief(e.parsed, s, ranges)
	if p != nil {
		p.doc, p.summary = e.lazy, e.summary
	}
	return p, err
}

// fromBrief builds the package whose brief is b, as load does from the package's content.
func fromBrief(b *brief, s *source, ranges *versionRanges) (*Package, error) {
	p := &Package{Name: b.Name, Version: b.Version, Zipped: s.zipped, Location: s.path, src: s,
		brief: b, deprecated: b.Deprecated}
	var err error
	if p.version, err = semver.StrictNewVersion(b.Version); err != nil {
		return nil, err
	}
	spec, err := semver.StrictNewVersion(b.FormatVersion)
	if err != nil {
		return nil, err
	}
	p.spec = semver.New(spec.Major(), spec.Minor(), 0, "", "")
	if c := b.Conditions; c != nil {
		if c.Kibana != nil {
			if p.kibana, err = ranges.parse(c.Kibana.Version); err != nil {
				return nil, err
			}
		}
		if c.Agent != nil {
			if p.agent, err = ranges.parse(c.Agent.Version); err != nil {
				return nil, err
			}
		}
	}
	return p, nil
}

// cache is the set of entries and the folder listings of each root, with the file they
// persist in.
type cache struct {
	file    string // "" when not persisted
	entries map[string]*cacheEntry
	folders map[string]map[string]*listing // by absolute root, then by folder
	used    map[string]bool
	dirty   bool
}

// The cache file is cacheMagic, the length of its index (8 bytes, little-endian), the index
// (a cacheDoc encoded with encoding/gob), and the data the index's entries locate: the
// documents, briefs and /search entries, which a warm start uses where they are in the
// file's bytes rather than decoding or copying them.
const cacheMagic = "pkgspec registry cache\n"

// cacheDoc is the index of the cache file.
type cacheDoc struct {
	Format  string
	Entries map[string]*cacheEntry
	Folders map[string]*folderTable // by absolute root
}

// openCache reads the cache of dir. A missing, unreadable or outdated file gives an empty
// cache (and an error to report when it could not be read); the file is rewritten later.
func openCache(dir string) (*cache, error) {
	c := &cache{entries: map[string]*cacheEntry{}, folders: map[string]map[string]*listing{}}
	if dir == "" {
		return c, nil
	}
	c.file = filepath.Join(dir, cacheFile)
	b, err := os.ReadFile(c.file)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("reading cache: %w", err)
	}
	if len(b) < len(cacheMagic)+8 || string(b[:len(cacheMagic)]) != cacheMagic {
		return c, fmt.Errorf("reading cache %s: not a pkgspec registry cache", c.file)
	}
	b = b[len(cacheMagic):]
	n := binary.LittleEndian.Uint64(b)
	b = b[8:]
	if n > uint64(len(b)) {
		return c, fmt.Errorf("reading cache %s: truncated", c.file)
	}
	var doc cacheDoc
	if err := gob.NewDecoder(bytes.NewReader(b[:n])).Decode(&doc); err != nil {
		return c, fmt.Errorf("reading cache %s: %w", c.file, err)
	}
	data := b[n:]
	if doc.Format == cacheFormat {
		for k, e := range doc.Entries {
			if e.locate(data) {
				c.entries[k] = e
			}
		}
		for root, t := range doc.Folders {
			if m := t.listings(); m != nil {
				c.folders[root] = m
			}
		}
	}
	return c, nil
}

func (c *cache) beginRound() { c.used = map[string]bool{} }

func (c *cache) get(key string) *cacheEntry {
	e := c.entries[key]
	if e != nil {
		c.used[key] = true
	}
	return e
}

func (c *cache) put(key string, e *cacheEntry) {
	c.entries[key] = e
	c.used[key] = true
	c.dirty = true
}

// keepSummary records in the entry of key the /search entry of served, the package of the
// index with the name and version of loaded, if it is loaded's and shows its own deprecation.
func (c *cache) keepSummary(key string, served, loaded *Package) {
	e := c.entries[key]
	if e == nil || e.summary != nil || served == nil || served.src != loaded.src ||
		served.summary == nil || served.deprecated != loaded.deprecated {
		return
	}
	e.summary = served.summary
	c.dirty = true
}

// locate points the entry at its parts in data, and tells whether they are all there.
func (e *cacheEntry) locate(data []byte) bool {
	parts := [3]*[]byte{&e.doc, &e.brief, &e.summary}
	for i, sp := range e.Spans {
		if sp.At < 0 || sp.Len < 0 || sp.At > len(data) || sp.Len > len(data)-sp.At {
			return false
		}
		if sp.Len > 0 {
			*parts[i] = data[sp.At : sp.At+sp.Len : sp.At+sp.Len]
		}
	}
	return e.Err != "" || len(e.doc) > 0 && len(e.brief) > 0
}

// setFolders records the listings the round's walks made, lists[i] for the root roots[i]
// (an absolute path, or "" for a root whose listings are not kept).
func (c *cache) setFolders(roots []string, lists []*listings) {
	folders := map[string]map[string]*listing{}
	for i, r := range roots {
		if r == "" {
			continue
		}
		folders[r] = lists[i].next
		if lists[i].changed() {
			c.dirty = true
		}
	}
	if len(folders) != len(c.folders) {
		c.dirty = true
	}
	for r := range folders {
		if _, ok := c.folders[r]; !ok {
			c.dirty = true
		}
	}
	c.folders = folders
}

// endRound drops the entries the round did not use and saves the cache if it changed.
func (c *cache) endRound() error {
	for k := range c.entries {
		if !c.used[k] {
			delete(c.entries, k)
			c.dirty = true
		}
	}
	if !c.dirty || c.file == "" {
		return nil
	}
	var data bytes.Buffer
	for _, k := range slices.Sorted(maps.Keys(c.entries)) {
		e := c.entries[k]
		for i, part := range [][]byte{e.doc, e.brief, e.summary} {
			e.Spans[i] = span{data.Len(), len(part)}
			data.Write(part)
		}
	}
	doc := cacheDoc{Format: cacheFormat, Entries: c.entries, Folders: map[string]*folderTable{}}
	for root, m := range c.folders {
		doc.Folders[root] = tableOf(m)
	}
	var index bytes.Buffer
	if err := gob.NewEncoder(&index).Encode(doc); err != nil {
		return err
	}
	b := make([]byte, 0, len(cacheMagic)+8+index.Len()+data.Len())
	b = append(b, cacheMagic...)
	b = binary.LittleEndian.AppendUint64(b, uint64(index.Len()))
	b = append(append(b, index.Bytes()...), data.Bytes()...)
	if err := os.MkdirAll(filepath.Dir(c.file), 0o755); err != nil {
		return fmt.Errorf("writing cache: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.file), cacheFile+".*")
	if err != nil {
		return fmt.Errorf("writing cache: %w", err)
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing cache: %w", err)
	}
	if err := os.Rename(tmp.Name(), c.file); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing cache: %w", err)
	}
	c.dirty = false
	return nil
}

// DefaultCacheDir is where `pkgspec serve` keeps its cache unless told otherwise: the user's
// cache folder (XDG_CACHE_HOME or ~/.cache on Linux) under pkgspec/registry, or "" when the
// system has none.
func DefaultCacheDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "pkgspec", "registry")
}
