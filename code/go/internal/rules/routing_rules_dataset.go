package rules

import (
	"path"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Routing rules reroute documents from a data stream's dataset: the data stream must then name
// its dataset explicitly in its manifest.
func init() {
	Register(Rule{Name: "routing_rules_dataset", Since: "2.9.0", Types: []string{"integration"}, Check: checkRoutingRulesDataset})
}

func checkRoutingRulesDataset(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, ds := range p.DataStreams() {
		rulesFile := fieldsExistingName(p, path.Join("data_stream", ds, "routing_rules.yml"))
		doc, err := p.Document(rulesFile)
		if err != nil || len(doc.Values) == 0 {
			continue
		}
		if list, ok := doc.Values[0].([]any); !ok || len(list) == 0 {
			continue
		}
		m, _ := dsManifest(p, ds)
		if dataset, _ := m["dataset"].(string); dataset != "" {
			continue
		}
		// The reference blames no file for this; the message names the data stream.
		errs = append(errs, specerrors.New("", "routing rules defined in data stream %q but dataset field is missing: dataset field is required in manifest for data stream %q", ds, ds))
	}
	return errs
}
