package alloc

import (
	"fmt"
	"math"
	"testing"
	"time"
)

// TestFairAcrossDecadesOfDecay: one component of Tc-99m spanning two weeks (57 half-lives, so its
// activities in reference units differ by 2^57 ≈ 10^17, beyond float64 precision) with a
// bottleneck at each end: a demand on day 0 that can have 50 % and one on day 14 that can have
// 40 %. They must not be frozen together at 40 %: the day-0 demand's lot would keep activity that
// nobody else can use.
func TestFairAcrossDecadesOfDecay(t *testing.T) {
	base := time.Date(2026, 3, 2, 0, 0, 0, 0, time.FixedZone("CET", 3600))
	at := func(day int, hour float64) string {
		return base.Add(time.Duration(day)*24*time.Hour + time.Duration(hour*float64(time.Hour))).Format(time.RFC3339)
	}
	const half = 6.0066 // hours, Tc-99m
	p := Problem{
		Routes:     []Route{{From: "S", To: "H", TransitHours: 1}, {From: "S", To: "A", TransitHours: 1}, {From: "S", To: "B", TransitHours: 1}},
		ShelfLives: []ShelfLife{{Nuclide: "Tc-99m", Hours: 30}},
	}
	for k := 0; k <= 14; k++ {
		act := 50e9
		switch k {
		case 0:
			act = 20e9
		case 14:
			act = 40e9
		}
		p.Lots = append(p.Lots, Lot{ID: fmt.Sprintf("L%02d", k), Nuclide: "Tc-99m", ActivityBq: act, AvailableAt: at(k, 6), Site: "S"})
		if k > 0 {
			// A small order that lot k−1 (26 h old) and lot k can both serve links the days.
			p.Demands = append(p.Demands, Demand{ID: fmt.Sprintf("C%02d", k), Hospital: "H", Nuclide: "Tc-99m", ActivityBq: 1e9,
				CalibrationAt: at(k, 8), Priority: 1, Divisible: true})
		}
	}
	need0 := 20e9 * math.Pow(2, -2/half) / 0.5  // lot 0 at 08:00 covers half
	need14 := 40e9 * math.Pow(2, -7/half) / 0.4 // lot 14 at 13:00 covers 40 %
	p.Demands = append(p.Demands,
		Demand{ID: "D00", Hospital: "A", Nuclide: "Tc-99m", ActivityBq: math.Round(need0), CalibrationAt: at(0, 8), Priority: 1, Divisible: true},
		Demand{ID: "D14", Hospital: "B", Nuclide: "Tc-99m", ActivityBq: math.Round(need14), CalibrationAt: at(14, 13), Priority: 1, Divisible: true})
	plan, err := Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	c := checkPlan(t, p, plan)
	checkFair(t, p, plan, c)
	got := map[string]float64{}
	for _, d := range plan.Demands {
		got[d.ID] = d.FillRatio
	}
	if math.Abs(got["D00"]-0.5) > 1e-6 || math.Abs(got["D14"]-0.4) > 1e-6 {
		t.Errorf("D00 at %v, D14 at %v; want 0.5 and 0.4", got["D00"], got["D14"])
	}
	for k := 1; k <= 14; k++ {
		if r := got[fmt.Sprintf("C%02d", k)]; math.Abs(r-1) > 1e-9 {
			t.Errorf("C%02d at %v, want 1", k, r)
		}
	}
}
