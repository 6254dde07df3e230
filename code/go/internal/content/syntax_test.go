package content

import (
	"errors"
	"testing"
)

// Syntax errors point where the parser stopped: JSON at the offending byte, YAML at the line
// yaml.v3 names (it gives no column).
func TestSyntaxErrorPositions(t *testing.T) {
	cases := []struct {
		name      string
		json      bool
		data      string
		line, col int
		msg       string
	}{
		{"json bad character", true, "{\n  \"a\": 1,\n  \"b\" 2\n}", 3, 7, "invalid JSON: invalid character '2' after object key"},
		{"json truncated", true, "{\"a\":\n [1,2", 2, 6, "invalid JSON: the file ends before the JSON value does"},
		{"json only spaces", true, "  \n", 2, 1, "invalid JSON: the file is empty"},
		{"yaml unclosed list", false, "a: 1\nb: [\n", 2, 0, "invalid YAML: did not find expected node content"},
		{"yaml bad indentation", false, "a: 1\n  b: 2\n", 2, 0, "invalid YAML: mapping values are not allowed in this context"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			if c.json {
				_, err = ParseJSON([]byte(c.data))
			} else {
				_, err = ParseYAML([]byte(c.data), false)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("got %v, want a syntax error", err)
			}
			if se.Line != c.line || se.Column != c.col || se.Msg != c.msg {
				t.Errorf("got %d:%d %q, want %d:%d %q", se.Line, se.Column, se.Msg, c.line, c.col, c.msg)
			}
		})
	}
}

// Content after the first JSON value is kept aside: the schema checks read the first value, as
// the reference's JSON schema library does, and whole-file readers refuse the file.
func TestJSONTrailingContent(t *testing.T) {
	for _, data := range []string{"{}\n\n  x", "{}]", "{} {}"} {
		doc, err := ParseJSON([]byte(data))
		if err != nil {
			t.Fatalf("%q: %v", data, err)
		}
		if doc.Trailing == nil {
			t.Errorf("%q: the content after the value was not noticed", data)
		}
	}
	doc, err := ParseJSON([]byte("{}\n\n  x"))
	if err != nil || doc.Trailing.Line != 3 || doc.Trailing.Column != 3 {
		t.Errorf("got %v %v, want the trailing content at 3:3", doc.Trailing, err)
	}
	if doc, err := ParseJSON([]byte(" {} \r\n")); err != nil || doc.Trailing != nil {
		t.Errorf("white space after the value: got %v %v", doc.Trailing, err)
	}
}
