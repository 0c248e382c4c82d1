package scenarios_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"kern"
	"kern/internal/supply/runs"
	"kern/internal/supply/scenarios"
)

var t0 = time.Date(2026, 11, 23, 5, 0, 0, 0, time.UTC) // Monday 06:00 Amsterdam

func at(days float64) *time.Time {
	t := t0.Add(time.Duration(days * 24 * float64(time.Hour)))
	return &t
}

func f64(f float64) *float64 { return &f }

// situation is a small chain: HFR (Petten, NL) feeds Curium's processor (Petten); BR2 (Mol, BE);
// three hospitals in Amsterdam (Noord-Holland), Groningen and Leuven (BE); a week's lead-in with
// one demand of Groningen's (l).
func situation() runs.Situation {
	w := t0.Add(30 * time.Hour)
	return runs.Situation{
		StartsAt: t0, LeadIn: t0.AddDate(0, 0, -runs.LeadInDays), Days: 14,
		Facilities: []runs.Facility{
			{ID: 1, Name: "HFR", Site: "Petten", Country: "NL"},
			{ID: 2, Name: "Curium Petten", Site: "Petten", Country: "NL"},
			{ID: 3, Name: "BR2", Site: "Mol", Country: "BE"},
		},
		Feeds:    []runs.Feed{{FacilityID: 2, UpstreamID: 1, Share: 0.7}},
		Products: []runs.Product{{ID: 10, FacilityID: 2, Nuclide: "Mo-99"}, {ID: 11, FacilityID: 1, Nuclide: "Lu-177"}, {ID: 12, FacilityID: 3, Nuclide: "Mo-99"}},
		Runs:     []runs.Run{{ProductID: 10, At: t0, ActivityBq: 1e12}},
		Outages:  []runs.Outage{{FacilityID: 3, StartsAt: t0, EndsAt: t0.Add(48 * time.Hour), ReductionPct: 50, Planned: true}},
		Hospitals: []runs.Hospital{
			{OrgID: 100, Name: "Amsterdam UMC", City: "Amsterdam", Country: "NL"},
			{OrgID: 101, Name: "UMCG", City: "Groningen", Country: "NL"},
			{OrgID: 102, Name: "UZ Leuven", City: "Leuven", Country: "BE"},
		},
		Demands: []runs.Demand{
			{Key: "a", OrgID: 100, ProductID: 10, ActivityBq: 100, CalibrationAt: t0.Add(24 * time.Hour), WindowEnd: &w, Priority: 2, Divisible: true},
			{Key: "b", OrgID: 101, ProductID: 10, ActivityBq: 100, CalibrationAt: t0.Add(5 * 24 * time.Hour), Priority: 2},
			{Key: "c", OrgID: 102, ProductID: 12, ActivityBq: 100, CalibrationAt: t0.Add(24 * time.Hour), Priority: 1},
			{Key: "d", OrgID: 100, ProductID: 11, ActivityBq: 100, CalibrationAt: t0.Add(24 * time.Hour), Priority: 1},
			{Key: "l", OrgID: 101, ProductID: 10, ActivityBq: 100, CalibrationAt: t0.AddDate(0, 0, -3), Priority: 2, Divisible: true},
		},
		Routes: []runs.Route{
			{FacilityID: 2, OrgID: 100, TransitHours: 2}, {FacilityID: 2, OrgID: 101, TransitHours: 4},
			{FacilityID: 3, OrgID: 102, TransitHours: 2}, {FacilityID: 3, OrgID: 100, TransitHours: 6},
			{FacilityID: 1, OrgID: 100, TransitHours: 2},
		},
	}
}

func activities(s runs.Situation) map[string]float64 {
	out := map[string]float64{}
	for _, d := range s.Demands {
		out[d.Key] = d.ActivityBq
	}
	return out
}

func routes(s runs.Situation) map[[2]int64]float64 {
	out := map[[2]int64]float64{}
	for _, r := range s.Routes {
		out[[2]int64{r.FacilityID, r.OrgID}] = r.TransitHours
	}
	return out
}

func scenarioOutages(s runs.Situation) map[int64]int {
	out := map[int64]int{}
	for _, o := range s.Outages {
		if o.Scenario {
			out[o.FacilityID] = o.ReductionPct
		}
	}
	return out
}

