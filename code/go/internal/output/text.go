package output

import (
	"fmt"
	"io"
	"path"

	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

// Text writes one line per problem, `package/file:line:column: error [CODE] message`, then a
// summary line per package, and for more than one package a last line with the totals. With
// color set, severities and summaries are coloured.
func Text(w io.Writer, results []validator.Result, color bool) error {
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return "\x1b[" + code + "m" + s + "\x1b[0m"
	}
	for _, r := range results {
		for _, e := range r.Errors {
			if _, err := fmt.Fprintln(w, textLine(r.Path, e, paint("31", "error"))); err != nil {
				return err
			}
		}
		for _, e := range r.Warnings {
			if _, err := fmt.Fprintln(w, textLine(r.Path, e, paint("33", "warning"))); err != nil {
				return err
			}
		}
		var summary string
		if r.Valid() {
			summary = paint("32", fmt.Sprintf("%s: valid", r.Path))
		} else {
			summary = paint("31", fmt.Sprintf("%s: invalid", r.Path))
		}
		summary += fmt.Sprintf(" (%d %s, %d %s)", len(r.Errors), plural(len(r.Errors), "error"), len(r.Warnings), plural(len(r.Warnings), "warning"))
		if _, err := fmt.Fprintln(w, summary); err != nil {
			return err
		}
	}
	if len(results) > 1 {
		invalid := 0
		for _, r := range results {
			if !r.Valid() {
				invalid++
			}
		}
		total := fmt.Sprintf("%d packages: %d valid, %d invalid", len(results), len(results)-invalid, invalid)
		if invalid > 0 {
			total = paint("31", total)
		} else {
			total = paint("32", total)
		}
		if _, err := fmt.Fprintln(w, total); err != nil {
			return err
		}
	}
	return nil
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// problemPath returns the path of the file a problem concerns, below the package path, or the
// package path itself for a problem about the package as a whole.
func problemPath(pkg string, e specerrors.ValidationError) string {
	if e.File == "" {
		return pkg
	}
	return path.Join(pkg, e.File)
}

func textLine(pkg string, e specerrors.ValidationError, severity string) string {
	loc := problemPath(pkg, e)
	if e.Line > 0 {
		loc += fmt.Sprintf(":%d", e.Line)
		if e.Column > 0 {
			loc += fmt.Sprintf(":%d", e.Column)
		}
	}
	code := ""
	if e.Code != "" {
		code = " [" + e.Code + "]"
	}
	return fmt.Sprintf("%s: %s%s %s", loc, severity, code, e.Message)
}
