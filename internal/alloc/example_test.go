package alloc

import (
	"encoding/json"
	"fmt"
)

// The worked example of docs/allocation.md: two Lu-177 lots, three hospitals, a shortage.
func exampleProblem() Problem {
	return Problem{
		Lots: []Lot{
			{ID: "NRG-0301", Nuclide: "Lu-177", ActivityBq: 40e9, AvailableAt: "2026-03-02T06:00:00+01:00", Site: "Petten"},
			{ID: "ITM-0301", Nuclide: "Lu-177", ActivityBq: 15e9, AvailableAt: "2026-03-02T04:00:00+01:00", Site: "Garching"},
		},
		Demands: []Demand{
			{ID: "amc-1", Hospital: "Amsterdam UMC", Nuclide: "Lu-177", ActivityBq: 7.4e9, CalibrationAt: "2026-03-02T12:00:00+01:00", Priority: 1},
			{ID: "amc-2", Hospital: "Amsterdam UMC", Nuclide: "Lu-177", ActivityBq: 7.4e9, CalibrationAt: "2026-03-02T12:00:00+01:00", Priority: 1},
			{ID: "umcg-1", Hospital: "UMCG", Nuclide: "Lu-177", ActivityBq: 7.4e9, CalibrationAt: "2026-03-02T12:00:00+01:00", Priority: 1},
			{ID: "mumc-bulk", Hospital: "Maastricht UMC+", Nuclide: "Lu-177", ActivityBq: 30e9, CalibrationAt: "2026-03-02T14:00:00+01:00", Priority: 2, Divisible: true},
			{ID: "umcg-bulk", Hospital: "UMCG", Nuclide: "Lu-177", ActivityBq: 20e9, CalibrationAt: "2026-03-02T14:00:00+01:00", Priority: 2, Divisible: true},
		},
		Routes: []Route{
			{From: "Petten", To: "Amsterdam UMC", TransitHours: 1.5},
			{From: "Petten", To: "UMCG", TransitHours: 3},
			{From: "Petten", To: "Maastricht UMC+", TransitHours: 4},
			{From: "Garching", To: "Maastricht UMC+", TransitHours: 7},
			{From: "Garching", To: "Amsterdam UMC", TransitHours: 9},
		},
	}
}

func ExampleSolve() {
	plan, err := Solve(exampleProblem())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range plan.Demands {
		fmt.Printf("%-9s priority %d  %5.1f%%", d.ID, d.Priority, 100*d.FillRatio)
		for _, s := range d.Sources {
			fmt.Printf("  %s dep %s %.2f GBq → %.2f GBq", s.Lot, s.DepartsAt[11:16], s.DispatchedBq/1e9, s.ArrivedBq/1e9)
		}
		fmt.Println()
	}
	for _, c := range plan.Classes {
		fmt.Printf("class %d: min %.3f, %.2f of %.2f GBq\n", c.Priority, c.MinFillRatio, c.FilledBq/1e9, c.RequestedBq/1e9)
	}
	for _, b := range plan.Bottlenecks {
		fmt.Println(b.Explanation)
	}
	out, _ := json.Marshal(plan.Lots)
	fmt.Println(string(out))
	// Output:
	// amc-1     priority 1  100.0%  NRG-0301 dep 10:30 7.45 GBq → 7.40 GBq
	// amc-2     priority 1  100.0%  NRG-0301 dep 10:30 7.45 GBq → 7.40 GBq
	// umcg-1    priority 1  100.0%  NRG-0301 dep 09:00 7.50 GBq → 7.40 GBq
	// mumc-bulk priority 2   62.0%  ITM-0301 dep 07:00 14.81 GBq → 14.36 GBq  NRG-0301 dep 10:00 4.30 GBq → 4.23 GBq
	// umcg-bulk priority 2   62.0%  NRG-0301 dep 11:00 12.56 GBq → 12.39 GBq
	// class 1: min 1.000, 22.20 of 22.20 GBq
	// class 2: min 0.620, 30.99 of 50.00 GBq
	// Priority 2 Lu-177: 2 demand(s) at Maastricht UMC+, UMCG receive 62.0% of what they asked. The lots that can reach them in time, ITM-0301, NRG-0301 (at Garching, Petten), are used up, partly by demands of a higher priority.
	// [{"id":"NRG-0301","nuclide":"Lu-177","activity_bq":40000000000,"used_bq":40000000000,"left_bq":0},{"id":"ITM-0301","nuclide":"Lu-177","activity_bq":15000000000,"used_bq":15000000000,"left_bq":0}]
}
