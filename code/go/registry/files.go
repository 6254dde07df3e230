package registry

import (
	"errors"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// contentTypes are the types the registry gives whatever the system's MIME table says.
var contentTypes = map[string]string{
	".zip": "application/zip",
	".ico": "image/x-icon",
	".md":  "text/markdown; charset=utf-8",
	".yml": "text/yaml; charset=UTF-8",
}

func contentType(name string) string {
	ext := path.Ext(name)
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	return mime.TypeByExtension(ext)
}

// serveFile answers /package/NAME/VERSION/FILE with a file of the package. Ranges and
// If-Modified-Since are honoured.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, ix *Index, vars []string) {
	name, version, file := vars[0], vars[1], vars[2]
	p := lookup(w, ix, name, version, "package revision not found")
	if p == nil {
		return
	}
	cacheFor(w, s.opts.CacheTimeCatchAll)
	fsys, closer, err := p.src.files()
	if err != nil {
		s.opts.Logger.Error("opening package failed", "package", name, "version", version, "error", err)
		internalError(w)
		return
	}
	defer closer.Close()
	if !fs.ValidPath(file) {
		http.Error(w, "resource not found", http.StatusNotFound)
		return
	}
	if !p.Zipped && escapes(fsys, file) {
		http.Error(w, "resource not found", http.StatusNotFound)
		return
	}
	info, err := fs.Stat(fsys, file)
	if errors.Is(err, fs.ErrNotExist) {
		http.Error(w, "resource not found", http.StatusNotFound)
		return
	}
	if err != nil || info.IsDir() {
		internalError(w)
		return
	}
	content, done, err := seekable(fsys, file, info.Size())
	if err != nil {
		s.opts.Logger.Error("opening package file failed", "package", name, "version", version, "file", file, "error", err)
		internalError(w)
		return
	}
	defer done()
	if t := contentType(file); t != "" {
		w.Header().Set("Content-Type", t)
	}
	http.ServeContent(w, r, file, info.ModTime(), content)
}

// seekable opens a file of fsys for http.ServeContent. Files that cannot seek (those inside
// zip files) are reopened and read up to the position asked for, which ServeContent needs only
// for ranges.
func seekable(fsys fs.FS, name string, size int64) (io.ReadSeeker, func(), error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, nil, err
	}
	if rs, ok := f.(io.ReadSeeker); ok {
		return rs, func() { f.Close() }, nil
	}
	r := &reopener{fsys: fsys, name: name, size: size, cur: f}
	return r, func() { r.cur.Close() }, nil
}

// reopener is an io.ReadSeeker over a file that can only be read from its start.
type reopener struct {
	fsys fs.FS
	name string
	size int64
	pos  int64 // position asked for
	read int64 // position of cur
	cur  fs.File
}

func (r *reopener) Read(p []byte) (int, error) {
	if r.pos != r.read {
		if r.pos < r.read {
			f, err := r.fsys.Open(r.name)
			if err != nil {
				return 0, err
			}
			r.cur.Close()
			r.cur, r.read = f, 0
		}
		n, err := io.CopyN(io.Discard, r.cur, r.pos-r.read)
		r.read += n
		if err != nil {
			return 0, err
		}
	}
	n, err := r.cur.Read(p)
	r.read += int64(n)
	r.pos = r.read
	return n, err
}

func (r *reopener) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		offset += r.pos
	case io.SeekEnd:
		offset += r.size
	}
	if offset < 0 {
		return 0, errors.New("seek before the start of the file")
	}
	r.pos = offset
	return offset, nil
}

// maxLinks bounds the symbolic links followed when checking a path.
const maxLinks = 16

// escapes reports whether name, in fsys, goes through a symbolic link that leads outside fsys.
func escapes(fsys fs.FS, name string) bool {
	return escapesDepth(fsys, name, 0)
}

func escapesDepth(fsys fs.FS, name string, depth int) bool {
	if depth > maxLinks {
		return true
	}
	parts := strings.Split(name, "/")
	for i := range parts {
		p := strings.Join(parts[:i+1], "/")
		info, err := fs.Lstat(fsys, p)
		if err != nil || info.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		target, err := fs.ReadLink(fsys, p)
		if err != nil || path.IsAbs(target) {
			return true
		}
		resolved := path.Join(path.Dir(p), target, strings.Join(parts[i+1:], "/"))
		if resolved == ".." || strings.HasPrefix(resolved, "../") {
			return true
		}
		return escapesDepth(fsys, resolved, depth+1)
	}
	return false
}
