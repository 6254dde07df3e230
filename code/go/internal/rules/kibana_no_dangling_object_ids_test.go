package rules

import (
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

func TestKibanaNoDanglingObjectIDs(t *testing.T) {
	r := ruleByName(t, "kibana_no_dangling_object_ids")
	p := newPackage(t, map[string]string{
		"manifest.yml": "format_version: 3.0.0\nname: x\ntype: integration\n",
		"kibana/dashboard/x-dash.json": `{
  "id": "x-dash",
  "type": "dashboard",
  "references": [
    {"id": "logs-*", "name": "a", "type": "index-pattern"},
    {"id": "x-search", "name": "b", "type": "search"},
    {"id": "x-missing", "name": "c", "type": "search"},
    {"id": "x-search", "name": "d", "type": "lens"},
    {"id": "x-tag", "name": "e", "type": "tag"},
    {"name": "f", "type": "search"},
    {"id": "x-search", "name": "g"},
    {"name": "h"}
  ]
}`,
		"kibana/search/x-search.json": `{"id": "x-search", "type": "search", "references": null}`,
		"kibana/tag/x-tag.json":       `{"id": "x-tag", "type": "tag", "attributes": {"name": "t"}}`,
		"kibana/lens/x-broken.json":   `{"id": "x-broken", "type": "lens", "references": {"id": "x"}}`,
		"kibana/map/x-notype.json":    `{"id": "x-notype"}`,
	})
	errs := r.Check(p)
	require.Equal(t, []string{
		"kibana/map/x-notype.json: Kibana object needs a string id and a string type to be referred to",
		`kibana/dashboard/x-dash.json: dangling reference to search "x-missing": the package has no such object`,
		`kibana/dashboard/x-dash.json: dangling reference to lens "x-search": the package has no such object`,
		`kibana/dashboard/x-dash.json: dangling reference to search without an id: the package has no such object`,
		`kibana/dashboard/x-dash.json: dangling reference to an object without a type, id "x-search": the package has no such object`,
		`kibana/dashboard/x-dash.json: dangling reference to an object without a type or id: the package has no such object`,
		"kibana/lens/x-broken.json: references must be a list of objects",
	}, messages(errs))
	assert.Equal(t, specerrors.CodeDanglingObjectIDs, errs[1].Code)
	assert.Equal(t, "references.2", errs[1].Field)
	assert.Equal(t, 7, errs[1].Line)

	assert.False(t, r.Applies("integration", semver.MustParse("2.99.0"), Legacy))
	assert.True(t, r.Applies("integration", semver.MustParse("3.0.0"), Legacy))
	assert.True(t, r.Applies("content", semver.MustParse("3.0.0"), Legacy))
}

func TestKibanaNoDanglingObjectIDsPass(t *testing.T) {
	files := func(fv, ref string) map[string]string {
		return map[string]string{
			"manifest.yml": "format_version: " + fv + "\nname: x\ntype: integration\nversion: 1.0.0\n",
			"kibana/dashboard/x-dash.json": `{"id": "x-dash", "type": "dashboard", "references": [
  {"id": "logs-*", "name": "a", "type": "index-pattern"},
  {"id": "` + ref + `", "name": "b", "type": "search"}]}`,
			"kibana/search/x-search.json": `{"id": "x-search", "type": "search"}`,
		}
	}
	expectPass(t, "kibana_no_dangling_object_ids", Legacy, files("3.0.0", "x-search"))
	// Checked from 3.0.0 on: a dangling reference passes just before.
	expectNone(t, runSelected(t, "kibana_no_dangling_object_ids", files("2.99.0", "x-gone")))
	expectOne(t, runSelected(t, "kibana_no_dangling_object_ids", files("3.0.0", "x-gone")), "kibana/dashboard/x-dash.json", "x-gone")
}

// A linked object is not one of the package's objects, as in the reference: a reference to it
// dangles.
func TestKibanaNoDanglingObjectIDsLinked(t *testing.T) {
	errs := checkRule(t, "kibana_no_dangling_object_ids", map[string]string{
		"manifest.yml":                "format_version: 3.0.0\nname: x\ntype: integration\nversion: 1.0.0\n",
		"kibana/dashboard/d-1.json":   `{"id": "d-1", "type": "dashboard", "references": [{"id": "s-1", "type": "search", "name": "p"}]}`,
		"kibana/search/s-1.json.link": "../../../shared/s-1.json 0000\n",
	})
	expectOne(t, messages(errs), "kibana/dashboard/d-1.json", `dangling reference to search "s-1"`)
}

// An input package admits any folder at its root, so nothing else reads its Kibana objects:
// this rule, which reads every kibana/*/*.json from 3.0.0 on, reports one whose id cannot be
// read. In an integration package kibana_object_ids reports it instead, once.
func TestKibanaNoDanglingObjectIDsUnreadableInInput(t *testing.T) {
	files := func(typ, fv string) map[string]string {
		return map[string]string{
			"manifest.yml":                   "format_version: " + fv + "\nname: x\ntype: " + typ + "\nversion: 1.0.0\n",
			"kibana/visualization/x-v.json":  `{"id": "x-v"`,
			"kibana/visualization/x-w.json":  `[]`,
			"kibana/visualization/x-ok.json": `{"id": "x-ok", "type": "visualization"}`,
		}
	}
	errs := runSelected(t, "kibana_no_dangling_object_ids", files("input", "3.0.0"))
	require.Len(t, errs, 2, "%q", errs)
	assert.Contains(t, errs[0], "kibana/visualization/x-v.json: cannot read the Kibana object")
	assert.Contains(t, errs[1], "kibana/visualization/x-w.json: a Kibana object file must hold a JSON object")
	expectNone(t, runSelected(t, "kibana_no_dangling_object_ids", files("input", "2.99.0")))
	expectNone(t, runSelected(t, "kibana_no_dangling_object_ids", files("integration", "3.0.0")))
}
