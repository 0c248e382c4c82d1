package forecast

import (
	"math"
	"reflect"
	"testing"
)

// smallScenario has one therapy and one facility, with round numbers to check by hand.
func smallScenario() Scenario {
	v := func(x float64) Value { return Value{Value: x} }
	pv := func(x float64) *Value { return &Value{Value: x} }
	return Scenario{
		BaselineYear: 2025, EndYear: 2030,
		Products: []Product{{Name: "Lu-177", Unit: "GBq"}},
		Applications: []Application{{
			Name: "PSMA", Kind: "therapy", Count: v(1000), Product: "Lu-177", ActivityPerProcedure: v(7.4),
			Growth:    Growth{Model: "constant", Rate: &Uncertain{Value: 0.10}},
			Resources: ProcedureNeeds{RoomDays: pv(1), StaffHours: pv(6), HotlabHours: pv(2)},
		}},
		Facilities: []Facility{
			{Name: "old", Product: "Lu-177", CapacityPerWeek: v(200), WeeksPerYear: v(40), EndYear: pv(2027)},
			{Name: "new", Product: "Lu-177", CapacityPerWeek: v(100), WeeksPerYear: v(50), Share: pv(0.5), StartYear: pv(2029)},
		},
		Resources: ResourceYield{RoomDaysPerYear: v(250), StaffHoursPerYear: v(1500), HotlabHoursPerYear: v(2000)},
	}
}

