package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
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

// servePackages writes one package and a config for it into a temporary folder and returns
// the config file.
func servePackages(t *testing.T) string {
	dir := t.TempDir()
	t.Setenv("EPR_CACHE_DIR", filepath.Join(dir, "cache"))
	pkgDir := filepath.Join(dir, "packages", "hello", "1.0.0")
	require.NoError(t, os.MkdirAll(filepath.Join(pkgDir, "docs"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(pkgDir, "manifest.yml"),
		[]byte("format_version: 3.0.0\nname: hello\ntitle: Hello\nversion: 1.0.0\ndescription: Says hello\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(pkgDir, "docs", "README.md"), []byte("# Hello\n"), 0o644))
	config := filepath.Join(dir, "config.yml")
	require.NoError(t, os.WriteFile(config, []byte(fmt.Sprintf("package_paths:\n  - %s\ncache_time.search: 5s\n", filepath.Join(dir, "packages"))), 0o644))
	return config
}

// startServe runs pkgspec serve with args and an address on loopback, waits until it is
// healthy and returns its address, its stderr and a channel with its exit status.
func startServe(t *testing.T, client *http.Client, scheme string, args ...string) (string, *syncBuffer, chan int) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	stderr := &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- run(append([]string{"serve", "--address", addr}, args...), io.Discard, stderr) }()
	base := scheme + "://" + addr
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := client.Get(base + "/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base, stderr, done
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server not ready: %v\n%s", err, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stopServe sends SIGTERM and expects the server to stop cleanly within seconds.
func stopServe(t *testing.T, stderr *syncBuffer, done chan int) {
	require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGTERM))
	select {
	case code := <-done:
		assert.Equal(t, 0, code, stderr.String())
	case <-time.After(10 * time.Second):
		t.Fatal("server did not stop on SIGTERM")
	}
}

func TestServe(t *testing.T) {
	config := servePackages(t)
	base, stderr, done := startServe(t, http.DefaultClient, "http", "--config", config)
	resp, err := http.Get(base + "/search")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, []string{"max-age=5", "public"}, resp.Header.Values("Cache-Control"))
	assert.Contains(t, string(body), `"name": "hello"`)
	stopServe(t, stderr, done)
	assert.Contains(t, stderr.String(), "1 local package manifests loaded")
}

func TestServeTLS(t *testing.T) {
	config := servePackages(t)
	dir := t.TempDir()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:   time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	keyDER, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	require.NoError(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	require.NoError(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600))
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}

	base, stderr, done := startServe(t, client, "https", "--config", config,
		"--tls-cert", certFile, "--tls-key", keyFile, "--tls-min-version", "1.3")
	resp, err := client.Get(base + "/package/hello/1.0.0/")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	old := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MaxVersion: tls.VersionTLS12}}}
	_, err = old.Get(base + "/")
	assert.Error(t, err, "TLS 1.2 is below the minimum")
	stopServe(t, stderr, done)
}

func TestServeDryRun(t *testing.T) {
	config := servePackages(t)
	var stderr strings.Builder
	assert.Equal(t, 0, run([]string{"serve", "--config", config, "--dry-run"}, io.Discard, &stderr), stderr.String())
	assert.Contains(t, stderr.String(), "1 local package manifests loaded")

	// A package that cannot be loaded is reported, and the run fails.
	broken := filepath.Join(filepath.Dir(config), "packages", "broken", "1.0.0")
	require.NoError(t, os.MkdirAll(broken, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(broken, "manifest.yml"), []byte("name: broken\n"), 0o644))
	stderr.Reset()
	assert.Equal(t, 1, run([]string{"serve", "--config", config, "--dry-run", "--log-level", "error"}, io.Discard, &stderr))
	assert.Contains(t, stderr.String(), "broken/1.0.0")
	assert.NotContains(t, stderr.String(), "manifests loaded", "info is below the level asked for")
}

