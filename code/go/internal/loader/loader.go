// Package loader builds the spec of one package type at one spec version: it reads the embedded
// tree and schema files, applies their version patches, resolves `$ref`s and compiles the file
// schemas. Everything it builds is cached for the life of the process and safe to share.
package loader

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"sync"

	"github.com/Masterminds/semver/v3"

	"github.com/pkgspec/pkgspec/code/go/internal/specpatch"
	"github.com/pkgspec/pkgspec/spec"
)

// Item types.
const (
	TypeFile   = "file"
	TypeFolder = "folder"
)

// Limits are the size and count limits that a folder or file entry may set.
type Limits struct {
	TotalContentsLimit       int  `json:"totalContentsLimit"`
	TotalSizeLimit           Size `json:"totalSizeLimit"`
	SizeLimit                Size `json:"sizeLimit"`
	ConfigurationSizeLimit   Size `json:"configurationSizeLimit"`
	RelativePathSizeLimit    Size `json:"relativePathSizeLimit"`
	FieldsPerDataStreamLimit int  `json:"fieldsPerDataStreamLimit"`
}

// Item describes one file or folder a package may hold.
type Item struct {
	Description        string   `json:"description"`
	Type               string   `json:"type"`
	Name               string   `json:"name"`
	Pattern            string   `json:"pattern"`
	ForbiddenPatterns  []string `json:"forbiddenPatterns"`
	Required           bool     `json:"required"`
	ContentMediaType   string   `json:"contentMediaType"`
	Ref                string   `json:"$ref"`
	Contents           []*Item  `json:"contents"`
	AdditionalContents bool     `json:"additionalContents"`
	DevelopmentFolder  bool     `json:"developmentFolder"`
	Release            string   `json:"release"`
	// AllowLink, on an entry matched by pattern, lets a `.link` file stand for a file it
	// matches; entries matched by name always accept links.
	AllowLink bool `json:"allowLink"`
	// ValidationMode, when set ("source" or "build"), is the only validation mode in which
	// the entry may be present; legacy validation accepts it always.
	ValidationMode string `json:"validationMode"`
	Limits

	// MediaType and MediaParams are ContentMediaType parsed.
	MediaType   string            `json:"-"`
	MediaParams map[string]string `json:"-"`
	// Schema validates the content of a file entry; nil when the entry has none.
	Schema *Schema `json:"-"`
}

// IsDir tells whether the entry describes a folder.
func (it *Item) IsDir() bool { return it.Type == TypeFolder }

// Spec is the whole spec for one package type at one version.
type Spec struct {
	Type    string
	Version *semver.Version
	Root    *Item
}

type specKey struct{ typ, version string }

type specEntry struct {
	once sync.Once
	spec *Spec
	err  error
}

var (
	specs sync.Map // specKey -> *specEntry
	files sync.Map // path -> *fileEntry
)

type fileEntry struct {
	once sync.Once
	file *specpatch.File
	err  error
}

// Load returns the spec of a package type at a version, building it on first use.
func Load(pkgType string, v *semver.Version) (*Spec, error) {
	e, _ := specs.LoadOrStore(specKey{pkgType, v.String()}, &specEntry{})
	entry := e.(*specEntry)
	entry.once.Do(func() { entry.spec, entry.err = build(pkgType, v) })
	return entry.spec, entry.err
}

// TooOldError tells that a package type did not exist yet at the requested spec version.
type TooOldError struct {
	Type  string
	Since *semver.Version
	// Root is what the spec describes at the requested version anyway (for a package type that
	// did not exist yet, a root folder that allows nothing), for reporting each entry.
	Root *Item
}

// Error says which format_version the package type needs.
func (e *TooOldError) Error() string {
	return fmt.Sprintf("%s packages need format_version %s or later", e.Type, e.Since)
}

// Types lists the package types the embedded spec describes.
func Types() []string { return []string{"integration", "input", "content"} }

func build(pkgType string, v *semver.Version) (*Spec, error) {
	root := &Item{Type: TypeFolder, Name: "."}
	p := path.Join(pkgType, "spec.yml")
	if _, err := fs.Stat(spec.FS, p); err != nil {
		return nil, fmt.Errorf("package type %q is not described by the spec", pkgType)
	}
	f, err := readFile(p)
	if err != nil {
		return nil, err
	}
	if f.Since != "" {
		since, err := semver.StrictNewVersion(f.Since)
		if err != nil {
			return nil, fmt.Errorf("spec file %s: since %q is not a valid semantic version", p, f.Since)
		}
		if v.LessThan(since) {
			if err := loadTree(root, p, v, 0); err != nil {
				return nil, err
			}
			return nil, &TooOldError{Type: pkgType, Since: since, Root: root}
		}
	}
	if err := loadTree(root, p, v, 0); err != nil {
		return nil, err
	}
	return &Spec{Type: pkgType, Version: v, Root: root}, nil
}

