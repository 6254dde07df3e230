package registry

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPackageDocument(t *testing.T) {
	s := serverFor(t, Options{}, catalog(t)[0]) // folders only
	rec := get(s, "/package/web/1.0.0/")
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, []string{"max-age=1", "public"}, rec.Header().Values("Cache-Control"))
	assert.Equal(t, "*", rec.Header().Get("Access-Control-Allow-Origin"))
	// Computed: release, download, path, icon paths, readme, license, assets (shallowest
	// first), multiple, data stream dataset, release, package, path, stream defaults and the
	// ingestion method of the input.
	assert.Equal(t, `{
  "name": "web",
  "title": "web title",
  "version": "1.0.0",
  "release": "ga",
  "description": "The web package",
  "type": "integration",
  "download": "/epr/web/web-1.0.0.zip",
  "path": "/package/web/1.0.0",
  "icons": [
    {
      "src": "/img/icon.svg",
      "path": "/package/web/1.0.0/img/icon.svg",
      "type": "image/svg+xml"
    }
  ],
  "conditions": {
    "kibana": {
      "version": "^8.0.0"
    }
  },
  "categories": [
    "web"
  ],
  "format_version": "3.0.0",
  "readme": "/package/web/1.0.0/docs/README.md",
  "license": "basic",
  "assets": [
    "/package/web/1.0.0/manifest.yml",
    "/package/web/1.0.0/docs/README.md",
    "/package/web/1.0.0/img/icon.svg",
    "/package/web/1.0.0/data_stream/access/manifest.yml",
    "/package/web/1.0.0/data_stream/access/fields/base-fields.yml"
  ],
  "policy_templates": [
    {
      "name": "web",
      "title": "Web",
      "description": "Web logs",
      "inputs": [
        {
          "type": "logfile"
        }
      ],
      "multiple": true
    }
  ],
  "data_streams": [
    {
      "type": "logs",
      "dataset": "web.access",
      "title": "Access",
      "release": "ga",
      "streams": [
        {
          "input": "logfile",
          "vars": [
            {
              "name": "paths",
              "type": "text",
              "multi": true,
              "required": false,
              "show_user": false
            }
          ],
          "template_path": "stream.yml.hbs",
          "title": "Access logs",
          "enabled": true,
          "ingestion_method": "File"
        }
      ],
      "package": "web",
      "path": "access"
    }
  ]
}
`, rec.Body.String())

	for _, c := range []struct {
		target string
		code   int
		body   string
	}{
		{"/package/web/9.9.9/", http.StatusNotFound, "package revision not found"},
		{"/package/nope/1.0.0/", http.StatusNotFound, "package revision not found"},
		{"/package/web/a.b.c/", http.StatusBadRequest, "invalid package version"},
		{"/package/web/v1.0.0/", http.StatusBadRequest, "invalid package version"},
		{"/package/broken/1.0.0/", http.StatusNotFound, "package revision not found"},
	} {
		rec := get(s, c.target)
		assert.Equal(t, c.code, rec.Code, c.target)
		assert.Equal(t, c.body, strings.TrimSpace(rec.Body.String()), c.target)
		assert.Equal(t, []string{"max-age=0", "private, no-store"}, rec.Header().Values("Cache-Control"), c.target)
	}
}

func TestPackageDocumentDefaults(t *testing.T) {
	r := newRoot().
		folder("lic/0.2.0", pkg("lic", "0.2.0", "conditions.elastic.subscription: platinum\ntype: input\npolicy_templates:\n  - name: tcp\n    title: TCP\n    description: d\n    input: tcp\n", files{"docs/tcp.md": "x"})).
		folder("pipe/1.0.0", withDataStream(pkg("pipe", "1.0.0", "", nil), "ds", "title: D\ntype: metrics\nelasticsearch:\n  index_template.settings:\n    index.codec: best_compression\n")).
		file("pipe/1.0.0/data_stream/ds/elasticsearch/ingest_pipeline/default.yml", "processors: []\n")
	s := serverFor(t, Options{}, r)
	body := get(s, "/package/lic/0.2.0/").Body.String()
	assert.Contains(t, body, `"release": "beta"`)            // 0.x
	assert.Contains(t, body, `"license": "platinum"`)        // from the subscription
	assert.Contains(t, body, `"ingestion_method": "Network`) // input packages
	assert.Contains(t, body, `"readme": "/package/lic/0.2.0/docs/tcp.md"`)

	body = get(s, "/package/pipe/1.0.0/").Body.String()
	assert.Contains(t, body, `"ingest_pipeline": "default"`)
	assert.Contains(t, body, `"index_template.settings": {
          "index": {
            "codec": "best_compression"
          }
        },
        "ingest_pipeline.name": "default"`)
}
