// Package pkgfs gives read-only access to a package wherever it is kept: a folder, a .zip
// archive or any fs.FS. It also resolves `.link` files, which stand for a file kept elsewhere.
package pkgfs

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// LinkExtension ends the name of a file that stands for another one.
const LinkExtension = ".link"

// FS is a package's file system, rooted at the package root.
type FS struct {
	fs.FS
	// Display is how the package is named to users: the path it was given as.
	Display string
	// Zip is true for a package read from a .zip archive.
	Zip bool

	linkRoot string // links may not point outside this folder
	noLinks  bool   // links are not followed at all
	guard    *guard
	closer   io.Closer // the archive file, when read from one
}

// Options tune how a package is opened.
type Options struct {
	// LinkRoot is the folder that `.link` targets must stay in. Empty means the nearest folder
	// above the package that holds `.git`, or the package itself when there is none.
	LinkRoot string
	// NoLinks refuses to follow `.link` files at all, as built packages must hold none.
	NoLinks bool
	// Limits bound what is read from the package; zero fields take DefaultLimits.
	Limits Limits
	// Context, when set, stops every read once it is done; the package then fails with an
	// error that wraps the context's.
	Context context.Context
}

func (o Options) ctx() context.Context {
	if o.Context == nil {
		return context.Background()
	}
	return o.Context
}

// Dir opens the package in a folder.
func Dir(dir string, opts Options) (*FS, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("cannot open package %s: %w", dir, errors.Unwrap(err))
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("package %s is not a folder", dir)
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, fmt.Errorf("cannot open package %s: %w", dir, err)
	}
	lr := opts.LinkRoot
	if lr == "" {
		lr = gitRoot(abs)
	} else if lr, err = filepath.Abs(lr); err != nil {
		return nil, err
	}
	if lr == "" {
		lr = abs
	}
	// Links are checked against the root by their paths: both are compared in their real form,
	// so a root or a package reached through a symbolic link (a checkout linked into place)
	// holds what it really holds.
	lr, abs = realPath(lr), realPath(abs)
	g := newGuard(root.FS(), dir, opts)
	g.osRoot = abs
	g.folders = &folders{root: root}
	return &FS{FS: g, guard: g, Display: dir, linkRoot: lr, noLinks: opts.NoLinks, closer: closeFunc(func() error {
		g.folders.close()
		return root.Close()
	})}, nil
}

// realPath is p with its symbolic links resolved, or p itself when they cannot be.
func realPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

// closeFunc is a function that closes something.
type closeFunc func() error

// Close calls the function.
func (c closeFunc) Close() error { return c() }

// gitRoot returns the nearest folder at or above dir that holds .git, or "".
func gitRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// FromFS wraps a file system rooted at a package, within the default limits. Its `.link`
// files are never followed.
func FromFS(fsys fs.FS, display string) *FS { return FromFSWith(fsys, display, Options{}) }

// FromFSWith wraps a file system rooted at a package, with options (LinkRoot and NoLinks do
// not apply: such a package's links are never followed).
func FromFSWith(fsys fs.FS, display string, opts Options) *FS {
	g := newGuard(fsys, display, opts)
	return &FS{FS: g, guard: g, Display: display, noLinks: true}
}

// Stat describes a file or folder of the package.
func (f *FS) Stat(name string) (fs.FileInfo, error) { return f.guard.Stat(name) }

// ReadDir lists a folder of the package, sorted by name.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) { return f.guard.ReadDir(name) }

// ReadFile reads a whole file of the package, within the limits.
func (f *FS) ReadFile(name string) ([]byte, error) { return f.guard.ReadFile(name) }

// Err returns the first problem met while reading that makes the package as a whole
// unreadable: an archive entry that holds more than it declares, or files that hold more
// than the package size limit in all. It is nil for a package read without such trouble.
func (f *FS) Err() error { return f.guard.err() }

