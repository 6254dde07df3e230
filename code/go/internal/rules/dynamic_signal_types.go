package rules

import (
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// dynamic_signal_types (the input decides its data types at run time) is only allowed with the
// otelcol input, and a policy template of an input package that uses it must not set a type.
// As in the reference, only packages whose manifest names their type (input or integration)
// are checked.
func init() {
	Register(Rule{Name: "dynamic_signal_types", Since: "3.6.0", Check: checkDynamicSignalTypes})
}

const otelcolInput = "otelcol"

func checkDynamicSignalTypes(p *packages.Package) specerrors.ValidationErrors {
	kind := asString(p.Manifest["type"])
	if kind != "input" && kind != "integration" {
		return nil
	}
	var errs specerrors.ValidationErrors
	for _, pt := range policyTemplates(p) {
		base := field("policy_templates", pt.Index)
		if kind == "input" {
			if !asBool(pt.M["dynamic_signal_types"]) {
				continue
			}
			if in := asString(pt.M["input"]); in != otelcolInput {
				errs = append(errs, fieldError(p, "manifest.yml", field(base, "dynamic_signal_types"),
					"policy template %q: dynamic_signal_types is only allowed when input is 'otelcol', got '%s'", pt.Name, in))
				continue
			}
			if fieldScalar(pt.M["type"]) != "" {
				errs = append(errs, fieldError(p, "manifest.yml", field(base, "type"),
					"policy template %q: type field must not be set when dynamic_signal_types is true", pt.Name))
			}
			continue
		}
		for _, in := range entries(pt.M["inputs"]) {
			if asBool(in.M["dynamic_signal_types"]) && asString(in.M["type"]) != otelcolInput {
				errs = append(errs, fieldError(p, "manifest.yml", field(base, "inputs", in.Index, "dynamic_signal_types"),
					"policy template %q: input type %q: dynamic_signal_types is only allowed when input is 'otelcol'", pt.Name, asString(in.M["type"])))
			}
		}
	}
	if kind != "integration" {
		return errs
	}
	for _, ds := range dataStreamManifests(p) {
		for _, s := range entries(ds.M["streams"]) {
			if asBool(s.M["dynamic_signal_types"]) && asString(s.M["input"]) != otelcolInput {
				errs = append(errs, fieldError(p, ds.File, field("streams", s.Index, "dynamic_signal_types"),
					"stream with input type %q: dynamic_signal_types is only allowed when input is 'otelcol'", asString(s.M["input"])))
			}
		}
	}
	return errs
}
