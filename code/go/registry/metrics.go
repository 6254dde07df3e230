package registry

import (
	"net/http"
	"regexp"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the Prometheus metrics of a registry, under the Elastic Package Registry's names
// (epr_*) and labels so that its dashboards and alerts work, plus pkgspec's validation
// verdicts. Each Metrics has its own prometheus.Registry, with the Go and process collectors.
type Metrics struct {
	reg *prometheus.Registry

	serviceInfo   *prometheus.GaugeVec
	indexed       prometheus.Gauge
	storage       *prometheus.CounterVec
	updateOK      prometheus.Counter
	updateErr     prometheus.Counter
	updateSeconds prometheus.Histogram
	inFlight      prometheus.Gauge
	requests      *prometheus.CounterVec
	seconds       *prometheus.HistogramVec
	reqSize       *prometheus.HistogramVec
	respSize      *prometheus.HistogramVec
	validation    *prometheus.GaugeVec
}

// sizeBuckets are the EPR's buckets for request and response sizes.
var sizeBuckets = []float64{16, 32, 64, 128, 256, 512, 1 << 10, 64 << 10, 256 << 10}

// NewMetrics creates the metrics of a registry whose version and instance (host name)
// epr_service_info reports.
func NewMetrics(version, instance string) *Metrics {
	const ns = "epr"
	labels := []string{"code", "method", "path"}
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		serviceInfo: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Name: "service_info",
			Help: "Version information about this binary."}, []string{"version", "instance"}),
		indexed: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: ns, Name: "number_indexed_packages",
			Help: "Number of package versions served."}),
		storage: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "storage_requests_total",
			Help: "Requests for package content (artifacts, signatures, static files), by location and component."},
			[]string{"location", "component"}),
		updateOK: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "storage_indexer_update_index_success_total",
			Help: "Index builds (start-up and reloads) that succeeded."}),
		updateErr: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "storage_indexer_update_index_error_total",
			Help: "Index builds (start-up and reloads) that failed."}),
		updateSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: ns, Name: "storage_indexer_update_index_duration_seconds",
			Help: "Duration of index builds (start-up and reloads)."}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: ns, Name: "in_flight_requests",
			Help: "Requests being served."}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "http_requests_total",
			Help: "Requests served, by status code, method and route."}, labels),
		seconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Name: "http_request_duration_seconds",
			Help: "Time to serve requests, by status code, method and route."}, labels),
		reqSize: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Name: "http_request_size_bytes",
			Help: "Sizes of requests, by status code, method and route.", Buckets: sizeBuckets}, labels),
		respSize: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Name: "http_response_size_bytes",
			Help: "Sizes of responses, by status code, method and route.", Buckets: sizeBuckets}, labels),
		validation: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: "pkgspec", Name: "registry_validation_packages",
			Help: "Package versions found by the last index build, by pkgspec verdict (valid, invalid) and whether they are served."},
			[]string{"verdict", "served"}),
	}
	m.reg.MustRegister(m.serviceInfo, m.indexed, m.storage, m.updateOK, m.updateErr, m.updateSeconds,
		m.inFlight, m.requests, m.seconds, m.reqSize, m.respSize, m.validation,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.serviceInfo.WithLabelValues(version, instance).Set(1)
	return m
}

// Registry returns the metrics' registry, to add collectors to it.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// ObserveLoad records an index build: its duration and outcome, the packages served and the
// validation verdicts.
func (m *Metrics) ObserveLoad(ix *Index, rep *Report, took time.Duration, err error) {
	m.updateSeconds.Observe(took.Seconds())
	if err != nil {
		m.updateErr.Inc()
		return
	}
	m.updateOK.Inc()
	m.indexed.Set(float64(ix.Len()))
	if rep == nil {
		return
	}
	m.validation.Reset()
	for _, p := range rep.Packages {
		if p.Verdict == nil {
			continue
		}
		verdict, served := "invalid", "false"
		if p.Verdict.Valid {
			verdict = "valid"
		}
		if p.Served {
			served = "true"
		}
		m.validation.WithLabelValues(verdict, served).Inc()
	}
}

// A routeLabel is the path label of the requests matching re: the EPR's route template, and
// the storage component whose content it serves, if any.
type routeLabel struct {
	re        *regexp.Regexp
	template  string
	component string
}

var routeLabels = []routeLabel{
	{regexp.MustCompile(`^/$`), "/", ""},
	{regexp.MustCompile(`^/index\.json$`), "/index.json", ""},
	{regexp.MustCompile(`^/search/?$`), "/search", ""},
	{regexp.MustCompile(`^/categories/?$`), "/categories", ""},
	{regexp.MustCompile(`^/health/?$`), "/health", ""},
	{regexp.MustCompile(`^/favicon\.ico$`), "/favicon.ico", ""},
	{regexp.MustCompile(`^/epr/[^/]+/[a-z0-9_]+-[^/]+\.zip/?$`), "/epr/{packageName}/{packageName:[a-z0-9_]+}-{packageVersion}.zip", "artifacts"},
	{regexp.MustCompile(`^/epr/[^/]+/[a-z0-9_]+-[^/]+\.zip\.sig/?$`), "/epr/{packageName}/{packageName:[a-z0-9_]+}-{packageVersion}.zip.sig", "signatures"},
	{regexp.MustCompile(`^/package/[a-z0-9_]+/[^/]+/?$`), "/package/{packageName:[a-z0-9_]+}/{packageVersion}/", ""},
	{regexp.MustCompile(`^/package/[^/]+/[^/]+/.+$`), "/package/{packageName}/{packageVersion}/{name:.*}", "statics"},
	{regexp.MustCompile(`^/debug/packages$`), "/debug/packages", ""},
}

// routeOf returns the label of a request path; paths of no route are "unknown", as in the EPR.
func routeOf(p string) routeLabel {
	for _, r := range routeLabels {
		if r.re.MatchString(p) {
			return r
		}
	}
	return routeLabel{template: "unknown"}
}

// Instrument wraps h so that requests are counted, timed and measured by route.
func (m *Metrics) Instrument(h http.Handler) http.Handler {
	chains := map[string]http.Handler{}
	chain := func(r routeLabel) http.Handler {
		l := prometheus.Labels{"path": r.template}
		var c http.Handler = h
		c = promhttp.InstrumentHandlerCounter(m.requests.MustCurryWith(l), c)
		c = promhttp.InstrumentHandlerDuration(m.seconds.MustCurryWith(l), c)
		c = promhttp.InstrumentHandlerRequestSize(m.reqSize.MustCurryWith(l), c)
		c = promhttp.InstrumentHandlerResponseSize(m.respSize.MustCurryWith(l), c)
		if r.component != "" {
			storage := m.storage.WithLabelValues("local", r.component)
			next := c
			c = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
				storage.Inc()
				next.ServeHTTP(w, req)
			})
		}
		return c
	}
	for _, r := range append(routeLabels, routeLabel{template: "unknown"}) {
		chains[r.template] = chain(r)
	}
	return promhttp.InstrumentHandlerInFlight(m.inFlight, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chains[routeOf(r.URL.Path).template].ServeHTTP(w, r)
	}))
}
