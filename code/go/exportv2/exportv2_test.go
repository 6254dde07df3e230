package exportv2

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocloud.dev/blob/memblob"

	"github.com/pkgspec/pkgspec/code/go/build"
	"github.com/pkgspec/pkgspec/code/go/storage"
)

const fixtures = "../../../test/packages"

// index reads the search index the cursor names.
func index(t *testing.T, ctx context.Context, out interface {
	ReadAll(context.Context, string) ([]byte, error)
}) (string, []map[string]any) {
	t.Helper()
	raw, err := out.ReadAll(ctx, v2Cursor)
	require.NoError(t, err)
	var c struct{ Current string }
	require.NoError(t, json.Unmarshal(raw, &c))
	raw, err = out.ReadAll(ctx, v2Metadata+c.Current+"/"+v2IndexFile)
	require.NoError(t, err)
	var doc struct {
		Packages []struct {
			M map[string]any `json:"package_manifest"`
		} `json:"packages"`
	}
	require.NoError(t, json.Unmarshal(raw, &doc))
	var ms []map[string]any
	for _, p := range doc.Packages {
		ms = append(ms, p.M)
	}
	return c.Current, ms
}

func TestExportFollowsTheView(t *testing.T) {
	ctx := context.Background()
	s, err := storage.Open(ctx, "mem://"+t.Name())
	require.NoError(t, err)
	out := memblob.OpenBucket(nil)
	defer out.Close()

	for _, f := range []string{"good_input", "good_content"} {
		a, err := build.Build(filepath.Join(fixtures, f), build.Options{})
		require.NoError(t, err)
		var sig []byte
		if f == "good_input" {
			sig = []byte("-----BEGIN PGP SIGNATURE-----\n\n-----END PGP SIGNATURE-----\n")
		}
		_, err = s.Publish(ctx, storage.Production, a.Data, sig, storage.Options{})
		require.NoError(t, err)
	}
	sum, err := Export(ctx, s, storage.Production, out)
	require.NoError(t, err)
	assert.True(t, sum.Changed)
	assert.Equal(t, []string{"good_content-0.1.0", "good_input-0.1.0"}, sum.Packages)
	first, ms := index(t, ctx, out)
	assert.Equal(t, sum.Cursor, first)
	require.Len(t, ms, 2)
	assert.Equal(t, "good_input", ms[1]["name"])
	assert.Equal(t, "/epr/good_input/good_input-0.1.0.zip.sig", ms[1]["signature_path"])
	assert.Nil(t, ms[0]["signature_path"])
	for _, key := range []string{"artifacts/packages/good_input-0.1.0.zip", "artifacts/packages/good_input-0.1.0.zip.sig", "artifacts/static/good_input-0.1.0/manifest.yml"} {
		ok, err := out.Exists(ctx, key)
		require.NoError(t, err)
		assert.True(t, ok, key)
	}

	again, err := Export(ctx, s, storage.Production, out)
	require.NoError(t, err)
	assert.False(t, again.Changed)
	assert.Equal(t, first, again.Cursor)

	_, err = s.Yank(ctx, storage.Production, "good_content", "0.1.0", "superseded", storage.Options{})
	require.NoError(t, err)
	next, err := Export(ctx, s, storage.Production, out)
	require.NoError(t, err)
	assert.True(t, next.Changed)
	assert.Greater(t, next.Cursor, first, "the indexer compares cursors as text")
	_, ms = index(t, ctx, out)
	require.Len(t, ms, 1)
	assert.Equal(t, "good_input", ms[0]["name"])
}

// A package signed after it was exported gets its signature exported, and only that: its
// archive and files, exported already, are not written again.
func TestExportPicksUpALaterSignature(t *testing.T) {
	ctx := context.Background()
	s, err := storage.Open(ctx, "mem://"+t.Name())
	require.NoError(t, err)
	out := memblob.OpenBucket(nil)
	defer out.Close()

	a, err := build.Build(filepath.Join(fixtures, "good_input"), build.Options{})
	require.NoError(t, err)
	_, err = s.Publish(ctx, storage.Production, a.Data, nil, storage.Options{})
	require.NoError(t, err)
	first, err := Export(ctx, s, storage.Production, out)
	require.NoError(t, err)
	const sigKey = "artifacts/packages/good_input-0.1.0.zip.sig"
	ok, err := out.Exists(ctx, sigKey)
	require.NoError(t, err)
	require.False(t, ok, "no signature yet")

	// Marks what a second export of the archive would overwrite.
	const manifestKey = "artifacts/static/good_input-0.1.0/manifest.yml"
	require.NoError(t, out.WriteAll(ctx, manifestKey, []byte("left alone"), nil))

	sig := []byte("-----BEGIN PGP SIGNATURE-----\n\nlater\n-----END PGP SIGNATURE-----\n")
	res, err := s.Publish(ctx, storage.Production, a.Data, sig, storage.Options{})
	require.NoError(t, err)
	require.Equal(t, "sign", res.Op)
	next, err := Export(ctx, s, storage.Production, out)
	require.NoError(t, err)
	assert.True(t, next.Changed)
	assert.Greater(t, next.Cursor, first.Cursor)
	got, err := out.ReadAll(ctx, sigKey)
	require.NoError(t, err, "the signature added after the first export is exported")
	assert.Equal(t, sig, got)
	_, ms := index(t, ctx, out)
	require.Len(t, ms, 1)
	assert.Equal(t, "/epr/good_input/good_input-0.1.0.zip.sig", ms[0]["signature_path"])
	kept, err := out.ReadAll(ctx, manifestKey)
	require.NoError(t, err)
	assert.Equal(t, "left alone", string(kept), "the archive exported before is not exported again")

	// Signed again with other bytes: the new signature replaces the old.
	sig2 := []byte("-----BEGIN PGP SIGNATURE-----\n\nagain\n-----END PGP SIGNATURE-----\n")
	_, err = s.Publish(ctx, storage.Production, a.Data, sig2, storage.Options{})
	require.NoError(t, err)
	_, err = Export(ctx, s, storage.Production, out)
	require.NoError(t, err)
	got, err = out.ReadAll(ctx, sigKey)
	require.NoError(t, err)
	assert.Equal(t, sig2, got)
	kept, err = out.ReadAll(ctx, manifestKey)
	require.NoError(t, err)
	assert.Equal(t, "left alone", string(kept))
}
