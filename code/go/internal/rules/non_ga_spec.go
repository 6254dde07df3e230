package rules

import (
	"slices"

	"github.com/Masterminds/semver/v3"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/internal/specversion"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// A package with a GA version (1.0.0 or more, without pre-release tag) cannot follow a spec
// version still in development (such as 3.7.0-next). Packages can exclude this check with
// validation.yml (code PSR00001). The error is placed at format_version in manifest.yml.
func init() {
	Register(Rule{Name: "non_ga_spec", Since: "3.0.1", Check: checkNonGASpec})
}

func checkNonGASpec(p *packages.Package) specerrors.ValidationErrors {
	if p.FormatVersion == nil || !packageIsGA(p) {
		return nil
	}
	spec := p.FormatVersion
	if spec.Prerelease() == "" {
		c, err := specversion.Load()
		if err != nil {
			return nil
		}
		if slices.ContainsFunc(c.Versions, spec.Equal) {
			return nil
		}
		// A version listed only with a pre-release tag is still in development.
		i := slices.IndexFunc(c.Versions, func(v *semver.Version) bool {
			return v.Prerelease() != "" && v.Major() == spec.Major() && v.Minor() == spec.Minor() && v.Patch() == spec.Patch()
		})
		if i < 0 {
			return nil
		}
		spec = c.Versions[i]
	}
	return specerrors.ValidationErrors{valueError(p, "manifest.yml", "format_version",
		"package with GA version (%s) is using an unreleased version of the spec (%s)", p.Version, spec).
		WithCode(specerrors.CodeNonGASpecOnGAPackage)}
}
