package rules

import (
	"github.com/Masterminds/semver/v3"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// conditions.agent.version, when present, must be a string holding a valid version constraint
// (or nothing).
func init() {
	Register(Rule{Name: "agent_version", Check: checkAgentVersion})
}

func checkAgentVersion(p *packages.Package) specerrors.ValidationErrors {
	v, present := condition(p, "agent", "version")
	if !present {
		return nil
	}
	const f = "conditions.agent.version"
	s, ok := v.(string)
	if !ok {
		return specerrors.ValidationErrors{fieldError(p, "manifest.yml", f, "invalid agent.version condition: it must be a string")}
	}
	if s == "" {
		// As in the reference, an empty condition is no condition.
		return nil
	}
	if _, err := semver.NewConstraint(s); err != nil {
		return specerrors.ValidationErrors{fieldError(p, "manifest.yml", f,
			"invalid agent.version condition: %q is not a version constraint (such as \"^8.13.0\" or \">=8.13.0, <9.0.0\")", s)}
	}
	return nil
}
