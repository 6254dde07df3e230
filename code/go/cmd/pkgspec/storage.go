package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/pkgspec/pkgspec/code/go/build"
	"github.com/pkgspec/pkgspec/code/go/exportv2"
	"github.com/pkgspec/pkgspec/code/go/storage"
)

func init() {
	register(command{
		name: "storage",
		usage: "storage publish|promote|yank|list|log|export-v2 --storage URL ...\n" +
			"    storage publish --storage URL --channel C [--force] PACKAGE...   (.zip files, or source folders built first)\n" +
			"    storage promote --storage URL --from C1 --to C2 [--force] NAME-VERSION...\n" +
			"    storage yank --storage URL --channel C --reason TEXT [--force] NAME-VERSION\n" +
			"    storage list --storage URL --channel C [--format text|json]\n" +
			"    storage log --storage URL --channel C\n" +
			"    storage export-v2 --storage URL --channel C --output URL2\n" +
			"    channels: snapshot, staging, production; URL: a folder, file://, s3://, gs:// or mem://",
		run: storageCmd,
	})
}

// storageSubcommands are the subcommands of pkgspec storage.
var storageSubcommands = map[string]func(ctx context.Context, args []string, stdout, stderr io.Writer) int{
	"publish":   storagePublish,
	"promote":   storagePromote,
	"yank":      storageYank,
	"list":      storageList,
	"log":       storageLog,
	"export-v2": storageExport,
}

func storageCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, "pkgspec storage: give a subcommand\n"+usageText())
		return 2
	}
	sub, ok := storageSubcommands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "pkgspec storage: unknown subcommand %q\n%s", args[0], usageText())
		return 2
	}
	return sub(context.Background(), args[1:], stdout, stderr)
}

// storageFlags are the flags every storage subcommand takes.
type storageFlags struct {
	fl      *flag.FlagSet
	url     *string
	channel *string
	force   *bool
	name    string
	stderr  io.Writer
}

func newStorageFlags(name string, stderr io.Writer, channel, force bool) *storageFlags {
	f := &storageFlags{fl: flag.NewFlagSet("storage "+name, flag.ContinueOnError), name: name, stderr: stderr}
	f.fl.SetOutput(stderr)
	f.url = f.fl.String("storage", "", "URL of the package storage")
	if channel {
		f.channel = f.fl.String("channel", "", "channel: snapshot, staging or production")
	}
	if force {
		f.force = f.fl.Bool("force", false, "allow what staging only does when forced")
	}
	return f
}

// parse reads the flags and opens the store; status is non-zero (and reported) on failure.
func (f *storageFlags) parse(ctx context.Context, args []string) (s *storage.Store, c storage.Channel, status int) {
	if err := f.fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, "", -1
		}
		return nil, "", 2
	}
	if *f.url == "" {
		return nil, "", f.usage("--storage is required")
	}
	if f.channel != nil {
		var err error
		if c, err = storage.ParseChannel(*f.channel); err != nil {
			return nil, "", f.usage("--channel: " + err.Error())
		}
	}
	s, err := storage.Open(ctx, *f.url)
	if err != nil {
		fmt.Fprintf(f.stderr, "pkgspec storage %s: %v\n", f.name, err)
		return nil, "", 2
	}
	return s, c, 0
}

func (f *storageFlags) usage(msg string) int {
	fmt.Fprintf(f.stderr, "pkgspec storage %s: %s\n%s", f.name, msg, usageText())
	return 2
}

func (f *storageFlags) opts() storage.Options {
	if f.force == nil {
		return storage.Options{}
	}
	return storage.Options{Force: *f.force}
}

// exit turns the negative status of a help request into 0.
func exit(status int) int { return max(status, 0) }

// failure reports err for pkg and returns its exit status: 1 for what the channel rules or
// the validator refuse, 2 for anything else.
func failure(stderr io.Writer, sub string, err error) int {
	fmt.Fprintf(stderr, "pkgspec storage %s: %v\n", sub, err)
	var invalid *storage.InvalidError
	var binvalid *build.InvalidError
	if storage.IsRefused(err) || errors.As(err, &invalid) || errors.As(err, &binvalid) || errors.Is(err, storage.ErrNotFound) {
		return 1
	}
	return 2
}

func storagePublish(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newStorageFlags("publish", stderr, true, true)
	s, c, status := f.parse(ctx, args)
	if status != 0 {
		return exit(status)
	}
	defer s.Close()
	if f.fl.NArg() == 0 {
		return f.usage("give at least one package (.zip or source folder)")
	}
	status = 0
	for _, p := range f.fl.Args() {
		archive, sig, err := readPackage(p)
		if err == nil {
			var res storage.Result
			res, err = s.Publish(ctx, c, archive, sig, f.opts())
			if err == nil {
				what := map[string]string{"none": "unchanged (the same bytes are there)", "publish": "published", "overwrite": "overwritten", "sign": "signature added"}[res.Op]
				fmt.Fprintf(stdout, "%s: %s in %s (sha256 %s)\n", res.Entry.ID(), what, c, res.Entry.SHA256)
				continue
			}
		}
		status = max(status, failure(stderr, "publish", fmt.Errorf("%s: %w", p, err)))
	}
	return status
}

// readPackage reads an archive and the signature beside it, or builds a source folder.
func readPackage(p string) (archive, sig []byte, err error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, nil, err
	}
	if info.IsDir() {
		a, err := build.Build(p, build.Options{})
		if err != nil {
			return nil, nil, err
		}
		return a.Data, nil, nil
	}
	if archive, err = os.ReadFile(p); err != nil {
		return nil, nil, err
	}
	sig, err = os.ReadFile(p + build.SignatureExt)
	if errors.Is(err, os.ErrNotExist) {
		return archive, nil, nil
	}
	return archive, sig, err
}

