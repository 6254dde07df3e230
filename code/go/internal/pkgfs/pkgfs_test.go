package pkgfs_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pkgspec/pkgspec/code/go/internal/loader"
	"github.com/pkgspec/pkgspec/code/go/internal/pkgfs"
	"github.com/pkgspec/pkgspec/code/go/internal/specversion"
)

// TestDefaultLimitsCoverSpec keeps the hard limits at least as large as what the newest spec
// lets any package type hold, so that they never refuse a package the spec accepts.
func TestDefaultLimitsCoverSpec(t *testing.T) {
	c, err := specversion.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range loader.Types() {
		spec, err := loader.Load(typ, c.Newest())
		if err != nil {
			t.Fatal(err)
		}
		root := spec.Root
		if int64(root.TotalSizeLimit) == 0 || int64(root.TotalSizeLimit) > pkgfs.DefaultLimits.MaxTotalSize {
			t.Errorf("%s: totalSizeLimit %s is not within MaxTotalSize %d", typ, root.TotalSizeLimit, pkgfs.DefaultLimits.MaxTotalSize)
		}
		if int64(root.SizeLimit) > pkgfs.DefaultLimits.MaxFileSize {
			t.Errorf("%s: sizeLimit %s is above MaxFileSize %d", typ, root.SizeLimit, pkgfs.DefaultLimits.MaxFileSize)
		}
		if root.TotalContentsLimit == 0 || root.TotalContentsLimit > pkgfs.DefaultLimits.MaxFiles {
			t.Errorf("%s: totalContentsLimit %d is not within MaxFiles %d", typ, root.TotalContentsLimit, pkgfs.DefaultLimits.MaxFiles)
		}
	}
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFolderLimitsWhileReading(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.txt": "0123456789", "b.txt": "0123456789", "c.txt": "0123456789", "big.txt": "0123456789x",
	})
	fsys, err := pkgfs.Dir(dir, pkgfs.Options{Limits: pkgfs.Limits{MaxFileSize: 10, MaxTotalSize: 25}})
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	if _, err := fsys.ReadFile("big.txt"); !errors.Is(err, pkgfs.ErrTooLarge) || !strings.Contains(err.Error(), "big.txt: too large: the file holds 11 bytes, more than the 10 bytes") {
		t.Errorf("big.txt: got %v", err)
	}
	for range 3 { // reading a file again does not count it again
		if _, err := fsys.ReadFile("a.txt"); err != nil {
			t.Fatalf("a.txt: %v", err)
		}
	}
	if _, err := fsys.ReadFile("b.txt"); err != nil {
		t.Fatalf("b.txt: %v", err)
	}
	if fsys.Err() != nil {
		t.Fatalf("20 bytes read of 25: %v", fsys.Err())
	}
	_, err = fsys.ReadFile("c.txt")
	want := "package " + dir + ": too large: its files hold more than 25 bytes in all (stopped reading at c.txt)"
	if err == nil || err.Error() != want {
		t.Errorf("c.txt: got %v, want %s", err, want)
	}
	if fsys.Err() == nil || fsys.Err().Error() != want {
		t.Errorf("Err: got %v", fsys.Err())
	}
}

func TestFolderSpecialFilesAndEscapes(t *testing.T) {
	outside := t.TempDir()
	writeFiles(t, outside, map[string]string{"secret": "s"})
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"in.txt": "ok"})
	for name, target := range map[string]string{"out": filepath.Join(outside, "secret"), "outdir": outside, "rel": "../" + filepath.Base(outside), "inside": "in.txt"} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	fsys, err := pkgfs.Dir(dir, pkgfs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	if data, err := fsys.ReadFile("inside"); err != nil || string(data) != "ok" {
		t.Errorf("a link inside the package is followed: %q %v", data, err)
	}
	for _, name := range []string{"out", "outdir", "outdir/secret", "rel/secret"} {
		_, err := fsys.ReadFile(name)
		if !errors.Is(err, pkgfs.ErrOutside) {
			t.Errorf("%s: got %v, want ErrOutside", name, err)
		}
		if _, err := fs.Stat(fsys, name); !errors.Is(err, pkgfs.ErrOutside) {
			t.Errorf("stat %s: got %v, want ErrOutside", name, err)
		}
	}
	if _, err := fsys.ReadDir("outdir"); !errors.Is(err, pkgfs.ErrOutside) || !strings.Contains(err.Error(), "outdir: symbolic link points outside the package (it points to "+outside+")") {
		t.Errorf("readdir outdir: got %v", err)
	}
	if _, err := fsys.ReadFile("missing"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: got %v", err)
	}
}

func TestLinkTargetsAreBounded(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"pkg/small.yml.link": "../shared/small.yml " + sha256Hex("a: 1\n") + "\n",
		"pkg/big.yml.link":   "../shared/big.yml\n",
		"shared/small.yml":   "a: 1\n",
		"shared/big.yml":     strings.Repeat("a", 100),
	})
	fsys, err := pkgfs.Dir(filepath.Join(dir, "pkg"), pkgfs.Options{LinkRoot: dir, Limits: pkgfs.Limits{MaxFileSize: 90}})
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	if l, err := fsys.ReadLink("small.yml.link"); err != nil || string(l.Data) != "a: 1\n" {
		t.Errorf("small: %q %v", l.Data, err)
	}
	if _, err := fsys.ReadLink("big.yml.link"); err == nil || err.Error() != "linked file ../shared/big.yml holds 100 bytes, more than the 90 bytes any package file may hold" {
		t.Errorf("big: got %v", err)
	}
}

