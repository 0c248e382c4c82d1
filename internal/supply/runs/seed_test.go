package runs_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"kern/internal/auth"
	"kern/internal/db"
)

// world is a seeded national chain: a reactor feeding a processor that makes Mo-99 generators,
// a radiopharmacy making Lu-177 doses, and hospitals with standing demand.
type world struct {
	now                       time.Time
	producer                  int64
	reactor, processor, pharm int64
	mo99, lu177, targets      int64
	hospitals                 []int64
	standing                  []int64
	users                     []int64 // one user with a role in each hospital
}

func exec(t testing.TB, d *db.DB, query string, args ...any) {
	t.Helper()
	if _, err := d.Write.ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func insertID(t testing.TB, d *db.DB, query string, args ...any) int64 {
	t.Helper()
	var id int64
	if err := d.Write.QueryRowContext(context.Background(), query+" RETURNING id", args...).Scan(&id); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return id
}

// seed builds the chain with n hospitals; each hospital wants moPerWeek of Mo-99 generators (two
// demands a week, class 2, divisible) and one Lu-177 patient dose of 7.4 GBq a week (class 1).
// The processor makes mo99Run every weekday; the pharmacy 40 GBq of Lu-177 on Mondays.
func seed(t testing.TB, d *db.DB, n int, mo99Run float64) world {
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) // a Monday, 01:00 Amsterdam
	w := world{now: now}
	w.producer = insertID(t, d, `INSERT INTO organizations (kind, stakeholder_group, name, country, created_at, updated_at)
VALUES ('producer', 'isotope_production', 'NRG', 'NL', $1, $1)`, now)
	fac := func(kind, name string) int64 {
		return insertID(t, d, `INSERT INTO facilities (org_id, kind, name, site, country, created_at, updated_at)
VALUES ($1, $2, $3, 'Petten', 'NL', $4, $4)`, w.producer, kind, name, now)
	}
	w.reactor, w.processor, w.pharm = fac("research_reactor", "HFR"), fac("processor", "Curium Petten"), fac("radiopharmacy", "Pharm")
	prod := func(f int64, name, nuc, form string, shelf float64) int64 {
		return insertID(t, d, `INSERT INTO products (facility_id, name, nuclide, form, shelf_life_hours, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $6)`, f, name, nuc, form, shelf, now)
	}
	w.targets = prod(w.reactor, "Irradiated targets", "Mo-99", "bulk_solution", 48)
	w.mo99 = prod(w.processor, "Mo-99 generator", "Mo-99", "generator", 336)
	w.lu177 = prod(w.pharm, "Lu-177 dose", "Lu-177", "patient_dose", 96)
	sched := func(f, p int64, activity float64, weekdays int) {
		exec(t, d, `INSERT INTO facility_schedules (facility_id, product_id, starts_on, on_days, off_days, activity_bq, run_weekdays, created_at, updated_at)
VALUES ($1, $2, $3, 1, 0, $4, $5, $6, $6)`, f, p, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), activity, weekdays, now)
	}
	sched(w.reactor, w.targets, 1e13, 0)
	sched(w.processor, w.mo99, mo99Run, 0b0111110)
	sched(w.pharm, w.lu177, 40e9, 0b0000010)
	exec(t, d, `INSERT INTO facility_feeds (facility_id, upstream_id, share) VALUES ($1, $2, 0.5)`, w.processor, w.reactor)
	exec(t, d, `INSERT INTO route_defaults (from_country, to_country, transit_hours, created_at, updated_at) VALUES ('NL', 'NL', 3, $1, $1)`, now)
	for i := 0; i < n; i++ {
		h := insertID(t, d, `INSERT INTO organizations (kind, stakeholder_group, name, city, country, created_at, updated_at)
VALUES ('hospital', 'care_providers', $1, 'Utrecht', 'NL', $2, $2)`, fmt.Sprintf("Hospital %03d", i), now)
		w.hospitals = append(w.hospitals, h)
		for _, wd := range []int{1, 4} { // Monday and Thursday
			w.standing = append(w.standing, insertID(t, d, `INSERT INTO standing_demands (org_id, product_id, weekday, at_time, activity_bq, priority, divisible,
  window_hours, starts_on, created_at, updated_at) VALUES ($1, $2, $3, '12:00', 20e9, 2, TRUE, 0, $4, $5, $5)`, h, w.mo99, wd,
				time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), now))
		}
		exec(t, d, `INSERT INTO standing_demands (org_id, product_id, weekday, at_time, activity_bq, priority, divisible, window_hours,
  starts_on, created_at, updated_at) VALUES ($1, $2, 2, '10:00', 7.4e9, 1, FALSE, 0, $3, $4, $4)`, h, w.lu177,
			time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), now)
		u := insertID(t, d, `INSERT INTO users (email, name, role, created_at, updated_at) VALUES ($1, $2, 'member', $3, $3)`,
			fmt.Sprintf("user%d@h.example", i), fmt.Sprintf("User %d", i), now)
		exec(t, d, `INSERT INTO org_roles (user_id, org_id, role) VALUES ($1, $2, 'org_member')`, u, h)
		w.users = append(w.users, u)
	}
	return w
}

var coordinator = &auth.Principal{User: auth.User{ID: 0, Role: auth.Coordinator, Email: "coordinatie@kern.example"}}
