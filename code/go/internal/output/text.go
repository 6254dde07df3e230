package output

import (
	"fmt"
	"io"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

// TextOptions tune the text output.
type TextOptions struct {
	// Color paints severities and verdicts with terminal escape sequences.
	Color bool
	// Quiet prints errors only: no warnings, no skipped problems, nothing about valid
	// packages and no totals (unless Summary).
	Quiet bool
	// Summary prints the totals line even for a single package, and with Quiet.
	Summary bool
	// Totals prints the totals line even for a single package, as for a folder of packages.
	Totals bool
}

// Text writes one line per problem, `package/file:line:column: error [CODE] message`, then a
// line per package, and for more than one package a last line with the totals. Problems that
// validation.yml excludes are written as `skipped`. Control characters of names and messages
// are written as escapes (\n, \x1b, \u202e), so that no file name can move the cursor, erase
// a line or start a new one.
func Text(w io.Writer, results []validator.Result, opts TextOptions) error {
	t := textWriter{w: w, color: opts.Color}
	for _, r := range results {
		for _, e := range r.Errors {
			t.line(textLine(r.Path, e, t.paint("31", "error")))
		}
		if !opts.Quiet {
			for _, e := range r.Warnings {
				t.line(textLine(r.Path, e, t.paint("33", "warning")))
			}
			for _, e := range r.Skipped {
				t.line(textLine(r.Path, e, t.paint("36", "skipped")))
			}
		}
		if opts.Quiet && r.Valid() {
			continue
		}
		verdict := t.paint("32", Clean(r.Path)+": valid")
		if !r.Valid() {
			verdict = t.paint("31", Clean(r.Path)+": invalid")
		}
		t.line(verdict + " (" + counts(len(r.Errors), len(r.Warnings), len(r.Skipped)) + ")")
	}
	if opts.Summary || (!opts.Quiet && (opts.Totals || len(results) > 1)) {
		var invalid, unread, errs, warns, skipped int
		for _, r := range results {
			if !r.Valid() {
				invalid++
			}
			if r.InputErr != nil {
				unread++
			}
			errs, warns, skipped = errs+len(r.Errors), warns+len(r.Warnings), skipped+len(r.Skipped)
		}
		total := fmt.Sprintf("%d %s: %d valid, %d invalid", len(results), plural(len(results), "package"), len(results)-invalid, invalid)
		if unread > 0 {
			total += fmt.Sprintf(" (%d could not be read)", unread)
		}
		total += "; " + counts(errs, warns, skipped)
		if invalid > 0 {
			t.line(t.paint("31", total))
		} else {
			t.line(t.paint("32", total))
		}
	}
	return t.err
}

// textWriter writes lines and keeps the first write error.
type textWriter struct {
	w     io.Writer
	color bool
	err   error
}

func (t *textWriter) line(s string) {
	if t.err == nil {
		_, t.err = io.WriteString(t.w, s+"\n")
	}
}

func (t *textWriter) paint(code, s string) string {
	if !t.color {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// counts says how many errors and warnings there are, and skipped problems if any.
func counts(errs, warns, skipped int) string {
	s := fmt.Sprintf("%d %s, %d %s", errs, plural(errs, "error"), warns, plural(warns, "warning"))
	if skipped > 0 {
		s += fmt.Sprintf(", %d skipped by validation.yml", skipped)
	}
	return s
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
	loc := Clean(problemPath(pkg, e))
	if e.Line > 0 {
		loc += fmt.Sprintf(":%d", e.Line)
		if e.Column > 0 {
			loc += fmt.Sprintf(":%d", e.Column)
		}
	}
	code := ""
	if e.Code != "" {
		code = " [" + Clean(e.Code) + "]"
	}
	return loc + ": " + severity + code + " " + Clean(e.Message)
}

// Clean returns s with every character that a terminal or a log viewer would act upon instead
// of showing written as a Go escape: control characters (\n, \r, \t, \x1b, \x9b...), Unicode
// format characters such as bidirectional overrides (\u202e), line and paragraph separators,
// and bytes that are not UTF-8 (\xff). Everything else is left as it is.
func Clean(s string) string {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unsafeRune(r, size) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case !unsafeRune(r, size):
			b.WriteString(s[i : i+size])
		case r == utf8.RuneError:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += size
	}
	return b.String()
}

// unsafeRune tells whether rune r, read from size bytes, must be escaped.
func unsafeRune(r rune, size int) bool {
	if r == utf8.RuneError && size <= 1 {
		return true
	}
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}
