package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/pkgspec/pkgspec/code/go/registry"
	"github.com/pkgspec/pkgspec/code/go/storage"
)

func init() {
	register(command{
		name: "serve",
		usage: "serve [--config FILE] [--address HOST:PORT] [--tls-cert F --tls-key F] [--allow-unknown-query-parameters=B] [--debug-address ADDR|off] [--dry-run]\n" +
			"        [--metrics-address HOST:PORT] [--log-type ecs|dev] [--validation report|strict|off] [--cache-dir DIR] [--watch-interval D]\n" +
			"        [--storage URL --channel C [--poll DURATION]]\n" +
			"    serves the packages under the config's package_paths with the Elastic Package Registry's API;\n" +
			"    with --storage, first the view of channel C of the package storage, reloaded within DURATION\n" +
			"    (default 10s) of each publish, promotion or yank",
		run: serve,
	})
}

// tlsVersions are the values --tls-min-version accepts.
var tlsVersions = map[string]uint16{"1.1": tls.VersionTLS11, "1.2": tls.VersionTLS12, "1.3": tls.VersionTLS13}

// serve runs a package registry that Fleet can use in place of the Elastic Package Registry.
// Flags default as the EPR's and, as there, can be given as EPR_FLAG_NAME variables.
func serve(args []string, stdout, stderr io.Writer) int {
	untuneGC()
	// Signals are caught from the start, so that one arriving while packages load stops the
	// server cleanly rather than killing it.
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(stop)

	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	config := fl.String("config", "config.yml", "path to the configuration file")
	address := fl.String("address", "localhost:8080", "address to listen on")
	cert := fl.String("tls-cert", "", "TLS certificate file")
	key := fl.String("tls-key", "", "TLS key file")
	minTLS := fl.String("tls-min-version", "", "lowest TLS version accepted: 1.1, 1.2 or 1.3")
	allowUnknown := fl.Bool("allow-unknown-query-parameters", true, "ignore unknown query parameters instead of answering 400")
	dryRun := fl.Bool("dry-run", false, "load the packages, report those that cannot be loaded, and exit (1 when any cannot, or none is found)")
	logLevel := fl.String("log-level", "info", "log level: debug, info, warn or error")
	metricsAddress := fl.String("metrics-address", "", "address to serve Prometheus metrics on, at /metrics (none when empty)")
	logType := fl.String("log-type", "ecs", "log format: ecs (JSON lines) or dev (text)")
	validation := fl.String("validation", "report", "pkgspec validation of each package: report (serve what the EPR serves, publish verdicts), strict (refuse invalid packages) or off")
	cacheDir := fl.String("cache-dir", registry.DefaultCacheDir(), "folder of the warm-start cache (none when empty)")
	debugAddress := fl.String("debug-address", "", "where /debug/packages is served: empty for the main address, HOST:PORT for that address only, off for nowhere")
	watch := fl.Duration("watch-interval", time.Minute, "how often package paths are checked for new, changed and removed packages (0 never)")
	storageURL := fl.String("storage", "", "URL of a package storage whose channel is served")
	channel := fl.String("channel", "production", "channel of the package storage served: snapshot, staging or production")
	poll := fl.Duration("poll", 10*time.Second, "how often the package storage is checked for changes")
	var envErr error
	fl.VisitAll(func(f *flag.Flag) {
		env := "EPR_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(env); ok {
			if err := f.Value.Set(v); err != nil {
				envErr = errors.Join(envErr, fmt.Errorf("%s: %w", env, err))
			}
		}
	})
	if envErr != nil {
		fmt.Fprintln(stderr, "pkgspec serve:", envErr)
		return 2
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() != 0 {
		fmt.Fprint(stderr, "pkgspec serve: unexpected arguments\n"+usageText())
		return 2
	}
	tlsConf := &tls.Config{}
	if *minTLS != "" {
		v, ok := tlsVersions[*minTLS]
		if !ok {
			fmt.Fprintf(stderr, "pkgspec serve: unsupported TLS version: %s\n", *minTLS)
			return 2
		}
		if *cert == "" || *key == "" {
			fmt.Fprintln(stderr, "pkgspec serve: --tls-min-version set but missing TLS cert and key files (--tls-cert and --tls-key)")
			return 2
		}
		tlsConf.MinVersion = v
	}
	if (*cert == "") != (*key == "") {
		fmt.Fprintln(stderr, "pkgspec serve: --tls-cert and --tls-key go together")
		return 2
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintln(stderr, "pkgspec serve: --log-level:", err)
		return 2
	}
	mode, err := registry.ParseValidationMode(*validation)
	if err != nil {
		fmt.Fprintln(stderr, "pkgspec serve:", err)
		return 2
	}
	var log *slog.Logger
	switch *logType {
	case "ecs":
		log = slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level}))
	case "dev":
		log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	default:
		fmt.Fprintf(stderr, "pkgspec serve: invalid log type %q: want ecs or dev\n", *logType)
		return 2
	}
	cfg, err := registry.ReadConfig(*config)
	if err != nil && *storageURL != "" && errors.Is(err, fs.ErrNotExist) && !flagGiven(fl, "config") {
		cfg, err = &registry.Config{}, nil // the storage alone; zero cache times are the defaults
	}
	if err != nil {
		fmt.Fprintln(stderr, "pkgspec serve:", err)
		return 2
	}
	if *dryRun {
		// A dry run leaves no cache behind.
		return dryRunLoad(&registry.Loader{Paths: cfg.PackagePaths, Validation: mode}, log)
	}
	opts := cfg.Options()
	opts.RefuseUnknownQueryParameters = !*allowUnknown
	opts.Logger = log
	srv := registry.NewServer(opts)
	host, _ := os.Hostname()
	rl := &registry.Reloader{
		Loader: &registry.Loader{Paths: cfg.PackagePaths, Validation: mode, CacheDir: *cacheDir},
		Server: srv,
		Log:    log,
		// Anywhere but the main address, or nowhere.
		NoDebug: *debugAddress != "",
	}
	if *metricsAddress != "" {
		rl.Metrics = registry.NewMetrics(srv.Version(), host)
	}

	ln, err := net.Listen("tcp", *address)
	if err != nil {
		fmt.Fprintln(stderr, "pkgspec serve:", err)
		return 1
	}
	httpSrv := newHTTPServer(rl.Handler(log.With("log.logger", "http")), log)
	httpSrv.TLSConfig = tlsConf
	var metricsSrv *http.Server
	if rl.Metrics != nil {
		mln, err := net.Listen("tcp", *metricsAddress)
		if err != nil {
			ln.Close()
			fmt.Fprintln(stderr, "pkgspec serve: metrics:", err)
			return 1
		}
		mux := http.NewServeMux()
		mux.Handle("/metrics", rl.Metrics.Handler())
		metricsSrv = newHTTPServer(mux, log)
		go metricsSrv.Serve(mln)
		log.Info("metrics listening", "address", mln.Addr().String())
	}
	var debugSrv *http.Server
	if *debugAddress != "" && *debugAddress != "off" {
		dln, err := net.Listen("tcp", *debugAddress)
		if err != nil {
			ln.Close()
			if metricsSrv != nil {
				metricsSrv.Close()
			}
			fmt.Fprintln(stderr, "pkgspec serve: debug:", err)
			return 1
		}
		mux := http.NewServeMux()
		mux.Handle("/debug/packages", rl)
		debugSrv = newHTTPServer(mux, log)
		go debugSrv.Serve(dln)
		log.Info("debug listening", "address", dln.Addr().String())
	}
	served := make(chan error, 1)
	go func() {
		if *cert != "" {
			served <- httpSrv.ServeTLS(ln, *cert, *key)
		} else {
			served <- httpSrv.Serve(ln)
		}
	}()
	log.Info("package registry listening", "address", ln.Addr().String(), "package_paths", strings.Join(cfg.PackagePaths, ", "))

	loadFailed := make(chan error, 1)
	ctx, stopWatching := context.WithCancel(context.Background())
	defer stopWatching()
	if *storageURL != "" {
		// The storage's view, then the package paths, reloaded when the view changes.
		if status := watchStorage(ctx, srv, cfg, *storageURL, *channel, *poll, log, stderr); status != 0 {
			httpSrv.Close()
			return status
		}
	} else {
		go func() {
			if _, err := rl.Reload(); err != nil {
				loadFailed <- err
				return
			}
			if *watch > 0 {
				rl.Watch(ctx, *watch)
			}
		}()
	}

	select {
	case err := <-served:
		fmt.Fprintln(stderr, "pkgspec serve:", err)
		return 1
	case err := <-loadFailed:
		fmt.Fprintln(stderr, "pkgspec serve: loading packages failed:", err)
		httpSrv.Close()
		return 1
	case <-stop:
	}
	stopWatching()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if metricsSrv != nil {
		metricsSrv.Shutdown(sctx)
	}
	if debugSrv != nil {
		debugSrv.Shutdown(sctx)
	}
	if err := httpSrv.Shutdown(sctx); err != nil {
		log.Error("shutdown", "error", err)
		return 1
	}
	log.Info("package registry stopped")
	return 0
}

