package rules

import (
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// A time series data stream (index_mode: time_series) routes documents by their dimensions:
// without any dimension field it cannot be indexed.
func init() {
	Register(Rule{Name: "dimensions_present", Since: "3.0.1", Types: []string{"integration"}, Check: checkDimensionsPresent})
}

func checkDimensionsPresent(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, ds := range p.DataStreams() {
		m, file := dsManifest(p, ds)
		es, _ := m["elasticsearch"].(map[string]any)
		if mode, _ := es["index_mode"].(string); mode != "time_series" {
			continue
		}
		hasDimension := false
		for _, ff := range DataStreamFieldsFiles(p, ds) {
			for _, f := range ff.Fields {
				hasDimension = hasDimension || f.Dimension
			}
		}
		if hasDimension {
			continue
		}
		errs = append(errs, valueError(p, file, "elasticsearch.index_mode", "time series mode enabled but no dimensions configured"))
	}
	return errs
}
