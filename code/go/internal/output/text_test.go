package output

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

func TestTextLinesAndTotals(t *testing.T) {
	results := []validator.Result{
		{Path: "pkgs/a", Errors: specerrors.ValidationErrors{
			specerrors.New("manifest.yml", "owner is required").At(3, 1).WithCode("SVR00002"),
			specerrors.New("", "about the package"),
		}},
		{Path: "pkgs/b", Warnings: specerrors.ValidationErrors{
			specerrors.New("kibana/dashboard/d.json", "by reference").At(7, 0).AsWarning(),
		}},
	}
	var out bytes.Buffer
	require.NoError(t, Text(&out, results, false))
	assert.Equal(t, []string{
		"pkgs/a/manifest.yml:3:1: error [SVR00002] owner is required",
		"pkgs/a: error about the package",
		"pkgs/a: invalid (2 errors, 0 warnings)",
		"pkgs/b/kibana/dashboard/d.json:7: warning by reference",
		"pkgs/b: valid (0 errors, 1 warning)",
		"2 packages: 1 valid, 1 invalid",
	}, strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n"))

	out.Reset()
	require.NoError(t, Text(&out, results[1:], false))
	assert.NotContains(t, out.String(), "packages:", "no totals for a single package")

	out.Reset()
	require.NoError(t, Text(&out, results, true))
	assert.Contains(t, out.String(), "\x1b[31merror\x1b[0m", "colour on request")
}
