package content_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/Masterminds/semver/v3"

	"github.com/pkgspec/pkgspec/code/go/internal/content"
	"github.com/pkgspec/pkgspec/code/go/internal/loader"
)

// manifestSchema returns the schema of manifest.yml for integration packages at version v.
func manifestSchema(t testing.TB, v string) *loader.Schema {
	t.Helper()
	spec, err := loader.Load("integration", semver.MustParse(v))
	if err != nil {
		t.Fatalf("loading spec %s: %v", v, err)
	}
	for _, it := range spec.Root.Contents {
		if it.Name == "manifest.yml" && it.Schema != nil {
			return it.Schema
		}
	}
	t.Fatalf("spec %s has no manifest.yml schema", v)
	return nil
}

// FuzzManifest parses arbitrary bytes as a manifest, as YAML and as JSON, and validates what
// parses against the manifest schema of a 2.x (dotted keys expanded) and a 3.x spec. Parsing
// must fail with a *content.SyntaxError or succeed with at least one document; nothing may
// panic, and every error must name the file.
func FuzzManifest(f *testing.F) {
	f.Add([]byte("format_version: 3.0.0\nname: x\ntitle: X\nversion: 1.0.0\ntype: integration\n"), false)
	f.Add([]byte("a: &a [1, 2]\nb: [*a, *a]\nc.d: {<<: {e: 1}}\n"), true)
	f.Add([]byte("- one\n- two\n"), false)
	f.Add([]byte("{\"format_version\": \"3.0.0\", \"name\": [1]}"), false)
	old := manifestSchema(f, "2.3.0")
	newer := manifestSchema(f, "3.3.0")
	f.Fuzz(func(t *testing.T, data []byte, expand bool) {
		doc, err := content.ParseYAML(data, expand)
		check(t, "YAML", doc, err)
		if err == nil {
			schema := newer
			if expand {
				schema = old
			}
			errs, _ := content.Validate(schema, doc, content.Context{File: "manifest.yml"})
			for _, e := range errs {
				if e.File != "manifest.yml" || e.Message == "" {
					t.Fatalf("schema error without file or message: %#v", e)
				}
			}
			for _, field := range []string{"", "name", "policy_templates.0.inputs.0", "a.b.c"} {
				doc.Position(0, field, true)
			}
		}
		jdoc, err := content.ParseJSON(data)
		check(t, "JSON", jdoc, err)
		if err == nil {
			jdoc.Position(0, "name", false)
		}
	})
}

func check(t *testing.T, what string, doc *content.Document, err error) {
	t.Helper()
	if err != nil {
		var se *content.SyntaxError
		if !errors.As(err, &se) {
			t.Fatalf("%s: error is not a SyntaxError: %T %v", what, err, err)
		}
		if !strings.HasPrefix(se.Msg, "invalid "+what) {
			t.Fatalf("%s: error does not say what is invalid: %q", what, se.Msg)
		}
		return
	}
	if doc == nil || len(doc.Values) == 0 {
		t.Fatalf("%s: parsed without error but without documents", what)
	}
}
