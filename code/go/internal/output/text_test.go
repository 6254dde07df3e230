package output

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

func lines(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }

func sample() []validator.Result {
	return []validator.Result{
		{Path: "pkgs/a", Errors: specerrors.ValidationErrors{
			specerrors.New("manifest.yml", "owner is required").At(3, 1).WithCode("SVR00002"),
			specerrors.New("", "about the package"),
		}},
		{Path: "pkgs/b", Warnings: specerrors.ValidationErrors{
			specerrors.New("kibana/dashboard/d.json", "by reference").At(7, 0).AsWarning(),
		}, Skipped: specerrors.ValidationErrors{
			specerrors.New("kibana/dashboard/d.json", "no filter").WithCode("SVR00002"),
		}},
	}
}

func TestTextLinesAndTotals(t *testing.T) {
	results := sample()
	var out bytes.Buffer
	require.NoError(t, Text(&out, results, TextOptions{}))
	assert.Equal(t, []string{
		"pkgs/a/manifest.yml:3:1: error [SVR00002] owner is required",
		"pkgs/a: error about the package",
		"pkgs/a: invalid (2 errors, 0 warnings)",
		"pkgs/b/kibana/dashboard/d.json:7: warning by reference",
		"pkgs/b/kibana/dashboard/d.json: skipped [SVR00002] no filter",
		"pkgs/b: valid (0 errors, 1 warning, 1 skipped by validation.yml)",
		"2 packages: 1 valid, 1 invalid; 2 errors, 1 warning, 1 skipped by validation.yml",
	}, lines(out.String()))

	out.Reset()
	require.NoError(t, Text(&out, results[1:], TextOptions{}))
	assert.NotContains(t, out.String(), "packages:", "no totals for a single package")
	out.Reset()
	require.NoError(t, Text(&out, results[1:], TextOptions{Totals: true}))
	assert.Equal(t, "1 package: 1 valid, 0 invalid; 0 errors, 1 warning, 1 skipped by validation.yml", lines(out.String())[3],
		"totals for a folder of one package")

	out.Reset()
	require.NoError(t, Text(&out, results, TextOptions{Color: true}))
	assert.Contains(t, out.String(), "\x1b[31merror\x1b[0m", "colour on request")
}

func TestTextQuietAndSummary(t *testing.T) {
	results := sample()
	var out bytes.Buffer
	require.NoError(t, Text(&out, results, TextOptions{Quiet: true}))
	assert.Equal(t, []string{
		"pkgs/a/manifest.yml:3:1: error [SVR00002] owner is required",
		"pkgs/a: error about the package",
		"pkgs/a: invalid (2 errors, 0 warnings)",
	}, lines(out.String()), "errors only")

	out.Reset()
	require.NoError(t, Text(&out, results, TextOptions{Quiet: true, Summary: true}))
	assert.Len(t, lines(out.String()), 4)
	assert.True(t, strings.HasPrefix(lines(out.String())[3], "2 packages: 1 valid, 1 invalid"))

	out.Reset()
	require.NoError(t, Text(&out, results[1:], TextOptions{Summary: true}))
	assert.True(t, strings.HasPrefix(lines(out.String())[3], "1 package: 1 valid"))
}

// A name or message can hold anything a file system or a YAML string can: escape sequences
// that erase the line before, carriage returns and newlines that forge a verdict.
func TestTextEscapesControlCharacters(t *testing.T) {
	results := []validator.Result{{
		Path: "pkgs/evil\x1b[1A\x1b[2K",
		Errors: specerrors.ValidationErrors{
			specerrors.New("data_stream/x\n/pkgs/evil: valid (0 errors, 0 warnings)\r/fields.yml", "bad key \"a\x07\u202eb\u009b\x9b\"\xff").WithCode("X\x1b]0;t\x07"),
		},
	}}
	var out bytes.Buffer
	require.NoError(t, Text(&out, results, TextOptions{}))
	got := lines(out.String())
	require.Len(t, got, 2, out.String())
	assert.Equal(t, `pkgs/evil\x1b[1A\x1b[2K/data_stream/x\n/pkgs/evil: valid (0 errors, 0 warnings)\r/fields.yml: error [X\x1b]0;t\x07] bad key "a\x07\u202eb\u009b\x9b"\xff`, got[0])
	assert.Equal(t, `pkgs/evil\x1b[1A\x1b[2K: invalid (1 error, 0 warnings)`, got[1])
	assert.Equal(t, "plain ünïcode, tabs\\t", Clean("plain ünïcode, tabs\t"))
}

// FuzzText writes results whose path, file, code and message come from the fuzzer, and checks
// that the output is UTF-8 without any control or format character but the newline ending each
// line, and has exactly the lines it should.
func FuzzText(f *testing.F) {
	f.Add("pkgs/a", "manifest.yml", "SVR00001", "owner is required")
	f.Add("pkgs/\x1b[2K", "a\nb\r", "\x9b31m", "\u202e\u2028\xff\xfe\x00")
	f.Fuzz(func(t *testing.T, pkg, file, code, msg string) {
		e := specerrors.New(file, "%s", msg).WithCode(code).At(2, 3)
		results := []validator.Result{
			{Path: pkg, Errors: specerrors.ValidationErrors{e}, Warnings: specerrors.ValidationErrors{e.AsWarning()}, Skipped: specerrors.ValidationErrors{e}},
			{Path: pkg},
		}
		for _, opts := range []TextOptions{{}, {Quiet: true, Summary: true}} {
			var out bytes.Buffer
			require.NoError(t, Text(&out, results, opts))
			s := out.String()
			require.True(t, utf8.ValidString(s))
			for _, r := range s {
				if r != '\n' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029') {
					t.Fatalf("%U in the output: %q", r, s)
				}
			}
			want := 6 // three problems, two verdicts, the totals
			if opts.Quiet {
				want = 3 // the error, the invalid package, the totals
			}
			require.Len(t, lines(s), want, s)
		}
	})
}

// JSON is for programs: names and messages stay exactly as they are.
func TestJSONKeepsNamesExact(t *testing.T) {
	name, msg := "pkgs/evil\x1b[2K\nvalid", "bad \u202e value\r"
	results := []validator.Result{{Path: name, Errors: specerrors.ValidationErrors{specerrors.New("a\tb.yml", "%s", msg)},
		Skipped: specerrors.ValidationErrors{specerrors.New("c.yml", "skip").WithCode("SVR00001")}}}
	var out bytes.Buffer
	require.NoError(t, JSON(&out, results))
	var doc struct {
		Packages []struct {
			Path            string
			Errors, Skipped []struct{ File, Message, Code string }
		}
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &doc))
	assert.Equal(t, name, doc.Packages[0].Path)
	assert.Equal(t, "a\tb.yml", doc.Packages[0].Errors[0].File)
	assert.Equal(t, msg, doc.Packages[0].Errors[0].Message)
	assert.Equal(t, "SVR00001", doc.Packages[0].Skipped[0].Code)
	assert.NotContains(t, out.String(), "\x1b", "escaped as JSON escapes")
}
