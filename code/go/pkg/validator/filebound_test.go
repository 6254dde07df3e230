package validator

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/internal/content"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// notes splits the problems reported for file into those that say what was left out of it
// and the others.
func notes(errs specerrors.ValidationErrors, file string) (notes, others []string) {
	for _, e := range errs {
		if e.File != file {
			continue
		}
		if strings.Contains(e.Message, "left out") || strings.Contains(e.Message, "checking of this file stopped") {
			notes = append(notes, e.Message)
		} else {
			others = append(others, e.Message)
		}
	}
	return notes, others
}

// Options.MaxFileErrors is the one bound of the problems reported for a file, schema errors
// included, and a file beyond it gets exactly one note saying what was left out.
func TestMaxFileErrorsBoundsSchemaErrors(t *testing.T) {
	const fields = "data_stream/audit/fields/fields.yml"
	wrong := wrongFields(40 << 10) // about 1,400 wrong definitions, one error each
	entries := strings.Count(string(wrong), "- name:")
	for _, c := range []struct {
		opts Options
		want int
	}{
		{Options{}, DefaultMaxFileErrors},
		{Options{MaxFileErrors: 500}, 500},
		{Options{MaxFileErrors: 3}, 3},
	} {
		t.Run(fmt.Sprintf("list, at most %d", c.want), func(t *testing.T) {
			res := ValidateFS(fsWith(t, fields, wrong), "pkg", c.opts)
			require.NoError(t, res.InputErr)
			ns, others := notes(res.Errors, fields)
			assert.Len(t, others, c.want)
			require.Len(t, ns, 1, "one note for the file: %q", ns)
			assert.Equal(t, fmt.Sprintf("checking of this file stopped after %d errors: %d of its %d entries were not checked", c.want, entries-c.want, entries), ns[0])
		})
	}

	// A manifest is checked as a whole: its schema errors are all found, and those beyond the
	// bound counted in the note.
	manifest := anchoredCategories(t, 300)
	all := ValidateFS(fsWith(t, "manifest.yml", manifest), "pkg", Options{MaxFileErrors: 1000})
	require.NoError(t, all.InputErr)
	ns, others := notes(all.Errors, "manifest.yml")
	assert.Empty(t, ns)
	require.GreaterOrEqual(t, len(others), 300, "one error a category: more than the default bound, when the caller asks for more")
	for _, c := range []struct {
		opts Options
		want int
	}{
		{Options{}, DefaultMaxFileErrors},
		{Options{MaxFileErrors: 250}, 250},
	} {
		t.Run(fmt.Sprintf("whole file, at most %d", c.want), func(t *testing.T) {
			res := ValidateFS(fsWith(t, "manifest.yml", manifest), "pkg", c.opts)
			require.NoError(t, res.InputErr)
			ns, kept := notes(res.Errors, "manifest.yml")
			assert.Equal(t, others[:c.want], kept, "the first problems, in order")
			require.Len(t, ns, 1, "one note for the file: %q", ns)
			assert.Equal(t, fmt.Sprintf("%d more errors in this file left out (at most %d are reported per file)", len(others)-c.want, c.want), ns[0])
		})
	}
}

// A file whose schema checks left problems out, and that has more problems than the bound,
// gets one note that counts them all; a file of warnings alone cut short gets a warning.
func TestCapErrorsWritesOneNoteAFile(t *testing.T) {
	var errs specerrors.ValidationErrors
	for i := range 4 {
		errs = append(errs, specerrors.New("a.yml", "schema error %d", i).At(i+1, 1))
	}
	errs = append(errs, specerrors.New("a.yml", "rule error").At(9, 1))
	for i := range 3 {
		errs = append(errs, specerrors.New("b.yml", "warning %d", i).At(i+1, 1).AsWarning())
	}
	cuts := []content.Cut{{File: "a.yml", LeftOut: 2, Unchecked: 10, Entries: 14}}
	got := capErrors(errs.Sort(), cuts, 4, 100)
	var msgs []string
	for _, e := range got {
		msgs = append(msgs, e.File+": "+e.Message+" ("+e.Severity.String()+")")
	}
	assert.Equal(t, []string{
		"a.yml: schema error 0 (error)",
		"a.yml: schema error 1 (error)",
		"a.yml: schema error 2 (error)",
		"a.yml: schema error 3 (error)",
		"a.yml: 3 more errors in this file left out (at most 4 are reported per file); checking of this file stopped after 4 errors: 10 of its 14 entries were not checked (error)",
		"b.yml: warning 0 (warning)",
		"b.yml: warning 1 (warning)",
		"b.yml: warning 2 (warning)",
	}, msgs)
	got = capErrors(errs.Sort(), nil, 2, 100)
	assert.Equal(t, "1 more errors in this file left out (at most 2 are reported per file)", got[len(got)-1].Message)
	assert.Equal(t, specerrors.Warning, got[len(got)-1].Severity, "only warnings were left out")
}
