package rules

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/internal/pkgfs"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// This file gathers the field definitions of a package for the rules about fields. A package
// defines fields in three kinds of places:
//
//   - data_stream/<name>/fields/*.yml, one set per data stream (integration packages);
//   - fields/*.yml at the root (input packages);
//   - elasticsearch/transform/<name>/fields/*.yml, one set per transform.
//
// Each file holds a list of definitions; a definition may nest others under `fields:`, whose
// names are relative to it. Definitions are flattened here into dotted names, in file order,
// a group before its members.

// FieldDef is one field definition, with its name made absolute.
type FieldDef struct {
	// Name is the dotted name, parents included.
	Name string
	// Type, Unit, MetricType, DateFormat and External are the values of those keys, or ""
	// when they are missing or not scalars.
	Type, Unit, MetricType, DateFormat, External string
	// Dimension is true when `dimension: true` is set.
	Dimension bool
	// HasFields tells that the definition nests at least one other definition.
	HasFields bool
	// Raw is the definition as parsed.
	Raw map[string]any
	// Path locates the definition in its file, for Document.Position: "3.fields.0".
	Path string
	// Line and Column give its position in the file, 0 when unknown.
	Line, Column int
}

// FieldsFile is one file of field definitions.
type FieldsFile struct {
	// File is the path relative to the package root, as listed (a link keeps its .link).
	File string
	// DataStream is the data stream folder the file belongs to, or "".
	DataStream string
	// Transform is the transform folder the file belongs to, or "".
	Transform string
	// Fields are the definitions, flattened.
	Fields []FieldDef
	// Err is set when the file cannot be read or parsed; Fields is then empty. The schema
	// checks already report such files, so rules usually skip them.
	Err error
}

// fieldsFolders lists the folders that hold field files, with the data stream or transform
// each belongs to, in a stable order: data streams, the root folder, transforms.
func fieldsFolders(p *packages.Package) []FieldsFile {
	var out []FieldsFile
	for _, ds := range p.DataStreams() {
		out = append(out, FieldsFile{File: path.Join("data_stream", ds, "fields"), DataStream: ds})
	}
	out = append(out, FieldsFile{File: "fields"})
	for _, t := range p.Folders("elasticsearch/transform") {
		out = append(out, FieldsFile{File: path.Join("elasticsearch", "transform", t, "fields"), Transform: t})
	}
	return out
}

// AllFieldsFiles reads every field file of the package, in a stable order. The result is
// built once per package and shared by the rules: they must not modify it.
func AllFieldsFiles(p *packages.Package) []FieldsFile {
	return p.Derived("rules.AllFieldsFiles", func() any {
		var out []FieldsFile
		for _, dir := range fieldsFolders(p) {
			for _, f := range p.Files(dir.File, "*") {
				ff := FieldsFile{File: f, DataStream: dir.DataStream, Transform: dir.Transform}
				ff.Fields, ff.Err = readFieldDefs(p, f)
				out = append(out, ff)
			}
		}
		return out
	}).([]FieldsFile)
}

// DataStreamFieldsFiles reads the field files of one data stream.
func DataStreamFieldsFiles(p *packages.Package, dataStream string) []FieldsFile {
	var out []FieldsFile
	for _, ff := range AllFieldsFiles(p) {
		if ff.DataStream == dataStream && ff.Transform == "" {
			out = append(out, ff)
		}
	}
	return out
}

// readFieldDefs parses one field file and flattens its definitions.
func readFieldDefs(p *packages.Package, file string) ([]FieldDef, error) {
	base := strings.TrimSuffix(file, pkgfs.LinkExtension)
	switch path.Ext(base) {
	case ".yml", ".yaml", ".json":
	default:
		return nil, fmt.Errorf("%s is not a YAML file", file)
	}
	doc, err := p.Document(file)
	if err != nil {
		return nil, err
	}
	list, ok := doc.Values[0].([]any)
	if !ok {
		if doc.Values[0] == nil {
			return nil, nil
		}
		return nil, fmt.Errorf("%s does not hold a list of field definitions", file)
	}
	var out []FieldDef
	flattenFieldDefs(list, "", "", &out)
	for i := range out {
		out[i].Line, out[i].Column = doc.Position(0, out[i].Path, false)
	}
	return out, nil
}

func flattenFieldDefs(list []any, parent, at string, out *[]FieldDef) {
	for i, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			continue
		}
		loc := fmt.Sprint(i)
		if at != "" {
			loc = at + "." + loc
		}
		name := fieldScalar(m["name"])
		if parent != "" {
			name = parent + "." + name
		}
		children, _ := m["fields"].([]any)
		dim, _ := m["dimension"].(bool)
		*out = append(*out, FieldDef{
			Name:       name,
			Type:       fieldScalar(m["type"]),
			Unit:       fieldScalar(m["unit"]),
			MetricType: fieldScalar(m["metric_type"]),
			DateFormat: fieldScalar(m["date_format"]),
			External:   fieldScalar(m["external"]),
			Dimension:  dim,
			HasFields:  len(children) > 0,
			Raw:        m,
			Path:       loc,
		})
		if len(children) > 0 {
			flattenFieldDefs(children, name, loc+".fields", out)
		}
	}
}

// fieldDefError is an error about one field definition, placed at it.
func fieldDefError(ff FieldsFile, f FieldDef, format string, args ...any) specerrors.ValidationError {
	e := specerrors.New(ff.File, format, args...).At(f.Line, f.Column)
	e.Field = f.Path
	return e
}

// fieldScalar renders a scalar YAML value as text; other values give "".
func fieldScalar(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case bool, int, int64, uint64, float64:
		return fmt.Sprint(t)
	}
	return ""
}

// fieldsExistingName returns name, or name with .link when only a link to it exists.
func fieldsExistingName(p *packages.Package, name string) string {
	if _, err := fs.Stat(p.FS, name); err != nil {
		if _, err := fs.Stat(p.FS, name+pkgfs.LinkExtension); err == nil {
			return name + pkgfs.LinkExtension
		}
	}
	return name
}
