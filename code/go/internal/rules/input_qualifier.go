package rules

import (
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// When a policy template has several inputs of the same type, each of them needs a name so
// that Fleet can tell them apart (code SVR00010). One error per type and policy template.
func init() {
	Register(Rule{Name: "input_qualifier", Since: "3.6.0", Types: []string{"integration"}, Modes: []Mode{Legacy, Build},
		Check: checkInputQualifier})
}

func checkInputQualifier(p *packages.Package) specerrors.ValidationErrors {
	if asString(p.Manifest["type"]) != "integration" {
		// As in the reference: a manifest that does not say it is an integration is not checked.
		return nil
	}
	var errs specerrors.ValidationErrors
	for _, pt := range policyTemplates(p) {
		inputs := entries(pt.M["inputs"])
		count := map[string]int{}
		for _, in := range inputs {
			count[asString(in.M["type"])]++
		}
		reported := map[string]bool{}
		for _, in := range inputs {
			typ := asString(in.M["type"])
			if count[typ] < 2 || asString(in.M["name"]) != "" || reported[typ] {
				continue
			}
			reported[typ] = true
			at := field("policy_templates", pt.Index, "inputs", in.Index)
			var e specerrors.ValidationError
			if typ == "" {
				e = fieldError(p, "manifest.yml", at,
					"policy template %q: an input without a type must have a name when several inputs have no type", pt.Name)
			} else {
				e = fieldError(p, "manifest.yml", at,
					"policy template %q: input with type %q must have a name when multiple inputs of the same type are present", pt.Name, typ)
			}
			errs = append(errs, e.WithCode(specerrors.CodeInputQualifierRequired))
		}
	}
	return errs
}
