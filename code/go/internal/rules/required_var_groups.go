package rules

import (
	"slices"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Each variable named in a required_vars group (one of which the user must fill) must be defined
// where the group applies, and must not be always required by itself. In the package manifest,
// an input's groups can name vars of the package, of its policy template or of the input; in a
// data stream manifest, a stream's groups name vars of the stream, of the package or of the
// first policy template input of the stream's input type.
func init() {
	Register(Rule{Name: "required_var_groups", Check: checkRequiredVarGroups})
}

func checkRequiredVarGroups(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	pkgVars := varsAt("manifest.yml", "vars", p.Manifest["vars"])
	for _, pt := range policyTemplates(p) {
		ptBase := field("policy_templates", pt.Index)
		ptVars := slices.Concat(pkgVars, varsAt("manifest.yml", field(ptBase, "vars"), pt.M["vars"]))
		for _, in := range entries(pt.M["inputs"]) {
			inBase := field(ptBase, "inputs", in.Index)
			vars := slices.Concat(ptVars, varsAt("manifest.yml", field(inBase, "vars"), in.M["vars"]))
			errs = append(errs, checkRequiredVarsGroups(p, "manifest.yml", field(inBase, "required_vars"), in.M["required_vars"], vars)...)
		}
	}
	for _, ds := range dataStreamManifests(p) {
		for _, s := range entries(ds.M["streams"]) {
			base := field("streams", s.Index)
			// As in the reference: the stream's vars, the package's, then those of the first
			// policy template input of the stream's input type.
			vars := slices.Concat(varsAt(ds.File, field(base, "vars"), s.M["vars"]), pkgVars,
				firstInputVars(p, asString(s.M["input"])))
			errs = append(errs, checkRequiredVarsGroups(p, ds.File, field(base, "required_vars"), s.M["required_vars"], vars)...)
		}
	}
	return errs
}

func checkRequiredVarsGroups(p *packages.Package, file, base string, groups any, vars []variable) specerrors.ValidationErrors {
	m := asMap(groups)
	var errs specerrors.ValidationErrors
	for _, group := range sortedKeys(m) {
		for _, rv := range entries(m[group]) {
			name := asString(rv.M["name"])
			if name == "" {
				continue
			}
			f := field(base, group, rv.Index)
			def := findVar(vars, name)
			switch {
			case def == nil:
				errs = append(errs, fieldError(p, file, f, "required var %q in optional group %q is not defined", name, group))
			case asBool(def.M["required"]):
				errs = append(errs, fieldError(p, file, f, "required var %q in optional group %q is defined as always required", name, group))
			}
		}
	}
	return errs
}

// firstInputVars lists the vars of the first policy template input of type typ.
func firstInputVars(p *packages.Package, typ string) []variable {
	for _, pt := range policyTemplates(p) {
		for _, in := range entries(pt.M["inputs"]) {
			if asString(in.M["type"]) == typ {
				return varsAt("manifest.yml", field("policy_templates", pt.Index, "inputs", in.Index, "vars"), in.M["vars"])
			}
		}
	}
	return nil
}

// findVar returns the first var with this name, or nil.
func findVar(vars []variable, name string) *variable {
	for i := range vars {
		if vars[i].Name == name {
			return &vars[i]
		}
	}
	return nil
}
