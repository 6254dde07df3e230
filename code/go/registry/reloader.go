package registry

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Reloader keeps a Server's index up to date with its Loader: it loads the packages at start,
// then, when watching, again at each interval, and swaps the new index in atomically when the
// packages changed. It records each load in the Metrics, the log and the debug document.
type Reloader struct {
	Loader  *Loader
	Server  *Server
	Metrics *Metrics     // nil for none
	Log     *slog.Logger // nil for none
	// NoDebug leaves /debug/packages out of Handler (it is then answered as any unknown
	// path); the Reloader can still serve it elsewhere as an http.Handler.
	NoDebug bool

	report atomic.Pointer[Report]
	loads  atomic.Int64

	memoOnce sync.Once
	memo     *memo // answers computed from the index served, shared by every Handler
}

// Reload loads the packages and, when they changed since the last load, serves them. It
// returns the load's report.
func (rl *Reloader) Reload() (*Report, error) {
	log := rl.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	start := time.Now()
	ix, rep, err := rl.Loader.Load()
	if rl.Metrics != nil {
		rl.Metrics.ObserveLoad(ix, rep, time.Since(start), err)
	}
	if err != nil {
		log.Error("loading packages failed", "error", err)
		return nil, err
	}
	prev := rl.report.Load()
	first := rl.loads.Add(1) == 1
	if !first && prev != nil && rep.Fingerprint != "" && rep.Fingerprint == prev.Fingerprint {
		return rep, nil
	}
	// The answers clients ask first are computed before the swap, so that the first request
	// after a start or a reload is answered from memory.
	precompute(rl.Server, rl.answers(), ix)
	rl.Server.SetIndex(ix)
	rl.report.Store(rep)
	if rep.CacheError != "" {
		log.Warn("package cache not used", "error", rep.CacheError)
	}
	rep.Log(log)
	n := ix.Len()
	if n == 0 {
		log.Warn("no packages found")
	}
	verb := "loaded"
	if !first {
		verb = "reloaded"
	}
	log.Info(fmt.Sprintf("%d local package manifests %s", n, verb), "duration", rep.Duration.Round(time.Millisecond).String(),
		"read", rep.Read, "cached", rep.Cached, "invalid", len(rep.Invalid()), "refused", len(rep.Refused()))
	return rep, nil
}

// Watch reloads every interval until ctx is done.
func (rl *Reloader) Watch(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			rl.Reload()
		}
	}
}

// answers is the memo of the answers computed from the index served.
func (rl *Reloader) answers() *memo {
	rl.memoOnce.Do(func() {
		rl.memo = newMemo(func() any {
			if ix := rl.Server.Index(); ix != nil {
				return ix
			}
			return nil
		})
		rl.memo.key = rl.Server.answerKey
	})
	return rl.memo
}

// Report returns the report of the load whose packages are served, or nil before the first.
func (rl *Reloader) Report() *Report { return rl.report.Load() }

// debugDocument is the /debug/packages document.
type debugDocument struct {
	Validation debugValidation `json:"validation"`
	Load       debugLoad       `json:"load"`
}

type debugValidation struct {
	Mode      string         `json:"mode"`
	Validator string         `json:"validator"`
	Valid     int            `json:"valid"`
	Invalid   int            `json:"invalid"`
	Refused   int            `json:"refused"`
	Packages  []debugPackage `json:"packages"`
}

type debugPackage struct {
	Found
	Valid        *bool    `json:"valid,omitempty"`
	ErrorCount   int      `json:"error_count"`
	WarningCount int      `json:"warning_count"`
	Errors       []string `json:"errors,omitempty"`
}

type debugLoad struct {
	Started     time.Time `json:"started"`
	Duration    string    `json:"duration"`
	Read        int       `json:"read"`
	Cached      int       `json:"cached"`
	CacheDir    string    `json:"cache_dir,omitempty"`
	CacheError  string    `json:"cache_error,omitempty"`
	Fingerprint string    `json:"fingerprint,omitempty"`
}

// ServeHTTP answers /debug/packages: every package of the last load with its pkgspec verdict
// and whether it is served, and how the load went.
func (rl *Reloader) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rep := rl.report.Load()
	if rep == nil {
		noCache(w)
		http.Error(w, "packages are being loaded", http.StatusServiceUnavailable)
		return
	}
	doc := debugDocument{
		Validation: debugValidation{Mode: rep.Validation, Validator: rep.Validator, Packages: []debugPackage{}},
		Load: debugLoad{Started: rep.Started.UTC(), Duration: rep.Duration.String(), Read: rep.Read, Cached: rep.Cached,
			CacheDir: rl.Loader.CacheDir, CacheError: rep.CacheError, Fingerprint: rep.Fingerprint},
	}
	for _, p := range rep.Packages {
		d := debugPackage{Found: p.Found}
		if v := p.Verdict; v != nil {
			d.Valid, d.ErrorCount, d.WarningCount, d.Errors = &v.Valid, v.ErrorCount, v.WarningCount, v.Errors
			if v.Valid {
				doc.Validation.Valid++
			} else {
				doc.Validation.Invalid++
			}
		}
		doc.Validation.Packages = append(doc.Validation.Packages, d)
	}
	doc.Validation.Refused = len(rep.Refused())
	body, err := prettyJSON(doc)
	if err != nil {
		internalError(w)
		return
	}
	noCache(w)
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}

// Handler is the registry's whole HTTP handler: the Server and (unless NoDebug) /debug/packages,
// with ETags and compression, answers computed from the index remembered until it changes,
// metrics (when rl.Metrics is not nil) and access logs (when log is not nil).
func (rl *Reloader) Handler(log *slog.Logger) http.Handler {
	// Paths other than /debug/packages go to the Server untouched (a ServeMux would clean
	// and redirect them its own way).
	m := rl.answers()
	h := conditional(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/debug/packages" && !rl.NoDebug {
			rl.ServeHTTP(w, r)
			return
		}
		rl.Server.ServeHTTP(w, r)
	}), m)
	if rl.Metrics != nil {
		h = rl.Metrics.Instrument(h)
	}
	if log != nil {
		h = AccessLog(log, h)
	}
	return h
}
