package rules

import (
	"slices"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// var_groups offer the user a choice between options, each a list of var names. Group names must
// be unique, option names unique within a group, every var named by an option must be defined,
// and such vars must not say required: true (the group decides whether they are required).
// Groups of the package manifest's root can name vars of the package, its policy templates and
// inputs; groups of a data stream's stream those of the package and of the stream. As in the
// reference, the groups of policy templates and inputs (allowed from 3.6.1) are not checked.
func init() {
	Register(Rule{Name: "var_groups", Since: "3.6.0", Check: checkVarGroups})
}

func checkVarGroups(p *packages.Package) specerrors.ValidationErrors {
	const file = "manifest.yml"
	pkgVars := varsAt(file, "vars", p.Manifest["vars"])
	errs := checkVarGroupList(p, file, "var_groups", p.Manifest["var_groups"], manifestVars(p))
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
				def := lastVar(vars, varName)
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

// lastVar returns the last definition of a var named name, or nil: as in the reference, a later
// definition (of a policy template or input) stands for an earlier one of the same name.
func lastVar(vars []variable, name string) *variable {
	for i := len(vars) - 1; i >= 0; i-- {
		if vars[i].Name == name {
			return &vars[i]
		}
	}
	return nil
}
