package validator

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wrongFields returns a field file of about size bytes whose every definition has an unknown
// type: each one is a schema error.
func wrongFields(size int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "- name: f%d\n  type: bogus\n", i)
	}
	return b.Bytes()
}

// withFieldFiles returns the base package with n copies of data as field files.
func withFieldFiles(t testing.TB, n int, data []byte) map[string][]byte {
	files := basePackage(t)
	for i := range n {
		files[fmt.Sprintf("data_stream/audit/fields/f%02d.yml", i)] = data
	}
	return files
}

// anchoredCategories returns the base manifest with n anchored, wrong categories.
func anchoredCategories(t testing.TB, n int) []byte {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "  - &a%d x\n", i)
	}
	m := string(basePackage(t)["manifest.yml"])
	return []byte(strings.Replace(m, "categories:\n", "categories:\n"+b.String(), 1))
}

// peakHeap runs f and returns what it returns and the largest heap in use seen while it ran,
// sampled, above the heap in use before, in MB.
func peakHeap[T any](f func() T) (T, uint64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	v := f()
	close(done)
	wg.Wait()
	if peak < base {
		return v, 0
	}
	return v, (peak - base) >> 20
}

// overlappingArchive writes the base package as an archive, plus copies field file entries
// whose central directory headers all point at the local header and bytes of the first.
func overlappingArchive(t testing.TB, copies int, data []byte) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range packageEntries(t, "pkg") {
		w, err := zw.Create(e.name)
		require.NoError(t, err)
		_, err = w.Write(e.data)
		require.NoError(t, err)
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "pkg/data_stream/audit/fields/f00.yml", Method: zip.Deflate})
	require.NoError(t, err)
	_, err = w.Write(data)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	raw := buf.Bytes()
	end := bytes.LastIndex(raw, []byte{'P', 'K', 5, 6})
	dirOff := int(binary.LittleEndian.Uint32(raw[end+16:]))
	records := int(binary.LittleEndian.Uint16(raw[end+10:]))
	// The last central header is the field file's.
	last := bytes.LastIndex(raw[:end], []byte{'P', 'K', 1, 2})
	hdr := raw[last : last+46]
	out := append([]byte{}, raw[:end]...)
	for i := 1; i <= copies; i++ {
		name := fmt.Sprintf("pkg/data_stream/audit/fields/f%02d.yml", i)
		h := append([]byte{}, hdr...)
		binary.LittleEndian.PutUint16(h[28:], uint16(len(name)))
		binary.LittleEndian.PutUint16(h[30:], 0)
		binary.LittleEndian.PutUint16(h[32:], 0)
		out = append(append(out, h...), name...)
	}
	rec := append([]byte{}, raw[end:end+22]...)
	binary.LittleEndian.PutUint16(rec[8:], uint16(records+copies))
	binary.LittleEndian.PutUint16(rec[10:], uint16(records+copies))
	binary.LittleEndian.PutUint32(rec[12:], uint32(len(out)-dirOff))
	p := filepath.Join(t.TempDir(), "overlap.zip")
	require.NoError(t, os.WriteFile(p, append(out, rec...), 0o644))
	return p
}

