package main

import (
	"fmt"
	"io"
	"runtime/debug"

	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

func init() {
	register(command{name: "version", usage: "version    (or pkgspec --version)", run: version})
}

// version prints the version of the tool and the newest spec version it knows:
//
//	pkgspec v1.2.0
//	spec 3.5.0
func version(args []string, stdout, stderr io.Writer) int {
	v, err := validator.NewestSpecVersion()
	if err != nil {
		fmt.Fprintln(stderr, "pkgspec:", err)
		return 2
	}
	fmt.Fprintf(stdout, "pkgspec %s\nspec %s\n", toolVersion(), v)
	return 0
}

// toolVersion is the version of this build of pkgspec: its module version when it was
// installed as a module (go install ...@v1.2.0), else the commit it was built from, else
// "devel".
func toolVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	return versionOf(info)
}

func versionOf(info *debug.BuildInfo) string {
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified {
		rev += "-dirty"
	}
	return rev
}
