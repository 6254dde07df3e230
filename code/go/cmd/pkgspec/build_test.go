package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const fixturePackages = "../../../../test/packages"

func TestBuildCommand(t *testing.T) {
	src, err := filepath.Abs(filepath.Join(fixturePackages, "good_integration_v3"))
	require.NoError(t, err)
	out := t.TempDir()
	code, stdout, stderr := runCLI("build", "--output", out, src)
	require.Equal(t, 0, code, stderr)
	want := filepath.Join(out, "good_integration_v3-2.0.0.zip")
	assert.Equal(t, want, strings.TrimSpace(stdout))
	first, err := os.ReadFile(want)
	require.NoError(t, err)

	code, _, stderr = runCLI("build", "--output", out, src)
	require.Equal(t, 0, code, stderr)
	second, err := os.ReadFile(want)
	require.NoError(t, err)
	assert.Equal(t, first, second, "building twice gives the same bytes")

	code, _, stderr = runCLI("validate", want)
	assert.Equal(t, 0, code, stderr)

	// Without --output, build/packages in the working folder.
	t.Chdir(t.TempDir())
	code, stdout, stderr = runCLI("build", src)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, filepath.Join("build", "packages", "good_integration_v3-2.0.0.zip"), strings.TrimSpace(stdout))
	_, err = os.Stat(strings.TrimSpace(stdout))
	assert.NoError(t, err)
}

func TestBuildCommandInvalidPackage(t *testing.T) {
	src, err := filepath.Abs(filepath.Join(fixturePackages, "bad_manifest_v3"))
	require.NoError(t, err)
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runCLI("build", "--output", out, src)
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "is not valid")
	assert.Contains(t, stderr, "manifest.yml")
	_, err = os.Stat(out)
	assert.True(t, os.IsNotExist(err), "no archive, not even the folder")

	code, _, _ = runCLI("build")
	assert.Equal(t, 2, code)
}
