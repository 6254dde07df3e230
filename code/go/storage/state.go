package storage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/Masterminds/semver/v3"
	"gocloud.dev/blob"
)

// maxState bounds a state document read from the store.
const maxState = 64 << 20

// maxAttempts bounds how often a change is retried when other writers keep winning.
const maxAttempts = 50

// Entry is one version of a package kept in a channel.
type Entry struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	// SHA256 names the archive's bytes; Size is their number.
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	// Signature is the sha256 of the archive's detached signature, when it has one.
	Signature string `json:"signature,omitempty"`
}

// ID is name-version, as archives are named.
func (e Entry) ID() string { return e.Name + "-" + e.Version }

// Yanked is a version removed from production by a yank: it may never come back.
type Yanked struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	SHA256  string `json:"sha256"`
	Reason  string `json:"reason"`
}

// Change says what made a state out of the one before it.
type Change struct {
	// Op is publish, overwrite, promote-in, promote-out, yank or sign.
	Op      string    `json:"op"`
	Package string    `json:"package"`
	SHA256  string    `json:"sha256,omitempty"`
	Reason  string    `json:"reason,omitempty"`
	Channel Channel   `json:"channel,omitempty"` // the other channel of a promotion
	Time    time.Time `json:"time"`
}

// State is what a channel holds at one generation.
type State struct {
	Channel    Channel `json:"channel"`
	Generation uint64  `json:"generation"`
	// Packages are sorted by name, then version.
	Packages []Entry  `json:"packages"`
	Yanked   []Yanked `json:"yanked,omitempty"`
	// Change made this state; nil for the empty state before any change.
	Change *Change `json:"change,omitempty"`
}

// find returns the index of name-version in the state, or -1.
func (st *State) find(name, version string) int {
	return slices.IndexFunc(st.Packages, func(e Entry) bool { return e.Name == name && e.Version == version })
}

func (st *State) yanked(name, version string) *Yanked {
	for i := range st.Yanked {
		if st.Yanked[i].Name == name && st.Yanked[i].Version == version {
			return &st.Yanked[i]
		}
	}
	return nil
}

// put adds or replaces an entry, keeping the order.
func (st *State) put(e Entry) {
	if i := st.find(e.Name, e.Version); i >= 0 {
		st.Packages[i] = e
		return
	}
	st.Packages = append(st.Packages, e)
	sortEntries(st.Packages)
}

func (st *State) remove(name, version string) {
	if i := st.find(name, version); i >= 0 {
		st.Packages = slices.Delete(st.Packages, i, i+1)
	}
}

// sortEntries orders entries by name, then by semantic version (text for versions that are not).
func sortEntries(es []Entry) {
	slices.SortStableFunc(es, func(a, b Entry) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return compareVersions(a.Version, b.Version)
	})
}

func compareVersions(a, b string) int {
	va, erra := semver.StrictNewVersion(a)
	vb, errb := semver.StrictNewVersion(b)
	if erra == nil && errb == nil {
		if c := va.Compare(vb); c != 0 {
			return c
		}
	}
	return strings.Compare(a, b)
}

func stateKey(c Channel, gen uint64) string {
	return fmt.Sprintf("%s%s/%020d.json", channelsPrefix, c, gen)
}

func headKey(c Channel) string { return channelsPrefix + string(c) + "/head" }

// Generation returns the newest generation of channel c, 0 when nothing was ever written
// to it. It reads no state, only checks which exist: a cheap signal of change.
func (s *Store) Generation(ctx context.Context, c Channel) (uint64, error) {
	gen, err := s.hint(ctx, c)
	if err != nil {
		return 0, err
	}
	if gen > 0 {
		ok, err := s.bucket.Exists(ctx, stateKey(c, gen))
		if err != nil {
			return 0, err
		}
		if !ok {
			return s.listNewest(ctx, c)
		}
	}
	for {
		ok, err := s.bucket.Exists(ctx, stateKey(c, gen+1))
		if err != nil {
			return 0, err
		}
		if !ok {
			return gen, nil
		}
		gen++
	}
}

