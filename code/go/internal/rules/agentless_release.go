package rules

import (
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// A package with a single policy template that turns the default deployment mode off is only
// ever deployed agentless, so its maturity is the one its version states: such a template must
// not give agentless a release stage of its own. With several policy templates, or with the
// default mode left on, agentless.release says how mature the agentless offering is next to the
// rest and is allowed.
func init() {
	Register(Rule{Name: "agentless_release", Types: []string{"integration"}, Check: checkAgentlessRelease})
}

func checkAgentlessRelease(p *packages.Package) specerrors.ValidationErrors {
	templates := policyTemplates(p)
	if len(templates) != 1 {
		return nil
	}
	pt := templates[0]
	modes := asMap(pt.M["deployment_modes"])
	if on, set := dig(modes, "default", "enabled").(bool); !set || on {
		return nil
	}
	release := dig(modes, "agentless", "release")
	if release == nil || release == "" {
		return nil
	}
	return specerrors.ValidationErrors{fieldError(p, "manifest.yml",
		field("policy_templates", pt.Index, "deployment_modes", "agentless", "release"),
		"policy template %q sets agentless.release although agentless is its only deployment mode; the package version states its maturity", pt.Name)}
}
