package loader

import (
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xeipuuv/gojsonschema"
)

// find returns the entry at the slash-separated path of names or patterns below root.
func find(t *testing.T, root *Item, keys ...string) *Item {
	t.Helper()
	it := root
	for _, k := range keys {
		var next *Item
		for _, c := range it.Contents {
			if c.Name == k || c.Pattern == k {
				next = c
				break
			}
		}
		require.NotNil(t, next, "no entry %q", k)
		it = next
	}
	return it
}

// valid tells whether doc follows the schema of the entry at keys, at version v.
func valid(t *testing.T, typ, v string, doc any, keys ...string) bool {
	t.Helper()
	s, err := Load(typ, semver.MustParse(v))
	require.NoError(t, err)
	sch, err := find(t, s.Root, keys...).Schema.Compiled()
	require.NoError(t, err)
	res, err := sch.Validate(gojsonschema.NewGoLoader(doc))
	require.NoError(t, err)
	return res.Valid()
}

func manifest(extra map[string]any) map[string]any {
	m := map[string]any{
		"format_version": "3.0.0", "name": "sample", "title": "Sample", "description": "A sample.",
		"version": "1.0.0", "type": "integration", "owner": map[string]any{"github": "org/team", "type": "elastic"},
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// Fields the reference accepts at every version stay accepted below the version whose
// changelog mentions them; fields it gates are refused just below their version only.
func TestGatesAtVersionBoundaries(t *testing.T) {
	perm := []any{map[string]any{"provider": "aws"}}
	sections := []any{map[string]any{"name": "auth", "title": "Authentication"}}
	for _, v := range []string{"1.0.0", "3.0.0", "3.6.3", "3.6.4"} {
		assert.True(t, valid(t, "integration", v, manifest(map[string]any{"provider_permissions": perm}), "manifest.yml"), v)
		assert.True(t, valid(t, "integration", v, manifest(map[string]any{"sections": sections}), "manifest.yml"), v)
	}
	groups := []any{map[string]any{"name": "creds", "title": "Access", "selector_title": "Method",
		"options": []any{map[string]any{"name": "keys", "title": "Keys", "vars": []any{}}}}}
	assert.False(t, valid(t, "integration", "3.5.8", manifest(map[string]any{"var_groups": groups}), "manifest.yml"))
	assert.True(t, valid(t, "integration", "3.6.0", manifest(map[string]any{"var_groups": groups}), "manifest.yml"))

	semantic := []any{map[string]any{"name": "body", "type": "semantic_text", "inference_id": "e5"}}
	geo := []any{map[string]any{"name": "area", "type": "geo_shape"}}
	fields := []string{"fields", `^[a-z0-9][a-z0-9_-]+[a-z0-9]\.yml$`}
	assert.False(t, valid(t, "input", "3.6.6", semantic, fields...))
	assert.True(t, valid(t, "input", "3.7.0", semantic, fields...))
	assert.True(t, valid(t, "input", "1.0.0", geo, fields...))
	assert.True(t, valid(t, "input", "3.6.0", geo, fields...))
}

// Tree facts of the reference: where links may stand for files, which folders belong to
// source packages only, and limits that hold below the folder that sets them.
func TestTreeFacts(t *testing.T) {
	s, err := Load("integration", semver.MustParse("3.6.6"))
	require.NoError(t, err)
	ds := find(t, s.Root, "data_stream", `^([a-z0-9]{2}|[a-z0-9][a-z0-9_]+[a-z0-9])$`)
	assert.True(t, find(t, ds, "fields", `^[a-z0-9][a-z0-9_-]+[a-z0-9]\.yml$`).AllowLink)
	assert.True(t, find(t, ds, "agent", "stream", `^.+\.yml\.hbs$`).Required)
	assert.False(t, find(t, ds, "manifest.yml").AllowLink)
	test := find(t, ds, "test")
	assert.Empty(t, test.Contents)
	assert.False(t, test.AdditionalContents)
	assert.Equal(t, "source", find(t, s.Root, "_dev").ValidationMode)
	assert.NotZero(t, test.TotalContentsLimit)
	assert.Equal(t, ds.TotalContentsLimit, test.TotalContentsLimit)
	assert.Equal(t, s.Root.TotalSizeLimit, find(t, s.Root, "docs").TotalSizeLimit)
	assert.Nil(t, findOrNil(s.Root, "kibana", "security_ai_prompt"))

	in, err := Load("input", semver.MustParse("2.9.0"))
	require.NoError(t, err)
	assert.Nil(t, findOrNil(in.Root, "lifecycle.yml"))
	in, err = Load("input", semver.MustParse("2.10.0"))
	require.NoError(t, err)
	assert.NotNil(t, findOrNil(in.Root, "lifecycle.yml"))
	// The reference checks input packages' _dev/shared as an integration package.
	assert.True(t, find(t, in.Root, "_dev", "shared", "manifest.yml").Required)
}

func findOrNil(root *Item, keys ...string) *Item {
	it := root
	for _, k := range keys {
		var next *Item
		for _, c := range it.Contents {
			if c.Name == k || c.Pattern == k {
				next = c
			}
		}
		if next == nil {
			return nil
		}
		it = next
	}
	return it
}
