package content_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/internal/content"
)

// YAML files are read as yaml.Unmarshal reads them into a Go value, which is how the reference
// reads every file it checks.
func TestYAMLReading(t *testing.T) {
	t.Run("first document only", func(t *testing.T) {
		doc, err := content.ParseYAML([]byte("a: 1\n---\nb: [\n"), false)
		require.NoError(t, err, "what follows the first document is not read")
		assert.Equal(t, []any{map[string]any{"a": int64(1)}}, doc.Values)
	})
	t.Run("no document", func(t *testing.T) {
		for _, data := range []string{"", "\n", "# only a comment\n", "---\n"} {
			doc, err := content.ParseYAML([]byte(data), false)
			require.NoError(t, err, "%q", data)
			assert.Equal(t, []any{nil}, doc.Values, "%q", data)
		}
	})
	t.Run("byte order mark", func(t *testing.T) {
		doc, err := content.ParseYAML([]byte("\xef\xbb\xbfa: x\n"), false)
		require.NoError(t, err)
		assert.Equal(t, map[string]any{"a": "x"}, doc.Values[0])
	})
	t.Run("duplicate keys", func(t *testing.T) {
		for data, line := range map[string]int{
			"a: 1\nb: 2\na: 3\n":          3,
			"a: 1\n\"a\": 2\n":            2, // written alike once unquoted
			"l:\n  - x: 1\n    x: 1\n":    3,
			"1: a\n1: b\n":                2,
			"a: &m {k: 1}\nb: *m\nb: 2\n": 3,
		} {
			_, err := content.ParseYAML([]byte(data), false)
			var se *content.SyntaxError
			require.True(t, errors.As(err, &se), "%q: got %v", data, err)
			assert.Equal(t, line, se.Line, "%q", data)
			assert.Contains(t, se.Msg, "already defined at line", "%q", data)
		}
		// Keys that differ in kind or text are different keys.
		_, err := content.ParseYAML([]byte("a: 1\nA: 2\n'1': x\n1.0: y\n"), false)
		assert.NoError(t, err)
	})
	t.Run("collection keys", func(t *testing.T) {
		_, err := content.ParseYAML([]byte("? [a]\n: 1\n"), false)
		var se *content.SyntaxError
		assert.True(t, errors.As(err, &se), "got %v", err)
	})
	t.Run("values without a JSON form", func(t *testing.T) {
		for data, want := range map[string]string{
			"1: a\n":            `key "1" is not a string (int)`,
			"a:\n  true: b\n":   `key "true" is not a string (bool)`,
			"- ~: x\n":          `key "~" is not a string (null)`,
			"a: .nan\n":         ".nan is not a number",
			"a: [1, -.inf]\n":   "-.inf is not a number",
			"a: !!float .Inf\n": ".Inf is not a number",
		} {
			doc, err := content.ParseYAML([]byte(data), false)
			require.NoError(t, err, "%q: the file is read", data)
			require.Error(t, doc.NotJSON, "%q", data)
			assert.Contains(t, doc.NotJSON.Error(), want, "%q", data)
		}
		for _, data := range []string{"'1': a\n", "a: 1.5\n", "<<: {a: 1}\nb: 2\n", "a: 2001-12-14\n"} {
			doc, err := content.ParseYAML([]byte(data), false)
			require.NoError(t, err, "%q", data)
			assert.NoError(t, doc.NotJSON, "%q", data)
		}
	})
	t.Run("scalars as yaml.v3 decodes them", func(t *testing.T) {
		doc, err := content.ParseYAML([]byte("t: 2001-12-14\nb: !!binary aGVsbG8=\nh: 0x1F\no: 0o17\nbig: 18446744073709551615\ns: !!str 5\ny: yes\n"), false)
		require.NoError(t, err)
		assert.Equal(t, map[string]any{"t": "2001-12-14", "b": "hello", "h": 31, "o": 15,
			"big": uint64(18446744073709551615), "s": "5", "y": "yes"}, doc.Values[0])
	})
	t.Run("explicit tag that does not fit", func(t *testing.T) {
		_, err := content.ParseYAML([]byte("a: !!int abc\n"), false)
		var se *content.SyntaxError
		require.True(t, errors.As(err, &se), "got %v", err)
		assert.Equal(t, 1, se.Line)
	})
	t.Run("deep nesting within the parser's limit", func(t *testing.T) {
		data := "a: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n"
		_, err := content.ParseYAML([]byte(data), false)
		assert.NoError(t, err)
	})
}

// A file whose content has no JSON form gets one error, and no schema errors.
func TestValidateRefusesContentWithoutJSONForm(t *testing.T) {
	doc, err := content.ParseYAML([]byte("name: x\n1: y\n"), false)
	require.NoError(t, err)
	errs, cut := content.Validate(manifestSchema(t, "3.3.0"), doc, content.Context{File: "manifest.yml"})
	assert.Equal(t, content.Cut{File: "manifest.yml"}, cut)
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Message, "no JSON form")
	assert.Equal(t, "manifest.yml", errs[0].File)
}

// Before 3.0.0 dotted keys are expanded; where a key and a dotted key meet, they are merged the
// same way every time (the reference's result depends on map order, and may panic).
func TestDottedKeysMergeDeterministically(t *testing.T) {
	for i := 0; i < 20; i++ {
		doc, err := content.ParseYAML([]byte("a:\n  b: 1\na.c: 2\nx: 1\nx.y: 2\n"), true)
		require.NoError(t, err)
		assert.Equal(t, map[string]any{
			"a": map[string]any{"b": int64(1), "c": int64(2)},
			"x": map[string]any{"y": int64(2)},
		}, doc.Values[0])
	}
}
