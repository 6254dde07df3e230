package pkgfs_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pkgspec/pkgspec/code/go/internal/pkgfs"
)

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// overlappingZip writes entries names that all stand for the same local header and bytes.
func overlappingZip(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: names[0], Method: zip.Deflate})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(bytes.Repeat([]byte("- name: a\n  type: keyword\n"), 1000))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	// Copy the one central directory header under each name, then a new end record.
	end := bytes.LastIndex(data, []byte{0x50, 0x4b, 0x05, 0x06})
	dirOff := int(binary.LittleEndian.Uint32(data[end+16:]))
	central := data[dirOff:end]
	out := append([]byte{}, data[:dirOff]...)
	for _, n := range names {
		h := append([]byte{}, central[:46]...)
		binary.LittleEndian.PutUint16(h[28:], uint16(len(n)))
		binary.LittleEndian.PutUint16(h[30:], 0)
		binary.LittleEndian.PutUint16(h[32:], 0)
		out = append(append(out, h...), n...)
	}
	rec := append([]byte{}, data[end:end+22]...)
	binary.LittleEndian.PutUint16(rec[8:], uint16(len(names)))
	binary.LittleEndian.PutUint16(rec[10:], uint16(len(names)))
	binary.LittleEndian.PutUint32(rec[12:], uint32(len(out)-dirOff))
	return append(out, rec...)
}

func TestZipStructureIsCheckedBeforeContent(t *testing.T) {
	cases := []struct {
		name string
		data func(t *testing.T) []byte
		want string
	}{
		{"entries sharing their bytes", func(t *testing.T) []byte {
			return overlappingZip(t, "pkg/a.yml", "pkg/b.yml", "pkg/c.yml")
		}, "local header names it"},
		{"local header naming another file", func(t *testing.T) []byte {
			data := zipBytes(t, map[string]string{"pkg/manifest.yml": "name: x\n"})
			i := bytes.Index(data, []byte("pkg/manifest.yml")) // the local header's copy comes first
			copy(data[i:], "pkg/manifest.ymx")
			return data
		}, `its local header names it "pkg/manifest.ymx"`},
		{"local header giving other sizes", func(t *testing.T) []byte {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			w, _ := zw.CreateHeader(&zip.FileHeader{Name: "pkg/a.yml", Method: zip.Store})
			w.Write([]byte("a: 1\n"))
			zw.Close()
			data := buf.Bytes()
			// Go writes sizes after the data (flag 8); write them in the local header, wrong.
			binary.LittleEndian.PutUint16(data[6:], 0)
			binary.LittleEndian.PutUint32(data[22:], 4000)
			i := bytes.LastIndex(data, []byte{0x50, 0x4b, 0x01, 0x02})
			binary.LittleEndian.PutUint16(data[i+8:], 0)
			return data
		}, "the central directory 5 (5 compressed): they disagree"},
		{"folders beyond the entry limit", func(t *testing.T) []byte {
			files := map[string]string{"pkg/manifest.yml": "x"}
			for i := range 5 {
				files[fmt.Sprintf("pkg/d%d/", i)] = ""
			}
			return zipBytes(t, files)
		}, "holds more than 4 files and folders"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := c.data(t)
			_, err := pkgfs.ZipReader(bytes.NewReader(data), int64(len(data)), "p.zip", pkgfs.Options{Limits: pkgfs.Limits{MaxFiles: 4}})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
}

func TestFolderEntriesAreCounted(t *testing.T) {
	dir := t.TempDir()
	for i := range 10 {
		if err := os.MkdirAll(filepath.Join(dir, "img", fmt.Sprint(i)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	fsys, err := pkgfs.Dir(dir, pkgfs.Options{Limits: pkgfs.Limits{MaxFiles: 8}})
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	if _, err := fsys.ReadDir("img"); !errors.Is(err, pkgfs.ErrTooLarge) {
		t.Fatalf("got %v", err)
	}
	if err := fsys.Err(); err == nil || !strings.Contains(err.Error(), "holds more than 8 files and folders") {
		t.Fatalf("package error: %v", err)
	}
}

func TestCancelledContextStopsReading(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"manifest.yml": "name: x\n"})
	ctx, cancel := context.WithCancel(context.Background())
	fsys, err := pkgfs.Dir(dir, pkgfs.Options{Context: ctx})
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	if _, err := fsys.ReadFile("manifest.yml"); err != nil {
		t.Fatal(err)
	}
	cancel()
	if _, err := fsys.ReadFile("manifest.yml"); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
	if err := fsys.Err(); !errors.Is(err, context.Canceled) {
		t.Fatalf("package error: %v", err)
	}
}

func TestLinksWithoutALinkRootStayInThePackage(t *testing.T) {
	top := t.TempDir() // no .git above it (temporary folders are not in a repository)
	secret := "password: hunter2\n"
	writeFiles(t, top, map[string]string{
		"secret.yml":           secret,
		"pkg/inside.yml":       "a: 1\n",
		"pkg/d/in.yml.link":    "../inside.yml " + sha256Hex("a: 1\n") + "\n",
		"pkg/d/out.yml.link":   "../../secret.yml " + sha256Hex(secret) + "\n",
		"pkg/d/stale.yml.link": "../inside.yml 0000\n",
	})
	// A link lexically inside that reaches out through a symbolic link.
	if err := os.Symlink(filepath.Join(top, "secret.yml"), filepath.Join(top, "pkg", "alias.yml")); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, top, map[string]string{"pkg/d/alias.yml.link": "../alias.yml " + sha256Hex(secret) + "\n"})
	fsys, err := pkgfs.Dir(filepath.Join(top, "pkg"), pkgfs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	if l, err := fsys.ReadLink("d/in.yml.link"); err != nil || string(l.Data) != "a: 1\n" {
		t.Errorf("inside: %q %v", l.Data, err)
	}
	for _, name := range []string{"d/out.yml.link", "d/alias.yml.link"} {
		l, err := fsys.ReadLink(name)
		if err == nil || !strings.Contains(err.Error(), "is outside the package") || l.Data != nil {
			t.Errorf("%s: got %q %v", name, l.Data, err)
		}
	}
	l, err := fsys.ReadLink("d/stale.yml.link")
	if !errors.Is(err, pkgfs.ErrLinkChanged) || l.Data != nil {
		t.Errorf("stale: got %q %v", l.Data, err)
	}
	noLinks, err := pkgfs.Dir(filepath.Join(top, "pkg"), pkgfs.Options{NoLinks: true})
	if err != nil {
		t.Fatal(err)
	}
	defer noLinks.Close()
	if l, err := noLinks.ReadLink("d/in.yml.link"); err == nil || l.Data != nil {
		t.Errorf("built package: got %q %v", l.Data, err)
	}
}

var _ fs.FS = (*pkgfs.FS)(nil)
