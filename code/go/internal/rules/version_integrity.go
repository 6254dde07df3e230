package rules

import (
	"strings"

	"github.com/Masterminds/semver/v3"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// The version in the manifest must be the newest entry of changelog.yml (an entry for a
// coming "-next" version may sit above it), changelog versions must be unique, and the first
// entry must be greater than every other one. The errors are placed in changelog.yml, at the
// version concerned.
func init() {
	Register(Rule{Name: "version_integrity", Check: checkVersionIntegrity})
}

func checkVersionIntegrity(p *packages.Package) specerrors.ValidationErrors {
	version, ok := p.Manifest["version"].(string)
	if !ok {
		return specerrors.ValidationErrors{fieldError(p, "manifest.yml", "version", "package version undefined in the package manifest file")}
	}
	if !p.Exists("changelog.yml") {
		// The folder rules report the missing file.
		return nil
	}
	list, ok := docValue(p, "changelog.yml").([]any)
	if !ok {
		return nil
	}
	var versions []string
	for _, e := range list {
		v, ok := dig(e, "version").(string)
		if !ok {
			// The changelog schema reports entries without a version.
			return nil
		}
		versions = append(versions, v)
	}
	if len(versions) == 0 {
		return specerrors.ValidationErrors{specerrors.New("changelog.yml", "no versions found in changelog.yml").At(1, 1)}
	}
	// at places an error at the version of entry i.
	at := func(i int, format string, args ...any) specerrors.ValidationErrors {
		return specerrors.ValidationErrors{valueError(p, "changelog.yml", field(i, "version"), format, args...)}
	}
	seen := map[string]int{}
	for i, v := range versions {
		if first, ok := seen[v]; ok {
			return at(i, "versions in changelog.yml must be unique, %s is listed more than once (first as entry %d)", v, first+1)
		}
		seen[v] = i
	}
	if !manifestVersionInChangelog(version, versions) {
		return at(0, "current manifest version doesn't have changelog entry: version %s of manifest.yml is not the first entry of changelog.yml (%s)",
			version, versions[0])
	}
	first, err := semver.NewVersion(versions[0])
	if err != nil {
		return at(0, "version %q is not a semantic version", versions[0])
	}
	for i, v := range versions[1:] {
		other, err := semver.NewVersion(v)
		if err != nil {
			return at(i+1, "version %q is not a semantic version", v)
		}
		if !other.LessThan(first) {
			return at(i+1, "changelog entry %s is greater than or equal to first changelog entry: %s (newest entries come first)", v, versions[0])
		}
	}
	return nil
}

// manifestVersionInChangelog tells whether the manifest version is the first changelog entry,
// or any entry when the first one is a coming "-next" version.
func manifestVersionInChangelog(version string, versions []string) bool {
	if versions[0] == version {
		return true
	}
	if !strings.HasSuffix(versions[0], "-next") {
		return false
	}
	for _, v := range versions {
		if v == version {
			return true
		}
	}
	return false
}
