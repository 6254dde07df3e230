package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/internal/testpkgs"
)

// copyPackage copies a test package into dst, with the manifest's version set to version.
func copyPackage(t *testing.T, name, dst, version string) {
	t.Helper()
	src := filepath.Join("..", "..", "..", "..", "test", "packages", name)
	require.NoError(t, testpkgs.Copy(src, dst, version))
}

// zipFolder zips dir as top/... into name.
func zipFolder(t *testing.T, dir, top, name string) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		w, err := zw.Create(path.Join(top, filepath.ToSlash(rel)))
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}))
	require.NoError(t, zw.Close())
	require.NoError(t, os.WriteFile(name, buf.Bytes(), 0o644))
}

func freeAddress(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().String()
}

// TestFleetReplay builds pkgspec, serves packages with it and asks what Fleet asks when it
// lists, installs and verifies a package; then stops it with SIGTERM.
func TestFleetReplay(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "pkgspec")
	build := exec.Command("go", "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)

	pkgs := filepath.Join(dir, "packages")
	copyPackage(t, "good_integration_v3", filepath.Join(pkgs, "good_integration_v3", "2.0.0"), "2.0.0")
	copyPackage(t, "good_integration_v3", filepath.Join(pkgs, "good_integration_v3", "2.1.0-beta1"), "2.1.0-beta1")
	require.NoError(t, os.WriteFile(filepath.Join(pkgs, "good_integration_v3", "2.0.0.sig"), []byte("folder signature\n"), 0o644))
	staging := filepath.Join(dir, "staging")
	copyPackage(t, "good_integration_v2", staging, "1.1.0")
	zipFolder(t, staging, "good_integration_v2-1.1.0", filepath.Join(pkgs, "good_integration_v2-1.1.0.zip"))
	require.NoError(t, os.WriteFile(filepath.Join(pkgs, "good_integration_v2-1.1.0.zip.sig"), []byte("zip signature\n"), 0o644))
	config := filepath.Join(dir, "config.yml")
	require.NoError(t, os.WriteFile(config, []byte("package_paths:\n  - "+pkgs+"\n"), 0o644))

	addr, metricsAddr := freeAddress(t), freeAddress(t)
	var stderr syncBuffer
	cmd := exec.Command(bin, "serve", "--config", config, "--address", addr, "--metrics-address", metricsAddr,
		"--cache-dir", filepath.Join(dir, "cache"), "--watch-interval", "100ms")
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-exited
		}
	}()

	base := "http://" + addr
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(base + "/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		require.False(t, time.Now().After(deadline), "server not ready: %v\n%s", err, stderr.String())
		time.Sleep(50 * time.Millisecond)
	}

	client := &http.Client{Timeout: 10 * time.Second}
	fetch := func(target string, headers ...string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, base+target, nil)
		require.NoError(t, err)
		req.Header.Set("User-Agent", "Kibana/9.1.2")
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		resp, err := client.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp, body
	}
	type summary struct {
		Name, Version, Path, Download string
		SignaturePath                 string `json:"signature_path"`
	}
	search := func(query string) []summary {
		t.Helper()
		resp, body := fetch("/search?" + query)
		require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
		var list []summary
		require.NoError(t, json.Unmarshal(body, &list))
		return list
	}

	// Fleet lists packages for its Kibana version, with and without prereleases.
	ga := search("kibana.version=9.1.2&prerelease=false")
	require.Len(t, ga, 1)
	assert.Equal(t, "good_integration_v3", ga[0].Name)
	assert.Equal(t, "2.0.0", ga[0].Version)
	pre := search("kibana.version=9.1.2&prerelease=true")
	require.Len(t, pre, 1)
	assert.Equal(t, "2.1.0-beta1", pre[0].Version)
	old := search("kibana.version=8.9.0&prerelease=false")
	require.Len(t, old, 1)
	assert.Equal(t, "good_integration_v2", old[0].Name)
	resp, _ := fetch("/categories?kibana.version=9.1.2&prerelease=true")
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	for _, s := range append(ga, old...) {
		// The package document, then what the document points at.
		resp, body := fetch(s.Path + "/")
		require.Equal(t, http.StatusOK, resp.StatusCode, s.Path)
		etag := resp.Header.Get("ETag")
		require.NotEmpty(t, etag)
		resp, _ = fetch(s.Path+"/", "If-None-Match", etag)
		assert.Equal(t, http.StatusNotModified, resp.StatusCode)
		var doc struct {
			Download      string
			SignaturePath string `json:"signature_path"`
			Readme        string
			Icons         []struct{ Path string }
		}
		require.NoError(t, json.Unmarshal(body, &doc))

		resp, zipBody := fetch(doc.Download)
		require.Equal(t, http.StatusOK, resp.StatusCode, doc.Download)
		assert.Equal(t, "application/zip", resp.Header.Get("Content-Type"))
		zr, err := zip.NewReader(bytes.NewReader(zipBody), int64(len(zipBody)))
		require.NoError(t, err)
		found := false
		for _, f := range zr.File {
			found = found || f.Name == s.Name+"-"+s.Version+"/manifest.yml"
		}
		assert.True(t, found, "manifest in %s", doc.Download)

		require.Equal(t, doc.Download+".sig", doc.SignaturePath)
		resp, sig := fetch(doc.SignaturePath)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Contains(t, string(sig), "signature")

		resp, readme := fetch(doc.Readme, "Accept-Encoding", "gzip")
		require.Equal(t, http.StatusOK, resp.StatusCode, doc.Readme)
		assert.NotEmpty(t, readme)
		require.NotEmpty(t, doc.Icons)
		for _, icon := range doc.Icons {
			resp, _ := fetch(icon.Path)
			assert.Equal(t, http.StatusOK, resp.StatusCode, icon.Path)
			assert.Equal(t, "image/svg+xml", resp.Header.Get("Content-Type"))
		}
	}

	resp, body := fetch("/debug/packages")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(body), `"validation"`)
	mresp, err := client.Get("http://" + metricsAddr + "/metrics")
	require.NoError(t, err)
	metrics, _ := io.ReadAll(mresp.Body)
	mresp.Body.Close()
	assert.Contains(t, string(metrics), "epr_number_indexed_packages 3")
	assert.Contains(t, string(metrics), `epr_http_requests_total{code="200",method="get",path="/search"} 3`)

	// A new version dropped in while serving is picked up.
	copyPackage(t, "good_integration_v3", filepath.Join(pkgs, "good_integration_v3", "2.0.1"), "2.0.1")
	deadline = time.Now().Add(10 * time.Second)
	for search("kibana.version=9.1.2")[0].Version != "2.0.1" {
		require.False(t, time.Now().After(deadline), "new version not served\n%s", stderr.String())
		time.Sleep(50 * time.Millisecond)
	}

	stopped := time.Now()
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	select {
	case err := <-exited:
		assert.NoError(t, err, stderr.String())
		assert.Less(t, time.Since(stopped), 5*time.Second)
	case <-time.After(10 * time.Second):
		t.Fatalf("no exit within 10s of SIGTERM\n%s", stderr.String())
	}
	logs := stderr.String()
	assert.Contains(t, logs, `"msg":"package registry stopped"`)
	assert.Contains(t, logs, `"msg":"GET /search HTTP/1.1"`)
	assert.Contains(t, logs, `"user_agent.original":"Kibana/9.1.2"`)
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		assert.True(t, json.Valid([]byte(line)), "not a JSON line: %s", line)
	}
}

func TestServeOpsFlagErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--validation", "lenient"}, `unknown validation mode "lenient"`},
		{[]string{"serve", "--log-type", "xml"}, `invalid log type "xml"`},
		{[]string{"serve", "--watch-interval", "often"}, "watch-interval"},
	} {
		var stderr strings.Builder
		assert.Equal(t, 2, run(c.args, io.Discard, &stderr), c.args)
		assert.Contains(t, stderr.String(), c.want, c.args)
	}
}
