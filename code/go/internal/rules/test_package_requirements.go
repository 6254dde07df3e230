package rules

import (
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/Masterminds/semver/v3"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Test configurations can require other packages. A requirement by name and version must name a
// package of the manifest's requires section, with a version that satisfies the constraint
// given there; a requirement by source must give a relative path to a folder that exists
// (resolved from the package root).
func init() {
	Register(Rule{Name: "test_package_requirements", Since: "3.6.0", Types: []string{"integration"},
		Modes: []Mode{Legacy, Source}, Check: checkTestPackageRequirements})
}

var packageTestTypes = []string{"system", "policy", "pipeline", "static", "asset"}

func checkTestPackageRequirements(p *packages.Package) specerrors.ValidationErrors {
	required := map[string]string{}
	for _, kind := range []string{"input", "content"} {
		for name, version := range requiredPackageNames(p, kind) {
			if version != "" {
				required[name] = version
			}
		}
	}
	var errs specerrors.ValidationErrors
	const pkgConfig = "_dev/test/config.yml"
	if p.Exists(pkgConfig) {
		cfg := docValue(p, pkgConfig)
		for _, t := range packageTestTypes {
			errs = append(errs, checkTestRequires(p, pkgConfig, field(t, "requires"), t+".", dig(cfg, t, "requires"), required)...)
		}
	}
	for _, ds := range p.DataStreams() {
		base := path.Join("data_stream", ds, "_dev", "test")
		var files []string
		files = append(files, p.Files(path.Join(base, "system"), "test-*-config.yml")...)
		files = append(files, p.Files(path.Join(base, "policy"), "test-*.yml")...)
		files = append(files, p.Files(path.Join(base, "static"), "test-*-config.yml")...)
		for _, file := range files {
			errs = append(errs, checkTestRequires(p, file, "requires", "", dig(docValue(p, file), "requires"), required)...)
		}
	}
	return errs
}

func checkTestRequires(p *packages.Package, file, base, prefix string, list any, required map[string]string) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, e := range entries(list) {
		f := field(base, e.Index)
		where := prefix + "requires[" + strconv.Itoa(e.Index) + "]"
		name, version := asString(e.M["package"]), asString(e.M["version"])
		if name != "" && version != "" {
			constraint, ok := required[name]
			if !ok {
				errs = append(errs, fieldError(p, file, f, "%s references package %q which is not listed in manifest requires section", where, name))
				continue
			}
			v, err := semver.NewVersion(version)
			if err != nil {
				errs = append(errs, fieldError(p, file, field(f, "version"), "%s has invalid version %q: it is not a semantic version such as \"1.2.3\"", where, version))
				continue
			}
			c, err := semver.NewConstraint(constraint)
			if err != nil {
				errs = append(errs, fieldError(p, file, f, "%s package %q has invalid constraint in manifest: %q is not a version constraint such as \"^1.2.0\"", where, name, constraint))
				continue
			}
			if !c.Check(v) {
				errs = append(errs, fieldError(p, file, field(f, "version"),
					"%s package %q version %q does not satisfy constraint %q", where, name, version, constraint))
			}
			continue
		}
		source := asString(e.M["source"])
		if source == "" {
			continue
		}
		if filepath.IsAbs(filepath.FromSlash(source)) || path.IsAbs(source) {
			errs = append(errs, fieldError(p, file, field(f, "source"), "source path to required package %q must be relative", source))
			continue
		}
		if !sourceExists(p, source) {
			errs = append(errs, fieldError(p, file, field(f, "source"), "source path to required package %q does not exist", source))
		}
	}
	return errs
}

// sourceExists tells whether a path relative to the package root exists on disk. Packages not
// read from a folder (archives, in-memory trees) have nothing around them: only paths inside
// the package can exist then.
func sourceExists(p *packages.Package, source string) bool {
	clean := path.Clean(source)
	if clean != ".." && !strings.HasPrefix(clean, "../") {
		return p.Exists(clean)
	}
	if p.FS == nil || p.FS.Zip || p.FS.Display == "" {
		return false
	}
	_, err := os.Stat(filepath.Join(p.FS.Display, filepath.FromSlash(source)))
	return err == nil
}
