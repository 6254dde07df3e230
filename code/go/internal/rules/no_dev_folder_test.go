package rules

import (
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
)

func TestNoDevFolder(t *testing.T) {
	r := ruleByName(t, "no_dev_folder")
	p := newPackage(t, map[string]string{
		"manifest.yml":                           "format_version: 3.0.0\nname: x\ntype: integration\n",
		"_dev/build/build.yml":                   "dependencies: {}\n",
		"data_stream/a/_dev/test/pipeline/x.log": "line\n",
		"data_stream/a/_devel/notes.md":          "not a _dev folder\n",
		"docs/_dev/notes.md":                     "not a source-only folder of the spec\n",
	})
	assert.Equal(t, []string{
		"_dev: _dev directory is not allowed in built packages",
		"data_stream/a/_dev: _dev directory is not allowed in built packages",
	}, messages(r.Check(p)))

	clean := newPackage(t, map[string]string{"manifest.yml": "format_version: 3.0.0\nname: x\ntype: content\n"})
	assert.Empty(t, r.Check(clean))

	v := semver.MustParse("3.0.0")
	assert.True(t, r.Applies("content", v, Build))
	assert.False(t, r.Applies("integration", v, Source))
}
