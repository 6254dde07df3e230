package registry

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/Masterminds/semver/v3"
)

// A source is where a package's files are: a folder NAME/VERSION or a .zip file, inside one
// of the registry's roots.
type source struct {
	root   fs.FS
	path   string // the folder or the zip file, relative to root
	zipped bool
	top    string      // inside a zip: the folder holding manifest.yml
	walk   *folderWalk // of a folder: what finding it saw, nil when not known
}

// maxZipInMemory bounds the zip files read into memory when their file system cannot seek.
const maxZipInMemory = 512 << 20

// findSources lists the packages of one root, in walk order: zip files at any depth, and
// version folders two levels down (NAME/VERSION with VERSION a strict semantic version). A
// missing root has none; unreadable folders are skipped. What the walk saw inside each
// version folder, with the metadata of each file, is kept with it, for its cache key. The
// folders of the root's top level are walked side by side, on every core, and their findings
// joined in walk order. Folder listings are reused from ls, and remembered in it (ls may be nil).
func findSources(root fs.FS, ls *listings) (zips []string, folders []*folderWalk, err error) {
	top, err := ls.readDir(root, ".", func(dir string) (statID, error) {
		info, err := fs.Stat(root, dir)
		if err != nil {
			return statID{}, err
		}
		return idOf(info), nil
	})
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, nil
		}
		return nil, nil, err
	}
	parts := make([]sourcesFound, len(top))
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(top)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				f := &finder{root: root, ls: ls, found: &parts[i]}
				f.top(top[i])
			}
		}()
	}
	for i := range top {
		work <- i
	}
	close(work)
	wg.Wait()
	for _, part := range parts {
		zips = append(zips, part.zips...)
		folders = append(folders, part.folders...)
	}
	return zips, folders, nil
}

// sourcesFound is what findSources found below one entry of a root's top level.
type sourcesFound struct {
	zips    []string
	folders []*folderWalk
}

// finder walks the folders of a root, in lexical order, collecting what findSources finds.
type finder struct {
	root  fs.FS
	ls    *listings
	found *sourcesFound
	// Inside a version folder of an OS root, the folder is held open (at, the folder's path
	// atPath), and what is below it is stat'ed relative to it.
	at     *folderFD
	atPath string
}

// stat gives the metadata of p, following a link if follow.
func (f *finder) stat(p string, follow bool) (statID, error) {
	if f.at != nil {
		return f.at.stat(strings.TrimPrefix(strings.TrimPrefix(p, f.atPath), "/"), follow)
	}
	var info fs.FileInfo
	var err error
	if follow {
		info, err = fs.Stat(f.root, p)
	} else {
		info, err = fs.Lstat(f.root, p)
	}
	if err != nil {
		return statID{}, err
	}
	return idOf(info), nil
}

func (f *finder) statDir(p string) (statID, error) { return f.stat(p, true) }

// top walks the top-level entry e of the root.
func (f *finder) top(e listEntry) {
	if !e.isDir() {
		if strings.HasSuffix(e.Name, ".zip") && e.Type.IsRegular() {
			f.found.zips = append(f.found.zips, e.Name)
		}
		return
	}
	f.dir(e.Name, nil)
}

// dir walks the folder p; cur is the version folder p is in, or nil.
func (f *finder) dir(p string, cur *folderWalk) {
	entries, err := f.ls.readDir(f.root, p, f.statDir)
	if err != nil {
		if cur != nil && cur.err == nil {
			cur.err = err
		}
		return
	}
	for _, e := range entries {
		c := childPath(p, e.Name)
		if !e.isDir() {
			if cur != nil {
				we := walkEntry{path: c}
				var err error
				if we.id, err = f.stat(c, false); err != nil && cur.err == nil {
					cur.err = err
				}
				cur.entries = append(cur.entries, we)
			}
			if strings.HasSuffix(c, ".zip") && e.Type.IsRegular() {
				f.found.zips = append(f.found.zips, c)
			}
			continue
		}
		in := cur
		switch {
		case cur != nil:
			cur.entries = append(cur.entries, walkEntry{path: c, dir: true})
		case strings.Count(c, "/") == 1:
			if _, err := semver.StrictNewVersion(e.Name); err == nil {
				in = &folderWalk{path: c, entries: []walkEntry{{path: c, dir: true}}, sigKnown: true}
				if slices.ContainsFunc(entries, func(s listEntry) bool { return s.Name == e.Name+".sig" }) {
					if info, err := fs.Stat(f.root, c+".sig"); err == nil {
						in.sig, in.hasSig = idOf(info), true
					}
				}
				f.found.folders = append(f.found.folders, in)
				if f.ls != nil && f.ls.dir != "" {
					if at := openFolder(f.ls.dir, c); at != nil {
						f.at, f.atPath = at, c
						f.dir(c, in)
						f.at, f.atPath = nil, ""
						at.close()
						continue
					}
				}
			}
		}
		f.dir(c, in)
	}
}

