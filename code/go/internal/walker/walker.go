// Package walker checks a package's folders and files against the spec tree: which entries may
// exist, which must, their sizes, media types and, through package content, their schemas.
package walker

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/pkgspec/pkgspec/code/go/internal/content"
	"github.com/pkgspec/pkgspec/code/go/internal/loader"
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/internal/pkgfs"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Walk checks the whole package against the root of its spec. It returns at most
// maxFileErrors schema errors for a file (0: content.DefaultMaxErrors), and says in cuts what
// it left out of the files whose schema errors went beyond that.
func Walk(p *packages.Package, root *loader.Item, maxFileErrors int) (errs specerrors.ValidationErrors, cuts []content.Cut) {
	w := &walker{pkg: p, maxFileErrors: maxFileErrors}
	w.folder(root, ".")
	return w.errs, w.cuts
}

type walker struct {
	pkg           *packages.Package
	maxFileErrors int
	errs          specerrors.ValidationErrors
	cuts          []content.Cut
}

type totals struct {
	size int64
}

func (w *walker) add(e specerrors.ValidationError) { w.errs = append(w.errs, e) }

func display(dir string) string {
	if dir == "." {
		return ""
	}
	return dir
}

// folder checks folder dir against spec and returns what it holds, for the limits of parents.
func (w *walker) folder(spec *loader.Item, dir string) totals {
	var t totals
	if w.pkg.FS.Err() != nil {
		// The package as a whole cannot be read (cancelled, beyond a limit): stop here.
		return t
	}
	entries, err := fs.ReadDir(w.pkg.FS, dir)
	if err != nil {
		w.add(specerrors.New(display(dir), "cannot read folder: %v", err))
		return t
	}
	if lim := spec.TotalContentsLimit; lim > 0 && len(entries) > lim {
		w.add(specerrors.New(display(dir), "folder holds %d entries, more than the limit of %d", len(entries), lim))
		return t
	}
	w.release(spec, dir)
	for _, e := range entries {
		name := e.Name()
		rel := path.Join(dir, name)
		// Links leaving the package and special files are errors wherever they are.
		if e.Type()&fs.ModeSymlink != 0 || (!e.IsDir() && !e.Type().IsRegular()) {
			info, err := fs.Stat(w.pkg.FS, rel)
			if err != nil {
				w.add(specerrors.New(rel, "cannot read %s: %s", name, pkgfs.Reason(err)))
				continue
			}
			if !info.IsDir() && !info.Mode().IsRegular() {
				w.add(specerrors.New(rel, "%s is not a regular file", name))
				continue
			}
		}
		item, err := w.match(spec, name)
		if err != nil {
			w.add(specerrors.New(rel, "%v", err))
			continue
		}
		if item == nil {
			if !spec.AdditionalContents {
				ve := specerrors.New(rel, "item [%s] is not allowed in folder [%s]", name, folderName(dir))
				if !e.IsDir() {
					// About the file as a whole.
					ve = ve.At(1, 1)
				}
				w.add(ve)
			} else if e.IsDir() && !spec.DevelopmentFolder && strings.Contains(name, "-") {
				w.add(specerrors.New(rel, "folder name %q must not contain '-'", name))
			}
			continue
		}
		isDir := e.IsDir()
		if isDir != item.IsDir() {
			if isDir {
				w.add(specerrors.New(rel, "[%s] is a folder but is expected to be a file", name))
			} else {
				w.add(specerrors.New(rel, "[%s] is a file but is expected to be a folder", name).At(1, 1))
			}
			continue
		}
		if isDir {
			if strings.HasSuffix(name, pkgfs.LinkExtension) {
				// A link stands for a file; a folder of that name is not read.
				w.add(specerrors.New(rel, "cannot read folder %s: a folder's name must not end with %s", name, pkgfs.LinkExtension))
				continue
			}
			sub := w.folder(item, rel)
			if !item.DevelopmentFolder {
				t.size += sub.size
			}
			continue
		}
		// A file counts in its folder's size, even in a development folder; what a development
		// folder holds does not count in its parent's.
		t.size += w.file(item, rel)
	}
	if lim := spec.TotalSizeLimit; lim > 0 && t.size > int64(lim) {
		w.add(specerrors.New(display(dir), "folder exceeds the total size limit of %s", lim))
	}
	for _, item := range spec.Contents {
		if item.Required && !w.present(item, entries) {
			if item.Name != "" {
				w.add(specerrors.New(path.Join(dir, item.Name), "expecting to find [%s] %s in folder [%s]", item.Name, item.Type, folderName(dir)))
			} else {
				w.add(specerrors.New(display(dir), "expecting to find %s matching pattern [%s] in folder [%s]", item.Type, item.Pattern, folderName(dir)))
			}
		}
	}
	return t
}

func folderName(dir string) string {
	if dir == "." {
		return "(package root)"
	}
	return dir
}

// present tells whether a required entry is there. A name that the entry's pattern matches
// counts even when a forbidden pattern refuses it: that name gets its own error.
func (w *walker) present(item *loader.Item, entries []fs.DirEntry) bool {
	loose := *item
	loose.ForbiddenPatterns = nil
	for _, e := range entries {
		it, err := w.match(&loader.Item{Contents: []*loader.Item{&loose}}, e.Name())
		if err == nil && it != nil && e.IsDir() == item.IsDir() {
			return true
		}
	}
	return false
}

