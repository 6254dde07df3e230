// Package packages models one package under validation: its file system, its identity read from
// the manifest, and a cache so that each file is read and parsed at most once.
package packages

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/Masterminds/semver/v3"
	"gopkg.in/yaml.v3"

	"github.com/pkgspec/pkgspec/code/go/internal/content"
	"github.com/pkgspec/pkgspec/code/go/internal/loader"
	"github.com/pkgspec/pkgspec/code/go/internal/pkgfs"
)

// Package is a package being validated.
type Package struct {
	FS *pkgfs.FS
	// Name, Type and Version come from manifest.yml; Type defaults to integration.
	Name, Type, Version string
	// FormatVersion is the spec version the package follows.
	FormatVersion *semver.Version
	// Manifest is the parsed manifest.yml.
	Manifest map[string]any
	// Spec is the spec the package is validated against, once the validator has chosen it.
	Spec *loader.Spec

	// expandKeys is set for format versions before 3.0.0, which read dotted YAML keys as
	// nested objects.
	expandKeys bool

	files   sync.Map     // path -> *fileEntry
	derived sync.Map     // key -> *derivedEntry
	nodes   atomic.Int64 // values of the documents kept, against MaxNodes
}

// MaxNodes bounds the values (YAML nodes, JSON values) of the documents a package keeps
// parsed: about fourteen times what the largest real packages hold (70,000). Files parsed beyond
// it are not checked, so that memory is bounded whatever the package holds.
const MaxNodes = 1_000_000

type derivedEntry struct {
	once  sync.Once
	value any
}

type fileEntry struct {
	read sync.Once // guards data, link and err: the file's bytes
	data []byte
	link pkgfs.Link
	err  error

	parse   sync.Once // guards doc and parseEr: the file parsed
	doc     *content.Document
	parseEr error
}

// ErrNoManifest is returned by Open for a folder without manifest.yml.
var ErrNoManifest = errors.New("manifest.yml is missing")

// Open reads a package's manifest. It returns the package even when the manifest has problems,
// together with an error that says what they are.
func Open(fsys *pkgfs.FS) (*Package, error) {
	p := &Package{FS: fsys, Type: "integration"}
	if _, err := fs.Stat(fsys, "manifest.yml"); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return p, ErrNoManifest
		}
		return p, err
	}
	doc, err := p.Document("manifest.yml")
	if err != nil {
		return p, err
	}
	m, ok := doc.Values[0].(map[string]any)
	if !ok {
		return p, fmt.Errorf("manifest.yml must hold a mapping of fields, not %s", kind(doc.Values[0]))
	}
	p.Manifest = m
	p.Name, _ = m["name"].(string)
	p.Version = written(doc, m, "version")
	if t, ok := m["type"].(string); ok {
		p.Type = t
	} else if m["type"] != nil {
		return p, fmt.Errorf("type must be a string")
	}
	fv, ok := m["format_version"].(string)
	if !ok {
		switch m["format_version"].(type) {
		case nil:
			return p, fmt.Errorf("format_version is missing from manifest.yml")
		case []any, map[string]any:
			return p, fmt.Errorf("format_version must be a semantic version such as 3.0.0, not %s", kind(m["format_version"]))
		}
		fv = written(doc, m, "format_version")
	}
	p.FormatVersion, err = semver.NewVersion(fv)
	if err != nil {
		return p, fmt.Errorf("format_version %q is not a valid semantic version", fv)
	}
	if p.FormatVersion.Major() < 3 {
		// Parse the manifest again, now that we know that its dotted keys are nested objects:
		// its bytes, already read, are kept, and the values of the first parse no longer count.
		p.expandKeys = true
		read := p.read("manifest.yml")
		again := &fileEntry{data: read.data, link: read.link, err: read.err}
		again.read.Do(func() {})
		p.files.Store("manifest.yml", again)
		p.nodes.Add(-int64(doc.Size()))
		if doc, err = p.Document("manifest.yml"); err != nil {
			return p, err
		}
		p.Manifest, _ = doc.Values[0].(map[string]any)
	}
	return p, nil
}

