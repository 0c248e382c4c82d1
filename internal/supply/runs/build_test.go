package runs

import (
	"math"
	"strings"
	"testing"
	"time"

	"kern"
	"kern/internal/alloc"
)

var t0 = time.Date(2026, 11, 23, 5, 0, 0, 0, time.UTC) // Monday 06:00 Amsterdam

// chain: reactor 1 feeds processor 2 (share 0.5); reactor 3 feeds reactor 1 (share 1) — an
// upstream of an upstream; hospital 10 is 3 h from every facility.
func chain() Situation {
	s := Situation{StartsAt: t0.Add(-5 * time.Hour), Days: 7,
		Facilities: []Facility{{ID: 1, Name: "HFR"}, {ID: 2, Name: "Curium"}, {ID: 3, Name: "BR2"}},
		Feeds:      []Feed{{FacilityID: 2, UpstreamID: 1, Share: 0.5}, {FacilityID: 1, UpstreamID: 3, Share: 1}},
		Products: []Product{{ID: 11, FacilityID: 1, Name: "targets", Nuclide: "Mo-99", Form: "bulk_solution", ShelfLifeHours: 48},
			{ID: 21, FacilityID: 2, Name: "generator", Nuclide: "Mo-99", Form: "generator", ShelfLifeHours: 200}},
		Hospitals: []Hospital{{OrgID: 10, Name: "Radboudumc"}},
		Routes:    []Route{{FacilityID: 1, OrgID: 10, TransitHours: 3}, {FacilityID: 2, OrgID: 10, TransitHours: 3}},
	}
	for d := 0; d < 3; d++ {
		s.Runs = append(s.Runs, Run{ProductID: 11, At: t0.AddDate(0, 0, d), ActivityBq: 100e9}, Run{ProductID: 21, At: t0.AddDate(0, 0, d), ActivityBq: 10e9})
	}
	s.Demands = []Demand{{Key: "o1", OrgID: 10, ProductID: 21, ActivityBq: 5e9, CalibrationAt: t0.Add(6 * time.Hour), Priority: 1, Divisible: true}}
	return s
}

func lotActivity(t *testing.T, p alloc.Problem, productID int64, at time.Time) float64 {
	t.Helper()
	id := lotID(productID, at)
	for _, l := range p.Lots {
		if l.ID == id {
			return l.ActivityBq
		}
	}
	return 0
}

// TestBuildReductions: own outages, feeds from upstream (only unplanned and scenario outages,
// transitively, cycles cut), the 100 % cap and lots reduced to nothing left out.
func TestBuildReductions(t *testing.T) {
	day := func(d int) time.Time { return t0.AddDate(0, 0, d) }
	window := func(d int) (time.Time, time.Time) { return day(d).Add(-time.Hour), day(d).Add(time.Hour) }
	out := func(f int64, d, pct int, planned, scenario bool) Outage {
		a, b := window(d)
		return Outage{FacilityID: f, StartsAt: a, EndsAt: b, ReductionPct: pct, Planned: planned, Scenario: scenario}
	}
	tests := []struct {
		name    string
		outages []Outage
		feeds   []Feed
		want    float64 // the processor's lot on day 0, of 10 GBq
	}{
		{"no outage", nil, nil, 10e9},
		{"own outage 60 %", []Outage{out(2, 0, 60, true, false)}, nil, 4e9},
		{"the largest own outage counts", []Outage{out(2, 0, 30, false, false), out(2, 0, 60, false, false)}, nil, 4e9},
		{"own outage on another day", []Outage{out(2, 1, 60, false, false)}, nil, 10e9},
		{"unplanned upstream × share", []Outage{out(1, 0, 100, false, false)}, nil, 5e9},
		{"planned upstream is already in the schedule", []Outage{out(1, 0, 100, true, false)}, nil, 10e9},
		{"a scenario's outage upstream counts", []Outage{out(1, 0, 100, true, true)}, nil, 5e9},
		{"transitive: the reactor's own upstream", []Outage{out(3, 0, 40, false, false)}, nil, 8e9},
		{"capped at 100 %: left out", []Outage{out(2, 0, 80, false, false), out(1, 0, 100, false, false)}, nil, 0},
		{"a cycle of feeds is cut", []Outage{out(1, 0, 100, false, false)},
			[]Feed{{FacilityID: 2, UpstreamID: 1, Share: 0.5}, {FacilityID: 1, UpstreamID: 2, Share: 1}}, 5e9},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := chain()
			s.Outages = tc.outages
			if tc.feeds != nil {
				s.Feeds = tc.feeds
			}
			p, err := Build(s, Policy{Kind: PolicyStrict})
			if err != nil {
				t.Fatal(err)
			}
			if got := lotActivity(t, p, 21, day(0)); math.Abs(got-tc.want) > 1 {
				t.Errorf("lot = %g, want %g", got, tc.want)
			}
			// Only products with demand become lots: the reactor's targets do not.
			for _, l := range p.Lots {
				if strings.HasPrefix(l.ID, "p11-") {
					t.Errorf("upstream product became a lot: %s", l.ID)
				}
			}
		})
	}
}

