// Package specerrors holds the error model of the validator: one structured error type, with a
// reference-compatible code, the file it concerns, its position and the field inside the file.
package specerrors

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity tells an error from a warning.
type Severity int

const (
	// Error makes a package invalid.
	Error Severity = iota
	// Warning is reported but leaves the package valid, unless warnings are treated as errors.
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// ValidationError is one problem found in a package.
type ValidationError struct {
	// Code identifies the check that failed (for example SVR00002); empty for most schema errors.
	Code string
	// File is the path of the file, relative to the package root with forward slashes; empty when
	// the problem concerns the package as a whole.
	File string
	// Line and Column are 1-based; 0 when unknown.
	Line, Column int
	// Field is the dotted path of the offending value inside File, when there is one.
	Field string
	// Message says what is wrong, in plain words.
	Message string
	// Severity is Error or Warning.
	Severity Severity
}

// Error formats the problem as file:line:column: message [code].
func (e ValidationError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
			if e.Column > 0 {
				fmt.Fprintf(&b, ":%d", e.Column)
			}
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	if e.Code != "" {
		fmt.Fprintf(&b, " (%s)", e.Code)
	}
	return b.String()
}

// New returns an error about file with a formatted message.
func New(file, format string, args ...any) ValidationError {
	return ValidationError{File: file, Message: fmt.Sprintf(format, args...)}
}

// WithCode returns a copy of e carrying code.
func (e ValidationError) WithCode(code string) ValidationError {
	e.Code = code
	return e
}

// AsWarning returns a copy of e with warning severity.
func (e ValidationError) AsWarning() ValidationError {
	e.Severity = Warning
	return e
}

// At returns a copy of e at the given position.
func (e ValidationError) At(line, column int) ValidationError {
	e.Line, e.Column = line, column
	return e
}

// ValidationErrors is a list of problems.
type ValidationErrors []ValidationError

// Error joins the messages of all problems, one per line.
func (es ValidationErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Compare orders problems by file, position, field, code and message.
func Compare(a, b ValidationError) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.Field, b.Field),
		cmp.Compare(a.Code, b.Code),
		cmp.Compare(a.Message, b.Message),
	)
}

// Sort orders the problems deterministically and drops exact duplicates.
func (es ValidationErrors) Sort() ValidationErrors {
	slices.SortFunc(es, Compare)
	return slices.CompactFunc(es, func(a, b ValidationError) bool { return a == b })
}

// Split separates errors from warnings.
func (es ValidationErrors) Split() (errs, warnings ValidationErrors) {
	for _, e := range es {
		if e.Severity == Warning {
			warnings = append(warnings, e)
		} else {
			errs = append(errs, e)
		}
	}
	return errs, warnings
}

// ExcludeCodes drops the problems whose code is in codes.
func (es ValidationErrors) ExcludeCodes(codes []string) ValidationErrors {
	if len(codes) == 0 {
		return es
	}
	return slices.DeleteFunc(es, func(e ValidationError) bool {
		return e.Code != "" && slices.Contains(codes, e.Code)
	})
}
