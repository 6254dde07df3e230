package output

import (
	"bytes"
	"encoding/xml"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

func TestJUnit(t *testing.T) {
	results := append(sample(), validator.Result{
		Path: "pkgs/\x1b[2Kgone", InputErr: errors.New("cannot read folder"),
		Errors: specerrors.ValidationErrors{{Message: "cannot read folder"}},
	})
	var out bytes.Buffer
	require.NoError(t, JUnit(&out, results))
	var doc junitSuites
	require.NoError(t, xml.Unmarshal(out.Bytes(), &doc), out.String())
	assert.Equal(t, 3, doc.Tests)
	assert.Equal(t, 1, doc.Failures)
	assert.Equal(t, 1, doc.Errors)
	require.Len(t, doc.Suites, 1)
	cases := doc.Suites[0].Cases
	require.Len(t, cases, 3)
	assert.Equal(t, "pkgs/a", cases[0].Name)
	require.NotNil(t, cases[0].Failure)
	assert.Equal(t, "pkgs/a/manifest.yml:3:1: error [SVR00002] owner is required\npkgs/a: error about the package", cases[0].Failure.Text)
	assert.Nil(t, cases[1].Failure, "a valid package passes")
	assert.Contains(t, cases[1].SystemOut, "skipped [SVR00002] no filter")
	assert.Equal(t, `pkgs/\x1b[2Kgone`, cases[2].Name)
	require.NotNil(t, cases[2].Error)
	assert.NotContains(t, out.String(), "\x1b")
}

func TestTAP(t *testing.T) {
	results := sample()
	results[1].Path = "pkgs/b # SKIP\n"
	var out bytes.Buffer
	require.NoError(t, TAP(&out, results))
	got := lines(out.String())
	assert.Equal(t, []string{
		"TAP version 13",
		"1..2",
		"not ok 1 - pkgs/a",
		"  ---",
		"  errors:",
		"    - 'pkgs/a/manifest.yml:3:1: error [SVR00002] owner is required'",
		"    - 'pkgs/a: error about the package'",
		"  ...",
		`ok 2 - pkgs/b \# SKIP\n`,
		"  ---",
		"  warnings:",
		`    - 'pkgs/b # SKIP\n/kibana/dashboard/d.json:7: warning by reference'`,
		"  skipped:",
		`    - 'pkgs/b # SKIP\n/kibana/dashboard/d.json: skipped [SVR00002] no filter'`,
		"  ...",
	}, got)
}
