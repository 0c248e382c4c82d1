package actions

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"kern/internal/db"
	"kern/internal/db/dbtest"
)

// seedPlan fills d with n actions over three years, each with one or two roles, a check-in for
// every second one, and rels ordering relations that always point forward (so no cycle).
func seedPlan(b *testing.B, d *db.DB, n, rels int) {
	b.Helper()
	ctx := context.Background()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	err := d.InTx(ctx, func(ctx context.Context, q db.Q) error {
		ids := make([]int64, n)
		for i := range n {
			s := start.AddDate(0, 0, (i*7)%900)
			due := s.AddDate(0, 0, 14+i%120)
			in := Input{Title: fmt.Sprintf("Actie %04d voor het actieplan", i), OwnerGroup: suggestedGroups[i%len(suggestedGroups)],
				Status: Statuses[i%4], StartOn: &s, DueOn: &due, Weight: float64(1 + i%3), QuickWin: i%10 == 0,
				Roles: []RoleAssignment{{Groups[i%6], "accountable"}, {Groups[(i+1)%6], "consulted"}}}
			if err := in.Validate(); err != nil {
				return err
			}
			id, err := insertAction(ctx, q, in, nil, start)
			if err != nil {
				return err
			}
			ids[i] = id
			if i%2 == 0 {
				if _, err := insertCheckIn(ctx, q, id, CheckInInput{CheckedOn: &s, Progress: i % 100, Confidence: "medium"}, "bench", 0, start); err != nil {
					return err
				}
			}
		}
		for k := range rels {
			from := (k * 7919) % (n - 1)
			to := from + 1 + (k*31)%min(40, n-1-from)
			kind := Blocks
			if k%2 == 1 {
				kind = Precedes
			}
			if _, err := q.ExecContext(ctx, `INSERT INTO action_relations (from_id, to_id, kind, lag_days, created_at)
VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, ids[from], ids[to], kind, k%10, start); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkRoadmap is the roadmap of 1,000 actions with 2,000 relations: load the plan, derive
// (overdue, blocked, critical path), lay out and render both the SVG and the JSON. Target: under
// 150 ms on SQLite.
//
//	go test ./internal/plan/actions/ -run '^$' -bench Roadmap -benchtime 20x
func BenchmarkRoadmap(b *testing.B) {
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
			seedPlan(b, d, 1000, 2000)
			s := &Service{DB: d, Now: func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }}
			ctx := context.Background()
			var months [12]string
			b.ResetTimer()
			for b.Loop() {
				board, err := loadBoard(ctx, s.DB.Reader(ctx), s.today())
				if err != nil {
					b.Fatal(err)
				}
				f := Filter{Sort: "start"}
				f.Normalize()
				rm := BuildRoadmap(board, f.Apply(board), s.today())
				svg := rm.SVG("Roadmap", months)
				js, err := json.Marshal(rm)
				if err != nil || len(rm.Rows) < 700 || len(rm.Links) < 1000 || len(svg) == 0 || len(js) == 0 {
					b.Fatalf("rows %d, links %d, err %v", len(rm.Rows), len(rm.Links), err)
				}
			}
		})
	}
}
