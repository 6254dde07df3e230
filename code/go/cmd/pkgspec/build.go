package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/pkgspec/pkgspec/code/go/build"
)

func init() {
	register(command{
		name:  "build",
		usage: "build [--output DIR] [--link-root DIR] [--sign-key FILE] SOURCE\n    writes DIR/<name>-<version>.zip (default DIR: build/packages) and prints its path; --sign-key adds <zip>.sig\n    (an encrypted key's passphrase is read from PKGSPEC_SIGN_PASSPHRASE)",
		run:   buildCmd,
	})
}

func buildCmd(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("build", flag.ContinueOnError)
	fl.SetOutput(stderr)
	out := fl.String("output", filepath.Join("build", "packages"), "folder the archive is written to")
	linkRoot := fl.String("link-root", os.Getenv("PKGSPEC_LINK_ROOT"), "folder .link targets must stay in (default: $PKGSPEC_LINK_ROOT, else the enclosing git repository)")
	signKey := fl.String("sign-key", "", "armored OpenPGP private key that signs the archive")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() != 1 {
		fmt.Fprint(stderr, "pkgspec build: give one package source folder\n"+usageText())
		return 2
	}
	var signer *build.Signer
	if *signKey != "" {
		var err error
		if signer, err = build.LoadSigner(*signKey, []byte(os.Getenv("PKGSPEC_SIGN_PASSPHRASE"))); err != nil {
			fmt.Fprintln(stderr, "pkgspec build:", err)
			return 2
		}
	}
	path, status := buildOne(fl.Arg(0), *out, *linkRoot, signer, stderr)
	if status != 0 {
		return status
	}
	fmt.Fprintln(stdout, path)
	return 0
}

// buildOne builds the package in src into folder out, signs it when signer is set, and
// returns the archive's path; on failure it reports why on stderr and returns the exit status.
func buildOne(src, out, linkRoot string, signer *build.Signer, stderr io.Writer) (string, int) {
	a, err := build.Build(src, build.Options{LinkRoot: linkRoot})
	if err != nil { // an invalid package, or one that cannot be read whole
		fmt.Fprintln(stderr, "pkgspec build:", err)
		return "", 1
	}
	path, err := a.WriteFile(out)
	if err != nil {
		fmt.Fprintln(stderr, "pkgspec build:", err)
		return "", 2
	}
	if signer != nil {
		if _, err := a.WriteSignature(out, signer); err != nil {
			fmt.Fprintln(stderr, "pkgspec build: cannot sign:", err)
			return "", 2
		}
	}
	return path, 0
}
