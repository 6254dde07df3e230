package validator

import (
	"bufio"
	"io/fs"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pkgspec/pkgspec/code/go/internal/specversion"
)

// The format_version sweep
//
// testdata/sweep_verdicts.txt holds, for every fixture of test/packages whose manifest names a
// format_version, the verdict of the reference validator (elastic/package-spec c0b0af52, legacy
// mode) once that format_version is rewritten to each spec version of the file's `versions`
// line, which names every version of spec/changelog.yml: `v` valid, `x` invalid. The verdicts
// are facts measured once with the reference; the test checks that we give the same verdict for
// every fixture at every version. A verdict we give differently on purpose is listed under
// `deviation` with the verdict we give, and in docs/deviations.md.

// sweepTable is the parsed verdict file.
type sweepTable struct {
	versions []string
	verdicts map[string]string  // fixture -> one byte per version
	deviates map[[2]string]byte // {fixture, version} -> our verdict
}

func readSweepTable(t *testing.T) sweepTable {
	t.Helper()
	f, err := os.Open("testdata/sweep_verdicts.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tab := sweepTable{verdicts: map[string]string{}, deviates: map[[2]string]byte{}}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) == 0 || strings.HasPrefix(fields[0], "#"):
		case fields[0] == "versions":
			tab.versions = fields[1:]
		case fields[0] == "deviation" && len(fields) >= 4 && len(fields[3]) == 1:
			tab.deviates[[2]string{fields[1], fields[2]}] = fields[3][0]
		case len(fields) == 2 && len(fields[1]) == len(tab.versions) && strings.Trim(fields[1], "vx") == "":
			tab.verdicts[fields[0]] = fields[1]
		default:
			t.Fatalf("sweep_verdicts.txt: cannot read line %q", sc.Text())
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(tab.versions) == 0 || len(tab.verdicts) == 0 {
		t.Fatal("sweep_verdicts.txt lists no version or no fixture")
	}
	return tab
}

var formatVersionLine = regexp.MustCompile(`(?m)^format_version:[^\n]*$`)

// loadFixture reads a fixture into memory, so that each version rewrites only its manifest.
func loadFixture(t *testing.T, dir string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path.Join(dir, p))
		m[p] = &fstest.MapFile{Data: data, Mode: 0o644}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestFormatVersionSweep validates every fixture at every version of the verdict table, with
// its format_version rewritten in memory, and compares the verdicts with the reference's.
func TestFormatVersionSweep(t *testing.T) {
	tab := readSweepTable(t)
	entries, err := os.ReadDir(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	cl, err := specversion.Load()
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, v := range tab.versions {
		listed[v] = true
	}
	for _, v := range cl.Versions {
		if !listed[v.Original()] {
			t.Errorf("sweep_verdicts.txt has no verdicts at %s, a version of spec/changelog.yml", v.Original())
		}
	}
	seen := map[string]bool{}
	for _, e := range entries {
		want, ok := tab.verdicts[e.Name()]
		if !e.IsDir() || !ok {
			continue
		}
		seen[e.Name()] = true
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			files := loadFixture(t, path.Join(fixtures, name))
			manifest := files["manifest.yml"]
			if manifest == nil || !formatVersionLine.Match(manifest.Data) {
				t.Fatal("the fixture's manifest names no format_version to rewrite")
			}
			var bad []string
			for i, v := range tab.versions {
				fsys := fstest.MapFS{}
				for p, f := range files {
					fsys[p] = f
				}
				done := false
				rewritten := formatVersionLine.ReplaceAllFunc(manifest.Data, func(line []byte) []byte {
					if done {
						return line
					}
					done = true
					return []byte(`format_version: "` + v + `"`)
				})
				fsys["manifest.yml"] = &fstest.MapFile{Data: rewritten, Mode: 0o644}
				got := byte('x')
				if ValidateFS(fsys, name, Options{Mode: Legacy}).Valid() {
					got = 'v'
				}
				expect := want[i]
				if d, ok := tab.deviates[[2]string{name, v}]; ok {
					expect = d
				}
				if got != expect {
					bad = append(bad, v+": got "+string(got)+", want "+string(expect))
				}
			}
			if len(bad) > 0 {
				t.Errorf("verdicts differ from the reference's at %d of %d versions:\n  %s", len(bad), len(tab.versions), strings.Join(bad, "\n  "))
			}
		})
	}
	for name := range tab.verdicts {
		if !seen[name] {
			t.Errorf("sweep_verdicts.txt lists %s, which is not a fixture of test/packages", name)
		}
	}
}
