package validator

import (
	"encoding/json"
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
