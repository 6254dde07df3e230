package registry

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// corpusStorage is the folder of real packages the cold-start benchmark loads:
// PKGSPEC_CORPUS_STORAGE, or the team's shared corpus.
func corpusStorage(b *testing.B) string {
	dir := os.Getenv("PKGSPEC_CORPUS_STORAGE")
	if dir == "" {
		dir = "/work/shared/corpus/storage"
	}
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("no corpus: %v", err)
	}
	return dir
}

// peakRSS is the process's peak resident memory in MB (Linux), or 0.
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}

// cpuTime is the CPU time (user and system) the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkColdStartCorpus loads the corpus with full pkgspec validation and no cache.
func BenchmarkColdStartCorpus(b *testing.B) {
	dir := corpusStorage(b)
	for _, mode := range []ValidationMode{ValidationReport, ValidationOff} {
		b.Run("validation="+mode.String(), func(b *testing.B) {
			var n int
			cpu := cpuTime()
			for b.Loop() {
				ix, _, err := (&Loader{Paths: []string{dir}, Validation: mode}).Load()
				if err != nil {
					b.Fatal(err)
				}
				n = ix.Len()
			}
			b.ReportMetric(float64(n), "packages")
			b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(peakRSS(), "peak-RSS-MB")
		})
	}
}

// goodFixtures are the test packages pkgspec finds valid.
var goodFixtures = []string{"good_content", "good_dashboard_by_reference_v2", "good_data_streams", "good_input",
	"good_input_format_1_9", "good_integration_v1", "good_integration_v2", "good_integration_v3",
	"good_kibana_assets", "good_kibana_objects", "good_manifest_rules_v3"}

// versionsRoot writes n package versions, copies of the good fixtures with versions 1.I.0.
func versionsRoot(b *testing.B, n int) string {
	dir := b.TempDir()
	for i := range n {
		copyFixture(b, dir, goodFixtures[i%len(goodFixtures)], fmt.Sprintf("1.%d.0", i))
	}
	return dir
}

