package main

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/pkgspec/pkgspec/code/go/storage/storagetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// searchNames returns name-version of every package /search gives (prerelease included),
// or nil while the server has no index yet.
func searchNames(base string) []string {
	resp, err := http.Get(base + "/search?prerelease=true&all=true")
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil
	}
	var found []struct{ Name, Version string }
	if json.NewDecoder(resp.Body).Decode(&found) != nil {
		return nil
	}
	out := []string{}
	for _, p := range found {
		out = append(out, p.Name+"-"+p.Version)
	}
	return out
}

// TestServeReplicasFollowStorage runs two registries over one S3 bucket, as replicas behind
// a load balancer: a publish and a promotion made with the storage commands are served by
// both within their poll interval, without a restart.
func TestServeReplicasFollowStorage(t *testing.T) {
	u := storagetest.S3Server(t)
	fixtures, err := filepath.Abs(fixturePackages)
	require.NoError(t, err)
	t.Chdir(t.TempDir()) // no config.yml: the storage alone is served
	const poll = 100 * time.Millisecond

	var bases []string
	var stderrs []*syncBuffer
	done := make(chan int, 2)
	for range 2 {
		addr := freeAddress(t)
		bases = append(bases, "http://"+addr)
		var stderr syncBuffer
		stderrs = append(stderrs, &stderr)
		go func() {
			done <- run([]string{"serve", "--address", addr, "--storage", u, "--channel", "staging", "--poll", poll.String()}, io.Discard, &stderr)
		}()
	}
	defer func() {
		require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGTERM))
		for range 2 {
			select {
			case code := <-done:
				assert.Equal(t, 0, code)
			case <-time.After(10 * time.Second):
				t.Fatal("server did not stop on SIGTERM")
			}
		}
	}()

	// waitFor waits until both replicas serve exactly want, and returns how long it took.
	waitFor := func(want ...string) time.Duration {
		want = append([]string{}, want...)
		start := time.Now()
		for _, base := range bases {
			for !assert.ObjectsAreEqual(want, searchNames(base)) {
				if time.Since(start) > 10*time.Second {
					t.Fatalf("%s serves %v, want %v\n%s\n%s", base, searchNames(base), want, stderrs[0], stderrs[1])
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
		return time.Since(start)
	}
	waitFor()

	code, _, stderr := runCLI("storage", "publish", "--storage", u, "--channel", "staging", filepath.Join(fixtures, "good_integration_v3"))
	require.Equal(t, 0, code, stderr)
	took := waitFor("good_integration_v3-2.0.0")
	t.Logf("publish served by both replicas after %v (poll %v)", took, poll)
	assert.Less(t, took, 5*poll+time.Second, "within the poll interval, with room for a loaded machine")

	// The archive is served from the storage, byte for byte.
	resp, err := http.Get(bases[1] + "/epr/good_integration_v3/good_integration_v3-2.0.0.zip")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	code, listed, _ := runCLI("storage", "list", "--storage", u, "--channel", "staging", "--format", "json")
	require.Equal(t, 0, code)
	assert.Contains(t, listed, fmt.Sprintf("%x", sha256.Sum256(body)))

	// A snapshot publish is not in staging's view; its promotion is.
	code, _, stderr = runCLI("storage", "publish", "--storage", u, "--channel", "snapshot", filepath.Join(fixtures, "good_input"))
	require.Equal(t, 0, code, stderr)
	code, _, stderr = runCLI("storage", "promote", "--storage", u, "--from", "snapshot", "--to", "staging", "good_input-0.1.0")
	require.Equal(t, 0, code, stderr)
	waitFor("good_input-0.1.0", "good_integration_v3-2.0.0")
}
