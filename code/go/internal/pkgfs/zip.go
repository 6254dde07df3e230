package pkgfs

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
)

// maxEntryName bounds the length of an archive entry's name.
const maxEntryName = 4096

// Zip opens a package kept in a .zip archive, whose entries must all sit in one folder. The
// archive is checked whole before any entry is read; see ZipReader.
func Zip(name string, opts Options) (*FS, error) {
	// A named pipe or device would block or never end: refuse it before opening it.
	if info, err := os.Stat(name); err != nil {
		return nil, fmt.Errorf("cannot open package archive %s: %w", name, unwrapPath(err))
	} else if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("package archive %s is %w", name, ErrNotRegular)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("cannot open package archive %s: %w", name, unwrapPath(err))
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("cannot open package archive %s: %w", name, unwrapPath(err))
	}
	fsys, err := ZipReader(f, info.Size(), name, opts)
	if err != nil {
		f.Close()
		return nil, err
	}
	fsys.closer = f
	return fsys, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ZipReader opens a package kept in a .zip archive of size bytes read from r; display names
// the archive in errors. It refuses archives that hold anything but one folder of regular
// files and folders: entries with unsafe names (absolute, with `..`, backslashes or empty
// elements), duplicate names, links and special files, encrypted entries or unknown
// compression, more entries (files and folders) than opts.Limits allow, entries whose local
// header disagrees with the central directory or whose bytes overlap another entry's, and
// entries whose declared size, alone or summed, is above the limits. Reading an entry stops
// with an error as soon as it yields more than it declares.
func ZipReader(r io.ReaderAt, size int64, display string, opts Options) (*FS, error) {
	fail := func(format string, args ...any) (*FS, error) {
		return nil, fmt.Errorf("package archive %s: "+format, append([]any{display}, args...)...)
	}
	limits := opts.Limits.orDefault()
	if err := opts.ctx().Err(); err != nil {
		return fail("%v", canceled(err))
	}
	// The central directory is counted and every local header checked before archive/zip
	// reads the directory into memory and before any entry is read.
	dir, end, err := scanDirectory(r, size, limits.MaxFiles)
	switch {
	case errors.Is(err, errTooManyEntries):
		return fail("holds more than %d files and folders, the most a package may hold", limits.MaxFiles)
	case err != nil:
		return fail("not a valid zip archive: %v", err)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return fail("not a valid zip archive: %v", unwrapZip(err))
	}
	if len(zr.File) != len(dir) {
		return fail("not a valid zip archive: its central directory cannot be read consistently")
	}
	for i, f := range zr.File {
		if f.Name != dir[i].name {
			return fail("not a valid zip archive: its central directory cannot be read consistently")
		}
	}
	var (
		total    uint64
		tops     = map[string]bool{}
		seen     = make(map[string]bool, len(zr.File)) // entry name -> is a folder
		topFiles []string
	)
	for _, f := range zr.File {
		name := f.Name
		if err := checkEntryName(name); err != nil {
			return fail("entry %q %v", printable(name), err)
		}
		mode := f.Mode()
		isDir := strings.HasSuffix(name, "/") || mode.IsDir()
		clean := strings.TrimSuffix(name, "/")
		switch {
		case mode&fs.ModeSymlink != 0:
			return fail("entry %s is a symbolic link; archives may hold only files and folders", clean)
		case !isDir && !mode.IsRegular():
			return fail("entry %s is not a regular file (mode %s)", clean, mode)
		}
		if _, dup := seen[clean]; dup {
			return fail("entry %s appears more than once", clean)
		}
		seen[clean] = isDir
		top, _, nested := strings.Cut(clean, "/")
		tops[top] = true
		if !nested && !isDir {
			topFiles = append(topFiles, top)
		}
		if isDir {
			continue
		}
		if f.Flags&0x1 != 0 {
			return fail("entry %s is encrypted", clean)
		}
		if f.Method != zip.Store && f.Method != zip.Deflate {
			return fail("entry %s uses compression method %d; only stored and deflated entries can be read", clean, f.Method)
		}
		if f.UncompressedSize64 > uint64(limits.MaxFileSize) {
			return fail("entry %s declares %d bytes uncompressed, more than the %d bytes any package file may hold", clean, f.UncompressedSize64, limits.MaxFileSize)
		}
		total += f.UncompressedSize64
		if total > uint64(limits.MaxTotalSize) {
			return fail("entries declare more than %d bytes uncompressed in all, more than a package may hold (at entry %s)", limits.MaxTotalSize, clean)
		}
	}
	if err := checkLocal(r, dir, end.offset); err != nil {
		return fail("%v", err)
	}
	// A name used both as a file and as a folder ("a" and "a/b") is a duplicate too.
	if name, under := fileAsFolder(seen); name != "" {
		return fail("entry %s is both a file and the folder of %s", name, under)
	}
	if len(tops) != 1 || len(topFiles) > 0 {
		names := make([]string, 0, len(tops))
		for t := range tops {
			names = append(names, t)
		}
		sort.Strings(names)
		if len(names) > 5 {
			names = append(names[:5], "...")
		}
		return fail("must hold a single package folder at its top level, found %d entries there (%s)", len(tops), strings.Join(names, ", "))
	}
	var root string
	for t := range tops {
		root = t
	}
	sub, err := fs.Sub(zr, root)
	if err != nil {
		return fail("%v", err)
	}
	opts.Limits = limits
	g := newGuard(sub, display, opts)
	g.zip, g.zipRoot = display, root
	return &FS{FS: g, guard: g, Display: display, Zip: true}, nil
}

// fileAsFolder finds a file entry that other entries sit under, and one of those entries.
func fileAsFolder(entries map[string]bool) (string, string) {
	names := make([]string, 0, len(entries))
	for n := range entries {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if entries[n] {
			continue
		}
		prefix := n + "/"
		i := sort.SearchStrings(names, prefix)
		if i < len(names) && strings.HasPrefix(names[i], prefix) {
			return n, names[i]
		}
	}
	return "", ""
}

// checkEntryName tells what is unsafe about the name of an archive entry, if anything.
func checkEntryName(name string) error {
	clean := strings.TrimSuffix(name, "/")
	switch {
	case name == "" || clean == "":
		return errors.New("has an empty name")
	case len(name) > maxEntryName:
		return fmt.Errorf("has a name longer than %d bytes", maxEntryName)
	case strings.Contains(name, `\`):
		return errors.New("has a backslash in its name; archives must use '/' between folders")
	case strings.HasPrefix(name, "/") || (len(name) >= 2 && name[1] == ':'):
		return errors.New("has an absolute path")
	case strings.ContainsRune(name, 0):
		return errors.New("has a NUL byte in its name")
	}
	for _, part := range strings.Split(clean, "/") {
		switch part {
		case "..":
			return errors.New("has '..' in its path, which would leave the package")
		case ".", "":
			return errors.New("has an empty or '.' element in its path")
		}
	}
	return nil
}

// printable shortens and quotes what a hostile name would otherwise print.
func printable(name string) string {
	if len(name) > 200 {
		return name[:200] + "..."
	}
	return name
}

// unwrapZip turns archive/zip's errors into words.
func unwrapZip(err error) string {
	switch {
	case errors.Is(err, zip.ErrFormat):
		return "the central directory is missing or damaged"
	case errors.Is(err, zip.ErrAlgorithm):
		return "an entry uses an unknown compression method"
	}
	return err.Error()
}
