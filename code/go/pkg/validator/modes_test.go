package validator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// excludingFixture returns the files of a fixture whose errors carry codes, with a
// validation.yml that excludes all of those codes, and the legacy result.
func excludingFixture(t *testing.T) (fstest.MapFS, Result) {
	t.Helper()
	dir := filepath.Join(fixtures, "bad_kibana_objects")
	legacy := ValidateDir(dir, Options{})
	var coded []string
	for _, e := range legacy.Errors {
		if e.Code != "" {
			coded = append(coded, e.Code)
		}
	}
	require.NotEmpty(t, coded, "the fixture gives coded errors")
	files := fstest.MapFS{}
	require.NoError(t, filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
		return err
	}))
	files["validation.yml"] = &fstest.MapFile{Data: []byte("errors:\n  exclude_checks:\n    - " + strings.Join(coded, "\n    - ") + "\n")}
	return files, ValidateFS(files, "pkg", Options{})
}

func TestLintModeMovesExclusionsToSkipped(t *testing.T) {
	files, legacy := excludingFixture(t)
	var coded, uncoded int
	for _, e := range legacy.Errors {
		if e.Code != "" {
			coded++
		} else {
			uncoded++
		}
	}
	assert.Empty(t, legacy.Skipped, "legacy mode skips nothing")
	for _, m := range []Mode{Lint, Source} {
		res := ValidateFS(files, "pkg", Options{Mode: m})
		require.Len(t, res.Skipped, coded, m)
		for _, e := range res.Skipped {
			assert.NotEmpty(t, e.Code, m)
		}
		for _, e := range res.Errors {
			assert.Empty(t, e.Code, "%s: excluded: %s", m, e.Error())
		}
	}
	lint := ValidateFS(files, "pkg", Options{Mode: Lint})
	assert.Len(t, lint.Errors, uncoded, "lint runs the legacy checks")
	assert.Equal(t, uncoded == 0, lint.Valid())
}

func TestUnknownModeIsAnError(t *testing.T) {
	for _, s := range []string{"fast", "LEGACY", "zip"} {
		_, err := ParseMode(s)
		assert.Error(t, err, s)
	}
	for _, s := range []string{"", "legacy", "lint", "source", "build"} {
		_, err := ParseMode(s)
		assert.NoError(t, err, s)
	}
	good := filepath.Join(fixtures, "good_integration_v3")
	res := ValidateDir(good, Options{Mode: Mode("fast")})
	require.Error(t, res.InputErr)
	assert.Contains(t, res.InputErr.Error(), `"fast"`)
	assert.False(t, res.Valid())

	zipPath := filepath.Join(t.TempDir(), "good.zip")
	writeZip(t, good, zipPath, "good-1.0.0")
	assert.Error(t, ValidateZip(zipPath, Options{Mode: Mode("fast")}).InputErr, "a zip's mode is checked too")
	assert.NoError(t, ValidateZip(zipPath, Options{Mode: Lint}).InputErr)
}

func TestValidatePathsProgress(t *testing.T) {
	paths := []string{filepath.Join(fixtures, "good_integration_v3"), filepath.Join(fixtures, "bad_syntax"), filepath.Join(fixtures, "good_input")}
	var seen []int
	results := ValidatePaths(paths, Options{Progress: func(done int) { seen = append(seen, done) }})
	require.Len(t, results, 3)
	assert.Equal(t, []int{1, 2, 3}, seen, "one call per package, one at a time")
}
