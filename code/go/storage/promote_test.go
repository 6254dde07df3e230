package storage

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var errCrash = errors.New("crash")

// TestPromoteCrashAtEachStep stops a promotion after each of its steps, as a crash would:
// the package stays in every view it was in, and promoting again finishes the work.
func TestPromoteCrashAtEachStep(t *testing.T) {
	for _, step := range []string{"verified", "recorded", "removed"} {
		for _, pair := range [][2]Channel{{Snapshot, Staging}, {Staging, Production}} {
			from, to := pair[0], pair[1]
			t.Run(fmt.Sprintf("%s-%s-%s", from, to, step), func(t *testing.T) {
				ctx := context.Background()
				s, _ := dirStore(t)
				a := archiveOf(t, "good_integration_v2")
				publish(t, s, from, a)
				id := "good_integration_v2-1.1.0"

				s.step = func(name string) error {
					if name == step {
						return errCrash
					}
					return nil
				}
				_, err := s.Promote(ctx, from, to, "good_integration_v2", "1.1.0", Options{})
				require.ErrorIs(t, err, errCrash)

				// Every view that held the package still holds it, with the same bytes.
				for _, c := range Channels {
					seen, sums := viewOf(t, s, c)
					if containsChannel(c.View(), from) { // it was in this view before
						assert.Contains(t, seen, id, "view of %s after a crash at %s", c, step)
						assert.Equal(t, sum(a), sums[id])
					}
				}

				// Run again, without the crash: the promotion completes.
				s.step = nil
				_, err = s.Promote(ctx, from, to, "good_integration_v2", "1.1.0", Options{})
				require.NoError(t, err)
				src, err := s.State(ctx, from)
				require.NoError(t, err)
				assert.Equal(t, -1, src.find("good_integration_v2", "1.1.0"))
				dst, err := s.State(ctx, to)
				require.NoError(t, err)
				require.GreaterOrEqual(t, dst.find("good_integration_v2", "1.1.0"), 0)
				seen, _ := viewOf(t, s, to)
				assert.Equal(t, to, seen[id])
				seen, _ = viewOf(t, s, from)
				assert.Equal(t, to, seen[id])
			})
		}
	}
}

func containsChannel(cs []Channel, c Channel) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// TestPublishersRace has writers race over one bucket, through stores of their own as
// separate processes would: on the same version of production only one can win, on other
// versions none is lost.
func TestPublishersRace(t *testing.T) {
	stores := map[string]func(t *testing.T) (*Store, *Store){
		"mem": func(t *testing.T) (*Store, *Store) { return memStore(t), memStore(t) },
		"dir": func(t *testing.T) (*Store, *Store) {
			a, dir := dirStore(t)
			b, err := Open(context.Background(), dir)
			require.NoError(t, err)
			t.Cleanup(func() { b.Close() })
			return a, b
		},
	}
	for name, open := range stores {
		t.Run(name+"/same-version", func(t *testing.T) {
			ctx := context.Background()
			for round := range 3 {
				s1, s2 := open(t)
				c := Production
				if round == 1 {
					c = Staging
				}
				archives := [][]byte{variantOf(t, "good_input"), variantOf(t, "good_input")}
				var wg sync.WaitGroup
				errs := make([]error, 2)
				for i, s := range []*Store{s1, s2} {
					wg.Go(func() { _, errs[i] = s.Publish(ctx, c, archives[i], nil, Options{}) })
				}
				wg.Wait()
				won := 0
				for _, err := range errs {
					if err == nil {
						won++
					} else {
						assert.True(t, IsRefused(err), err)
					}
				}
				require.Equal(t, 1, won, "exactly one publisher wins: %v", errs)
				winner := archives[0]
				if errs[0] != nil {
					winner = archives[1]
				}
				_, sums := viewOf(t, s1, c)
				assert.Equal(t, sum(winner), sums["good_input-0.1.0"])
				require.NoError(t, s1.bucket.Delete(ctx, stateKey(c, 1)))
				require.NoError(t, s1.bucket.Delete(ctx, headKey(c)))
			}
		})
		t.Run(name+"/other-versions", func(t *testing.T) {
			ctx := context.Background()
			s1, s2 := open(t)
			fixtures := []string{"good_input", "good_content", "good_data_streams", "good_integration_v3", "good_kibana_assets", "good_integration_v1"}
			var wg sync.WaitGroup
			errs := make([]error, len(fixtures))
			for i, f := range fixtures {
				a := archiveOf(t, f)
				s := s1
				if i%2 == 1 {
					s = s2
				}
				wg.Go(func() { _, errs[i] = s.Publish(ctx, Snapshot, a, nil, Options{}) })
			}
			wg.Wait()
			for _, err := range errs {
				require.NoError(t, err)
			}
			from, _ := viewOf(t, s2, Snapshot)
			assert.Len(t, from, len(fixtures), "no publish is lost")
			gen, err := s1.Generation(ctx, Snapshot)
			require.NoError(t, err)
			assert.Equal(t, uint64(len(fixtures)), gen)
		})
	}
}

// TestHeadHintIsOnlyAHint: the head object may lag (a writer stopped between its state and
// the hint), be missing or hold garbage; readers still find the newest state.
func TestHeadHintIsOnlyAHint(t *testing.T) {
	ctx := context.Background()
	s, _ := dirStore(t)
	for _, f := range []string{"good_input", "good_content", "good_data_streams"} {
		publish(t, s, Snapshot, archiveOf(t, f))
	}
	for name, hint := range map[string]string{"lagging": "1", "ahead": "99", "garbage": "x", "missing": ""} {
		t.Run(name, func(t *testing.T) {
			if hint == "" {
				require.NoError(t, s.bucket.Delete(ctx, headKey(Snapshot)))
			} else {
				require.NoError(t, s.bucket.WriteAll(ctx, headKey(Snapshot), []byte(hint), nil))
			}
			gen, err := s.Generation(ctx, Snapshot)
			require.NoError(t, err)
			assert.Equal(t, uint64(3), gen)
			from, _ := viewOf(t, s, Snapshot)
			assert.Len(t, from, 3)
		})
	}
}
