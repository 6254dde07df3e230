package rules

// Shared helpers of the manifest rules: typed access to parsed YAML values that never panics on
// unexpected shapes, the walk over policy templates, inputs, streams and their vars, and errors
// positioned at a field.

import (
	"fmt"
	"path"
	"sort"
	"strconv"

	"github.com/Masterminds/semver/v3"

	"github.com/pkgspec/pkgspec/code/go/internal/content"
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// asMap returns v as a mapping, or nil.
func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// asList returns v as a list, or nil.
func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// asString returns v when it is a string, or "".
func asString(v any) string {
	s, _ := v.(string)
	return s
}

// asBool returns v when it is a boolean, or false.
func asBool(v any) bool {
	b, _ := v.(bool)
	return b
}

// dig follows a path of keys through nested mappings.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m := asMap(v)
		if m == nil {
			return nil
		}
		v = m[k]
	}
	return v
}

// docValue returns the first document of a YAML or JSON file, or nil when it is missing or
// cannot be parsed (other checks report those problems).
func docValue(p *packages.Package, file string) any {
	doc, err := p.Document(file)
	if err != nil || doc == nil || len(doc.Values) == 0 {
		return nil
	}
	return doc.Values[0]
}

// fieldError builds an error about a field of a YAML or JSON file, positioned at the field's key
// when the file can be parsed.
func fieldError(p *packages.Package, file, field, format string, args ...any) specerrors.ValidationError {
	return positionedError(p, file, field, true, format, args...)
}

// valueError is fieldError positioned at the field's value rather than at its key.
func valueError(p *packages.Package, file, field, format string, args ...any) specerrors.ValidationError {
	return positionedError(p, file, field, false, format, args...)
}

func positionedError(p *packages.Package, file, field string, key bool, format string, args ...any) specerrors.ValidationError {
	e := specerrors.New(file, format, args...)
	e.Field = field
	if doc, err := p.Document(file); err == nil && doc != nil {
		if l, c := doc.Position(0, field, key); l > 0 {
			e = e.At(l, c)
		}
	}
	return e
}

// field joins the parts of a dotted field path, skipping empty ones.
func field(parts ...any) string {
	s := ""
	for _, part := range parts {
		var p string
		switch v := part.(type) {
		case int:
			p = strconv.Itoa(v)
		default:
			p = fmt.Sprint(v)
		}
		if p == "" {
			continue
		}
		if s != "" {
			s += "."
		}
		s += p
	}
	return s
}

// dataStreamManifestPath is the manifest of a data stream.
func dataStreamManifestPath(ds string) string {
	return path.Join("data_stream", ds, "manifest.yml")
}

// policyTemplate is one entry of policy_templates, with its index.
type policyTemplate struct {
	Index int
	Name  string
	M     map[string]any
}

// policyTemplates lists the policy templates of the package manifest that are mappings.
func policyTemplates(p *packages.Package) []policyTemplate {
	var out []policyTemplate
	for i, v := range asList(p.Manifest["policy_templates"]) {
		if m := asMap(v); m != nil {
			out = append(out, policyTemplate{Index: i, Name: asString(m["name"]), M: m})
		}
	}
	return out
}

// entry is one mapping of a list, with its index.
type entry struct {
	Index int
	M     map[string]any
}

// entries lists the mappings of a list value.
func entries(v any) []entry {
	var out []entry
	for i, x := range asList(v) {
		if m := asMap(x); m != nil {
			out = append(out, entry{Index: i, M: m})
		}
	}
	return out
}

// variable is a var definition found somewhere in a manifest.
type variable struct {
	Name  string
	M     map[string]any
	File  string
	Field string // dotted path of the var in File
}

// varsAt lists the var definitions of a vars list found at field base of file.
func varsAt(file, base string, list any) []variable {
	var out []variable
	for _, e := range entries(list) {
		out = append(out, variable{Name: asString(e.M["name"]), M: e.M, File: file, Field: field(base, e.Index)})
	}
	return out
}

