package rules

import (
	"strings"
	"testing"

	"github.com/mailgun/raymond/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// long is plain text longer than the shortening threshold, with the characters scripts use.
var long = strings.Repeat("var x = { a: [1, 2] }; // \"quoted\" 'single' \\n\n", 4)

func TestParseTemplateAgreesWithLibrary(t *testing.T) {
	cases := map[string]string{
		"plain":                  long,
		"vars around text":       "a: {{a}}\n" + long + "b: {{b}}\n",
		"block around text":      "{{#if a}}\n" + long + "{{/if}}\n",
		"unclosed block":         "{{#if a}}\n" + long,
		"mismatched block":       "{{#if a}}\n" + long + "{{/each}}\n",
		"text in comment":        "{{!-- " + long + " --}}\n",
		"text in short comment":  "{{! " + long + " }}\n",
		"unclosed comment":       "{{!-- " + long,
		"dash comment edge":      "{{!--" + long + "--}}",
		"text inside mustache":   "{{foo " + strings.Repeat("a ", 40) + "}}",
		"bad text in mustache":   "{{foo " + strings.Repeat("= ", 40) + "}}",
		"string in mustache":     "{{foo \"" + long + "\"}}",
		"raw block":              "{{{{raw}}}}" + long + "{{{{/raw}}}}",
		"unclosed raw block":     "{{{{raw}}}}" + long,
		"escaped mustache":       "\\{{" + long + "}}",
		"triple stash":           "{{{a}}}" + long + "{{{b}}}",
		"unbalanced close":       long + "}}" + long,
		"whitespace control":     "{{~#if a~}}" + long + "{{~/if~}}",
		"braces at stretch ends": "{" + long + "{{a}}" + long + "}",
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			_, want := raymond.Parse(src)
			got := parseTemplate(src)
			if want == nil {
				assert.NoError(t, got)
			} else {
				require.Error(t, got)
				assert.Equal(t, want.Error(), got.Error(), "errors are those of the template as written")
			}
		})
	}
}

func TestShortenTemplate(t *testing.T) {
	short, ok := shortenTemplate("a: {{a}}\n" + long + "{{b}}")
	require.True(t, ok)
	assert.Equal(t, "a: {{a}}x{{b}}", short)

	_, ok = shortenTemplate("{{a}} short {{b}}")
	assert.False(t, ok, "nothing long enough to shorten")

	_, ok = shortenTemplate("{{foo " + strings.Repeat("a ", 40) + "}}")
	assert.False(t, ok, "text inside a mustache is not plain text")
}

// FuzzParseTemplate checks that shortening never changes whether a template parses, nor the
// error reported.
func FuzzParseTemplate(f *testing.F) {
	for _, seed := range []string{"{{a}}", "{{#if a}}{{/if}}", "{{!-- c --}}", "{{{{raw}}}}{{{{/raw}}}}", "\\{{a}}"} {
		f.Add(seed, strings.Repeat("text ", 10))
	}
	f.Fuzz(func(t *testing.T, template, text string) {
		// Place long text at each gap of the template so that shortening takes place.
		src := strings.ReplaceAll(template, " ", " "+text+text+text+" ")
		if len(src) > 1<<14 {
			t.Skip("the library is slow on long texts; long texts add nothing here")
		}
		_, want := raymond.Parse(src)
		got := parseTemplate(src)
		if (want == nil) != (got == nil) || (want != nil && want.Error() != got.Error()) {
			t.Fatalf("template %q: library says %v, parseTemplate says %v", src, want, got)
		}
	})
}

func BenchmarkParseTemplate(b *testing.B) {
	src := "{{#if a}}\n" + strings.Repeat(long, 2000) + "{{/if}}\n"
	b.Run("shortened", func(b *testing.B) {
		for b.Loop() {
			_ = parseTemplate(src)
		}
	})
	b.Run("library", func(b *testing.B) {
		for b.Loop() {
			_, _ = raymond.Parse(src)
		}
	})
}
