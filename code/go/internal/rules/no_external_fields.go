package rules

import (
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Building a package replaces every `external:` field by its full definition; a built package
// that still holds one was not built properly.
func init() {
	Register(Rule{Name: "no_external_fields", Modes: []Mode{Build},
		Check: checkNoExternalFields})
}

func checkNoExternalFields(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, ff := range AllFieldsFiles(p) {
		for _, f := range ff.Fields {
			if f.External != "" {
				errs = append(errs, fieldDefError(ff, f,
					"field %s has external: %s reference; ECS fields must be materialized (external fields resolved) before packaging", f.Name, f.External))
			}
		}
	}
	return errs
}
