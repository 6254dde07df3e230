package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a bytes.Buffer safe for the server's logging goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServe(t *testing.T) {
	dir := t.TempDir()
	pkgDir := filepath.Join(dir, "packages", "hello", "1.0.0")
	require.NoError(t, os.MkdirAll(filepath.Join(pkgDir, "docs"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(pkgDir, "manifest.yml"),
		[]byte("format_version: 3.0.0\nname: hello\ntitle: Hello\nversion: 1.0.0\ndescription: Says hello\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(pkgDir, "docs", "README.md"), []byte("# Hello\n"), 0o644))
	config := filepath.Join(dir, "config.yml")
	require.NoError(t, os.WriteFile(config, []byte(fmt.Sprintf("package_paths:\n  - %s\ncache_time.search: 5s\n", filepath.Join(dir, "packages"))), 0o644))

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()

	var stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- run([]string{"serve", "--config", config, "--address", addr}, io.Discard, &stderr) }()

	base := "http://" + addr
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(base + "/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server not ready: %v\n%s", err, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	resp, err := http.Get(base + "/search")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, []string{"max-age=5", "public"}, resp.Header.Values("Cache-Control"))
	assert.Contains(t, string(body), `"name": "hello"`)

	// SIGTERM stops the server gracefully.
	require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGTERM))
	select {
	case code := <-done:
		assert.Equal(t, 0, code, stderr.String())
	case <-time.After(10 * time.Second):
		t.Fatal("server did not stop on SIGTERM")
	}
	assert.Contains(t, stderr.String(), "1 local package manifests loaded")
}

func TestServeUsageErrors(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"serve", "--config", filepath.Join(dir, "missing.yml")},
		{"serve", "--tls-min-version", "1.0"},
		{"serve", "--tls-min-version", "1.2"},
		{"serve", "--tls-cert", "c.pem"},
		{"serve", "extra"},
	} {
		var stderr strings.Builder
		assert.Equal(t, 2, run(args, io.Discard, &stderr), args)
		assert.NotEmpty(t, stderr.String(), args)
	}
}
