package rules

import (
	"path"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Routing rules reroute documents from a data stream's dataset: the data stream must then name
// its dataset explicitly in its manifest. The error is placed in that manifest.
func init() {
	Register(Rule{Name: "routing_rules_dataset", Since: "2.9.0", Types: []string{"integration"}, Check: checkRoutingRulesDataset})
}

func checkRoutingRulesDataset(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, ds := range p.DataStreams() {
		rulesFile := fieldsExistingName(p, path.Join("data_stream", ds, "routing_rules.yml"))
		if len(asList(docValue(p, rulesFile))) == 0 {
			continue
		}
		m, file := dsManifest(p, ds)
		if fieldScalar(m["dataset"]) != "" {
			continue
		}
		// Placed in the data stream manifest, at its dataset or where it should be.
		errs = append(errs, valueError(p, file, "dataset", "routing rules defined in data stream %q but dataset field is missing: dataset field is required in manifest for data stream %q", ds, ds))
	}
	return errs
}