// folderWalk is what the walk finding packages saw inside a version folder: every file and
// folder in walk order, the folder itself first, and the first error reading it; and, when
// sigKnown, whether the folder has a detached signature beside it (hasSig) and its metadata.
type folderWalk struct {
	path     string
	entries  []walkEntry
	err      error
	sigKnown bool
	hasSig   bool
	sig      statID
}

// walkFolder lists what is inside the folder dir of root, as findSources would.
func walkFolder(root fs.FS, dir string) *folderWalk {
	w := &folderWalk{path: dir, entries: []walkEntry{{path: dir, dir: true}}}
	f := &finder{root: root, found: &sourcesFound{}}
	f.dir(dir, w)
	return w
}

// walkEntry is a file or folder seen by the walk, with the metadata of a file.
type walkEntry struct {
	path string
	dir  bool
	id   statID
}

// openZip opens the zip file of s. The closer must be called when done.
func (s *source) openZip() (*zip.Reader, io.Closer, error) {
	f, err := s.root.Open(s.path)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if ra, ok := f.(io.ReaderAt); ok {
		r, err := zip.NewReader(ra, info.Size())
		if err != nil {
			f.Close()
			return nil, nil, err
		}
		return r, f, nil
	}
	defer f.Close()
	if info.Size() > maxZipInMemory {
		return nil, nil, fmt.Errorf("%s: zip file larger than %d bytes on a file system that cannot seek", s.path, maxZipInMemory)
	}
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, nil, err
	}
	r, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, nil, err
	}
	return r, io.NopCloser(nil), nil
}

// zipTop finds the folder of a zip that holds the package: the first entry NAME/manifest.yml.
func zipTop(r *zip.Reader) (string, error) {
	for _, f := range r.File {
		name := path.Clean(f.Name)
		dir, base := path.Split(name)
		dir = path.Clean(dir)
		if base == "manifest.yml" && dir != "." && !strings.Contains(dir, "/") {
			return dir, nil
		}
	}
	return "", errors.New("no folder with a manifest.yml at the top of the zip file")
}

// files opens the package's file system, rooted at the package. The closer must be called
// when done.
func (s *source) files() (fs.FS, io.Closer, error) {
	if !s.zipped {
		sub, err := fs.Sub(s.root, s.path)
		return sub, io.NopCloser(nil), err
	}
	r, c, err := s.openZip()
	if err != nil {
		return nil, nil, err
	}
	sub, err := fs.Sub(r, s.top)
	if err != nil {
		c.Close()
		return nil, nil, err
	}
	return sub, c, nil
}

// An entry is a file or folder of a package, named relative to the package root.
type entry struct {
	name string
	dir  bool
}

// entries lists the package's files and folders in their natural order: lexical for a folder,
// the order of the archive for a zip (where folders appear only if the archive has entries for
// them).
func (s *source) entries() ([]entry, error) {
	if !s.zipped {
		sub, err := fs.Sub(s.root, s.path)
		if err != nil {
			return nil, err
		}
		var out []entry
		err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p != "." {
				out = append(out, entry{name: p, dir: d.IsDir()})
			}
			return nil
		})
		return out, err
	}
	r, c, err := s.openZip()
	if err != nil {
		return nil, err
	}
	defer c.Close()
	var out []entry
	prefix := s.top + "/"
	for _, f := range r.File {
		name := path.Clean(f.Name)
		if !strings.HasPrefix(name, prefix) {
			continue
		}
		out = append(out, entry{name: strings.TrimPrefix(name, prefix), dir: strings.HasSuffix(f.Name, "/") || f.FileInfo().IsDir()})
	}
	return out, nil
}

// signature returns the path of the package's detached signature (PATH.sig beside the zip
// file or folder), or "" when there is none.
func (s *source) signature() string {
	sig := s.path + ".sig"
	if info, err := fs.Stat(s.root, sig); err == nil && !info.IsDir() {
		return sig
	}
	return ""
}
