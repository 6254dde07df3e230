package validator

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

const corpus = "../../../../../shared/corpus"

func corpusPaths(b *testing.B) []string {
	data, err := os.ReadFile(filepath.Join(corpus, "expected.json"))
	if err != nil {
		b.Skip("no ../shared/corpus beside the project")
	}
	var doc struct {
		Packages []struct{ Path string } `json:"packages"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		b.Fatal(err)
	}
	paths := make([]string, len(doc.Packages))
	for i, p := range doc.Packages {
		paths[i] = filepath.Join(corpus, p.Path)
	}
	return paths
}

// BenchmarkSmallPackage validates one small fixture package.
func BenchmarkSmallPackage(b *testing.B) {
	dir := filepath.Join(fixtures, "good_integration_v3")
	ValidateDir(dir, Options{}) // load and compile the spec once, as a long-lived process would
	b.ReportAllocs()
	for b.Loop() {
		ValidateDir(dir, Options{})
	}
}

// BenchmarkLargePackage validates the largest corpus package (storage/aws).
func BenchmarkLargePackage(b *testing.B) {
	dir := largePackage(b)
	ValidateDir(dir, Options{})
	b.ReportAllocs()
	for b.Loop() {
		ValidateDir(dir, Options{})
	}
}

// largePackage returns the folder of storage/aws in the corpus, or skips the benchmark.
func largePackage(b *testing.B) string {
	dir := filepath.Join(corpus, "storage", "aws")
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		b.Skip("no storage/aws in ../shared/corpus")
	}
	return filepath.Join(dir, entries[0].Name())
}

// BenchmarkCorpus validates every package of ../shared/corpus on every core.
func BenchmarkCorpus(b *testing.B) {
	paths := corpusPaths(b)
	b.ReportAllocs()
	for b.Loop() {
		ValidatePaths(paths, Options{})
	}
}

// BenchmarkCorpusCLI runs the pkgspec command over every package of ../shared/corpus, one
// process per iteration, as users and CI run it: the spec versions the packages name are loaded
// and compiled in each run. Compare its ns/op with BenchmarkCorpusFloor's. It also reports the
// process time (user + system CPU) per run.
func BenchmarkCorpusCLI(b *testing.B) {
	paths := corpusPaths(b)
	benchCLI(b, append([]string{"validate", "--format", "json"}, paths...))
}

// BenchmarkLargePackageCLI runs the pkgspec command on the largest corpus package
// (storage/aws), one process per iteration, and reports its process time.
func BenchmarkLargePackageCLI(b *testing.B) {
	benchCLI(b, []string{"validate", "--format", "json", largePackage(b)})
}

func benchCLI(b *testing.B, args []string) {
	bin := filepath.Join(b.TempDir(), "pkgspec")
	build := exec.Command("go", "build", "-o", bin, "../../cmd/pkgspec")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	var cpu time.Duration
	for b.Loop() {
		cmd := exec.Command(bin, args...)
		if err := cmd.Run(); err != nil {
			if _, invalid := err.(*exec.ExitError); !invalid || cmd.ProcessState.ExitCode() != 1 {
				b.Fatalf("pkgspec: %v", err)
			}
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkCorpusFloor reads every file of the corpus packages and parses each YAML and JSON
// file once, on every core: no validator can be much faster than this.
func BenchmarkCorpusFloor(b *testing.B) {
	paths := corpusPaths(b)
	b.ReportAllocs()
	for b.Loop() {
		work := make(chan string)
		var wg sync.WaitGroup
		for range maxProcs() {
			wg.Go(func() {
				for p := range work {
					parseAll(p)
				}
			})
		}
		for _, p := range paths {
			work <- p
		}
		close(work)
		wg.Wait()
	}
}

func parseAll(root string) {
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		var v any
		switch {
		case strings.HasSuffix(p, ".json"):
			_ = json.Unmarshal(data, &v)
		case strings.HasSuffix(p, ".yml"), strings.HasSuffix(p, ".yaml"):
			_ = yaml.Unmarshal(data, &v)
		}
		return nil
	})
}

func maxProcs() int { return runtime.GOMAXPROCS(0) }

// The benchmarks below validate inputs that cost much to check, within the spec's limits or
// barely beyond them (docs/performance.md, "Hostile inputs"). Each iteration is a whole
// validation; run them with -benchtime 1x:
//
//	go test -run '^$' -bench Hostile -benchtime 1x ./code/go/pkg/validator/
//
// peak-MB is the largest heap in use seen during the iterations, above the heap before them;
// errors is the number of errors reported.

// benchHostile validates the package at p once per iteration, reporting its peak heap.
func benchHostile(b *testing.B, p string, opts Options) {
	ValidateDir(filepath.Join(fixtures, "good_integration_v3"), Options{}) // load the spec
	var res Result
	var peak uint64
	for b.Loop() {
		var heap uint64
		res, heap = peakHeap(func() Result { return ValidatePath(p, opts) })
		peak = max(peak, heap)
	}
	b.ReportMetric(float64(peak), "peak-MB")
	b.ReportMetric(float64(len(res.Errors)), "errors")
}

// hostileDir writes the base package with files changed into a folder of b.TempDir().
func hostileDir(b *testing.B, files map[string][]byte) string {
	dir := filepath.Join(b.TempDir(), "pkg")
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// hostileZip writes files, by their path in the archive, as a .zip of b.TempDir().
func hostileZip(b *testing.B, files map[string][]byte) string {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range files {
		w, err := zw.Create(name)
		if err != nil {
			b.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(b.TempDir(), "pkg.zip")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkHostileFields48x5MB: 48 field files of 5 MB of wrong definitions, in a folder.
func BenchmarkHostileFields48x5MB(b *testing.B) {
	benchHostile(b, hostileDir(b, withFieldFiles(b, 48, wrongFields(5_000_000))), Options{})
}

// BenchmarkHostileFields48x5MBZip: the same package as a 20 MB archive.
func BenchmarkHostileFields48x5MBZip(b *testing.B) {
	files := map[string][]byte{}
	for name, data := range withFieldFiles(b, 48, wrongFields(5_000_000)) {
		files["pkg/"+name] = data
	}
	benchHostile(b, hostileZip(b, files), Options{})
}

// BenchmarkHostileFields48x1400KB: 48 field files each under the values one file may hold,
// beyond those a package may hold in all.
func BenchmarkHostileFields48x1400KB(b *testing.B) {
	benchHostile(b, hostileDir(b, withFieldFiles(b, 48, wrongFields(1_400_000))), Options{})
}

// BenchmarkHostileOverlappingZip: an archive of 48 entries of 5 MB sharing the same bytes.
func BenchmarkHostileOverlappingZip(b *testing.B) {
	benchHostile(b, overlappingArchive(b, 47, wrongFields(5_000_000)), Options{})
}

// BenchmarkHostileAnchors600k: a manifest of 600,000 distinct anchors.
func BenchmarkHostileAnchors600k(b *testing.B) {
	files := basePackage(b)
	files["manifest.yml"] = anchoredCategories(b, 600_000)
	benchHostile(b, hostileDir(b, files), Options{})
}

// BenchmarkHostileAnchors400k: a manifest of 400,000 anchored wrong values, under the values
// one file may hold.
func BenchmarkHostileAnchors400k(b *testing.B) {
	files := basePackage(b)
	files["manifest.yml"] = anchoredCategories(b, 400_000)
	benchHostile(b, hostileDir(b, files), Options{})
}

// BenchmarkHostileZipFolders1500k: an archive of 1.5 million folder entries.
func BenchmarkHostileZipFolders1500k(b *testing.B) {
	files := map[string][]byte{}
	for name, data := range basePackage(b) {
		files["pkg/"+name] = data
	}
	for i := range 1_500_000 {
		files[fmt.Sprintf("pkg/img/%d/", i)] = nil
	}
	benchHostile(b, hostileZip(b, files), Options{})
}

// BenchmarkHostileImages100k: a folder whose img/ holds 100,000 files.
func BenchmarkHostileImages100k(b *testing.B) {
	dir := hostileDir(b, basePackage(b))
	for i := range 100_000 {
		if err := os.WriteFile(filepath.Join(dir, "img", fmt.Sprintf("%d.png", i)), nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	benchHostile(b, dir, Options{})
}
