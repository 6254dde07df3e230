package storage

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

// maxManifest bounds the manifest read to name an archive.
const maxManifest = 4 << 20

// Inspect reads the name and version of the package in an archive, and checks that the
// archive keeps it in the folder <name>-<version>/ as archives are named.
func Inspect(archive []byte) (name, version string, err error) {
	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		return "", "", fmt.Errorf("not a package archive: %w", err)
	}
	var manifest *zip.File
	top := ""
	for _, f := range zr.File {
		t, rest, _ := strings.Cut(f.Name, "/")
		if top == "" {
			top = t
		}
		if t != top {
			return "", "", fmt.Errorf("package archive must hold one folder, it holds %s and %s", top, t)
		}
		if rest == "manifest.yml" {
			manifest = f
		}
	}
	if manifest == nil {
		return "", "", fmt.Errorf("package archive has no %s/manifest.yml", top)
	}
	r, err := manifest.Open()
	if err != nil {
		return "", "", fmt.Errorf("package archive: %s: %w", manifest.Name, err)
	}
	defer r.Close()
	raw, err := io.ReadAll(io.LimitReader(r, maxManifest))
	if err != nil {
		return "", "", fmt.Errorf("package archive: %s: %w", manifest.Name, err)
	}
	var m struct {
		Name    string `yaml:"name"`
		Version string `yaml:"version"`
	}
	if err := yaml.Unmarshal(raw, &m); err != nil {
		return "", "", fmt.Errorf("package archive: %s: %w", manifest.Name, err)
	}
	if m.Name == "" || m.Version == "" {
		return "", "", fmt.Errorf("package archive: %s gives no name or no version", manifest.Name)
	}
	if want := m.Name + "-" + m.Version; top != want {
		return "", "", fmt.Errorf("package archive keeps %s in folder %s/, it must be %s/", want, top, want)
	}
	return m.Name, m.Version, nil
}

// InvalidError is an archive the validator refuses.
type InvalidError struct {
	Name   string
	Result validator.Result
}

func (e *InvalidError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s is not valid (%d problems):", e.Name, len(e.Result.Errors))
	for _, v := range e.Result.Errors {
		b.WriteString("\n  ")
		b.WriteString(v.Error())
	}
	return b.String()
}

// ValidateStrict validates an archive as a built package, warnings counted as errors: what
// goes into a channel has no known problem. name names the archive in errors.
func ValidateStrict(archive []byte, name string) error {
	res := validator.ValidateZipReader(bytes.NewReader(archive), int64(len(archive)), name, validator.Options{Mode: validator.Build, WarningsAsErrors: true})
	if res.InputErr != nil {
		return fmt.Errorf("%s: %w", name, res.InputErr)
	}
	if !res.Valid() {
		return &InvalidError{Name: name, Result: res}
	}
	return nil
}
