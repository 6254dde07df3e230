package rules

import (
	"fmt"
	"strings"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Packages must not ship legacy visualizations (aggregation-based, TSVB, Timelion...), neither
// as visualization saved objects nor embedded by value in dashboards.
func init() {
	Register(Rule{Name: "kibana_no_legacy_visualizations", Since: "3.0.0",
		Types: []string{"integration", "content"}, Check: checkKibanaNoLegacyVisualizations})
}

// kbnLegacyLabel names a legacy visualization for a message: `legacy visualization "CPU" (table,
// Aggs-based)`, or `an untitled legacy visualization (heatmap, Aggs-based)`. What is unknown (an
// empty title, type or editor) is left out.
func kbnLegacyLabel(v kbnVis) string {
	label := "an untitled legacy visualization"
	if t := v.title(); t != "" {
		label = fmt.Sprintf("legacy visualization %q", t)
	}
	var details []string
	for _, d := range []string{v.kind(), v.editor()} {
		if d != "" {
			details = append(details, d)
		}
	}
	if len(details) > 0 {
		label += " (" + strings.Join(details, ", ") + ")"
	}
	return label
}

// kbnDashboardLabel names a dashboard for a message, by its title when it has one.
func kbnDashboardLabel(title string) string {
	if title == "" {
		return "the untitled dashboard"
	}
	return fmt.Sprintf("dashboard %q", title)
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
			errs = append(errs, specerrors.New(o.File, "%s: use Lens or another current editor instead", kbnLegacyLabel(v)).At(line, col))
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
			e := specerrors.New(o.File, "%s embeds %s", kbnDashboardLabel(title), l).At(line, col)
			e.Field = "attributes.panelsJSON"
			errs = append(errs, e)
		}
	}
	return errs
}