// written returns the value of top-level field key of the manifest as it is written in the
// file (3.0, not 3), or "" when the field is missing or not a single value.
func written(doc *content.Document, m map[string]any, key string) string {
	switch v := m[key].(type) {
	case nil, []any, map[string]any:
		return ""
	case string:
		return v
	}
	if len(doc.Nodes) > 0 {
		n := doc.Nodes[0]
		if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
			n = n.Content[0]
		}
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == key && n.Content[i+1].Kind == yaml.ScalarNode {
					return n.Content[i+1].Value
				}
			}
		}
	}
	return fmt.Sprint(m[key])
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "nothing (the file is empty)"
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	}
	return "a single value"
}

func (p *Package) entry(name string) *fileEntry {
	e, _ := p.files.LoadOrStore(name, &fileEntry{})
	return e.(*fileEntry)
}

// ReadFile returns the content of a file; for a `.link` file, the content of its target.
func (p *Package) ReadFile(name string) ([]byte, error) {
	e := p.read(name)
	return e.data, e.err
}

// Link returns a `.link` file resolved, read once like any other file.
func (p *Package) Link(name string) (pkgfs.Link, error) {
	e := p.read(name)
	return e.link, e.err
}

func (p *Package) read(name string) *fileEntry {
	e := p.entry(name)
	e.read.Do(func() {
		if strings.HasSuffix(name, pkgfs.LinkExtension) {
			e.link, e.err = p.FS.ReadLink(name)
			e.data = e.link.Data
			return
		}
		e.data, e.err = fs.ReadFile(p.FS, name)
	})
	return e
}

// Document returns a YAML or JSON file parsed, by its extension (a `.link` file by its
// target's). The result is shared: callers must not modify it.
func (p *Package) Document(name string) (*content.Document, error) {
	e := p.entry(name)
	e.parse.Do(func() {
		data, err := p.ReadFile(name)
		if err != nil {
			e.parseEr = err
			return
		}
		if p.nodes.Load() > MaxNodes {
			e.parseEr = tooManyNodes()
			return
		}
		base := strings.TrimSuffix(name, pkgfs.LinkExtension)
		switch path.Ext(base) {
		case ".json":
			e.doc, e.parseEr = content.ParseJSON(data)
		default:
			e.doc, e.parseEr = content.ParseYAML(data, p.expandKeys)
		}
		if e.doc != nil && p.nodes.Add(int64(e.doc.Size())) > MaxNodes {
			e.doc, e.parseEr = nil, tooManyNodes()
		}
	})
	return e.doc, e.parseEr
}

func tooManyNodes() error {
	return &content.SyntaxError{Msg: fmt.Sprintf("not checked: the YAML and JSON files of the package hold more than %d values in all, more than a package may hold to be checked", MaxNodes)}
}

// Exists tells whether a file or folder exists, either itself or as a `.link` file.
func (p *Package) Exists(name string) bool {
	if _, err := fs.Stat(p.FS, name); err == nil {
		return true
	}
	_, err := fs.Stat(p.FS, name+pkgfs.LinkExtension)
	return err == nil
}

// Files lists the files of folder dir (not recursively) whose name matches the glob pattern,
// with `.link` files listed under their own name, sorted. It returns nil when dir does not
// exist. Folder listings are read once per package by the package's file system.
func (p *Package) Files(dir, pattern string) []string {
	entries, err := p.FS.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		name := strings.TrimSuffix(e.Name(), pkgfs.LinkExtension)
		if ok, _ := path.Match(pattern, name); ok {
			out = append(out, path.Join(dir, e.Name()))
		}
	}
	return out
}

// Folders lists the sub-folders of dir, sorted.
func (p *Package) Folders(dir string) []string {
	entries, err := p.FS.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out
}

// DataStreams lists the data stream folder names of the package.
func (p *Package) DataStreams() []string { return p.Folders("data_stream") }

// Derived returns the value that build computes from the package, computing it once per
// package and key, so that rules sharing a view of the package (every field definition, say)
// build it once. The value is shared: callers must not modify it.
func (p *Package) Derived(key string, build func() any) any {
	e, _ := p.derived.LoadOrStore(key, &derivedEntry{})
	entry := e.(*derivedEntry)
	entry.once.Do(func() { entry.value = build() })
	return entry.value
}
