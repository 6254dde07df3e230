package rules

import (
	"fmt"
	"strings"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Dashboards should embed their visualizations, Lens panels and maps by value rather than
// refer to separate saved objects. Before format 3.0.0 this is only a warning.
func init() {
	types := []string{"integration", "content"}
	Register(Rule{Name: "kibana_visualizations_by_value", Since: "3.0.0", Types: types,
		Check: func(p *packages.Package) specerrors.ValidationErrors {
			return checkKibanaVisualizationsByValue(p, false)
		}})
	Register(Rule{Name: "kibana_visualizations_by_value_warning", Until: "3.0.0", Types: types,
		Check: func(p *packages.Package) specerrors.ValidationErrors {
			return checkKibanaVisualizationsByValue(p, true)
		}})
}

// kbnByValueTypes are the reference types that should have been embedded by value.
var kbnByValueTypes = map[string]bool{"visualization": true, "lens": true, "map": true}

func checkKibanaVisualizationsByValue(p *packages.Package, warn bool) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, o := range kbnObjects(p, "dashboard") {
		if o.Doc == nil {
			continue
		}
		raw, present := o.Doc["references"]
		if !present {
			continue
		}
		refs, ok := kbnReferences(o.Doc)
		if !ok || raw == nil {
			// As in the reference, references that are not a list of objects (null included) are
			// an error, at every version.
			what := valueWords(raw)
			if _, isList := raw.([]any); isList {
				what = "a list holding other values"
			}
			errs = append(errs, fieldError(p, o.File, "references", "dashboard references must be a list of objects, not %s", what))
			continue
		}
		var found []string
		first := -1
		for _, r := range refs {
			if kbnByValueTypes[r.Type] {
				found = append(found, fmt.Sprintf("%s (%s)", r.ID, r.Type))
				if first < 0 {
					first = r.Index
				}
			}
		}
		if len(found) == 0 {
			continue
		}
		e := fieldError(p, o.File, field("references", first), "dashboard refers to visualizations instead of embedding them by value: %s",
			strings.Join(found, ", ")).WithCode(specerrors.CodeVisualizationByValue)
		if warn {
			e = e.AsWarning()
		}
		errs = append(errs, e)
	}
	return errs
}
