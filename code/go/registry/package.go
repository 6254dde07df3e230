package registry

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"sync"

	"github.com/Masterminds/semver/v3"

	"github.com/pkgspec/pkgspec/code/go/pkg/manifest"
)

// Package is one version of a package in the index.
type Package struct {
	Name    string
	Version string
	// Zipped tells whether the package comes from a zip file (served byte for byte) rather
	// than a folder (zipped on the fly).
	Zipped bool
	// Location is the zip file or folder of the package, relative to its root.
	Location string
	// Verdict is free for a validation step to record what it found about the package.
	Verdict any

	src        *source
	doc        *lazyDoc
	brief      *brief               // what filters and counts read of the document
	deprecated *manifest.Deprecated // the notice shown: the newest deprecated version's
	version    *semver.Version
	spec       *semver.Version // major.minor.0 of format_version
	kibana     *semver.Constraints
	agent      *semver.Constraints
	// summary is the /search entry of the package with all its policy templates, encoded
	// once as an element of the indented list Search writes.
	summary []byte
}

// Document returns the full package document, served at /package/NAME/VERSION/; /search
// shows a summary of it. A package taken from the registry's cache decodes it on first use.
func (p *Package) Document() (*Document, error) { return p.doc.get() }

// brief is the part of a package document that the index reads to filter, sort and count
// packages. The cache keeps it apart from the document, so that a warm start decodes only
// this. Its fields are named as in the document.
type brief struct {
	Name          string               `json:"name"`
	Version       string               `json:"version"`
	FormatVersion string               `json:"format_version"`
	Release       string               `json:"release,omitempty"`
	Type          string               `json:"type"`
	Categories    []string             `json:"categories,omitempty"`
	Conditions    *manifest.Conditions `json:"conditions,omitempty"`
	Discovery     *manifest.Discovery  `json:"discovery,omitempty,omitzero"`
	Deprecated    *manifest.Deprecated `json:"deprecated,omitempty"`
	Templates     []templateBrief      `json:"policy_templates,omitempty"`
}

// templateBrief is what the index reads of a policy template.
type templateBrief struct {
	Categories []string `json:"categories,omitempty"`
}

func briefOf(d *Document) *brief {
	b := &brief{
		Name: d.Name, Version: d.Version, FormatVersion: d.FormatVersion, Release: d.Release,
		Type: d.Type, Categories: d.Categories, Conditions: d.Conditions, Discovery: d.Discovery,
		Deprecated: d.Deprecated,
	}
	for _, t := range d.PolicyTemplates {
		b.Templates = append(b.Templates, templateBrief{Categories: t.Categories})
	}
	return b
}

func (p *Package) capabilities() []string {
	if c := p.brief.Conditions; c != nil && c.Elastic != nil {
		return c.Elastic.Capabilities
	}
	return nil
}

// lazyDoc is a package document, decoded from its JSON form on first use, or a copy of
// another document with another deprecation notice.
type lazyDoc struct {
	once       sync.Once
	raw        []byte
	base       *lazyDoc
	deprecated *manifest.Deprecated
	doc        *Document
	err        error
}

func loadedDoc(d *Document) *lazyDoc { return &lazyDoc{doc: d} }

func (l *lazyDoc) get() (*Document, error) {
	l.once.Do(func() {
		switch {
		case l.base != nil:
			d, err := l.base.get()
			if err != nil {
				l.err = err
				return
			}
			cp := *d
			cp.Deprecated = l.deprecated
			l.doc = &cp
		case l.doc == nil:
			dec := json.NewDecoder(bytes.NewReader(l.raw))
			dec.UseNumber()
			d := &Document{}
			if err := dec.Decode(d); err != nil {
				l.err = fmt.Errorf("decoding the cached package document: %w", err)
				return
			}
			l.doc, l.raw = d, nil
		}
	})
	return l.doc, l.err
}

// Prerelease reports whether the version has a prerelease part (1.0.0-rc1).
func (p *Package) Prerelease() bool { return p.version.Prerelease() != "" }

const (
	releaseExperimental = "experimental"
	releaseBeta         = "beta"
	releaseGA           = "ga"
)

func validRelease(r string) bool {
	return r == releaseExperimental || r == releaseBeta || r == releaseGA
}

// Files opens the package's files, rooted at the package (inside a zip file, at the folder
// holding its manifest), for example to validate it. The closer must be called when done.
func (p *Package) Files() (fs.FS, io.Closer, error) { return p.src.files() }
