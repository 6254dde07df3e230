package rules

import (
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKibanaNoLegacyVisualizations(t *testing.T) {
	r := ruleByName(t, "kibana_no_legacy_visualizations")
	vis := func(typ, params string) string {
		return `{"type": "visualization", "title": "` + typ + `", "embeddableConfig": {"savedVis": {"type": "` + typ + `", "params": ` + params + `}}}`
	}
	panels := `[` + vis("markdown", `{}`) + `,` + vis("vega", `{}`) + `,` + vis("input_control_vis", `{}`) + `,` +
		vis("metrics", `{"type": "markdown"}`) + `,` + kbnLensNoFilter + `,` +
		vis("metrics", `{"type": "gauge"}`) + `,` + vis("table", `{}`) + `,` + vis("timelion", `{}`) + `]`
	p := newPackage(t, map[string]string{
		"manifest.yml":              "format_version: 3.0.0\nname: x\ntype: integration\n",
		"kibana/dashboard/x-1.json": kbnDashboard("x-1", kbnSearchFilter, panels),
		"kibana/dashboard/x-2.json": kbnDashboard("x-2", kbnSearchFilter, `"[`+`{\"type\":\"lens\",\"embeddableConfig\":{\"attributes\":{}}}`+`]"`),
		// An untitled dashboard with an untitled heatmap, and a titled panel whose type is unknown.
		"kibana/dashboard/x-3.json": `{"id": "x-3", "type": "dashboard", "attributes": {"panelsJSON": [
  {"type": "visualization", "embeddableConfig": {"savedVis": {"type": "heatmap", "params": {}}}},
  {"type": "visualization", "title": "CPU", "embeddableConfig": {"savedVis": {"params": {}}}}]}}`,
		// A saved visualization object with its state encoded, as exported by Kibana.
		"kibana/visualization/x-pie.json": `{"id": "x-pie", "type": "visualization",
  "attributes": {"title": "Pie", "visState": "{\"type\":\"pie\",\"params\":{}}"}}`,
		"kibana/visualization/x-untitled.json": `{"id": "x-untitled", "type": "visualization",
  "attributes": {"visState": {"type": "area"}}}`,
		"kibana/visualization/x-md.json": `{"id": "x-md", "type": "visualization",
  "attributes": {"title": "Text", "visState": {"type": "markdown"}}}`,
	})
	errs := r.Check(p)
	require.Equal(t, []string{
		`kibana/visualization/x-pie.json: legacy visualization "Pie" (pie, Aggs-based): use Lens or another current editor instead`,
		`kibana/visualization/x-untitled.json: an untitled legacy visualization (area, Aggs-based): use Lens or another current editor instead`,
		`kibana/dashboard/x-1.json: dashboard "T" embeds legacy visualization "metrics" (gauge, TSVB)`,
		`kibana/dashboard/x-1.json: dashboard "T" embeds legacy visualization "table" (table, Aggs-based)`,
		`kibana/dashboard/x-1.json: dashboard "T" embeds legacy visualization "timelion" (timelion, Timelion)`,
		`kibana/dashboard/x-3.json: the untitled dashboard embeds an untitled legacy visualization (heatmap, Aggs-based)`,
		`kibana/dashboard/x-3.json: the untitled dashboard embeds legacy visualization "CPU" (Aggs-based)`,
	}, messages(errs))
	assert.Equal(t, "attributes.panelsJSON", errs[2].Field)
	assert.Equal(t, 3, errs[2].Line)

	assert.False(t, r.Applies("integration", semver.MustParse("2.99.0"), Legacy))
	assert.True(t, r.Applies("content", semver.MustParse("3.0.0"), Legacy))
	assert.False(t, r.Applies("input", semver.MustParse("3.0.0"), Legacy))
}

func TestKibanaNoLegacyVisualizationsPass(t *testing.T) {
	files := func(fv, panel string) map[string]string {
		return map[string]string{
			"manifest.yml":              "format_version: " + fv + "\nname: x\ntype: integration\nversion: 1.0.0\n",
			"kibana/dashboard/x-1.json": kbnDashboard("x-1", kbnSearchFilter, `[`+panel+`]`),
		}
	}
	expectPass(t, "kibana_no_legacy_visualizations", Legacy, files("3.0.0", kbnLensNoFilter+`,`+kbnMarkdown))
	// Checked from 3.0.0 on: a legacy table passes just before.
	table := `{"type": "visualization", "title": "T", "embeddableConfig": {"savedVis": {"type": "table", "params": {}}}}`
	expectNone(t, runSelected(t, "kibana_no_legacy_visualizations", files("2.99.0", table)))
	expectOne(t, runSelected(t, "kibana_no_legacy_visualizations", files("3.0.0", table)), "kibana/dashboard/x-1.json", "")
}
