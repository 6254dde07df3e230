// Package spec embeds the Elastic Package specification: the folder trees, the file schemas and
// the list of spec versions. See README.md in this folder for the format of these files.
package spec

import "embed"

// FS holds every file of the specification, rooted at this folder.
//
//go:embed changelog.yml all:integration all:input all:content
var FS embed.FS
