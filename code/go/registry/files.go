package registry

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"

	"github.com/Masterminds/semver/v3"
)

// maxFileInMemory bounds the package files read into memory to be served (files of zipped
// packages, and files of file systems that cannot seek).
const maxFileInMemory = 256 << 20

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
	if _, err := semver.StrictNewVersion(version); err != nil {
		badRequest(w, "invalid package version")
		return
	}
	p := ix.Lookup(name, version)
	if p == nil {
		notFound(w, "package revision not found")
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

// seekable opens a file of fsys for http.ServeContent, reading it into memory when its file
// system cannot seek.
func seekable(fsys fs.FS, name string, size int64) (io.ReadSeeker, func(), error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, nil, err
	}
	if rs, ok := f.(io.ReadSeeker); ok {
		return rs, func() { f.Close() }, nil
	}
	defer f.Close()
	if size > maxFileInMemory {
		return nil, nil, errors.New("file too large to be served from this file system")
	}
	b, err := io.ReadAll(io.LimitReader(f, maxFileInMemory+1))
	if err != nil {
		return nil, nil, err
	}
	return bytes.NewReader(b), func() {}, nil
}
