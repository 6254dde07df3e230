package pkgfs

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
)

// Limits bound how much a package can make the validator read. They are enforced while files
// are opened and read, so that an oversized package is refused before it fills memory.
type Limits struct {
	// MaxFiles is the most entries, files and folders alike, a package may hold: the entries
	// of an archive's central directory, or the entries of the folders listed.
	MaxFiles int
	// MaxFileSize is the largest file that is read, in bytes.
	MaxFileSize int64
	// MaxTotalSize is the most bytes read from a package's files in all, each file counted once.
	MaxTotalSize int64
}

// DefaultLimits are the largest limits that the spec sets for any package type: at most 65535
// files (totalContentsLimit) and 250MB in all (totalSizeLimit), which also bounds each file.
var DefaultLimits = Limits{MaxFiles: 65535, MaxFileSize: 250 << 20, MaxTotalSize: 250 << 20}

func (l Limits) orDefault() Limits {
	if l.MaxFiles <= 0 {
		l.MaxFiles = DefaultLimits.MaxFiles
	}
	if l.MaxFileSize <= 0 {
		l.MaxFileSize = DefaultLimits.MaxFileSize
	}
	if l.MaxTotalSize <= 0 {
		l.MaxTotalSize = DefaultLimits.MaxTotalSize
	}
	return l
}

// Errors that reading a hostile or broken package gives, wrapped with the file they concern.
var (
	// ErrOutside is a symbolic link whose target is outside the package.
	ErrOutside = errors.New("symbolic link points outside the package")
	// ErrNotRegular is a device, socket, named pipe or other special file.
	ErrNotRegular = errors.New("not a regular file (a device, socket or named pipe)")
	// ErrTooLarge is a file or package bigger than the limits allow.
	ErrTooLarge = errors.New("too large")
)

// guard wraps a package's file system: it refuses special files and links that leave the
// package, and stops reading at the limits.
type guard struct {
	fsys    fs.FS
	osRoot  string // absolute folder of the package, when read from disk
	zip     string // the archive, when read from one
	zipRoot string // the folder of the archive that holds the package
	display string // how the package is named to users
	limits  Limits
	ctx     context.Context

	total   atomic.Int64 // bytes read from files read for the first time
	entries atomic.Int64 // entries of the folders listed
	charged sync.Map     // file name -> struct{}: files whose bytes count towards total
	dirs    sync.Map     // folder name -> *listing: folders are listed once
	folders *folders     // folders opened as roots, for a package read from disk
	mu      sync.Mutex
	failure error // the first problem that makes the whole package unreadable
}

func newGuard(fsys fs.FS, display string, opts Options) *guard {
	return &guard{fsys: fsys, display: display, limits: opts.Limits.orDefault(), ctx: opts.ctx()}
}

// canceled wraps the error of a context that is done.
func canceled(err error) error {
	return fmt.Errorf("validation stopped before its end: %w", err)
}

// done fails the package once its context is done.
func (g *guard) done() error {
	if err := g.ctx.Err(); err != nil {
		return g.fail(fmt.Errorf("package %s: %w", g.display, canceled(err)))
	}
	return nil
}

// fail records a problem that makes the package as a whole unreadable, and returns it.
func (g *guard) fail(err error) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.failure == nil {
		g.failure = err
	}
	return err
}

func (g *guard) err() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.failure
}

func pathError(op, name string, err error) error {
	return &fs.PathError{Op: op, Path: name, Err: err}
}

