package rules

import (
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// In sources, a data stream stream or a policy template input may name an input package with
// `package:`, which the build step bundles into the package. A built package must therefore
// name its inputs by type: `package:` is source-only. As in the reference, policy template inputs
// are checked when the manifest says it is an integration; a stream without input is left to the
// schema.
func init() {
	Register(Rule{Name: "stream_inputs_materialized", Types: []string{"integration"}, Modes: []Mode{Build},
		Check: checkStreamInputsMaterialized})
}

func checkStreamInputsMaterialized(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, ds := range p.DataStreams() {
		m, file := dsManifest(p, ds)
		for _, s := range entries(m["streams"]) {
			at := field("streams", s.Index)
			if fieldScalar(s.M["package"]) != "" {
				errs = append(errs, valueError(p, file, field(at, "package"),
					"stream %d has a 'package:' reference, which is source-only: the build step bundles the input package", s.Index))
			}
		}
	}
	if asString(p.Manifest["type"]) != "integration" {
		return errs
	}
	for _, pt := range policyTemplates(p) {
		for _, in := range entries(pt.M["inputs"]) {
			if fieldScalar(in.M["package"]) != "" {
				errs = append(errs, valueError(p, "manifest.yml", field("policy_templates", pt.Index, "inputs", in.Index, "package"),
					"policy template input has a 'package:' reference, which is source-only: build packages must use 'type:'"))
			}
		}
	}
	return errs
}
