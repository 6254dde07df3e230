package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runCLI(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

type jsonDoc struct {
	Packages []struct {
		Path   string `json:"path"`
		Valid  bool   `json:"valid"`
		Errors []struct {
			Code, File, Field, Message string
			Line, Column               int
		} `json:"errors"`
		Warnings []json.RawMessage `json:"warnings"`
	} `json:"packages"`
}

func TestUsage(t *testing.T) {
	code, _, stderr := runCLI()
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "usage")
	code, _, _ = runCLI("frobnicate")
	assert.Equal(t, 2, code)
	code, _, _ = runCLI("validate")
	assert.Equal(t, 2, code)
	code, _, _ = runCLI("validate", "--format", "xml", ".")
	assert.Equal(t, 2, code)
	code, _, _ = runCLI("validate", "--mode", "fast", ".")
	assert.Equal(t, 2, code)
}

func TestVersion(t *testing.T) {
	code, out, _ := runCLI("version")
	assert.Equal(t, 0, code)
	assert.Regexp(t, `^pkgspec \S+\nspec 3\.\d+\.\d+\S*\n$`, out)
	assert.Equal(t, "pkgspec "+toolVersion()+"\n", strings.SplitAfter(out, "\n")[0])
	code, again, _ := runCLI("--version")
	assert.Equal(t, 0, code)
	assert.Equal(t, out, again)
}

func writePackage(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	return dir
}

func TestJSONContract(t *testing.T) {
	bad := writePackage(t, map[string]string{"manifest.yml": "format_version: 1.0.0\nname: [\n"})
	missing := filepath.Join(t.TempDir(), "missing")
	code, out, _ := runCLI("validate", "--format", "json", bad, missing)
	assert.Equal(t, 2, code, "a path that cannot be read is an input error")
	var doc jsonDoc
	require.NoError(t, json.Unmarshal([]byte(out), &doc), out)
	require.Len(t, doc.Packages, 2)
	assert.Equal(t, bad, doc.Packages[0].Path)
	assert.False(t, doc.Packages[0].Valid)
	require.NotEmpty(t, doc.Packages[0].Errors)
	assert.Equal(t, "manifest.yml", doc.Packages[0].Errors[0].File)
	assert.Equal(t, 2, doc.Packages[0].Errors[0].Line)
	assert.NotNil(t, doc.Packages[0].Warnings, "warnings is a list, never null")
	assert.Equal(t, missing, doc.Packages[1].Path)

	code, _, _ = runCLI("validate", "--format", "json", bad)
	assert.Equal(t, 1, code)
}

func TestTextOutput(t *testing.T) {
	bad := writePackage(t, map[string]string{"manifest.yml": "format_version: 1.0.0\nname: [\n"})
	code, out, _ := runCLI("validate", bad)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, filepath.ToSlash(bad)+"/manifest.yml:2")
	assert.Contains(t, out, ": error ")
	assert.Contains(t, out, "invalid (1 error, 0 warnings)")
	assert.NotContains(t, out, "\x1b[", "no colour when not on a terminal")
}

func TestValidateFolderOfPackages(t *testing.T) {
	dir := "../../../../test/packages"
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var packages []string
	for _, e := range entries {
		if e.IsDir() {
			if _, err := os.Stat(filepath.Join(dir, e.Name(), "manifest.yml")); err == nil {
				packages = append(packages, dir+"/"+e.Name())
			}
		}
	}
	require.NotEmpty(t, packages)

	code, stdout, _ := runCLI("validate", "--format", "json", dir)
	assert.Equal(t, 1, code, "the folder holds bad packages")
	var doc jsonDoc
	require.NoError(t, json.Unmarshal([]byte(stdout), &doc))
	var paths []string
	for _, p := range doc.Packages {
		paths = append(paths, p.Path)
		if strings.Contains(p.Path, "/good_") {
			assert.True(t, p.Valid, p.Path)
		}
	}
	assert.Equal(t, packages, paths, "every package of the folder, each under its own path, sorted")
}

func TestTextAndSARIFFormats(t *testing.T) {
	pkg := "../../../../test/packages/good_dashboard_by_reference_v2"
	code, out, _ := runCLI("validate", pkg)
	assert.Equal(t, 0, code)
	assert.Contains(t, out, pkg+"/kibana/dashboard/good_dashboard_by_reference_v2-overview.json:21:5: warning [SVR00004] ")
	assert.Contains(t, out, pkg+": valid (0 errors, 1 warning)")

	code, out, _ = runCLI("validate", "--format", "sarif", pkg)
	assert.Equal(t, 0, code)
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
				Level  string `json:"level"`
			} `json:"results"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &log), out)
	require.Len(t, log.Runs, 1)
	require.Len(t, log.Runs[0].Results, 1)
	assert.Equal(t, "SVR00004", log.Runs[0].Results[0].RuleID)
	assert.Equal(t, "warning", log.Runs[0].Results[0].Level)
}
