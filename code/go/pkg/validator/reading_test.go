package validator

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A package names a spec version by its release number: a pre-release format_version, even one
// the changelog lists, is not a spec version packages may follow.
func TestFormatVersionPreRelease(t *testing.T) {
	for _, fv := range []string{"3.7.0-next", "2.0.0-rc1"} {
		m := fstest.MapFS{"manifest.yml": {Data: []byte("format_version: " + fv + "\nname: x\ntitle: X\nversion: 0.1.0\ntype: integration\n")}}
		res := ValidateFS(m, "x", Options{})
		require.NotEmpty(t, res.Errors, fv)
		assert.Equal(t, "manifest.yml", res.Errors[0].File, fv)
		assert.Equal(t, "format_version", res.Errors[0].Field, fv)
		assert.Contains(t, res.Errors[0].Message, "without the pre-release tag", fv)
	}
}
