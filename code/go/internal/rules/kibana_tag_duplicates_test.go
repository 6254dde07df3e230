package rules

import (
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

func TestKibanaTagDuplicates(t *testing.T) {
	r := ruleByName(t, "kibana_tag_duplicates")
	p := newPackage(t, map[string]string{
		"manifest.yml": "format_version: 3.3.0\nname: x\ntype: integration\n",
		"kibana/tags.yml": `
- text: Security
  asset_types: [dashboard]
- text: Network
  asset_types: [dashboard]
- text: Security
  asset_ids: [x-1]
`,
		"kibana/tag/x-a.json":    `{"id": "x-a", "type": "tag", "attributes": {"name": "Apache"}}`,
		"kibana/tag/x-b.json":    `{"id": "x-b", "type": "tag", "attributes": {"name": "Apache"}}`,
		"kibana/tag/x-c.json":    `{"id": "x-c", "type": "tag", "attributes": {"name": "Network"}}`,
		"kibana/tag/x-d.json":    `{"id": "x-d", "type": "dashboard", "attributes": {"name": "Apache"}}`,
		"kibana/tag/x-e.json":    `{"id": "x-e", "type": "tag", "attributes": {"name": "Other"}}`,
		"kibana/tag/not-json.md": `Apache`,
	})
	errs := r.Check(p)
	require.Equal(t, []string{
		`kibana/tags.yml: tag name "Security" is defined more than once`,
		`kibana/tag/x-b.json: tag name "Apache" is already used by another tag object of the package`,
		`kibana/tag/x-c.json: tag name "Network" is already defined in kibana/tags.yml`,
	}, messages(errs))
	for _, e := range errs {
		assert.Equal(t, specerrors.CodeKibanaTagDuplicates, e.Code)
	}
	assert.Equal(t, 5, errs[0].Line)
	assert.Equal(t, "2.text", errs[0].Field)
	assert.True(t, r.Applies("integration", semver.MustParse("1.0.0"), Legacy))
	assert.True(t, r.Applies("content", semver.MustParse("3.7.0"), Legacy))
}

func TestKibanaTagDuplicatesNone(t *testing.T) {
	p := newPackage(t, map[string]string{
		"manifest.yml":        "format_version: 3.3.0\nname: x\n",
		"kibana/tags.yml":     "- text: A\n- text: B\n",
		"kibana/tag/x-a.json": `{"id": "x-a", "type": "tag", "attributes": {"name": "C"}}`,
	})
	assert.Empty(t, ruleByName(t, "kibana_tag_duplicates").Check(p))
	// Odd shapes do not make the rule fail.
	p = newPackage(t, map[string]string{
		"manifest.yml":        "format_version: 3.3.0\nname: x\n",
		"kibana/tags.yml":     "text: A\n",
		"kibana/tag/x-a.json": `["tag"]`,
	})
	assert.Empty(t, ruleByName(t, "kibana_tag_duplicates").Check(p))
}

// Tag objects without a name say so instead of quoting an empty name.
func TestKibanaTagDuplicatesEmptyName(t *testing.T) {
	expectOne(t, runRule(t, "kibana_tag_duplicates", map[string]string{
		"manifest.yml":        "format_version: 3.3.0\nname: x\ntype: integration\n",
		"kibana/tag/x-a.json": `{"id": "x-a", "type": "tag", "attributes": {}}`,
		"kibana/tag/x-b.json": `{"id": "x-b", "type": "tag", "attributes": {"name": ""}}`,
	}), "kibana/tag/x-b.json", "an empty tag name is already used by another tag object of the package")
}