// readFile parses a spec file once per process.
func readFile(p string) (*specpatch.File, error) {
	e, _ := files.LoadOrStore(p, &fileEntry{})
	entry := e.(*fileEntry)
	entry.once.Do(func() {
		data, err := fs.ReadFile(spec.FS, p)
		if err != nil {
			entry.err = fmt.Errorf("spec file %s: %w", p, err)
			return
		}
		entry.file, entry.err = specpatch.Parse(data)
		if entry.err != nil {
			entry.err = fmt.Errorf("spec file %s: %w", p, entry.err)
		}
	})
	return entry.file, entry.err
}

// resolved returns the content of a spec file for version v, as JSON.
func resolved(p string, v *semver.Version) ([]byte, error) {
	f, err := readFile(p)
	if err != nil {
		return nil, err
	}
	doc, err := f.Resolve(v)
	if err != nil {
		return nil, fmt.Errorf("spec file %s: %w", p, err)
	}
	return doc, nil
}

// loadTree fills folder item it with the tree file at p.
func loadTree(it *Item, p string, v *semver.Version, depth int) error {
	if depth > 32 {
		return fmt.Errorf("spec file %s: folder references nest too deep", p)
	}
	doc, err := resolved(p, v)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(doc, it); err != nil {
		return fmt.Errorf("spec file %s: %w", p, err)
	}
	return resolveContents(it, p, v, depth)
}

func resolveContents(parent *Item, p string, v *semver.Version, depth int) error {
	for _, c := range parent.Contents {
		if c.Type != TypeFile && c.Type != TypeFolder {
			return fmt.Errorf("spec file %s: entry %q has type %q, want file or folder", p, c.Name+c.Pattern, c.Type)
		}
		if c.Name == "" && c.Pattern == "" {
			return fmt.Errorf("spec file %s: an entry has neither name nor pattern", p)
		}
		if parent.DevelopmentFolder {
			c.DevelopmentFolder = true
		}
		if m := c.ValidationMode; m != "" && m != "source" && m != "build" {
			return fmt.Errorf("spec file %s: entry %q has validationMode %q, want source or build", p, c.Name+c.Pattern, m)
		}
		inherit(&c.Limits, &parent.Limits)
		if c.ContentMediaType != "" {
			mt, params, err := mime.ParseMediaType(c.ContentMediaType)
			if err != nil {
				return fmt.Errorf("spec file %s: entry %q: media type %q: %w", p, c.Name+c.Pattern, c.ContentMediaType, err)
			}
			c.MediaType, c.MediaParams = mt, params
		}
		switch {
		case c.Ref != "" && c.Type == TypeFolder:
			if err := loadTree(c, path.Join(path.Dir(p), c.Ref), v, depth+1); err != nil {
				return err
			}
		case c.Ref != "":
			c.Schema = newSchema(path.Join(path.Dir(p), c.Ref), v)
		default:
			if err := resolveContents(c, p, v, depth); err != nil {
				return err
			}
		}
	}
	return nil
}

// inherit copies the limits of a folder to an entry that sets none of its own: every limit
// set on a folder holds for each folder and file below it.
func inherit(child, parent *Limits) {
	if child.TotalContentsLimit == 0 {
		child.TotalContentsLimit = parent.TotalContentsLimit
	}
	if child.TotalSizeLimit == 0 {
		child.TotalSizeLimit = parent.TotalSizeLimit
	}
	if child.SizeLimit == 0 {
		child.SizeLimit = parent.SizeLimit
	}
	if child.ConfigurationSizeLimit == 0 {
		child.ConfigurationSizeLimit = parent.ConfigurationSizeLimit
	}
	if child.RelativePathSizeLimit == 0 {
		child.RelativePathSizeLimit = parent.RelativePathSizeLimit
	}
	if child.FieldsPerDataStreamLimit == 0 {
		child.FieldsPerDataStreamLimit = parent.FieldsPerDataStreamLimit
	}
}
