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
