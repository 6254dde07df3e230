package specversion

import (
	"testing"
	"testing/fstest"

	"github.com/Masterminds/semver/v3"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func parse(t *testing.T, body string) (*Changelog, error) {
	t.Helper()
	return Parse(fstest.MapFS{"c.yml": {Data: []byte(body)}}, "c.yml")
}

func TestEmbeddedChangelogIsValid(t *testing.T) {
	c, err := Load()
	require.NoError(t, err)
	assert.Equal(t, "1.0.0-alpha1", c.Oldest().String())
	assert.Equal(t, 3, int(c.Newest().Major()))
}

func TestChangelogRules(t *testing.T) {
	_, err := parse(t, "- version: 2.0.0\n- version: 1.0.0\n")
	assert.NoError(t, err)
	_, err = parse(t, "- version: 1.0.0\n- version: 2.0.0\n")
	assert.ErrorContains(t, err, "newest first")
	_, err = parse(t, "- version: two\n")
	assert.ErrorContains(t, err, "not valid semver")
	_, err = parse(t, "- version: 2.0.0\n- version: 1.1.0-next\n- version: 1.0.0\n")
	assert.ErrorContains(t, err, "below a released version")
	_, err = parse(t, "- version: 2.1.0-next\n- version: 2.0.0\n- version: 2.0.0-rc1\n- version: 1.0.0\n")
	assert.NoError(t, err)
	_, err = parse(t, "[]")
	assert.Error(t, err)
}

func TestResolve(t *testing.T) {
	c, err := parse(t, "- version: 3.1.0-next\n- version: 3.0.0\n- version: 2.0.0\n- version: 2.0.0-rc1\n- version: 1.0.0\n")
	require.NoError(t, err)
	for in, want := range map[string]string{
		"1.0.0": "1.0.0", "3.0.0": "3.0.0", "3.1.0": "3.1.0",
	} {
		v, err := c.Resolve(semver.MustParse(in))
		if assert.NoError(t, err, in) {
			assert.Equal(t, want, v.String(), in)
		}
	}
	for bad, msg := range map[string]string{
		"0.9.0":      "older than",
		"4.0.0":      "newer than",
		"2.5.0":      "not found in the changelog",
		"3.1.0-next": "without the pre-release tag",
		"2.0.0-rc1":  "without the pre-release tag",
	} {
		_, err := c.Resolve(semver.MustParse(bad))
		assert.ErrorContains(t, err, msg, bad)
	}
}

// The versions a package may name are those of the changelog, pre-release tags set aside.
func TestEmbeddedVersions(t *testing.T) {
	c, err := Load()
	require.NoError(t, err)
	for _, ok := range []string{"1.0.0", "1.1.0", "1.1", "2.0.0", "3.5.8", "3.6.5", "3.6.6", "3.7.0"} {
		_, err := c.Resolve(semver.MustParse(ok))
		assert.NoError(t, err, ok)
	}
	for _, bad := range []string{"1.0.1", "1.0.0-alpha1", "2.0.0-rc1", "3.7.0-next", "3.5.9"} {
		_, err := c.Resolve(semver.MustParse(bad))
		assert.Error(t, err, bad)
	}
	assert.Equal(t, "3.7.0-next", c.Entry(semver.MustParse("3.7.0")).String())
	assert.Len(t, c.Versions, 82)
}
