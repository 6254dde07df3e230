package rules

import (
	"fmt"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Vars can be shown in named sections, declared in a `sections` list beside the `vars` that use
// them: at the package root, in a policy template, in one of its inputs, or in a stream of a data
// stream. Within one such scope, section names are unique, and a var's `section` names a section
// of its own scope. The reference checks this at every spec version, for every package type.
func init() {
	Register(Rule{Name: "var_sections", Check: checkVarSections})
}

func checkVarSections(p *packages.Package) specerrors.ValidationErrors {
	const manifest = "manifest.yml"
	errs := checkSectionScope(p, manifest, "", "package root", p.Manifest)
	for _, pt := range policyTemplates(p) {
		base := field("policy_templates", pt.Index)
		errs = append(errs, checkSectionScope(p, manifest, base, fmt.Sprintf("policy template %q", pt.Name), pt.M)...)
		for _, in := range entries(pt.M["inputs"]) {
			scope := fmt.Sprintf("input %q of policy template %q", fieldScalar(in.M["type"]), pt.Name)
			errs = append(errs, checkSectionScope(p, manifest, field(base, "inputs", in.Index), scope, in.M)...)
		}
	}
	for _, ds := range dataStreamManifests(p) {
		for _, s := range entries(ds.M["streams"]) {
			// A stream is named by its title, else its input, else its place.
			id := fieldScalar(s.M["title"])
			if id == "" {
				id = fieldScalar(s.M["input"])
			}
			if id == "" {
				id = fmt.Sprintf("stream[%d]", s.Index)
			}
			errs = append(errs, checkSectionScope(p, ds.File, field("streams", s.Index), fmt.Sprintf("stream %q", id), s.M)...)
		}
	}
	return errs
}

// checkSectionScope checks the sections and vars of the mapping m found at field base of file.
func checkSectionScope(p *packages.Package, file, base, scope string, m map[string]any) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	defined := map[string]bool{}
	for _, s := range entries(m["sections"]) {
		name := fieldScalar(s.M["name"])
		if defined[name] {
			errs = append(errs, valueError(p, file, field(base, "sections", s.Index, "name"),
				"duplicate section name %q in %s", name, scope))
		}
		defined[name] = true
	}
	for _, v := range entries(m["vars"]) {
		section := fieldScalar(v.M["section"])
		if section == "" || defined[section] {
			continue
		}
		errs = append(errs, valueError(p, file, field(base, "vars", v.Index, "section"),
			"var %q references undefined section %q in %s", fieldScalar(v.M["name"]), section, scope))
	}
	return errs
}