func TestApply(t *testing.T) {
	all := map[string]float64{"a": 100, "b": 100, "c": 100, "d": 100, "l": 100}
	allRoutes := routes(situation())
	with := func(base map[string]float64, kv ...any) map[string]float64 {
		out := map[string]float64{}
		for k, v := range base {
			out[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			if v, ok := kv[i+1].(float64); ok {
				out[kv[i].(string)] = v
			} else {
				delete(out, kv[i].(string))
			}
		}
		return out
	}
	withRoutes := func(kv ...any) map[[2]int64]float64 {
		out := map[[2]int64]float64{}
		for k, v := range allRoutes {
			out[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			k := kv[i].([2]int64)
			if v, ok := kv[i+1].(float64); ok {
				out[k] = v
			} else {
				delete(out, k)
			}
		}
		return out
	}
	for _, tc := range []struct {
		name    string
		changes []scenarios.Change
		outages map[int64]int
		demand  map[string]float64
		routes  map[[2]int64]float64
	}{
		{"no change", nil, map[int64]int{}, all, allRoutes},
		{"outage of one facility", []scenarios.Change{{Kind: "outage", FacilityID: 3, StartsAt: at(2), EndsAt: at(16), ReductionPct: 100}},
			map[int64]int{3: 100}, all, allRoutes},
		{"outage of a whole site", []scenarios.Change{{Kind: "outage", Site: "petten", StartsAt: at(2), EndsAt: at(16), ReductionPct: 60}},
			map[int64]int{1: 60, 2: 60}, all, allRoutes},
		{"outage of a site without facilities in the situation", []scenarios.Change{{Kind: "outage", Site: "Fleurus", StartsAt: at(2), EndsAt: at(3), ReductionPct: 60}},
			map[int64]int{}, all, allRoutes},
		{"demand of a nuclide +20 %", []scenarios.Change{{Kind: "demand", Nuclide: "mo99", Factor: f64(1.2)}},
			map[int64]int{}, with(all, "a", 120.0, "b", 120.0, "c", 120.0, "l", 120.0), allRoutes},
		{"demand of a product halved", []scenarios.Change{{Kind: "demand", ProductID: 11, Factor: f64(0.5)}},
			map[int64]int{}, with(all, "d", 50.0), allRoutes},
		{"demand of a nuclide in a country", []scenarios.Change{{Kind: "demand", Nuclide: "Mo-99", Region: "be", Factor: f64(2)}},
			map[int64]int{}, with(all, "c", 200.0), allRoutes},
		{"demand of a nuclide in a province", []scenarios.Change{{Kind: "demand", Nuclide: "Mo-99", Region: "NL-GR", Factor: f64(2)}},
			map[int64]int{}, with(all, "b", 200.0, "l", 200.0), allRoutes},
		{"demand in a period", []scenarios.Change{{Kind: "demand", Nuclide: "Mo-99", StartsAt: at(3), EndsAt: at(7), Factor: f64(3)}},
			map[int64]int{}, with(all, "b", 300.0), allRoutes},
		{"demand in the lead-in", []scenarios.Change{{Kind: "demand", Nuclide: "Mo-99", StartsAt: at(-7), EndsAt: at(0), Factor: f64(3)}},
			map[int64]int{}, with(all, "l", 300.0), allRoutes},
		{"factor 0 removes the demand", []scenarios.Change{{Kind: "demand", ProductID: 10, Factor: f64(0)}},
			map[int64]int{}, with(all, "a", nil, "b", nil, "l", nil), allRoutes},
		{"two demand changes multiply", []scenarios.Change{{Kind: "demand", ProductID: 10, Factor: f64(2)}, {Kind: "demand", Nuclide: "Mo-99", Factor: f64(1.5)}},
			map[int64]int{}, with(all, "a", 300.0, "b", 300.0, "c", 150.0, "l", 300.0), allRoutes},
		{"transport from a site takes longer", []scenarios.Change{{Kind: "transport", Site: "Petten", StartsAt: at(1), EndsAt: at(3), ExtraHours: 12}},
			map[int64]int{}, all, withRoutes([2]int64{2, 100}, 14.0, [2]int64{2, 101}, 16.0, [2]int64{1, 100}, 14.0)},
		{"transport from a country to a province closed", []scenarios.Change{{Kind: "transport", Country: "be", Region: "NL-NH", StartsAt: at(1), EndsAt: at(3), Closed: true}},
			map[int64]int{}, all, withRoutes([2]int64{3, 100}, nil)},
		{"transport from a facility to a country", []scenarios.Change{{Kind: "transport", FacilityID: 3, Region: "BE", StartsAt: at(1), EndsAt: at(3), ExtraHours: 5}},
			map[int64]int{}, all, withRoutes([2]int64{3, 102}, 7.0)},
		{"transport disrupted outside the horizon does nothing", []scenarios.Change{{Kind: "transport", Site: "Mol", StartsAt: at(20), EndsAt: at(25), Closed: true}},
			map[int64]int{}, all, allRoutes},
		// A route has one transit time for the whole situation: a disruption of the lead-in alone
		// would otherwise last the whole horizon.
		{"transport disrupted in the lead-in only does nothing", []scenarios.Change{{Kind: "transport", Site: "Mol", StartsAt: at(-5), EndsAt: at(-1), Closed: true}},
			map[int64]int{}, all, allRoutes},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := situation()
			before, _ := json.Marshal(in)
			got, err := scenarios.Apply(in, tc.changes)
			if err != nil {
				t.Fatal(err)
			}
			after, _ := json.Marshal(in)
			if string(before) != string(after) {
				t.Errorf("Apply changed its input")
			}
			if o := scenarioOutages(got); !reflect.DeepEqual(o, tc.outages) {
				t.Errorf("scenario outages %v, want %v", o, tc.outages)
			}
			if n := len(got.Outages) - len(scenarioOutages(got)); n != 1 {
				t.Errorf("%d published outages, want the one of the situation", n)
			}
			if a := activities(got); !reflect.DeepEqual(a, tc.demand) {
				t.Errorf("demand %v, want %v", a, tc.demand)
			}
			if r := routes(got); !reflect.DeepEqual(r, tc.routes) {
				t.Errorf("routes %v, want %v", r, tc.routes)
			}
			for _, o := range got.Outages {
				if o.Scenario && (o.Planned || !o.StartsAt.Equal(*at(2))) {
					t.Errorf("scenario outage %+v: want unplanned from day 2", o)
				}
			}
		})
	}
}