// BenchmarkWarmStart starts a new Loader (as a new process would) on a cache filled by an
// earlier run over 1,000 package versions.
func BenchmarkWarmStart(b *testing.B) {
	const n = 1000
	dir := versionsRoot(b, n)
	cacheDir := b.TempDir()
	// Folders changed less than listingSettle ago are listed again at each load: a warm
	// start is one on packages that were not just written.
	time.Sleep(listingSettle)
	start := time.Now()
	if _, _, err := (&Loader{Paths: []string{dir}, CacheDir: cacheDir}).Load(); err != nil {
		b.Fatal(err)
	}
	b.Logf("cold start with validation over %d versions: %v", n, time.Since(start))
	b.Run("load", func(b *testing.B) {
		var rep *Report
		cpu := cpuTime()
		for b.Loop() {
			ix, r, err := (&Loader{Paths: []string{dir}, CacheDir: cacheDir}).Load()
			if err != nil {
				b.Fatal(err)
			}
			if r.Read != 0 || ix.Len() != n {
				b.Fatalf("warm start read %d packages, serves %d", r.Read, ix.Len())
			}
			rep = r
		}
		b.ReportMetric(float64(rep.Cached), "versions")
		b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
	})
	// The same in a new process, as `pkgspec serve` starts: the Load is timed inside the
	// process (its start-up, the same for any number of packages, is left out).
	b.Run("process", func(b *testing.B) {
		var wall, cpu time.Duration
		for b.Loop() {
			cmd := exec.Command(os.Args[0], "-test.run=^TestWarmStartProcess$")
			cmd.Env = append(os.Environ(), "PKGSPEC_WARM_START="+dir+string(os.PathListSeparator)+cacheDir)
			out, err := cmd.CombinedOutput()
			if err != nil {
				b.Fatalf("%v: %s", err, out)
			}
			var w, c, read int64
			if _, err := fmt.Sscanf(string(out[bytes.Index(out, []byte("warm start:")):]), "warm start: %d %d %d", &w, &c, &read); err != nil || read != 0 {
				b.Fatalf("read %d packages, %v: %s", read, err, out)
			}
			wall += time.Duration(w)
			cpu += time.Duration(c)
		}
		b.ReportMetric(float64(wall.Milliseconds())/float64(b.N), "load-ms/op")
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "load-cpu-ms/op")
	})
	// The parts: finding the packages (the walk BuildIndex does, with the folder listings of
	// the cache, as a warm start does), and computing their keys.
	root := os.DirFS(dir)
	c, err := openCache(cacheDir)
	if err != nil {
		b.Fatal(err)
	}
	abs, _ := filepath.Abs(dir)
	b.Run("find", func(b *testing.B) {
		cpu := cpuTime()
		for b.Loop() {
			if _, _, err := findSources(root, newListings(c.folders[abs], time.Now(), abs)); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
	})
	_, folders, _ := findSources(root, nil)
	b.Run("keys", func(b *testing.B) {
		cpu := cpuTime()
		for b.Loop() {
			for _, f := range folders {
				if _, err := sourceKey(dir, &source{root: root, path: f.path, walk: f}, true); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
	})
}

// TestWarmStartProcess is the new process of BenchmarkWarmStart/process: it loads the root
// named by PKGSPEC_WARM_START with its cache, and prints the wall and CPU time of the Load
// and how many packages it read.
func TestWarmStartProcess(t *testing.T) {
	env := os.Getenv("PKGSPEC_WARM_START")
	if env == "" {
		t.Skip("run by BenchmarkWarmStart/process")
	}
	dir, cacheDir, _ := strings.Cut(env, string(os.PathListSeparator))
	start, cpu := time.Now(), cpuTime()
	_, rep, err := (&Loader{Paths: []string{dir}, CacheDir: cacheDir}).Load()
	require.NoError(t, err)
	fmt.Printf("warm start: %d %d %d\n", time.Since(start), cpuTime()-cpu, rep.Read)
}

// BenchmarkSearch asks /search and /search?all=true, through the whole handler and loopback
// HTTP, of a registry of 2,000 package versions, and reports the median and 99th percentile.
func BenchmarkSearch(b *testing.B) {
	const n = 2000
	dir := versionsRoot(b, n)
	rl := &Reloader{Loader: &Loader{Paths: []string{dir}, Validation: ValidationOff}, Server: NewServer(Options{}),
		Metrics: NewMetrics("bench", "bench")}
	if _, err := rl.Reload(); err != nil {
		b.Fatal(err)
	}
	if got := rl.Server.Index().Len(); got != n {
		b.Fatalf("%d versions served", got)
	}
	srv := httptest.NewServer(rl.Handler(nil))
	defer srv.Close()
	client := srv.Client()
	fresh := 0                  // the last capN asked for
	sizes := map[string]int64{} // of plain answers, by case
	for _, c := range []struct{ name, query string }{
		{"newest", "/search?"},
		{"all", "/search?all=true"},
		{"kibana", "/search?kibana.version=9.2.0&prerelease=true"},
	} {
		for _, v := range []struct {
			gz, fresh bool
		}{{false, false}, {true, false}, {false, true}, {true, true}} {
			// fresh asks each time a question not asked before, so that nothing is
			// remembered: the cost of a first answer. Each asks for one more capability,
			// capN, that no package requires: the filter differs (the server computes the
			// answer again), the answer does not (the same packages, the same size as the
			// remembered one, which the benchmark checks; the remembered all=true
			// answer was computed when the index was set). Unknown parameters would not do,
			// as they are ignored and share the answer without.
			b.Run(fmt.Sprintf("%s/gzip=%v/fresh=%v", c.name, v.gz, v.fresh), func(b *testing.B) {
				var lat []time.Duration
				var size int64
				for b.Loop() {
					q := c.query
					if v.fresh {
						fresh++
						q += fmt.Sprintf("&capabilities=observability,security,cap%d", fresh)
					}
					req, _ := http.NewRequest(http.MethodGet, srv.URL+q, nil)
					req.Header.Set("Accept-Encoding", "identity")
					if v.gz {
						req.Header.Set("Accept-Encoding", "gzip")
					}
					t := time.Now()
					resp, err := client.Transport.RoundTrip(req)
					if err != nil {
						b.Fatal(err)
					}
					size, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					lat = append(lat, time.Since(t))
					if resp.StatusCode != http.StatusOK {
						b.Fatal(resp.Status)
					}
				}
				slices.Sort(lat)
				b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "median-ms")
				b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
				// (Gzipped sizes differ: a fresh large answer is compressed faster.)
				if known, ok := sizes[c.name]; ok && v.fresh && !v.gz && size != known {
					b.Fatalf("fresh answer of %d bytes, remembered one of %d", size, known)
				}
				if !v.gz {
					sizes[c.name] = size
				}
				b.ReportMetric(float64(size)/1024, "body-KB")
			})
		}
	}
	// Memory of the process serving the 2,000 versions, after the searches above.
	b.Run("memory", func(b *testing.B) {
		var ms runtime.MemStats
		for b.Loop() {
			runtime.GC()
			runtime.ReadMemStats(&ms)
		}
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
		b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MB")
		b.ReportMetric(peakRSS(), "peak-RSS-MB")
	})
}
