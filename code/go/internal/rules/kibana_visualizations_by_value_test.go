package rules

import (
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

func TestKibanaVisualizationsByValue(t *testing.T) {
	files := func(format string) map[string]string {
		return map[string]string{
			"manifest.yml": "format_version: " + format + "\nname: x\ntype: integration\n",
			"kibana/dashboard/x-1.json": `{"id": "x-1", "type": "dashboard",
  "references": [
    {"id": "logs-*", "name": "a", "type": "index-pattern"},
    {"id": "x-vis", "name": "panel_0", "type": "visualization"},
    {"id": "x-search", "name": "panel_1", "type": "search"},
    {"id": "x-lens", "name": "panel_2", "type": "lens"},
    {"id": "x-map", "name": "panel_3", "type": "map"}
  ]}`,
			"kibana/dashboard/x-2.json": `{"id": "x-2", "type": "dashboard", "references": [{"id": "x-search", "name": "s", "type": "search"}]}`,
			"kibana/dashboard/x-3.json": `{"id": "x-3", "type": "dashboard"}`,
		}
	}
	const want = "kibana/dashboard/x-1.json: dashboard refers to visualizations instead of embedding them by value: " +
		"x-vis (visualization), x-lens (lens), x-map (map)"

	// From 3.0.0 on, an error.
	r := ruleByName(t, "kibana_visualizations_by_value")
	errs := r.Check(newPackage(t, files("3.0.0")))
	require.Equal(t, []string{want}, messages(errs))
	assert.Equal(t, specerrors.CodeVisualizationByValue, errs[0].Code)
	assert.Equal(t, specerrors.Error, errs[0].Severity)
	assert.Equal(t, "references.1", errs[0].Field)
	assert.Equal(t, [2]int{4, 5}, [2]int{errs[0].Line, errs[0].Column}, "the first by-reference panel")
	assert.False(t, r.Applies("integration", semver.MustParse("2.12.0"), Legacy))
	assert.True(t, r.Applies("content", semver.MustParse("3.0.0"), Legacy))
	assert.False(t, r.Applies("input", semver.MustParse("3.0.0"), Legacy))

	// Before, a warning.
	w := ruleByName(t, "kibana_visualizations_by_value_warning")
	errs = w.Check(newPackage(t, files("2.12.0")))
	require.Equal(t, []string{want}, messages(errs))
	assert.Equal(t, specerrors.Warning, errs[0].Severity)
	assert.Equal(t, [2]int{4, 5}, [2]int{errs[0].Line, errs[0].Column}, "warnings are located too")
	assert.Equal(t, specerrors.CodeVisualizationByValue, errs[0].Code)
	assert.True(t, w.Applies("integration", semver.MustParse("2.12.0"), Legacy))
	assert.False(t, w.Applies("integration", semver.MustParse("3.0.0"), Legacy))
}

func TestKibanaVisualizationsByValuePass(t *testing.T) {
	files := func(fv string) map[string]string {
		return map[string]string{
			"manifest.yml":              "format_version: " + fv + "\nname: x\ntype: integration\nversion: 1.0.0\n",
			"kibana/dashboard/x-1.json": kbnDashboard("x-1", kbnSearchFilter, `[`+kbnLensNoFilter+`]`),
			"kibana/dashboard/x-2.json": `{"id": "x-2", "type": "dashboard", "references": [{"id": "x-search", "name": "s", "type": "search"}, {"id": "logs-*", "name": "i", "type": "index-pattern"}]}`,
		}
	}
	expectPass(t, "kibana_visualizations_by_value", Legacy, files("3.0.0"))
	expectPass(t, "kibana_visualizations_by_value_warning", Legacy, files("2.12.0"))
}

// References that are not a list of objects are an error at every version, not a warning.
func TestKibanaVisualizationsByValueBadReferences(t *testing.T) {
	for _, v := range []string{"2.10.0", "3.0.0"} {
		for refs, want := range map[string]string{"null": "not null", "[1]": "not a list holding other values", `"x"`: `not "x"`} {
			rule := "kibana_visualizations_by_value"
			if v == "2.10.0" {
				rule += "_warning"
			}
			errs := checkRule(t, rule, map[string]string{
				"manifest.yml":              "format_version: " + v + "\nname: x\nversion: 1.0.0\n",
				"kibana/dashboard/d-1.json": `{"id": "d-1", "type": "dashboard", "references": ` + refs + `}`,
			})
			expectOneAt(t, errs, "kibana/dashboard/d-1.json", 1, 36, "dashboard references must be a list of objects, "+want)
			if errs[0].Severity != specerrors.Error {
				t.Fatalf("%s: want an error, got %+v", v, errs[0])
			}
		}
	}
}
