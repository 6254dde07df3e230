package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const fixtures = "../../../../test/packages"

// copyFixture copies a fixture package into a new folder and returns that folder.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.CopyFS(dst, os.DirFS(filepath.Join(fixtures, name))))
	return dst
}

func TestFlagsAfterPaths(t *testing.T) {
	pkg := filepath.Join(fixtures, "good_integration_v3")
	code, out, stderr := runCLI("validate", pkg, "--format", "json", "--mode", "legacy")
	require.Equal(t, 0, code, stderr)
	var doc jsonDoc
	require.NoError(t, json.Unmarshal([]byte(out), &doc), out)
	require.Len(t, doc.Packages, 1)
	assert.Equal(t, pkg, doc.Packages[0].Path)

	// After --, everything is a path.
	code, out, _ = runCLI("validate", "--format", "json", "--", pkg, "--summary")
	assert.Equal(t, 2, code, "--summary is a path that does not exist")
	require.NoError(t, json.Unmarshal([]byte(out), &doc), out)
	require.Len(t, doc.Packages, 2)
	assert.Equal(t, "--summary", doc.Packages[1].Path)

	code, _, _ = runCLI("validate", pkg, "--format")
	assert.Equal(t, 2, code, "a flag without its value")
}

// The default verdict is the one of elastic-package lint: what validation.yml excludes does
// not count, and is listed as skipped; --mode legacy keeps it.
func TestLintModeIsTheDefault(t *testing.T) {
	pkg := copyFixture(t, "bad_kibana_objects")
	code, out, _ := runCLI("validate", "--mode", "legacy", "--format", "json", pkg)
	require.Equal(t, 1, code)
	var legacy jsonDoc
	require.NoError(t, json.Unmarshal([]byte(out), &legacy))
	var codes []string
	uncoded := 0
	for _, e := range legacy.Packages[0].Errors {
		if e.Code != "" {
			codes = append(codes, e.Code)
		} else {
			uncoded++
		}
	}
	require.NotEmpty(t, codes)
	require.NoError(t, os.WriteFile(filepath.Join(pkg, "validation.yml"), []byte("errors:\n  exclude_checks: ["+strings.Join(codes, ", ")+"]\n"), 0o644))

	code, out, _ = runCLI("validate", "--format", "json", pkg)
	var lint struct {
		Packages []struct {
			Valid   bool
			Errors  []map[string]any
			Skipped []struct {
				Code, File, Message string
				Line, Column        int
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &lint), out)
	assert.Len(t, lint.Packages[0].Errors, uncoded)
	assert.Len(t, lint.Packages[0].Skipped, len(codes))
	assert.Equal(t, uncoded == 0, lint.Packages[0].Valid)
	if uncoded == 0 {
		assert.Equal(t, 0, code)
	}
	for _, s := range lint.Packages[0].Skipped {
		assert.NotEmpty(t, s.Code)
		assert.NotEmpty(t, s.Message)
	}

	_, out, _ = runCLI("validate", pkg)
	assert.Contains(t, out, ": skipped ["+codes[0]+"] ")
	assert.Contains(t, out, "skipped by validation.yml)")

	// The raw verdict is unchanged by validation.yml.
	code, out, _ = runCLI("validate", "--mode", "legacy", "--format", "json", pkg)
	assert.Equal(t, 1, code)
	var again jsonDoc
	require.NoError(t, json.Unmarshal([]byte(out), &again))
	assert.Len(t, again.Packages[0].Errors, len(legacy.Packages[0].Errors))
	assert.NotContains(t, out, `"skipped": [
        {`)
}

func TestFolderWithNonPackages(t *testing.T) {
	good := copyFixture(t, "good_integration_v3")
	storage := filepath.Join(t.TempDir(), "storage")
	require.NoError(t, os.MkdirAll(filepath.Join(storage, "good"), 0o755))
	require.NoError(t, os.Rename(good, filepath.Join(storage, "good", "1.0.0")))

	// A folder of one package: its line and the totals.
	code, out, stderr := runCLI("validate", storage)
	require.Equal(t, 0, code, out+stderr)
	assert.Contains(t, out, storage+"/good/1.0.0: valid")
	assert.Contains(t, out, "1 package: 1 valid, 0 invalid")

	// A version that lost its manifest is reported, and makes the run an input error.
	require.NoError(t, os.MkdirAll(filepath.Join(storage, "good", "1.1.0", "docs"), 0o755))
	code, out, _ = runCLI("validate", storage)
	assert.Equal(t, 2, code)
	assert.Contains(t, out, storage+"/good/1.1.0: error folder "+storage+"/good/1.1.0 is not a package: it has no manifest.yml")
	assert.Contains(t, out, "2 packages: 1 valid, 1 invalid (1 could not be read)")

	code, out, _ = runCLI("validate", "--format", "json", storage)
	assert.Equal(t, 2, code)
	var doc jsonDoc
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	require.Len(t, doc.Packages, 2)
	assert.Equal(t, storage+"/good/1.0.0", doc.Packages[0].Path)
	assert.Equal(t, storage+"/good/1.1.0", doc.Packages[1].Path)
	assert.False(t, doc.Packages[1].Valid)
}

func TestQuietAndSummary(t *testing.T) {
	good := filepath.Join(fixtures, "good_dashboard_by_reference_v2")
	bad := filepath.Join(fixtures, "bad_syntax")
	code, out, _ := runCLI("validate", "--quiet", good, bad)
	assert.Equal(t, 1, code)
	assert.NotContains(t, out, good, "nothing about the valid package, not even its warning")
	assert.Contains(t, out, bad+": invalid")
	assert.NotContains(t, out, "packages:")

	_, out, _ = runCLI("validate", "--quiet", "--summary", good, bad)
	assert.Contains(t, out, "2 packages: 1 valid, 1 invalid")
	_, out, _ = runCLI("validate", "--summary", good)
	assert.Contains(t, out, "1 package: 1 valid, 0 invalid")
}

func TestJUnitAndTAPFormats(t *testing.T) {
	good := filepath.Join(fixtures, "good_integration_v3")
	bad := filepath.Join(fixtures, "bad_syntax")
	code, out, _ := runCLI("validate", "--format", "junit", good, bad)
	assert.Equal(t, 1, code)
	assert.True(t, strings.HasPrefix(out, "<?xml"))
	assert.Contains(t, out, `<testsuites name="pkgspec" tests="2" failures="1" errors="0">`)

	code, out, _ = runCLI("validate", "--format", "tap", good, bad)
	assert.Equal(t, 1, code)
	assert.True(t, strings.HasPrefix(out, "TAP version 13\n1..2\nok 1 - "+good+"\nnot ok 2 - "+bad+"\n"), out)
}

func TestSARIFNamesTheTool(t *testing.T) {
	code, out, _ := runCLI("validate", "--format", "sarif", filepath.Join(fixtures, "good_integration_v3"))
	require.Equal(t, 0, code)
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Name, Version string }
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &log))
	assert.Equal(t, "pkgspec", log.Runs[0].Tool.Driver.Name)
	assert.Equal(t, toolVersion(), log.Runs[0].Tool.Driver.Version)
}

