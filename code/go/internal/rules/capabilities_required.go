package rules

import (
	"slices"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// A package with security rules (kibana/security_rule/*.json) must list the "security"
// capability in conditions.elastic.capabilities. Capabilities exist since spec 2.10.0.
func init() {
	Register(Rule{Name: "capabilities_required", Since: "2.10.0", Check: checkCapabilitiesRequired})
}

func checkCapabilitiesRequired(p *packages.Package) specerrors.ValidationErrors {
	if len(p.Files("kibana/security_rule", "*.json")) == 0 {
		return nil
	}
	raw, _ := condition(p, "elastic", "capabilities")
	capabilities := stringList(raw)
	if slices.Contains(capabilities, "security") {
		return nil
	}
	f := "conditions.elastic.capabilities"
	if capabilities == nil {
		f = "conditions"
	}
	return specerrors.ValidationErrors{fieldError(p, "manifest.yml", f,
		"found security rule assets in package but security capability is missing")}
}
