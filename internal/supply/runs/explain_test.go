package runs

import (
	"testing"
	"time"

	"kern/internal/alloc"
	"kern/internal/web/i18n"
)

// leadInShort is a situation whose lead-in (the week before the start) is short of Mo-99 for a
// class-2 hospital, while the horizon has enough Mo-99 and is short only of class-1 Lu-177
// patient doses, which the engine defers after its fair fill.
func leadInShort() Situation {
	start := t0.AddDate(0, 0, 7)
	s := Situation{StartsAt: start, LeadIn: t0, Days: 3,
		Facilities: []Facility{{ID: 2, Name: "Curium"}, {ID: 4, Name: "ITM"}},
		Products: []Product{{ID: 21, FacilityID: 2, Name: "generator", Nuclide: "Mo-99", Form: "generator", ShelfLifeHours: 200},
			{ID: 41, FacilityID: 4, Name: "Lu-177 dose", Nuclide: "Lu-177", Form: "patient_dose", ShelfLifeHours: 72}},
		Hospitals: []Hospital{{OrgID: 10, Name: "Radboudumc"}, {OrgID: 11, Name: "UMCG"}},
		Routes: []Route{{FacilityID: 2, OrgID: 10, TransitHours: 3}, {FacilityID: 2, OrgID: 11, TransitHours: 3},
			{FacilityID: 4, OrgID: 10, TransitHours: 4}, {FacilityID: 4, OrgID: 11, TransitHours: 4}},
	}
	// The lead-in: 10 GBq of Mo-99 for 20 GBq asked in class 2.
	s.Runs = append(s.Runs, Run{ProductID: 21, At: t0, ActivityBq: 10e9})
	s.Demands = append(s.Demands, Demand{Key: "s1-lead", OrgID: 11, ProductID: 21, ActivityBq: 20e9, CalibrationAt: t0.Add(6 * time.Hour), Priority: 2, Divisible: true})
	// The horizon: plenty of Mo-99; one Lu-177 lot of 10 GBq for three 7.4 GBq class-1 doses.
	s.Runs = append(s.Runs, Run{ProductID: 21, At: start, ActivityBq: 100e9}, Run{ProductID: 41, At: start, ActivityBq: 10e9})
	s.Demands = append(s.Demands,
		Demand{Key: "s1-h", OrgID: 11, ProductID: 21, ActivityBq: 5e9, CalibrationAt: start.Add(6 * time.Hour), Priority: 2, Divisible: true},
		Demand{Key: "o1", OrgID: 10, ProductID: 41, ActivityBq: 4e9, CalibrationAt: start.Add(8 * time.Hour), Priority: 1},
		Demand{Key: "o2", OrgID: 11, ProductID: 41, ActivityBq: 4e9, CalibrationAt: start.Add(8 * time.Hour), Priority: 1},
		Demand{Key: "o3", OrgID: 11, ProductID: 41, ActivityBq: 4e9, CalibrationAt: start.Add(9 * time.Hour), Priority: 1},
		// No route from anywhere holding Lu-177 reaches hospital 12: no supply.
		Demand{Key: "o4", OrgID: 12, ProductID: 41, ActivityBq: 4e9, CalibrationAt: start.Add(9 * time.Hour), Priority: 1})
	s.Hospitals = append(s.Hospitals, Hospital{OrgID: 12, Name: "Isala"})
	return s
}

// TestBottlenecksOfTheHorizon: a bottleneck of the lead-in's demand alone is left out, and the
// deferred doses of the horizon are explained per nuclide and class with the lots that reach them.
func TestBottlenecksOfTheHorizon(t *testing.T) {
	s := leadInShort()
	p, err := Build(s, Policy{Kind: PolicyStrict})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := alloc.Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	leadIn := false
	for _, b := range plan.Bottlenecks {
		if b.Nuclide == "Mo-99" {
			leadIn = true
		}
	}
	if !leadIn {
		t.Fatalf("the engine reports no Mo-99 bottleneck of the lead-in: %+v", plan.Bottlenecks)
	}
	res := Summarize(s, Policy{Kind: PolicyStrict}, plan)
	if len(res.Bottlenecks) != 1 {
		t.Fatalf("bottlenecks = %+v, want only the Lu-177 doses", res.Bottlenecks)
	}
	b := res.Bottlenecks[0]
	if b.Kind != BottleneckDeferred || b.Nuclide != "Lu-177" || b.Priority != 1 || b.Demands != res.DeferredDoses ||
		b.NoSupply != 1 || len(b.Hospitals) != 2 {
		t.Errorf("bottleneck = %+v; deferred %d", b, res.DeferredDoses)
	}
	if len(b.Lots) != 1 || b.Lots[0].Facility != "ITM" {
		t.Errorf("lots = %+v", b.Lots)
	}
	kinds := map[string]string{}
	for _, d := range res.Deferred {
		kinds[d.Key] = d.Kind
	}
	if kinds["o4"] != ReasonNoRoute {
		t.Errorf("kinds = %v", kinds)
	}
	for k, kind := range kinds {
		if k != "o4" && kind != ReasonDeferred {
			t.Errorf("%s: kind %s, want deferred", k, kind)
		}
	}
	for _, d := range res.Deferred {
		if d.Kind == ReasonDeferred && !(d.FairPct > 0 && d.FairPct < 100) {
			t.Errorf("%s: fair share %g", d.Key, d.FairPct)
		}
	}
	// The outcomes a hospital reads say the same.
	for _, o := range outcomes(s, newIndex(s), plan) {
		if o.Deferred && o.Kind != kinds[o.Key] {
			t.Errorf("outcome %s: kind %q, want %q", o.Key, o.Kind, kinds[o.Key])
		}
	}
}

