package scenarios_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
	"kern/internal/supply/runs"
	"kern/internal/supply/scenarios"
	"kern/internal/web"
)

// smallChain stores a baseline run of a small situation: a Mo-99 product at Petten with a run
// every day, two hospitals (one in Groningen, one in Leuven) each asking for a divisible bulk
// order and a patient dose every day, from a week's lead-in before the horizon (as runs.Load reads
// it). It returns the hospitals' ids and the baseline run's id.
func smallChain(t *testing.T, d *db.DB, rs *runs.Service, petten, product int64) (umcg, leuven, baseline int64) {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	org := func(name, city, country string) int64 {
		var id int64
		if err := d.Write.QueryRowContext(ctx, `INSERT INTO organizations (kind, stakeholder_group, name, city, country, created_at, updated_at)
VALUES ('hospital', 'care_providers', $1, $2, $3, $4, $4) RETURNING id`, name, city, country, now).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	umcg, leuven = org("UMCG test", "Groningen", "NL"), org("UZ Leuven test", "Leuven", "BE")
	sit := runs.Situation{StartsAt: t0, LeadIn: t0.AddDate(0, 0, -runs.LeadInDays), Days: 14,
		Facilities: []runs.Facility{{ID: petten, Name: "HFR test", Site: "Petten", Country: "NL"}},
		Products:   []runs.Product{{ID: product, FacilityID: petten, Name: "Mo-99 targets", Nuclide: "Mo-99", Form: "bulk_solution", ShelfLifeHours: 66}},
		Hospitals:  []runs.Hospital{{OrgID: umcg, Name: "UMCG test", City: "Groningen", Country: "NL"}, {OrgID: leuven, Name: "UZ Leuven test", City: "Leuven", Country: "BE"}},
		Routes:     []runs.Route{{FacilityID: petten, OrgID: umcg, TransitHours: 3}, {FacilityID: petten, OrgID: leuven, TransitHours: 5}},
	}
	for day := -runs.LeadInDays; day < 14; day++ {
		at := t0.AddDate(0, 0, day)
		sit.Runs = append(sit.Runs, runs.Run{ProductID: product, At: at, ActivityBq: 400e9})
		for _, h := range []int64{umcg, leuven} {
			cal := at.Add(8 * time.Hour)
			sit.Demands = append(sit.Demands,
				runs.Demand{Key: keyOf("b", h, day), OrgID: h, ProductID: product, ActivityBq: 100e9, CalibrationAt: cal, Priority: 2, Divisible: true},
				runs.Demand{Key: keyOf("d", h, day), OrgID: h, ProductID: product, ActivityBq: 20e9, CalibrationAt: cal, Priority: 1})
		}
	}
	run, err := rs.Execute(ctx, coordinator, sit, runs.RunInput{Kind: runs.KindBaseline, Name: "baseline test", Policy: runs.Policy{Kind: runs.PolicyStrict}})
	if err != nil {
		t.Fatal(err)
	}
	return umcg, leuven, run.ID
}

func keyOf(kind string, org int64, day int) string {
	return kind + string(rune('a'+org%26)) + time.Date(2026, 1, day+1, 0, 0, 0, 0, time.UTC).Format("02")
}

// TestRunAndCompare: a scenario runs on its baseline's stored situation with its changes; the
// comparison shows the shortage it causes and is cut to what the reader may see; running again
// replaces the scenario's run and keeps the earlier one; the baseline's situation is untouched.
func TestRunAndCompare(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		petten, _, product, _ := fixture(t, d)
		rs := &runs.Service{DB: d}
		umcg, _, base := smallChain(t, d, rs, petten, product)
		s := &scenarios.Service{DB: d, Runs: rs}
		sc, err := s.Create(ctx, coordinator, scenarios.Input{Name: "Petten out", BaselineRunID: base,
			Changes: []scenarios.Change{{Kind: "outage", Site: "Petten", StartsAt: at(2), EndsAt: at(9), ReductionPct: 100},
				{Kind: "demand", Nuclide: "Mo-99", Region: "NL-GR", Factor: f64(1.5)}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Run(ctx, member, sc.ID); kern.ErrorCode(err) != kern.Forbidden {
			t.Errorf("a member runs a scenario: %v", err)
		}
		ran, err := s.Run(ctx, coordinator, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ran.RunID == nil || ran.BaselineRunID == nil || *ran.BaselineRunID != base {
			t.Fatalf("after the run: run %v, baseline %v", ran.RunID, ran.BaselineRunID)
		}
		c, err := s.Compare(ctx, coordinator, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		// The horizon's fourteen days from its start: the lead-in is not in the comparison.
		if !c.Ran || len(c.Nuclides) != 1 || c.Nuclides[0].Nuclide != "Mo-99" || len(c.Nuclides[0].Days) != 14 ||
			c.Nuclides[0].Days[0].Date != t0.In(web.Amsterdam).Format("2006-01-02") {
			t.Fatalf("comparison: ran %v, nuclides %+v", c.Ran, c.Nuclides)
		}
		// The deferred doses are the runs' own: every patient dose not served whole, in the horizon.
		baseRes, err := rs.ResultOf(ctx, base)
		if err != nil {
			t.Fatal(err)
		}
		scenRes, err := rs.ResultOf(ctx, *ran.RunID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Totals.BaselineDeferred != baseRes.DeferredDoses || c.Totals.ScenarioDeferred != scenRes.DeferredDoses ||
			len(c.Deferred) != scenRes.DeferredDoses || c.Totals.ScenarioDeferred <= c.Totals.BaselineDeferred {
			t.Errorf("deferred doses %d → %d (%d listed), runs say %d → %d; want more in the scenario", c.Totals.BaselineDeferred,
				c.Totals.ScenarioDeferred, len(c.Deferred), baseRes.DeferredDoses, scenRes.DeferredDoses)
		}
		classDeferred, hospitalDeferred := 0, 0
		for _, k := range c.Classes {
			classDeferred += k.ScenarioDeferred
		}
		for _, h := range c.Hospitals {
			hospitalDeferred += h.ScenarioDeferred
		}
		if classDeferred != c.Totals.ScenarioDeferred || hospitalDeferred != c.Totals.ScenarioDeferred {
			t.Errorf("deferred doses: %d by class, %d by hospital, %d in all", classDeferred, hospitalDeferred, c.Totals.ScenarioDeferred)
		}
		noSupply := 0
		for _, x := range c.Deferred {
			if x.At.Before(t0) || !strings.HasPrefix(x.Key, "d") {
				t.Errorf("deferred dose %+v: want a patient dose of the horizon", x)
			}
			if x.NoSupply {
				noSupply++
			}
		}
		// Petten out from day 2 to 9: after the last lot before it has decayed past its shelf
		// life, no lot reaches the doses at all.
		if noSupply == 0 {
			t.Errorf("no deferred dose beyond any supply with Petten out for a week")
		}
		if c.Nuclides[0].ShortDays == 0 || c.Totals.ScenarioHospitalsShort <= c.Totals.BaselineHospitalsShort {
			t.Errorf("Petten out for a week: %d short days, hospitals short %d → %d", c.Nuclides[0].ShortDays,
				c.Totals.BaselineHospitalsShort, c.Totals.ScenarioHospitalsShort)
		}
		day3 := c.Nuclides[0].Days[3]
		if day3.ScenarioSupplyBq != 0 || day3.BaselineSupplyBq == 0 {
			t.Errorf("day 3: supply %g in the baseline, %g in the scenario; want none in the scenario", day3.BaselineSupplyBq, day3.ScenarioSupplyBq)
		}
		var umcgRow *scenarios.ScenarioHospitalFill
		for i, h := range c.Hospitals {
			if h.OrgID == umcg {
				umcgRow = &c.Hospitals[i]
			}
		}
		if umcgRow == nil || umcgRow.ScenarioRequested < 1.49*umcgRow.BaselineRequested || umcgRow.Diff() >= 0 {
			t.Errorf("UMCG's row %+v: want 50 %% more demand and a lower fill", umcgRow)
		}
		if len(c.Hospitals) != 2 || c.Hospitals[0].ScenarioFill > c.Hospitals[1].ScenarioFill {
			t.Errorf("hospital rows not worst first: %+v", c.Hospitals)
		}
		if len(c.Bottlenecks) == 0 {
			t.Errorf("no bottleneck explanation for the coordinator")
		}

		// What others see.
		hospitalUser := &auth.Principal{User: auth.User{Email: "h@umcg", Role: auth.Member}, OrgRoles: map[int64]auth.OrgRole{umcg: auth.OrgMember}}
		own, err := s.Compare(ctx, hospitalUser, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(own.Hospitals) != 1 || own.Hospitals[0].OrgID != umcg || len(own.Bottlenecks) != 0 || own.Totals != c.Totals {
			t.Errorf("the hospital user sees %d rows, %d bottlenecks", len(own.Hospitals), len(own.Bottlenecks))
		}
		for _, x := range own.Deferred {
			if x.OrgID != umcg {
				t.Errorf("the hospital user sees a deferred dose of %s", x.Hospital)
			}
		}
		plain, _ := s.Compare(ctx, member, sc.ID)
		if len(plain.Hospitals) != 0 || len(plain.Deferred) != 0 || len(plain.Nuclides) != 1 {
			t.Errorf("a member sees %d rows and %d deferred doses", len(plain.Hospitals), len(plain.Deferred))
		}
		if _, err := s.Compare(ctx, nil, sc.ID); kern.ErrorCode(err) != kern.Unauthorized {
			t.Errorf("anonymous: %v", err)
		}

		// Again: a new run replaces it, the old one stays; the baseline is as it was.
		again, err := s.Run(ctx, coordinator, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if *again.RunID == *ran.RunID {
			t.Errorf("running again kept run %d", *ran.RunID)
		}
		var n int
		d.Read.QueryRow(`SELECT count(*) FROM alloc_runs WHERE scenario_id = $1`, sc.ID).Scan(&n)
		if n != 2 {
			t.Errorf("%d runs of the scenario stored, want 2", n)
		}
		b, err := rs.Run(ctx, coordinator, base)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range b.Situation.Outages {
			if o.Scenario {
				t.Errorf("the baseline's stored situation has the scenario's outage")
			}
		}
		if err := s.Delete(ctx, coordinator, sc.ID); err != nil {
			t.Fatal(err)
		}
		d.Read.QueryRow(`SELECT count(*) FROM alloc_runs WHERE scenario_id = $1`, sc.ID).Scan(&n)
		if n != 0 {
			t.Errorf("%d runs left after deleting the scenario", n)
		}
	})
}
