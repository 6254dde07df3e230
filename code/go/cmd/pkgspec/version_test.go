package main

import (
	"os"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVersionOf(t *testing.T) {
	assert.Equal(t, "v1.2.0", versionOf(&debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}))
	vcs := []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "false"}}
	assert.Equal(t, "0123456789ab", versionOf(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs}))
	vcs[1].Value = "true"
	assert.Equal(t, "0123456789ab-dirty", versionOf(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs}))
	assert.Equal(t, "devel", versionOf(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}))
}

// The project is under the Apache License 2.0, in its standard text.
func TestLicense(t *testing.T) {
	data, err := os.ReadFile("../../../../LICENSE")
	require.NoError(t, err)
	text := string(data)
	assert.True(t, strings.HasPrefix(strings.TrimSpace(text), "Apache License\n                           Version 2.0, January 2004"), "starts as the standard text")
	for _, s := range []string{"TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION", "9. Accepting Warranty or Additional Liability.", "END OF TERMS AND CONDITIONS", "http://www.apache.org/licenses/LICENSE-2.0"} {
		assert.Contains(t, text, s)
	}
}
