package walker

import "testing"

// The first line must be the document start marker alone, as the reference reads it with a
// line scanner: a carriage return before the newline is dropped, anything else is not.
func TestStartsWithDashes(t *testing.T) {
	for data, want := range map[string]bool{
		"---\nprocessors: []\n":   true,
		"---\r\nprocessors: []\n": true,
		"---":                     true,
		"---\n":                   true,
		"--- \n":                  false,
		"--- # c\n":               false,
		"# c\n---\n":              false,
		"\ufeff---\n":             false,
		"----\n":                  false,
		"":                        false,
		"processors: []\n":        false,
	} {
		if got := startsWithDashes([]byte(data)); got != want {
			t.Errorf("%q: got %v, want %v", data, got, want)
		}
	}
}
