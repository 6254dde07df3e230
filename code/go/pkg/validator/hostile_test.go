package validator

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// basePackage returns the files of a valid package, by slash-separated path.
func basePackage(t testing.TB) map[string][]byte {
	t.Helper()
	dir := filepath.Join(fixtures, "good_integration_v3")
	files := map[string][]byte{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	}))
	return files
}

// writePackage writes files under dir.
func writePackage(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, data, 0o644))
	}
}

// zipEntry is one entry of a crafted archive: either plain data, or a raw header and the
// bytes written as they are.
type zipEntry struct {
	name string
	data []byte
	mode fs.FileMode
	raw  *zip.FileHeader
}

// writeArchive writes a .zip of entries in t.TempDir() and returns its path.
func writeArchive(t *testing.T, entries []zipEntry) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		if e.raw != nil {
			w, err := zw.CreateRaw(e.raw)
			require.NoError(t, err)
			_, err = w.Write(e.data)
			require.NoError(t, err)
			continue
		}
		fh := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if len(e.data) == 0 {
			fh.Method = zip.Store // cheap for the many empty entries of some cases
		}
		if e.mode != 0 {
			fh.SetMode(e.mode)
		}
		w, err := zw.CreateHeader(fh)
		require.NoError(t, err)
		_, err = w.Write(e.data)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	p := filepath.Join(t.TempDir(), "hostile.zip")
	require.NoError(t, os.WriteFile(p, buf.Bytes(), 0o644))
	return p
}

// packageEntries returns the base package as archive entries under root.
func packageEntries(t testing.TB, root string) []zipEntry {
	files := basePackage(t)
	var out []zipEntry
	for _, name := range sortedKeys(files) {
		out = append(out, zipEntry{name: root + "/" + name, data: files[name]})
	}
	return out
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func deflate(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	require.NoError(t, err)
	_, err = w.Write(data)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// folderWith writes the base package changed by change into a new folder and returns it.
func folderWith(t *testing.T, change func(t *testing.T, dir string, files map[string][]byte)) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "pkg")
	files := basePackage(t)
	change(t, dir, files)
	writePackage(t, dir, files)
	return dir
}

// fsWith returns the base package with manifest.yml replaced, as an in-memory file system.
func fsWith(t *testing.T, name string, data []byte) fstest.MapFS {
	m := fstest.MapFS{}
	for k, v := range basePackage(t) {
		m[k] = &fstest.MapFile{Data: v}
	}
	m[name] = &fstest.MapFile{Data: data}
	return m
}

func aliasBomb() []byte {
	var b strings.Builder
	b.WriteString(`a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]` + "\n")
	for i := 1; i <= 9; i++ {
		refs := strings.Repeat(fmt.Sprintf("*a%d,", i-1), 10)
		fmt.Fprintf(&b, "a%d: &a%d [%s]\n", i, i, strings.TrimSuffix(refs, ","))
	}
	return []byte(b.String())
}

