package perf_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"kern/internal/app/apptest"
	"kern/internal/app/perf"
	"kern/internal/db"
)

// BenchmarkBodyPage measures a body's page (charter, seats, warnings, which need every seat and
// when every body last met) and the list of bodies with 100 bodies and five years of monthly
// meetings, one request at a time through the whole HTTP stack.
func BenchmarkBodyPage(b *testing.B) {
	eachDatabase(b, func(b *testing.B, d *db.DB) {
		p := apptest.Start(b, d)
		start := time.Now()
		if err := perf.SeedGovernance(context.Background(), d, 100, 60); err != nil {
			b.Fatal(err)
		}
		if d.Dialect == db.Postgres {
			if _, err := d.Write.Exec(`ANALYZE`); err != nil {
				b.Fatal(err)
			}
		}
		b.Logf("%s: seeded 100 bodies with 60 meetings each in %v", d.Dialect, time.Since(start).Round(time.Millisecond))
		var id int64
		d.Read.QueryRow(`SELECT id FROM bodies WHERE name = 'Gremium 050'`).Scan(&id)
		cookie := sessionCookie(b, p, "lid@kern.example")
		client := &http.Client{}
		b.Cleanup(client.CloseIdleConnections)
		for _, c := range []struct{ name, path string }{
			{"body", "/bodies/" + strconv.FormatInt(id, 10)},
			{"bodies", "/bodies"},
			{"api", "/api/v1/bodies/" + strconv.FormatInt(id, 10)},
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
