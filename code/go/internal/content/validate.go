package content

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/xeipuuv/gojsonschema"

	"github.com/pkgspec/pkgspec/code/go/internal/loader"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Context is what the package-dependent formats need to know about the file being validated.
type Context struct {
	// FS is the package.
	FS fs.FS
	// File is the path of the file being validated, relative to the package root.
	File string
	// RelativePathSizeLimit bounds the size of files named by relative paths; 0 for no limit.
	RelativePathSizeLimit loader.Size
	// MaxErrors bounds the schema errors returned for the file; 0 means DefaultMaxErrors.
	MaxErrors int
}

// Formats that depend on the package: gojsonschema's format checkers are global, so the
// validations that use them take turns, each setting the context first.
const (
	FormatRelativePath   = "relative-path"
	FormatDataStreamName = "data-stream-name"
)

var (
	formatMu  sync.Mutex
	formatCtx *Context
)

func init() {
	gojsonschema.FormatCheckers.Add(FormatRelativePath, relativePathChecker{})
	gojsonschema.FormatCheckers.Add(FormatDataStreamName, dataStreamChecker{})
}

type relativePathChecker struct{}

// IsFormat tells whether input names a file of the package (relative to the file checked,
// or to the package root when it starts with /) that is within the size limit.
func (relativePathChecker) IsFormat(input any) bool {
	s, ok := input.(string)
	if !ok || formatCtx == nil {
		return true
	}
	p := path.Join(path.Dir(formatCtx.File), s)
	if strings.HasPrefix(s, "/") {
		p = strings.TrimPrefix(path.Clean(s), "/")
	}
	if !fs.ValidPath(p) {
		return false
	}
	info, err := fs.Stat(formatCtx.FS, p)
	if err != nil || info.IsDir() {
		return false
	}
	if lim := formatCtx.RelativePathSizeLimit; lim > 0 && info.Size() > int64(lim) {
		return false
	}
	return true
}

type dataStreamChecker struct{}

// IsFormat tells whether input names a data stream folder of the package.
func (dataStreamChecker) IsFormat(input any) bool {
	s, ok := input.(string)
	if !ok || formatCtx == nil {
		return true
	}
	if !fs.ValidPath(s) || strings.Contains(s, "/") {
		return false
	}
	info, err := fs.Stat(formatCtx.FS, path.Join("data_stream", s))
	return err == nil && info.IsDir()
}

// MaxWholeNodes bounds the values of a file whose content is checked as a whole (a manifest,
// a pipeline, a Kibana object; not a list of field definitions, checked item by item): the
// schema library keeps every error it finds, several kilobytes each, and a file of many
// wrong values would make it hold gigabytes. Real files of that kind hold a few thousand
// values, at most about 20,000.
const MaxWholeNodes = 50_000

// DefaultMaxErrors is the most schema errors Validate returns for one file when its context
// sets no bound.
const DefaultMaxErrors = 200

// Cut tells what Validate left out of a file, to be told to users: the caller, which may find
// more problems in the same file, writes the one note that counts them all.
type Cut struct {
	// File is the file, as in Context.
	File string
	// LeftOut counts the schema errors found beyond the bound and not returned.
	LeftOut int
	// Unchecked is how many of the Entries of a list (field definitions, say) were not checked:
	// once its items gave as many errors as the bound, checking stopped.
	Unchecked, Entries int
}

