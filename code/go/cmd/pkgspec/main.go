// Command pkgspec validates Elastic Packages against the package specification, and serves
// them to Fleet as a package registry.
//
//	pkgspec validate [--format text|json|sarif|junit|tap] [--mode lint|legacy|source|build] [--quiet] [--summary] [--warnings-as-errors] PATH...
//	pkgspec schema [--type T] [--spec-version V] FILE
//	pkgspec serve [--config FILE] [--address HOST:PORT] [--tls-cert F --tls-key F]
//	pkgspec version
//	pkgspec build [--output DIR] [--sign-key FILE] SOURCE
//	pkgspec storage publish|promote|yank|list|log|export-v2 --storage URL ...
//
// Flags may come before or after the paths; `--` ends the flags.
//
// Each subcommand lives in its own file and registers itself in init.
// Exit status: 0 when every package is valid, 1 when some is invalid, 2 for usage or input errors.
package main

import (
	"flag"
	"fmt"
	"io"
	"math"
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

// untuneGC gives a long-running command the runtime's own collector back: a server keeps its
// index for its whole life and should not grow to the ceiling before collecting. GOGC and
// GOMEMLIMIT, when set, are respected.
func untuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(100)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(math.MaxInt64)
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
	case "--version", "-version":
		return version(nil, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usageText())
		return 0
	}
	fmt.Fprintf(stderr, "pkgspec: unknown command %q\n%s", args[0], usageText())
	return 2
}

// parseArgs parses the flags of fl found anywhere in args, before or after the other
// arguments, which it returns in their order; every argument after "--" is taken as it is.
func parseArgs(fl *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fl.Parse(args); err != nil {
			return nil, err
		}
		left := fl.Args()
		if used := len(args) - len(left); used > 0 && args[used-1] == "--" {
			return append(rest, left...), nil
		}
		if len(left) == 0 {
			return rest, nil
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
}
