package rules

import (
	"slices"
	"strings"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Time series dimensions must be of a type Elasticsearch accepts as a dimension.
func init() {
	Register(Rule{Name: "dimension_fields", Types: []string{"integration", "input"}, Check: checkDimensionFields})
}

// dimensionTypes lists the field types that may be dimensions.
var dimensionTypes = []string{
	"constant_keyword", "keyword",
	"long", "integer", "short", "byte", "double", "float", "half_float", "scaled_float", "unsigned_long",
	"ip",
}

func checkDimensionFields(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, ff := range AllFieldsFiles(p) {
		for _, f := range ff.Fields {
			// An external field takes its type from elsewhere, which is not known here.
			if !f.Dimension || f.External != "" || slices.Contains(dimensionTypes, f.Type) {
				continue
			}
			errs = append(errs, fieldDefError(ff, f, "field %q of type %s can't be a dimension, allowed types for dimensions: %s",
				f.Name, f.Type, strings.Join(dimensionTypes, ", ")))
		}
	}
	return errs
}
