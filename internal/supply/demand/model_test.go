package demand_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"kern"
	"kern/internal/nuclide"
	"kern/internal/supply/demand"
	"kern/internal/web"
)

func fieldsOf(err error) string {
	if e := kern.AsError(err); e != nil && e.Code == kern.Invalid {
		return strings.Join(e.FieldNames(), ",")
	}
	return ""
}

// TestEffectiveTransit: the override of the pair, else the country default, else no route.
func TestEffectiveTransit(t *testing.T) {
	overrides := []demand.Route{{FacilityID: 7, OrgID: 70, TransitHours: 1.5}, {FacilityID: 8, OrgID: 70, TransitHours: 3}}
	defaults := []demand.RouteDefault{{FromCountry: "NL", ToCountry: "NL", TransitHours: 6}, {FromCountry: "NL", ToCountry: "BE", TransitHours: 8}}
	for _, tc := range []struct {
		name          string
		fc, oc        string
		facility, org int64
		want          float64
		ok            bool
	}{
		{"override of the pair", "NL", "NL", 7, 70, 1.5, true},
		{"override wins over the default", "NL", "NL", 8, 70, 3, true},
		{"another hospital: the default", "NL", "NL", 7, 71, 6, true},
		{"across the border", "NL", "BE", 9, 80, 8, true},
		{"no default for the pair of countries", "BE", "NL", 9, 70, 0, false},
		{"no default for Germany", "NL", "DE", 9, 90, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, ok := demand.EffectiveTransit(overrides, defaults, tc.fc, tc.facility, tc.org, tc.oc)
			if h != tc.want || ok != tc.ok {
				t.Errorf("got %v %v, want %v %v", h, ok, tc.want, tc.ok)
			}
		})
	}
}

// TestOrderInputValidate: every bad order names its field.
func TestOrderInputValidate(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	good := func() demand.OrderInput {
		return demand.OrderInput{OrgID: 1, ProductID: 2, Activity: 10e9, CalibrationAt: now.Add(24 * time.Hour), Priority: 2}
	}
	before := now.Add(23 * time.Hour)
	for _, tc := range []struct {
		name   string
		change func(*demand.OrderInput)
		field  string
	}{
		{"good", func(*demand.OrderInput) {}, ""},
		{"calibration in the past", func(in *demand.OrderInput) { in.CalibrationAt = now.Add(-time.Minute) }, "calibration_at"},
		{"calibration now", func(in *demand.OrderInput) { in.CalibrationAt = now }, "calibration_at"},
		{"no calibration", func(in *demand.OrderInput) { in.CalibrationAt = time.Time{} }, "calibration_at"},
		{"zero activity", func(in *demand.OrderInput) { in.Activity = 0 }, "activity"},
		{"negative activity", func(in *demand.OrderInput) { in.Activity = -1e9 }, "activity"},
		{"no product", func(in *demand.OrderInput) { in.ProductID = 0 }, "product_id"},
		{"window before calibration", func(in *demand.OrderInput) { in.WindowEnd = &before }, "window_end"},
		{"priority 0", func(in *demand.OrderInput) { in.Priority = 0 }, "priority"},
		{"priority 4", func(in *demand.OrderInput) { in.Priority = 4 }, "priority"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := good()
			tc.change(&in)
			if got := fieldsOf(in.Validate(now)); got != tc.field {
				t.Errorf("fields %q, want %q", got, tc.field)
			}
		})
	}
}

// TestStandingInputValidate: time, window, activity, priority and the period.
func TestStandingInputValidate(t *testing.T) {
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	same := start
	for _, tc := range []struct {
		name   string
		change func(*demand.StandingInput)
		field  string
	}{
		{"good", func(*demand.StandingInput) {}, ""},
		{"time 25:00", func(in *demand.StandingInput) { in.AtTime = "25:00" }, "at_time"},
		{"weekday 7", func(in *demand.StandingInput) { in.Weekday = 7 }, "weekday"},
		{"negative window", func(in *demand.StandingInput) { in.WindowHours = -1 }, "window_hours"},
		{"zero activity", func(in *demand.StandingInput) { in.Activity = 0 }, "activity"},
		{"ends when it starts", func(in *demand.StandingInput) { in.EndsOn = &same }, "ends_on"},
		{"priority 5", func(in *demand.StandingInput) { in.Priority = 5 }, "priority"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := demand.StandingInput{OrgID: 1, ProductID: 2, Weekday: 1, AtTime: "7:00", Activity: 10e9, Priority: 1, StartsOn: start}
			tc.change(&in)
			err := in.Validate()
			if got := fieldsOf(err); got != tc.field {
				t.Errorf("fields %q, want %q", got, tc.field)
			}
			if err == nil && in.AtTime != "07:00" {
				t.Errorf("time %q, want 07:00", in.AtTime)
			}
		})
	}
}

