package storage

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/build"
)

// fixtures is the folder of the project's fixture packages.
const fixtures = "../../../test/packages"

var (
	builtMu sync.Mutex
	built   = map[string][]byte{}
)

// archiveOf builds a fixture package (once per test binary).
func archiveOf(t *testing.T, fixture string) []byte {
	t.Helper()
	builtMu.Lock()
	defer builtMu.Unlock()
	if a, ok := built[fixture]; ok {
		return a
	}
	a, err := build.Build(filepath.Join(fixtures, fixture), build.Options{})
	require.NoError(t, err)
	built[fixture] = a.Data
	return a.Data
}

var variants atomic.Int64

// variantOf builds a fixture package with one more line in its README: the same name and
// version, other bytes.
func variantOf(t *testing.T, fixture string) []byte {
	t.Helper()
	dir := filepath.Join(t.TempDir(), fixture)
	require.NoError(t, os.CopyFS(dir, os.DirFS(filepath.Join(fixtures, fixture))))
	readme := filepath.Join(dir, "docs", "README.md")
	require.NoError(t, os.Chmod(readme, 0o644))
	f, err := os.OpenFile(readme, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	fmt.Fprintf(f, "\nVariant %d.\n", variants.Add(1))
	require.NoError(t, f.Close())
	a, err := build.Build(dir, build.Options{LinkRoot: dir})
	require.NoError(t, err)
	return a.Data
}

// memStore is a new store in memory.
func memStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), "mem://"+t.Name())
	require.NoError(t, err)
	return s
}

// dirStore is a new store in a temporary folder.
func dirStore(t *testing.T) (*Store, string) {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(context.Background(), dir)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s, dir
}

// viewOf lists channel c's view as id -> channel it comes from, and id -> sha256.
func viewOf(t *testing.T, s *Store, c Channel) (map[string]Channel, map[string]string) {
	t.Helper()
	v, err := s.View(context.Background(), c)
	require.NoError(t, err)
	from, sums := map[string]Channel{}, map[string]string{}
	for _, it := range v.Items {
		from[it.ID()] = it.Channel
		sums[it.ID()] = it.SHA256
	}
	return from, sums
}

// publish publishes and requires success.
func publish(t *testing.T, s *Store, c Channel, archive []byte) Result {
	t.Helper()
	res, err := s.Publish(context.Background(), c, archive, nil, Options{})
	require.NoError(t, err)
	return res
}

// countFiles counts the regular files below dir.
func countFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	require.NoError(t, filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			n++
		}
		return err
	}))
	return n
}
