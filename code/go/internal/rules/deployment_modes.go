package rules

import (
	"slices"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Every deployment mode a policy template enables (default unless disabled, agentless when
// enabled) needs at least one input that supports it, and an input can only name deployment
// modes its policy template enables. An input without deployment_modes supports every mode.
func init() {
	Register(Rule{Name: "deployment_modes", Types: []string{"integration"}, Check: checkDeploymentModes})
}

func checkDeploymentModes(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, pt := range policyTemplates(p) {
		ptBase := field("policy_templates", pt.Index)
		modes := asMap(pt.M["deployment_modes"])
		var enabled []string
		if on, ok := dig(modes, "default", "enabled").(bool); !ok || on {
			enabled = append(enabled, "default")
		}
		if asBool(dig(modes, "agentless", "enabled")) {
			enabled = append(enabled, "agentless")
		}
		inputs := entries(pt.M["inputs"])
		for _, mode := range enabled {
			supported := false
			for _, in := range inputs {
				list, set := in.M["deployment_modes"]
				if !set || list == nil || slices.Contains(stringList(list), mode) {
					supported = true
					break
				}
			}
			if !supported {
				f := field(ptBase, "deployment_modes")
				if modes == nil {
					f = ptBase
				}
				errs = append(errs, fieldError(p, "manifest.yml", f,
					"policy template %q enables deployment mode %q but no input supports this mode", pt.Name, mode))
			}
		}
		for _, in := range inputs {
			for i, m := range asList(in.M["deployment_modes"]) {
				mode, ok := m.(string)
				if !ok || slices.Contains(enabled, mode) {
					continue
				}
				errs = append(errs, fieldError(p, "manifest.yml", field(ptBase, "inputs", in.Index, "deployment_modes", i),
					"input %q in policy template %q specifies unsupported deployment mode %q", asString(in.M["type"]), pt.Name, mode))
			}
		}
	}
	return errs
}
