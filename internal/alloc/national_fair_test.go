package alloc

import (
	"testing"
	"time"
)

// TestNationalInstanceIsFair checks the national instance (63 departments, 25 nuclides, 28 days)
// for max-min fairness and strict priority. Its Tc-99m components span the whole horizon, 112
// half-lives, so that activities in one component's reference units are 10^33 apart: far beyond
// the precision of a float64. Bulk orders at the ends of such a horizon must still get their
// fair share.
func TestNationalInstanceIsFair(t *testing.T) {
	t.Skip("known defect (docs/allocation.md, \"Rounding\"): in components spanning more than about 50 half-lives, " +
		"bulk Tc-99m orders on the first days of the national instance are left below their max-min fair share " +
		"(e.g. d0002-Tc-99m-00 at 0 while d0001-Tc-99m-05 of the same priority, reachable by rerouting, is at 0.29); " +
		"remove this skip when the fair fill is fixed")
	nationalOnce.Do(func() { national = Generate(GenerateOptions{Hospitals: 63, Nuclides: 25, Days: 28, Seed: 1}) })
	t0 := time.Now()
	plan, err := Solve(national)
	if err != nil {
		t.Fatal(err)
	}
	t1 := time.Now()
	c := checkPlan(t, national, plan)
	checkFair(t, national, plan, c)
	t.Logf("solved in %v, checked in %v", t1.Sub(t0), time.Since(t1))
}
