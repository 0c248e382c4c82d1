package perf

import (
	"context"
	"fmt"
	"math"
	"time"

	"kern/internal/db"
)

// SeedKPIs adds four pillars, a goal per ten KPIs, and kpis KPIs each with a baseline five
// years ago, two targets and a measurement every month since (months of them), in one
// transaction, through plain SQL so that seeding is quick.
func SeedKPIs(ctx context.Context, d *db.DB, kpis, months int) error {
	now := time.Now().UTC()
	base := time.Date(now.Year()-months/12, now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	return d.InTx(ctx, func(ctx context.Context, q db.Q) error {
		var pillars [4]int64
		for i := range pillars {
			if err := q.QueryRowContext(ctx, `INSERT INTO pillars (position, name, description, created_at, updated_at)
VALUES ($1, $2, '', $3, $3) RETURNING id`, i+1, fmt.Sprintf("Pijler %d", i+1), now).Scan(&pillars[i]); err != nil {
				return err
			}
		}
		var goal int64
		for k := 0; k < kpis; k++ {
			if k%10 == 0 {
				if err := q.QueryRowContext(ctx, `INSERT INTO goals (pillar_id, title, statement, rationale, accountable_body, deadline, public, created_at, updated_at)
VALUES ($1, $2, 'Een doelstelling van de belastingproef met genoeg woorden.', 'Haalbaar.', 'Stuurgroep', $3, TRUE, $4, $4) RETURNING id`,
					pillars[(k/10)%4], fmt.Sprintf("Doel %d", k/10+1), now.AddDate(3, 0, 0), now).Scan(&goal); err != nil {
					return err
				}
			}
			var id int64
			if err := q.QueryRowContext(ctx, `INSERT INTO kpis (goal_id, name, definition, unit, direction, cadence, tolerance, baseline_value,
baseline_on, public, created_at, updated_at) VALUES ($1, $2, 'Belastingproef', 'stuks', $3, 'monthly', 5, 100, $4, TRUE, $5, $5) RETURNING id`,
				goal, fmt.Sprintf("KPI %03d", k+1), []string{"higher", "lower"}[k%2], base, now).Scan(&id); err != nil {
				return err
			}
			for i, t := range []struct {
				on    time.Time
				value float64
			}{{base.AddDate(3, 0, 0), 150}, {base.AddDate(6, 0, 0), 200}} {
				v := t.value
				if k%2 == 1 {
					v = 100 - float64(i+1)*25
				}
				if _, err := q.ExecContext(ctx, `INSERT INTO kpi_targets (kpi_id, target_on, value) VALUES ($1, $2, $3)`, id, t.on, v); err != nil {
					return err
				}
			}
			for m := 1; m <= months; m++ {
				on := time.Date(base.Year(), base.Month()+time.Month(m)+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
				v := 100 + float64(m)*50/36*(1+0.05*math.Sin(float64(k+m)))
				if k%2 == 1 {
					v = 100 - float64(m)*25/36
				}
				if _, err := q.ExecContext(ctx, `INSERT INTO kpi_measurements (kpi_id, measured_on, value, source, entered_by, entered_at)
VALUES ($1, $2, $3, 'proef', 'perf', $4)`, id, on, math.Round(v*10)/10, now); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
