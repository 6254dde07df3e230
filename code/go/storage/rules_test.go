package storage

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/build"
)

// One test per channel rule, each with real packages from test/packages.

func TestViewServesChannelAndMoreStableOnes(t *testing.T) {
	s := memStore(t)
	publish(t, s, Production, archiveOf(t, "good_integration_v3"))
	publish(t, s, Staging, archiveOf(t, "good_input"))
	publish(t, s, Snapshot, archiveOf(t, "good_content"))

	from, _ := viewOf(t, s, Snapshot)
	assert.Equal(t, map[string]Channel{"good_integration_v3-2.0.0": Production, "good_input-0.1.0": Staging, "good_content-0.1.0": Snapshot}, from)
	from, _ = viewOf(t, s, Staging)
	assert.Equal(t, map[string]Channel{"good_integration_v3-2.0.0": Production, "good_input-0.1.0": Staging}, from)
	from, _ = viewOf(t, s, Production)
	assert.Equal(t, map[string]Channel{"good_integration_v3-2.0.0": Production}, from)
}

func TestMoreStableCopyWins(t *testing.T) {
	s := memStore(t)
	snap := variantOf(t, "good_integration_v2")
	stable := archiveOf(t, "good_integration_v2")
	publish(t, s, Snapshot, snap)
	publish(t, s, Staging, stable)

	from, sums := viewOf(t, s, Snapshot)
	assert.Equal(t, Staging, from["good_integration_v2-1.1.0"])
	assert.Equal(t, sum(stable), sums["good_integration_v2-1.1.0"])
	// The snapshot copy is still kept, only hidden.
	st, err := s.State(context.Background(), Snapshot)
	require.NoError(t, err)
	require.Len(t, st.Packages, 1)
	assert.Equal(t, sum(snap), st.Packages[0].SHA256)
}

func TestSnapshotOverwritesAndRemoves(t *testing.T) {
	s := memStore(t)
	ctx := context.Background()
	publish(t, s, Snapshot, archiveOf(t, "good_data_streams"))
	other := variantOf(t, "good_data_streams")
	res := publish(t, s, Snapshot, other)
	assert.Equal(t, "overwrite", res.Op)
	_, sums := viewOf(t, s, Snapshot)
	assert.Equal(t, sum(other), sums["good_data_streams-0.2.0"])

	_, err := s.Yank(ctx, Snapshot, "good_data_streams", "0.2.0", "broken build", Options{})
	require.NoError(t, err)
	from, _ := viewOf(t, s, Snapshot)
	assert.Empty(t, from)
}

func TestStagingOverwritesOnlyWhenForced(t *testing.T) {
	s := memStore(t)
	ctx := context.Background()
	first := archiveOf(t, "good_kibana_assets")
	publish(t, s, Staging, first)
	other := variantOf(t, "good_kibana_assets")

	_, err := s.Publish(ctx, Staging, other, nil, Options{})
	require.Error(t, err)
	assert.True(t, IsRefused(err), err)
	assert.Contains(t, err.Error(), "--force")
	_, sums := viewOf(t, s, Staging)
	assert.Equal(t, sum(first), sums["good_kibana_assets-0.1.0"])

	res, err := s.Publish(ctx, Staging, other, nil, Options{Force: true})
	require.NoError(t, err)
	assert.Equal(t, "overwrite", res.Op)
	_, sums = viewOf(t, s, Staging)
	assert.Equal(t, sum(other), sums["good_kibana_assets-0.1.0"])
}

func TestStagingRemovesOnlyWhenForced(t *testing.T) {
	s := memStore(t)
	ctx := context.Background()
	publish(t, s, Staging, archiveOf(t, "good_kibana_objects"))
	_, err := s.Yank(ctx, Staging, "good_kibana_objects", "0.1.0", "wrong assets", Options{})
	require.Error(t, err)
	assert.True(t, IsRefused(err))
	from, _ := viewOf(t, s, Staging)
	assert.Contains(t, from, "good_kibana_objects-0.1.0")

	_, err = s.Yank(ctx, Staging, "good_kibana_objects", "0.1.0", "wrong assets", Options{Force: true})
	require.NoError(t, err)
	from, _ = viewOf(t, s, Staging)
	assert.NotContains(t, from, "good_kibana_objects-0.1.0")
}

func TestProductionNeverChangesAVersion(t *testing.T) {
	s := memStore(t)
	ctx := context.Background()
	first := archiveOf(t, "good_manifest_rules_v3")
	publish(t, s, Production, first)
	gen, err := s.Generation(ctx, Production)
	require.NoError(t, err)

	for _, force := range []bool{false, true} {
		_, err := s.Publish(ctx, Production, variantOf(t, "good_manifest_rules_v3"), nil, Options{Force: force})
		require.Error(t, err)
		assert.True(t, IsRefused(err), err)
		assert.Contains(t, err.Error(), "production never changes a version")
	}
	stored, err := s.Archive(ctx, sum(first))
	require.NoError(t, err)
	assert.Equal(t, first, stored, "the production copy stays byte for byte")
	after, err := s.Generation(ctx, Production)
	require.NoError(t, err)
	assert.Equal(t, gen, after, "a refused publish writes no state")
}