func TestGapAndResources(t *testing.T) {
	res, err := Run(smallScenario(), Options{Runs: 10, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Years) != 6 || res.Years[0].Year != 2025 || res.Years[5].Year != 2030 {
		t.Fatalf("years %d from %d", len(res.Years), res.Years[0].Year)
	}
	for _, tc := range []struct {
		year     int
		capacity float64
		running  []string
	}{
		{2025, 8000, []string{"old"}}, {2027, 8000, []string{"old"}},
		{2028, 0, nil}, {2029, 2500, []string{"new"}}, {2030, 2500, []string{"new"}},
	} {
		y := res.Years[tc.year-2025]
		n := 1000 * math.Pow(1.1, float64(tc.year-2025))
		demand := n * 7.4
		p := y.Products[0]
		if !near(p.Demand.Central, demand) || !near(*p.Capacity, tc.capacity) || !near(p.Gap.Central, tc.capacity-demand) {
			t.Errorf("%d: demand %v, capacity %v, gap %v; want %v, %v, %v", tc.year, p.Demand.Central, *p.Capacity, p.Gap.Central, demand, tc.capacity, tc.capacity-demand)
		}
		if !reflect.DeepEqual(p.Operating, tc.running) {
			t.Errorf("%d: operating %v, want %v", tc.year, p.Operating, tc.running)
		}
		r := y.Resources
		if !near(r.TherapyRooms.Central, n/250) || !near(r.StaffFTE.Central, n*6/1500) || !near(r.Hotlabs.Central, n*2/2000) {
			t.Errorf("%d: rooms %v, FTE %v, hotlabs %v; want %v, %v, %v", tc.year, r.TherapyRooms.Central, r.StaffFTE.Central, r.Hotlabs.Central, n/250, n*6/1500, n*2/2000)
		}
		// Without bands every run is the central projection.
		if s := p.Demand; s.P10 != s.Central || s.P50 != s.Central || s.P90 != s.Central {
			t.Errorf("%d: no band but spread %+v", tc.year, s)
		}
	}
}

func TestTreatmentOptionsMultiplyTheApplicationsNamed(t *testing.T) {
	s := smallScenario()
	s.TreatmentOptions = &TreatmentOptions{AppliesTo: []string{"PSMA"}, Points: []PathPoint{{Year: 2025, Multiplier: Uncertain{Value: 1}}, {Year: 2030, Multiplier: Uncertain{Value: 5}}}}
	res, err := Run(s, Options{Runs: 1})
	if err != nil {
		t.Fatal(err)
	}
	got, want := res.Years[5].Applications[0].Procedures.Central, 1000*math.Pow(1.1, 5)*5
	if !near(got, want) {
		t.Errorf("2030: %v procedures, want %v", got, want)
	}
}

func TestMonteCarlo(t *testing.T) {
	def, err := Run(DefaultScenario(), Options{Runs: 2000, Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("percentiles are ordered", func(t *testing.T) {
		forEachSpread(def, func(where string, s Spread) {
			if !(s.P10 <= s.P50 && s.P50 <= s.P90) {
				t.Errorf("%s: %+v", where, s)
			}
		})
	})
	t.Run("the band widens over the years", func(t *testing.T) {
		first, last := def.Years[1].Applications[1].Procedures, def.Years[15].Applications[1].Procedures
		if !(last.P90-last.P10 > first.P90-first.P10) || !(first.P90 > first.P10) {
			t.Errorf("PET/CT spread 2026 %+v, 2040 %+v", first, last)
		}
	})
	t.Run("a seed gives the same result", func(t *testing.T) {
		again, _ := Run(DefaultScenario(), Options{Runs: 2000, Seed: 42})
		if !reflect.DeepEqual(def, again) {
			t.Error("two runs with seed 42 differ")
		}
		other, _ := Run(DefaultScenario(), Options{Runs: 2000, Seed: 43})
		if reflect.DeepEqual(def.Years[15], other.Years[15]) {
			t.Error("seeds 42 and 43 give the same percentiles")
		}
	})
	t.Run("a zero-width band gives identical percentiles", func(t *testing.T) {
		s := smallScenario()
		s.Applications[0].Growth.Rate.Band = &Band{Distribution: "uniform", Low: 0.10, High: 0.10}
		mode := 0.10
		s.Applications = append(s.Applications, s.Applications[0])
		s.Applications[1].Name = "triangular"
		s.Applications[1].Growth.Rate = &Uncertain{Value: 0.10, Band: &Band{Distribution: "triangular", Low: 0.10, Mode: &mode, High: 0.10}}
		res, err := Run(s, Options{Runs: 500, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		forEachSpread(res, func(where string, s Spread) {
			if s.P10 != s.P50 || s.P50 != s.P90 || !near(s.P50, s.Central) {
				t.Errorf("%s: %+v", where, s)
			}
		})
	})
	t.Run("the median follows the band, not the value", func(t *testing.T) {
		// Lu-177: 7 % a year, band triangular 7–43 %: the median run grows faster than the central one.
		lu := def.Years[15].Applications[2].Procedures
		if !(lu.P50 > lu.Central && lu.P10 >= lu.Central*0.999) {
			t.Errorf("Lu-177 2040 %+v", lu)
		}
	})
}

func forEachSpread(r Result, f func(where string, s Spread)) {
	for _, y := range r.Years {
		for _, a := range y.Applications {
			f(itoa(y.Year)+" "+a.Name+" procedures", a.Procedures)
			f(itoa(y.Year)+" "+a.Name+" activity", a.Activity)
		}
		for _, p := range y.Products {
			f(itoa(y.Year)+" "+p.Product+" demand", p.Demand)
			if p.Gap != nil {
				f(itoa(y.Year)+" "+p.Product+" gap", *p.Gap)
			}
		}
		f(itoa(y.Year)+" rooms", y.Resources.TherapyRooms)
		f(itoa(y.Year)+" FTE", y.Resources.StaffFTE)
		f(itoa(y.Year)+" hotlabs", y.Resources.Hotlabs)
	}
}

func TestPercentile(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	for _, tc := range []struct{ p, want float64 }{{0.1, 2}, {0.5, 6}, {0.9, 10}, {0.25, 3.5}} {
		if got := percentile(xs, tc.p); !near(got, tc.want) {
			t.Errorf("P%v = %v, want %v", tc.p*100, got, tc.want)
		}
	}
	if got := percentile([]float64{4}, 0.9); got != 4 {
		t.Errorf("one run: %v", got)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
