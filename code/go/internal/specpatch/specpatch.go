// Package specpatch rebuilds older versions of a spec file from the newest one, by applying the
// RFC 6902 patches listed under its `versions:` key.
package specpatch

import (
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"github.com/Masterminds/semver/v3"
	jsonpatch "github.com/evanphx/json-patch/v5"
	"gopkg.in/yaml.v3"
)

// File is a spec file: the newest content and the patches that undo later changes. Resolve
// may be called from many goroutines at once.
type File struct {
	// Since, in the root tree of a package type, is the first spec version with that type.
	Since    string    `yaml:"since"`
	Spec     any       `yaml:"spec"`
	Versions []Version `yaml:"versions"`

	prepare sync.Once
	steps   []step // patches, newest first
	err     error

	mu   sync.Mutex
	docs map[int][]byte // docs[k] is the content with the first k steps applied
}

// Version holds the patch for every package whose format_version is below Before.
type Version struct {
	Before string `yaml:"before"`
	Patch  []any  `yaml:"patch"`
}

type step struct {
	before *semver.Version
	patch  jsonpatch.Patch
}

// Parse decodes a spec file. Map keys are turned into strings so that the content can be
// handled as JSON.
func Parse(data []byte) (*File, error) {
	var f File
	if err := yaml.Unmarshal(data, &f); err != nil {
		return nil, err
	}
	f.Spec = normalize(f.Spec)
	for i := range f.Versions {
		for j := range f.Versions[i].Patch {
			f.Versions[i].Patch[j] = normalize(f.Versions[i].Patch[j])
		}
	}
	return &f, nil
}

// Resolve returns the spec content for a package of the given format version, as JSON bytes.
// The bytes are shared between callers and must not be changed. Each patch is applied once per
// File, however many versions are resolved: versions between the same two patches share one
// result.
func (f *File) Resolve(v *semver.Version) ([]byte, error) {
	f.prepare.Do(f.decode)
	if f.err != nil {
		return nil, f.err
	}
	// The patches for versions above v are a prefix of the newest-first list.
	k := 0
	for k < len(f.steps) && v.LessThan(f.steps[k].before) {
		k++
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.docs == nil {
		doc, err := json.Marshal(f.Spec)
		if err != nil {
			return nil, err
		}
		f.docs = map[int][]byte{0: doc}
	}
	if doc, ok := f.docs[k]; ok {
		return doc, nil
	}
	// Start from the nearest result already built and apply the remaining patches in one go:
	// applying a patch decodes and encodes the whole document, so one call for all of them
	// costs little more than one for a single patch.
	from := 0
	for j := range f.docs {
		if j < k && j > from {
			from = j
		}
	}
	var ops jsonpatch.Patch
	for _, s := range f.steps[from:k] {
		ops = append(ops, s.patch...)
	}
	doc, err := ops.Apply(f.docs[from])
	if err != nil {
		// Say which version's patch fails.
		doc = f.docs[from]
		for _, s := range f.steps[from:k] {
			if doc, err = s.patch.Apply(doc); err != nil {
				return nil, fmt.Errorf("patch for versions before %s: %w", s.before, err)
			}
		}
	}
	f.docs[k] = doc
	return doc, nil
}

// decode checks the versions and decodes their patches, newest first.
func (f *File) decode() {
	for _, ver := range f.Versions {
		b, err := semver.StrictNewVersion(ver.Before)
		if err != nil {
			f.err = fmt.Errorf("versions: before %q is not a valid semantic version", ver.Before)
			return
		}
		ops, err := json.Marshal(ver.Patch)
		if err != nil {
			f.err = err
			return
		}
		p, err := jsonpatch.DecodePatch(ops)
		if err != nil {
			f.err = fmt.Errorf("patch for versions before %s: %w", b, err)
			return
		}
		f.steps = append(f.steps, step{b, p})
	}
	slices.SortStableFunc(f.steps, func(a, b step) int { return b.before.Compare(a.before) })
}

// normalize turns the maps that yaml.v3 may decode with non-string keys into map[string]any.
func normalize(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = normalize(e)
		}
		return t
	case map[any]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[fmt.Sprint(k)] = normalize(e)
		}
		return m
	case []any:
		for i, e := range t {
			t[i] = normalize(e)
		}
		return t
	}
	return v
}
