package registry

import (
	"io/fs"
	"maps"
	"slices"
	"sync"
	"time"
)

// Folder listings remembered between walks.
//
// Finding the packages of a root lists every folder under it. Listing a folder costs several
// system calls (open it, read its entries, close it); finding out whether it changed costs
// one, because a folder's modification and change times move whenever an entry is added to
// it, removed from it or renamed in it. So a Loader remembers, for each folder, its metadata
// and its entries, and the next walk (in the same process, or in the next one through the
// cache file) stats the folder and reuses its entries when the metadata is the same. This is
// what git's untracked cache does.
//
// A listing is remembered only when the folder last changed at least listingSettle before it
// was listed: a change made within the file system's timestamp resolution of the listing
// would leave the folder's times as they were, and the stale listing would be trusted.
const listingSettle = 2 * time.Second

// statID is what the registry compares to tell whether a file or folder changed: its size,
// modification time and mode. These survive a copy that keeps modification times (tar, a
// container image's layers, rsync -a), so a cache made where packages were prepared stays
// valid where they are served; inode numbers and change times would not.
type statID struct {
	Size    int64
	ModTime int64 // nanoseconds since the epoch
	Mode    fs.FileMode
}

func idOf(info fs.FileInfo) statID {
	return statID{Size: info.Size(), ModTime: info.ModTime().UnixNano(), Mode: info.Mode()}
}

// settled tells whether the file last changed at least listingSettle before t.
func (id statID) settled(t time.Time) bool {
	return id.ModTime < t.Add(-listingSettle).UnixNano()
}

// listing is a folder's entries, sorted by name, with the folder's metadata when they were read.
type listing struct {
	ID      statID
	Entries []listEntry
}

// listEntry is one entry of a folder.
type listEntry struct {
	Name string
	Type fs.FileMode // the type bits of the entry itself (a link is a link)
}

func (e listEntry) isDir() bool { return e.Type.IsDir() }

// listings are the folder listings of one root: those a walk may reuse, and those it made or
// confirmed, for the next walk. The zero value, or nil, reuses nothing and remembers nothing.
type listings struct {
	prev  map[string]*listing // by folder path relative to the root
	start time.Time           // when the walk began
	dir   string              // the root's folder on the OS, when it is one ("" otherwise)

	mu   sync.Mutex
	next map[string]*listing
}

func newListings(prev map[string]*listing, start time.Time, dir string) *listings {
	return &listings{prev: prev, start: start, dir: dir, next: map[string]*listing{}}
}

// changed tells whether the walk found any folder changed, new or gone since prev.
func (ls *listings) changed() bool {
	if len(ls.next) != len(ls.prev) {
		return true
	}
	for k, l := range ls.next {
		if ls.prev[k] != l {
			return true
		}
	}
	return false
}

// readDir lists the folder dir of root, reusing a remembered listing when the folder's
// metadata, which stat gives, shows no change.
func (ls *listings) readDir(root fs.FS, dir string, stat func(string) (statID, error)) ([]listEntry, error) {
	if ls == nil {
		return readEntries(root, dir)
	}
	// The folder is stat'ed before it is read: a change between the two leaves an older
	// metadata with the listing, which the next walk sees as a change.
	id, err := stat(dir)
	if err != nil {
		return nil, err
	}
	if l := ls.prev[dir]; l != nil && l.ID == id {
		ls.keep(dir, l)
		return l.Entries, nil
	}
	entries, err := readEntries(root, dir)
	if err != nil {
		return nil, err
	}
	if id.settled(ls.start) {
		ls.keep(dir, &listing{ID: id, Entries: entries})
	}
	return entries, nil
}

func (ls *listings) keep(dir string, l *listing) {
	ls.mu.Lock()
	ls.next[dir] = l
	ls.mu.Unlock()
}

func readEntries(root fs.FS, dir string) ([]listEntry, error) {
	des, err := fs.ReadDir(root, dir)
	if err != nil {
		return nil, err
	}
	out := make([]listEntry, len(des))
	for i, d := range des {
		out[i] = listEntry{Name: d.Name(), Type: d.Type()}
	}
	return out, nil
}

// childPath names an entry of a folder, as fs.WalkDir names it.
func childPath(dir, name string) string {
	if dir == "." {
		return name
	}
	return dir + "/" + name
}

// folderTable is the listings of one root as the cache file keeps them: one column per
// field, which encoding/gob reads in bulk, rather than a structure per folder and entry.
type folderTable struct {
	Dirs            []string // folder paths, sorted
	Sizes, ModTimes []int64  // per folder
	Modes           []uint32 // per folder
	Counts          []int    // entries per folder
	Names           []string // the entries of every folder, in order
	Types           []uint32 // per entry
}

// tableOf puts listings in columns.
func tableOf(m map[string]*listing) *folderTable {
	t := &folderTable{Dirs: slices.Sorted(maps.Keys(m))}
	for _, d := range t.Dirs {
		l := m[d]
		t.Sizes = append(t.Sizes, l.ID.Size)
		t.ModTimes = append(t.ModTimes, l.ID.ModTime)
		t.Modes = append(t.Modes, uint32(l.ID.Mode))
		t.Counts = append(t.Counts, len(l.Entries))
		for _, e := range l.Entries {
			t.Names = append(t.Names, e.Name)
			t.Types = append(t.Types, uint32(e.Type))
		}
	}
	return t
}

// listings rebuilds the listings of a table; a table whose columns disagree gives none.
func (t *folderTable) listings() map[string]*listing {
	n := len(t.Dirs)
	if len(t.Sizes) != n || len(t.ModTimes) != n || len(t.Modes) != n || len(t.Counts) != n ||
		len(t.Names) != len(t.Types) {
		return nil
	}
	m := make(map[string]*listing, n)
	ls := make([]listing, n)
	entries := make([]listEntry, len(t.Names))
	for i := range entries {
		entries[i] = listEntry{Name: t.Names[i], Type: fs.FileMode(t.Types[i])}
	}
	at := 0
	for i, d := range t.Dirs {
		c := t.Counts[i]
		if c < 0 || at+c > len(entries) {
			return nil
		}
		ls[i] = listing{
			ID:      statID{Size: t.Sizes[i], ModTime: t.ModTimes[i], Mode: fs.FileMode(t.Modes[i])},
			Entries: entries[at : at+c : at+c],
		}
		at += c
		m[d] = &ls[i]
	}
	return m
}