// dryRunLoad loads the packages as serving would, with the same validation, and reports
// what would not be served.
func dryRunLoad(l *registry.Loader, log *slog.Logger) int {
	ix, rep, err := l.Load()
	if err != nil {
		log.Error("loading packages failed", "error", err)
		return 1
	}
	refused := rep.Log(log)
	log.Info(fmt.Sprintf("%d local package manifests loaded", ix.Len()))
	if refused > 0 || ix.Len() == 0 {
		return 1
	}
	return 0
}

// Server timeouts: headers must arrive within serverReadHeaderTimeout and the whole request
// within serverReadTimeout; a response (the largest being package zip files) must be written
// within serverWriteTimeout; idle keep-alive connections are closed after serverIdleTimeout.
const (
	serverReadHeaderTimeout = 10 * time.Second
	serverReadTimeout       = 30 * time.Second
	serverWriteTimeout      = 5 * time.Minute
	serverIdleTimeout       = 2 * time.Minute
)

// newHTTPServer returns an http.Server for h with the timeouts above, logging to log.
func newHTTPServer(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: serverReadHeaderTimeout,
		ReadTimeout:       serverReadTimeout,
		WriteTimeout:      serverWriteTimeout,
		IdleTimeout:       serverIdleTimeout,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// watchStorage serves the view of a channel of the package storage at url, before the
// configuration's package paths, and reloads it whenever it changes, until ctx ends.
func watchStorage(ctx context.Context, srv *registry.Server, cfg *registry.Config, url, channel string, poll time.Duration, log *slog.Logger, stderr io.Writer) int {
	c, err := storage.ParseChannel(channel)
	if err != nil {
		fmt.Fprintln(stderr, "pkgspec serve: --channel:", err)
		return 2
	}
	st, err := storage.Open(ctx, url)
	if err != nil {
		fmt.Fprintln(stderr, "pkgspec serve:", err)
		return 2
	}
	go func() {
		defer st.Close()
		st.Watch(ctx, c, poll, func(v *storage.View, view fs.FS) error {
			ix, err := registry.BuildIndex(append([]fs.FS{view}, cfg.Roots()...))
			if err != nil {
				return err
			}
			for _, p := range ix.Problems {
				log.Error("package not loaded", "path", p.Location, "error", p.Err)
			}
			srv.SetIndex(ix)
			log.Info(fmt.Sprintf("%d packages of channel %s loaded", ix.Len(), c), "stamp", v.Stamp())
			return nil
		}, func(err error) { log.Error("reading the package storage failed", "error", err) })
	}()
	return 0
}

// flagGiven tells whether the flag name was set on the command line.
func flagGiven(fl *flag.FlagSet, name string) bool {
	given := false
	fl.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}