func TestServeUsageErrors(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"serve", "--config", filepath.Join(dir, "missing.yml")},
		{"serve", "--tls-min-version", "1.0"},
		{"serve", "--tls-min-version", "1.2"},
		{"serve", "--tls-cert", "c.pem"},
		{"serve", "extra"},
		{"serve", "--log-level", "loud"},
	} {
		var stderr strings.Builder
		assert.Equal(t, 2, run(args, io.Discard, &stderr), args)
		assert.NotEmpty(t, stderr.String(), args)
	}
	// Flags can be given as EPR_ variables, as for the Elastic Package Registry.
	t.Setenv("EPR_ALLOW_UNKNOWN_QUERY_PARAMETERS", "maybe")
	var stderr strings.Builder
	assert.Equal(t, 2, run([]string{"serve"}, io.Discard, &stderr))
	assert.Contains(t, stderr.String(), "EPR_ALLOW_UNKNOWN_QUERY_PARAMETERS")
}

// A dry run validates as serving does: in strict mode a package pkgspec finds invalid is
// refused, and the run fails; in report mode it is served, with a warning.
func TestServeDryRunValidation(t *testing.T) {
	config := servePackages(t)
	m := filepath.Join(filepath.Dir(config), "packages")
	var manifest string
	require.NoError(t, filepath.WalkDir(m, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == "manifest.yml" && manifest == "" {
			manifest = p
		}
		return err
	}))
	b, err := os.ReadFile(manifest)
	require.NoError(t, err)
	// A field the spec does not know: the EPR loads the package, pkgspec finds it invalid.
	require.NoError(t, os.WriteFile(manifest, append(b, []byte("\nunknown_field_for_pkgspec: 1\n")...), 0o644))
	var stderr strings.Builder
	assert.Equal(t, 0, run([]string{"serve", "--config", config, "--dry-run", "--validation", "report"}, io.Discard, &stderr), stderr.String())
	assert.Contains(t, stderr.String(), "pkgspec finds it invalid")
	stderr.Reset()
	assert.Equal(t, 1, run([]string{"serve", "--config", config, "--dry-run", "--validation", "strict"}, io.Discard, &stderr), stderr.String())
	assert.Contains(t, stderr.String(), "package not loaded")
}

// /debug/packages is on the main address by default; --debug-address moves it to another
// address, or turns it off.
func TestServeDebugAddress(t *testing.T) {
	config := servePackages(t)
	status := func(url string) int {
		t.Helper()
		resp, err := http.Get(url)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}

	base, stderr, done := startServe(t, http.DefaultClient, "http", "--config", config, "--cache-dir", "")
	assert.Equal(t, http.StatusOK, status(base+"/debug/packages"))
	stopServe(t, stderr, done)

	base, stderr, done = startServe(t, http.DefaultClient, "http", "--config", config, "--cache-dir", "", "--debug-address", "off")
	assert.Equal(t, http.StatusNotFound, status(base+"/debug/packages"))
	stopServe(t, stderr, done)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	debugAddr := ln.Addr().String()
	ln.Close()
	base, stderr, done = startServe(t, http.DefaultClient, "http", "--config", config, "--cache-dir", "", "--debug-address", debugAddr)
	assert.Equal(t, http.StatusNotFound, status(base+"/debug/packages"))
	assert.Equal(t, http.StatusOK, status("http://"+debugAddr+"/debug/packages"))
	stopServe(t, stderr, done)
}

func TestServeCollectsAsServersDo(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("the environment sets the collector")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(memoryLimit))
	tuneGC()
	config := servePackages(t)
	require.Equal(t, 0, run([]string{"serve", "--config", config, "--dry-run", "--log-level", "error"}, io.Discard, io.Discard))
	// The batch commands' ceiling is gone: a server collects as the runtime does by default.
	assert.Equal(t, 100, debug.SetGCPercent(100))
	assert.Equal(t, int64(math.MaxInt64), debug.SetMemoryLimit(-1))
}