func sha(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// TestBoundedWork gives the validator packages within the spec's limits (or barely beyond
// them) that cost much to check: each must give the error that says why its work was cut
// short, report a bounded number of errors, and stay within a generous memory bound.
func TestBoundedWork(t *testing.T) {
	type outcome struct {
		input     bool   // an input error
		file      string // the file the error names
		msg       string // a part of the message
		maxErrors int    // the most errors reported (0: no bound checked)
		maxHeapMB uint64 // the most heap in use above the start (0: not checked)
		absent    string // text that no error may hold
	}
	cases := []struct {
		name  string
		short bool // run with -short too
		run   func(t *testing.T) Result
		want  outcome
	}{
		{"field files beyond the values one file may hold", false, func(t *testing.T) Result {
			dir := filepath.Join(t.TempDir(), "pkg")
			writePackage(t, dir, withFieldFiles(t, 3, wrongFields(3200<<10)))
			return ValidateDir(dir, Options{})
		}, outcome{file: "data_stream/audit/fields/f02.yml", msg: "not checked: the file holds more than 500000 YAML nodes", maxErrors: 10, maxHeapMB: 700}},
		{"field file of many wrong definitions", true, func(t *testing.T) Result {
			return ValidateFS(fsWith(t, "data_stream/audit/fields/fields.yml", wrongFields(1<<20)), "pkg", Options{})
		}, outcome{file: "data_stream/audit/fields/fields.yml", msg: "checking of this file stopped after 200 errors", maxErrors: 220, maxHeapMB: 400}},
		{"field files beyond the values a package may hold", false, func(t *testing.T) Result {
			dir := filepath.Join(t.TempDir(), "pkg")
			writePackage(t, dir, withFieldFiles(t, 6, wrongFields(1200<<10)))
			return ValidateDir(dir, Options{})
		}, outcome{file: "data_stream/audit/fields/f05.yml", msg: "not checked: the YAML and JSON files of the package hold more than 1000000 values in all", maxErrors: 2500, maxHeapMB: 700}},
		{"manifest of 400,000 anchored wrong categories", false, func(t *testing.T) Result {
			return ValidateFS(fsWith(t, "manifest.yml", anchoredCategories(t, 400_000)), "pkg", Options{})
		}, outcome{file: "manifest.yml", msg: "not checked against its schema: the file holds", maxErrors: 10, maxHeapMB: 600}},
		{"manifest of 600,000 distinct anchors", false, func(t *testing.T) Result {
			return ValidateFS(fsWith(t, "manifest.yml", anchoredCategories(t, 600_000)), "pkg", Options{})
		}, outcome{file: "manifest.yml", msg: "not checked: the file holds more than 500000 YAML nodes", maxErrors: 10, maxHeapMB: 600}},
		{"zip whose entries share their bytes", true, func(t *testing.T) Result {
			return ValidatePath(overlappingArchive(t, 47, wrongFields(5<<20)), Options{})
		}, outcome{input: true, msg: "the central directory and the local headers disagree", maxHeapMB: 50}},
		{"zip of 70,000 folders", true, func(t *testing.T) Result {
			entries := packageEntries(t, "pkg")
			for i := range 70_000 {
				entries = append(entries, zipEntry{name: fmt.Sprintf("pkg/img/%d/", i)})
			}
			return ValidatePath(writeArchive(t, entries), Options{})
		}, outcome{input: true, msg: "holds more than 65535 files and folders", maxHeapMB: 100}},
		{"folder of 66,000 images", false, func(t *testing.T) Result {
			dir := filepath.Join(t.TempDir(), "pkg")
			writePackage(t, dir, basePackage(t))
			for i := range 66_000 {
				require.NoError(t, os.WriteFile(filepath.Join(dir, "img", fmt.Sprintf("%d.png", i)), nil, 0o644))
			}
			return ValidateDir(dir, Options{})
		}, outcome{input: true, msg: "holds more than 65535 files and folders", maxHeapMB: 200}},
		{"images counted towards a lower file budget", true, func(t *testing.T) Result {
			dir := filepath.Join(t.TempDir(), "pkg")
			writePackage(t, dir, basePackage(t))
			for i := range 30 {
				require.NoError(t, os.WriteFile(filepath.Join(dir, "img", fmt.Sprintf("%d.png", i)), nil, 0o644))
			}
			return ValidateDir(dir, Options{MaxFiles: 25})
		}, outcome{input: true, msg: "holds more than 25 files and folders"}},
		{"package beyond a byte budget", true, func(t *testing.T) Result {
			dir := filepath.Join(t.TempDir(), "pkg")
			writePackage(t, dir, withFieldFiles(t, 2, wrongFields(20<<10)))
			return ValidateDir(dir, Options{MaxBytes: 32 << 10})
		}, outcome{input: true, msg: "its files hold more than 32768 bytes in all"}},
		{"errors beyond a total budget", true, func(t *testing.T) Result {
			files := basePackage(t)
			for i := range 20 {
				files[fmt.Sprintf("data_stream/audit/fields/f%02d.yml", i)] = wrongFields(200)
			}
			dir := filepath.Join(t.TempDir(), "pkg")
			writePackage(t, dir, files)
			return ValidateDir(dir, Options{MaxErrors: 30, MaxFileErrors: 3})
		}, outcome{file: "", msg: "more errors left out (at most 30 are reported per package)", maxErrors: 31}},
		{"link leaving the package without a link root", true, func(t *testing.T) Result {
			top := t.TempDir() // temporary folders are in no repository: no .git above
			secret := []byte("api_key: s3cr3t\nother_secret_key: x\n")
			require.NoError(t, os.WriteFile(filepath.Join(top, "secrets.yml"), secret, 0o600))
			dir := filepath.Join(top, "pkg")
			files := basePackage(t)
			files["data_stream/audit/fields/leak.yml.link"] = []byte("../../../../secrets.yml " + sha(secret) + "\n")
			writePackage(t, dir, files)
			return ValidateDir(dir, Options{})
		}, outcome{file: "data_stream/audit/fields/leak.yml.link", msg: "is outside the package, and no link root lets links leave it", absent: "api_key"}},
		{"link to /etc/passwd without a link root", true, func(t *testing.T) Result {
			dir := filepath.Join(t.TempDir(), "pkg")
			files := basePackage(t)
			files["data_stream/audit/fields/passwd.yml.link"] = []byte(strings.Repeat("../", 20) + "etc/passwd\n")
			writePackage(t, dir, files)
			return ValidateDir(dir, Options{})
		}, outcome{file: "data_stream/audit/fields/passwd.yml.link", msg: "is outside the package", absent: "x:0:0"}},
		{"link whose target changed", true, func(t *testing.T) Result {
			top := t.TempDir()
			dir := filepath.Join(top, "pkg")
			files := basePackage(t)
			files["shared/wrong.yml"] = []byte("- name: a\n  type: not_a_type\n")
			files["data_stream/audit/fields/wrong.yml.link"] = []byte("../../../shared/wrong.yml " + sha([]byte("other content")) + "\n")
			writePackage(t, dir, files)
			return ValidateDir(dir, Options{})
		}, outcome{file: "data_stream/audit/fields/wrong.yml.link", msg: "has changed since the link was written", absent: "not_a_type"}},
		{"link in a built package", true, func(t *testing.T) Result {
			top := t.TempDir()
			dir := filepath.Join(top, "pkg")
			target := []byte("- name: a\n  type: keyword\n")
			files := basePackage(t)
			files["shared/ok.yml"] = target
			files["data_stream/audit/fields/ok.yml.link"] = []byte("../../../shared/ok.yml " + sha(target) + "\n")
			writePackage(t, dir, files)
			return ValidateDir(dir, Options{Mode: Build})
		}, outcome{file: "data_stream/audit/fields/ok.yml.link", msg: ".link files are not allowed in built packages"}},
		{"cancelled validation", true, func(t *testing.T) Result {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ValidateDir(filepath.Join(fixtures, "good_integration_v3"), Options{Context: ctx})
		}, outcome{input: true, msg: "validation stopped before its end: context canceled"}},
		{"validation past its deadline", true, func(t *testing.T) Result {
			dir := filepath.Join(t.TempDir(), "pkg")
			writePackage(t, dir, withFieldFiles(t, 20, wrongFields(200<<10)))
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			return ValidateDir(dir, Options{Context: ctx})
		}, outcome{input: true, msg: "validation stopped before its end: context deadline exceeded"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if testing.Short() && !c.short {
				t.Skip("costly: not run with -short")
			}
			res, heap := peakHeap(func() Result { return c.run(t) })
			t.Logf("%d errors, peak heap %d MB above the start", len(res.Errors), heap)
			require.False(t, res.Valid())
			if c.want.maxHeapMB > 0 {
				assert.LessOrEqual(t, heap, c.want.maxHeapMB, "peak heap in MB")
			}
			if c.want.maxErrors > 0 {
				assert.LessOrEqual(t, len(res.Errors), c.want.maxErrors)
			}
			if c.want.absent != "" {
				assert.NotContains(t, res.Errors.Error(), c.want.absent, "the error gives away content it should not have read")
			}
			if c.want.input {
				require.Error(t, res.InputErr)
				assert.Contains(t, res.InputErr.Error(), c.want.msg)
				if strings.Contains(c.name, "validation") {
					assert.True(t, errors.Is(res.InputErr, context.Canceled) || errors.Is(res.InputErr, context.DeadlineExceeded))
				}
				return
			}
			require.NoError(t, res.InputErr)
			for _, e := range res.Errors {
				if e.File == c.want.file && strings.Contains(e.Message, c.want.msg) {
					return
				}
			}
			t.Errorf("no error on %q containing %q; got:\n%s", c.want.file, c.want.msg, head(res.Errors.Error(), 20))
		})
	}
}

func head(s string, lines int) string {
	parts := strings.SplitN(s, "\n", lines+1)
	return strings.Join(parts[:min(lines, len(parts))], "\n")
}
