package reports_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"testing"
	"time"

	"kern/internal/app/apptest"
	"kern/internal/app/perf"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
	"kern/internal/gov/reports"
)

// seedGovernance adds n bodies, each with eight seats (one in eight ending within six months)
// and five years of monthly meetings up to today, each with two decisions, in plain SQL.
func seedGovernance(b *testing.B, d *db.DB, n int) {
	b.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	err := d.InTx(ctx, func(ctx context.Context, q db.Q) error {
		var people []int64
		rows, err := q.QueryContext(ctx, `SELECT id FROM people ORDER BY id LIMIT 800`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			people = append(people, id)
		}
		rows.Close()
		for i := range n {
			var body int64
			if err := q.QueryRowContext(ctx, `INSERT INTO bodies (kind, name, rhythm, created_at, updated_at)
VALUES ('working_group', $1, 'monthly', $2, $2) RETURNING id`, fmt.Sprintf("Werkgroep %03d", i), now).Scan(&body); err != nil {
				return err
			}
			for k := range 8 {
				end := today.AddDate(2, k, 0)
				if k == 0 && i%8 == 0 {
					end = today.AddDate(0, 3, 0)
				}
				role := "member"
				if k == 0 {
					role = "chair"
				}
				if _, err := q.ExecContext(ctx, `INSERT INTO seats (body_id, person_id, role, term_start, term_end, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $6)`, body, people[(i*8+k)%len(people)], role, today.AddDate(-3, 0, 0), end, now); err != nil {
					return err
				}
			}
			for m := range 60 {
				at := time.Date(today.Year(), today.Month(), 10, 13, 0, 0, 0, time.UTC).AddDate(0, m-57, 0)
				var meeting int64
				if err := q.QueryRowContext(ctx, `INSERT INTO meetings (body_id, title, starts_at, ends_at, state, created_at, updated_at)
VALUES ($1, $2, $3, $4, 'closed', $5, $5) RETURNING id`, body, fmt.Sprintf("Overleg %d", m), at, at.Add(2*time.Hour), now).Scan(&meeting); err != nil {
					return err
				}
				day := time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, time.UTC)
				for k := range 2 {
					if _, err := q.ExecContext(ctx, `INSERT INTO meeting_outcomes (meeting_id, body_id, kind, text, decision_year, decision_seq,
decided_on, created_at) VALUES ($1, $2, 'decision', $3, $4, $5, $6, $7)`, meeting, body, fmt.Sprintf("Besluit %d.%d", m, k),
						at.Year(), int(at.Month())*2+k, day, now); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkQuarterlyReport renders a quarterly platform report with 100 bodies (800 seats),
// five years of monthly meetings (6,000, with 12,000 decisions) and 200 KPIs of five years of
// monthly measurements, through the whole HTTP stack: a draft (everything gathered live) and a
// published one (the snapshot). Target: under 300 ms.
//
//	go test ./internal/gov/reports/ -run '^$' -bench QuarterlyReport -benchtime 20x
func BenchmarkQuarterlyReport(b *testing.B) {
	dbs := map[string]func(testing.TB) *db.DB{"sqlite": dbtest.SQLite}
	if os.Getenv("KERN_TEST_POSTGRES") != "" {
		dbs["postgres"] = dbtest.Postgres
	}
	for _, name := range []string{"sqlite", "postgres"} {
		open, ok := dbs[name]
		if !ok {
			continue
		}
		b.Run(name, func(b *testing.B) {
			d := open(b)
			p := apptest.Start(b, d)
			start := time.Now()
			seedGovernance(b, d, 100)
			if err := perf.SeedKPIs(context.Background(), d, 200, 60); err != nil {
				b.Fatal(err)
			}
			if d.Dialect == db.Postgres {
				if _, err := d.Write.Exec(`ANALYZE`); err != nil {
					b.Fatal(err)
				}
			}
			b.Logf("%s: seeded in %v", name, time.Since(start).Round(time.Millisecond))
			ctx := context.Background()
			sys := auth.System()
			qs, _ := reports.PreviousPeriod("quarter", time.Now().UTC())
			draft, err := p.App.Reports.CreateReport(ctx, sys, reports.ReportInput{Period: "quarter", Start: qs, Scope: "platform", Intro: "Kwartaal."})
			if err != nil {
				b.Fatal(err)
			}
			pub, err := p.App.Reports.CreateReport(ctx, sys, reports.ReportInput{Period: "quarter", Start: qs, Scope: "platform", Public: true})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := p.App.Reports.PublishReport(ctx, sys, pub.ID, true); err != nil {
				b.Fatal(err)
			}
			full, _ := p.App.Reports.Report(ctx, sys, draft.ID)
			b.Logf("%s: %d KPIs, %d decisions, %d meetings ahead, %d terms ending", name, len(full.Content.KPIs),
				len(full.Content.Decisions), len(full.Content.MeetingsAhead), len(full.Content.TermsEnding))
			cookie := logIn(b, p)
			client := &http.Client{}
			b.Cleanup(client.CloseIdleConnections)
			for _, c := range []struct {
				name   string
				id     int64
				cookie bool
			}{{"draft", draft.ID, true}, {"published-public", pub.ID, false}} {
				b.Run(c.name, func(b *testing.B) {
					req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/reports/%d", p.URL, c.id), nil)
					if c.cookie {
						req.AddCookie(cookie)
					}
					get := func() int {
						res, err := client.Do(req)
						if err != nil {
							b.Fatal(err)
						}
						io.Copy(io.Discard, res.Body)
						res.Body.Close()
						return res.StatusCode
					}
					if st := get(); st != 200 {
						b.Fatalf("GET: %d", st)
					}
					all := make([]time.Duration, 0, b.N)
					b.ResetTimer()
					for range b.N {
						t := time.Now()
						if st := get(); st != 200 {
							b.Fatalf("GET: %d", st)
						}
						all = append(all, time.Since(t))
					}
					b.StopTimer()
					slices.Sort(all)
					ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
					b.ReportMetric(ms(all[len(all)/2]), "p50-ms")
					b.ReportMetric(ms(all[min(len(all)-1, len(all)*95/100)]), "p95-ms")
				})
			}
		})
	}
}

// logIn returns the session cookie of the demo coordinator.
func logIn(b *testing.B, p *apptest.Platform) *http.Cookie {
	b.Helper()
	c := p.LogIn(b, "coordinatie@kern.example")
	req, _ := http.NewRequest(http.MethodGet, p.URL+"/", nil)
	for _, ck := range c.Jar.Cookies(req.URL) {
		return ck
	}
	b.Fatal("no session cookie")
	return nil
}
