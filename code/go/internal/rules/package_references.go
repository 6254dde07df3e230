package rules

import (
	"github.com/Masterminds/semver/v3"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Inputs of policy templates and streams of data streams can use an input package by name
// (`package`); that package must be listed in requires.input (a package listed in
// requires.content cannot be used so). Versions in requires.input are exact versions, not
// constraints.
func init() {
	Register(Rule{Name: "package_references", Since: "3.6.0", Types: []string{"integration"}, Check: checkPackageReferences})
}

// requiredPackageNames lists the packages named in one list of the requires section.
func requiredPackageNames(p *packages.Package, kind string) map[string]string {
	out := map[string]string{}
	for _, e := range entries(dig(p.Manifest, "requires", kind)) {
		if name := asString(e.M["package"]); name != "" {
			out[name] = asString(e.M["version"])
		}
	}
	return out
}

func checkPackageReferences(p *packages.Package) specerrors.ValidationErrors {
	inputs := requiredPackageNames(p, "input")
	contents := requiredPackageNames(p, "content")
	var errs specerrors.ValidationErrors
	// reference checks the package an input or stream at field f names, if any.
	reference := func(file, f string, m map[string]any) {
		name := asString(m["package"])
		if name == "" {
			return
		}
		if _, ok := contents[name]; ok {
			errs = append(errs, fieldError(p, file, field(f, "package"),
				"%s references package %q which is a content package, only input packages allowed", f, name))
			return
		}
		if _, ok := inputs[name]; !ok {
			where := "requires section"
			if file != "manifest.yml" {
				where = "manifest requires section"
			}
			errs = append(errs, fieldError(p, file, field(f, "package"),
				"%s references package %q which is not listed in %s", f, name, where))
		}
	}
	for _, pt := range policyTemplates(p) {
		for _, in := range entries(pt.M["inputs"]) {
			reference("manifest.yml", field("policy_templates", pt.Index, "inputs", in.Index), in.M)
		}
	}
	for _, ds := range dataStreamManifests(p) {
		for _, s := range entries(ds.M["streams"]) {
			reference(ds.File, field("streams", s.Index), s.M)
		}
	}
	for _, e := range entries(dig(p.Manifest, "requires", "input")) {
		version := asString(e.M["version"])
		if version == "" {
			continue
		}
		if _, err := semver.NewVersion(version); err != nil {
			f := field("requires", "input", e.Index, "version")
			errs = append(errs, fieldError(p, "manifest.yml", f,
				"field %s: version %q for package %q must be a valid semantic version, constraints are not allowed", f, version, asString(e.M["package"])))
		}
	}
	return errs
}