// manifestVars lists the var definitions of the package manifest: the package's own, then for
// each policy template its own followed by those of its inputs.
func manifestVars(p *packages.Package) []variable {
	const file = "manifest.yml"
	vars := varsAt(file, "vars", p.Manifest["vars"])
	for _, pt := range policyTemplates(p) {
		base := field("policy_templates", pt.Index)
		vars = append(vars, varsAt(file, field(base, "vars"), pt.M["vars"])...)
		for _, in := range entries(pt.M["inputs"]) {
			vars = append(vars, varsAt(file, field(base, "inputs", in.Index, "vars"), in.M["vars"])...)
		}
	}
	return vars
}

// streamVars lists the var definitions of the streams of the data stream manifests.
func streamVars(p *packages.Package) []variable {
	var vars []variable
	for _, ds := range dataStreamManifests(p) {
		for _, s := range entries(ds.M["streams"]) {
			vars = append(vars, varsAt(ds.File, field("streams", s.Index, "vars"), s.M["vars"])...)
		}
	}
	return vars
}

// stringList returns the strings of a list value, skipping other items.
func stringList(v any) []string {
	var out []string
	for _, x := range asList(v) {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// packageIsGA tells whether the package version is 1.0.0 or more without pre-release tag.
func packageIsGA(p *packages.Package) bool {
	v, err := semver.NewVersion(p.Version)
	if err != nil {
		return false
	}
	return v.Major() >= 1 && v.Prerelease() == ""
}

// dataStreamManifests lists the data streams that have a manifest, with the parsed manifest.
func dataStreamManifests(p *packages.Package) []dataStream {
	var out []dataStream
	for _, ds := range p.DataStreams() {
		file := dataStreamManifestPath(ds)
		if !p.Exists(file) {
			continue
		}
		out = append(out, dataStream{Name: ds, File: file, M: asMap(docValue(p, file))})
	}
	return out
}

// dsManifest returns the parsed manifest of a data stream (nil when missing or unreadable) and
// its file name, with .link when only a link to it exists.
func dsManifest(p *packages.Package, ds string) (map[string]any, string) {
	name := fieldsExistingName(p, dataStreamManifestPath(ds))
	return asMap(docValue(p, name)), name
}

// dataStream is a data stream folder with its parsed manifest (nil when unreadable).
type dataStream struct {
	Name string
	File string
	M    map[string]any
}

// sortedKeys returns the keys of a mapping in order.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// condition returns conditions.<group>.<name> of the manifest, whether written nested or as a
// dotted key, and whether it is present at all. A manifest may hold both spellings; the dotted
// key is the one that counts then. Conditions are read as written, even before format 3.0.0
// where the schema sees dotted keys as nested objects.
func condition(p *packages.Package, group, name string) (any, bool) {
	conditions := asMap(writtenManifest(p)["conditions"])
	if v, ok := conditions[group+"."+name]; ok {
		return v, true
	}
	v, ok := asMap(conditions[group])[name]
	return v, ok
}

// valueWords describes a parsed YAML or JSON value for a message, without Go syntax: "the
// number 30", "true", "a list", "a mapping", "null".
func valueWords(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(x)
	case bool:
		return strconv.FormatBool(x)
	case int, int64, uint64, float64:
		return fmt.Sprintf("the number %v", x)
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	}
	return "a value of another kind"
}

// writtenManifest is the manifest with its keys as written: the same as p.Manifest from format
// 3.0.0 on, and without the expansion of dotted keys before.
func writtenManifest(p *packages.Package) map[string]any {
	if p.FormatVersion == nil || p.FormatVersion.Major() >= 3 {
		return p.Manifest
	}
	return p.Derived("rules.writtenManifest", func() any {
		data, err := p.ReadFile("manifest.yml")
		if err != nil {
			return p.Manifest
		}
		doc, err := content.ParseYAML(data, false)
		if err != nil || len(doc.Values) == 0 {
			return p.Manifest
		}
		m, ok := doc.Values[0].(map[string]any)
		if !ok {
			return p.Manifest
		}
		return m
	}).(map[string]any)
}
