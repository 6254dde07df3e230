package validator

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// located is the part of an error a position test looks at.
type located struct {
	File         string
	Line, Column int
	Message      string
}

// locate finds the error about file whose message contains part.
func locate(t *testing.T, errs specerrors.ValidationErrors, file, part string) located {
	t.Helper()
	for _, e := range errs {
		if e.File == file && strings.Contains(e.Message, part) {
			return located{e.File, e.Line, e.Column, e.Message}
		}
	}
	t.Fatalf("no error about %s containing %q in:\n%s", file, part, errs.Error())
	return located{}
}

// copyTree copies the folder src into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	require.NoError(t, err)
}

// writeLink replaces the package file at rel with a .link file pointing at target.
func writeLink(t *testing.T, pkg, rel, target string) {
	t.Helper()
	require.NoError(t, os.Remove(filepath.Join(pkg, rel)))
	data, err := os.ReadFile(filepath.Join(pkg, filepath.Dir(rel), target))
	require.NoError(t, err)
	sum := sha256.Sum256(data)
	link := target + " " + hex.EncodeToString(sum[:]) + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(pkg, rel+".link"), []byte(link), 0o644))
}

// Errors inside files reached through .link files carry the position in the target.
func TestPositionsThroughLinks(t *testing.T) {
	root := t.TempDir()
	pkg := filepath.Join(root, "bad_syntax")
	copyTree(t, filepath.Join(fixtures, "bad_syntax"), pkg)
	shared := filepath.Join(root, "shared")
	require.NoError(t, os.MkdirAll(shared, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(shared, "pipeline.yml"), []byte(
		"---\n"+
			"description: A shared pipeline.\n"+
			"version: 3\n"+
			"processors:\n"+
			"  - set:\n"+
			"      tag: set_kind\n"+
			"      field: event.kind\n"+
			"      value: event\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(shared, "broken.json"), []byte(
		"{\n  \"processors\": [}\n"), 0o644))

	ingest := "data_stream/logs/elasticsearch/ingest_pipeline"
	writeLink(t, pkg, filepath.FromSlash(ingest+"/default.yml"), "../../../../../shared/pipeline.yml")
	writeLink(t, pkg, filepath.FromSlash(ingest+"/extra.json"), "../../../../../shared/broken.json")

	res := ValidateDir(pkg, Options{LinkRoot: root})
	require.NoError(t, res.InputErr)
	assert.Equal(t, located{ingest + "/default.yml.link", 3, 1, "field (root): Additional property version is not allowed"},
		locate(t, res.Errors, ingest+"/default.yml.link", "version"))
	// The semantic rules see the target too: no on_failure, so the processors key.
	assert.Equal(t, located{ingest + "/default.yml.link", 4, 1, "pipeline on_failure handler must set error.message"},
		locate(t, res.Errors, ingest+"/default.yml.link", "error.message"))
	assert.Equal(t, located{ingest + "/extra.json.link", 2, 18, "invalid JSON: invalid character '}' looking for beginning of value"},
		locate(t, res.Errors, ingest+"/extra.json.link", "invalid JSON"))
}

// A .zip package gives the same positions as its folder.
func TestPositionsInZip(t *testing.T) {
	dir := filepath.Join(fixtures, "bad_manifest_v2")
	zipPath := filepath.Join(t.TempDir(), "bad.zip")
	writeZip(t, dir, zipPath, "bad_manifest_v2-0.1.0")
	fromZip := ValidatePath(zipPath, Options{})
	require.NoError(t, fromZip.InputErr)
	fromDir := ValidateDir(dir, Options{Mode: Build})
	assert.Equal(t, fromDir.Errors, fromZip.Errors)
	assert.Equal(t, located{"manifest.yml", 7, 1, "field (root): Additional property license is not allowed"},
		locate(t, fromZip.Errors, "manifest.yml", "license"))
	assert.Equal(t, located{"manifest.yml", 16, 9, `field owner.type: owner.type must be one of the following: "elastic", "partner", "community"`},
		locate(t, fromZip.Errors, "manifest.yml", "owner.type"))
}

// corpusPackages lists the packages of ../shared/corpus beside the project, as the benchmarks
// find it; the test is skipped without it.
func corpusPackages(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpus, "expected.json"))
	if err != nil {
		t.Skip("no ../shared/corpus beside the project")
	}
	var expected struct {
		Packages []struct {
			Path string `json:"path"`
		} `json:"packages"`
	}
	require.NoError(t, json.Unmarshal(data, &expected))
	paths := make([]string, len(expected.Packages))
	for i, p := range expected.Packages {
		paths[i] = filepath.Join(corpus, p.Path)
	}
	return paths
}

// On the real packages of the corpus, at least 95% of the errors and warnings about a YAML or
// JSON file say on which line.
func TestCorpusLineCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("validates the whole corpus")
	}
	paths := corpusPackages(t)
	total, located := 0, 0
	var missing []string
	for _, r := range ValidatePaths(paths, Options{}) {
		for _, e := range append(append(specerrors.ValidationErrors{}, r.Errors...), r.Warnings...) {
			switch filepath.Ext(strings.TrimSuffix(e.File, ".link")) {
			case ".yml", ".yaml", ".json":
			default:
				continue
			}
			total++
			if e.Line > 0 {
				located++
			} else if len(missing) < 20 {
				missing = append(missing, r.Path+": "+e.Error())
			}
		}
	}
	require.NotZero(t, total)
	share := float64(located) / float64(total)
	t.Logf("%d of %d errors about YAML or JSON files carry a line (%.1f%%)", located, total, 100*share)
	assert.GreaterOrEqual(t, share, 0.95, "errors without a line:\n%s", strings.Join(missing, "\n"))
}
