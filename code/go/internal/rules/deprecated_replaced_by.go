package rules

import (
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// deprecated.replaced_by must name the replacement of what is deprecated: a package names a
// package, a policy template a policy template, an input an input, a data stream a data
// stream, and a stream variable a variable.
func init() {
	Register(Rule{Name: "deprecated_replaced_by", Since: "3.6.0", Check: checkDeprecatedReplacedBy})
}

func checkDeprecatedReplacedBy(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	check := func(file, base string, owner map[string]any, key, what string) {
		rb, set := asMap(owner["deprecated"])["replaced_by"]
		if !set || rb == nil {
			return
		}
		if fieldScalar(asMap(rb)[key]) == "" {
			errs = append(errs, fieldError(p, file, field(base, "deprecated", "replaced_by"),
				"%sdeprecated.replaced_by.%s must be specified when deprecated.replaced_by is used", what, key))
		}
	}
	check("manifest.yml", "", p.Manifest, "package", "")
	for _, pt := range policyTemplates(p) {
		base := field("policy_templates", pt.Index)
		check("manifest.yml", base, pt.M, "policy_template", "policy_template ")
		for _, in := range entries(pt.M["inputs"]) {
			check("manifest.yml", field(base, "inputs", in.Index), in.M, "input", "input ")
		}
	}
	for _, ds := range dataStreamManifests(p) {
		check(ds.File, "", ds.M, "data_stream", "")
		for _, s := range entries(ds.M["streams"]) {
			for _, v := range entries(s.M["vars"]) {
				check(ds.File, field("streams", s.Index, "vars", v.Index), v.M, "variable", "variable ")
			}
		}
	}
	return errs
}
