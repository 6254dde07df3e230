package storage

import (
	"context"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"
)

// Item is a version served by a channel's view, and the channel its copy comes from.
type Item struct {
	Entry
	Channel Channel `json:"channel"`
}

// View is what the registry of a channel serves at one moment.
type View struct {
	Channel Channel
	// Items are sorted by name, then version.
	Items []Item
	// Generations are those of the channels read, the most stable first.
	Generations []uint64
}

// Stamp identifies the moment of a view: it changes whenever a channel of the view does.
func (v *View) Stamp() string { return stamp(v.Channel, v.Generations) }

func stamp(c Channel, gens []uint64) string {
	parts := make([]string, len(gens))
	for i, ch := range c.View() {
		parts[i] = string(ch) + "=" + strconv.FormatUint(gens[i], 10)
	}
	return strings.Join(parts, ",")
}

// View returns what the registry of channel c serves: c and every more stable channel, the
// more stable copy of a version winning.
func (s *Store) View(ctx context.Context, c Channel) (*View, error) {
	chans := c.View()
	if chans == nil {
		return nil, fmt.Errorf("unknown channel %q", c)
	}
	v := &View{Channel: c}
	seen := map[string]bool{}
	var entries []Entry
	from := map[string]Channel{}
	for _, ch := range chans { // the most stable first: its copies win
		st, err := s.State(ctx, ch)
		if err != nil {
			return nil, err
		}
		v.Generations = append(v.Generations, st.Generation)
		for _, e := range st.Packages {
			if seen[e.ID()] {
				continue
			}
			seen[e.ID()] = true
			entries = append(entries, e)
			from[e.ID()] = ch
		}
	}
	sortEntries(entries)
	v.Items = make([]Item, len(entries))
	for i, e := range entries {
		v.Items[i] = Item{Entry: e, Channel: from[e.ID()]}
	}
	return v, nil
}

// Stamp returns the stamp the view of channel c would have now, reading no state: a cheap
// signal that the view changed.
func (s *Store) Stamp(ctx context.Context, c Channel) (string, error) {
	chans := c.View()
	if chans == nil {
		return "", fmt.Errorf("unknown channel %q", c)
	}
	gens := make([]uint64, len(chans))
	for i, ch := range chans {
		g, err := s.Generation(ctx, ch)
		if err != nil {
			return "", err
		}
		gens[i] = g
	}
	return stamp(c, gens), nil
}

// Watch calls load with the view of channel c and its file system (see FS), then again each
// time the view changes, checking its stamp every interval, until ctx ends. A check or a load
// that fails is given to onError and tried again at the next tick. Several processes may watch
// one bucket: each sees a change within one interval of it.
func (s *Store) Watch(ctx context.Context, c Channel, interval time.Duration, load func(*View, fs.FS) error, onError func(error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	loaded := ""
	for {
		if err := s.reload(ctx, c, &loaded, load); err != nil && ctx.Err() == nil {
			onError(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// reload loads the view of c when its stamp differs from *loaded.
func (s *Store) reload(ctx context.Context, c Channel, loaded *string, load func(*View, fs.FS) error) error {
	st, err := s.Stamp(ctx, c)
	if err != nil || st == *loaded {
		return err
	}
	v, err := s.View(ctx, c)
	if err != nil {
		return err
	}
	if err := load(v, s.FS(ctx, v)); err != nil {
		return err
	}
	*loaded = v.Stamp()
	return nil
}