func TestBuildShape(t *testing.T) {
	p, err := Build(chain(), Policy{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Lots) != 3 || p.Lots[0].Site != "f2" || p.Demands[0].Hospital != "h10" || p.Demands[0].ID != "o1" {
		t.Fatalf("problem = %+v", p)
	}
	if len(p.Routes) != 2 || p.Routes[1].From != "f2" || p.Routes[1].To != "h10" {
		t.Errorf("routes = %+v", p.Routes)
	}
	// The longest shelf life of the nuclide's products.
	if len(p.ShelfLives) != 1 || p.ShelfLives[0].Hours != 200 {
		t.Errorf("shelf lives = %+v", p.ShelfLives)
	}
	if _, err := alloc.Solve(p); err != nil {
		t.Fatal(err)
	}
}

func TestPolicyValidation(t *testing.T) {
	tests := []struct {
		pol   Policy
		field string
	}{
		{Policy{Kind: "strict"}, ""},
		{Policy{}, ""},
		{DefaultFloor(), ""},
		{Policy{Kind: "fair"}, "policy"},
		{Policy{Kind: "floor", FloorPct: 120}, "floor_pct"},
		{Policy{Kind: "floor", FloorPct: -1}, "floor_pct"},
		{Policy{Kind: "floor", FloorPct: 30, FloorWeeklyBq: -1}, "floor_weekly_bq"},
		{Policy{Kind: "floor", FloorPct: 30, Nuclides: []string{"Xx-999"}}, "nuclides"},
	}
	for _, tc := range tests {
		_, err := Build(chain(), tc.pol)
		got := ""
		if e := kern.AsError(err); e != nil {
			got = strings.Join(e.FieldNames(), ",")
		}
		if got != tc.field {
			t.Errorf("%+v: field %q, want %q (%v)", tc.pol, got, tc.field, err)
		}
	}
}

// TestFloorPolicy: divisible Mo-99 demands are split into a floor part at priority 1 (the weekly
// floor spread in proportion) and the rest at priority + 1; other demands move to priority + 1;
// Summarize adds the parts back together.
func TestFloorPolicy(t *testing.T) {
	s := chain()
	s.Products = append(s.Products, Product{ID: 31, FacilityID: 2, Name: "Lu-177 dose", Nuclide: "Lu-177", Form: "patient_dose"})
	s.Hospitals = append(s.Hospitals, Hospital{OrgID: 20, Name: "UMCG"})
	s.Routes = append(s.Routes, Route{FacilityID: 2, OrgID: 20, TransitHours: 3})
	at := t0.Add(6 * time.Hour)
	s.Demands = []Demand{
		{Key: "a", OrgID: 10, ProductID: 21, ActivityBq: 10e9, CalibrationAt: at, Priority: 2, Divisible: true},
		{Key: "b", OrgID: 10, ProductID: 21, ActivityBq: 30e9, CalibrationAt: at.Add(24 * time.Hour), Priority: 3, Divisible: true},
		{Key: "c", OrgID: 20, ProductID: 21, ActivityBq: 1e9, CalibrationAt: at, Priority: 2, Divisible: true},
		{Key: "d", OrgID: 20, ProductID: 21, ActivityBq: 1e9, CalibrationAt: at, Priority: 1, Divisible: false},
		{Key: "e", OrgID: 20, ProductID: 31, ActivityBq: 1e9, CalibrationAt: at, Priority: 1, Divisible: true},
	}
	s.Runs = append(s.Runs, Run{ProductID: 31, At: t0, ActivityBq: 10e9})
	p, err := Build(s, DefaultFloor())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]alloc.Demand{}
	for _, d := range p.Demands {
		got[d.ID] = d
	}
	want := []struct {
		id       string
		priority int
		bq       float64
	}{
		// Radboudumc orders 40 GBq that week: floor max(30 % = 12, 2) = 12 GBq, in proportion 3 + 9.
		{"a#floor", 1, 3e9}, {"a#rest", 3, 7e9}, {"b#floor", 1, 9e9}, {"b#rest", 4, 21e9},
		// UMCG orders 1 GBq: the 2 GBq floor is more than it ordered, so all of it is floor.
		{"c#floor", 1, 1e9},
		// A patient dose and another nuclide's demand move one class down.
		{"d", 2, 1e9}, {"e", 2, 1e9},
	}
	if len(p.Demands) != len(want) {
		t.Fatalf("demands = %+v", p.Demands)
	}
	for _, w := range want {
		d, ok := got[w.id]
		if !ok || d.Priority != w.priority || math.Abs(d.ActivityBq-w.bq) > 1 {
			t.Errorf("%s = %+v, want priority %d, %g Bq", w.id, d, w.priority, w.bq)
		}
	}
	plan, err := alloc.Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	res := Summarize(s, DefaultFloor(), plan)
	var req float64
	for _, c := range res.Classes {
		req += c.RequestedBq
	}
	if math.Abs(req-43e9) > 1 || len(res.Classes) != 3 {
		t.Errorf("classes = %+v, want the original 43 GBq in classes 1-3", res.Classes)
	}
	for _, f := range res.Fills {
		if f.OrgID == 10 && f.Priority == 2 && (f.Demands != 1 || f.RequestedBq != 10e9) {
			t.Errorf("merged fill = %+v", f)
		}
	}
	// The floor is served first: Radboudumc gets at least its 12 GBq floor of the 30 GBq made.
	var filled float64
	for _, f := range res.Fills {
		if f.OrgID == 10 {
			filled += f.FilledBq
		}
	}
	if filled < 12e9*0.99 {
		t.Errorf("Radboudumc filled %g, want at least its floor", filled)
	}
}

