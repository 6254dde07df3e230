package validator

import (
	"path"
	"strings"
	"testing"
	"testing/fstest"
)

// TestSystemTestDatasetVariable checks which spellings of the data_stream.dataset variable of a
// system test case are checked against the dataset pattern: the reference checks the dotted key
// only, and before 3.0.0 it reads that key as nested objects, so the check never applies there.
func TestSystemTestDatasetVariable(t *testing.T) {
	files := loadFixture(t, path.Join(fixtures, "good_dev_folders"))
	const cfg = "data_stream/logs/_dev/test/system/test-default-config.yml"
	cases := []struct {
		version, vars string
		invalid       bool
	}{
		{"3.6.0", "vars:\n  data_stream.dataset: -bad\n", true},
		{"3.0.0", "vars:\n  data_stream.dataset: -bad\n", true},
		{"3.6.0", "vars:\n  data_stream:\n    dataset: -bad\n", false},
		{"3.6.0", "data_stream:\n  vars:\n    data_stream.dataset: -bad\n", true},
		{"2.13.0", "vars:\n  data_stream.dataset: -bad\n", false},
		{"2.13.0", "data_stream:\n  vars:\n    data_stream.dataset: -bad\n", false},
		{"1.13.0", "vars:\n  data_stream.dataset: -bad\n", false},
	}
	for _, c := range cases {
		fsys := fstest.MapFS{}
		for p, f := range files {
			fsys[p] = f
		}
		m := formatVersionLine.ReplaceAll(files["manifest.yml"].Data, []byte(`format_version: "`+c.version+`"`))
		fsys["manifest.yml"] = &fstest.MapFile{Data: m}
		fsys[cfg] = &fstest.MapFile{Data: []byte(c.vars)}
		var got []string
		for _, e := range ValidateFS(fsys, "good_dev_folders", Options{Mode: Legacy}).Errors {
			if e.File == cfg {
				got = append(got, e.Error())
			}
		}
		if (len(got) > 0) != c.invalid {
			t.Errorf("%s, %q: errors on the test config %q, want invalid=%v", c.version, c.vars, strings.Join(got, "; "), c.invalid)
		}
	}
}
