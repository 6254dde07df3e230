package rules

import (
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// An integration whose inputs are all deprecated must be marked deprecated itself.
func init() {
	Register(Rule{Name: "inputs_deprecated", Since: "3.6.0", Types: []string{"integration"}, Check: checkInputsDeprecated})
}

func checkInputsDeprecated(p *packages.Package) specerrors.ValidationErrors {
	// As in the reference, only manifests that say they are integrations are checked.
	if asString(p.Manifest["type"]) != "integration" || p.Manifest["deprecated"] != nil {
		return nil
	}
	total, deprecated := 0, 0
	for _, pt := range policyTemplates(p) {
		for _, in := range entries(pt.M["inputs"]) {
			total++
			if in.M["deprecated"] != nil {
				deprecated++
			}
		}
	}
	if total == 0 || deprecated < total {
		return nil
	}
	return specerrors.ValidationErrors{fieldError(p, "manifest.yml", "policy_templates",
		"all inputs are deprecated but the integration package is not marked as deprecated")}
}
