package registry

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

func TestCategoryTable(t *testing.T) {
	cats := Categories()
	for id, c := range cats {
		assert.Equal(t, id, c.ID)
		assert.NotEmpty(t, c.Title, id)
		if c.Parent != "" {
			parent, ok := cats[c.Parent]
			require.True(t, ok, "%s: unknown parent %s", id, c.Parent)
			assert.Empty(t, parent.Parent, "%s: subcategories have no subcategories", c.Parent)
		}
	}
	assert.Equal(t, Category{ID: "web", Title: "Web Server", Parent: "observability"}, cats["web"])
	assert.True(t, inCategory([]string{"web"}, "observability"))
	assert.False(t, inCategory([]string{"observability"}, "web"))
}

// The registry knows exactly the categories the spec allows in package manifests.
func TestCategoriesMatchTheSpec(t *testing.T) {
	version, err := validator.NewestSpecVersion()
	require.NoError(t, err)
	version, _, _ = strings.Cut(version, "-") // the released form of a version in development
	schema, err := validator.FileSchema("integration", version, "manifest.yml")
	require.NoError(t, err)
	var enum []string
	var find func(any)
	find = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if cats, ok := v["categories"].(map[string]any); ok && enum == nil {
				if items, ok := cats["items"].(map[string]any); ok {
					for _, e := range asList(items["enum"]) {
						enum = append(enum, e.(string))
					}
				}
			}
			for _, c := range v {
				find(c)
			}
		case []any:
			for _, c := range v {
				find(c)
			}
		}
	}
	find(schema)
	require.NotEmpty(t, enum, "no category enum found in the manifest schema")
	var ours []string
	for id := range Categories() {
		ours = append(ours, id)
	}
	sort.Strings(ours)
	enum = slices.Compact(slices.Sorted(slices.Values(enum)))
	assert.Equal(t, enum, ours)
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func TestIngestionMethods(t *testing.T) {
	assert.Equal(t, "File", ingestionMethods["logfile"])
	assert.Equal(t, "API", ingestionMethods["httpjson"])
	assert.Equal(t, "Network Protocol", ingestionMethods["udp"])
	assert.Empty(t, ingestionMethods["nothing"])
}
