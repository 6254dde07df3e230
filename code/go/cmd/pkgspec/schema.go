package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

func init() {
	register(command{
		name:  "schema",
		usage: "schema [--type integration|input|content] [--spec-version V] FILE",
		run:   schema,
	})
}

// schema prints the JSON schema of one kind of package file, for editors and other tools.
func schema(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("schema", flag.ContinueOnError)
	fl.SetOutput(stderr)
	typ := fl.String("type", "integration", "package type: integration, input or content")
	version := fl.String("spec-version", "", "spec version (default: the newest)")
	files, err := parseArgs(fl, args)
	if err != nil {
		return 2
	}
	if len(files) != 1 {
		fmt.Fprint(stderr, "pkgspec schema: give one file path inside a package, such as manifest.yml\n"+usageText())
		return 2
	}
	v := *version
	if v == "" {
		var err error
		if v, err = validator.NewestSpecVersion(); err != nil {
			fmt.Fprintln(stderr, "pkgspec schema:", err)
			return 2
		}
	}
	doc, err := validator.FileSchema(*typ, v, files[0])
	if err != nil {
		fmt.Fprintln(stderr, "pkgspec schema:", err)
		return 2
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		fmt.Fprintln(stderr, "pkgspec schema:", err)
		return 2
	}
	return 0
}
