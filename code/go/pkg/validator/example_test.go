package validator_test

import (
	"fmt"
	"strings"
	"testing/fstest"

	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

func ExampleValidatePath() {
	res := validator.ValidatePath("../../../../test/packages/good_integration_v3", validator.Options{})
	fmt.Println("valid:", res.Valid())
	for _, e := range res.Errors {
		fmt.Println(e.Error())
	}
	// Output: valid: true
}

// A registry validates every package it keeps, on every core, at start-up.
func ExampleFindPackages() {
	paths, err := validator.FindPackages("../../../../test/packages")
	if err != nil {
		fmt.Println(err)
		return
	}
	valid := 0
	for _, res := range validator.ValidatePaths(paths, validator.Options{}) {
		if res.Valid() {
			valid++
		}
	}
	fmt.Println(valid > 0 && valid < len(paths))
	// Output: true
}

// A .zip archive is a built package: it is checked as Build mode checks a folder, so the _dev
// folder its sources keep is refused.
func ExampleValidateZip() {
	res := validator.ValidateZip("testdata/hello-1.0.0.zip", validator.Options{})
	fmt.Println("valid:", res.Valid())
	for _, e := range res.Errors {
		fmt.Println(e.File)
	}
	// Output:
	// valid: false
	// _dev
}

// Any fs.FS holds a package: here one kept in memory, first valid, then without its owner.
func ExampleValidateFS() {
	pkg := fstest.MapFS{
		"manifest.yml": {Data: []byte(`format_version: 3.5.0
name: hello
title: Hello
description: Says hello.
version: 1.0.0
type: content
owner:
  github: elastic/hello
  type: community
`)},
		"changelog.yml": {Data: []byte(`- version: 1.0.0
  changes:
    - description: First release.
      type: enhancement
      link: https://example.com/1
`)},
		"docs/README.md": {Data: []byte("# Hello\n")},
	}
	fmt.Println("valid:", validator.ValidateFS(pkg, "hello", validator.Options{}).Valid())

	manifest := string(pkg["manifest.yml"].Data)
	pkg["manifest.yml"] = &fstest.MapFile{Data: []byte(manifest[:strings.Index(manifest, "owner:")])}
	res := validator.ValidateFS(pkg, "hello", validator.Options{})
	fmt.Println("valid:", res.Valid())
	for _, e := range res.Errors {
		fmt.Println(e.Error())
	}
	// Output:
	// valid: true
	// valid: false
	// manifest.yml:1:1: field (root): owner is required
}