// explain replaces the error of an operation on name with a clearer one when name is a
// symbolic link that leaves the package or a loop of links.
func (g *guard) explain(op, name string, err error) error {
	if errors.Is(err, syscall.ELOOP) {
		return pathError(op, name, ErrLoop)
	}
	if g.osRoot == "" || errors.Is(err, fs.ErrNotExist) && !strings.Contains(err.Error(), "escapes") {
		return err
	}
	// Find the first element of name that is a link leading out of the package.
	cur := g.osRoot
	for _, part := range strings.Split(name, "/") {
		cur = filepath.Join(cur, part)
		info, lerr := os.Lstat(cur)
		if lerr != nil {
			break
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		target, _ := os.Readlink(cur)
		resolved, rerr := filepath.EvalSymlinks(cur)
		if rerr != nil || !within(g.osRoot, resolved) {
			rel, _ := filepath.Rel(g.osRoot, cur)
			return pathError(op, filepath.ToSlash(rel), fmt.Errorf("%w (it points to %s)", ErrOutside, target))
		}
	}
	return err
}

// within tells whether p is dir or inside it.
func within(dir, p string) bool {
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// Stat describes a file or folder, following links inside the package.
func (g *guard) Stat(name string) (fs.FileInfo, error) {
	if err := g.done(); err != nil {
		return nil, err
	}
	if g.folders != nil {
		if info, ok := g.folders.stat(name); ok {
			return info, nil
		}
	}
	info, err := fs.Stat(g.fsys, name)
	if err != nil {
		return nil, g.explain("stat", name, err)
	}
	return info, nil
}

// listing is a folder's entries, read once.
type listing struct {
	once    sync.Once
	entries []fs.DirEntry
	err     error
}

// ReadDir lists a folder, sorted by name. Each folder is read once; callers get their own
// copy of the list.
func (g *guard) ReadDir(name string) ([]fs.DirEntry, error) {
	l := g.listing(name)
	if l.err != nil {
		return nil, l.err
	}
	return slices.Clone(l.entries), nil
}

func (g *guard) listing(name string) *listing {
	v, _ := g.dirs.LoadOrStore(name, &listing{})
	l := v.(*listing)
	l.once.Do(func() {
		if l.err = g.done(); l.err != nil {
			return
		}
		if g.folders != nil {
			if entries, ok, err := g.folders.readDir(name, g.count); ok {
				l.entries, l.err = entries, err
				return
			}
		}
		l.entries, l.err = readDir(g.fsys, name, g.count)
		if l.err != nil && !errors.Is(l.err, ErrTooLarge) {
			l.err = g.explain("readdir", name, l.err)
		}
	})
	return l
}

// count adds n listed entries to the package's, failing the package beyond the limit.
func (g *guard) count(n int) error {
	if err := g.done(); err != nil {
		return err
	}
	if g.entries.Add(int64(n)) > int64(g.limits.MaxFiles) {
		return g.fail(fmt.Errorf("package %s: %w: it holds more than %d files and folders, the most a package may hold", g.display, ErrTooLarge, g.limits.MaxFiles))
	}
	return nil
}

// readDir lists a folder of fsys in batches, each counted by count before the next is read,
// and sorts it by name.
func readDir(fsys fs.FS, name string, count func(int) error) ([]fs.DirEntry, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d, ok := f.(fs.ReadDirFile)
	if !ok {
		return nil, pathError("readdir", name, errors.New("not a folder"))
	}
	return readBatches(d, count)
}

// readBatches reads a folder's entries a batch at a time, stopping when count refuses one.
func readBatches(d interface {
	ReadDir(int) ([]fs.DirEntry, error)
}, count func(int) error) ([]fs.DirEntry, error) {
	var all []fs.DirEntry
	for {
		batch, err := d.ReadDir(1024)
		if cerr := count(len(batch)); cerr != nil {
			return nil, cerr
		}
		all = append(all, batch...)
		if err == io.EOF || (err == nil && len(batch) == 0) {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(all, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return all, nil
}

// listedRegular tells whether name was seen as a regular file (not a link, not a special
// file) when its folder was listed.
func (g *guard) listedRegular(name string) bool {
	v, ok := g.dirs.Load(path.Dir(name))
	if !ok {
		return false
	}
	l := v.(*listing)
	l.once.Do(func() {}) // wait for a listing in progress
	base := path.Base(name)
	i, found := slices.BinarySearchFunc(l.entries, base, func(e fs.DirEntry, n string) int { return strings.Compare(e.Name(), n) })
	return found && l.entries[i].Type().IsRegular()
}

// Open opens a folder or a regular file; special files and files above the size limit are
// refused before they are opened, so that opening never blocks or reads without bound. A file
// its folder's listing shows as regular is opened at once, without a look at it first.
func (g *guard) Open(name string) (fs.File, error) {
	if err := g.done(); err != nil {
		return nil, err
	}
	if !g.listedRegular(name) {
		info, err := g.Stat(name)
		if err != nil {
			return nil, err
		}
		if info.IsDir() {
			f, err := g.fsys.Open(name)
			if err != nil {
				return nil, g.explain("open", name, err)
			}
			return f, nil
		}
		if err := g.checkRegular(name, info); err != nil {
			return nil, err
		}
	}
	f, err := g.openFile(name)
	if err != nil {
		return nil, g.explain("open", name, err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, g.explain("stat", name, err)
	}
	if err := g.checkRegular(name, info); err != nil {
		f.Close()
		return nil, err
	}
	_, seen := g.charged.LoadOrStore(name, struct{}{})
	return &guardFile{File: f, g: g, name: name, size: info.Size(), charge: !seen}, nil
}

// openFile opens a file through its folder's root when there is one, else through the
// package's file system.
func (g *guard) openFile(name string) (fs.File, error) {
	if g.folders != nil {
		if f, ok := g.folders.openFile(name); ok {
			return f, nil
		}
	}
	return g.fsys.Open(name)
}

// checkRegular refuses special files and files above the size limit.
func (g *guard) checkRegular(name string, info fs.FileInfo) error {
	if !info.Mode().IsRegular() {
		return pathError("open", name, ErrNotRegular)
	}
	if info.Size() > g.limits.MaxFileSize {
		return pathError("open", name, fmt.Errorf("%w: the file holds %d bytes, more than the %d bytes any package file may hold", ErrTooLarge, info.Size(), g.limits.MaxFileSize))
	}
	return nil
}

// ReadFile reads a whole regular file within the limits.
func (g *guard) ReadFile(name string) ([]byte, error) {
	f, err := g.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	if gf, ok := f.(*guardFile); ok {
		buf.Grow(int(min(gf.size, g.limits.MaxFileSize)) + 1)
	}
	if _, err := buf.ReadFrom(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// guardFile counts what is read from a file against the limits.
type guardFile struct {
	fs.File
	g      *guard
	name   string
	size   int64 // the size the file declares
	read   int64
	charge bool // whether the bytes count towards the package total
}

// Read reads from the file, failing once the file or the package goes beyond its limits.
func (f *guardFile) Read(p []byte) (int, error) {
	if err := f.g.done(); err != nil {
		return 0, err
	}
	n, err := f.File.Read(p)
	f.read += int64(n)
	lim := f.g.limits
	if f.g.zip != "" && f.read > f.size {
		err = zip.ErrFormat
	}
	if f.read > lim.MaxFileSize {
		return n, pathError("read", f.name, fmt.Errorf("%w: the file holds more than %d bytes", ErrTooLarge, lim.MaxFileSize))
	}
	if f.charge && f.g.total.Add(int64(n)) > lim.MaxTotalSize {
		return n, f.g.fail(fmt.Errorf("package %s: %w: its files hold more than %d bytes in all (stopped reading at %s)", f.g.display, ErrTooLarge, lim.MaxTotalSize, f.name))
	}
	if err != nil && err != io.EOF && f.g.zip != "" {
		entry := f.g.zipRoot + "/" + f.name
		switch {
		case errors.Is(err, zip.ErrFormat):
			err = fmt.Errorf("package archive %s: entry %s does not hold the %d bytes it declares (a damaged archive or a zip bomb)", f.g.zip, entry, f.size)
		case errors.Is(err, zip.ErrChecksum):
			err = fmt.Errorf("package archive %s: entry %s is damaged: its checksum does not match its content", f.g.zip, entry)
		default:
			err = fmt.Errorf("package archive %s: entry %s cannot be read: %v", f.g.zip, entry, err)
		}
		return n, f.g.fail(err)
	}
	return n, err
}