// Validate checks every document of doc against schema and returns the problems, positioned;
// at most ctx.MaxErrors of them, and what it left out. The items of a list are checked one by
// one, and checking stops once they gave that many, which bounds the work.
func Validate(schema *loader.Schema, doc *Document, ctx Context) (specerrors.ValidationErrors, Cut) {
	cut := Cut{File: ctx.File}
	compiled, err := schema.Compiled()
	if err != nil {
		return specerrors.ValidationErrors{specerrors.New(ctx.File, "cannot load the schema for this file: %v", err)}, cut
	}
	if doc.NotJSON != nil {
		// The file is read, but its value has no JSON form to check against the schema.
		return specerrors.ValidationErrors{specerrors.New(ctx.File, "cannot check the file against its schema, its content has no JSON form: %v", doc.NotJSON).At(1, 1)}, cut
	}
	bound := ctx.MaxErrors
	if bound <= 0 {
		bound = DefaultMaxErrors
	}
	needsPkg := schema.UsesFormat(FormatRelativePath) || schema.UsesFormat(FormatDataStreamName)
	items := schema.Items()
	var errs specerrors.ValidationErrors
	for i, v := range doc.Values {
		var (
			found []schemaError
			err   error
		)
		list, isList := v.([]any)
		if (needsPkg || !isList || items == nil) && doc.Size() > MaxWholeNodes {
			errs = append(errs, specerrors.New(ctx.File, "not checked against its schema: the file holds %d values, more than the %d that a file checked as a whole may hold", doc.Size(), MaxWholeNodes))
			break
		}
		switch {
		case needsPkg:
			found, err = validateInContext(compiled, v, &ctx)
		case isList && items != nil:
			for j, item := range list {
				if len(errs)+len(found) >= bound {
					cut.Unchecked, cut.Entries = len(list)-j, len(list)
					break
				}
				for _, e := range validateItem(items, item) {
					e.field = prefixField(strconv.Itoa(j), e.field)
					found = append(found, e)
				}
			}
		default:
			found, err = validateValue(compiled, v)
		}
		if err != nil {
			errs = append(errs, specerrors.New(ctx.File, "cannot validate the content: %v", err))
			continue
		}
		if room := max(0, bound-len(errs)); len(found) > room {
			cut.LeftOut += len(found) - room
			found = found[:room]
		}
		for _, e := range found {
			errs = append(errs, e.convert(doc, i, ctx.File))
		}
		if cut.Unchecked > 0 {
			// Checking stopped: the documents after this one are not checked either.
			break
		}
	}
	return errs, cut
}

// validateInContext validates v with a schema that uses the package-dependent formats, which
// read ctx: the global context is held for the whole validation, and released even when the
// validation panics (the validator recovers, and other packages must not wait for ever).
func validateInContext(s *gojsonschema.Schema, v any, ctx *Context) ([]schemaError, error) {
	formatMu.Lock()
	defer formatMu.Unlock()
	formatCtx = ctx
	defer func() { formatCtx = nil }()
	return validateValue(s, v)
}

// schemaError is the part of a gojsonschema error that the validator uses.
type schemaError struct {
	typ, field, description, property, format string
}

func validateValue(s *gojsonschema.Schema, v any) ([]schemaError, error) {
	// gojsonschema's Go loader turns a value into JSON and back to get json.Number numbers;
	// handing it the value with its numbers converted skips that round trip.
	var doc gojsonschema.JSONLoader
	if raw, ok := jsonNumbers(v); ok {
		doc = gojsonschema.NewRawLoader(raw)
	} else {
		doc = gojsonschema.NewGoLoader(v)
	}
	result, err := s.Validate(doc)
	if err != nil {
		return nil, err
	}
	all := result.Errors()
	var out []schemaError
	for _, re := range all {
		if summaryError(re.Type()) || branchSummary(re.Type()) {
			continue
		}
		field := re.Field()
		if field == "(root)" {
			field = ""
		}
		e := schemaError{typ: re.Type(), field: field, description: re.Description()}
		e.property, _ = re.Details()["property"].(string)
		e.format, _ = re.Details()["format"].(string)
		out = append(out, e)
	}
	return out, nil
}

// Items of lists (field definitions above all) repeat across files and packages: their results
// are kept, up to a bound, keyed by the item schema and the item's content.
const maxCachedItems = 200_000

var (
	itemResults sync.Map // itemKey -> []schemaError
	itemCount   atomic.Int64
)

type itemKey struct {
	schema *gojsonschema.Schema
	value  string
}

