// Package output writes validation results in the formats the command line offers.
package output

import (
	"encoding/json"
	"io"

	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

type jsonError struct {
	Code    string `json:"code"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

type jsonPackage struct {
	Path     string      `json:"path"`
	Valid    bool        `json:"valid"`
	Errors   []jsonError `json:"errors"`
	Warnings []jsonError `json:"warnings"`
	Skipped  []jsonError `json:"skipped"`
}

func jsonErrors(es specerrors.ValidationErrors) []jsonError {
	out := make([]jsonError, 0, len(es))
	for _, e := range es {
		out = append(out, jsonError{e.Code, e.File, e.Line, e.Column, e.Field, e.Message})
	}
	return out
}

// JSON writes {"packages":[{"path","valid","errors","warnings","skipped"}]}: names and
// messages exactly as they are, skipped being the problems validation.yml excludes.
func JSON(w io.Writer, results []validator.Result) error {
	doc := struct {
		Packages []jsonPackage `json:"packages"`
	}{Packages: make([]jsonPackage, 0, len(results))}
	for _, r := range results {
		doc.Packages = append(doc.Packages, jsonPackage{
			Path: r.Path, Valid: r.Valid(), Errors: jsonErrors(r.Errors), Warnings: jsonErrors(r.Warnings),
			Skipped: jsonErrors(r.Skipped),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
