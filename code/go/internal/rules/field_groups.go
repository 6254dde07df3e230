package rules

import (
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// A field of type group only gathers other fields: it holds no value, so a unit or a metric
// type on it means nothing and is refused.
func init() {
	Register(Rule{Name: "field_groups", Check: checkFieldGroups})
}

func checkFieldGroups(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, ff := range AllFieldsFiles(p) {
		for _, f := range ff.Fields {
			if f.Type != "group" {
				continue
			}
			switch {
			case f.Unit != "":
				errs = append(errs, fieldDefError(ff, f, "field %q is a group: it can't have a unit", f.Name))
			case f.MetricType != "":
				errs = append(errs, fieldDefError(ff, f, "field %q is a group: it can't have a metric type", f.Name))
			}
		}
	}
	return errs
}
