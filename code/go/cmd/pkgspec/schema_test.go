package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// compileIndependent compiles a schema printed by `pkgspec schema` with another JSON Schema
// implementation than the one the validator uses.
func compileIndependent(t *testing.T, printed string) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(printed))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource("schema.json", doc))
	s, err := c.Compile("schema.json")
	require.NoError(t, err)
	return s
}

func yamlAsJSON(t *testing.T, file string) any {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	var v any
	require.NoError(t, yaml.Unmarshal(data, &v))
	b, err := json.Marshal(v)
	require.NoError(t, err)
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	require.NoError(t, err)
	return out
}

func TestSchemaCommandErrors(t *testing.T) {
	code, _, _ := runCLI("schema")
	assert.Equal(t, 2, code)
	code, _, stderr := runCLI("schema", "no_such_file.txt")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "no_such_file.txt")
	code, _, _ = runCLI("schema", "--spec-version", "0.1.0", "manifest.yml")
	assert.Equal(t, 2, code)
}

// TestPrintedSchemaAcceptsCorpusManifests checks, with an independent validator, that the
// manifest schema printed for a spec version accepts the valid 3.x manifests of the corpus
// written for that version, and rejects a broken one.
func TestPrintedSchemaAcceptsCorpusManifests(t *testing.T) {
	data, err := os.ReadFile("../../../../../shared/corpus/expected.json")
	if err != nil {
		t.Skip("no ../shared/corpus beside the project")
	}
	var expected struct {
		Packages []struct {
			Path  string
			Valid bool
		}
	}
	require.NoError(t, json.Unmarshal(data, &expected))
	schemas := map[string]*jsonschema.Schema{}
	checked := 0
	for _, p := range expected.Packages {
		if !p.Valid {
			continue
		}
		file := filepath.Join("../../../../../shared/corpus", p.Path, "manifest.yml")
		raw, err := os.ReadFile(file)
		require.NoError(t, err)
		var head struct {
			FormatVersion string `yaml:"format_version"`
			Type          string `yaml:"type"`
		}
		require.NoError(t, yaml.Unmarshal(raw, &head))
		if !strings.HasPrefix(head.FormatVersion, "3.") || (head.Type != "" && head.Type != "integration") {
			continue // before 3.0.0, dotted keys are read as nested objects, which no editor does
		}
		s := schemas[head.FormatVersion]
		if s == nil {
			code, out, stderr := runCLI("schema", "--spec-version", head.FormatVersion, "manifest.yml")
			require.Equal(t, 0, code, stderr)
			s = compileIndependent(t, out)
			schemas[head.FormatVersion] = s
		}
		assert.NoError(t, s.Validate(yamlAsJSON(t, file)), p.Path)
		checked++
	}
	require.Greater(t, checked, 20)
	for _, s := range schemas {
		assert.Error(t, s.Validate(map[string]any{"name": 42}))
		break
	}
}