func TestLinkTargetsStayInTheLinkRoot(t *testing.T) {
	outside := t.TempDir()
	writeFiles(t, outside, map[string]string{"secret.yml": "s: 1\n"})
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"pkg/lexical.yml.link": "../../" + filepath.Base(outside) + "/secret.yml\n",
		"pkg/through.yml.link": "../shared/alias.yml\n",
	})
	if err := os.MkdirAll(filepath.Join(root, "shared"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret.yml"), filepath.Join(root, "shared", "alias.yml")); err != nil {
		t.Fatal(err)
	}
	fsys, err := pkgfs.Dir(filepath.Join(root, "pkg"), pkgfs.Options{LinkRoot: root})
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	if _, err := fsys.ReadLink("lexical.yml.link"); err == nil || !strings.Contains(err.Error(), "is outside the link root "+root) {
		t.Errorf("lexical: got %v", err)
	}
	if _, err := fsys.ReadLink("through.yml.link"); err == nil || !strings.Contains(err.Error(), "is outside the link root "+root+" (through a symbolic link)") {
		t.Errorf("through a symbolic link: got %v", err)
	}
}

func zipBytes(t testing.TB, files map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestZipLimitsAndLinks(t *testing.T) {
	data := zipBytes(t, map[string]string{"pkg/a": "1", "pkg/b": "2", "pkg/c": "3", "pkg/x.yml.link": "../../y.yml"})
	_, err := pkgfs.ZipReader(bytes.NewReader(data), int64(len(data)), "p.zip", pkgfs.Options{Limits: pkgfs.Limits{MaxFiles: 3}})
	if err == nil || err.Error() != "package archive p.zip: holds more than 3 files and folders, the most a package may hold" {
		t.Errorf("too many files: got %v", err)
	}
	fsys, err := pkgfs.ZipReader(bytes.NewReader(data), int64(len(data)), "p.zip", pkgfs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := fsys.ReadFile("a"); err != nil || string(got) != "1" {
		t.Errorf("a: %q %v", got, err)
	}
	if _, err := fsys.ReadLink("x.yml.link"); err == nil || !strings.Contains(err.Error(), "cannot be followed in this package") {
		t.Errorf("link in a zip: got %v", err)
	}
	if fsys.Err() != nil {
		t.Errorf("Err: %v", fsys.Err())
	}
}

// FuzzZip opens arbitrary bytes as a package archive and reads all it holds. Opening either
// fails with an error naming the archive, or gives a package whose every path is valid and
// whose reads stay within the limits; nothing panics.
func FuzzZip(f *testing.F) {
	f.Add(zipBytes(f, map[string]string{"pkg/manifest.yml": "name: x\n", "pkg/docs/README.md": "# x\n"}))
	limits := pkgfs.Limits{MaxFiles: 50, MaxFileSize: 1 << 16, MaxTotalSize: 1 << 18}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys, err := pkgfs.ZipReader(bytes.NewReader(data), int64(len(data)), "fuzz.zip", pkgfs.Options{Limits: limits})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "package archive fuzz.zip: ") {
				t.Fatalf("error does not name the archive: %v", err)
			}
			return
		}
		var total int64
		files := 0
		err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if !fs.ValidPath(p) {
				t.Fatalf("invalid path %q", p)
			}
			if d.IsDir() {
				return nil
			}
			files++
			got, rerr := fsys.ReadFile(p)
			if rerr == nil {
				total += int64(len(got))
			} else if fsys.Err() != nil && !strings.HasPrefix(fsys.Err().Error(), "package archive fuzz.zip: entry ") && !errors.Is(fsys.Err(), pkgfs.ErrTooLarge) {
				t.Fatalf("read error does not name the entry: %v", fsys.Err())
			}
			if int64(len(got)) > limits.MaxFileSize {
				t.Fatalf("%s: read %d bytes, above the file limit", p, len(got))
			}
			if strings.HasSuffix(p, pkgfs.LinkExtension) {
				if _, lerr := fsys.ReadLink(p); lerr == nil {
					t.Fatalf("%s: a link was followed inside an archive", p)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("walk: %v", err)
		}
		if files > limits.MaxFiles {
			t.Fatalf("%d files, above the limit", files)
		}
		if total > limits.MaxTotalSize {
			t.Fatalf("read %d bytes in all, above the limit", total)
		}
	})
}

// A link root named through a symbolic link holds what its real folder holds.
func TestLinkRootThroughSymlink(t *testing.T) {
	real := t.TempDir()
	pkg := filepath.Join(real, "packages", "p")
	data := []byte("- name: a\n  type: keyword\n")
	sum := sha256.Sum256(data)
	for _, err := range []error{
		os.MkdirAll(pkg, 0o755),
		os.MkdirAll(filepath.Join(real, "shared"), 0o755),
		os.WriteFile(filepath.Join(real, "shared", "f.yml"), data, 0o644),
		os.WriteFile(filepath.Join(pkg, "f.yml.link"), []byte("../../shared/f.yml "+hex.EncodeToString(sum[:])+"\n"), 0o644),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	alias := filepath.Join(t.TempDir(), "alias")
	if err := os.Symlink(real, alias); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ pkg, root string }{
		{pkg, alias}, // the root through the link, the package not
		{filepath.Join(alias, "packages", "p"), real}, // the package through the link, the root not
	} {
		fsys, err := pkgfs.Dir(c.pkg, pkgfs.Options{LinkRoot: c.root})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fsys.ReadLink("f.yml.link"); err != nil {
			t.Errorf("package %s, link root %s: %v", c.pkg, c.root, err)
		}
		fsys.Close()
	}
}
