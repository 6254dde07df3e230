package specpatch

import (
	"encoding/json"
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const file = `
spec:
  type: object
  properties:
    a: {type: string}
    b: {type: integer}
    c: {type: boolean}
versions:
  - before: 2.0.0
    patch:
      - op: remove
        path: /properties/b
  - before: 3.0.0
    patch:
      - op: remove
        path: /properties/c
      - op: add
        path: /properties/b/minimum
        value: 1
`

func props(t *testing.T, f *File, v string) map[string]any {
	t.Helper()
	doc, err := f.Resolve(semver.MustParse(v))
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(doc, &m))
	return m["properties"].(map[string]any)
}

func TestResolveAppliesNewestFirst(t *testing.T) {
	f, err := Parse([]byte(file))
	require.NoError(t, err)
	assert.Len(t, props(t, f, "3.0.0"), 3)
	p := props(t, f, "2.5.0")
	assert.Len(t, p, 2)
	assert.Equal(t, 1.0, p["b"].(map[string]any)["minimum"])
	// Below 2.0.0 both patches apply; the 3.0.0 one first, or adding to /properties/b would fail.
	assert.Len(t, props(t, f, "1.0.0"), 1)
}

func TestBadPatch(t *testing.T) {
	f, err := Parse([]byte("spec: {a: 1}\nversions:\n  - before: 2.0.0\n    patch:\n      - op: remove\n        path: /nope\n"))
	require.NoError(t, err)
	_, err = f.Resolve(semver.MustParse("1.0.0"))
	assert.ErrorContains(t, err, "before 2.0.0")
}