// TestHostileInput gives the validator broken and hostile packages: each must give one clear
// error naming the file (or the archive entry), and none may panic, hang or read without bound.
func TestHostileInput(t *testing.T) {
	type outcome struct {
		input bool   // an input error: the package cannot be read at all
		file  string // the file the error names (for validation errors)
		msg   string // a part of the message
	}
	cases := []struct {
		name string
		run  func(t *testing.T) Result
		want outcome
	}{
		// Archives.
		{"zip entry with ..", func(t *testing.T) Result {
			return ValidatePath(writeArchive(t, append(packageEntries(t, "pkg"), zipEntry{name: "pkg/../evil.txt", data: []byte("x")})), Options{})
		}, outcome{input: true, msg: `entry "pkg/../evil.txt" has '..' in its path`}},
		{"zip entry with an absolute path", func(t *testing.T) Result {
			return ValidatePath(writeArchive(t, []zipEntry{{name: "/etc/cron.d/evil", data: []byte("x")}}), Options{})
		}, outcome{input: true, msg: `entry "/etc/cron.d/evil" has an absolute path`}},
		{"zip entry with a drive letter", func(t *testing.T) Result {
			return ValidatePath(writeArchive(t, []zipEntry{{name: "C:/evil", data: []byte("x")}}), Options{})
		}, outcome{input: true, msg: `entry "C:/evil" has an absolute path`}},
		{"zip entry with backslashes", func(t *testing.T) Result {
			return ValidatePath(writeArchive(t, append(packageEntries(t, "pkg"), zipEntry{name: `pkg\..\evil.txt`, data: []byte("x")})), Options{})
		}, outcome{input: true, msg: `entry "pkg\\..\\evil.txt" has a backslash in its name`}},
		{"zip duplicate entries", func(t *testing.T) Result {
			return ValidatePath(writeArchive(t, append(packageEntries(t, "pkg"), zipEntry{name: "pkg/manifest.yml", data: []byte("name: other\n")})), Options{})
		}, outcome{input: true, msg: "entry pkg/manifest.yml appears more than once"}},
		{"zip file used as a folder", func(t *testing.T) Result {
			return ValidatePath(writeArchive(t, append(packageEntries(t, "pkg"), zipEntry{name: "pkg/manifest.yml/x", data: []byte("x")})), Options{})
		}, outcome{input: true, msg: "entry pkg/manifest.yml is both a file and the folder of pkg/manifest.yml/x"}},
		{"zip symbolic link", func(t *testing.T) Result {
			return ValidatePath(writeArchive(t, append(packageEntries(t, "pkg"), zipEntry{name: "pkg/docs/evil.md", data: []byte("/etc/passwd"), mode: fs.ModeSymlink | 0o777})), Options{})
		}, outcome{input: true, msg: "entry pkg/docs/evil.md is a symbolic link"}},
		{"zip with two root folders", func(t *testing.T) Result {
			return ValidatePath(writeArchive(t, append(packageEntries(t, "one"), packageEntries(t, "two")...)), Options{})
		}, outcome{input: true, msg: "must hold a single package folder at its top level, found 2 entries there (one, two)"}},
		{"zip with a file beside the root folder", func(t *testing.T) Result {
			return ValidatePath(writeArchive(t, append(packageEntries(t, "pkg"), zipEntry{name: "README", data: []byte("x")})), Options{})
		}, outcome{input: true, msg: "found 2 entries there (README, pkg)"}},
		{"zip entry declaring a huge size", func(t *testing.T) Result {
			data := deflate(t, []byte("format_version: 3.0.0\n"))
			raw := &zip.FileHeader{Name: "pkg/manifest.yml", Method: zip.Deflate, CompressedSize64: uint64(len(data)), UncompressedSize64: 1 << 40}
			return ValidatePath(writeArchive(t, []zipEntry{{raw: raw, data: data}}), Options{})
		}, outcome{input: true, msg: "entry pkg/manifest.yml declares 1099511627776 bytes uncompressed, more than the 262144000 bytes"}},
		{"zip entries declaring a huge size in all", func(t *testing.T) Result {
			var entries []zipEntry
			for i := range 3 {
				data := deflate(t, nil)
				raw := &zip.FileHeader{Name: fmt.Sprintf("pkg/docs/part%d.md", i), Method: zip.Deflate, CompressedSize64: uint64(len(data)), UncompressedSize64: 100 << 20}
				entries = append(entries, zipEntry{raw: raw, data: data})
			}
			return ValidatePath(writeArchive(t, entries), Options{})
		}, outcome{input: true, msg: "entries declare more than 262144000 bytes uncompressed in all, more than a package may hold (at entry pkg/docs/part2.md)"}},
		{"zip entry holding more than it declares", func(t *testing.T) Result {
			data := deflate(t, bytes.Repeat([]byte("a: 1\n"), 1<<20))
			raw := &zip.FileHeader{Name: "pkg/manifest.yml", Method: zip.Deflate, CompressedSize64: uint64(len(data)), UncompressedSize64: 100}
			return ValidatePath(writeArchive(t, []zipEntry{{raw: raw, data: data}}), Options{})
		}, outcome{input: true, msg: "entry pkg/manifest.yml does not hold the 100 bytes it declares (a damaged archive or a zip bomb)"}},
		{"zip with too many files", func(t *testing.T) Result {
			entries := make([]zipEntry, 0, 65536)
			for i := range 65536 {
				entries = append(entries, zipEntry{name: fmt.Sprintf("pkg/docs/%d.md", i)})
			}
			return ValidatePath(writeArchive(t, entries), Options{})
		}, outcome{input: true, msg: "holds more than 65535 files and folders, the most a package may hold"}},
		{"zip that is not a zip", func(t *testing.T) Result {
			p := filepath.Join(t.TempDir(), "junk.zip")
			require.NoError(t, os.WriteFile(p, bytes.Repeat([]byte{0xff}, 1000), 0o644))
			return ValidatePath(p, Options{})
		}, outcome{input: true, msg: "not a valid zip archive: the central directory is missing or damaged"}},
		{"zip that is a named pipe", func(t *testing.T) Result {
			p := filepath.Join(t.TempDir(), "pipe.zip")
			require.NoError(t, syscall.Mkfifo(p, 0o644))
			return ValidatePath(p, Options{})
		}, outcome{input: true, msg: "pipe.zip is not a regular file (a device, socket or named pipe)"}},
		{"zip holding a .link file", func(t *testing.T) Result {
			return ValidatePath(writeArchive(t, append(packageEntries(t, "pkg"), zipEntry{name: "pkg/data_stream/audit/fields/extra.yml.link", data: []byte("../../../../outside.yml\n")})), Options{})
		}, outcome{file: "data_stream/audit/fields/extra.yml.link", msg: "linked file ../../../../outside.yml cannot be followed in this package"}},

		// Folders.
		{"folder with a link to a file outside", func(t *testing.T) Result {
			outside := filepath.Join(t.TempDir(), "secret.md")
			require.NoError(t, os.WriteFile(outside, []byte("secret"), 0o644))
			return ValidateDir(folderWith(t, func(t *testing.T, dir string, _ map[string][]byte) {
				require.NoError(t, os.MkdirAll(dir, 0o755))
				require.NoError(t, os.Symlink(outside, filepath.Join(dir, "LICENSE.txt")))
			}), Options{})
		}, outcome{file: "LICENSE.txt", msg: "symbolic link points outside the package (it points to /"}},
		{"folder with a link to a folder outside", func(t *testing.T) Result {
			outside := t.TempDir()
			writePackage(t, outside, map[string][]byte{"manifest.yml": []byte("title: elsewhere\n")})
			return ValidateDir(folderWith(t, func(t *testing.T, dir string, _ map[string][]byte) {
				require.NoError(t, os.MkdirAll(filepath.Join(dir, "data_stream"), 0o755))
				require.NoError(t, os.Symlink(outside, filepath.Join(dir, "data_stream", "stolen")))
			}), Options{})
		}, outcome{file: "data_stream/stolen", msg: "symbolic link points outside the package"}},
		{"folder with a file far beyond its size limit", func(t *testing.T) Result {
			return ValidateDir(folderWith(t, func(t *testing.T, dir string, files map[string][]byte) {
				// A sparse file: 300 MB by its size, nothing on disk. It must be refused by its
				// size, without being read.
				delete(files, "LICENSE.txt")
				require.NoError(t, os.MkdirAll(dir, 0o755))
				f, err := os.Create(filepath.Join(dir, "LICENSE.txt"))
				require.NoError(t, err)
				require.NoError(t, f.Truncate(300<<20))
				require.NoError(t, f.Close())
			}), Options{})
		}, outcome{file: "LICENSE.txt", msg: "file size (300MB) is bigger than the limit of 150MB"}},
		{"folder whose manifest is a link to a file outside", func(t *testing.T) Result {
			outside := filepath.Join(t.TempDir(), "manifest.yml")
			require.NoError(t, os.WriteFile(outside, []byte("format_version: 3.0.0\nname: elsewhere\n"), 0o644))
			return ValidateDir(folderWith(t, func(t *testing.T, dir string, files map[string][]byte) {
				delete(files, "manifest.yml")
				require.NoError(t, os.MkdirAll(dir, 0o755))
				require.NoError(t, os.Symlink(outside, filepath.Join(dir, "manifest.yml")))
			}), Options{})
		}, outcome{file: "manifest.yml", msg: "symbolic link points outside the package (it points to /"}},
		{"folder with a link outside in a free-form folder", func(t *testing.T) Result {
			return ValidateDir(folderWith(t, func(t *testing.T, dir string, _ map[string][]byte) {
				require.NoError(t, os.MkdirAll(filepath.Join(dir, "_dev"), 0o755))
				require.NoError(t, os.Symlink("/etc/passwd", filepath.Join(dir, "_dev", "passwd")))
			}), Options{})
		}, outcome{file: "_dev/passwd", msg: "symbolic link points outside the package (it points to /etc/passwd)"}},
		{"folder whose manifest is a named pipe", func(t *testing.T) Result {
			return ValidateDir(folderWith(t, func(t *testing.T, dir string, files map[string][]byte) {
				delete(files, "manifest.yml")
				require.NoError(t, os.MkdirAll(dir, 0o755))
				require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "manifest.yml"), 0o644))
			}), Options{})
		}, outcome{file: "manifest.yml", msg: "not a regular file (a device, socket or named pipe)"}},
		{"folder with a named pipe", func(t *testing.T) Result {
			return ValidateDir(folderWith(t, func(t *testing.T, dir string, _ map[string][]byte) {
				require.NoError(t, os.MkdirAll(filepath.Join(dir, "docs"), 0o755))
				require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "docs", "pipe.md"), 0o644))
			}), Options{})
		}, outcome{file: "docs/pipe.md", msg: "not a regular file"}},
		{"folder with a socket", func(t *testing.T) Result {
			return ValidateDir(folderWith(t, func(t *testing.T, dir string, _ map[string][]byte) {
				require.NoError(t, os.MkdirAll(filepath.Join(dir, "_dev"), 0o755))
				l, err := net.Listen("unix", filepath.Join(dir, "_dev", "s.sock"))
				require.NoError(t, err)
				t.Cleanup(func() { l.Close() })
			}), Options{})
		}, outcome{file: "_dev/s.sock", msg: "not a regular file"}},
		{"folder with a .link outside the link root", func(t *testing.T) Result {
			top := t.TempDir()
			writePackage(t, top, map[string][]byte{"outside/secret.yml": []byte("- name: secret\n  type: keyword\n")})
			dir := filepath.Join(top, "root", "pkg")
			writePackage(t, dir, basePackage(t))
			writePackage(t, dir, map[string][]byte{"data_stream/audit/fields/extra.yml.link": []byte("../../../../../outside/secret.yml\n")})
			return ValidateDir(dir, Options{LinkRoot: filepath.Join(top, "root")})
		}, outcome{file: "data_stream/audit/fields/extra.yml.link", msg: "linked file ../../../../../outside/secret.yml is outside the link root"}},

		// Files.
		{"manifest with invalid UTF-8", func(t *testing.T) Result {
			return ValidateFS(fsWith(t, "manifest.yml", []byte("format_version: 3.0.0\nname: \xff\xfe\n")), "pkg", Options{})
		}, outcome{file: "manifest.yml", msg: "invalid YAML: invalid"}},
		{"manifest of binary data", func(t *testing.T) Result {
			data := make([]byte, 256)
			for i := range data {
				data[i] = byte(i)
			}
			return ValidateFS(fsWith(t, "manifest.yml", data), "pkg", Options{})
		}, outcome{file: "manifest.yml", msg: "invalid YAML: control characters are not allowed"}},
		{"field file of binary data", func(t *testing.T) Result {
			return ValidateFS(fsWith(t, "data_stream/audit/fields/fields.yml", []byte("\x00\x01\x02PNG\x89")), "pkg", Options{})
		}, outcome{file: "data_stream/audit/fields/fields.yml", msg: "invalid YAML"}},
		{"manifest with an alias bomb", func(t *testing.T) Result {
			return ValidateFS(fsWith(t, "manifest.yml", aliasBomb()), "pkg", Options{})
		}, outcome{file: "manifest.yml", msg: "invalid YAML: aliases expand into too many nodes"}},
		{"manifest nested very deep, within the parser's depth", func(t *testing.T) Result {
			return ValidateFS(fsWith(t, "manifest.yml", []byte("a: "+strings.Repeat("[", 5000)+strings.Repeat("]", 5000)+"\n")), "pkg", Options{})
		}, outcome{file: "manifest.yml", msg: "format_version is missing"}},
		{"manifest nested beyond the parser's depth", func(t *testing.T) Result {
			return ValidateFS(fsWith(t, "manifest.yml", []byte("a: "+strings.Repeat("[", 20000)+"\n")), "pkg", Options{})
		}, outcome{file: "manifest.yml", msg: "invalid YAML: exceeded max depth"}},
		{"field file with a huge single line", func(t *testing.T) Result {
			line := "- name: a\n  description: " + strings.Repeat("x", 6<<20) + "\n"
			return ValidateFS(fsWith(t, "data_stream/audit/fields/fields.yml", []byte(line)), "pkg", Options{})
		}, outcome{file: "data_stream/audit/fields/fields.yml", msg: "bigger than the configuration file limit of 5MB"}},
		{"manifest far beyond the configuration size limit", func(t *testing.T) Result {
			return ValidateFS(fsWith(t, "manifest.yml", bytes.Repeat([]byte("- a\n"), 3<<20)), "pkg", Options{})
		}, outcome{file: "manifest.yml", msg: "invalid YAML: the file holds 12582912 bytes, more than the 10485760 bytes a YAML file may hold to be read"}},
		{"empty manifest", func(t *testing.T) Result {
			return ValidateFS(fsWith(t, "manifest.yml", nil), "pkg", Options{})
		}, outcome{file: "manifest.yml", msg: "manifest.yml must hold a mapping of fields, not nothing (the file is empty)"}},
		{"empty field file", func(t *testing.T) Result {
			return ValidateFS(fsWith(t, "data_stream/audit/fields/fields.yml", nil), "pkg", Options{})
		}, outcome{file: "data_stream/audit/fields/fields.yml", msg: "file is empty, but a content type (application/x-yaml) is expected"}},
		{"manifest that is a list", func(t *testing.T) Result {
			return ValidateFS(fsWith(t, "manifest.yml", []byte("- format_version: 3.0.0\n- name: x\n")), "pkg", Options{})
		}, outcome{file: "manifest.yml", msg: "manifest.yml must hold a mapping of fields, not a list"}},
		{"manifest that is a scalar", func(t *testing.T) Result {
			return ValidateFS(fsWith(t, "manifest.yml", []byte("3.0.0\n")), "pkg", Options{})
		}, outcome{file: "manifest.yml", msg: "manifest.yml must hold a mapping of fields, not a single value"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := c.run(t)
			require.False(t, res.Valid(), "a hostile package is never valid")
			if c.want.input {
				require.Error(t, res.InputErr)
				assert.Contains(t, res.InputErr.Error(), c.want.msg)
				assert.Contains(t, res.InputErr.Error(), res.Path, "the error names the archive")
				return
			}
			require.NoError(t, res.InputErr)
			for _, e := range res.Errors {
				if e.File == c.want.file && strings.Contains(e.Message, c.want.msg) {
					return
				}
			}
			t.Errorf("no error on %s containing %q; got:\n%s", c.want.file, c.want.msg, res.Errors.Error())
		})
	}
}

