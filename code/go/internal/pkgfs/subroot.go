package pkgfs

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"strings"
	"sync"
	"sync/atomic"
)

// Through os.Root, every open or stat walks its path one folder at a time, a system call or
// two per folder. A package's files sit a few folders deep, and the walker and the rules reach
// every file of a folder in turn, so folders are opened once, as roots of their own, and their
// files reached from there in one call. A folder root only ever sees what is inside that
// folder, so nothing it gives can be outside the package; whatever it cannot give (a link to
// another folder of the package, say) is asked of the package root as before.

// maxFolderRoots bounds the folders kept open per package, each holding a file descriptor.
const maxFolderRoots = 256

// folders keeps the opened folders of a package read from disk.
type folders struct {
	root  *os.Root
	open  sync.Map // folder name -> *folderRoot
	count atomic.Int32
}

type folderRoot struct {
	once sync.Once
	r    *os.Root // nil when the folder could not be opened or the bound was reached
}

// get returns the folder dir opened as a root, or nil.
func (f *folders) get(dir string) *os.Root {
	if dir == "." {
		return f.root
	}
	v, _ := f.open.LoadOrStore(dir, &folderRoot{})
	fr := v.(*folderRoot)
	fr.once.Do(func() {
		if f.count.Add(1) > maxFolderRoots {
			return
		}
		if r, err := f.root.OpenRoot(dir); err == nil {
			fr.r = r
		}
	})
	return fr.r
}

// split gives the folder a file sits in and its name there.
func split(name string) (dir, base string) {
	i := strings.LastIndexByte(name, '/')
	if i < 0 {
		return ".", name
	}
	return name[:i], name[i+1:]
}

// openFile opens a file through its folder's root; ok is false when the package root must
// be asked instead.
func (f *folders) openFile(name string) (fs.File, bool) {
	dir, base := split(name)
	r := f.get(dir)
	if r == nil {
		return nil, false
	}
	file, err := r.Open(base)
	if err != nil {
		return nil, false
	}
	return file, true
}

// stat describes a file or folder through its folder's root, without following a link that
// leads out of that folder; ok is false when the package root must be asked instead.
func (f *folders) stat(name string) (fs.FileInfo, bool) {
	dir, base := split(name)
	r := f.get(dir)
	if r == nil {
		return nil, false
	}
	info, err := r.Lstat(base)
	if err != nil || info.Mode()&fs.ModeSymlink != 0 {
		return nil, false
	}
	return info, true
}

// readDir lists a folder through its own root, each batch of entries counted by count; ok is
// false when the package root must be asked instead.
func (f *folders) readDir(name string, count func(int) error) ([]fs.DirEntry, bool, error) {
	r := f.get(path.Clean(name))
	if r == nil {
		return nil, false, nil
	}
	d, err := r.Open(".")
	if err != nil {
		return nil, false, nil
	}
	defer d.Close()
	entries, err := readBatches(d, count)
	if errors.Is(err, ErrTooLarge) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return nil, true, err
	}
	if err != nil {
		return nil, false, nil
	}
	return entries, true, nil
}

// close releases every folder opened.
func (f *folders) close() {
	f.open.Range(func(_, v any) bool {
		if r := v.(*folderRoot).r; r != nil {
			r.Close()
		}
		return true
	})
}
