package alloc

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestSolveRefusesBadInput(t *testing.T) {
	for _, tc := range []struct {
		name       string
		edit       func(p *Problem)
		field, val string
	}{
		{"unknown nuclide", func(p *Problem) { p.Demands[0].Nuclide = "Xx-1" }, "demands[0].nuclide", `"Xx-1"`},
		{"unknown nuclide of a lot", func(p *Problem) { p.Lots[1].Nuclide = "Lu177x" }, "lots[1].nuclide", `"Lu177x"`},
		{"negative activity", func(p *Problem) { p.Lots[0].ActivityBq = -1 }, "lots[0].activity_bq", "-1"},
		{"zero activity", func(p *Problem) { p.Demands[2].ActivityBq = 0 }, "demands[2].activity_bq", "0"},
		{"malformed instant", func(p *Problem) { p.Demands[1].CalibrationAt = "2026-03-02 12:00" }, "demands[1].calibration_at", `"2026-03-02 12:00"`},
		{"instant without offset", func(p *Problem) { p.Lots[0].AvailableAt = "2026-03-02T06:00:00" }, "lots[0].available_at", `"2026-03-02T06:00:00"`},
		{"duplicate lot id", func(p *Problem) { p.Lots[1].ID = p.Lots[0].ID }, "lots[1].id", `"NRG-0301"`},
		{"duplicate demand id", func(p *Problem) { p.Demands[3].ID = "amc-1" }, "demands[3].id", `"amc-1"`},
		{"priority zero", func(p *Problem) { p.Demands[0].Priority = 0 }, "demands[0].priority", "0"},
		{"window before calibration", func(p *Problem) { p.Demands[0].WindowEnd = "2026-03-01T12:00:00+01:00" }, "demands[0].window_end", `"2026-03-01T12:00:00+01:00"`},
		{"negative transit", func(p *Problem) { p.Routes[0].TransitHours = -2 }, "routes[0].transit_hours", "-2"},
		{"duplicate route", func(p *Problem) { p.Routes = append(p.Routes, p.Routes[0]) }, "routes[5]", `"Petten → Amsterdam UMC"`},
		{"zero shelf life", func(p *Problem) { p.ShelfLives = []ShelfLife{{Nuclide: "Lu-177", Hours: 0}} }, "shelf_lives[0].hours", "0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := exampleProblem()
			tc.edit(&p)
			_, err := Solve(p)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Solve = %v, want an *InputError", err)
			}
			if ie.Field != tc.field || ie.Value != tc.val {
				t.Errorf("error names %s = %s, want %s = %s (%v)", ie.Field, ie.Value, tc.field, tc.val, err)
			}
		})
	}
}

