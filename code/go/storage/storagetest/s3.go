// Package storagetest gives tests an S3-compatible store on loopback, in the test's process,
// as net/http/httptest gives them an HTTP server.
package storagetest

import (
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// S3Server starts an S3-compatible server on loopback with one bucket, stopped when the test
// ends, and returns the s3:// URL that reaches it. It sets the AWS credential variables for
// the test, so no credentials of the machine are read.
func S3Server(t testing.TB) string {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket("packages"); err != nil {
		t.Fatalf("creating the test bucket: %v", err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	t.Setenv("AWS_CONFIG_FILE", "/dev/null")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
	q := url.Values{"endpoint": {srv.URL}, "region": {"us-east-1"}, "use_path_style": {"true"}, "disable_https": {"true"}}
	return "s3://packages?" + q.Encode()
}
