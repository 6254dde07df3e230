package rules

import (
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Each policy template of an input package names its agent template with template_path or
// template_paths, and every template it names must exist in agent/input.
func init() {
	Register(Rule{Name: "input_policy_templates", Types: []string{"input"}, Check: checkInputPolicyTemplates})
}

func checkInputPolicyTemplates(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, pt := range policyTemplates(p) {
		base := field("policy_templates", pt.Index)
		single, many := templateNames(pt.M)
		if single == "" && len(many) == 0 {
			errs = append(errs, fieldError(p, "manifest.yml", base,
				"policy template %q has no template_path: template_path is required for input type packages", pt.Name))
			continue
		}
		missing, f := "", ""
		if single != "" && !findTemplate(p, "agent/input", single) {
			missing, f = single, field(base, "template_path")
		}
		for i, name := range many {
			if missing == "" && !findTemplate(p, "agent/input", name) {
				missing, f = name, field(base, "template_paths", i)
			}
		}
		switch {
		case missing == "":
		case single != "":
			// The message names template_path, and the missing file, which may be one of
			// template_paths.
			errs = append(errs, fieldError(p, "manifest.yml", f,
				"policy template %q references template_path %q: template file not found (%s is not in agent/input)", pt.Name, single, missing))
		default:
			errs = append(errs, fieldError(p, "manifest.yml", f,
				"policy template %q references template %q in template_paths: template file not found (it is not in agent/input)", pt.Name, missing))
		}
	}
	return errs
}
