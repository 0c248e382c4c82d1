package perf

import (
	"context"
	"fmt"
	"time"

	"kern/internal/db"
)

// SeedAllocation adds a national isotope chain for the allocation benchmarks: a producer
// ("Synthetisch Isotopen") with a reactor feeding a processor (Mo-99/Tc-99m generators, I-131
// capsules), a radiopharmacy (Lu-177 patient doses), three cyclotrons (F-18 bulk) and a Ga-68
// generator maker, their daily schedules, an unplanned two-week outage of the reactor from day 10,
// and hospitals "Synthetisch Ziekenhuis (isotopen) 001"… each with a standing weekly demand:
// Mo-99 generators on Monday and Thursday (class 2), two Lu-177 doses on Tuesday and two on
// Wednesday (class 1, patient doses), F-18 every weekday (class 2), an I-131 capsule on Wednesday
// (class 1) and Ga-68 on Tuesday (class 3). That is 13 demands per hospital per week. from is
// the first day of the horizon the benchmark runs. It returns the ids of the hospitals.
func SeedAllocation(ctx context.Context, d *db.DB, hospitals int, from time.Time) ([]int64, error) {
	var ids []int64
	err := d.InTx(ctx, func(ctx context.Context, q db.Q) error {
		id := func(query string, args ...any) (int64, error) {
			var x int64
			err := q.QueryRowContext(ctx, query+" RETURNING id", args...).Scan(&x)
			if err != nil {
				return 0, fmt.Errorf("%.60s: %w", query, err)
			}
			return x, nil
		}
		exec := func(query string, args ...any) error {
			_, err := q.ExecContext(ctx, query, args...)
			if err != nil {
				return fmt.Errorf("%.60s: %w", query, err)
			}
			return nil
		}
		now := base
		producer, err := id(`INSERT INTO organizations (kind, stakeholder_group, name, country, created_at, updated_at)
VALUES ('producer', 'isotope_production', 'Synthetisch Isotopen', 'NL', $1, $1)`, now)
		if err != nil {
			return err
		}
		facility := func(kind, name string) (int64, error) {
			return id(`INSERT INTO facilities (org_id, kind, name, site, country, created_at, updated_at) VALUES ($1, $2, $3, 'Synthetisch', 'NL', $4, $4)`,
				producer, kind, name, now)
		}
		product := func(f int64, name, nuc, form string, shelf float64) (int64, error) {
			return id(`INSERT INTO products (facility_id, name, nuclide, form, shelf_life_hours, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`,
				f, name, nuc, form, shelf, now)
		}
		schedule := func(f, p int64, activity float64, weekdays int) error {
			return exec(`INSERT INTO facility_schedules (facility_id, product_id, starts_on, on_days, off_days, activity_bq, run_weekdays, created_at, updated_at)
VALUES ($1, $2, $3, 1, 0, $4, $5, $6, $6)`, f, p, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), activity, weekdays, now)
		}
		n := float64(hospitals)
		reactor, err := facility("research_reactor", "Synthetisch reactor")
		if err != nil {
			return err
		}
		targets, err := product(reactor, "Synthetisch bestraalde targets", "Mo-99", "bulk_solution", 48)
		if err != nil {
			return err
		}
		if err := schedule(reactor, targets, 5e14, 0); err != nil {
			return err
		}
		processor, err := facility("processor", "Synthetisch verwerking")
		if err != nil {
			return err
		}
		mo99, err := product(processor, "Synthetisch Mo-99/Tc-99m-generator", "Mo-99", "generator", 336)
		if err != nil {
			return err
		}
		i131, err := product(processor, "Synthetisch I-131 capsule", "I-131", "capsule", 336)
		if err != nil {
			return err
		}
		pharmacy, err := facility("radiopharmacy", "Synthetisch radiofarmacie")
		if err != nil {
			return err
		}
		lu177, err := product(pharmacy, "Synthetisch Lu-177 dose", "Lu-177", "patient_dose", 120)
		if err != nil {
			return err
		}
		gallium, err := facility("generator_maker", "Synthetisch Ga-68")
		if err != nil {
			return err
		}
		ga68, err := product(gallium, "Synthetisch Ga-68 eluaat", "Ga-68", "bulk_solution", 4)
		if err != nil {
			return err
		}
		weekdays := 0b0111110
		for _, s := range []struct {
			f, p     int64
			activity float64
			days     int
		}{
			{processor, mo99, n * 9e9, weekdays}, {processor, i131, n * 0.8 * 3.7e9, 0b0001000},
			{pharmacy, lu177, n * 2 * 7.4e9 * 1.3, 0b0000110}, {gallium, ga68, n * 2e9, 0b0000100},
		} {
			if err := schedule(s.f, s.p, s.activity, s.days); err != nil {
				return err
			}
		}
		if err := exec(`INSERT INTO facility_feeds (facility_id, upstream_id, share) VALUES ($1, $2, 0.6)`, processor, reactor); err != nil {
			return err
		}
		var f18 []int64
		for i := 0; i < 3; i++ {
			c, err := facility("cyclotron", fmt.Sprintf("Synthetisch cyclotron %d", i+1))
			if err != nil {
				return err
			}
			p, err := product(c, fmt.Sprintf("Synthetisch FDG %d", i+1), "F-18", "bulk_solution", 12)
			if err != nil {
				return err
			}
			if err := schedule(c, p, n/3*40e9, weekdays); err != nil {
				return err
			}
			f18 = append(f18, p)
		}
		start := from.UTC()
		if err := exec(`INSERT INTO outages (facility_id, starts_at, ends_at, reduction_pct, planned, reason, created_at, updated_at)
VALUES ($1, $2, $3, 100, FALSE, 'Synthetisch: storing', $4, $4)`, reactor, start.AddDate(0, 0, 10), start.AddDate(0, 0, 24), now); err != nil {
			return err
		}
		if err := exec(`INSERT INTO route_defaults (from_country, to_country, transit_hours, created_at, updated_at) VALUES ('NL', 'NL', 3, $1, $1)
ON CONFLICT (from_country, to_country) DO NOTHING`, now); err != nil {
			return err
		}
		type standing struct {
			product  int64
			weekday  int
			at       string
			bq       float64
			priority int
			div      bool
			count    int
		}
		for h := 0; h < hospitals; h++ {
			org, err := id(`INSERT INTO organizations (kind, stakeholder_group, name, city, country, created_at, updated_at)
VALUES ('hospital', 'care_providers', $1, 'Synthetisch', 'NL', $2, $2)`, fmt.Sprintf("Synthetisch Ziekenhuis (isotopen) %03d", h+1), now)
			if err != nil {
				return err
			}
			ids = append(ids, org)
			list := []standing{
				{mo99, 1, "07:00", 20e9, 2, true, 1}, {mo99, 4, "07:00", 10e9, 2, true, 1},
				{lu177, 2, "10:00", 7.4e9, 1, false, 2}, {lu177, 3, "10:00", 7.4e9, 1, false, 2},
				{i131, 3, "11:00", 3.7e9, 1, false, 1}, {ga68, 2, "09:00", 1.5e9, 3, true, 1},
			}
			for wd := 1; wd <= 5; wd++ {
				list = append(list, standing{f18[h%3], wd, "08:00", 35e9, 2, true, 1})
			}
			for _, s := range list {
				for k := 0; k < s.count; k++ {
					if err := exec(`INSERT INTO standing_demands (org_id, product_id, weekday, at_time, activity_bq, priority, divisible,
  window_hours, starts_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9, $9)`,
						org, s.product, s.weekday, s.at, s.bq, s.priority, s.div, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), now); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	return ids, err
}
