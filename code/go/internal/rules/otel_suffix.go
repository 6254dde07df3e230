package rules

import (
	"strconv"
	"strings"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// use_otel_suffix is for data streams that only ship mappings and pipelines: a data stream that
// sets it cannot have streams with an input (the otelcol input already adds the .otel suffix).
func init() {
	Register(Rule{Name: "otel_suffix", Types: []string{"integration"}, Check: checkOtelSuffix})
}

func checkOtelSuffix(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, ds := range dataStreamManifests(p) {
		if !asBool(ds.M["use_otel_suffix"]) {
			continue
		}
		var inputs []string
		for _, s := range entries(ds.M["streams"]) {
			if in := asString(s.M["input"]); in != "" {
				inputs = append(inputs, strconv.Quote(in))
			}
		}
		if len(inputs) == 0 {
			continue
		}
		errs = append(errs, fieldError(p, ds.File, "use_otel_suffix",
			"use_otel_suffix is only allowed on data streams without inputs (inputs defined: %s); a data stream with an input should use the otelcol input, which already adds the .otel suffix",
			strings.Join(inputs, ", ")).WithCode(specerrors.CodeUseOtelSuffixWithInput))
	}
	return errs
}
