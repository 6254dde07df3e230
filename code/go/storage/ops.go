package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// RefusedError is a change the channel rules do not allow; Reason says which rule.
type RefusedError struct {
	Package string
	Reason  string
}

func (e *RefusedError) Error() string { return e.Package + ": " + e.Reason }

func refused(id, format string, args ...any) error {
	return &RefusedError{Package: id, Reason: fmt.Sprintf(format, args...)}
}

// Result tells what an operation did to one package.
type Result struct {
	Entry Entry
	// Changed is false when the store already was as asked (the same bytes published again,
	// a promotion already done).
	Changed bool
	// Op is what was done: publish, overwrite, sign, promote, yank, or none.
	Op string
}

// Options tune publish, promote and yank.
type Options struct {
	// Force allows what staging only does when forced: overwriting or removing a version.
	Force bool
}

// Publish validates an archive strictly and adds it to channel c, with its detached
// signature when sig is not empty. The same bytes published again change nothing; other
// bytes for a version already in c replace it only where c allows it.
func (s *Store) Publish(ctx context.Context, c Channel, archive, sig []byte, opts Options) (Result, error) {
	if c.rank() < 0 {
		return Result{}, fmt.Errorf("unknown channel %q", c)
	}
	name, version, err := Inspect(archive)
	if err != nil {
		return Result{}, err
	}
	id := name + "-" + version
	if err := ValidateStrict(archive, id+".zip"); err != nil {
		return Result{}, err
	}
	h := sum(archive)
	// A version kept with other bytes in a more stable channel would hide this one in every
	// view, and could never be promoted.
	for _, other := range c.View() {
		if other == c {
			continue
		}
		st, err := s.State(ctx, other)
		if err != nil {
			return Result{}, err
		}
		if i := st.find(name, version); i >= 0 && st.Packages[i].SHA256 != h {
			return Result{}, refused(id, "%s holds this version with other bytes (sha256 %s); publish a new version", other, st.Packages[i].SHA256)
		}
		if y := st.yanked(name, version); y != nil {
			return Result{}, refused(id, "this version was yanked from production (%s); publish a new version", y.Reason)
		}
	}
	if _, err := s.putContent(ctx, packagesPrefix, archive); err != nil {
		return Result{}, err
	}
	entry := Entry{Name: name, Version: version, SHA256: h, Size: int64(len(archive))}
	if len(sig) > 0 {
		if entry.Signature, err = s.putContent(ctx, signaturesPrefix, sig); err != nil {
			return Result{}, err
		}
	}
	res := Result{Entry: entry, Op: "none"}
	_, err = s.update(ctx, c, func(st *State) (*Change, error) {
		res.Op = "none"
		if y := st.yanked(name, version); y != nil {
			return nil, refused(id, "this version was yanked from %s (%s); publish a new version", c, y.Reason)
		}
		op := "publish"
		if i := st.find(name, version); i >= 0 {
			old := st.Packages[i]
			switch {
			case old.SHA256 == h && (entry.Signature == "" || entry.Signature == old.Signature):
				return nil, errUnchanged
			case old.SHA256 == h:
				op = "sign"
			case !c.mayReplace(opts.Force):
				return nil, refused(id, "%s already holds this version with other bytes (sha256 %s, these are %s) and %s", c, old.SHA256, h, replaceRule(c))
			default:
				op = "overwrite"
			}
		}
		st.put(entry)
		res.Op = op
		return &Change{Op: op, Package: id, SHA256: h}, nil
	})
	if err != nil {
		return Result{}, err
	}
	res.Changed = res.Op != "none"
	return res, nil
}

// replaceRule says why channel c does not replace a version.
func replaceRule(c Channel) string {
	if c == Staging {
		return "staging overwrites or removes a version only when forced (--force)"
	}
	return "production never changes a version once published: publish a new version"
}

// SplitID splits name-version at the dash before the version.
func SplitID(id string) (name, version string, err error) {
	id = strings.TrimSuffix(id, ".zip")
	// Names hold no dash ([a-z0-9_]); versions may (1.0.0-beta1).
	i := strings.IndexByte(id, '-')
	if i <= 0 || i == len(id)-1 {
		return "", "", fmt.Errorf("%q is not NAME-VERSION", id)
	}
	return id[:i], id[i+1:], nil
}

