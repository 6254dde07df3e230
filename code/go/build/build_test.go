package build

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

const fixtures = "../../../test/packages"

// TestBuildFixtures builds every source package of test/packages: a package meant to be
// valid gives an archive the validator accepts, every archive is the same on a second build,
// and an invalid package gives no archive.
func TestBuildFixtures(t *testing.T) {
	entries, err := os.ReadDir(fixtures)
	require.NoError(t, err)
	built := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			src := filepath.Join(fixtures, name)
			_, listed := os.Stat(filepath.Join(fixtures, name+".errors.yml"))
			meantValid := os.IsNotExist(listed) || strings.HasPrefix(name, "good_")
			a, err := Build(src, Options{})
			if err != nil {
				require.False(t, meantValid, "a valid package must build: %v", err)
				// Invalid in build mode too: then it is reported, and no archive is made.
				var invalid *InvalidError
				if assert.ErrorAs(t, err, &invalid) {
					assert.NotEmpty(t, invalid.Errors)
				}
				return
			}
			built++
			out := t.TempDir()
			p, err := a.WriteFile(out)
			require.NoError(t, err)
			assert.Equal(t, filepath.Join(out, a.Name+"-"+a.Version+".zip"), p)
			res := validator.ValidatePath(p, validator.Options{})
			assert.True(t, res.Valid(), "%v", res.Errors)

			again, err := Build(src, Options{})
			require.NoError(t, err)
			assert.True(t, bytes.Equal(a.Data, again.Data), "two builds give the same bytes")
		})
	}
	assert.Greater(t, built, 10)
}

// writeTree writes files (path -> content) below dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
}

func hashOf(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// copyFixture copies a fixture into a folder of its own, inside a link root.
func copyFixture(t *testing.T, fixture string) (root, pkg string) {
	t.Helper()
	root = t.TempDir()
	pkg = filepath.Join(root, "packages", fixture)
	require.NoError(t, os.CopyFS(pkg, os.DirFS(filepath.Join(fixtures, fixture))))
	return root, pkg
}

func entries(t *testing.T, data []byte) map[string]*zip.File {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	out := map[string]*zip.File{}
	var names []string
	for _, f := range zr.File {
		out[f.Name] = f
		names = append(names, f.Name)
	}
	assert.IsNonDecreasing(t, names, "entries are sorted")
	return out
}

func TestBuildLeavesOutDevelopmentFilesAndResolvesLinks(t *testing.T) {
	root, pkg := copyFixture(t, "good_integration_v3")
	shared := "- name: shared.field\n  type: keyword\n  description: A field kept once for many packages.\n"
	writeTree(t, root, map[string]string{"shared/fields.yml": shared})
	writeTree(t, pkg, map[string]string{
		"_dev/build/build.yml": "dependencies: {}\n",
		"build/stale.txt":      "left over\n",
		".git/HEAD":            "ref: refs/heads/main\n",
		"data_stream/audit/_dev/test/system/x.yml":    "vars: {}\n",
		"data_stream/audit/fields/shared.yml.link":    "../../../../../shared/fields.yml " + hashOf(shared) + "\n",
		"data_stream/audit/build/ignored.txt":         "ignored\n",
		"data_stream/audit/agent/stream/.git/ignored": "x",
	})
	before := treeSum(t, pkg)
	a, err := Build(pkg, Options{LinkRoot: root})
	require.NoError(t, err)
	assert.Equal(t, before, treeSum(t, pkg), "the source is never written to")

	es := entries(t, a.Data)
	top := "good_integration_v3-2.0.0/"
	require.Contains(t, es, top)
	require.Contains(t, es, top+"data_stream/")
	require.Contains(t, es, top+"manifest.yml")
	for name, f := range es {
		for _, bad := range []string{"/_dev/", "/build/", "/.git/", ".link"} {
			assert.NotContains(t, name, bad)
		}
		assert.True(t, f.Modified.Equal(modTime), "fixed time on %s", name)
		if strings.HasSuffix(name, "/") {
			assert.Equal(t, fs.ModeDir|0o755, f.Mode(), name)
		} else {
			assert.Equal(t, fs.FileMode(0o644), f.Mode(), name)
		}
	}
	f, ok := es[top+"data_stream/audit/fields/shared.yml"]
	require.True(t, ok, "the link's target is archived in its place")
	r, err := f.Open()
	require.NoError(t, err)
	var got bytes.Buffer
	_, err = got.ReadFrom(r)
	require.NoError(t, err)
	assert.Equal(t, shared, got.String())
}

func treeSum(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		h.Write([]byte(p + info.Mode().String() + info.ModTime().String()))
		if d.Type().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h.Write(data)
		}
		return nil
	}))
	return hex.EncodeToString(h.Sum(nil))
}

