package rules

import (
	"strings"

	"github.com/Masterminds/semver/v3"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// The version in the manifest must be the newest entry of changelog.yml (an entry for a
// coming "-next" version may sit above it), changelog versions must be unique, and the first
// entry must be greater than every other one. The reference reports these problems for the
// package as a whole, so the errors name no file.
func init() {
	Register(Rule{Name: "version_integrity", Check: checkVersionIntegrity})
}

func checkVersionIntegrity(p *packages.Package) specerrors.ValidationErrors {
	version, ok := p.Manifest["version"].(string)
	if !ok {
		return specerrors.ValidationErrors{specerrors.New("", "package version undefined in the package manifest file")}
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
		return specerrors.ValidationErrors{specerrors.New("", "no versions found in changelog.yml")}
	}
	// at says where the version of entry i is, for messages: the errors name no file.
	at := func(i int) string { return changelogPlace(p, field(i, "version")) }
	seen := map[string]int{}
	for i, v := range versions {
		if first, ok := seen[v]; ok {
			return specerrors.ValidationErrors{specerrors.New("",
				"versions in changelog.yml must be unique, %s is listed more than once (%s; %s)", v, at(first), at(i))}
		}
		seen[v] = i
	}
	if !manifestVersionInChangelog(version, versions) {
		newest := versions[0]
		if lc := changelogLineColumn(p, field(0, "version")); lc != "" {
			newest += " at " + lc
		}
		return specerrors.ValidationErrors{specerrors.New("",
			"current manifest version doesn't have changelog entry: version %s of manifest.yml is not the first entry of changelog.yml (%s)",
			version, newest)}
	}
	first, err := semver.NewVersion(versions[0])
	if err != nil {
		return specerrors.ValidationErrors{specerrors.New("", "version %q (%s) is not a semantic version", versions[0], at(0))}
	}
	for i, v := range versions[1:] {
		other, err := semver.NewVersion(v)
		if err != nil {
			return specerrors.ValidationErrors{specerrors.New("", "version %q (%s) is not a semantic version", v, at(i+1))}
		}
		if !other.LessThan(first) {
			return specerrors.ValidationErrors{specerrors.New("",
				"changelog entry %s (%s) is greater than or equal to first changelog entry: %s (newest entries come first)", v, at(i+1), versions[0])}
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
