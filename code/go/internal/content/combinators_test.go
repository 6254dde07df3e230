package content

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xeipuuv/gojsonschema"
)

// The errors that only say a oneOf or anyOf failed are never reported, as in the reference: a
// value matching several oneOf branches is accepted, and a value matching none is reported
// through the errors of its closest branch.
func TestCombinatorSummariesDropped(t *testing.T) {
	schema, err := gojsonschema.NewSchema(gojsonschema.NewStringLoader(`{
		"type": "object",
		"properties": {
			"one": {"type": "object", "oneOf": [{"required": ["a"]}, {"required": ["b"]}]},
			"any": {"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 10}]}
		}
	}`))
	require.NoError(t, err)
	types := func(v map[string]any) []string {
		raw, ok := jsonNumbers(v)
		require.True(t, ok)
		found, err := validateValue(schema, raw)
		require.NoError(t, err)
		var out []string
		for _, e := range found {
			out = append(out, e.field+" "+e.typ)
		}
		return out
	}
	// Both oneOf branches match: the reference gives no error, and neither does this.
	assert.Empty(t, types(map[string]any{"one": map[string]any{"a": 1, "b": 2}}))
	// No oneOf branch matches: only the missing property of the closest branch.
	assert.Equal(t, []string{"one required"}, types(map[string]any{"one": map[string]any{}}))
	// No anyOf branch matches: the errors of the closest branch, not the summary.
	got := types(map[string]any{"any": int64(3)})
	require.NotEmpty(t, got)
	assert.NotContains(t, got, "any number_any_of")
	assert.Empty(t, types(map[string]any{"one": map[string]any{"a": 1}, "any": "x"}))
}
