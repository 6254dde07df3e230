package loader

import (
	"errors"
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/internal/specversion"
	"github.com/pkgspec/pkgspec/spec"
)

// TestSpecIntegrity loads the tree of every package type at every spec version of the
// changelog, which applies every patch, and compiles every schema the tree points at.
func TestSpecIntegrity(t *testing.T) {
	c, err := specversion.Load()
	require.NoError(t, err)
	for _, typ := range Types() {
		for _, v := range c.Versions {
			s, err := Load(typ, v)
			var tooOld *TooOldError
			if errors.As(err, &tooOld) {
				// A type that did not exist yet still has a root, which allows nothing.
				require.NotNil(t, tooOld.Root, "%s %s", typ, v)
				assert.Empty(t, tooOld.Root.Contents, "%s %s", typ, v)
				assert.False(t, tooOld.Root.AdditionalContents, "%s %s", typ, v)
				continue
			}
			require.NoError(t, err, "%s %s", typ, v)
			var walk func(it *Item)
			walk = func(it *Item) {
				if it.Schema != nil {
					_, err := it.Schema.Compiled()
					assert.NoError(t, err, "%s %s: %s", typ, v, it.Schema.Path)
				}
				for _, c := range it.Contents {
					walk(c)
				}
			}
			walk(s.Root)
		}
	}
}

// TestEverySpecFileParses reads every YAML file of the spec and checks its patch versions.
func TestEverySpecFileParses(t *testing.T) {
	err := fs.WalkDir(spec.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".yml" || p == "changelog.yml" {
			return err
		}
		f, err := readFile(p)
		if !assert.NoError(t, err, p) {
			return nil
		}
		assert.NotNil(t, f.Spec, "%s has no spec", p)
		for _, v := range f.Versions {
			_, err := semver.StrictNewVersion(v.Before)
			assert.NoError(t, err, "%s: before %q", p, v.Before)
		}
		return nil
	})
	require.NoError(t, err)
}

func TestPatchesRebuildOlderVersions(t *testing.T) {
	v1 := semver.MustParse("1.0.0")
	s1, err := Load("integration", v1)
	require.NoError(t, err)
	newest, err := specversion.Load()
	require.NoError(t, err)
	sN, err := Load("integration", newest.Newest())
	require.NoError(t, err)
	names := func(s *Spec) []string {
		var out []string
		for _, c := range s.Root.Contents {
			out = append(out, c.Name)
		}
		return out
	}
	// The img folder was described from 3.2.2 on.
	assert.NotContains(t, names(s1), "img")
	assert.Contains(t, names(sN), "img")
	// Loading is cached: the same spec comes back.
	again, err := Load("integration", v1)
	require.NoError(t, err)
	assert.Same(t, s1, again)
}

func TestUnknownType(t *testing.T) {
	_, err := Load("widget", semver.MustParse("3.0.0"))
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "widget"))
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]Size{"5MB": 5 << 20, "300KB": 300 << 10, "2GB": 2 << 30, "12": 12, "7B": 7} {
		got, err := ParseSize(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := ParseSize("lots")
	assert.Error(t, err)
	assert.Equal(t, "5MB", Size(5<<20).String())
}
