package output

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

const fixtures = "../../../../test/packages"

// sarifLog is the part of a SARIF log the test reads back.
type sarifLog struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID string `json:"id"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID  string `json:"ruleId"`
			Level   string `json:"level"`
			Message struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Region *struct {
						StartLine   int `json:"startLine"`
						StartColumn int `json:"startColumn"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
		} `json:"results"`
	} `json:"runs"`
}

// sarifSchema compiles the SARIF 2.1.0 schema of OASIS kept in testdata, with no network.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	require.NoError(t, c.AddResource("sarif-schema-2.1.0.json", doc))
	s, err := c.Compile("sarif-schema-2.1.0.json")
	require.NoError(t, err)
	return s
}

func TestSARIFValidatesAgainstTheSchema(t *testing.T) {
	schema := sarifSchema(t)
	// Errors with codes, with line and column, with a line only, with no position at all (a
	// missing file, a folder), a warning, and a valid package.
	var results []validator.Result
	for _, name := range []string{"bad_assets_before_2_10", "bad_elasticsearch_assets", "bad_pipeline_rules", "bad_syntax", "good_integration_v3"} {
		results = append(results, validator.ValidateDir(path.Join(fixtures, name), validator.Options{}))
	}
	var out bytes.Buffer
	require.NoError(t, SARIF(&out, results, "1.2.3"))
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out.Bytes()))
	require.NoError(t, err)
	require.NoError(t, schema.Validate(inst))
	// The schema is enforced: SARIF lines start at 1.
	broken := bytes.Replace(out.Bytes(), []byte(`"startLine": 15`), []byte(`"startLine": 0`), 1)
	require.NotEqual(t, out.Bytes(), broken)
	inst, err = jsonschema.UnmarshalJSON(bytes.NewReader(broken))
	require.NoError(t, err)
	assert.Error(t, schema.Validate(inst))

	var log sarifLog
	require.NoError(t, json.Unmarshal(out.Bytes(), &log))
	require.Len(t, log.Runs, 1)
	run := log.Runs[0]

	// One rule per code, and a rule for every result.
	rules := map[string]int{}
	for _, r := range run.Tool.Driver.Rules {
		rules[r.ID]++
	}
	want := map[string]int{}
	total := 0
	for _, r := range results {
		for _, e := range append(append(specerrors.ValidationErrors{}, r.Errors...), r.Warnings...) {
			id := e.Code
			if id == "" {
				id = uncodedRule
			}
			want[id] = 1
			total++
		}
	}
	assert.Equal(t, want, rules)
	require.Len(t, run.Results, total)

	// Results point at package/file:line:column, with a region only when the line is known.
	type where struct {
		Rule, Level, URI string
		Line, Column     int
		Region           bool
	}
	find := func(text string) where {
		t.Helper()
		for _, r := range run.Results {
			if r.Message.Text == text {
				require.Len(t, r.Locations, 1)
				pl := r.Locations[0].PhysicalLocation
				w := where{Rule: r.RuleID, Level: r.Level, URI: pl.ArtifactLocation.URI}
				if pl.Region != nil {
					w.Region, w.Line, w.Column = true, pl.Region.StartLine, pl.Region.StartColumn
				}
				return w
			}
		}
		t.Fatalf("no result with message %q", text)
		return where{}
	}
	pipeline := path.Join(fixtures, "bad_pipeline_rules/data_stream/logs/elasticsearch/ingest_pipeline/default.yml")
	assert.Equal(t, where{"SVR00008", "error", pipeline, 15, 1, true},
		find(`pipeline on_failure handler must set event.kind to "pipeline_error"`))
	assert.Equal(t, where{"SVR00006", "error", pipeline, 8, 5, true},
		find("set processor at line 8 missing required tag"))
	// yaml.v3 gives the line of a syntax error, not its column.
	assert.Equal(t, where{uncodedRule, "error", path.Join(fixtures, "bad_syntax/data_stream/logs/elasticsearch/ingest_pipeline/default.yml"), 7, 0, true},
		find("invalid YAML: mapping values are not allowed in this context"))
	assets := path.Join(fixtures, "bad_elasticsearch_assets")
	assert.Equal(t, where{uncodedRule, "error", assets + "/elasticsearch/transform/old_style/transform.yml", 0, 0, false},
		find("expecting to find [transform.yml] file in folder [elasticsearch/transform/old_style]"))
	assert.Equal(t, where{uncodedRule, "error", assets + "/elasticsearch/ml_model/model.json", 1, 1, true},
		find("item [model.json] is not allowed in folder [elasticsearch/ml_model]"))
	assert.Equal(t, "warning",
		find("conditions.kibana.version must be ^8.10.0 or greater to include saved object tags file: kibana/tags.yml").Level)
}

// File names are written as URI references: what a URI cannot hold is percent-encoded, and the
// message keeps the text exactly.
func TestSARIFEncodesURIs(t *testing.T) {
	msg := "bad \x1b[2K value\n"
	results := []validator.Result{{Path: "pkgs/my pkg", Errors: specerrors.ValidationErrors{
		specerrors.New("data_stream/a#b/100%.yml", "%s", msg).At(2, 1),
		specerrors.New("c:odd?.yml", "colon"),
	}}}
	var out bytes.Buffer
	require.NoError(t, SARIF(&out, results, "1.2.3"))
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out.Bytes()))
	require.NoError(t, err)
	require.NoError(t, sarifSchema(t).Validate(inst))
	var log sarifLog
	require.NoError(t, json.Unmarshal(out.Bytes(), &log))
	res := log.Runs[0].Results
	require.Len(t, res, 2)
	assert.Equal(t, "pkgs/my%20pkg/data_stream/a%23b/100%25.yml", res[0].Locations[0].PhysicalLocation.ArtifactLocation.URI)
	assert.Equal(t, msg, res[0].Message.Text)
	assert.Equal(t, "pkgs/my%20pkg/c:odd%3F.yml", res[1].Locations[0].PhysicalLocation.ArtifactLocation.URI)
	u, err := url.Parse(res[0].Locations[0].PhysicalLocation.ArtifactLocation.URI)
	require.NoError(t, err)
	assert.Equal(t, "pkgs/my pkg/data_stream/a#b/100%.yml", u.Path)

	// A package path that starts with a would-be scheme stays a relative reference.
	out.Reset()
	require.NoError(t, SARIF(&out, []validator.Result{{Path: "c:pkgs", Errors: specerrors.ValidationErrors{specerrors.New("x.yml", "x")}}}, ""))
	require.NoError(t, json.Unmarshal(out.Bytes(), &log))
	assert.Equal(t, "./c:pkgs/x.yml", log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI)
}
