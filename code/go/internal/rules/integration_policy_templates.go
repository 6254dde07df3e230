package rules

import (
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// The agent templates of an integration must exist, as the reference checks them:
//   - an input of a policy template that names templates finds them in agent/input (by file name
//     or name suffix): those of template_paths when it has any, else its template_path; one error
//     per policy template, for its first input with a missing template;
//   - every stream of every data stream finds its templates in the data stream's agent/stream
//     folder (not in sub-folders): those of template_paths when it has any, else its
//     template_path, else stream.yml.hbs. A stream that uses an input package (`package`) without
//     naming templates takes them from that package.
//
// Only manifests that say they are integrations are checked.
func init() {
	Register(Rule{Name: "integration_policy_templates", Types: []string{"integration"}, Check: checkIntegrationPolicyTemplates})
}

// namedTemplates returns the templates a mapping names: template_paths when it has any, else
// template_path, else nothing.
func namedTemplates(m map[string]any) []string {
	single, many := templateNames(m)
	if len(many) > 0 {
		return many
	}
	if single != "" {
		return []string{single}
	}
	return nil
}

func checkIntegrationPolicyTemplates(p *packages.Package) specerrors.ValidationErrors {
	if asString(p.Manifest["type"]) != "integration" {
		return nil
	}
	var errs specerrors.ValidationErrors
	for _, ds := range dataStreamManifests(p) {
		for _, s := range entries(ds.M["streams"]) {
			names := namedTemplates(s.M)
			if len(names) == 0 {
				if fieldScalar(s.M["package"]) != "" {
					continue
				}
				names = []string{"stream.yml.hbs"}
			}
			for _, name := range names {
				if !findTemplate(p, "data_stream/"+ds.Name+"/agent/stream", name) {
					errs = append(errs, fieldError(p, ds.File, field("streams", s.Index),
						"data stream %q stream input %q: template file not found (no file of agent/stream ends with %s)",
						"data_stream/"+ds.Name, asString(s.M["input"]), name))
					break
				}
			}
		}
	}
	for _, pt := range policyTemplates(p) {
	inputs:
		for _, in := range entries(pt.M["inputs"]) {
			for _, name := range namedTemplates(in.M) {
				if !findTemplate(p, "agent/input", name) {
					errs = append(errs, fieldError(p, "manifest.yml", field("policy_templates", pt.Index, "inputs", in.Index),
						"policy template %q: failed validation for policy input %q: template file not found (%s is not in agent/input)",
						pt.Name, asString(in.M["type"]), name))
					break inputs
				}
			}
		}
	}
	return errs
}
