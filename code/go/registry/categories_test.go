package registry

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCategories(t *testing.T) {
	s := serverFor(t, Options{}, catalog(t)...)
	cases := []struct {
		query string
		want  []CategoryCount
	}{
		{"", []CategoryCount{
			{ID: "custom", Title: "Custom", Count: 1},
			{ID: "security", Title: "Security", Count: 1},
			{ID: "web", Title: "Web Server", Count: 1, ParentID: "observability", ParentTitle: "Observability"},
		}},
		{"prerelease=true", []CategoryCount{
			{ID: "custom", Title: "Custom", Count: 2},
			{ID: "security", Title: "Security", Count: 1},
			{ID: "web", Title: "Web Server", Count: 1, ParentID: "observability", ParentTitle: "Observability"},
		}},
		// With policy templates: sec has two templates, each counted in the package's category
		// and in its own; their categories, not the package's, count the package once more.
		{"include_policy_templates=true", []CategoryCount{
			{ID: "custom", Title: "Custom", Count: 1},
			{ID: "edr_xdr", Title: "EDR/XDR", Count: 2, ParentID: "security", ParentTitle: "Security"},
			{ID: "security", Title: "Security", Count: 3},
			{ID: "siem", Title: "SIEM", Count: 2, ParentID: "security", ParentTitle: "Security"},
			{ID: "web", Title: "Web Server", Count: 1, ParentID: "observability", ParentTitle: "Observability"},
		}},
		{"kibana.version=7.0.0", []CategoryCount{
			{ID: "custom", Title: "Custom", Count: 1},
			{ID: "security", Title: "Security", Count: 1},
			{ID: "web", Title: "Web Server", Count: 1, ParentID: "observability", ParentTitle: "Observability"},
		}},
		{"discovery=fields:nothing", []CategoryCount{}},
		// /categories does not know category, so it is ignored.
		{"category=web", []CategoryCount{
			{ID: "custom", Title: "Custom", Count: 1},
			{ID: "security", Title: "Security", Count: 1},
			{ID: "web", Title: "Web Server", Count: 1, ParentID: "observability", ParentTitle: "Observability"},
		}},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			rec := get(s, "/categories?"+c.query)
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			assert.Equal(t, []string{"max-age=3", "public"}, rec.Header().Values("Cache-Control"))
			var got []CategoryCount
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
			assert.Equal(t, c.want, got)
		})
	}
	assert.Equal(t, "[]\n", get(s, "/categories?discovery=fields:nothing").Body.String())
}

func TestCategoriesErrors(t *testing.T) {
	s := serverFor(t, Options{}, catalog(t)...)
	strict := serverFor(t, Options{RefuseUnknownQueryParameters: true}, catalog(t)...)
	for _, c := range []struct {
		srv         *Server
		query, want string
	}{
		{s, "include_policy_templates=foo", "invalid 'include_policy_templates' query param: 'foo'"},
		{s, "prerelease=foo", "invalid 'prerelease' query param: 'foo'"},
		{s, "spec.max=2.10.1", "invalid 'spec.max' version: invalid version '2.10.1': it should be <major.version>"},
		{strict, "category=web", `unknown query parameter: "category"`},
	} {
		rec := get(c.srv, "/categories?"+c.query)
		assert.Equal(t, http.StatusBadRequest, rec.Code, c.query)
		assert.Equal(t, c.want, strings.TrimSpace(rec.Body.String()))
	}
	assert.Equal(t, http.StatusOK, get(strict, "/categories?include_policy_templates=true").Code)
}
