package storage

import (
	"archive/zip"
	"bytes"
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
	"gocloud.dev/gcerrors"
	"gopkg.in/yaml.v3"
)

// The layout of the Elastic Package Registry's "storage v2", which its storage indexer reads:
// a cursor naming the current revision of a search index listing every package, and the
// artifacts: archives, their signatures, and the files of each package served one by one.
const (
	v2Cursor         = "v2/metadata/cursor.json"
	v2Metadata       = "v2/metadata/"
	v2IndexFile      = "search-index-all.json"
	v2Packages       = "artifacts/packages/"
	v2Static         = "artifacts/static/"
	v2ExportedPrefix = "v2/pkgspec/exported/" // sha256 of the archive exported under a name
)

// maxIndex bounds the search index read back from an export.
const maxIndex = 1 << 30

// ExportSummary tells what an export did.
type ExportSummary struct {
	// Cursor is the revision of the search index the bucket names now.
	Cursor string
	// Packages are the name-version of every package exported.
	Packages []string
	// Changed is false when the bucket already held this view.
	Changed bool
}

// ExportV2 writes the view of channel c into out in the package registry's storage v2
// layout, so that the registry's storage indexer serves it: each archive (and signature)
// under artifacts/packages/, each package's files under artifacts/static/<name>-<version>/,
// and a new revision of the search index, which the cursor names once everything it lists
// is in place. Archives already exported with the same bytes are not written again.
func (s *Store) ExportV2(ctx context.Context, c Channel, out *blob.Bucket) (ExportSummary, error) {
	var sum ExportSummary
	v, err := s.View(ctx, c)
	if err != nil {
		return sum, err
	}
	index := struct {
		Packages []map[string]any `json:"packages"`
	}{Packages: []map[string]any{}}
	for _, it := range v.Items {
		archive, err := s.Archive(ctx, it.SHA256)
		if err != nil {
			return sum, err
		}
		var sig []byte
		if it.Signature != "" {
			if sig, err = s.Signature(ctx, it.Signature); err != nil {
				return sum, err
			}
		}
		files, err := unzip(archive, it.ID())
		if err != nil {
			return sum, err
		}
		if err := exportArtifacts(ctx, out, it, archive, sig, files); err != nil {
			return sum, err
		}
		m, err := packageManifest(it.Name, it.Version, files, sig != nil)
		if err != nil {
			return sum, fmt.Errorf("%s: %w", it.ID(), err)
		}
		index.Packages = append(index.Packages, map[string]any{"package_manifest": m})
		sum.Packages = append(sum.Packages, it.ID())
	}
	data, err := json.MarshalIndent(index, "", "  ")
	if err != nil {
		return sum, err
	}
	prev, err := currentCursor(ctx, out)
	if err != nil {
		return sum, err
	}
	if prev != "" {
		old, err := out.ReadAll(ctx, v2Metadata+prev+"/"+v2IndexFile)
		if err == nil && bytes.Equal(old, data) {
			sum.Cursor = prev
			return sum, nil
		}
	}
	sum.Cursor = nextCursor(prev)
	if err := out.WriteAll(ctx, v2Metadata+sum.Cursor+"/"+v2IndexFile, data, &blob.WriterOptions{ContentType: "application/json"}); err != nil {
		return sum, err
	}
	cur, _ := json.Marshal(map[string]string{"current": sum.Cursor})
	if err := out.WriteAll(ctx, v2Cursor, cur, &blob.WriterOptions{ContentType: "application/json"}); err != nil {
		return sum, err
	}
	sum.Changed = true
	return sum, nil
}

func currentCursor(ctx context.Context, out *blob.Bucket) (string, error) {
	raw, err := out.ReadAll(ctx, v2Cursor)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	var c struct {
		Current string `json:"current"`
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return "", fmt.Errorf("%s is damaged: %w", v2Cursor, err)
	}
	return c.Current, nil
}

// nextCursor gives a revision that sorts after prev, as the indexer compares them as text:
// the time in nanoseconds, 20 digits, or prev plus one when the clock is behind.
func nextCursor(prev string) string {
	next := uint64(time.Now().UnixNano())
	if n, err := strconv.ParseUint(prev, 10, 64); err == nil && len(prev) == 20 && n >= next {
		next = n + 1
	}
	return fmt.Sprintf("%020d", next)
}