// hint reads the head hint; 0 when there is none or it cannot be read as a number.
func (s *Store) hint(ctx context.Context, c Channel) (uint64, error) {
	data, err := s.read(ctx, headKey(c), 64)
	if errors.Is(err, ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n, _ := strconv.ParseUint(strings.TrimSpace(string(data)), 10, 64)
	return n, nil
}

// listNewest finds the newest state by listing them all: for a hint that names a state
// that is not there.
func (s *Store) listNewest(ctx context.Context, c Channel) (uint64, error) {
	var newest uint64
	it := s.bucket.List(&blob.ListOptions{Prefix: channelsPrefix + string(c) + "/"})
	for {
		obj, err := it.Next(ctx)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return newest, nil
			}
			return 0, err
		}
		base := strings.TrimSuffix(path.Base(obj.Key), ".json")
		if n, err := strconv.ParseUint(base, 10, 64); err == nil && len(base) == 20 && n > newest {
			newest = n
		}
	}
}

// State returns the newest state of channel c.
func (s *Store) State(ctx context.Context, c Channel) (*State, error) {
	if c.rank() < 0 {
		return nil, fmt.Errorf("unknown channel %q", c)
	}
	gen, err := s.Generation(ctx, c)
	if err != nil {
		return nil, err
	}
	return s.stateAt(ctx, c, gen)
}

// stateAt reads generation gen of channel c; generation 0 is the empty state.
func (s *Store) stateAt(ctx context.Context, c Channel, gen uint64) (*State, error) {
	if gen == 0 {
		return &State{Channel: c, Packages: []Entry{}}, nil
	}
	data, err := s.read(ctx, stateKey(c, gen), maxState)
	if err != nil {
		return nil, err
	}
	var st State
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("state %s is damaged: %w", stateKey(c, gen), err)
	}
	if st.Channel != c || st.Generation != gen {
		return nil, fmt.Errorf("state %s says it is generation %d of %s", stateKey(c, gen), st.Generation, st.Channel)
	}
	return &st, nil
}

// History returns the states of channel c from generation since (exclusive), oldest first.
func (s *Store) History(ctx context.Context, c Channel, since uint64) ([]*State, error) {
	newest, err := s.Generation(ctx, c)
	if err != nil {
		return nil, err
	}
	var out []*State
	for g := since + 1; g <= newest; g++ {
		st, err := s.stateAt(ctx, c, g)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// errUnchanged is returned by a change function that has nothing to do.
var errUnchanged = errors.New("unchanged")

// update applies change to the newest state of channel c and writes the result as the next
// generation. When another writer took that generation first, it starts again from the
// newer state, so change must decide from the state it is given. change returns
// errUnchanged when the state already is as wanted; update then returns the state as it is.
func (s *Store) update(ctx context.Context, c Channel, change func(st *State) (*Change, error)) (*State, error) {
	for range maxAttempts {
		cur, err := s.State(ctx, c)
		if err != nil {
			return nil, err
		}
		next := &State{Channel: c, Generation: cur.Generation + 1, Packages: slices.Clone(cur.Packages), Yanked: slices.Clone(cur.Yanked)}
		ch, err := change(next)
		if errors.Is(err, errUnchanged) {
			return cur, nil
		}
		if err != nil {
			return nil, err
		}
		ch.Time = time.Now().UTC().Truncate(time.Millisecond)
		next.Change = ch
		data, err := json.MarshalIndent(next, "", "  ")
		if err != nil {
			return nil, err
		}
		err = s.create(ctx, stateKey(c, next.Generation), data)
		if errors.Is(err, errExists) {
			continue // another writer made this generation: decide again from it
		}
		if err != nil {
			return nil, err
		}
		// The hint only saves readers from probing; it may lag, never lead.
		_ = s.bucket.WriteAll(ctx, headKey(c), []byte(strconv.FormatUint(next.Generation, 10)), nil)
		return next, nil
	}
	return nil, fmt.Errorf("channel %s changes too often: gave up after %d attempts", c, maxAttempts)
}