func TestProductionRemovesOnlyByYankWithReason(t *testing.T) {
	s := memStore(t)
	ctx := context.Background()
	a := archiveOf(t, "good_integration_v1")
	publish(t, s, Staging, a)
	_, err := s.Promote(ctx, Staging, Production, "good_integration_v1", "0.2.0", Options{})
	require.NoError(t, err)

	_, err = s.Yank(ctx, Production, "good_integration_v1", "0.2.0", "  ", Options{})
	require.Error(t, err, "a yank needs a reason")

	_, err = s.Yank(ctx, Production, "good_integration_v1", "0.2.0", "CVE-2026-0001 in the pipeline", Options{})
	require.NoError(t, err)
	from, _ := viewOf(t, s, Snapshot)
	assert.NotContains(t, from, "good_integration_v1-0.2.0")

	// The history keeps the reason, after everything that came before.
	hist, err := s.History(ctx, Production, 0)
	require.NoError(t, err)
	last := hist[len(hist)-1].Change
	assert.Equal(t, "yank", last.Op)
	assert.Equal(t, "CVE-2026-0001 in the pipeline", last.Reason)
	assert.Equal(t, "promote-in", hist[0].Change.Op)

	// A yanked version never comes back, in production nor on its way there.
	_, err = s.Publish(ctx, Production, a, nil, Options{Force: true})
	assert.True(t, IsRefused(err), err)
	_, err = s.Publish(ctx, Staging, a, nil, Options{})
	assert.True(t, IsRefused(err), err)
	assert.Contains(t, err.Error(), "yanked")
}

func TestSameBytesAgainChangeNothing(t *testing.T) {
	for _, c := range Channels {
		t.Run(string(c), func(t *testing.T) {
			s := memStore(t)
			ctx := context.Background()
			a := archiveOf(t, "good_input_format_1_9")
			publish(t, s, c, a)
			gen, err := s.Generation(ctx, c)
			require.NoError(t, err)
			res := publish(t, s, c, a)
			assert.False(t, res.Changed)
			after, err := s.Generation(ctx, c)
			require.NoError(t, err)
			assert.Equal(t, gen, after)
		})
	}
}

func TestPublishRefusesWhatAMoreStableChannelHoldsWithOtherBytes(t *testing.T) {
	s := memStore(t)
	publish(t, s, Production, archiveOf(t, "good_dev_folders"))
	_, err := s.Publish(context.Background(), Snapshot, variantOf(t, "good_dev_folders"), nil, Options{})
	require.Error(t, err)
	assert.True(t, IsRefused(err))
	assert.Contains(t, err.Error(), "production holds this version with other bytes")
}

func TestPublishValidatesStrictly(t *testing.T) {
	s := memStore(t)
	// An invalid package, archived without the build's validation.
	a, err := build.Pack(filepath.Join(fixtures, "bad_manifest_v3"), build.Options{})
	require.NoError(t, err)
	_, err = s.Publish(context.Background(), Snapshot, a.Data, nil, Options{})
	var invalid *InvalidError
	require.ErrorAs(t, err, &invalid)
	assert.NotEmpty(t, invalid.Result.Errors)
	from, _ := viewOf(t, s, Snapshot)
	assert.Empty(t, from)
}

func TestPromoteOneChannelAtATime(t *testing.T) {
	s := memStore(t)
	ctx := context.Background()
	publish(t, s, Snapshot, archiveOf(t, "good_content"))
	for _, pair := range [][2]Channel{{Snapshot, Production}, {Staging, Snapshot}, {Production, Staging}} {
		_, err := s.Promote(ctx, pair[0], pair[1], "good_content", "0.1.0", Options{})
		assert.True(t, IsRefused(err), "%s -> %s: %v", pair[0], pair[1], err)
	}
	res, err := s.Promote(ctx, Snapshot, Staging, "good_content", "0.1.0", Options{})
	require.NoError(t, err)
	assert.True(t, res.Changed)
	res, err = s.Promote(ctx, Staging, Production, "good_content", "0.1.0", Options{})
	require.NoError(t, err)
	assert.True(t, res.Changed)
	from, _ := viewOf(t, s, Snapshot)
	assert.Equal(t, map[string]Channel{"good_content-0.1.0": Production}, from)
	// Again: nothing left to do.
	res, err = s.Promote(ctx, Staging, Production, "good_content", "0.1.0", Options{})
	require.NoError(t, err)
	assert.False(t, res.Changed)
}