// exportArtifacts writes a package's files, signature and archive, the archive last: once
// it is there with its sha256 recorded, the package needs no more work.
func exportArtifacts(ctx context.Context, out *blob.Bucket, it Item, archive, sig []byte, files map[string][]byte) error {
	id := it.ID()
	done, err := out.ReadAll(ctx, v2ExportedPrefix+id)
	if err == nil && string(done) == it.SHA256 {
		return nil
	}
	for _, name := range sortedKeys(files) {
		if err := out.WriteAll(ctx, v2Static+id+"/"+name, files[name], nil); err != nil {
			return err
		}
	}
	if sig != nil {
		if err := out.WriteAll(ctx, v2Packages+id+".zip.sig", sig, &blob.WriterOptions{ContentType: "application/octet-stream"}); err != nil {
			return err
		}
	}
	if err := out.WriteAll(ctx, v2Packages+id+".zip", archive, &blob.WriterOptions{ContentType: "application/zip"}); err != nil {
		return err
	}
	return out.WriteAll(ctx, v2ExportedPrefix+id, []byte(it.SHA256), nil)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// unzip returns the files of an archive by their path inside the package folder.
func unzip(archive []byte, id string) (map[string][]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", id, err)
	}
	files := map[string][]byte{}
	var total int64
	for _, f := range zr.File {
		rel, ok := strings.CutPrefix(f.Name, id+"/")
		if !ok || rel == "" || strings.HasSuffix(rel, "/") {
			continue
		}
		r, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", id, f.Name, err)
		}
		data, err := io.ReadAll(io.LimitReader(r, maxArchive-total+1))
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", id, f.Name, err)
		}
		if total += int64(len(data)); total > maxArchive {
			return nil, fmt.Errorf("%s: holds more than %d bytes", id, maxArchive)
		}
		files[rel] = data
	}
	return files, nil
}

// packageManifest is a package's entry in the search index: its manifest with the fields the
// registry adds to it (where it is served, its assets and data streams, defaults made
// explicit).
func packageManifest(name, version string, files map[string][]byte, signed bool) (map[string]any, error) {
	m, err := yamlMap(files["manifest.yml"])
	if err != nil {
		return nil, fmt.Errorf("manifest.yml: %w", err)
	}
	base := "/package/" + name + "/" + version
	if _, ok := m["type"]; !ok {
		m["type"] = "integration"
	}
	if c, ok := m["conditions"].(map[string]any); ok {
		m["conditions"] = expandDots(c)
	}
	if _, ok := m["license"]; !ok {
		m["license"] = "basic"
		if sub, ok := dig(m, "conditions", "elastic", "subscription").(string); ok && sub != "" {
			m["license"] = sub
		}
	}
	if _, ok := m["release"]; !ok {
		m["release"] = "ga"
		if v, err := semver.StrictNewVersion(version); err == nil && (v.Prerelease() != "" || v.Major() == 0) {
			m["release"] = "beta"
		}
	}
	setImagePaths(m, base)
	if pts, ok := m["policy_templates"].([]any); ok {
		for _, p := range pts {
			pt, ok := p.(map[string]any)
			if !ok {
				continue
			}
			setImagePaths(pt, base)
			if _, ok := pt["multiple"]; !ok {
				pt["multiple"] = true
			}
			if n, _ := pt["name"].(string); n != "" && files["docs/"+n+".md"] != nil {
				pt["readme"] = base + "/docs/" + n + ".md"
			}
		}
	}
	if files["docs/README.md"] != nil {
		m["readme"] = base + "/docs/README.md"
	}
	m["download"] = "/epr/" + name + "/" + name + "-" + version + ".zip"
	m["path"] = base
	if signed {
		m["signature_path"] = m["download"].(string) + ".sig"
	}
	m["assets"] = assets(files, base)
	streams, err := dataStreams(name, m["release"], files)
	if err != nil {
		return nil, err
	}
	if len(streams) > 0 {
		m["data_streams"] = streams
	}
	return m, nil
}

