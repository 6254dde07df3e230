package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func fieldsTestList(prefix string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "- name: %s%d\n  type: keyword\n", prefix, i)
	}
	return b.String()
}

func TestFieldsLimits(t *testing.T) {
	r := ruleByName(t, "fields_limits")
	p := newPackage(t, map[string]string{
		"manifest.yml":                 "format_version: 3.0.0\nname: x\ntype: integration\n",
		"data_stream/big/fields/a.yml": fieldsTestList("a", 1500),
		"data_stream/big/fields/b.yml": fieldsTestList("b", 549),
		// groups do not count: 2048 leaves plus one group is within the limit
		"data_stream/ok/fields/a.yml": "- name: g\n  type: group\n  fields:\n" + fieldsTestIndent(fieldsTestList("a", 2048), "    "),
	})
	assert.Equal(t, []string{"data_stream/big/fields/a.yml: data stream big has more than 2048 fields (2049)"}, messages(r.Check(p)))

	small := checkFieldsLimitsWith(p, 10)
	assert.Len(t, small, 2)

	// The root folder and each transform are counted apart.
	scoped := newPackage(t, map[string]string{
		"manifest.yml":                           "format_version: 3.0.0\nname: x\ntype: input\n",
		"fields/a.yml":                           fieldsTestList("a", 6),
		"elasticsearch/transform/t/fields/a.yml": fieldsTestList("t", 6),
		"elasticsearch/transform/u/fields/a.yml": fieldsTestList("u", 4),
	})
	assert.Equal(t, []string{
		"fields/a.yml: input package has more than 5 fields (6)",
		"elasticsearch/transform/t/fields/a.yml: transform t has more than 5 fields (6)",
	}, messages(checkFieldsLimitsWith(scoped, 5)))
	assert.Empty(t, checkFieldsLimitsWith(scoped, 6))
}

func fieldsTestIndent(s, pad string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := range lines {
		lines[i] = pad + lines[i]
	}
	return strings.Join(lines, "\n") + "\n"
}

func TestFieldsLimitsPass(t *testing.T) {
	expectPass(t, "fields_limits", Legacy, map[string]string{
		"manifest.yml":                "format_version: 3.0.0\nname: x\ntype: integration\nversion: 1.0.0\n",
		"data_stream/ok/fields/a.yml": fieldsTestList("a", 1000),
		"data_stream/ok/fields/b.yml": fieldsTestList("b", 1048),
	})
}
