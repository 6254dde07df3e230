// Package build turns a package's source folder into the archive that is published: a .zip
// holding one folder <name>-<version>/ with every file of the package except what only serves
// its development, `.link` files replaced by the files they stand for. The same source always
// gives the same bytes, and an archive is only written when the validator accepts it.
package build

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/pkgspec/pkgspec/code/go/internal/pkgfs"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

// maxFileSize bounds each file put in an archive, as the spec bounds a package's size.
const maxFileSize = 250 << 20

// modTime is the time every archive entry carries, so that archives do not depend on when
// or where they were built.
var modTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// skipped tells whether a folder, at any depth, is left out of archives.
func skipped(name string) bool {
	switch name {
	case "_dev", "build", ".git":
		return true
	}
	return false
}

// Options tune a build.
type Options struct {
	// LinkRoot is the folder `.link` targets must stay in; empty means the nearest folder
	// above the source that holds .git, or the source itself when there is none. Links are
	// read as the validator reads them (pkgfs.FS.ReadLink).
	LinkRoot string
}

// Archive is a built package.
type Archive struct {
	// Name and Version are the package's, from its manifest.
	Name, Version string
	// Data is the .zip archive.
	Data []byte
}

// FileName is the name the archive is kept under: <name>-<version>.zip.
func (a *Archive) FileName() string { return a.Name + "-" + a.Version + ".zip" }

// SHA256 is the hex sha256 of the archive.
func (a *Archive) SHA256() string {
	sum := sha256.Sum256(a.Data)
	return hex.EncodeToString(sum[:])
}

// InvalidError is a package the validator refuses; Errors says why.
type InvalidError struct {
	Source string
	Errors specerrors.ValidationErrors
}

func (e *InvalidError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "package %s is not valid (%d errors):", e.Source, len(e.Errors))
	for _, v := range e.Errors {
		b.WriteString("\n  ")
		b.WriteString(v.Error())
	}
	return b.String()
}

// Build archives the package in folder src and validates the archive in build mode. An
// invalid package gives an *InvalidError. The source is only read.
func Build(src string, opts Options) (*Archive, error) {
	a, err := Pack(src, opts)
	if err != nil {
		return nil, err
	}
	if err := Validate(a, src); err != nil {
		return nil, err
	}
	return a, nil
}

// Validate checks an archive as the validator checks a built package; source names it in
// errors.
func Validate(a *Archive, source string) error {
	res := validator.ValidateZipReader(bytes.NewReader(a.Data), int64(len(a.Data)), source, validator.Options{Mode: validator.Build})
	if res.InputErr != nil {
		return fmt.Errorf("package %s: %w", source, res.InputErr)
	}
	if !res.Valid() {
		return &InvalidError{Source: source, Errors: res.Errors}
	}
	return nil
}

// Pack archives the package in folder src without validating it.
func Pack(src string, opts Options) (*Archive, error) {
	abs, err := filepath.Abs(src)
	if err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, fmt.Errorf("cannot open package %s: %w", src, errors.Unwrap(err))
	}
	defer root.Close()
	name, version, err := identity(root, src)
	if err != nil {
		return nil, err
	}
	// Links are resolved as the validator resolves them, by the package's file system.
	links, err := pkgfs.Dir(abs, pkgfs.Options{LinkRoot: opts.LinkRoot})
	if err != nil {
		return nil, err
	}
	defer links.Close()
	files, err := collect(root, src, links)
	if err != nil {
		return nil, err
	}
	data, err := archive(name+"-"+version, files)
	if err != nil {
		return nil, err
	}
	return &Archive{Name: name, Version: version, Data: data}, nil
}

