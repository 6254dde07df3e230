package rules

import (
	"strconv"
	"strings"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Fleet gives two variable names a meaning of its own; packages may declare them only at stream
// level (the streams of data streams, or the policy templates of input packages), and only in
// the form Fleet expects:
//   - data_stream.dataset must be of type text;
//   - use_apm must be of type bool, on an otelcol input, for a traces data stream or with
//     dynamic_signal_types.
func init() {
	Register(Rule{Name: "fleet_reserved_vars", Since: "3.6.1", Types: []string{"integration", "input"}, Check: checkFleetReservedVars})
}

var fleetReservedVars = map[string]bool{"data_stream.dataset": true, "use_apm": true}

// reservedStream describes a stream-level scope where reserved vars may be declared.
type reservedStream struct {
	input, dataType string
	dynamic         bool
	context         string
}

func checkFleetReservedVars(p *packages.Package) specerrors.ValidationErrors {
	// As in the reference, only manifests that name their type (input or integration) are checked.
	kind := asString(p.Manifest["type"])
	if kind != "input" && kind != "integration" {
		return nil
	}
	var errs specerrors.ValidationErrors
	misplaced := func(vars []variable, context string) {
		for _, v := range vars {
			if fleetReservedVars[v.Name] {
				errs = append(errs, fieldError(p, v.File, v.Field,
					"%s: variable %q must only be declared at stream level", context, v.Name))
			}
		}
	}
	misplaced(varsAt("manifest.yml", "vars", p.Manifest["vars"]), "package root vars")
	for _, pt := range policyTemplates(p) {
		base := field("policy_templates", pt.Index)
		vars := varsAt("manifest.yml", field(base, "vars"), pt.M["vars"])
		if kind == "input" {
			s := reservedStream{input: asString(pt.M["input"]), dataType: asString(pt.M["type"]),
				dynamic: asBool(pt.M["dynamic_signal_types"]), context: "policy template \"" + pt.Name + "\""}
			errs = append(errs, checkReservedStreamVars(p, vars, s)...)
			continue
		}
		misplaced(vars, "policy template \""+pt.Name+"\" vars")
		for _, in := range entries(pt.M["inputs"]) {
			misplaced(varsAt("manifest.yml", field(base, "inputs", in.Index, "vars"), in.M["vars"]),
				"policy template \""+pt.Name+"\" "+inputLabel(asString(in.M["type"]))+" vars")
		}
	}
	if kind != "integration" {
		return errs
	}
	for _, ds := range dataStreamManifests(p) {
		for _, e := range entries(ds.M["streams"]) {
			s := reservedStream{input: asString(e.M["input"]), dataType: asString(ds.M["type"]),
				dynamic: asBool(e.M["dynamic_signal_types"]), context: streamLabel(asString(e.M["input"]))}
			errs = append(errs, checkReservedStreamVars(p, varsAt(ds.File, field("streams", e.Index, "vars"), e.M["vars"]), s)...)
		}
	}
	return errs
}

func checkReservedStreamVars(p *packages.Package, vars []variable, s reservedStream) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, v := range vars {
		typ := asString(v.M["type"])
		switch v.Name {
		case "data_stream.dataset":
			if typ != "text" {
				errs = append(errs, fieldError(p, v.File, v.Field, "%s: variable %q must be type \"text\", got %s", s.context, v.Name, quotedOr(typ, "no type")))
			}
		case "use_apm":
			if s.input != otelcolInput {
				errs = append(errs, fieldError(p, v.File, v.Field, "%s: variable %q must be \"otelcol\" input, got %s", s.context, v.Name, quotedOr(s.input, "no input")))
			}
			if typ != "bool" {
				errs = append(errs, fieldError(p, v.File, v.Field, "%s: variable %q must be type \"bool\", got %s", s.context, v.Name, quotedOr(typ, "no type")))
			}
			if s.dataType != "traces" && !s.dynamic {
				errs = append(errs, fieldError(p, v.File, v.Field,
					"%s: variable %q must be \"traces\" data stream type or \"dynamic_signal_types: true\", got %s", s.context, v.Name, quotedOr(s.dataType, "no data stream type", " data stream type")))
			}
		}
	}
	return errs
}

// quotedOr quotes s for a message, followed by suffix, or says none when s is empty.
func quotedOr(s, none string, suffix ...string) string {
	if s == "" {
		return none
	}
	return strconv.Quote(s) + strings.Join(suffix, "")
}

// inputLabel names an input by its type: `input "logfile"`, or "input without a type".
func inputLabel(typ string) string {
	if typ == "" {
		return "input without a type"
	}
	return "input " + strconv.Quote(typ)
}

// streamLabel names a stream by its input: `stream with input type "logfile"`, or "stream
// without an input".
func streamLabel(input string) string {
	if input == "" {
		return "stream without an input"
	}
	return "stream with input type " + strconv.Quote(input)
}
