package rules

import (
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// The profiling data type is a technical preview: a package with a GA version cannot have data
// streams of type "profiles".
func init() {
	Register(Rule{Name: "profiling_non_ga", Types: []string{"integration"}, Check: checkProfilingNonGA})
}

func checkProfilingNonGA(p *packages.Package) specerrors.ValidationErrors {
	if !packageIsGA(p) {
		return nil
	}
	var errs specerrors.ValidationErrors
	for _, ds := range dataStreamManifests(p) {
		if t := asString(ds.M["type"]); t == "profiles" {
			errs = append(errs, fieldError(p, ds.File, "type",
				"%s data type cannot be used in GA packages (version %s)", t, p.Version))
		}
	}
	return errs
}