// identity reads the package's name and version from its manifest.
func identity(root *os.Root, src string) (name, version string, err error) {
	raw, err := readAtMost(root, "manifest.yml")
	if err != nil {
		return "", "", fmt.Errorf("package %s: cannot read manifest.yml: %w", src, err)
	}
	var m struct {
		Name    string `yaml:"name"`
		Version string `yaml:"version"`
	}
	if err := yaml.Unmarshal(raw, &m); err != nil {
		return "", "", fmt.Errorf("package %s: manifest.yml: %w", src, err)
	}
	if m.Name == "" || m.Version == "" || strings.ContainsAny(m.Name+m.Version, "/\\") || m.Name == ".." || m.Version == ".." {
		return "", "", fmt.Errorf("package %s: manifest.yml must give a name and a version usable in a file name (found %q and %q)", src, m.Name, m.Version)
	}
	return m.Name, m.Version, nil
}

// file is one file of the archive, by its path inside the package.
type file struct {
	path string
	data []byte
}

// collect reads every file that goes into the archive, .link files resolved through links.
func collect(root *os.Root, src string, links *pkgfs.FS) ([]file, error) {
	var files []file
	seen := map[string]string{} // archive path -> source path it came from
	err := fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("package %s: %w", src, err)
		}
		if p == "." {
			return nil
		}
		info, err := root.Stat(p) // follows links that stay in the package
		if err != nil {
			return fmt.Errorf("package %s: %s: %w", src, p, errors.Unwrap(err))
		}
		if info.IsDir() {
			if skipped(d.Name()) {
				return fs.SkipDir
			}
			if d.Type()&fs.ModeSymlink != 0 {
				return fmt.Errorf("package %s: %s is a symbolic link to a folder; archives hold files and folders only", src, p)
			}
			return nil
		}
		if !info.Mode().IsRegular() {
			return fmt.Errorf("package %s: %s is not a regular file", src, p)
		}
		out, data := p, []byte(nil)
		if strings.HasSuffix(p, pkgfs.LinkExtension) {
			out = strings.TrimSuffix(p, pkgfs.LinkExtension)
			var l pkgfs.Link
			l, err = links.ReadLink(p)
			data = l.Data
		} else {
			data, err = readAtMost(root, p)
		}
		if err != nil {
			return fmt.Errorf("package %s: %s: %w", src, p, err)
		}
		if prev, dup := seen[out]; dup {
			return fmt.Errorf("package %s: %s and %s both give the file %s", src, prev, p, out)
		}
		seen[out] = p
		files = append(files, file{path: out, data: data})
		return nil
	})
	return files, err
}

// readAtMost reads a regular file through root, refusing one above maxFileSize.
func readAtMost(root *os.Root, name string) ([]byte, error) {
	f, err := root.Open(filepath.FromSlash(name))
	if err != nil {
		return nil, unwrap(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	data, err := io.ReadAll(io.LimitReader(bufio.NewReader(f), maxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("more than %d bytes", maxFileSize)
	}
	return data, nil
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// archive writes files under folder top, with every folder as an entry of its own, sorted,
// with fixed times and modes.
func archive(top string, files []file) ([]byte, error) {
	type entry struct {
		name string
		data []byte
		dir  bool
	}
	entries := []entry{{name: top + "/", dir: true}}
	dirs := map[string]bool{}
	for _, f := range files {
		for d := path.Dir(f.path); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
			entries = append(entries, entry{name: top + "/" + d + "/", dir: true})
		}
		entries = append(entries, entry{name: top + "/" + f.path, data: f.data})
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: modTime}
		if e.dir {
			h.Method = zip.Store
			h.SetMode(fs.ModeDir | 0o755)
		} else {
			h.SetMode(0o644)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(e.data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteFile writes the archive into folder dir, creating it, as dir/<name>-<version>.zip,
// through a temporary file renamed into place; it returns the path written.
func (a *Archive) WriteFile(dir string) (string, error) {
	return writeAtomic(dir, a.FileName(), a.Data)
}

func writeAtomic(dir, name string, data []byte) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(dir, "."+name+".*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return "", werr
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return "", err
	}
	out := filepath.Join(dir, name)
	return out, os.Rename(tmp.Name(), out)
}
