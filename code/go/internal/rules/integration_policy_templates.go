package rules

import (
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// The agent templates of an integration must exist. An input of a policy template that names
// template_path or template_paths finds them in agent/input. Otherwise the templates come from
// the streams of the data streams that use the input: a stream's template_path or
// template_paths (stream.yml.hbs by default) must match a file of the data stream's
// agent/stream folder. Inputs and streams that use an input package (`package`) take their
// templates from it.
func init() {
	Register(Rule{Name: "integration_policy_templates", Types: []string{"integration"}, Check: checkIntegrationPolicyTemplates})
}

func checkIntegrationPolicyTemplates(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	streamInputs := map[string]bool{} // input types whose templates come from streams
	for _, pt := range policyTemplates(p) {
		for _, in := range entries(pt.M["inputs"]) {
			inBase := field("policy_templates", pt.Index, "inputs", in.Index)
			typ := asString(in.M["type"])
			if typ == "" {
				// An input that uses an input package (`package`) takes its templates from it.
				continue
			}
			names := allTemplateNames(in.M)
			if len(names) == 0 {
				streamInputs[typ] = true
				continue
			}
			for _, name := range names {
				if !findTemplate(p, "agent/input", name) {
					errs = append(errs, fieldError(p, "manifest.yml", inBase,
						"policy template %q: failed validation for policy input %q: template file not found (%s is not in agent/input)", pt.Name, typ, name))
					break
				}
			}
		}
	}
	for _, ds := range dataStreamManifests(p) {
		for _, s := range entries(ds.M["streams"]) {
			input := asString(s.M["input"])
			if input == "" || !streamInputs[input] {
				continue
			}
			names := allTemplateNames(s.M)
			if len(names) == 0 {
				names = []string{"stream.yml.hbs"}
			}
			for _, name := range names {
				if !findTemplateTree(p, "data_stream/"+ds.Name+"/agent/stream", name) {
					errs = append(errs, fieldError(p, ds.File, field("streams", s.Index),
						"data stream %q stream input %q: template file not found (no file of agent/stream ends with %s)", "data_stream/"+ds.Name, input, name))
					break
				}
			}
		}
	}
	return errs
}