// Find returns the entry of the spec tree that describes the file at path p (slash-separated,
// relative to the package root), for a package named pkgName; nil if none does.
func Find(root *loader.Item, p, pkgName string) *loader.Item {
	w := &walker{pkg: &packages.Package{Name: pkgName}}
	item := root
	for _, part := range strings.Split(p, "/") {
		next, err := w.match(item, part)
		if err != nil || next == nil {
			return nil
		}
		item = next
	}
	return item
}

// match finds the entry of spec that describes name. A `.link` file is described by the entry
// of the file it stands for: by name always, by pattern only where the entry allows links.
func (w *walker) match(spec *loader.Item, name string) (*loader.Item, error) {
	target, isLink := strings.CutSuffix(name, pkgfs.LinkExtension)
	for _, item := range spec.Contents {
		if item.Name != "" {
			if item.Name == target {
				return item, nil
			}
			continue
		}
		re, err := compile(strings.ReplaceAll(item.Pattern, "{PACKAGE_NAME}", w.pkg.Name))
		if err != nil {
			return nil, err
		}
		if !re.MatchString(target) {
			continue
		}
		forbidden := false
		for _, fp := range item.ForbiddenPatterns {
			fre, err := compile(fp)
			if err != nil {
				return nil, err
			}
			if fre.MatchString(target) {
				forbidden = true
				break
			}
		}
		if forbidden {
			continue
		}
		if isLink && !item.AllowLink {
			return nil, fmt.Errorf("item [%s] is a link but is not allowed", target)
		}
		return item, nil
	}
	return nil, nil
}

var patterns sync.Map // string -> *regexp.Regexp

func compile(p string) (*regexp.Regexp, error) {
	if re, ok := patterns.Load(p); ok {
		return re.(*regexp.Regexp), nil
	}
	re, err := regexp.Compile(p)
	if err != nil {
		return nil, errors.New("the spec has an invalid name pattern " + p)
	}
	patterns.Store(p, re)
	return re, nil
}

// readsContent tells whether the checks of a file look at its content: YAML and JSON files are
// parsed (and YAML files may need document dashes); other files are checked by size only.
func readsContent(item *loader.Item) bool {
	return item.MediaType == "application/x-yaml" || item.MediaType == "application/json"
}

// file checks one file and returns its size.
func (w *walker) file(item *loader.Item, rel string) int64 {
	isLink := strings.HasSuffix(rel, pkgfs.LinkExtension) && !strings.HasSuffix(item.Name, pkgfs.LinkExtension)
	var data []byte
	var size int64
	var err error
	switch {
	case isLink:
		var l pkgfs.Link
		l, err = w.pkg.Link(rel)
		if errors.Is(err, pkgfs.ErrLinkChanged) {
			// The target's content is not what the link's author saw: it is not checked.
			w.add(specerrors.New(rel, "%v", err).At(1, 1))
			return 0
		}
		data, size = l.Data, int64(len(l.Data))
	case readsContent(item):
		data, err = w.pkg.ReadFile(rel)
		size = int64(len(data))
	default:
		// Only the size matters: the file is not read, so that a large image or archive costs
		// nothing and a file above its limit is refused without reading it.
		var info fs.FileInfo
		if info, err = fs.Stat(w.pkg.FS, rel); err == nil {
			size = info.Size()
		}
	}
	if err != nil {
		w.add(specerrors.New(rel, "cannot read file: %s", pkgfs.Reason(err)))
		return 0
	}
	if lim := item.SizeLimit; lim > 0 && size > int64(lim) {
		w.add(specerrors.New(rel, "file size (%s) is bigger than the limit of %s", loader.Size(size), lim).At(1, 1))
	}
	if item.MediaType == "" {
		return size
	}
	if size == 0 {
		w.add(specerrors.New(rel, "file is empty, but a content type (%s) is expected", item.MediaType).At(1, 1))
		return size
	}
	if !readsContent(item) {
		return size
	}
	if item.MediaType == "application/x-yaml" {
		if lim := item.ConfigurationSizeLimit; lim > 0 && size > int64(lim) {
			w.add(specerrors.New(rel, "file size (%s) is bigger than the configuration file limit of %s", loader.Size(size), lim).At(1, 1))
		}
		if item.MediaParams["require-document-dashes"] == "true" && !startsWithDashes(data) {
			w.add(specerrors.New(rel, "document dashes are required (start the document with '---')").At(1, 1))
		}
	}
	if item.Schema == nil {
		return size
	}
	doc, err := w.pkg.Document(rel)
	if err != nil {
		e := specerrors.New(rel, "%v", err)
		var se *content.SyntaxError
		if errors.As(err, &se) {
			e = e.At(se.Line, se.Column)
		}
		w.add(e)
		return size
	}
	errs, cut := content.Validate(item.Schema, doc, content.Context{
		FS:                    w.pkg.FS,
		File:                  rel,
		RelativePathSizeLimit: item.RelativePathSizeLimit,
		MaxErrors:             w.maxFileErrors,
	})
	w.errs = append(w.errs, errs...)
	if cut.LeftOut > 0 || cut.Unchecked > 0 {
		w.cuts = append(w.cuts, cut)
	}
	return size
}

// startsWithDashes tells whether the first line of a YAML file is the document start marker
// `---` and nothing else (a trailing carriage return aside).
func startsWithDashes(data []byte) bool {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	return string(bytes.TrimSuffix(line, []byte("\r"))) == "---"
}