// Close releases the folder or archive the package is read from.
func (f *FS) Close() error {
	if f.closer == nil {
		return nil
	}
	return f.closer.Close()
}

// Link is a resolved `.link` file.
type Link struct {
	// Target is the path written in the link, relative to the link's folder.
	Target string
	// Checksum is the checksum written in the link, if any.
	Checksum string
	// Data is the content of the target.
	Data []byte
}

// ErrLinkChanged is a link whose target no longer has the checksum written in the link: the
// target's content is then not given, so that nothing is checked against content that the
// link's author never saw.
var ErrLinkChanged = errors.New("has changed since the link was written: its checksum does not match")

// ReadLink reads the link file name and the file it points at. The target must be a regular
// file inside the link root (the package itself when there is none); it is not opened
// otherwise, nor in a package that may not hold links. A target whose checksum differs from
// the link's is read but its content not given (ErrLinkChanged).
func (f *FS) ReadLink(name string) (Link, error) {
	raw, err := fs.ReadFile(f, name)
	if err != nil {
		return Link{}, err
	}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	if !sc.Scan() {
		return Link{}, fmt.Errorf("link file is empty")
	}
	fields := strings.Fields(sc.Text())
	if len(fields) == 0 || len(fields) > 2 {
		return Link{}, fmt.Errorf("link file must hold a path and a checksum on its first line")
	}
	l := Link{Target: fields[0]}
	if len(fields) == 2 {
		l.Checksum = fields[1]
	}
	if f.Zip || f.guard.osRoot == "" {
		return l, fmt.Errorf("linked file %s cannot be followed in this package (only packages in a folder may hold links)", l.Target)
	}
	if f.noLinks {
		return l, fmt.Errorf("linked file %s cannot be followed: links are not followed in built packages", l.Target)
	}
	if filepath.IsAbs(l.Target) {
		return l, fmt.Errorf("linked file %s must be given by a relative path", l.Target)
	}
	target := filepath.Join(f.guard.osRoot, filepath.FromSlash(path.Dir(name)), filepath.FromSlash(l.Target))
	outside := func(how string) error {
		if f.linkRoot == f.guard.osRoot {
			return fmt.Errorf("linked file %s is outside the package%s, and no link root lets links leave it (neither a folder holding .git above the package nor a link root given)", l.Target, how)
		}
		return fmt.Errorf("linked file %s is outside the link root %s%s", l.Target, f.linkRoot, how)
	}
	if rel, err := filepath.Rel(f.linkRoot, target); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return l, outside("")
	}
	// Resolve symbolic links before anything is opened: a link inside the root may lead out.
	real, err := filepath.EvalSymlinks(target)
	if err != nil {
		return l, fmt.Errorf("linked file %s does not exist", l.Target)
	}
	if !within(f.linkRoot, real) {
		return l, outside(" (through a symbolic link)")
	}
	info, err := os.Stat(real)
	if err != nil {
		return l, fmt.Errorf("linked file %s does not exist", l.Target)
	}
	if !info.Mode().IsRegular() {
		return l, fmt.Errorf("linked file %s is not a regular file", l.Target)
	}
	lim := f.guard.limits.MaxFileSize
	if info.Size() > lim {
		return l, fmt.Errorf("linked file %s holds %d bytes, more than the %d bytes any package file may hold", l.Target, info.Size(), lim)
	}
	data, err := readAtMost(real, lim)
	if err != nil {
		return l, fmt.Errorf("linked file %s cannot be read: %w", l.Target, err)
	}
	if sum := sha256.Sum256(data); l.Checksum != hex.EncodeToString(sum[:]) {
		return l, fmt.Errorf("linked file %s %w", l.Target, ErrLinkChanged)
	}
	l.Data = data
	return l, nil
}

// readAtMost reads a file of the disk, refusing one that grows beyond limit bytes.
func readAtMost(name string, limit int64) ([]byte, error) {
	file, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	return data, nil
}