// TestConcurrentValidationSharesTheLoader validates packages of every type and several spec
// versions at once, from folders, archives and memory (the spec cache cold when run alone), and checks
// that each gives what it gives alone. Run under -race (make race), it guards the caches.
func TestConcurrentValidationSharesTheLoader(t *testing.T) {
	entries, err := os.ReadDir(fixtures)
	require.NoError(t, err)
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && len(dirs) < 24 {
			dirs = append(dirs, filepath.Join(fixtures, e.Name()))
		}
	}
	zipPath := filepath.Join(t.TempDir(), "good.zip")
	writeZip(t, filepath.Join(fixtures, "good_integration_v3"), zipPath, "good_integration_v3-1.0.0")
	mem := fstest.MapFS{}
	for name, data := range basePackage(t) {
		mem[name] = &fstest.MapFile{Data: data}
	}
	jobs := []func() Result{
		func() Result { return ValidatePath(zipPath, Options{}) },
		func() Result { return ValidateFS(mem, "mem", Options{Mode: Source}) },
	}
	for _, d := range dirs {
		jobs = append(jobs, func() Result { return ValidateDir(d, Options{}) })
	}
	concurrent := make([]Result, len(jobs))
	var wg sync.WaitGroup
	for i, job := range jobs {
		wg.Go(func() { concurrent[i] = job() })
	}
	wg.Wait()
	for i, job := range jobs {
		alone := job()
		assert.Equal(t, alone.Errors, concurrent[i].Errors, alone.Path)
		assert.Equal(t, alone.Warnings, concurrent[i].Warnings, alone.Path)
	}
}
