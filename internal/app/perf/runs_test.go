package perf_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"kern/internal/app/apptest"
	"kern/internal/app/perf"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/supply/runs"
)

// runsHospitals is the size of the national instance: at least 60 hospitals.
const runsHospitals = 63

// BenchmarkAllocationRun measures an allocation run for a national instance — the demo's chain
// and hospitals plus 63 synthetic hospitals with 13 demands a week each, four weeks — from the
// database and back: Load (facilities, feeds, schedules laid out as runs, outages, standing
// demand laid out, routes), then Execute (build, solve, summarize, store the run with its input
// and fills, audit, alerts), one run at a time.
func BenchmarkAllocationRun(b *testing.B) {
	eachDatabase(b, func(b *testing.B, d *db.DB) {
		p := apptest.Start(b, d)
		from := time.Now().UTC().Truncate(time.Hour)
		if _, err := perf.SeedAllocation(context.Background(), d, runsHospitals, from); err != nil {
			b.Fatal(err)
		}
		if d.Dialect == db.Postgres {
			d.Write.Exec(`ANALYZE`)
		}
		ctx := context.Background()
		s := p.App.Runs
		coord := &auth.Principal{User: auth.User{Role: auth.Coordinator, Email: "bench@kern.example"}}
		sit, err := s.Load(ctx, from, 28)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: %d hospitals, %d demands, %d production runs", d.Dialect, len(sit.Hospitals), len(sit.Demands), len(sit.Runs))
		b.Run("load+execute", func(b *testing.B) {
			serial(b, func() (int, string) {
				sit, err := s.Load(ctx, from, 28)
				if err == nil {
					_, err = s.Execute(ctx, coord, sit, runs.RunInput{Kind: runs.KindBaseline, Name: "bench"})
				}
				if err != nil {
					return 500, err.Error()
				}
				return http.StatusOK, ""
			})
		})
	})
}

// BenchmarkAllocationResultPage measures the result page of a national run (tiles, bottlenecks,
// supply against demand, fill per hospital, deferred doses, lot use) and a hospital's own part,
// through the whole HTTP stack, one request at a time.
func BenchmarkAllocationResultPage(b *testing.B) {
	eachDatabase(b, func(b *testing.B, d *db.DB) {
		p := apptest.Start(b, d)
		from := time.Now().UTC().Truncate(time.Hour)
		hospitals, err := perf.SeedAllocation(context.Background(), d, runsHospitals, from)
		if err != nil {
			b.Fatal(err)
		}
		coord := &auth.Principal{User: auth.User{Role: auth.Coordinator, Email: "bench@kern.example"}}
		run, err := p.App.Runs.StartBaseline(context.Background(), coord, from, 28, runs.RunInput{Name: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		id := strconv.FormatInt(run.ID, 10)
		var size int
		d.Read.QueryRow(`SELECT length(result) FROM alloc_runs WHERE id = $1`, run.ID).Scan(&size)
		b.Logf("%s: result of %d KB: %d fills, %d bottlenecks, %d deferred doses", d.Dialect, size/1024, len(run.Result.Fills),
			len(run.Result.Bottlenecks), len(run.Result.Deferred))
		cookie := sessionCookie(b, p, "coordinatie@kern.example")
		client := &http.Client{}
		b.Cleanup(client.CloseIdleConnections)
		for _, c := range []struct {
			name, path string
			cold       bool // forget the cached result before each request: a run's first read
		}{
			{"result", "/allocation/" + id, false},
			{"result-first-read", "/allocation/" + id, true},
			{"result-short-only", "/allocation/" + id + "?short=1&class=1", false},
			{"hospital", "/allocation/" + id + "/hospitals/" + strconv.FormatInt(hospitals[0], 10), false},
			{"hospital-first-read", "/allocation/" + id + "/hospitals/" + strconv.FormatInt(hospitals[0], 10), true},
			{"api", "/api/v1/runs/" + id, false},
			{"public-status", "/supply-status", false},
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
				serial(b, func() (int, string) {
					if c.cold {
						runs.ResetCache()
					}
					return get(client, req)
				})
			})
		}
	})
}
