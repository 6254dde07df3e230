package rules

import (
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// kbnDashboard builds a dashboard object with the given search source and panels (JSON).
func kbnDashboard(id, search, panels string) string {
	return `{"id": "` + id + `", "type": "dashboard", "attributes": {"title": "T",
  "kibanaSavedObjectMeta": {"searchSourceJSON": ` + search + `},
  "panelsJSON": ` + panels + `}}`
}

const (
	kbnLensNoFilter   = `{"type": "lens", "embeddableConfig": {"attributes": {"state": {"query": {"query": ""}, "filters": []}}}}`
	kbnLensFilter     = `{"type": "lens", "embeddableConfig": {"attributes": {"state": {"query": {"query": ""}, "filters": [{"meta": {}}]}}}}`
	kbnLensQuery      = `{"type": "lens", "embeddableConfig": {"attributes": {"state": {"query": {"query": "data_stream.dataset: x.log"}}}}}`
	kbnLensESQL       = `{"type": "lens", "embeddableConfig": {"attributes": {"state": {"query": {"esql": "FROM logs-x.log-*"}, "filters": []}}}}`
	kbnPanelESQL      = `{"type": "lens", "embeddableConfig": {"query": {"esql": "FROM logs-x.log-*"}, "attributes": {"state": {"query": {"query": ""}}}}}`
	kbnPanelESQLNull  = `{"type": "lens", "embeddableConfig": {"attributes": {"state": {"query": {"esql": null}}}}}`
	kbnMarkdown       = `{"type": "visualization", "embeddableConfig": {"savedVis": {"type": "markdown", "title": "M"}}}`
	kbnByRefPanel     = `{"panelRefName": "panel_0"}`
	kbnSearchNoFilter = `{"filter": [], "query": {"language": "kuery", "query": ""}}`
	kbnSearchFilter   = `{"filter": [{"meta": {"key": "data_stream.dataset"}}], "query": {"query": ""}}`
	kbnSearchQuery    = `{"filter": [], "query": {"language": "kuery", "query": "data_stream.dataset: x.log"}}`
)

func TestKibanaFilterPresent(t *testing.T) {
	r := ruleByName(t, "kibana_filter_present")
	p := newPackage(t, map[string]string{
		"manifest.yml": "format_version: 3.0.0\nname: x\ntype: integration\n",
		// Passing: the dashboard filters.
		"kibana/dashboard/x-1.json": kbnDashboard("x-1", kbnSearchFilter, `[`+kbnLensNoFilter+`]`),
		// Passing: as a built package has it, everything encoded.
		"kibana/dashboard/x-2.json": kbnDashboard("x-2", `"{\"filter\":[{\"meta\":{}}]}"`, `"[]"`),
		// Passing: every panel that queries data narrows it; markdown needs nothing.
		"kibana/dashboard/x-3.json": kbnDashboard("x-3", kbnSearchNoFilter, `[`+kbnLensFilter+`,`+kbnLensQuery+`,`+kbnMarkdown+`,`+kbnLensESQL+`]`),
		// Passing: no by-value panel at all.
		"kibana/dashboard/x-4.json": kbnDashboard("x-4", kbnSearchNoFilter, `[`+kbnByRefPanel+`]`),
		// Failing: nothing filters.
		"kibana/dashboard/x-5.json": kbnDashboard("x-5", kbnSearchNoFilter, `[`+kbnLensFilter+`,`+kbnLensNoFilter+`]`),
		// Failing: a query but no filter (encoded).
		"kibana/dashboard/x-6.json": kbnDashboard("x-6", `"{\"filter\":[],\"query\":{\"query\":\"a: b\"}}"`, `"[`+`{\"type\":\"lens\",\"embeddableConfig\":{\"attributes\":{}}}`+`]"`),
		// Failing: panels unreadable and no search source.
		"kibana/dashboard/x-7.json": `{"id": "x-7", "type": "dashboard", "attributes": {"title": "T"}}`,
		// Not a dashboard folder: ignored.
		"kibana/lens/x-8.json": `{"id": "x-8", "type": "lens"}`,
		// Passing: ES|QL panels, known by an esql key in the panel's own query, whatever its value.
		"kibana/dashboard/y-1.json": kbnDashboard("y-1", kbnSearchNoFilter, `[`+kbnPanelESQL+`,`+kbnPanelESQLNull+`]`),
		// Failing: filters are there, but a query that is not text spoils the search source.
		"kibana/dashboard/y-2.json": kbnDashboard("y-2", `{"filter": [{"meta": {}}], "query": {"query": {"match_all": {}}}}`, `[`+kbnLensNoFilter+`]`),
	})
	errs := r.Check(p)
	require.Equal(t, []string{
		"kibana/dashboard/x-5.json: dashboard must filter its data: it has no filter, and at least one of its panels has no filter",
		"kibana/dashboard/x-6.json: dashboard must filter its data: it has a query but no filter, and at least one of its panels has no filter",
		"kibana/dashboard/x-7.json: dashboard must filter its data: it has no attributes.kibanaSavedObjectMeta.searchSourceJSON, and its panels cannot be read",
		"kibana/dashboard/y-2.json: dashboard must filter its data: its searchSourceJSON cannot be read, and at least one of its panels has no filter",
	}, messages(errs))
	assert.Equal(t, specerrors.CodeDashboardWithoutFilter, errs[0].Code)
	assert.Equal(t, specerrors.CodeDashboardWithQueryButNoFilter, errs[1].Code)
	assert.Equal(t, specerrors.CodeDashboardWithoutFilter, errs[2].Code)
	assert.Equal(t, 2, errs[0].Line)

	assert.False(t, r.Applies("integration", semver.MustParse("2.13.0"), Legacy))
	assert.True(t, r.Applies("integration", semver.MustParse("3.0.0"), Legacy))
	assert.True(t, r.Applies("content", semver.MustParse("3.4.0"), Source))
}

func TestKibanaFilterPresentPass(t *testing.T) {
	files := func(fv, search string) map[string]string {
		return map[string]string{
			"manifest.yml":              "format_version: " + fv + "\nname: x\ntype: integration\nversion: 1.0.0\n",
			"kibana/dashboard/x-1.json": kbnDashboard("x-1", search, `[`+kbnLensNoFilter+`]`),
		}
	}
	expectPass(t, "kibana_filter_present", Legacy, files("3.0.0", kbnSearchFilter))
	// Checked from 3.0.0 on: the same dashboard without filter passes just before.
	expectNone(t, runSelected(t, "kibana_filter_present", files("2.13.0", kbnSearchNoFilter)))
	expectOne(t, runSelected(t, "kibana_filter_present", files("3.0.0", kbnSearchNoFilter)), "kibana/dashboard/x-1.json", "")
}

// A map panel narrows its data by the query or the filters of its mapStateJSON.
func TestKibanaFilterPresentMaps(t *testing.T) {
	mapPanel := func(state string) string {
		return `{"type": "map", "embeddableConfig": {"attributes": {"mapStateJSON": ` + state + `}}}`
	}
	for state, filtered := range map[string]bool{
		`"{\"query\":{\"query\":\"*\"},\"filters\":[]}"`:             true,
		`"{\"query\":{\"query\":\"\"},\"filters\":[{\"meta\":{}}]}"`: true,
		`"{\"query\":{\"query\":\"\"},\"filters\":[]}"`:              false,
		`{"query": {"query": "event.dataset: x"}, "filters": []}`:    true,
	} {
		errs := checkRule(t, "kibana_filter_present", map[string]string{
			"manifest.yml":              "format_version: 3.0.0\nname: x\ntype: integration\nversion: 1.0.0\n",
			"kibana/dashboard/x-1.json": kbnDashboard("x-1", kbnSearchNoFilter, `[`+mapPanel(state)+`]`),
		})
		if filtered != (len(errs) == 0) {
			t.Errorf("map state %s: got %q", state, messages(errs))
		}
	}
}