// validateItem validates one list item, through the cache. The result may be shared with other
// callers: it must be read, not modified.
func validateItem(s *gojsonschema.Schema, item any) []schemaError {
	raw, err := json.Marshal(item)
	if err != nil {
		// A value JSON cannot hold (NaN, infinities): the schema library would fail on the same
		// conversion, so there is nothing to validate.
		return nil
	}
	key := itemKey{s, string(raw)}
	if cached, ok := itemResults.Load(key); ok {
		return cached.([]schemaError)
	}
	found, err := validateValue(s, item)
	if err != nil {
		return []schemaError{{typ: "internal", description: err.Error()}}
	}
	if itemCount.Add(1) <= maxCachedItems {
		itemResults.Store(key, found)
	}
	return found
}

func prefixField(prefix, field string) string {
	if field == "" {
		return prefix
	}
	return prefix + "." + field
}

// convert turns a schema error into a positioned validation error.
func (se schemaError) convert(doc *Document, docIndex int, file string) specerrors.ValidationError {
	field := se.field
	var line, col int
	msg := se.description
	switch se.typ {
	case "additional_property_not_allowed":
		name := se.property
		if field != "" {
			name = prefixField(field, se.property)
		}
		line, col = doc.Position(docIndex, name, true)
	case "required":
		// A missing property: point at the key of the object that lacks it.
		line, col = doc.Position(docIndex, field, true)
	case "format":
		msg = formatMessage(se.format, msg)
		line, col = doc.Position(docIndex, field, false)
	default:
		line, col = doc.Position(docIndex, field, false)
	}
	shown := field
	if shown == "" {
		shown = "(root)"
	}
	return specerrors.ValidationError{
		File:    file,
		Line:    line,
		Column:  col,
		Field:   field,
		Message: fmt.Sprintf("field %s: %s", shown, msg),
	}
}

func formatMessage(format, msg string) string {
	switch format {
	case FormatRelativePath:
		return "relative path is invalid, target doesn't exist or it exceeds the file size limit"
	case FormatDataStreamName:
		return "data stream doesn't exist"
	}
	return msg
}

// branchSummary tells the errors of oneOf/anyOf that say the value matched no branch, or (for
// oneOf) more than one. They are dropped, as the reference drops them: when no branch matched,
// the errors of the closest branch come with them and say more; when several oneOf branches
// matched, the reference accepts the value, so nothing is left to report.
func branchSummary(typ string) bool {
	return typ == "number_one_of" || typ == "number_any_of"
}

// summaryError tells the schema errors that only repeat, for a combinator (if/then, allOf),
// that one of its branches failed: the branch's own errors say what is wrong.
func summaryError(typ string) bool {
	switch typ {
	case "condition_then", "condition_else", "number_all_of":
		return true
	}
	return false
}

// jsonNumbers returns v as the JSON schema library reads documents: numbers as json.Number,
// objects as map[string]any and arrays as []any. Containers without numbers are shared with v,
// not copied. It returns false for a value JSON cannot hold (NaN, infinities, other types).
func jsonNumbers(v any) (any, bool) {
	out, _, ok := convertNumbers(v)
	return out, ok
}

// convertNumbers does the work of jsonNumbers and also tells whether anything was converted.
func convertNumbers(v any) (out any, changed, ok bool) {
	switch t := v.(type) {
	case nil, string, bool, json.Number:
		return v, false, true
	case int:
		return json.Number(strconv.Itoa(t)), true, true
	case int64:
		return json.Number(strconv.FormatInt(t, 10)), true, true
	case uint64:
		return json.Number(strconv.FormatUint(t, 10)), true, true
	case float64:
		b, err := json.Marshal(t)
		if err != nil {
			return nil, false, false
		}
		return json.Number(b), true, true
	case []any:
		var list []any
		for i, e := range t {
			c, ch, ok := convertNumbers(e)
			if !ok {
				return nil, false, false
			}
			if ch && list == nil {
				list = slices.Clone(t)
			}
			if list != nil {
				list[i] = c
			}
		}
		if list == nil {
			return t, false, true
		}
		return list, true, true
	case map[string]any:
		var m map[string]any
		for k, e := range t {
			c, ch, ok := convertNumbers(e)
			if !ok {
				return nil, false, false
			}
			if ch && m == nil {
				m = maps.Clone(t)
			}
			if m != nil {
				m[k] = c
			}
		}
		if m == nil {
			return t, false, true
		}
		return m, true, true
	}
	return nil, false, false
}
