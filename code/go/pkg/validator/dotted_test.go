package validator

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// compiled compiles a schema of FileSchema with another JSON Schema implementation than the
// validator's, as an editor would.
func compiled(t *testing.T, doc map[string]any) *jsonschema.Schema {
	t.Helper()
	b, err := json.Marshal(doc)
	require.NoError(t, err)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource("schema.json", inst))
	s, err := c.Compile("schema.json")
	require.NoError(t, err)
	return s
}

func TestFileSchemaAcceptsDottedKeysBefore3(t *testing.T) {
	manifest := "format_version: 2.3.0\nname: x\ntitle: X\nversion: 1.0.0\ndescription: d\ntype: integration\n" +
		"owner.github: a/b\nconditions.kibana.version: ^8.0.0\n"
	check := func(s *jsonschema.Schema, doc string) error {
		var v any
		require.NoError(t, yaml.Unmarshal([]byte(doc), &v))
		b, err := json.Marshal(v)
		require.NoError(t, err)
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		require.NoError(t, err)
		return s.Validate(inst)
	}
	// The validator accepts the manifest's dotted keys.
	res := ValidateFS(fstest.MapFS{"manifest.yml": {Data: []byte(manifest)}}, "x", Options{})
	for _, e := range res.Errors {
		assert.NotEqual(t, "manifest.yml", e.File, e.Error())
	}

	doc, err := FileSchema("integration", "2.3.0", "manifest.yml")
	require.NoError(t, err)
	s := compiled(t, doc)
	assert.NoError(t, check(s, manifest))
	assert.Error(t, check(s, manifest+"conditions.kibana.versio: ^8.0.0\n"))
	assert.Error(t, check(s, manifest+"conditions.kibana.version.x: 1\n"))
	assert.Error(t, check(s, strings.Replace(manifest, "owner.github: a/b\n", "", 1)), "owner is still required")

	// From 3.0.0 on, the validator reads dotted keys as they are, and so does the schema.
	doc, err = FileSchema("integration", "3.0.0", "manifest.yml")
	require.NoError(t, err)
	assert.Error(t, check(compiled(t, doc), strings.Replace(manifest, "2.3.0", "3.0.0", 1)))
}
