package loader

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/Masterminds/semver/v3"
	"github.com/xeipuuv/gojsonschema"
)

// Schema is the JSON schema of one kind of file at one spec version. It is compiled on first
// use; versions whose schema content is the same share one compiled schema.
type Schema struct {
	// Path is the schema file inside the spec.
	Path    string
	version *semver.Version

	once     sync.Once
	compiled *gojsonschema.Schema
	items    *gojsonschema.Schema
	formats  map[string]bool
	err      error
}

// newSchema returns the schema of spec file p at version v.
func newSchema(p string, v *semver.Version) *Schema { return &Schema{Path: p, version: v} }

// Compiled returns the compiled schema.
func (s *Schema) Compiled() (*gojsonschema.Schema, error) {
	s.once.Do(s.compile)
	return s.compiled, s.err
}

// Items returns, for a schema that only says "a list of items like this", the compiled schema
// of one item; nil otherwise. Validating item by item lets identical items share a result.
func (s *Schema) Items() *gojsonschema.Schema {
	s.once.Do(s.compile)
	return s.items
}

// UsesFormat tells whether the schema (or one it refers to) uses a format keyword of this name.
func (s *Schema) UsesFormat(name string) bool {
	s.once.Do(s.compile)
	return s.formats[name]
}

type compiledEntry struct {
	once     sync.Once
	compiled *gojsonschema.Schema
	items    *gojsonschema.Schema
	err      error
}

var compiledByContent sync.Map // content hash -> *compiledEntry

func (s *Schema) compile() {
	docs := map[string]map[string]any{}
	raws := map[string][]byte{}
	if err := collect(s.Path, s.version, docs, raws); err != nil {
		s.err = err
		return
	}
	s.formats = map[string]bool{}
	names := make([]string, 0, len(docs))
	for n := range docs {
		names = append(names, n)
		findFormats(docs[n], s.formats)
	}
	slices.Sort(names)
	h := sha256.New()
	for _, n := range names {
		fmt.Fprintf(h, "%s\x00%s\x00", n, raws[n])
	}
	key := fmt.Sprintf("%s:%x", s.Path, h.Sum(nil))
	e, _ := compiledByContent.LoadOrStore(key, &compiledEntry{})
	entry := e.(*compiledEntry)
	entry.once.Do(func() {
		sl := gojsonschema.NewSchemaLoader()
		sl.Draft = gojsonschema.Draft7
		sl.AutoDetect = false
		for _, n := range names {
			if n == s.Path {
				continue
			}
			d := copyWithID(docs[n], n)
			if err := sl.AddSchema(schemaURL(n), gojsonschema.NewRawLoader(d)); err != nil {
				entry.err = fmt.Errorf("schema %s: %w", n, err)
				return
			}
		}
		entry.compiled, entry.err = sl.Compile(gojsonschema.NewRawLoader(copyWithID(docs[s.Path], s.Path)))
		if entry.err != nil {
			entry.err = fmt.Errorf("schema %s: %w", s.Path, entry.err)
			return
		}
		if plainList(docs[s.Path]) {
			entry.items = compileItems(docs, names, s.Path)
		}
	})
	s.compiled, s.items, s.err = entry.compiled, entry.items, entry.err
}

// plainList tells whether a schema says nothing but "a list whose items follow this schema".
func plainList(doc map[string]any) bool {
	if doc["type"] != "array" {
		return false
	}
	if _, ok := doc["items"].(map[string]any); !ok {
		return false
	}
	for k := range doc {
		switch k {
		case "type", "items", "definitions", "description", "title", "$schema", "$comment":
		default:
			return false
		}
	}
	return true
}

// compileItems compiles the items schema of the list schema at p; nil if that fails, in which
// case documents are validated whole.
func compileItems(docs map[string]map[string]any, names []string, p string) *gojsonschema.Schema {
	sl := gojsonschema.NewSchemaLoader()
	sl.Draft = gojsonschema.Draft7
	sl.AutoDetect = false
	for _, n := range names {
		if err := sl.AddSchema(schemaURL(n), gojsonschema.NewRawLoader(copyWithID(docs[n], n))); err != nil {
			return nil
		}
	}
	items, err := sl.Compile(gojsonschema.NewGoLoader(map[string]any{"$ref": schemaURL(p) + "#/items"}))
	if err != nil {
		return nil
	}
	return items
}

func schemaURL(p string) string { return "file:///" + p }

func copyWithID(doc map[string]any, p string) map[string]any {
	c := make(map[string]any, len(doc)+1)
	for k, v := range doc {
		c[k] = v
	}
	c["$id"] = schemaURL(p)
	return c
}

// collect loads the schema file p and every file it refers to, resolved for version v.
func collect(p string, v *semver.Version, docs map[string]map[string]any, raws map[string][]byte) error {
	if _, ok := docs[p]; ok {
		return nil
	}
	raw, err := resolved(p, v)
	if err != nil {
		return err
	}
	var doc map[string]any
	// Numbers are kept as json.Number, as the schema library reads them, so that documents can
	// be handed to it as they are instead of through a JSON round trip.
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("schema %s: the spec must be an object: %w", p, err)
	}
	docs[p] = doc
	raws[p] = raw
	var refs []string
	findRefs(doc, &refs)
	for _, r := range refs {
		file, _, _ := strings.Cut(r, "#")
		if file == "" || strings.Contains(file, "://") {
			continue
		}
		if err := collect(joinRef(p, file), v, docs, raws); err != nil {
			return err
		}
	}
	return nil
}

// joinRef resolves a reference to another spec file, relative to file p.
func joinRef(p, ref string) string { return path.Join(path.Dir(p), ref) }

func findRefs(v any, refs *[]string) {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if s, ok := e.(string); ok && k == "$ref" {
				*refs = append(*refs, s)
				continue
			}
			findRefs(e, refs)
		}
	case []any:
		for _, e := range t {
			findRefs(e, refs)
		}
	}
}

func findFormats(v any, out map[string]bool) {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if s, ok := e.(string); ok && k == "format" {
				out[s] = true
				continue
			}
			findFormats(e, out)
		}
	case []any:
		for _, e := range t {
			findFormats(e, out)
		}
	}
}
