// Package specpatch rebuilds older versions of a spec file from the newest one, by applying the
// RFC 6902 patches listed under its `versions:` key.
package specpatch

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/Masterminds/semver/v3"
	jsonpatch "github.com/evanphx/json-patch/v5"
	"gopkg.in/yaml.v3"
)

// File is a spec file: the newest content and the patches that undo later changes.
type File struct {
	// Since, in the root tree of a package type, is the first spec version with that type.
	Since    string    `yaml:"since"`
	Spec     any       `yaml:"spec"`
	Versions []Version `yaml:"versions"`
}

// Version holds the patch for every package whose format_version is below Before.
type Version struct {
	Before string `yaml:"before"`
	Patch  []any  `yaml:"patch"`
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
func (f *File) Resolve(v *semver.Version) ([]byte, error) {
	doc, err := json.Marshal(f.Spec)
	if err != nil {
		return nil, err
	}
	type step struct {
		before *semver.Version
		patch  []any
	}
	var steps []step
	for _, ver := range f.Versions {
		b, err := semver.StrictNewVersion(ver.Before)
		if err != nil {
			return nil, fmt.Errorf("versions: before %q is not a valid semantic version", ver.Before)
		}
		if v.LessThan(b) {
			steps = append(steps, step{b, ver.Patch})
		}
	}
	slices.SortStableFunc(steps, func(a, b step) int { return b.before.Compare(a.before) })
	for _, s := range steps {
		ops, err := json.Marshal(s.patch)
		if err != nil {
			return nil, err
		}
		p, err := jsonpatch.DecodePatch(ops)
		if err != nil {
			return nil, fmt.Errorf("patch for versions before %s: %w", s.before, err)
		}
		doc, err = p.Apply(doc)
		if err != nil {
			return nil, fmt.Errorf("patch for versions before %s: %w", s.before, err)
		}
	}
	return doc, nil
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