func storagePromote(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newStorageFlags("promote", stderr, false, true)
	from := f.fl.String("from", "", "channel the packages leave")
	to := f.fl.String("to", "", "channel the packages enter (the next one)")
	s, _, status := f.parse(ctx, args)
	if status != 0 {
		return exit(status)
	}
	defer s.Close()
	c1, err1 := storage.ParseChannel(*from)
	c2, err2 := storage.ParseChannel(*to)
	if err := errors.Join(err1, err2); err != nil {
		return f.usage("--from and --to: " + err.Error())
	}
	if f.fl.NArg() == 0 {
		return f.usage("give at least one NAME-VERSION")
	}
	for _, id := range f.fl.Args() {
		name, version, err := storage.SplitID(id)
		if err == nil {
			var res storage.Result
			if res, err = s.Promote(ctx, c1, c2, name, version, f.opts()); err == nil {
				if res.Changed {
					fmt.Fprintf(stdout, "%s: promoted from %s to %s (sha256 %s)\n", id, c1, c2, res.Entry.SHA256)
				} else {
					fmt.Fprintf(stdout, "%s: already in %s\n", id, c2)
				}
				continue
			}
		}
		status = max(status, failure(stderr, "promote", err))
	}
	return status
}

func storageYank(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newStorageFlags("yank", stderr, true, true)
	reason := f.fl.String("reason", "", "why the version is removed (kept in the channel's history)")
	s, c, status := f.parse(ctx, args)
	if status != 0 {
		return exit(status)
	}
	defer s.Close()
	if f.fl.NArg() != 1 {
		return f.usage("give one NAME-VERSION")
	}
	if strings.TrimSpace(*reason) == "" {
		return f.usage("--reason is required")
	}
	name, version, err := storage.SplitID(f.fl.Arg(0))
	if err != nil {
		return f.usage(err.Error())
	}
	res, err := s.Yank(ctx, c, name, version, *reason, f.opts())
	if err != nil {
		return failure(stderr, "yank", err)
	}
	if res.Changed {
		fmt.Fprintf(stdout, "%s-%s: yanked from %s\n", name, version, c)
	} else {
		fmt.Fprintf(stdout, "%s-%s: already yanked from %s\n", name, version, c)
	}
	return 0
}

// listJSON is the document of storage list --format json.
type listJSON struct {
	Channel  storage.Channel `json:"channel"`
	Stamp    string          `json:"stamp"`
	Packages []listItem      `json:"packages"`
}

type listItem struct {
	Name      string          `json:"name"`
	Version   string          `json:"version"`
	Channel   storage.Channel `json:"channel"`
	SHA256    string          `json:"sha256"`
	Size      int64           `json:"size"`
	Signature bool            `json:"signed"`
}

func storageList(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newStorageFlags("list", stderr, true, false)
	format := f.fl.String("format", "text", "output format: text or json")
	s, c, status := f.parse(ctx, args)
	if status != 0 {
		return exit(status)
	}
	defer s.Close()
	if *format != "text" && *format != "json" {
		return f.usage(fmt.Sprintf("unknown format %q (want text or json)", *format))
	}
	v, err := s.View(ctx, c)
	if err != nil {
		return failure(stderr, "list", err)
	}
	doc := listJSON{Channel: c, Stamp: v.Stamp(), Packages: []listItem{}}
	for _, it := range v.Items {
		doc.Packages = append(doc.Packages, listItem{Name: it.Name, Version: it.Version, Channel: it.Channel, SHA256: it.SHA256, Size: it.Size, Signature: it.Signature != ""})
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return failure(stderr, "list", err)
		}
		return 0
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tVERSION\tCHANNEL\tSHA256")
	for _, p := range doc.Packages {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.Name, p.Version, p.Channel, p.SHA256)
	}
	if err := tw.Flush(); err != nil {
		return failure(stderr, "list", err)
	}
	return 0
}

func storageLog(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newStorageFlags("log", stderr, true, false)
	s, c, status := f.parse(ctx, args)
	if status != 0 {
		return exit(status)
	}
	defer s.Close()
	states, err := s.History(ctx, c, 0)
	if err != nil {
		return failure(stderr, "log", err)
	}
	for _, st := range states {
		ch := st.Change
		line := fmt.Sprintf("%d\t%s\t%s\t%s", st.Generation, ch.Time.Format("2006-01-02T15:04:05.000Z"), ch.Op, ch.Package)
		if ch.Channel != "" {
			line += "\t" + map[bool]string{true: "from ", false: "to "}[ch.Op == "promote-in"] + string(ch.Channel)
		}
		if ch.Reason != "" {
			line += "\treason: " + ch.Reason
		}
		fmt.Fprintln(stdout, line)
	}
	return 0
}

func storageExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newStorageFlags("export-v2", stderr, true, false)
	output := f.fl.String("output", "", "URL of the storage v2 bucket written")
	s, c, status := f.parse(ctx, args)
	if status != 0 {
		return exit(status)
	}
	defer s.Close()
	if *output == "" {
		return f.usage("--output is required")
	}
	out, err := storage.Open(ctx, *output)
	if err != nil {
		return failure(stderr, "export-v2", err)
	}
	defer out.Close()
	sum, err := exportv2.Export(ctx, s, c, out.Bucket())
	if err != nil {
		return failure(stderr, "export-v2", err)
	}
	if sum.Changed {
		fmt.Fprintf(stdout, "exported %d packages of %s, cursor %s\n", len(sum.Packages), c, sum.Cursor)
	} else {
		fmt.Fprintf(stdout, "storage v2 already up to date (%d packages of %s, cursor %s)\n", len(sum.Packages), c, sum.Cursor)
	}
	return 0
}
