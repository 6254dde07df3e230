// Command pkgspec validates Elastic Packages against the package specification.
//
//	pkgspec validate [--format text|json|sarif] [--mode legacy|source|build] [--warnings-as-errors] PATH...
//	pkgspec schema [--type T] [--spec-version V] FILE
//	pkgspec version
//
// Each subcommand lives in its own file and registers itself in init.
// Exit status: 0 when every package is valid, 1 when some is invalid, 2 for usage or input errors.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strings"
)

func main() {
	tuneGC()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// A validation allocates a lot of short-lived memory (parsed files, schema results) and keeps
// little. The collector therefore runs only when the heap reaches a ceiling, rather than each
// time it doubles: one large package is validated without any collection, and a run over
// hundreds of packages stays under 400 MB of resident memory. GOGC and GOMEMLIMIT, when set,
// are respected.
const memoryLimit = 320 << 20

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(-1)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}

// A command is one subcommand of pkgspec.
type command struct {
	name  string
	usage string // the synopsis after "pkgspec ", possibly with indented lines after it
	run   func(args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

func usageText() string {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("usage:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  pkgspec %s\n", commands[n].usage)
	}
	return b.String()
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText())
		return 2
	}
	if c, ok := commands[args[0]]; ok {
		return c.run(args[1:], stdout, stderr)
	}
	switch args[0] {
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usageText())
		return 0
	}
	fmt.Fprintf(stderr, "pkgspec: unknown command %q\n%s", args[0], usageText())
	return 2
}
