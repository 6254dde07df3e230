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
	code, _, _ = runCLI("schema", "manifest.yml", "--spec-version", "0.1.0")
	assert.Equal(t, 2, code, "flags after the file are read too")
	code, after, _ := runCLI("schema", "manifest.yml", "--spec-version", "2.3.0")
	require.Equal(t, 0, code)
	_, before, _ := runCLI("schema", "--spec-version", "2.3.0", "manifest.yml")
	assert.Equal(t, before, after)
}

// TestPrintedSchemaAcceptsCorpusManifests checks, with an independent validator, that the
// manifest schema printed for a spec version accepts the valid 3.x manifests of the corpus
// written for that version, and rejects a broken one.
func TestPrintedSchemaAcceptsCorpusManifests(t *testing.T) {
	schemas := map[string]*jsonschema.Schema{}
	checked := 0
	for _, m := range validCorpusManifests(t) {
		if !strings.HasPrefix(m.head.FormatVersion, "3.") || (m.head.Type != "" && m.head.Type != "integration") {
			continue // before 3.0.0, dotted keys are read as nested objects, which no editor does
		}
		s := schemas[m.head.FormatVersion]
		if s == nil {
			code, out, stderr := runCLI("schema", "--spec-version", m.head.FormatVersion, "manifest.yml")
			require.Equal(t, 0, code, stderr)
			s = compileIndependent(t, out)
			schemas[m.head.FormatVersion] = s
		}
		assert.NoError(t, s.Validate(yamlAsJSON(t, m.file)), m.Path)
		checked++
	}
	require.Greater(t, checked, 20)
	for _, s := range schemas {
		assert.Error(t, s.Validate(map[string]any{"name": 42}))
		break
	}
}

// corpusManifest is the manifest of a package of the corpus.
type corpusManifest struct {
	Path string // the package, relative to the corpus
	file string
	raw  []byte
	head struct {
		FormatVersion string `yaml:"format_version"`
		Type          string `yaml:"type"`
	}
}

// validCorpusManifests reads the manifests of the packages of the corpus that the reference
// finds valid; the test is skipped without a corpus.
func validCorpusManifests(t *testing.T) []corpusManifest {
	t.Helper()
	corpus := corpusDir(t)
	data, err := os.ReadFile(filepath.Join(corpus, "expected.json"))
	require.NoError(t, err)
	var expected struct {
		Packages []struct {
			Path  string
			Valid bool
		}
	}
	require.NoError(t, json.Unmarshal(data, &expected))
	var out []corpusManifest
	for _, p := range expected.Packages {
		if !p.Valid {
			continue
		}
		m := corpusManifest{Path: p.Path, file: filepath.Join(corpus, p.Path, "manifest.yml")}
		m.raw, err = os.ReadFile(m.file)
		require.NoError(t, err)
		require.NoError(t, yaml.Unmarshal(m.raw, &m.head))
		out = append(out, m)
	}
	return out
}

// corpusDir returns the corpus of real packages kept beside the project (../shared/corpus), or
// the one PKGSPEC_CORPUS names; the test is skipped without one. Its files are read, never
// copied.
func corpusDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("PKGSPEC_CORPUS")
	if dir == "" {
		dir = "../../../../../shared/corpus"
	}
	if _, err := os.Stat(filepath.Join(dir, "expected.json")); err != nil {
		t.Skip("no ../shared/corpus beside the project (set PKGSPEC_CORPUS to use another)")
	}
	return dir
}

// TestPrintedSchemaAcceptsDottedKeys checks, with an independent validator, that the manifest
// schema printed for a spec version before 3.0.0 accepts every valid manifest of the corpus
// written for it (most from the package storage), dotted keys (conditions.kibana.version) included, as the validator
// does; and that it still refuses what the validator refuses.
func TestPrintedSchemaAcceptsDottedKeys(t *testing.T) {
	schemas := map[string]*jsonschema.Schema{}
	checked, dotted := 0, 0
	for _, m := range validCorpusManifests(t) {
		if strings.HasPrefix(m.head.FormatVersion, "3.") {
			continue
		}
		if m.head.Type == "" {
			m.head.Type = "integration"
		}
		key := m.head.Type + " " + m.head.FormatVersion
		s := schemas[key]
		if s == nil {
			code, out, stderr := runCLI("schema", "--type", m.head.Type, "--spec-version", m.head.FormatVersion, "manifest.yml")
			require.Equal(t, 0, code, stderr)
			s = compileIndependent(t, out)
			schemas[key] = s
		}
		assert.NoError(t, s.Validate(yamlAsJSON(t, m.file)), m.Path)
		checked++
		if strings.Contains(string(m.raw), "conditions.kibana.version") || strings.Contains(string(m.raw), "kibana.version:") {
			dotted++
		}
	}
	require.Greater(t, checked, 50)
	require.Greater(t, dotted, 20, "the storage writes conditions with dotted keys")

	// Still strict: unknown keys, dotted or not, and wrong values behind a dotted key.
	code, out, _ := runCLI("schema", "--spec-version", "1.0.0", "manifest.yml")
	require.Equal(t, 0, code)
	s := compileIndependent(t, out)
	base := "format_version: 1.0.0\nname: x\ntitle: X\nversion: 1.0.0\ndescription: d\ntype: integration\nrelease: ga\nowner:\n  github: a/b\n"
	valid := func(doc string) error { return s.Validate(yamlValue(t, doc)) }
	require.NoError(t, valid(base+"conditions.kibana.version: ^7.14.0\n"))
	require.NoError(t, valid(base+"conditions:\n  kibana.version: ^7.14.0\n"))
	assert.Error(t, valid(base+"conditions.kibana.versions: ^7.14.0\n"), "no such property")
	assert.Error(t, valid(base+"conditions.kibana.version: [1]\n"), "a list is not a version")
	assert.Error(t, valid(base+"color.red: 1\n"))
	noOwner := strings.Replace(base, "owner:\n  github: a/b\n", "", 1)
	assert.Error(t, valid(noOwner), "owner is required")
	require.NoError(t, valid(noOwner+"owner.github: a/b\n"), "owner given by a dotted key")
}

// yamlValue reads a YAML document as JSON values for the independent validator.
func yamlValue(t *testing.T, doc string) any {
	t.Helper()
	var v any
	require.NoError(t, yaml.Unmarshal([]byte(doc), &v))
	b, err := json.Marshal(v)
	require.NoError(t, err)
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	require.NoError(t, err)
	return out
}
