package meetings_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"kern/internal/app/apptest"
	"kern/internal/db"
	"kern/internal/db/dbtest"
)

// seedMeetings adds bodies monthly bodies, each with years of monthly meetings (minutes and two
// agenda items for those that have passed) around today.
func seedMeetings(b *testing.B, d *db.DB, bodies, years int) []int64 {
	b.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	var ids []int64
	err := d.InTx(ctx, func(ctx context.Context, q db.Q) error {
		for i := range bodies {
			var id int64
			if err := q.QueryRowContext(ctx, `INSERT INTO bodies (kind, name, rhythm, search_text, created_at, updated_at)
VALUES ('committee', $1, 'monthly', '', $2, $2) RETURNING id`, fmt.Sprintf("Benchmarkcommissie %03d", i), now).Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
			start := time.Date(now.Year()-years+1, 1, 10+i%15, 13, 0, 0, 0, time.UTC)
			for k := range 12 * years {
				at := start.AddDate(0, k, 0)
				var m int64
				if err := q.QueryRowContext(ctx, `INSERT INTO meetings (body_id, title, starts_at, ends_at, location, video_url, state,
search_text, created_at, updated_at) VALUES ($1, $2, $3, $4, 'Utrecht', 'https://meet.kern.example/x', $5, '', $6, $6) RETURNING id`,
					id, fmt.Sprintf("Commissievergadering %d", k+1), at, at.Add(2*time.Hour), map[bool]string{true: "closed", false: "open"}[at.Before(now)],
					now).Scan(&m); err != nil {
					return err
				}
				if at.Before(now) {
					if _, err := q.ExecContext(ctx, `INSERT INTO meeting_minutes (meeting_id, version, text, author, created_at, updated_at)
VALUES ($1, 1, '# Verslag', 'bench', $2, $2)`, m, now); err != nil {
						return err
					}
					for j := range 2 {
						if _, err := q.ExecContext(ctx, `INSERT INTO agenda_items (meeting_id, position, title, created_at, updated_at)
VALUES ($1, $2, 'Agendapunt', $3, $3)`, m, j+1, now); err != nil {
							return err
						}
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if d.Dialect == db.Postgres {
		if _, err := d.Write.Exec(`ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
	return ids
}

// BenchmarkBodyMeetings measures, with 100 bodies of five years of monthly meetings (6,000
// meetings), a body's meetings page, its iCalendar feed and the body's own page (whose "not met"
// warning reads when each body last met), one request at a time through the whole HTTP stack.
// Target: p95 under 50 ms.
//
//	go test ./internal/gov/meetings/ -run '^$' -bench BodyMeetings -benchtime 200x
func BenchmarkBodyMeetings(b *testing.B) {
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
			ids := seedMeetings(b, d, 100, 5)
			c := p.LogIn(b, "lid@kern.example")
			body := ids[len(ids)/2]
			for _, tc := range []struct{ name, path, want string }{
				{"page", fmt.Sprintf("/bodies/%d/meetings", body), "Commissievergadering"},
				{"ics", fmt.Sprintf("/bodies/%d/meetings.ics", body), "BEGIN:VEVENT"},
				{"body", fmt.Sprintf("/bodies/%d", body), "Benchmarkcommissie"},
			} {
				b.Run(tc.name, func(b *testing.B) {
					get := func() (int, string) {
						res, err := c.Get(p.URL + tc.path)
						if err != nil {
							b.Fatal(err)
						}
						defer res.Body.Close()
						s, _ := io.ReadAll(res.Body)
						return res.StatusCode, string(s)
					}
					if st, s := get(); st != 200 || !strings.Contains(s, tc.want) {
						b.Fatalf("GET %s: %d %.300s", tc.path, st, s)
					}
					all := make([]time.Duration, 0, b.N)
					b.ResetTimer()
					for range b.N {
						t := time.Now()
						if st, _ := get(); st != 200 {
							b.Fatalf("status %d", st)
						}
						all = append(all, time.Since(t))
					}
					b.StopTimer()
					slices.Sort(all)
					at := func(q float64) float64 {
						return float64(all[min(len(all)-1, int(q*float64(len(all))))].Microseconds()) / 1000
					}
					b.ReportMetric(at(0.50), "p50-ms")
					b.ReportMetric(at(0.95), "p95-ms")
				})
			}
		})
	}
}