// TestSummarize: classes, fills, supply per day, deferred doses, bottlenecks named, lot use.
func TestSummarize(t *testing.T) {
	s := chain()
	s.Products = append(s.Products, Product{ID: 31, FacilityID: 2, Name: "Lu-177 dose", Nuclide: "Lu-177", Form: "patient_dose", ShelfLifeHours: 96})
	s.Runs = append(s.Runs, Run{ProductID: 31, At: t0, ActivityBq: 10e9})
	at := t0.Add(6 * time.Hour)
	s.Demands = []Demand{
		{Key: "x1", OrgID: 10, ProductID: 31, ActivityBq: 7.4e9, CalibrationAt: at, Priority: 1},
		{Key: "x2", OrgID: 10, ProductID: 31, ActivityBq: 7.4e9, CalibrationAt: at.Add(time.Hour), Priority: 1},
		{Key: "g1", OrgID: 10, ProductID: 21, ActivityBq: 20e9, CalibrationAt: at, Priority: 2, Divisible: true},
		// Five days on, the only lot is past its shelf life: no lot reaches this dose at all.
		{Key: "x3", OrgID: 10, ProductID: 31, ActivityBq: 7.4e9, CalibrationAt: at.Add(5 * 24 * time.Hour), Priority: 1},
	}
	p, err := Build(s, Policy{})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := alloc.Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	res := Summarize(s, Policy{}, plan)
	// Both doses not served whole are deferred: x2 by the engine, x3 beyond any supply.
	if res.DeferredDoses != 2 || len(res.Deferred) != 2 || res.Deferred[0].Key != "x2" || res.Deferred[0].Hospital != "Radboudumc" ||
		res.Deferred[0].NoSupply || res.Deferred[1].Key != "x3" || !res.Deferred[1].NoSupply {
		t.Errorf("deferred = %+v", res.Deferred)
	}
	if len(res.Classes) != 2 || res.Classes[0].Deferred != 2 || res.Classes[0].MinFillRatio != 0 {
		t.Errorf("classes = %+v", res.Classes)
	}
	if res.Class1Fill > 0.51 || res.HospitalsShort != 1 || res.Hospitals != 1 {
		t.Errorf("tiles: class 1 %g, short %d of %d", res.Class1Fill, res.HospitalsShort, res.Hospitals)
	}
	if len(res.Fills) != 2 || res.Fills[0].Product != "Lu-177 dose" && res.Fills[1].Product != "Lu-177 dose" {
		t.Errorf("fills = %+v", res.Fills)
	}
	// Mo-99: the generator lot of day 0 (10 GBq) against 20 GBq asked.
	found := false
	for _, d := range res.Days {
		if d.Nuclide == "Mo-99" && d.Date == "2026-11-23" {
			found = true
			if d.SupplyBq != 10e9 || d.RequestedBq != 20e9 || d.FilledBq <= 0 || d.FilledBq > 10e9 {
				t.Errorf("Mo-99 day = %+v", d)
			}
		}
	}
	if !found {
		t.Errorf("days = %+v", res.Days)
	}
	if len(res.Bottlenecks) == 0 {
		t.Fatal("no bottleneck")
	}
	for _, b := range res.Bottlenecks {
		if strings.Contains(b.Explanation, "h10") || strings.Contains(b.Explanation, "f2") || !strings.Contains(b.Explanation, "Radboudumc") {
			t.Errorf("explanation not named: %s", b.Explanation)
		}
		if len(b.Lots) == 0 || b.Lots[0].Facility != "Curium" || b.Hospitals[0].Name != "Radboudumc" {
			t.Errorf("bottleneck = %+v", b)
		}
	}
	if len(res.LotUse) != 2 {
		t.Errorf("lot use = %+v", res.LotUse)
	}
}

