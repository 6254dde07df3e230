package rules

import (
	"slices"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// var_groups offer the user a choice between options, each a list of var names. Group names must
// be unique, option names unique within a group, every var named by an option must be defined,
// and such vars must not say required: true (the group decides whether they are required).
// Groups of the package manifest can name vars of the package, its policy templates and inputs;
// groups of a policy template or input those of the package and of that template or input;
// groups of a data stream's stream those of the package and of the stream.
func init() {
	Register(Rule{Name: "var_groups", Since: "3.6.0", Check: checkVarGroups})
}

func checkVarGroups(p *packages.Package) specerrors.ValidationErrors {
	const file = "manifest.yml"
	pkgVars := varsAt(file, "vars", p.Manifest["vars"])
	all := slices.Clone(pkgVars)
	var errs specerrors.ValidationErrors
	for _, pt := range policyTemplates(p) {
		ptBase := field("policy_templates", pt.Index)
		ptVars := slices.Concat(pkgVars, varsAt(file, field(ptBase, "vars"), pt.M["vars"]))
		ptAll := slices.Clone(ptVars)
		for _, in := range entries(pt.M["inputs"]) {
			inBase := field(ptBase, "inputs", in.Index)
			inVars := varsAt(file, field(inBase, "vars"), in.M["vars"])
			ptAll = append(ptAll, inVars...)
			errs = append(errs, checkVarGroupList(p, file, field(inBase, "var_groups"), in.M["var_groups"],
				slices.Concat(ptVars, inVars))...)
		}
		errs = append(errs, checkVarGroupList(p, file, field(ptBase, "var_groups"), pt.M["var_groups"], ptAll)...)
		all = append(all, ptAll[len(pkgVars):]...)
	}
	errs = append(errs, checkVarGroupList(p, file, "var_groups", p.Manifest["var_groups"], all)...)
	for _, ds := range dataStreamManifests(p) {
		for _, s := range entries(ds.M["streams"]) {
			base := field("streams", s.Index)
			vars := slices.Concat(pkgVars, varsAt(ds.File, field(base, "vars"), s.M["vars"]))
			errs = append(errs, checkVarGroupList(p, ds.File, field(base, "var_groups"), s.M["var_groups"], vars)...)
		}
	}
	return errs
}

func checkVarGroupList(p *packages.Package, file, base string, list any, vars []variable) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	groups := map[string]bool{}
	for _, g := range entries(list) {
		gBase := field(base, g.Index)
		name := asString(g.M["name"])
		if groups[name] {
			errs = append(errs, fieldError(p, file, field(gBase, "name"), "duplicate var_group name %q", name))
		}
		groups[name] = true
		required := asBool(g.M["required"])
		options := map[string]bool{}
		for _, o := range entries(g.M["options"]) {
			oBase := field(gBase, "options", o.Index)
			oName := asString(o.M["name"])
			if options[oName] {
				errs = append(errs, fieldError(p, file, field(oBase, "name"), "duplicate option name %q in var_group %q", oName, name))
			}
			options[oName] = true
			for i, v := range asList(o.M["vars"]) {
				varName, ok := v.(string)
				if !ok {
					continue
				}
				f := field(oBase, "vars", i)
				def := findVar(vars, varName)
				switch {
				case def == nil:
					errs = append(errs, fieldError(p, file, f,
						"var %q referenced in var_group %q option %q is not defined", varName, name, oName))
				case asBool(def.M["required"]) && required:
					errs = append(errs, fieldError(p, file, f,
						"var %q in required var_group %q should not have required: true (the var_group makes it required)", varName, name))
				case asBool(def.M["required"]):
					errs = append(errs, fieldError(p, file, f,
						"var %q in non-required var_group %q should not have required: true (var_group is optional)", varName, name))
				}
			}
		}
	}
	return errs
}
