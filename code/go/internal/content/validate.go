package content

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

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

// Validate checks every document of doc against schema and returns the problems, positioned.
func Validate(schema *loader.Schema, doc *Document, ctx Context) specerrors.ValidationErrors {
	compiled, err := schema.Compiled()
	if err != nil {
		return specerrors.ValidationErrors{specerrors.New(ctx.File, "cannot load the schema for this file: %v", err)}
	}
	needsPkg := schema.UsesFormat(FormatRelativePath) || schema.UsesFormat(FormatDataStreamName)
	var errs specerrors.ValidationErrors
	for i, v := range doc.Values {
		var result *gojsonschema.Result
		if needsPkg {
			formatMu.Lock()
			formatCtx = &ctx
			result, err = compiled.Validate(gojsonschema.NewGoLoader(v))
			formatCtx = nil
			formatMu.Unlock()
		} else {
			result, err = compiled.Validate(gojsonschema.NewGoLoader(v))
		}
		if err != nil {
			errs = append(errs, specerrors.New(ctx.File, "cannot validate the content: %v", err))
			continue
		}
		all := result.Errors()
		for _, re := range all {
			if summaryError(re.Type()) || (len(all) > 1 && branchSummary(re.Type())) {
				continue
			}
			errs = append(errs, convert(re, doc, i, ctx.File))
		}
	}
	return errs
}

// convert turns a schema error into a positioned validation error.
func convert(re gojsonschema.ResultError, doc *Document, docIndex int, file string) specerrors.ValidationError {
	field := re.Field()
	if field == "(root)" {
		field = ""
	}
	details := re.Details()
	var line, col int
	msg := re.Description()
	switch re.Type() {
	case "required":
		line, col = doc.Position(docIndex, field, false)
	case "additional_property_not_allowed":
		prop, _ := details["property"].(string)
		child := prop
		if field != "" {
			child = field + "." + prop
		}
		line, col = doc.Position(docIndex, child, true)
	case "format":
		msg = formatMessage(details, msg)
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

func formatMessage(details gojsonschema.ErrorDetails, msg string) string {
	switch details["format"] {
	case FormatRelativePath:
		return "relative path is invalid, target doesn't exist or it exceeds the file size limit"
	case FormatDataStreamName:
		return "data stream doesn't exist"
	}
	return msg
}

// SortedKeys returns the keys of a map in order; handy for deterministic rules.
func SortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// branchSummary tells the errors of oneOf/anyOf that say no branch matched; when the errors of
// the closest branch come with them, those say more.
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