// TestSizeGeneratorByHand: one elution at the calibration instant from a column in equilibrium
// yields efficiency × b × T½(Mo)/(T½(Mo) − T½(Tc)) per becquerel of Mo-99; the need is the day's
// activity decayed back one hour (the preparation) to the elution.
func TestSizeGeneratorByHand(t *testing.T) {
	in := demand.SizingInput{CalWeekday: 1, CalTime: "07:00", Efficiency: 0.9, Procedures: []demand.GeneratorProcedure{
		{Weekday: 1, Time: "08:00", Procedure: "bone_scan", Count: 10, ActivityMBq: 500},
	}}
	res, err := demand.SizeGenerator(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	const tMo, tTc, b = 65.932, 6.0066, 0.8773
	need := 10 * 500e6 * math.Pow(2, 1/tTc)
	perBq := 0.9 * b * tMo / (tMo - tTc)
	want := need / perBq
	if math.Abs(float64(res.Size)/want-1) > 1e-6 {
		t.Errorf("size %v, want %.6g Bq by hand", res.Size, want)
	}
	if len(res.Elutions) != 1 || math.Abs(float64(res.Elutions[0].Needed)/need-1) > 1e-9 {
		t.Errorf("elutions %+v, want one needing %.6g Bq", res.Elutions, need)
	}
	if at := res.Elutions[0].At.In(web.Amsterdam); at.Weekday() != time.Monday || at.Hour() != 7 {
		t.Errorf("elution at %v, want Monday 07:00 (an hour before the first procedure)", at)
	}
	// A chosen product: the smallest nominal size that covers it.
	product := &demand.ProductChoice{ID: 9, Name: "gen", Nominal: []nuclide.Activity{21.5e9, 2.15e9, 10.75e9}}
	res, err = demand.SizeGenerator(in, product)
	if err != nil || res.Nominal != 10.75e9 {
		t.Errorf("nominal %v (%v), want 10.75 GBq for %v", res.Nominal, err, res.Size)
	}
}

// TestSizeGeneratorWeek: a week of procedures; every elution yields at least its need, the
// limiting one exactly; presets fill the activity; the size does not depend on the row order.
func TestSizeGeneratorWeek(t *testing.T) {
	rows := []demand.GeneratorProcedure{
		{Weekday: 1, Time: "08:30", Procedure: "bone_scan", Count: 6},
		{Weekday: 1, Time: "10:00", Procedure: "renography", Count: 2},
		{Weekday: 3, Time: "09:00", Procedure: "myocardial_perfusion", Count: 5},
		{Weekday: 5, Time: "08:00", Procedure: "bone_scan", Count: 4},
		{Weekday: 2, Time: "08:00", Procedure: "bone_scan", Count: 0},
	}
	res, err := demand.SizeGenerator(demand.SizingInput{CalWeekday: 1, CalTime: "06:00", Procedures: rows}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Elutions) != 3 {
		t.Fatalf("%d elutions, want 3 (Monday, Wednesday, Friday)", len(res.Elutions))
	}
	exact := false
	for _, e := range res.Elutions {
		if float64(e.Yielded) < float64(e.Needed)*(1-1e-9) {
			t.Errorf("%s: yields %v, needs %v", e.DayCode(), e.Yielded, e.Needed)
		}
		exact = exact || math.Abs(float64(e.Yielded)/float64(e.Needed)-1) < 1e-9
	}
	if !exact {
		t.Errorf("no elution is exactly met: the size is not the smallest")
	}
	reversed := append([]demand.GeneratorProcedure(nil), rows...)
	for i, j := 0, len(reversed)-1; i < j; i, j = i+1, j-1 {
		reversed[i], reversed[j] = reversed[j], reversed[i]
	}
	again, _ := demand.SizeGenerator(demand.SizingInput{CalWeekday: 1, CalTime: "06:00", Procedures: reversed}, nil)
	if again.Size != res.Size {
		t.Errorf("the row order changes the size: %v and %v", res.Size, again.Size)
	}
	for _, tc := range []struct {
		name  string
		in    demand.SizingInput
		field string
	}{
		{"no procedures", demand.SizingInput{CalTime: "06:00"}, "procedures"},
		{"efficiency above 1", demand.SizingInput{CalTime: "06:00", Efficiency: 1.5, Procedures: rows}, "efficiency"},
		{"bad time", demand.SizingInput{CalTime: "6 uur", Procedures: rows}, "calibration_time"},
	} {
		if _, err := demand.SizeGenerator(tc.in, nil); !strings.Contains(fieldsOf(err), tc.field) {
			t.Errorf("%s: %v, want a field error on %s", tc.name, err, tc.field)
		}
	}
}

// TestBuildTotals: a standing demand counts on its weekday while it runs; open orders count in
// their week; cancelled ones do not.
func TestBuildTotals(t *testing.T) {
	monday := time.Date(2026, 11, 23, 9, 0, 0, 0, web.Amsterdam)
	ends := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	standing := []demand.StandingDemand{{ProductID: 1, Nuclide: "Mo-99", Weekday: 1, Activity: 10e9,
		StartsOn: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), EndsOn: &ends}}
	orders := []demand.Order{
		{ProductID: 1, Nuclide: "Mo-99", Activity: 5e9, Status: demand.StatusOpen, CalibrationAt: monday.AddDate(0, 0, 9)},
		{ProductID: 1, Nuclide: "Mo-99", Activity: 7e9, Status: demand.StatusCancelled, CalibrationAt: monday.AddDate(0, 0, 2)},
	}
	tot := demand.BuildTotals(standing, orders, monday, 3, false)
	if len(tot.Rows) != 1 {
		t.Fatalf("rows %+v", tot.Rows)
	}
	want := []float64{10e9, 15e9, 0}
	for i, v := range tot.Rows[0].PerWeek {
		if v != want[i] {
			t.Errorf("week %d: %v, want %v", i, v, want[i])
		}
	}
}
