package perf_test

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"kern/internal/app/apptest"
	"kern/internal/app/perf"
	"kern/internal/db"
)

// BenchmarkKPIDashboard measures the KPI dashboard page (/kpis: every KPI with its derived
// status, grouped by pillar and goal) and the KPI list of the API with 200 KPIs of five years of
// monthly measurements, one request at a time as one reader would, through the whole HTTP stack.
func BenchmarkKPIDashboard(b *testing.B) {
	eachDatabase(b, func(b *testing.B, d *db.DB) {
		p := apptest.Start(b, d)
		start := time.Now()
		if err := perf.SeedKPIs(context.Background(), d, 200, 60); err != nil {
			b.Fatal(err)
		}
		if d.Dialect == db.Postgres {
			if _, err := d.Write.Exec(`ANALYZE`); err != nil {
				b.Fatal(err)
			}
		}
		b.Logf("%s: seeded 200 KPIs with 60 measurements each in %v", d.Dialect, time.Since(start).Round(time.Millisecond))
		cookie := sessionCookie(b, p, "lid@kern.example")
		client := &http.Client{}
		b.Cleanup(client.CloseIdleConnections)
		for _, c := range []struct{ name, path string }{
			{"page", "/kpis"},
			{"api", "/api/v1/kpis"},
			{"public", "/public"},
		} {
			b.Run(c.name, func(b *testing.B) {
				req, err := http.NewRequest(http.MethodGet, p.URL+c.path, nil)
				if err != nil {
					b.Fatal(err)
				}
				req.AddCookie(cookie)
				if status, body := get(client, req); status != http.StatusOK {
					b.Fatalf("GET %s: %d: %.300s", c.path, status, body)
				}
				serial(b, func() (int, string) { return get(client, req) })
			})
		}
	})
}

// serial runs op b.N times, one at a time, and reports p50 and p95 in milliseconds.
func serial(b *testing.B, op func() (int, string)) {
	all := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t := time.Now()
		status, body := op()
		all = append(all, time.Since(t))
		if status != http.StatusOK {
			b.Fatalf("status %d: %.300s", status, body)
		}
	}
	b.StopTimer()
	slices.Sort(all)
	at := func(q float64) float64 {
		return float64(all[min(len(all)-1, int(q*float64(len(all))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
}
