package rules

import (
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKibanaObjectIDs(t *testing.T) {
	r := ruleByName(t, "kibana_object_ids")
	p := newPackage(t, map[string]string{
		"manifest.yml":                         "format_version: 3.0.0\nname: x\ntype: integration\n",
		"kibana/dashboard/x-good.json":         `{"id": "x-good", "type": "dashboard"}`,
		"kibana/dashboard/x-bad.json":          `{"id": "x-other", "type": "dashboard"}`,
		"kibana/search/x-number.json":          `{"id": 12, "type": "search"}`,
		"kibana/search/x-noid.json":            `{"type": "search"}`,
		"kibana/tag/x-twice.json.json":         `{"id": "x-twice", "type": "tag"}`,
		"kibana/security_rule/abc-1.json":      `{"id": "abc-1", "type": "security-rule", "attributes": {"rule_id": "abc"}}`,
		"kibana/security_rule/other-1.json":    `{"id": "other-1", "type": "security-rule", "attributes": {"rule_id": "abc"}}`,
		"kibana/security_rule/no-rule-id.json": `{"id": "no-rule-id", "type": "security-rule", "attributes": {}}`,
		"kibana/security_rule/z-null.json":     `{"id": "z-null", "type": "security-rule", "attributes": {"rule_id": null}}`,
		"kibana/visualization/not-json.json":   `{`,
		"kibana/visualization/not-object.json": `[1, 2]`,
		"kibana/visualization/x-more.json":     `{"id": "x-more"} {}`,
	})
	errs := r.Check(p)
	require.Equal(t, []string{
		`kibana/dashboard/x-bad.json: Kibana object id "x-other" does not match the file name (want "x-bad")`,
		`kibana/search/x-noid.json: Kibana object has no id, it should be "x-noid"`,
		`kibana/search/x-number.json: Kibana object id must be the string "x-number" (the file name), not the number 12`,
		`kibana/security_rule/no-rule-id.json: security rule has no attributes.rule_id`,
		`kibana/security_rule/other-1.json: Kibana object id "other-1" must start with its rule id "abc" (attributes.rule_id)`,
		`kibana/security_rule/z-null.json: the rule id (attributes.rule_id) must be a string, not null`,
		`kibana/visualization/not-json.json: cannot read the Kibana object: invalid JSON: the file ends before the JSON value does`,
		`kibana/visualization/not-object.json: a Kibana object file must hold a JSON object, not a list`,
		`kibana/visualization/x-more.json: cannot read the Kibana object: invalid JSON: unexpected content after the JSON value`,
	}, messages(errs))
	// Placed at the rule id.
	assert.Equal(t, [2]int{1, 59}, [2]int{errs[4].Line, errs[4].Column})
	assert.Equal(t, "id", errs[0].Field)
	assert.Equal(t, 1, errs[0].Line)

	assert.True(t, r.Applies("integration", semver.MustParse("1.0.0"), Legacy))
	assert.True(t, r.Applies("content", semver.MustParse("3.7.0"), Build))
	assert.False(t, r.Applies("input", semver.MustParse("3.7.0"), Legacy))
}

func TestKibanaObjectIDsNoKibanaFolder(t *testing.T) {
	p := newPackage(t, map[string]string{"manifest.yml": "format_version: 3.0.0\nname: x\n"})
	assert.Empty(t, ruleByName(t, "kibana_object_ids").Check(p))
}
