package manifest

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeDottedKeys(t *testing.T) {
	cases := []struct {
		name, yaml, want string
	}{
		{"plain", "a: 1", `{"a":1}`},
		{"dotted", "a.b.c: 1", `{"a":{"b":{"c":1}}}`},
		{"merged with nested", "a.b: 1\na:\n  c: 2", `{"a":{"b":1,"c":2}}`},
		{"nested then dotted", "a:\n  c: 2\na.b: 1", `{"a":{"b":1,"c":2}}`},
		{"inside lists", "l:\n  - x.y: 1", `{"l":[{"x":{"y":1}}]}`},
		{"scalar replaced", "a: 1\na.b: 2", `{"a":{"b":2}}`},
		{"deep merge", "a.b.c: 1\na.b.d: 2", `{"a":{"b":{"c":1,"d":2}}}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var v map[string]any
			require.NoError(t, Decode([]byte(c.yaml), &v))
			b, err := json.Marshal(v)
			require.NoError(t, err)
			assert.JSONEq(t, c.want, string(b))
		})
	}
}

func TestDecodeIntoModel(t *testing.T) {
	var p Package
	err := Decode([]byte(`
name: x
version: 1.0.0
title: X
owner.github: me
owner.type: elastic
conditions:
  elastic.capabilities: [security]
vars:
  - name: v
    type: text
    default: 3
policy_templates:
  - name: t
    multiple: false
`), &p)
	require.NoError(t, err)
	assert.Equal(t, &Owner{Type: "elastic", Github: "me"}, p.Owner)
	assert.Equal(t, []string{"security"}, p.Conditions.Elastic.Capabilities)
	assert.Equal(t, 3, p.Vars[0].Default)
	require.NotNil(t, p.PolicyTemplates[0].Multiple)
	assert.False(t, *p.PolicyTemplates[0].Multiple)

	// The JSON form is the registry's: empty optional fields are left out.
	b, err := json.Marshal(p.Vars[0])
	require.NoError(t, err)
	assert.Equal(t, `{"name":"v","type":"text","multi":false,"required":false,"show_user":false,"default":3}`, string(b))
}

func TestDecodeErrors(t *testing.T) {
	assert.True(t, errors.Is(Decode([]byte("  \n# only a comment\n"), &Package{}), ErrEmpty))
	assert.Error(t, Decode([]byte("name: [unclosed"), &Package{}))
	assert.Error(t, Decode([]byte("policy_templates: 3"), &Package{}), "wrong shape")
}

func TestReadNamesFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"manifest.yml":               {Data: []byte("name: a\n")},
		"data_stream/b/manifest.yml": {Data: []byte("title: B\n")},
		"data_stream/a/manifest.yml": {Data: []byte("title: A\n")},
		"data_stream/c/not_manifest": {Data: []byte("x")},
	}
	p, err := Read(fsys)
	require.NoError(t, err)
	require.Len(t, p.DataStreams, 2)
	assert.Equal(t, "a", p.DataStreams[0].Dir)
	assert.Equal(t, "b", p.DataStreams[1].Dir)

	fsys["data_stream/a/manifest.yml"] = &fstest.MapFile{Data: []byte("title: [")}
	_, err = Read(fsys)
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "data_stream/a/manifest.yml: "), err.Error())

	_, err = Read(fstest.MapFS{})
	assert.Error(t, err)
}

func TestDecodeYAML11Scalars(t *testing.T) {
	var v map[string]any
	require.NoError(t, Decode([]byte("a: yes\nb: Off\nc: 'yes'\nd: 2006-01-02\ne: y\nf: true\ng: \"no\"\n"), &v))
	assert.Equal(t, map[string]any{"a": true, "b": false, "c": "yes", "d": "2006-01-02", "e": true, "f": true, "g": "no"}, v)
	var p Package
	require.NoError(t, Decode([]byte("title: on\nversion: 1.0\n"), &p))
	assert.Equal(t, "true", *p.Title)
	assert.Equal(t, "1.0", p.Version)
}
