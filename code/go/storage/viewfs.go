package storage

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"slices"
	"sync"
	"time"
)

// cacheLimit bounds the archives a store keeps in memory for the file systems of its views.
const cacheLimit = 512 << 20

// cache keeps verified objects by key, dropping the oldest beyond cacheLimit bytes. Objects
// are named by their sha256, so a cached copy never goes stale.
type cache struct {
	mu    sync.Mutex
	data  map[string][]byte
	order []string
	size  int
}

func (c *cache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.data[key]
	return d, ok
}

func (c *cache) put(key string, d []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.data == nil {
		c.data = map[string][]byte{}
	}
	if _, ok := c.data[key]; ok || len(d) > cacheLimit {
		return
	}
	for c.size+len(d) > cacheLimit && len(c.order) > 0 {
		c.size -= len(c.data[c.order[0]])
		delete(c.data, c.order[0])
		c.order = c.order[1:]
	}
	c.data[key] = d
	c.order = append(c.order, key)
	c.size += len(d)
}

// fsFile is a file of a view's file system: an archive or a signature, by the key of its
// content.
type fsFile struct {
	prefix, sum string
	size        int64 // known for archives; 0 for signatures, which are read to be sized
}

// viewFS is a view as a flat file system of <name>-<version>.zip files and their .zip.sig.
type viewFS struct {
	ctx   context.Context
	s     *Store
	files map[string]fsFile
	names []string
}

// FS returns the view as a file system holding, at its root, <name>-<version>.zip for each
// package and <name>-<version>.zip.sig for each signature, read through the store when
// opened (and verified against their sha256). It keeps serving the view it was made from:
// archives are never removed from the store. ctx bounds the reads.
func (s *Store) FS(ctx context.Context, v *View) fs.FS {
	f := &viewFS{ctx: ctx, s: s, files: map[string]fsFile{}}
	for _, it := range v.Items {
		f.files[it.ID()+".zip"] = fsFile{packagesPrefix, it.SHA256, it.Size}
		if it.Signature != "" {
			f.files[it.ID()+".zip.sig"] = fsFile{signaturesPrefix, it.Signature, 0}
		}
	}
	for n := range f.files {
		f.names = append(f.names, n)
	}
	slices.Sort(f.names)
	return f
}

func (f *viewFS) read(name string) ([]byte, error) {
	ref, ok := f.files[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	key := ref.prefix + ref.sum
	if d, ok := f.s.cache.get(key); ok {
		return d, nil
	}
	d, err := f.s.readContent(f.ctx, ref.prefix, ref.sum)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	f.s.cache.put(key, d)
	return d, nil
}

// Open opens the root folder or one of its files.
func (f *viewFS) Open(name string) (fs.File, error) {
	if name == "." {
		return &rootDir{fsys: f}, nil
	}
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	d, err := f.read(name)
	if err != nil {
		return nil, err
	}
	return &memFile{Reader: bytes.NewReader(d), info: fileInfo{name: name, size: int64(len(d))}}, nil
}

// ReadDir lists the root folder.
func (f *viewFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." {
		if _, ok := f.files[name]; ok {
			return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
		}
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(f.names))
	for _, n := range f.names {
		info, err := f.Stat(n)
		if err != nil {
			return nil, err
		}
		out = append(out, fs.FileInfoToDirEntry(info))
	}
	return out, nil
}

// Stat describes a file; an archive's size is known without reading it.
func (f *viewFS) Stat(name string) (fs.FileInfo, error) {
	if name == "." {
		return fileInfo{name: ".", dir: true}, nil
	}
	ref, ok := f.files[name]
	if !ok {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	if ref.size > 0 {
		return fileInfo{name: name, size: ref.size}, nil
	}
	d, err := f.read(name)
	if err != nil {
		return nil, err
	}
	return fileInfo{name: name, size: int64(len(d))}, nil
}

type fileInfo struct {
	name string
	size int64
	dir  bool
}

func (i fileInfo) Name() string { return i.name }
func (i fileInfo) Size() int64  { return i.size }
func (i fileInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i fileInfo) ModTime() time.Time { return time.Time{} }
func (i fileInfo) IsDir() bool        { return i.dir }
func (i fileInfo) Sys() any           { return nil }

// memFile is a file read whole; it can seek and read at offsets, as zip readers want.
type memFile struct {
	*bytes.Reader
	info fileInfo
}

func (m *memFile) Stat() (fs.FileInfo, error) { return m.info, nil }
func (m *memFile) Close() error               { return nil }

// rootDir is the root folder, opened.
type rootDir struct {
	fsys *viewFS
	next int
}

func (d *rootDir) Stat() (fs.FileInfo, error) { return fileInfo{name: ".", dir: true}, nil }
func (d *rootDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: ".", Err: fs.ErrInvalid}
}
func (d *rootDir) Close() error { return nil }

// ReadDir lists the root folder, n entries at a time (all when n <= 0).
func (d *rootDir) ReadDir(n int) ([]fs.DirEntry, error) {
	all, err := d.fsys.ReadDir(".")
	if err != nil {
		return nil, err
	}
	rest := all[d.next:]
	if n <= 0 {
		d.next = len(all)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	rest = rest[:min(n, len(rest))]
	d.next += len(rest)
	return rest, nil
}
