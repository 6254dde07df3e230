package storage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"gocloud.dev/blob"
	"gocloud.dev/blob/fileblob"
	_ "gocloud.dev/blob/gcsblob" // gs:// URLs
	"gocloud.dev/blob/memblob"
	_ "gocloud.dev/blob/s3blob" // s3:// URLs
	"gocloud.dev/gcerrors"
)

// Keys of the store, below the bucket (and the prefix of its URL):
//
//	packages/sha256/<hex>     archives, by the sha256 of their bytes
//	signatures/sha256/<hex>   detached signatures, by the sha256 of their bytes
//	channels/<channel>/<generation>.json   the channel's states, numbered from 1
//	channels/<channel>/head   the newest generation known, a hint readers verify
const (
	packagesPrefix   = "packages/sha256/"
	signaturesPrefix = "signatures/sha256/"
	channelsPrefix   = "channels/"
)

// maxArchive bounds an archive read from the store, as the spec bounds a package's size
// (compressed archives are smaller than their content).
const maxArchive = 256 << 20

// ErrNotFound is a package, version or object that is not there.
var ErrNotFound = errors.New("not found")

// errExists is an exclusive creation that found the object there already.
var errExists = errors.New("already exists")

// Store is a package storage on a blob store. It is safe for concurrent use, also by several
// processes sharing the bucket.
type Store struct {
	bucket *blob.Bucket
	// create writes a new object, failing with errExists when the key is taken; the check
	// and the creation are one atomic step for every process sharing the bucket.
	create func(ctx context.Context, key string, data []byte) error
	owned  bool // the bucket is closed with the store
	cache  cache

	// step, when set, is called after each step of a promotion; an error stops it there.
	// Tests use it to stop a promotion at each step, as a crash would.
	step func(name string) error
}

var (
	memMu      sync.Mutex
	memBuckets = map[string]*blob.Bucket{}
)

// Open opens the store at a URL: a folder (a plain path or file:///path), s3://bucket,
// gs://bucket (with the query parameters of gocloud.dev/blob), or mem://name, a bucket in
// memory shared by everything in the process that opens the same name.
func Open(ctx context.Context, rawURL string) (*Store, error) {
	if rawURL == "" {
		return nil, errors.New("no storage URL given")
	}
	u, err := url.Parse(rawURL)
	isURL := err == nil && len(u.Scheme) > 1 // "C:" is a drive, not a scheme
	switch {
	case !isURL || u.Scheme == "file":
		dir := rawURL
		if isURL {
			dir = filepath.FromSlash(u.Path)
		}
		return openDir(dir)
	case u.Scheme == "mem":
		memMu.Lock()
		defer memMu.Unlock()
		b, ok := memBuckets[u.Host+u.Path]
		if !ok {
			b = memblob.OpenBucket(nil)
			memBuckets[u.Host+u.Path] = b
		}
		return NewStore(b), nil
	}
	b, err := blob.OpenBucket(ctx, rawURL)
	if err != nil {
		return nil, fmt.Errorf("cannot open storage %s: %w", rawURL, err)
	}
	s := NewStore(b)
	s.owned = true
	return s, nil
}

// NewStore uses a bucket that supports conditional writes (blob.WriterOptions.IfNotExist)
// atomically: memblob, s3blob, gcsblob, azureblob. The caller closes the bucket.
func NewStore(b *blob.Bucket) *Store {
	s := &Store{bucket: b}
	s.create = func(ctx context.Context, key string, data []byte) error {
		err := b.WriteAll(ctx, key, data, &blob.WriterOptions{IfNotExist: true, ContentType: contentType(key)})
		if gcerrors.Code(err) == gcerrors.FailedPrecondition {
			return errExists
		}
		return err
	}
	return s
}

func contentType(key string) string {
	switch {
	case strings.HasSuffix(key, ".json"):
		return "application/json"
	case strings.HasPrefix(key, packagesPrefix):
		return "application/zip"
	}
	return "application/octet-stream"
}

// openDir opens a store kept in a folder. fileblob checks IfNotExist only among the writers
// of one process, so new objects are created here with a hard link, which the file system
// refuses atomically when the name is taken, whoever holds it.
func openDir(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot open storage %s: %w", dir, err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	b, err := fileblob.OpenBucket(abs, &fileblob.Options{NoTempDir: true, Metadata: fileblob.MetadataDontWrite})
	if err != nil {
		return nil, fmt.Errorf("cannot open storage %s: %w", dir, err)
	}
	s := NewStore(b)
	s.owned = true
	s.create = func(_ context.Context, key string, data []byte) error {
		return createLinked(abs, key, data)
	}
	return s, nil
}

// createLinked writes data into a temporary file in the folder of key, then links it under
// key: readers see the whole file or nothing, and only one writer gets the name.
func createLinked(root, key string, data []byte) error {
	target := filepath.Join(root, filepath.FromSlash(key))
	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".pkgspec-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, werr := tmp.Write(data)
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return werr
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), target); err != nil {
		if errors.Is(err, os.ErrExist) {
			return errExists
		}
		return err
	}
	return nil
}

// Close releases the bucket when the store opened it.
func (s *Store) Close() error {
	if s.owned {
		return s.bucket.Close()
	}
	return nil
}

// Bucket is the blob store under the store.
func (s *Store) Bucket() *blob.Bucket { return s.bucket }

func sum(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// putContent stores data under its sha256 below prefix, once; an object already there is
// verified rather than rewritten.
func (s *Store) putContent(ctx context.Context, prefix string, data []byte) (string, error) {
	h := sum(data)
	err := s.create(ctx, prefix+h, data)
	if errors.Is(err, errExists) {
		_, err = s.readContent(ctx, prefix, h)
	}
	if err != nil {
		return "", err
	}
	return h, nil
}

// readContent reads the object stored under sha256 h below prefix and checks its hash.
func (s *Store) readContent(ctx context.Context, prefix, h string) ([]byte, error) {
	data, err := s.read(ctx, prefix+h, maxArchive)
	if err != nil {
		return nil, err
	}
	if got := sum(data); got != h {
		return nil, fmt.Errorf("stored object %s%s is damaged: its bytes have sha256 %s", prefix, h, got)
	}
	return data, nil
}

// read reads a whole object, at most limit bytes; ErrNotFound when it is not there.
func (s *Store) read(ctx context.Context, key string, limit int64) ([]byte, error) {
	r, err := s.bucket.NewReader(ctx, key, nil)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return nil, fmt.Errorf("%s: %w", key, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(r, limit+1)); err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", key, err)
	}
	if int64(buf.Len()) > limit {
		return nil, fmt.Errorf("stored object %s holds more than %d bytes", key, limit)
	}
	return buf.Bytes(), nil
}

// Archive returns the archive stored under sha256 h, verified.
func (s *Store) Archive(ctx context.Context, h string) ([]byte, error) {
	return s.readContent(ctx, packagesPrefix, h)
}

// Signature returns the signature stored under sha256 h, verified.
func (s *Store) Signature(ctx context.Context, h string) ([]byte, error) {
	return s.readContent(ctx, signaturesPrefix, h)
}