// yamlMap reads a YAML mapping as JSON-ready values.
func yamlMap(raw []byte) (map[string]any, error) {
	var v any
	if err := yaml.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	m, ok := jsonReady(v).(map[string]any)
	if !ok {
		return nil, errors.New("not a mapping")
	}
	return m, nil
}

// jsonReady turns mappings with keys of any type into mappings with string keys.
func jsonReady(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			t[k] = jsonReady(x)
		}
		return t
	case map[any]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[fmt.Sprint(k)] = jsonReady(x)
		}
		return out
	case []any:
		for i, x := range t {
			t[i] = jsonReady(x)
		}
	}
	return v
}

// expandDots turns "kibana.version: x" into "kibana: {version: x}", as the registry reads
// conditions.
func expandDots(m map[string]any) map[string]any {
	out := map[string]any{}
	for _, k := range sortedKeys(m) {
		v := m[k]
		if sub, ok := v.(map[string]any); ok {
			v = expandDots(sub)
		}
		parts := strings.Split(k, ".")
		cur := out
		for _, p := range parts[:len(parts)-1] {
			next, ok := cur[p].(map[string]any)
			if !ok {
				next = map[string]any{}
				cur[p] = next
			}
			cur = next
		}
		last := parts[len(parts)-1]
		if a, ok := cur[last].(map[string]any); ok {
			if b, ok := v.(map[string]any); ok {
				for bk, bv := range b {
					a[bk] = bv
				}
				continue
			}
		}
		cur[last] = v
	}
	return out
}

func dig(m map[string]any, keys ...string) any {
	var v any = m
	for _, k := range keys {
		mm, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = mm[k]
	}
	return v
}

// setImagePaths gives each icon and screenshot the path it is served at.
func setImagePaths(m map[string]any, base string) {
	for _, key := range []string{"icons", "screenshots"} {
		list, _ := m[key].([]any)
		for _, x := range list {
			if img, ok := x.(map[string]any); ok {
				if src, ok := img["src"].(string); ok {
					img["path"] = path.Join(base, src)
				}
			}
		}
	}
}

// assets lists the package's files as served, the top folder's files first, then each
// deeper level in turn, in name order within a level.
func assets(files map[string][]byte, base string) []string {
	names := sortedKeys(files)
	slices.SortStableFunc(names, func(a, b string) int {
		return strings.Count(a, "/") - strings.Count(b, "/")
	})
	out := make([]string, 0, len(names))
	for _, n := range names {
		if path.Base(n) == ".DS_Store" {
			continue
		}
		out = append(out, base+"/"+n)
	}
	return out
}

// dataStreams describes the package's data streams as the registry lists them.
func dataStreams(pkg string, release any, files map[string][]byte) ([]map[string]any, error) {
	var out []map[string]any
	for _, name := range sortedKeys(files) {
		rest, ok := strings.CutPrefix(name, "data_stream/")
		if !ok {
			continue
		}
		dir, file, ok := strings.Cut(rest, "/")
		if !ok || file != "manifest.yml" {
			continue
		}
		ds, err := yamlMap(files[name])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if _, ok := ds["dataset"]; !ok {
			ds["dataset"] = pkg + "." + dir
		}
		if _, ok := ds["release"]; !ok && release != nil {
			ds["release"] = release
		}
		streams, _ := ds["streams"].([]any)
		for _, x := range streams {
			if st, ok := x.(map[string]any); ok {
				if _, ok := st["enabled"]; !ok {
					st["enabled"] = true
				}
				if _, ok := st["template_path"]; !ok {
					st["template_path"] = "stream.yml.hbs"
				}
			}
		}
		pipelines := "data_stream/" + dir + "/elasticsearch/ingest_pipeline/"
		if _, ok := ds["ingest_pipeline"]; !ok && (files[pipelines+"default.yml"] != nil || files[pipelines+"default.json"] != nil) {
			ds["ingest_pipeline"] = "default"
		}
		ds["package"] = pkg
		ds["path"] = dir
		out = append(out, ds)
	}
	return out, nil
}