// Promote moves name-version from channel from to the next one, to. The archive is checked
// against its sha256, added to the target, and only then removed from the source, so that it
// is in every view it was in at every moment. Run again after a failure, it finishes the work.
func (s *Store) Promote(ctx context.Context, from, to Channel, name, version string, opts Options) (Result, error) {
	id := name + "-" + version
	if from.rank() < 0 || to.rank() < 0 {
		return Result{}, fmt.Errorf("unknown channel in %s -> %s", from, to)
	}
	if from.Next() != to {
		return Result{}, refused(id, "packages are promoted one channel at a time: snapshot to staging, staging to production (not %s to %s)", from, to)
	}
	src, err := s.State(ctx, from)
	if err != nil {
		return Result{}, err
	}
	i := src.find(name, version)
	if i < 0 {
		dst, err := s.State(ctx, to)
		if err != nil {
			return Result{}, err
		}
		if j := dst.find(name, version); j >= 0 {
			return Result{Entry: dst.Packages[j], Op: "none"}, nil // promoted already
		}
		return Result{}, fmt.Errorf("%s is not in %s: %w", id, from, ErrNotFound)
	}
	e := src.Packages[i]
	if _, err := s.Archive(ctx, e.SHA256); err != nil {
		return Result{}, err
	}
	if e.Signature != "" {
		if _, err := s.Signature(ctx, e.Signature); err != nil {
			return Result{}, err
		}
	}
	if err := s.stepDone("verified"); err != nil {
		return Result{}, err
	}
	_, err = s.update(ctx, to, func(st *State) (*Change, error) {
		if y := st.yanked(name, version); y != nil {
			return nil, refused(id, "this version was yanked from %s (%s); publish a new version", to, y.Reason)
		}
		if j := st.find(name, version); j >= 0 {
			old := st.Packages[j]
			switch {
			case old.SHA256 == e.SHA256 && (e.Signature == "" || old.Signature == e.Signature):
				return nil, errUnchanged
			case old.SHA256 != e.SHA256 && !to.mayReplace(opts.Force):
				return nil, refused(id, "%s already holds this version with other bytes (sha256 %s) and %s", to, old.SHA256, replaceRule(to))
			}
		}
		st.put(e)
		return &Change{Op: "promote-in", Package: id, SHA256: e.SHA256, Channel: from}, nil
	})
	if err != nil {
		return Result{}, err
	}
	if err := s.stepDone("recorded"); err != nil {
		return Result{}, err
	}
	_, err = s.update(ctx, from, func(st *State) (*Change, error) {
		j := st.find(name, version)
		if j < 0 || st.Packages[j].SHA256 != e.SHA256 {
			return nil, errUnchanged // gone, or replaced by other bytes since: not ours to remove
		}
		st.remove(name, version)
		return &Change{Op: "promote-out", Package: id, SHA256: e.SHA256, Channel: to}, nil
	})
	if err != nil {
		return Result{}, err
	}
	if err := s.stepDone("removed"); err != nil {
		return Result{}, err
	}
	return Result{Entry: e, Changed: true, Op: "promote"}, nil
}

func (s *Store) stepDone(name string) error {
	if s.step == nil {
		return nil
	}
	return s.step(name)
}

// Yank removes name-version from channel c for a reason, which the channel's history keeps.
// Snapshot allows it, staging when forced; in production a yank is the only way a version
// leaves, and the version can never come back.
func (s *Store) Yank(ctx context.Context, c Channel, name, version, reason string, opts Options) (Result, error) {
	id := name + "-" + version
	if c.rank() < 0 {
		return Result{}, fmt.Errorf("unknown channel %q", c)
	}
	if strings.TrimSpace(reason) == "" {
		return Result{}, refused(id, "a yank needs a reason")
	}
	if c == Staging && !opts.Force {
		return Result{}, refused(id, "%s", replaceRule(c))
	}
	res := Result{Op: "yank", Changed: true}
	_, err := s.update(ctx, c, func(st *State) (*Change, error) {
		i := st.find(name, version)
		if i < 0 {
			if st.yanked(name, version) != nil {
				res.Op, res.Changed = "none", false
				return nil, errUnchanged
			}
			return nil, fmt.Errorf("%s is not in %s: %w", id, c, ErrNotFound)
		}
		e := st.Packages[i]
		res.Entry = e
		st.remove(name, version)
		if c == Production {
			st.Yanked = append(st.Yanked, Yanked{Name: name, Version: version, SHA256: e.SHA256, Reason: reason})
			slices.SortFunc(st.Yanked, func(a, b Yanked) int {
				return strings.Compare(a.Name+"-"+a.Version, b.Name+"-"+b.Version)
			})
		}
		return &Change{Op: "yank", Package: id, SHA256: e.SHA256, Reason: reason}, nil
	})
	if err != nil {
		return Result{}, err
	}
	return res, nil
}

// IsRefused tells whether err is a change the channel rules refuse.
func IsRefused(err error) bool {
	var r *RefusedError
	return errors.As(err, &r)
}
