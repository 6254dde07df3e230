package content

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xeipuuv/gojsonschema"
)

func TestJSONNumbers(t *testing.T) {
	strings := map[string]any{"a": "x", "b": []any{"y", true, nil}}
	v := map[string]any{
		"int":     int64(3),
		"float":   2.5,
		"big":     uint64(math.MaxUint64),
		"nested":  []any{map[string]any{"n": 1}},
		"strings": strings,
	}
	got, ok := jsonNumbers(v)
	require.True(t, ok)
	m := got.(map[string]any)
	assert.Equal(t, json.Number("3"), m["int"])
	assert.Equal(t, json.Number("2.5"), m["float"])
	assert.Equal(t, json.Number("18446744073709551615"), m["big"])
	assert.Equal(t, json.Number("1"), m["nested"].([]any)[0].(map[string]any)["n"])
	assert.Equal(t, int64(3), v["int"], "the input is left as it was")
	assert.Equal(t, 1, v["nested"].([]any)[0].(map[string]any)["n"])
	m["strings"].(map[string]any)["probe"] = true
	assert.Equal(t, true, strings["probe"], "containers without numbers are shared, not copied")

	_, ok = jsonNumbers(map[string]any{"x": math.NaN()})
	assert.False(t, ok)
	_, ok = jsonNumbers(struct{}{})
	assert.False(t, ok)
}

func TestRawLoaderAgreesWithGoLoader(t *testing.T) {
	schema, err := gojsonschema.NewSchema(gojsonschema.NewStringLoader(`{
		"type": "object",
		"properties": {
			"n": {"type": "integer", "minimum": 2},
			"f": {"type": "number", "multipleOf": 0.5},
			"l": {"type": "array", "items": {"type": "string"}}
		},
		"additionalProperties": false
	}`))
	require.NoError(t, err)
	for _, v := range []map[string]any{
		{"n": int64(1), "f": 0.25, "l": []any{"a", int64(3)}},
		{"n": 2.0, "f": 1.5, "l": []any{}},
		{"n": 2.5, "x": nil},
	} {
		viaGo, err := schema.Validate(gojsonschema.NewGoLoader(v))
		require.NoError(t, err)
		raw, ok := jsonNumbers(v)
		require.True(t, ok)
		viaRaw, err := schema.Validate(gojsonschema.NewRawLoader(raw))
		require.NoError(t, err)
		assert.Equal(t, describe(viaGo), describe(viaRaw), "%v", v)
	}
}

func describe(r *gojsonschema.Result) []string {
	var out []string
	for _, e := range r.Errors() {
		out = append(out, e.String())
	}
	return out
}