// TestLeadIn: production and demand of the lead-in are in the engine's problem — last week's
// demand takes its share of last week's lot first — but the result counts only the horizon.
func TestLeadIn(t *testing.T) {
	s := chain()
	s.LeadIn, s.StartsAt = t0.AddDate(0, 0, -1), t0.Add(12*time.Hour)
	// The day-0 generator lot (10 GBq) is before the horizon; the lead-in's demand, of a higher
	// class, takes 8 GBq of it first.
	s.Runs = []Run{{ProductID: 21, At: t0, ActivityBq: 10e9}}
	s.Demands = []Demand{
		{Key: "o1", OrgID: 10, ProductID: 21, ActivityBq: 8e9, CalibrationAt: t0.Add(4 * time.Hour), Priority: 1, Divisible: true},
		{Key: "o2", OrgID: 10, ProductID: 21, ActivityBq: 8e9, CalibrationAt: t0.Add(20 * time.Hour), Priority: 2, Divisible: true},
	}
	prob, err := Build(s, Policy{Kind: PolicyStrict})
	if err != nil {
		t.Fatal(err)
	}
	if len(prob.Demands) != 2 || len(prob.Lots) != 1 {
		t.Fatalf("problem: %d demands, %d lots; want the lead-in's in it too", len(prob.Demands), len(prob.Lots))
	}
	plan, err := alloc.Solve(prob)
	if err != nil {
		t.Fatal(err)
	}
	res := Summarize(s, Policy{Kind: PolicyStrict}, plan)
	if len(res.Classes) != 1 || res.Classes[0].Priority != 2 || res.Classes[0].Demands != 1 || res.Classes[0].RequestedBq != 8e9 {
		t.Fatalf("classes %+v, want only the horizon's demand", res.Classes)
	}
	// What is left of the lot after the lead-in, decayed to o2's calibration, is well short of 8 GBq.
	if f := res.Classes[0].FilledBq; f <= 0 || f >= 2e9 {
		t.Errorf("o2 filled %v Bq, want what the lead-in left (under 2 GBq)", f)
	}
	for _, d := range res.Days {
		if d.SupplyBq > 0 {
			t.Errorf("supply on %s: the lead-in's lot counted in the horizon", d.Date)
		}
	}
	if got := weekOf(s, s.LeadIn); got != -1 {
		t.Errorf("weekOf(lead-in) = %d, want -1", got)
	}
}
