package rules

import (
	"fmt"
	"time"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Variables of type duration must hold Go durations in min_duration, max_duration and default,
// with 0 <= min_duration <= default <= max_duration. Vars are looked for in the package manifest
// (package, policy template and input vars) and in the streams of data stream manifests.
func init() {
	Register(Rule{Name: "duration_variables", Since: "3.5.0", Check: checkDurationVariables})
}

func checkDurationVariables(p *packages.Package) specerrors.ValidationErrors {
	vars := append(manifestVars(p), streamVars(p)...)
	var errs specerrors.ValidationErrors
	for _, v := range vars {
		if asString(v.M["type"]) != "duration" {
			continue
		}
		for _, problem := range durationProblems(v.M) {
			errs = append(errs, fieldError(p, v.File, field(v.Field, problem.key), "duration variable %q: %s", v.Name, problem.text))
		}
	}
	return errs
}

// durationProblem is one problem of a duration var: the key it concerns and what is wrong.
type durationProblem struct{ key, text string }

// durationProblems lists what is wrong with the bounds and default of a duration var.
func durationProblems(m map[string]any) []durationProblem {
	parse := func(key string) (time.Duration, bool, string) {
		raw, set := m[key]
		if !set || raw == nil {
			return 0, false, ""
		}
		s, ok := raw.(string)
		if !ok {
			return 0, false, fmt.Sprintf("%s must be a duration string such as \"30s\", not %s", key, valueWords(raw))
		}
		d, err := time.ParseDuration(s)
		if err != nil {
			return 0, false, fmt.Sprintf("invalid %s value %q: it is not a duration such as \"30s\", \"1m30s\" or \"2h\"", key, s)
		}
		return d, true, ""
	}
	min, hasMin, pMin := parse("min_duration")
	if pMin != "" {
		return []durationProblem{{"min_duration", pMin}}
	}
	if hasMin && min < 0 {
		return []durationProblem{{"min_duration", fmt.Sprintf("negative min_duration value %q", m["min_duration"])}}
	}
	def, hasDef, pDef := parse("default")
	if pDef != "" {
		return []durationProblem{{"default", pDef}}
	}
	max, hasMax, pMax := parse("max_duration")
	if pMax != "" {
		return []durationProblem{{"max_duration", pMax}}
	}
	var out []durationProblem
	if hasMin && hasDef && min > def {
		out = append(out, durationProblem{"min_duration", fmt.Sprintf("min_duration %q greater than default %q", m["min_duration"], m["default"])})
	}
	if hasDef && hasMax && def > max {
		out = append(out, durationProblem{"default", fmt.Sprintf("default %q greater than max_duration %q", m["default"], m["max_duration"])})
	}
	if hasMin && hasMax && min > max {
		out = append(out, durationProblem{"min_duration", fmt.Sprintf("min_duration %q greater than max_duration %q", m["min_duration"], m["max_duration"])})
	}
	return out
}
