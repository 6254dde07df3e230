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

func TestResolveSameInAnyOrder(t *testing.T) {
	versions := []string{"1.0.0", "3.1.0", "2.0.0", "1.5.0", "2.9.9", "3.0.0"}
	want := map[string]string{}
	for _, v := range versions {
		f, err := Parse([]byte(file))
		require.NoError(t, err)
		doc, err := f.Resolve(semver.MustParse(v))
		require.NoError(t, err)
		want[v] = string(doc)
	}
	// One file resolved for every version, from many goroutines, gives the same contents as a
	// fresh file per version.
	f, err := Parse([]byte(file))
	require.NoError(t, err)
	got := make([]string, len(versions))
	done := make(chan struct{})
	for i, v := range versions {
		go func() {
			defer func() { done <- struct{}{} }()
			doc, err := f.Resolve(semver.MustParse(v))
			if err == nil {
				got[i] = string(doc)
			}
		}()
	}
	for range versions {
		<-done
	}
	for i, v := range versions {
		assert.JSONEq(t, want[v], got[i], v)
	}
	assert.NotEqual(t, want["1.0.0"], want["3.0.0"])
}
