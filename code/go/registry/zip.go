package registry

import (
	"archive/zip"
	"io"
	"io/fs"
	"net/http"
	"path"

	"github.com/Masterminds/semver/v3"
)

// serveZip answers /epr/NAME/NAME-VERSION.zip: a stored zip file byte for byte (with ranges),
// or a package folder zipped while it is sent.
func (s *Server) serveZip(w http.ResponseWriter, r *http.Request, ix *Index, vars []string) {
	p := s.artifact(w, ix, vars, "artifact not found")
	if p == nil {
		return
	}
	if p.Zipped {
		s.serveStored(w, r, p, p.src.path)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	if err := WriteZip(w, p); err != nil {
		s.opts.Logger.Error("zipping package failed", "package", p.Name, "version", p.Version, "error", err)
	}
}

// serveSignature answers /epr/NAME/NAME-VERSION.zip.sig with the package's signature.
func (s *Server) serveSignature(w http.ResponseWriter, r *http.Request, ix *Index, vars []string) {
	p := s.artifact(w, ix, vars, "signature file not found")
	if p == nil {
		return
	}
	s.serveStored(w, r, p, p.src.path+".sig")
}

// artifact finds the package of a /epr request, answering the errors itself.
func (s *Server) artifact(w http.ResponseWriter, ix *Index, vars []string, missing string) *Package {
	p := lookup(w, ix, vars[1], vars[2], missing)
	if p != nil {
		cacheFor(w, s.opts.CacheTimeCatchAll)
	}
	return p
}

// lookup finds the package of a request, or answers 400 for a version that is not one and
// 404 with the text missing for a package that is not served.
func lookup(w http.ResponseWriter, ix *Index, name, version, missing string) *Package {
	if _, err := semver.StrictNewVersion(version); err != nil {
		badRequest(w, "invalid package version")
		return nil
	}
	p := ix.Lookup(name, version)
	if p == nil {
		notFound(w, missing)
	}
	return p
}

// serveStored serves a file of the package's root as it is.
func (s *Server) serveStored(w http.ResponseWriter, r *http.Request, p *Package, name string) {
	info, err := fs.Stat(p.src.root, name)
	if err != nil || info.IsDir() {
		s.opts.Logger.Error("stat package path failed", "file", name, "error", err)
		internalError(w)
		return
	}
	content, done, err := seekable(p.src.root, name, info.Size())
	if err != nil {
		s.opts.Logger.Error("opening package path failed", "file", name, "error", err)
		internalError(w)
		return
	}
	defer done()
	if t := contentType(name); t != "" {
		w.Header().Set("Content-Type", t)
	}
	http.ServeContent(w, r, name, info.ModTime(), content)
}

// WriteZip writes the package as a zip file: every file and folder under NAME-VERSION/, in
// lexical order of their paths, folders with their own entries. A stored zip file is copied
// as it is.
func WriteZip(w io.Writer, p *Package) error {
	if p.Zipped {
		f, err := p.src.root.Open(p.src.path)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(w, f)
		return err
	}
	fsys, closer, err := p.src.files()
	if err != nil {
		return err
	}
	defer closer.Close()
	zw := zip.NewWriter(w)
	top := p.Name + "-" + p.Version
	err = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || name == "." {
			return err
		}
		if escapes(fsys, name) {
			return nil // links leading out of the package are left out
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// A link is stored as the file it points to; links to folders are left out.
			if info, err = fs.Stat(fsys, name); err != nil || info.IsDir() {
				return nil
			}
		}
		h, err := zip.FileInfoHeader(info)
		if err != nil {
			return err
		}
		h.Method = zip.Deflate
		h.Name = path.Join(top, name)
		if d.IsDir() {
			h.Name += "/"
		}
		dst, err := zw.CreateHeader(h)
		if err != nil || d.IsDir() {
			return err
		}
		f, err := fsys.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(dst, f)
		return err
	})
	if err != nil {
		zw.Close()
		return err
	}
	return zw.Close()
}
