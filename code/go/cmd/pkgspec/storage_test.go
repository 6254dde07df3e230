package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/storage"
)

type listDoc struct {
	Channel  string `json:"channel"`
	Packages []struct {
		Name, Version, Channel, SHA256 string
	} `json:"packages"`
}

func listChannel(t *testing.T, url, channel string) listDoc {
	t.Helper()
	code, stdout, stderr := runCLI("storage", "list", "--storage", url, "--channel", channel, "--format", "json")
	require.Equal(t, 0, code, stderr)
	var doc listDoc
	require.NoError(t, json.Unmarshal([]byte(stdout), &doc))
	return doc
}

// TestStorageCommands goes from a source folder to production, as README.md tells.
func TestStorageCommands(t *testing.T) {
	url := "mem://" + t.Name()
	src := filepath.Join(fixturePackages, "good_integration_v3")
	out := t.TempDir()
	code, stdout, stderr := runCLI("build", "--output", out, src)
	require.Equal(t, 0, code, stderr)
	zip := strings.TrimSpace(stdout)

	code, stdout, stderr = runCLI("storage", "publish", "--storage", url, "--channel", "snapshot", zip, filepath.Join(fixturePackages, "good_input"))
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "good_integration_v3-2.0.0: published in snapshot")
	assert.Contains(t, stdout, "good_input-0.1.0: published in snapshot")
	code, stdout, _ = runCLI("storage", "publish", "--storage", url, "--channel", "snapshot", zip)
	require.Equal(t, 0, code)
	assert.Contains(t, stdout, "unchanged")

	doc := listChannel(t, url, "snapshot")
	require.Len(t, doc.Packages, 2)
	assert.Equal(t, "good_input", doc.Packages[0].Name)
	assert.Equal(t, "good_integration_v3", doc.Packages[1].Name)
	assert.Equal(t, "snapshot", doc.Packages[1].Channel)
	assert.Len(t, doc.Packages[1].SHA256, 64)

	code, _, stderr = runCLI("storage", "promote", "--storage", url, "--from", "snapshot", "--to", "production", "good_integration_v3-2.0.0")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "one channel at a time")
	for _, step := range [][2]string{{"snapshot", "staging"}, {"staging", "production"}} {
		code, stdout, stderr = runCLI("storage", "promote", "--storage", url, "--from", step[0], "--to", step[1], "good_integration_v3-2.0.0")
		require.Equal(t, 0, code, stderr)
		assert.Contains(t, stdout, "promoted")
	}
	doc = listChannel(t, url, "staging")
	require.Len(t, doc.Packages, 1)
	assert.Equal(t, "production", doc.Packages[0].Channel)
	assert.Len(t, listChannel(t, url, "production").Packages, 1)

	code, _, stderr = runCLI("storage", "yank", "--storage", url, "--channel", "production", "good_integration_v3-2.0.0")
	assert.Equal(t, 2, code, "a yank needs a reason")
	assert.Contains(t, stderr, "--reason")
	code, _, stderr = runCLI("storage", "yank", "--storage", url, "--channel", "production", "--reason", "leaks credentials in a sample event", "good_integration_v3-2.0.0")
	require.Equal(t, 0, code, stderr)
	assert.Empty(t, listChannel(t, url, "production").Packages)
	code, stdout, _ = runCLI("storage", "log", "--storage", url, "--channel", "production")
	require.Equal(t, 0, code)
	assert.Contains(t, stdout, "yank\tgood_integration_v3-2.0.0\treason: leaks credentials in a sample event")

	code, _, stderr = runCLI("storage", "publish", "--storage", url, "--channel", "production", zip)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "yanked")

	code, _, stderr = runCLI("storage", "publish", "--storage", url, "--channel", "nightly", zip)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "unknown channel")
}

func TestStorageExportV2(t *testing.T) {
	ctx := context.Background()
	url := "mem://" + t.Name()
	outURL := "mem://" + t.Name() + "-v2"
	code, _, stderr := runCLI("storage", "publish", "--storage", url, "--channel", "production", filepath.Join(fixturePackages, "good_integration_v3"))
	require.Equal(t, 0, code, stderr)
	code, stdout, stderr := runCLI("storage", "export-v2", "--storage", url, "--channel", "production", "--output", outURL)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "exported 1 packages")

	out, err := storage.Open(ctx, outURL)
	require.NoError(t, err)
	b := out.Bucket()
	var cursor struct {
		Current string `json:"current"`
	}
	raw, err := b.ReadAll(ctx, "v2/metadata/cursor.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &cursor))
	require.NotEmpty(t, cursor.Current)
	raw, err = b.ReadAll(ctx, "v2/metadata/"+cursor.Current+"/search-index-all.json")
	require.NoError(t, err)
	var index struct {
		Packages []struct {
			Manifest map[string]any `json:"package_manifest"`
		} `json:"packages"`
	}
	require.NoError(t, json.Unmarshal(raw, &index))
	require.Len(t, index.Packages, 1)
	m := index.Packages[0].Manifest
	assert.Equal(t, "good_integration_v3", m["name"])
	assert.Equal(t, "2.0.0", m["version"])
	assert.Equal(t, "/epr/good_integration_v3/good_integration_v3-2.0.0.zip", m["download"])
	assert.Equal(t, "/package/good_integration_v3/2.0.0", m["path"])
	assert.Equal(t, "/package/good_integration_v3/2.0.0/docs/README.md", m["readme"])
	assert.Contains(t, m["assets"], "/package/good_integration_v3/2.0.0/manifest.yml")
	streams, _ := m["data_streams"].([]any)
	require.Len(t, streams, 1)
	assert.Equal(t, "good_integration_v3.audit", streams[0].(map[string]any)["dataset"])

	ok, err := b.Exists(ctx, "artifacts/packages/good_integration_v3-2.0.0.zip")
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = b.Exists(ctx, "artifacts/static/good_integration_v3-2.0.0/docs/README.md")
	require.NoError(t, err)
	assert.True(t, ok)

	// Nothing changed: no new revision.
	code, stdout, _ = runCLI("storage", "export-v2", "--storage", url, "--channel", "production", "--output", outURL)
	require.Equal(t, 0, code)
	assert.Contains(t, stdout, "already up to date")
	assert.Contains(t, stdout, cursor.Current)
}
