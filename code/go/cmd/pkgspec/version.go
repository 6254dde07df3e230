package main

import (
	"fmt"
	"io"

	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

func init() {
	register(command{name: "version", usage: "version", run: version})
}

// version prints the newest spec version the tool knows.
func version(args []string, stdout, stderr io.Writer) int {
	v, err := validator.NewestSpecVersion()
	if err != nil {
		fmt.Fprintln(stderr, "pkgspec:", err)
		return 2
	}
	fmt.Fprintln(stdout, v)
	return 0
}
