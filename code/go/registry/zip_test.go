package registry

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// zipListing is "size name" per entry of a zip file.
func zipListing(t *testing.T, b []byte) string {
	t.Helper()
	r, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	var out strings.Builder
	for _, f := range r.File {
		fmt.Fprintf(&out, "%d %s\n", f.UncompressedSize64, f.Name)
	}
	return out.String()
}

func TestZipOfFolder(t *testing.T) {
	roots := catalog(t)
	s := serverFor(t, Options{}, roots...)
	rec := get(s, "/epr/web/web-0.9.0.zip")
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, "application/zip", rec.Header().Get("Content-Type"))
	assert.Equal(t, []string{"max-age=4", "public"}, rec.Header().Values("Cache-Control"))
	assert.Empty(t, rec.Header().Get("Accept-Ranges"), "built while sent: no ranges")
	manifestSize := len(roots[0].fs["web/0.9.0/manifest.yml"].Data)
	assert.Equal(t, fmt.Sprintf("0 web-0.9.0/docs/\n6 web-0.9.0/docs/README.md\n%d web-0.9.0/manifest.yml\n", manifestSize),
		zipListing(t, rec.Body.Bytes()))
	r, _ := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
	f, err := r.Open("web-0.9.0/docs/README.md")
	require.NoError(t, err)
	b, _ := io.ReadAll(f)
	assert.Equal(t, "# web\n", string(b))
	assert.Equal(t, zip.Deflate, r.File[1].Method)
	assert.Equal(t, fixtureTime, r.File[1].Modified.UTC())
}

func TestStoredZip(t *testing.T) {
	roots := catalog(t)
	s := serverFor(t, Options{}, roots...)
	stored := roots[1].fs["deep/signed-1.0.0.zip"].Data
	rec := get(s, "/epr/signed/signed-1.0.0.zip")
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, stored, rec.Body.Bytes(), "byte for byte")
	assert.Equal(t, "bytes", rec.Header().Get("Accept-Ranges"))
	assert.Equal(t, "application/zip", rec.Header().Get("Content-Type"))
	assert.Equal(t, fixtureTime.Format(http.TimeFormat), rec.Header().Get("Last-Modified"))

	rec = get(s, "/epr/signed/signed-1.0.0.zip", "Range", "bytes=0-3")
	assert.Equal(t, http.StatusPartialContent, rec.Code)
	assert.Equal(t, stored[:4], rec.Body.Bytes())

	rec = get(s, "/epr/signed/signed-1.0.0.zip.sig")
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "-----BEGIN PGP SIGNATURE-----\n", rec.Body.String())

	// signature_path is given only for packages with a signature.
	assert.Contains(t, get(s, "/package/signed/1.0.0/").Body.String(), `"signature_path": "/epr/signed/signed-1.0.0.zip.sig"`)
	assert.NotContains(t, get(s, "/package/nodirs/1.0.0/").Body.String(), `signature_path`)
}

func TestZipErrors(t *testing.T) {
	s := serverFor(t, Options{}, catalog(t)...)
	for _, c := range []struct {
		target string
		code   int
		body   string
	}{
		{"/epr/web/web-9.0.0.zip", 404, "artifact not found"},
		{"/epr/web/other-1.0.0.zip", 404, "artifact not found"},
		{"/epr/web/web-a.b.c.zip", 400, "invalid package version"},
		{"/epr/web/web-9.0.0.zip.sig", 404, "signature file not found"},
		{"/epr/nodirs/nodirs-1.0.0.zip.sig", 500, "internal server error"},
	} {
		rec := get(s, c.target)
		assert.Equal(t, c.code, rec.Code, c.target)
		assert.Equal(t, c.body, strings.TrimSpace(rec.Body.String()), c.target)
	}
	// The name in the file name is the one looked up.
	assert.Equal(t, http.StatusOK, get(s, "/epr/anything/web-1.0.0.zip").Code)
}

func TestWriteZipOfStoredZip(t *testing.T) {
	roots := catalog(t)
	ix, err := BuildIndex(fsList(roots))
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, WriteZip(&buf, ix.Lookup("nodirs", "1.0.0")))
	assert.Equal(t, roots[1].fs["nodirs-1.0.0.zip"].Data, buf.Bytes())
}
