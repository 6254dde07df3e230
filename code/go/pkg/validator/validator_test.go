package validator

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

func TestFormatVersionProblems(t *testing.T) {
	cases := map[string]string{
		"not semver":    "format_version: banana\nname: x\nversion: 1.0.0\n",
		"too old":       "format_version: 0.9.0\nname: x\nversion: 1.0.0\n",
		"too new":       "format_version: 99.0.0\nname: x\nversion: 1.0.0\n",
		"missing":       "name: x\nversion: 1.0.0\n",
		"unknown type":  "format_version: 3.0.0\nname: x\nversion: 1.0.0\ntype: widget\n",
		"list manifest": "- a\n- b\n",
		"broken yaml":   "format_version: [\n",
	}
	for name, manifest := range cases {
		t.Run(name, func(t *testing.T) {
			res := ValidateFS(fstest.MapFS{"manifest.yml": {Data: []byte(manifest)}}, "pkg", Options{})
			require.False(t, res.Valid())
			require.Len(t, res.Errors, 1)
			assert.Equal(t, "manifest.yml", res.Errors[0].File)
		})
	}
}

// A package type used before the format version that introduced it is out of date, and what
// it holds is still checked: a content package at 2.5.0 with two Kibana tags of the same name
// gets both the version problem and the duplicate tag.
func TestTooOldTypeStillRunsRules(t *testing.T) {
	fsys := fstest.MapFS{
		"manifest.yml":    {Data: []byte("format_version: 2.5.0\nname: x\ntitle: X\nversion: 1.0.0\ntype: content\n")},
		"kibana/tags.yml": {Data: []byte("- text: Alpha\n- text: Alpha\n")},
	}
	res := ValidateFS(fsys, "pkg", Options{})
	require.False(t, res.Valid())
	var manifest, dup bool
	for _, e := range res.Errors {
		manifest = manifest || (e.File == "manifest.yml" && strings.Contains(e.Message, "3.3.0"))
		dup = dup || (e.File == "kibana/tags.yml" && e.Code == specerrors.CodeKibanaTagDuplicates)
	}
	assert.True(t, manifest, "the type's minimum format_version is reported: %v", res.Errors)
	assert.True(t, dup, "the duplicate tag is reported: %v", res.Errors)
}

func TestMissingManifest(t *testing.T) {
	res := ValidateFS(fstest.MapFS{"README.md": {Data: []byte("hi")}}, "pkg", Options{})
	require.Len(t, res.Errors, 1)
	assert.Equal(t, "manifest.yml", res.Errors[0].File)
	assert.Contains(t, res.Errors[0].Message, "manifest.yml")
}

func TestInputErrors(t *testing.T) {
	res := ValidatePath(filepath.Join(t.TempDir(), "nope"), Options{})
	assert.Error(t, res.InputErr)
	assert.False(t, res.Valid())

	f := filepath.Join(t.TempDir(), "file.txt")
	require.NoError(t, os.WriteFile(f, []byte("x"), 0o644))
	res = ValidatePath(f, Options{})
	assert.Error(t, res.InputErr)
}

func TestZipMatchesFolder(t *testing.T) {
	dir := filepath.Join(fixtures, "good_integration_v3")
	zipPath := filepath.Join(t.TempDir(), "good.zip")
	writeZip(t, dir, zipPath, "good_integration_v3-1.0.0")
	fromDir := ValidateDir(dir, Options{Mode: Build})
	fromZip := ValidatePath(zipPath, Options{})
	require.NoError(t, fromZip.InputErr)
	assert.Equal(t, fromDir.Errors, fromZip.Errors)
}

func TestDeterministicAndConcurrent(t *testing.T) {
	entries, err := os.ReadDir(fixtures)
	require.NoError(t, err)
	var paths []string
	for _, e := range entries {
		if e.IsDir() {
			paths = append(paths, filepath.Join(fixtures, e.Name()))
		}
	}
	first := ValidatePaths(paths, Options{})
	second := ValidatePaths(paths, Options{})
	require.Equal(t, len(paths), len(first))
	for i := range paths {
		assert.Equal(t, paths[i], first[i].Path)
		assert.Equal(t, first[i].Errors, second[i].Errors, paths[i])
	}
}

func writeZip(t *testing.T, dir, zipPath, root string) {
	t.Helper()
	out, err := os.Create(zipPath)
	require.NoError(t, err)
	defer out.Close()
	zw := zip.NewWriter(out)
	err = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if strings.HasPrefix(rel, "_dev") {
			return nil
		}
		w, err := zw.Create(root + "/" + filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	require.NoError(t, err)
	require.NoError(t, zw.Close())
}

func TestValidationYmlExcludesChecksOutsideLegacyMode(t *testing.T) {
	files, _ := excludingFixture(t)
	for _, e := range ValidateFS(files, "pkg", Options{Mode: Source}).Errors {
		assert.Empty(t, e.Code, "excluded in source mode: %s", e.Error())
	}
	coded, kept := 0, 0
	for _, e := range ValidateDir(filepath.Join(fixtures, "bad_kibana_objects"), Options{Mode: Legacy}).Errors {
		if e.Code != "" {
			coded++
		}
	}
	for _, e := range ValidateFS(files, "pkg", Options{Mode: Legacy}).Errors {
		if e.Code != "" {
			kept++
		}
	}
	assert.Equal(t, coded, kept, "legacy mode keeps them, as the reference does")
}

func TestWarningsAsErrors(t *testing.T) {
	dir := filepath.Join(fixtures, "good_dashboard_by_reference_v2")
	plain := ValidateDir(dir, Options{})
	require.True(t, plain.Valid())
	require.Len(t, plain.Warnings, 1)

	strict := ValidateDir(dir, Options{WarningsAsErrors: true})
	assert.False(t, strict.Valid())
	assert.Empty(t, strict.Warnings)
	require.Len(t, strict.Errors, 1)
	want := plain.Warnings[0]
	want.Severity = specerrors.Error
	assert.Equal(t, want, strict.Errors[0])
}

// An archive held in memory gets the verdict the same archive gets from a file.
func TestValidateZipReader(t *testing.T) {
	const name = "testdata/hello-1.0.0.zip"
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	fromFile := ValidateZip(name, Options{})
	inMemory := ValidateZipReader(bytes.NewReader(data), int64(len(data)), name, Options{})
	require.NotEmpty(t, fromFile.Errors)
	assert.Equal(t, fromFile.Errors, inMemory.Errors)
	assert.Equal(t, name, inMemory.Path)
	assert.Error(t, ValidateZipReader(bytes.NewReader(data[:len(data)/2]), int64(len(data)/2), name, Options{}).InputErr)
}

// FileSchema names a spec version as it was given, and accepts one as the changelog lists it.
func TestFileSchemaSpecVersion(t *testing.T) {
	_, err := FileSchema("integration", "banana", "manifest.yml")
	assert.EqualError(t, err, `spec version "banana" is not a valid semantic version`)
	_, err = FileSchema("integration", "0.9.0", "manifest.yml")
	assert.ErrorContains(t, err, "older than the oldest spec version")
	newest, err := NewestSpecVersion()
	require.NoError(t, err)
	_, err = FileSchema("integration", newest, "manifest.yml")
	assert.NoError(t, err, newest)
}
