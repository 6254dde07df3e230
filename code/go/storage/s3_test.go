package storage

import (
	"context"
	"sync"
	"testing"

	"github.com/pkgspec/pkgspec/code/go/storage/storagetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestS3RoundTrip(t *testing.T) {
	ctx := context.Background()
	u := storagetest.S3Server(t)
	pub, err := Open(ctx, u)
	require.NoError(t, err)
	defer pub.Close()
	reader, err := Open(ctx, u)
	require.NoError(t, err)
	defer reader.Close()

	a := archiveOf(t, "good_integration_v3")
	res, err := pub.Publish(ctx, Snapshot, a, []byte("-----BEGIN PGP SIGNATURE-----\n"), Options{})
	require.NoError(t, err)
	assert.True(t, res.Changed)
	res, err = pub.Publish(ctx, Snapshot, a, nil, Options{})
	require.NoError(t, err)
	assert.False(t, res.Changed, "the same bytes again change nothing")

	from, sums := viewOf(t, reader, Snapshot)
	assert.Equal(t, Snapshot, from["good_integration_v3-2.0.0"])
	assert.Equal(t, sum(a), sums["good_integration_v3-2.0.0"])

	_, err = reader.Promote(ctx, Snapshot, Staging, "good_integration_v3", "2.0.0", Options{})
	require.NoError(t, err)
	_, err = reader.Promote(ctx, Staging, Production, "good_integration_v3", "2.0.0", Options{})
	require.NoError(t, err)
	from, _ = viewOf(t, pub, Snapshot)
	assert.Equal(t, Production, from["good_integration_v3-2.0.0"])
	v, err := pub.View(ctx, Production)
	require.NoError(t, err)
	require.Len(t, v.Items, 1)
	assert.NotEmpty(t, v.Items[0].Signature, "the signature travels with the package")
	got, err := pub.Archive(ctx, v.Items[0].SHA256)
	require.NoError(t, err)
	assert.Equal(t, a, got)

	// Racing on one version of production over S3: the conditional PUT lets one win.
	archives := [][]byte{variantOf(t, "good_input"), variantOf(t, "good_input")}
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, s := range []*Store{pub, reader} {
		wg.Go(func() { _, errs[i] = s.Publish(ctx, Production, archives[i], nil, Options{}) })
	}
	wg.Wait()
	assert.True(t, (errs[0] == nil) != (errs[1] == nil), "exactly one wins: %v", errs)
	stamp, err := reader.Stamp(ctx, Snapshot)
	require.NoError(t, err)
	assert.Equal(t, "production=2,staging=2,snapshot=2", stamp)
}