func TestDecodeProblemNamesTheField(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"lots":[{"id":"a","activity_bq":"7 GBq"}]}`, "lots.activity_bq"},
		{`{"lots":[],"demands":[{"id":"d","activity":5}]}`, "activity"},
		{`{"lots":[]} {}`, "data after"},
		{`[1,2]`, "problem"},
	} {
		_, err := DecodeProblem([]byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("DecodeProblem(%s) = %v, want an error naming %q", tc.in, err, tc.want)
		}
	}
}

func TestUnreachableHospitalIsAWarning(t *testing.T) {
	p := exampleProblem()
	p.Demands = append(p.Demands, Demand{ID: "ziekenhuis-x", Hospital: "Nowhere", Nuclide: "Lu-177", ActivityBq: 1e9, CalibrationAt: "2026-03-02T12:00:00+01:00", Priority: 1})
	plan, err := Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Warnings) != 1 || plan.Warnings[0].Demand != "ziekenhuis-x" {
		t.Fatalf("warnings = %+v, want one for ziekenhuis-x", plan.Warnings)
	}
	d := plan.Demands[len(plan.Demands)-1]
	if d.FilledBq != 0 || d.Reason == "" || plan.Classes[0].Unreachable != 1 || plan.Classes[0].MinFillRatio != 0 {
		t.Errorf("unreachable demand: %+v, class %+v", d, plan.Classes[0])
	}
}

func TestStrictPriority(t *testing.T) {
	// One lot, enough for the priority-1 dose only if the priority-2 bulk order gets nothing.
	p := Problem{
		Lots: []Lot{{ID: "L", Nuclide: "Tc-99m", ActivityBq: 10e9, AvailableAt: "2026-03-02T06:00:00+01:00", Site: "Petten"}},
		Demands: []Demand{
			{ID: "bulk", Hospital: "A", Nuclide: "Tc-99m", ActivityBq: 50e9, CalibrationAt: "2026-03-02T08:00:00+01:00", Priority: 2, Divisible: true},
			{ID: "dose", Hospital: "B", Nuclide: "Tc-99m", ActivityBq: 6e9, CalibrationAt: "2026-03-02T08:00:00+01:00", Priority: 1},
		},
		Routes: []Route{{From: "Petten", To: "A", TransitHours: 1}, {From: "Petten", To: "B", TransitHours: 1}},
	}
	plan, err := Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	dose, bulk := plan.Demands[1], plan.Demands[0]
	if dose.FillRatio != 1 {
		t.Errorf("priority-1 dose filled to %v, want 1", dose.FillRatio)
	}
	// 10 GBq at 06:00 is 10·2^(−2/6.0066) GBq at 08:00; the dose takes 6 of it.
	want := 10e9*math.Pow(2, -2/6.0066) - 6e9
	if math.Abs(bulk.FilledBq-want) > 1e-6*want {
		t.Errorf("bulk gets %v Bq, want the rest %v Bq", bulk.FilledBq, want)
	}
}

func TestDeferralRule(t *testing.T) {
	// Three indivisible 4 GBq doses at one hospital, 10 GBq on arrival: two are served, and the
	// one deferred is the latest; a divisible order of the same class takes what is left.
	p := Problem{
		Lots: []Lot{{ID: "L", Nuclide: "Lu-177", ActivityBq: 10e9, AvailableAt: "2026-03-02T12:00:00+01:00", Site: "H"}},
		Demands: []Demand{
			{ID: "late", Hospital: "H", Nuclide: "Lu-177", ActivityBq: 4e9, CalibrationAt: "2026-03-02T12:00:00+01:00", Priority: 1},
			{ID: "early", Hospital: "H", Nuclide: "Lu-177", ActivityBq: 4e9, CalibrationAt: "2026-03-02T12:00:00+01:00", Priority: 1},
			{ID: "earliest", Hospital: "H", Nuclide: "Lu-177", ActivityBq: 4e9, CalibrationAt: "2026-03-02T12:00:00+01:00", Priority: 1},
			{ID: "vial", Hospital: "H", Nuclide: "Lu-177", ActivityBq: 4e9, CalibrationAt: "2026-03-02T12:00:00+01:00", Priority: 1, Divisible: true},
		},
	}
	plan, err := Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]DemandPlan{}
	for _, d := range plan.Demands {
		got[d.ID] = d
	}
	// Equal instants and doses: input order decides, so "late" (first) and "early" are served.
	if !got["earliest"].Deferred || got["late"].Deferred || got["early"].Deferred {
		t.Errorf("deferred: late %v, early %v, earliest %v; want only the last in input order",
			got["late"].Deferred, got["early"].Deferred, got["earliest"].Deferred)
	}
	if v := got["vial"]; math.Abs(v.FillRatio-0.5) > 1e-9 {
		t.Errorf("vial filled to %v, want 0.5 (the 2 GBq left of 10)", v.FillRatio)
	}
	if !strings.Contains(got["earliest"].Reason, "deferred") || plan.Classes[0].Deferred != 1 {
		t.Errorf("deferral not reported: %+v", got["earliest"])
	}
}

func TestWindowMovesADemandLater(t *testing.T) {
	p := Problem{
		Lots: []Lot{{ID: "L", Nuclide: "F-18", ActivityBq: 100e9, AvailableAt: "2026-03-02T09:00:00+01:00", Site: "Cyclotron"}},
		Demands: []Demand{{ID: "pet", Hospital: "H", Nuclide: "F-18", ActivityBq: 5e9, CalibrationAt: "2026-03-02T08:00:00+01:00",
			Priority: 1, WindowEnd: "2026-03-02T12:00:00+01:00"}},
		Routes: []Route{{From: "Cyclotron", To: "H", TransitHours: 1.5}},
	}
	plan, err := Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	d := plan.Demands[0]
	if !d.Moved || d.CalibrationAt != "2026-03-02T10:30:00+01:00" || d.FillRatio != 1 {
		t.Errorf("got %+v, want moved to 10:30 and filled", d)
	}
}