func TestReasonKinds(t *testing.T) {
	start := t0
	s := Situation{StartsAt: start, Days: 2,
		Facilities: []Facility{{ID: 4, Name: "ITM"}},
		Products:   []Product{{ID: 41, FacilityID: 4, Name: "dose", Nuclide: "Lu-177", Form: "patient_dose", ShelfLifeHours: 24}},
		Routes:     []Route{{FacilityID: 4, OrgID: 10, TransitHours: 4}},
		Runs:       []Run{{ProductID: 41, At: start.Add(10 * time.Hour), ActivityBq: 10e9}},
		Demands:    []Demand{{Key: "o1", OrgID: 10, ProductID: 41, ActivityBq: 1e9, CalibrationAt: start.Add(20 * time.Hour), Priority: 1}},
	}
	x := newIndex(s)
	r := newReach(s, x)
	tests := []struct {
		name string
		d    Demand
		want string
	}{
		{"no route", Demand{OrgID: 11, CalibrationAt: start.Add(20 * time.Hour)}, ReasonNoRoute},
		{"made too late", Demand{OrgID: 10, CalibrationAt: start.Add(12 * time.Hour)}, ReasonTooLate},
		{"past shelf life", Demand{OrgID: 10, CalibrationAt: start.Add(40 * time.Hour)}, ReasonShelfLife},
		{"reachable", Demand{OrgID: 10, CalibrationAt: start.Add(20 * time.Hour)}, ReasonUnreachable},
	}
	for _, tc := range tests {
		if got, _ := r.kind("Lu-177", tc.d); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
	if k, f := classify("deferred: … (a fair share would have filled it to 74.6%); …", false, r, "Lu-177", Demand{}); k != ReasonDeferred || f != 74.6 {
		t.Errorf("classify = %s %g", k, f)
	}
}

func TestFormatInLanguage(t *testing.T) {
	nl, en := fmtOf(i18n.NL), fmtOf(i18n.EN)
	tests := []struct {
		f    Fmt
		bq   float64
		want string
	}{
		{nl, 2e9, "2 GBq"}, {nl, 5.969e12, "5,97 TBq"}, {en, 5.969e12, "5.97 TBq"}, {nl, 740e6, "740 MBq"},
		{nl, 999.7e9, "1 TBq"}, {nl, 7.4e9, "7,4 GBq"}, {nl, 0, "0 Bq"}, {en, 12.345e9, "12.3 GBq"},
	}
	for _, tc := range tests {
		if got := tc.f.Bq(tc.bq); got != tc.want {
			t.Errorf("Bq(%g) in %s = %q, want %q", tc.bq, tc.f.Lang, got, tc.want)
		}
	}
	if got := nl.Pct(0.921); got != "92,1 %" {
		t.Errorf("Pct = %q", got)
	}
	if got := en.Pct(0.921); got != "92.1 %" {
		t.Errorf("Pct = %q", got)
	}
	pol := Texts{Fmt: nl, t: func(k string, a ...any) string {
		if k == "runs.policy.floor_text" {
			return "bodem " + a[0].(string) + ", " + a[1].(string) + " per week"
		}
		return k
	}}.Policy(Policy{Kind: PolicyFloor, FloorPct: 30, FloorWeeklyBq: 2e9, Nuclides: []string{"Mo-99"}})
	if pol != "bodem 30 %, 2 GBq per week (Mo-99)" {
		t.Errorf("policy = %q", pol)
	}
}
