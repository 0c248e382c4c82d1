package web

import (
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Metrics counts requests by route and status and keeps a latency histogram per route, written in
// the Prometheus text format at /metrics. It is a few dozen lines, so Kern needs no metrics library.
type Metrics struct {
	mu       sync.Mutex
	requests map[[2]string]uint64 // route, status → count
	latency  map[string]*histogram
	pools    map[string]*sql.DB
}

var buckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

type histogram struct {
	counts []uint64 // per bucket, not cumulative
	sum    float64
	n      uint64
}

// NewMetrics returns empty metrics.
func NewMetrics() *Metrics {
	return &Metrics{requests: map[[2]string]uint64{}, latency: map[string]*histogram{}, pools: map[string]*sql.DB{}}
}

// Pool adds a database pool whose statistics are reported.
func (m *Metrics) Pool(name string, db *sql.DB) { m.pools[name] = db }

// wrap must sit directly around the mux: the mux records the matched pattern on the request it is
// given, which is how routes (not raw paths, which hold ids) become labels.
func (m *Metrics) wrap(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw, ok := w.(*statusWriter)
		if !ok {
			sw = &statusWriter{ResponseWriter: w}
		}
		defer func() {
			route := r.Pattern
			if route == "" {
				route = "unmatched"
			}
			m.observe(route, sw.status, time.Since(start).Seconds())
		}()
		mux.ServeHTTP(sw, r)
	})
}

func (m *Metrics) observe(route string, status int, seconds float64) {
	if status == 0 {
		status = http.StatusOK
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[[2]string{route, strconv.Itoa(status)}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(buckets))}
		m.latency[route] = h
	}
	for i, b := range buckets {
		if seconds <= b {
			h.counts[i]++
			break
		}
	}
	h.sum += seconds
	h.n++
}

// ServeHTTP writes the metrics.
func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	m.write(w)
}

func (m *Metrics) write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintln(w, "# HELP kern_http_requests_total HTTP requests by route and status.")
	fmt.Fprintln(w, "# TYPE kern_http_requests_total counter")
	keys := make([][2]string, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int {
		if a[0] != b[0] {
			return cmpStr(a[0], b[0])
		}
		return cmpStr(a[1], b[1])
	})
	for _, k := range keys {
		fmt.Fprintf(w, "kern_http_requests_total{route=%q,status=%q} %d\n", k[0], k[1], m.requests[k])
	}
	fmt.Fprintln(w, "# HELP kern_http_request_duration_seconds Time to answer HTTP requests, by route.")
	fmt.Fprintln(w, "# TYPE kern_http_request_duration_seconds histogram")
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	slices.Sort(routes)
	for _, route := range routes {
		h := m.latency[route]
		var cum uint64
		for i, b := range buckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "kern_http_request_duration_seconds_bucket{route=%q,le=\"%g\"} %d\n", route, b, cum)
		}
		fmt.Fprintf(w, "kern_http_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", route, h.n)
		fmt.Fprintf(w, "kern_http_request_duration_seconds_sum{route=%q} %g\n", route, h.sum)
		fmt.Fprintf(w, "kern_http_request_duration_seconds_count{route=%q} %d\n", route, h.n)
	}
	names := make([]string, 0, len(m.pools))
	for n := range m.pools {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, g := range []struct{ name, help string }{
		{"kern_db_open_connections", "Open database connections."},
		{"kern_db_in_use_connections", "Database connections in use."},
		{"kern_db_idle_connections", "Idle database connections."},
		{"kern_db_wait_count_total", "Times a request waited for a database connection."},
		{"kern_db_wait_seconds_total", "Time spent waiting for database connections."},
	} {
		fmt.Fprintf(w, "# HELP %s %s\n", g.name, g.help)
		for _, n := range names {
			s := m.pools[n].Stats()
			var v float64
			switch g.name {
			case "kern_db_open_connections":
				v = float64(s.OpenConnections)
			case "kern_db_in_use_connections":
				v = float64(s.InUse)
			case "kern_db_idle_connections":
				v = float64(s.Idle)
			case "kern_db_wait_count_total":
				v = float64(s.WaitCount)
			case "kern_db_wait_seconds_total":
				v = s.WaitDuration.Seconds()
			}
			fmt.Fprintf(w, "%s{pool=%q} %g\n", g.name, n, v)
		}
	}
}

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
