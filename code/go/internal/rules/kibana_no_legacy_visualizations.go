package rules

import (
	"fmt"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Packages must not ship legacy visualizations (aggregation-based, TSVB, Timelion...), neither
// as visualization saved objects nor embedded by value in dashboards.
func init() {
	Register(Rule{Name: "kibana_no_legacy_visualizations", Since: "3.0.0",
		Types: []string{"integration", "content"}, Check: checkKibanaNoLegacyVisualizations})
}

func kbnLegacyLabel(v kbnVis) string {
	return fmt.Sprintf("%q (%s, %s)", v.title(), v.kind(), v.editor())
}

func checkKibanaNoLegacyVisualizations(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, o := range kbnObjects(p, "visualization") {
		if o.Doc == nil {
			continue
		}
		t, ok := o.Doc["type"].(string)
		if !ok {
			continue
		}
		v := newKbnVis(o.Doc, t)
		if v.legacy() {
			line, col := kbnPosition(p, o.File, "attributes")
			errs = append(errs, specerrors.New(o.File, "legacy visualization %s: use Lens or another current editor instead", kbnLegacyLabel(v)).At(line, col))
		}
	}
	for _, o := range kbnObjects(p, "dashboard") {
		if o.Doc == nil {
			continue
		}
		panels, ok := kbnByValuePanels(o.Doc)
		if !ok {
			line, col := kbnPosition(p, o.File, "attributes")
			errs = append(errs, specerrors.New(o.File, "cannot read the panels of the dashboard (attributes.panelsJSON)").At(line, col))
			continue
		}
		title, _ := kbnString(o.Doc, "attributes.title")
		var legacy []string
		for _, v := range panels {
			if v.legacy() {
				legacy = append(legacy, kbnLegacyLabel(v))
			}
		}
		if len(legacy) == 0 {
			continue
		}
		line, col := kbnPosition(p, o.File, "attributes.panelsJSON")
		for _, l := range legacy {
			e := specerrors.New(o.File, "dashboard %q embeds legacy visualization %s", title, l).At(line, col)
			e.Field = "attributes.panelsJSON"
			errs = append(errs, e)
		}
	}
	return errs
}
