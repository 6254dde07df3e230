package rules

import (
	"regexp"

	"github.com/Masterminds/semver/v3"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// A pre-release tag of the package version must be one of the known kinds: "next" or "SNAPSHOT"
// alone, or "beta", "rc" or "preview" optionally followed by a number; versions below 1.0.0 are
// technical previews already and take no tag.
func init() {
	Register(Rule{Name: "prerelease", Check: checkPrerelease})
}

// prereleaseTag matches the accepted pre-release tags. After beta, rc or preview may come a
// number, or a dot or hyphen and more characters, ending with a letter or digit.
var prereleaseTag = regexp.MustCompile(`^(next|SNAPSHOT|(beta|rc|preview)(([0-9]|[.-][0-9A-Za-z])([0-9A-Za-z.-]*[0-9A-Za-z])?)?)$`)

func checkPrerelease(p *packages.Package) specerrors.ValidationErrors {
	s, ok := p.Manifest["version"].(string)
	if !ok {
		return nil
	}
	v, err := semver.NewVersion(s)
	if err != nil {
		// The manifest schema reports versions that are not semantic versions.
		return nil
	}
	tag := v.Prerelease()
	if tag == "" {
		return nil
	}
	if v.Major() == 0 {
		return specerrors.ValidationErrors{fieldError(p, "manifest.yml", "version",
			"versions below 1.0.0 are technical previews already, remove the pre-release tag (version: %s)", s)}
	}
	if !prereleaseTag.MatchString(tag) {
		return specerrors.ValidationErrors{fieldError(p, "manifest.yml", "version",
			"pre-release tag %q of version %s should be next or SNAPSHOT, or beta, rc or preview optionally followed by a number", tag, s)}
	}
	return nil
}
