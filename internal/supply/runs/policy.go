package runs

import (
	"slices"

	"kern"
	"kern/internal/nuclide"
)

// Policies an allocation run can follow.
const (
	PolicyStrict = "strict" // the engine's default: strict priority, max-min fairness within a class
	PolicyFloor  = "floor"  // a guaranteed floor for every hospital first, fair shares of the rest
)

// Policy is how a run shares scarce supply. Strict is the engine's rule as it is. Floor gives every
// hospital a guaranteed part of its divisible demand of the named nuclides first (France, 2008:
// every centre at least 30 % of its ordered Mo-99, at least 2 GBq a week), then shares the rest
// by the engine's rule.
type Policy struct {
	Kind          string   `json:"kind"`
	FloorPct      float64  `json:"floor_pct,omitempty"`       // share of each hospital's weekly ordered activity guaranteed, 0–100
	FloorWeeklyBq float64  `json:"floor_weekly_bq,omitempty"` // at least this much a week (never more than ordered)
	Nuclides      []string `json:"nuclides,omitempty"`        // the nuclides the floor applies to; empty: all
}

// DefaultFloor is the French rule of 2008 for Mo-99.
func DefaultFloor() Policy {
	return Policy{Kind: PolicyFloor, FloorPct: 30, FloorWeeklyBq: 2e9, Nuclides: []string{"Mo-99"}}
}

// Validate checks the policy and puts its nuclide names in the table's spelling.
func (p *Policy) Validate() error {
	var v kern.Validation
	if p.Kind == "" {
		p.Kind = PolicyStrict
	}
	v.Check(p.Kind == PolicyStrict || p.Kind == PolicyFloor, "policy", "runs.policy_unknown")
	if p.Kind == PolicyFloor {
		v.Check(p.FloorPct >= 0 && p.FloorPct <= 100, "floor_pct", "runs.floor_pct_range")
		v.Check(p.FloorWeeklyBq >= 0, "floor_weekly_bq", "runs.floor_weekly_range")
		for i, n := range p.Nuclides {
			x, err := nuclide.Lookup(n)
			if v.Check(err == nil, "nuclides", "supply.nuclide_unknown") {
				p.Nuclides[i] = x.Name
			}
		}
	} else {
		p.FloorPct, p.FloorWeeklyBq, p.Nuclides = 0, 0, nil
	}
	return v.Err()
}

// floors reports whether the floor applies to a nuclide.
func (p Policy) floors(nuc string) bool {
	return p.Kind == PolicyFloor && (len(p.Nuclides) == 0 || slices.Contains(p.Nuclides, nuc))
}