// A bad link stops the build with the validator's own words about it: both read links the
// same way. As in the reference, a checksum is compared as written, in lower-case hex.
func TestBuildRefusesBadLinks(t *testing.T) {
	const shared = "- name: a\n  type: keyword\n"
	cases := map[string]struct {
		link string
		want string
	}{
		"checksum":   {"../../../../../shared/fields.yml " + hashOf("other"), "has changed since the link was written"},
		"upper-case": {"../../../../../shared/fields.yml " + strings.ToUpper(hashOf(shared)), "has changed since the link was written"},
		"no sum":     {"../../../../../shared/fields.yml", "has changed since the link was written"},
		"outside":    {"../../../../../../outside.yml " + hashOf("x"), "outside the link root"},
		"missing":    {"../../../../../shared/none.yml " + hashOf("x"), "none.yml does not exist"},
		"absolute":   {"/etc/passwd " + hashOf("x"), "relative path"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			root, pkg := copyFixture(t, "good_integration_v3")
			writeTree(t, root, map[string]string{"shared/fields.yml": shared})
			writeTree(t, filepath.Dir(root), map[string]string{"outside.yml": "x"})
			writeTree(t, pkg, map[string]string{"data_stream/audit/fields/shared.yml.link": c.link + "\n"})
			_, err := Build(pkg, Options{LinkRoot: root})
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.Contains(t, err.Error(), "shared.yml.link")

			res := validator.ValidateDir(pkg, validator.Options{LinkRoot: root})
			var said []string
			for _, e := range res.Errors {
				if e.File == "data_stream/audit/fields/shared.yml.link" {
					said = append(said, e.Message)
				}
			}
			require.NotEmpty(t, said, "the validator refuses the link too")
			assert.Contains(t, strings.Join(said, "\n"), c.want)
		})
	}
}

func TestBuildInvalidPackageGivesNoArchive(t *testing.T) {
	_, err := Build(filepath.Join(fixtures, "bad_manifest_v3"), Options{})
	var invalid *InvalidError
	require.ErrorAs(t, err, &invalid)
	assert.Contains(t, err.Error(), "manifest.yml")
}

func TestSignature(t *testing.T) {
	e, err := openpgp.NewEntity("pkgspec test", "", "test@example.com", nil)
	require.NoError(t, err)
	s, err := NewSigner(e)
	require.NoError(t, err)
	a, err := Build(filepath.Join(fixtures, "good_input"), Options{})
	require.NoError(t, err)
	dir := t.TempDir()
	p, err := a.WriteSignature(dir, s)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "good_input-0.1.0.zip.sig"), p)
	sig, err := os.ReadFile(p)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(sig, []byte("-----BEGIN PGP SIGNATURE-----")), "armored")

	signer, err := openpgp.CheckArmoredDetachedSignature(openpgp.EntityList{e}, bytes.NewReader(a.Data), bytes.NewReader(sig), nil)
	require.NoError(t, err)
	assert.Equal(t, e.PrimaryKey.KeyId, signer.PrimaryKey.KeyId)
	tampered := append(bytes.Clone(a.Data), 0)
	_, err = openpgp.CheckArmoredDetachedSignature(openpgp.EntityList{e}, bytes.NewReader(tampered), bytes.NewReader(sig), nil)
	assert.Error(t, err)
}

// Without a link root given and no .git above, links may not leave the source, as in the
// validator; with a .git above, the repository is the link root.
func TestBuildDefaultLinkRoot(t *testing.T) {
	shared := "- name: a\n  type: keyword\n"
	root, pkg := copyFixture(t, "good_integration_v3")
	writeTree(t, root, map[string]string{"shared/fields.yml": shared})
	writeTree(t, pkg, map[string]string{"data_stream/audit/fields/shared.yml.link": "../../../../../shared/fields.yml " + hashOf(shared) + "\n"})
	_, err := Build(pkg, Options{})
	require.Error(t, err, "no .git above and no link root")
	assert.Contains(t, err.Error(), "outside the package, and no link root lets links leave it")

	writeTree(t, root, map[string]string{".git/HEAD": "ref: refs/heads/main\n"})
	_, err = Build(pkg, Options{})
	require.NoError(t, err, "the repository holding .git is the link root")
}
