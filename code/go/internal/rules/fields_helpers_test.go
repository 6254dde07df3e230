package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/internal/pkgfs"
)

func TestAllFieldsFilesFlattens(t *testing.T) {
	p := newPackage(t, map[string]string{
		"manifest.yml": "format_version: 3.0.0\nname: x\ntype: integration\n",
		"data_stream/a/fields/f.yml": `
- name: host
  type: group
  fields:
    - name: os
      type: group
      fields:
        - name: name
          type: keyword
          dimension: true
- name: '@timestamp'
  type: date
`,
		"elasticsearch/transform/t/fields/f.yml": "- name: x\n  type: long\n  unit: byte\n",
		"fields/readme.txt":                      "not fields",
	})
	files := AllFieldsFiles(p)
	require.Len(t, files, 3)
	a := files[0]
	assert.Equal(t, "data_stream/a/fields/f.yml", a.File)
	assert.Equal(t, "a", a.DataStream)
	var names []string
	for _, f := range a.Fields {
		names = append(names, f.Name)
	}
	assert.Equal(t, []string{"host", "host.os", "host.os.name", "@timestamp"}, names)
	assert.True(t, a.Fields[0].HasFields)
	assert.True(t, a.Fields[2].Dimension)
	assert.Equal(t, "0.fields.0.fields.0", a.Fields[2].Path)
	assert.Equal(t, 7, a.Fields[2].Line)

	assert.Equal(t, "fields/readme.txt", files[1].File)
	assert.Error(t, files[1].Err)

	assert.Equal(t, "t", files[2].Transform)
	assert.Equal(t, "byte", files[2].Fields[0].Unit)
}

func TestAllFieldsFilesFollowsLinks(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		full := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(body), 0o644))
	}
	write("shared/ecs.yml", "- name: container.id\n  external: ecs\n")
	write("pkg/manifest.yml", "format_version: 3.0.0\nname: x\ntype: integration\n")
	write("pkg/data_stream/a/fields/ecs.yml.link", "../../../../shared/ecs.yml 00c00d0e5f119bb80d4cc395695b85d6583ab9bcdff93651ff1e5dcdfc550020\n") // the target's checksum
	fsys, err := pkgfs.Dir(filepath.Join(dir, "pkg"), pkgfs.Options{LinkRoot: dir})
	require.NoError(t, err)
	p, err := packages.Open(fsys)
	require.NoError(t, err)

	files := AllFieldsFiles(p)
	require.Len(t, files, 1)
	assert.Equal(t, "data_stream/a/fields/ecs.yml.link", files[0].File)
	require.NoError(t, files[0].Err)
	require.Len(t, files[0].Fields, 1)
	assert.Equal(t, "ecs", files[0].Fields[0].External)

	errs := ruleByName(t, "external_fields_with_dev_folder").Check(p)
	assert.Equal(t, []string{`data_stream/a/fields/ecs.yml.link: field container.id with external key defined ("ecs") but no _dev/build/build.yml found`}, messages(errs))
}
