package rules

import (
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// date_format tells Elasticsearch how to parse a date: it is meaningful on date fields only.
func init() {
	Register(Rule{Name: "date_fields", Types: []string{"integration", "input"}, Check: checkDateFields})
}

func checkDateFields(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, ff := range AllFieldsFiles(p) {
		for _, f := range ff.Fields {
			if f.DateFormat == "" || f.Type == "date" {
				continue
			}
			errs = append(errs, fieldDefError(ff, f, "field %q of type %s can't set date_format: only date fields may", f.Name, f.Type))
		}
	}
	return errs
}
