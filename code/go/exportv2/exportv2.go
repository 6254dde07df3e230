// Package exportv2 writes a channel of the package storage in the Elastic Package Registry's
// "storage v2" layout, which the registry's storage indexer serves: the channels' archives and
// signatures, each package's files, and revisions of a search index named by a cursor.
package exportv2

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"

	"github.com/pkgspec/pkgspec/code/go/registry"
	"github.com/pkgspec/pkgspec/code/go/storage"
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
	v2ExportedPrefix = "v2/pkgspec/exported/" // sha256 of the archive (and signature) exported under a name
)

// maxPackage bounds what is read from one archive.
const maxPackage = 256 << 20

// Summary tells what an export did.
type Summary struct {
	// Cursor is the revision of the search index the bucket names now.
	Cursor string
	// Packages are the name-version of every package exported.
	Packages []string
	// Changed is false when the bucket already held this view.
	Changed bool
}

// Export writes the view of channel c into out in the package registry's storage v2
// layout, so that the registry's storage indexer serves it: each archive (and signature)
// under artifacts/packages/, each package's files under artifacts/static/<name>-<version>/,
// and a new revision of the search index, which the cursor names once everything it lists
// is in place. Each package's entry in the index is the document our registry serves at
// /package/NAME/VERSION/, the EPR's package document. Archives already exported with the same
// bytes are neither read nor written again (a signature added since is written alone); an
// export of an unchanged view writes no new revision.
func Export(ctx context.Context, s *storage.Store, c storage.Channel, out *blob.Bucket) (Summary, error) {
	var sum Summary
	v, err := s.View(ctx, c)
	if err != nil {
		return sum, err
	}
	ix, err := registry.BuildIndex([]fs.FS{s.FS(ctx, v)})
	if err != nil {
		return sum, err
	}
	if len(ix.Problems) > 0 {
		errs := make([]error, len(ix.Problems))
		for i, p := range ix.Problems {
			errs[i] = p
		}
		return sum, fmt.Errorf("the registry cannot load every package of %s: %w", c, errors.Join(errs...))
	}
	index := struct {
		Packages []map[string]*registry.Document `json:"packages"`
	}{Packages: []map[string]*registry.Document{}}
	for _, it := range v.Items {
		p := ix.Lookup(it.Name, it.Version)
		if p == nil {
			return sum, fmt.Errorf("%s: not loaded by the registry", it.ID())
		}
		doc, err := p.Document()
		if err != nil {
			return sum, fmt.Errorf("%s: %w", it.ID(), err)
		}
		if err := exportArtifacts(ctx, out, s, it); err != nil {
			return sum, err
		}
		index.Packages = append(index.Packages, map[string]*registry.Document{"package_manifest": doc})
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

// exportArtifacts reads a package from the store and writes its files, signature and
// archive, the archive last; then it records what was exported: the archive's sha256, and the
// signature's when there is one. A package exported with the same archive and signature needs
// no more work and is not even read again; one whose signature changed since (signed after it
// was exported) gets only its signature written.
func exportArtifacts(ctx context.Context, out *blob.Bucket, s *storage.Store, it storage.Item) error {
	id := it.ID()
	marker := exportMarker(it)
	done, err := out.ReadAll(ctx, v2ExportedPrefix+id)
	if err == nil && string(done) == marker {
		return nil
	}
	if err == nil && exportedArchive(done) == it.SHA256 {
		if err := exportSignature(ctx, out, s, it); err != nil {
			return err
		}
		return out.WriteAll(ctx, v2ExportedPrefix+id, []byte(marker), nil)
	}
	archive, err := s.Archive(ctx, it.SHA256)
	if err != nil {
		return err
	}
	files, err := unzip(archive, id)
	if err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := out.WriteAll(ctx, v2Static+id+"/"+name, files[name], nil); err != nil {
			return err
		}
	}
	if err := exportSignature(ctx, out, s, it); err != nil {
		return err
	}
	if err := out.WriteAll(ctx, v2Packages+id+".zip", archive, &blob.WriterOptions{ContentType: "application/zip"}); err != nil {
		return err
	}
	return out.WriteAll(ctx, v2ExportedPrefix+id, []byte(marker), nil)
}

// exportMarker is what is recorded once a package is exported: the archive's sha256, followed
// by the signature's when the package has one.
func exportMarker(it storage.Item) string {
	if it.Signature == "" {
		return it.SHA256
	}
	return it.SHA256 + " " + it.Signature
}

// exportedArchive is the archive's sha256 in a recorded marker.
func exportedArchive(marker []byte) string {
	h, _, _ := strings.Cut(string(marker), " ")
	return h
}

// exportSignature writes the package's signature, or removes one exported before when the
// package has none.
func exportSignature(ctx context.Context, out *blob.Bucket, s *storage.Store, it storage.Item) error {
	key := v2Packages + it.ID() + ".zip.sig"
	if it.Signature == "" {
		if err := out.Delete(ctx, key); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
			return err
		}
		return nil
	}
	sig, err := s.Signature(ctx, it.Signature)
	if err != nil {
		return err
	}
	return out.WriteAll(ctx, key, sig, &blob.WriterOptions{ContentType: "application/octet-stream"})
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
		data, err := io.ReadAll(io.LimitReader(r, maxPackage-total+1))
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", id, f.Name, err)
		}
		if total += int64(len(data)); total > maxPackage {
			return nil, fmt.Errorf("%s: holds more than %d bytes", id, maxPackage)
		}
		files[rel] = data
	}
	return files, nil
}
