package scenarios_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
	"kern/internal/supply/runs"
	"kern/internal/supply/scenarios"
)

var (
	coordinator = &auth.Principal{User: auth.User{Email: "coordinatie@kern.example", Role: auth.Coordinator}}
	member      = &auth.Principal{User: auth.User{Email: "lid@kern.example", Role: auth.Member}}
	readOnly    = &auth.Principal{User: auth.User{Email: "coordinatie@kern.example", Role: auth.Coordinator}, TokenID: 1, Scope: auth.ScopeRead}
)

// fixture adds a producer with a facility at Petten and one at Mol, a product, and a stored
// baseline run; it returns the facility ids and the run's id.
func fixture(t *testing.T, d *db.DB) (petten, mol, product, run int64) {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	exec := func(query string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := d.Write.QueryRowContext(ctx, query+" RETURNING id", args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return id
	}
	orgID := exec(`INSERT INTO organizations (kind, stakeholder_group, name, country, created_at, updated_at)
VALUES ('producer', 'isotope_production', 'NRG test', 'NL', $1, $1)`, now)
	petten = exec(`INSERT INTO facilities (org_id, kind, name, site, country, created_at, updated_at)
VALUES ($1, 'research_reactor', 'HFR test', 'Petten', 'NL', $2, $2)`, orgID, now)
	mol = exec(`INSERT INTO facilities (org_id, kind, name, site, country, created_at, updated_at)
VALUES ($1, 'research_reactor', 'BR2 test', 'Mol', 'BE', $2, $2)`, orgID, now)
	product = exec(`INSERT INTO products (facility_id, name, nuclide, form, created_at, updated_at)
VALUES ($1, 'Mo-99 targets', 'Mo-99', 'bulk_solution', $2, $2)`, petten, now)
	run = exec(`INSERT INTO alloc_runs (kind, name, starts_at, horizon_days, policy, status, problem, created_at)
VALUES ('baseline', 'baseline', $1, 28, '{"kind":"strict"}', 'done', '{}', $2)`, t0, now)
	return
}

func count(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.Read.QueryRow(`SELECT count(*) FROM supply_scenarios`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCreateUpdateDelete: a coordinator saves a scenario against the latest baseline, with its
// horizon and policy; changes it; deletes it; each step is audited.
func TestCreateUpdateDelete(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		petten, mol, _, run := fixture(t, d)
		s := &scenarios.Service{DB: d, Runs: &runs.Service{DB: d}}
		in := scenarios.Input{Name: "Petten: ongeplande uitval", Description: "twee weken",
			Changes: []scenarios.Change{{Kind: "outage", Site: "petten", StartsAt: at(2), EndsAt: at(16), ReductionPct: 100}}}
		sc, err := s.Create(ctx, coordinator, in)
		if err != nil {
			t.Fatal(err)
		}
		if sc.BaselineRunID == nil || *sc.BaselineRunID != run || sc.Days != 28 || !sc.StartsAt.Equal(t0) {
			t.Errorf("baseline %v, horizon %s + %d, want run %d from %s for 28 days", sc.BaselineRunID, sc.StartsAt, sc.Days, run, t0)
		}
		if sc.Policy.Kind != "strict" {
			t.Errorf("policy %+v, want the baseline's", sc.Policy)
		}
		if len(sc.Changes) != 1 || sc.Changes[0].Site != "Petten" || !sc.Changes[0].EndsAt.Equal(*at(16)) {
			t.Errorf("changes %+v", sc.Changes)
		}
		in.Changes = append(in.Changes, scenarios.Change{Kind: "transport", FacilityID: mol, Region: "NL-GR", Closed: true, StartsAt: at(1), EndsAt: at(3)},
			scenarios.Change{Kind: "outage", FacilityID: petten, StartsAt: at(1), EndsAt: at(2), ReductionPct: 30})
		pol := runs.Policy{Kind: "floor", FloorPct: 30}
		in.Policy = &pol
		up, err := s.Update(ctx, coordinator, sc.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if len(up.Changes) != 3 || up.Policy.Kind != "floor" || up.Policy.FloorPct != 30 {
			t.Errorf("after the update: %d changes, policy %+v", len(up.Changes), up.Policy)
		}
		list, total, err := s.Scenarios(ctx, member, scenarios.Filter{Q: "ONGEPLANDE"})
		if err != nil || total != 1 || len(list) != 1 {
			t.Errorf("search: %d (%v)", total, err)
		}
		if _, total, _ := s.Scenarios(ctx, member, scenarios.Filter{Q: "BR2"}); total != 0 {
			t.Errorf("search for a word not in it: %d", total)
		}
		if err := s.Delete(ctx, coordinator, sc.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Scenario(ctx, member, sc.ID); kern.ErrorCode(err) != kern.NotFound {
			t.Errorf("after delete: %v", err)
		}
		var audits int
		d.Read.QueryRow(`SELECT count(*) FROM audit_log WHERE entity = 'supply_scenario' AND entity_id = $1`, fmt.Sprint(sc.ID)).Scan(&audits)
		if audits != 3 {
			t.Errorf("%d audit entries, want 3", audits)
		}
	})
}

// TestBadInput: each bad scenario or caller is refused with the field named and nothing written.
func TestBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		petten, _, product, _ := fixture(t, d)
		s := &scenarios.Service{DB: d, Runs: &runs.Service{DB: d}}
		good := func() scenarios.Input {
			return scenarios.Input{Name: "x", Changes: []scenarios.Change{
				{Kind: "demand", ProductID: product, Factor: f64(1.2)},
				{Kind: "outage", FacilityID: petten, StartsAt: at(2), EndsAt: at(16), ReductionPct: 100}}}
		}
		for _, tc := range []struct {
			name  string
			who   *auth.Principal
			edit  func(*scenarios.Input)
			code  kern.Code
			field string
			key   string
		}{
			{"outage ends before it starts", coordinator, func(in *scenarios.Input) { in.Changes[1].EndsAt = at(1) },
				kern.Invalid, "changes[1].ends_at", "scenarios.error.end_before_start"},
			{"unknown facility", coordinator, func(in *scenarios.Input) { in.Changes[1].FacilityID = 99999 },
				kern.Invalid, "changes[1].facility_id", "scenarios.error.facility_unknown"},
			{"unknown site", coordinator, func(in *scenarios.Input) { in.Changes[1].FacilityID, in.Changes[1].Site = 0, "Atlantis" },
				kern.Invalid, "changes[1].site", "scenarios.error.site_unknown"},
			{"unknown product", coordinator, func(in *scenarios.Input) { in.Changes[0].ProductID = 99999 },
				kern.Invalid, "changes[0].product_id", "scenarios.error.product_unknown"},
			{"unknown country", coordinator, func(in *scenarios.Input) { in.Changes[0].Region = "ZZ" },
				kern.Invalid, "changes[0].region", "scenarios.error.region_unknown"},
			{"unknown baseline run", coordinator, func(in *scenarios.Input) { in.BaselineRunID = 99999 },
				kern.Invalid, "baseline_run_id", "scenarios.error.baseline_unknown"},
			{"policy floor above 100 %", coordinator, func(in *scenarios.Input) { in.Policy = &runs.Policy{Kind: "floor", FloorPct: 130} },
				kern.Invalid, "policy.floor_pct", "runs.floor_pct_range"},
			{"no name", coordinator, func(in *scenarios.Input) { in.Name = " " }, kern.Invalid, "name", "field.required"},
			{"a plain member", member, func(in *scenarios.Input) {}, kern.Forbidden, "", ""},
			{"a read-only token", readOnly, func(in *scenarios.Input) {}, kern.Forbidden, "", ""},
			{"not logged in", nil, func(in *scenarios.Input) {}, kern.Unauthorized, "", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				in := good()
				tc.edit(&in)
				before := count(t, d)
				_, err := s.Create(ctx, tc.who, in)
				e := kern.AsError(err)
				if e == nil || e.Code != tc.code || tc.field != "" && e.Fields[tc.field] != tc.key {
					t.Errorf("got %v, want %s %s on %s", err, tc.code, tc.key, tc.field)
				}
				if count(t, d) != before {
					t.Errorf("something was written")
				}
			})
		}
	})
}

// TestNoBaseline: without a baseline run a scenario cannot be saved; the error says so.
func TestNoBaseline(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := &scenarios.Service{DB: d, Runs: &runs.Service{DB: d}}
		_, err := s.Create(context.Background(), coordinator, scenarios.Input{Name: "x"})
		if e := kern.AsError(err); e == nil || e.Fields["baseline_run_id"] != "scenarios.error.no_baseline" {
			t.Errorf("got %v, want no_baseline", err)
		}
		if _, ok, err := s.LatestBaseline(context.Background(), member); ok || err != nil {
			t.Errorf("LatestBaseline: %v %v", ok, err)
		}
	})
}
