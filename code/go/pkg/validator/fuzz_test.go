package validator

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"
)

// FuzzValidateFS validates in-memory packages built from fuzz input: a valid package whose
// manifest is replaced (when the input gives one) and to which two files are added or
// replaced. Validation must not panic (the validator turns a panic into an "internal error"),
// must not give an input error, and must give the same result twice.
func FuzzValidateFS(f *testing.F) {
	base := basePackage(f)
	f.Add([]byte(nil), "data_stream/audit/fields/extra.yml", []byte("- name: a\n  type: keyword\n"), "docs/README.md", []byte("# x\n"))
	f.Add([]byte("format_version: 2.3.0\nname: x\ntype: input\nversion: 1.0.0\n"), "agent/input/input.yml.hbs", []byte("{{#if a}}x{{/if}}"), "fields/base.yml", []byte("- name: '@timestamp'\n  type: date\n"))
	f.Fuzz(func(t *testing.T, manifest []byte, name1 string, data1 []byte, name2 string, data2 []byte) {
		files := fstest.MapFS{}
		for name, data := range base {
			files[name] = &fstest.MapFile{Data: data}
		}
		if len(manifest) > 0 {
			files["manifest.yml"] = &fstest.MapFile{Data: manifest}
		}
		for _, add := range []struct {
			name string
			data []byte
		}{{name1, data1}, {name2, data2}} {
			if fs.ValidPath(add.name) && add.name != "." && !conflicts(files, add.name) {
				files[add.name] = &fstest.MapFile{Data: add.data}
			}
		}
		first := ValidateFS(files, "fuzz", Options{})
		require.NoError(t, first.InputErr)
		for _, e := range append(first.Errors, first.Warnings...) {
			if strings.Contains(e.Message, "internal error") {
				t.Fatalf("the validator panicked: %s", e.Error())
			}
		}
		second := ValidateFS(files, "fuzz", Options{})
		require.Equal(t, first.Errors, second.Errors, "validation is deterministic")
		require.Equal(t, first.Warnings, second.Warnings, "validation is deterministic")
	})
}

// conflicts tells whether name would be both a file and a folder in files.
func conflicts(files fstest.MapFS, name string) bool {
	for p := range files {
		if strings.HasPrefix(p, name+"/") || strings.HasPrefix(name, p+"/") {
			return true
		}
	}
	return false
}
