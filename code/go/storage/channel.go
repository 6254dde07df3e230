// Package storage keeps built packages in a blob store (a folder, S3, GCS or memory, through
// gocloud.dev/blob) and moves them through three channels, from the least to the most stable:
// snapshot, staging and production.
//
// Archives are stored once, under their sha256, and never rewritten. What a channel holds is a
// small state document; each change writes the next numbered state, created only if it does
// not exist yet, so that two writers racing cannot both win and readers never see a partial
// state. The numbered states are never deleted: they are the channel's append-only history,
// each naming the change that made it and why.
//
// A channel's view is what its registry serves: the channel and every more stable one, the
// more stable copy winning when a version is in two of them.
package storage

import (
	"fmt"
	"slices"
)

// Channel is a stage of a package's life.
type Channel string

// The channels, from the least to the most stable.
const (
	Snapshot   Channel = "snapshot"
	Staging    Channel = "staging"
	Production Channel = "production"
)

// Channels lists the channels from the least to the most stable.
var Channels = []Channel{Snapshot, Staging, Production}

// ParseChannel reads a channel name.
func ParseChannel(s string) (Channel, error) {
	c := Channel(s)
	if !slices.Contains(Channels, c) {
		return "", fmt.Errorf("unknown channel %q (want snapshot, staging or production)", s)
	}
	return c, nil
}

// rank orders channels by stability: 0 for snapshot, 2 for production.
func (c Channel) rank() int { return slices.Index(Channels, c) }

// Next is the channel packages of c are promoted to; empty for production.
func (c Channel) Next() Channel {
	r := c.rank()
	if r < 0 || r+1 >= len(Channels) {
		return ""
	}
	return Channels[r+1]
}

// View lists the channels the registry of c serves, the most stable first: c and every more
// stable channel.
func (c Channel) View() []Channel {
	r := c.rank()
	if r < 0 {
		return nil
	}
	v := slices.Clone(Channels[r:])
	slices.Reverse(v)
	return v
}

// mayReplace tells whether a version kept in c may be overwritten with other bytes or
// removed (other than by a yank in production): always in snapshot, in staging only when
// forced, never in production.
func (c Channel) mayReplace(force bool) bool {
	switch c {
	case Snapshot:
		return true
	case Staging:
		return force
	}
	return false
}