func TestProgressLine(t *testing.T) {
	var buf bytes.Buffer
	assert.Nil(t, newProgress(&buf, 500), "not a terminal")
	p := &progress{w: &buf, total: 30}
	p.update(1)
	p.update(30)
	p.clear()
	assert.Equal(t, "\rvalidating packages: 1 of 30\rvalidating packages: 30 of 30\r\x1b[K", buf.String())
	var nothing *progress
	nothing.update(3)
	nothing.clear()
}

// PKGSPEC_LINK_ROOT gives the link root when --link-root is not given, for CI systems that
// check out packages without their repository's .git.
func TestLinkRootFromEnvironment(t *testing.T) {
	root := t.TempDir()
	pkg := filepath.Join(root, "packages", "good")
	require.NoError(t, os.CopyFS(pkg, os.DirFS(filepath.Join(fixtures, "good_integration_v3"))))
	readme, err := os.ReadFile(filepath.Join(pkg, "docs", "README.md"))
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(root, "shared"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "shared", "README.md"), readme, 0o644))
	require.NoError(t, os.Remove(filepath.Join(pkg, "docs", "README.md")))
	sum := sha256.Sum256(readme)
	link := "../../../shared/README.md " + hex.EncodeToString(sum[:]) + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(pkg, "docs", "README.md.link"), []byte(link), 0o644))

	t.Setenv("PKGSPEC_LINK_ROOT", "")
	code, out, _ := runCLI("validate", "--mode", "legacy", pkg)
	assert.Equal(t, 1, code, "no .git above and no link root: the link may not leave the package\n%s", out)
	assert.Contains(t, out, "docs/README.md.link")

	t.Setenv("PKGSPEC_LINK_ROOT", root)
	code, out, _ = runCLI("validate", "--mode", "legacy", pkg)
	assert.Equal(t, 0, code, out)

	code, out, _ = runCLI("validate", "--mode", "legacy", "--link-root", pkg, pkg)
	assert.Equal(t, 1, code, "the flag wins over the environment\n%s", out)
}