// TestApplyDoesNotShareMemory: changing the copy leaves the original alone.
func TestApplyDoesNotShareMemory(t *testing.T) {
	in := situation()
	got, err := scenarios.Apply(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	got.Demands[0].ActivityBq = 1
	*got.Demands[0].WindowEnd = time.Time{}
	got.Routes[0].TransitHours = 99
	got.Facilities[0].Name = "x"
	if in.Demands[0].ActivityBq != 100 || in.Demands[0].WindowEnd.IsZero() || in.Routes[0].TransitHours != 2 || in.Facilities[0].Name != "HFR" {
		t.Errorf("the copy shares memory with the original")
	}
}

// TestApplyRefusesBadChanges: each bad change is refused with its field named.
func TestApplyRefusesBadChanges(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change scenarios.Change
		field  string
		key    string
	}{
		{"outage ends before it starts", scenarios.Change{Kind: "outage", FacilityID: 1, StartsAt: at(3), EndsAt: at(2), ReductionPct: 100},
			"changes[1].ends_at", "scenarios.error.end_before_start"},
		{"outage ends when it starts", scenarios.Change{Kind: "outage", FacilityID: 1, StartsAt: at(3), EndsAt: at(3), ReductionPct: 100},
			"changes[1].ends_at", "scenarios.error.end_before_start"},
		{"outage without an end", scenarios.Change{Kind: "outage", FacilityID: 1, StartsAt: at(3), ReductionPct: 100},
			"changes[1].ends_at", "field.required"},
		{"outage of nothing", scenarios.Change{Kind: "outage", StartsAt: at(1), EndsAt: at(3), ReductionPct: 100},
			"changes[1].facility_id", "scenarios.error.outage_target"},
		{"reduction 0", scenarios.Change{Kind: "outage", Site: "Petten", StartsAt: at(1), EndsAt: at(3)},
			"changes[1].reduction_pct", "scenarios.error.reduction"},
		{"reduction above 100", scenarios.Change{Kind: "outage", Site: "Petten", StartsAt: at(1), EndsAt: at(3), ReductionPct: 101},
			"changes[1].reduction_pct", "scenarios.error.reduction"},
		{"factor above 10", scenarios.Change{Kind: "demand", Nuclide: "Mo-99", Factor: f64(11)},
			"changes[1].factor", "scenarios.error.factor"},
		{"negative factor", scenarios.Change{Kind: "demand", Nuclide: "Mo-99", Factor: f64(-0.1)},
			"changes[1].factor", "scenarios.error.factor"},
		{"no factor", scenarios.Change{Kind: "demand", Nuclide: "Mo-99"}, "changes[1].factor", "field.required"},
		{"unknown nuclide", scenarios.Change{Kind: "demand", Nuclide: "Xx-999", Factor: f64(1)}, "changes[1].nuclide", "scenarios.error.nuclide_unknown"},
		{"demand of nothing", scenarios.Change{Kind: "demand", Factor: f64(1)}, "changes[1].nuclide", "scenarios.error.demand_target"},
		{"unknown region", scenarios.Change{Kind: "demand", Nuclide: "Mo-99", Region: "Randstad", Factor: f64(1)},
			"changes[1].region", "scenarios.error.region_unknown"},
		{"transport without extra hours", scenarios.Change{Kind: "transport", Site: "Mol", StartsAt: at(1), EndsAt: at(2)},
			"changes[1].extra_hours", "scenarios.error.extra_hours"},
		{"transport from nowhere", scenarios.Change{Kind: "transport", ExtraHours: 3, StartsAt: at(1), EndsAt: at(2)},
			"changes[1].facility_id", "scenarios.error.transport_from"},
		{"transport without a period", scenarios.Change{Kind: "transport", Site: "Mol", Closed: true}, "changes[1].starts_at", "field.required"},
		{"unknown kind", scenarios.Change{Kind: "meteor"}, "changes[1].kind", "field.unknown_choice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			good := scenarios.Change{Kind: "demand", Nuclide: "Lu-177", Factor: f64(1.1)}
			_, err := scenarios.Apply(situation(), []scenarios.Change{good, tc.change})
			e := kern.AsError(err)
			if e == nil || e.Code != kern.Invalid || e.Fields[tc.field] != tc.key {
				t.Fatalf("got %v, want %s on %s", err, tc.key, tc.field)
			}
		})
	}
}
