package alloc

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDecompositionAgreesWithProgressiveFilling: fillClass (the decomposition algorithm) gives
// every demand the fill ratio, and every patient dose the decision, that progressive filling gives
// (fillProgressive below, the algorithm fillClass replaced: one level at a time over the whole
// component, each found by Newton steps from θ = 1).
func TestDecompositionAgreesWithProgressiveFilling(t *testing.T) {
	n := 600
	if testing.Short() {
		n = 60
	}
	defer func() { fillClass = (*network).fillClass }()
	compared := 0
	for seed := 0; seed < n; seed++ {
		r := rand.New(rand.NewPCG(uint64(seed), 17))
		size := 1 + 4*(seed%3/2)
		// Every third instance has the default nuclides, Ga-68 and F-18 among them: 64 half-lives
		// of Ga-68 in three days put 10^19 between its activities in reference units, and both
		// algorithms round differently there; elsewhere they agree to 1e-7.
		tol := 1e-7
		nucs := []string{"Lu-177", "Tc-99m", "I-131", "Mo-99", "In-111"}
		if seed%3 == 0 {
			tol, nucs = 1e-4, nil
		}
		p := randomProblem(r, 2+r.IntN(12*size), 3+r.IntN(40*size), seed%2 == 0, nucs...)
		fillClass = (*network).fillClass
		fast, err := Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		fillClass = (*network).fillProgressive
		ref, err := Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		for i, d := range fast.Demands {
			e := ref.Demands[i]
			if d.Deferred != e.Deferred || math.Abs(d.FillRatio-e.FillRatio) > tol {
				t.Errorf("seed %d, %s: decomposition deferred %v at %v, progressive filling deferred %v at %v",
					seed, d.ID, d.Deferred, d.FillRatio, e.Deferred, e.FillRatio)
			}
			compared++
		}
		for i, c := range fast.Classes {
			if math.Abs(c.MinFillRatio-ref.Classes[i].MinFillRatio) > tol {
				t.Errorf("seed %d, class %d: minimum fill ratio %v, progressive filling %v", seed, c.Priority, c.MinFillRatio, ref.Classes[i].MinFillRatio)
			}
		}
	}
	t.Logf("%d demands compared", compared)
}

// fillProgressive is the fair fill fillClass replaced, kept as a reference: progressive filling
// (Megiddo 1974) with the bottleneck of each step found by the discrete Newton method on the
// parametric cut, starting at θ = 1, one maximum flow over the whole component per step.
func (n *network) fillProgressive(class, lo, hi int, record func(level)) {
	// Dinic's maxFlow does not keep the lot graph in step: rebuild it afterwards.
	n.stopLotGraph()
	defer n.startLotGraph()
	if n.levelOf == nil {
		n.levelOf = make([]float64, n.nG)
	}
	for g := lo; g < hi; g++ {
		n.levelOf[g] = math.NaN()
	}
	inner := record
	record = func(lv level) {
		for _, g := range lv.groups {
			n.levelOf[g] = lv.theta
		}
		inner(lv)
	}
	n.gLimit = hi
	active := make([]int32, 0, hi-lo)
	isActive := make([]bool, hi-lo)
	for g := lo; g < hi; g++ {
		n.target[g] = n.in[g]
		if n.vary[g] > 0 {
			active = append(active, int32(g))
			isActive[g-lo] = true
		}
	}
	for len(active) > 0 {
		theta := 1.0
		for _, g := range active {
			n.target[g] = n.fixed[g] + n.vary[g]
		}
		n.maxFlow()
		var tLots, tAct []int32
		for iter := 0; ; iter++ {
			short := false
			for _, g := range active {
				if n.grpRoom(int(g)) > 0 {
					short = true
					break
				}
			}
			if !short {
				break
			}
			n.reachable()
			tLots, tAct = tLots[:0], tAct[:0]
			// The cut's break-even ratio is (cap(T lots) − fixed(T)) / need(T active). In a maximum
			// flow every T lot is used up, by T groups only (flow to an S group would make the lot
			// reachable), so that difference is the inflow of the T-active groups. Summing that
			// instead avoids subtracting nearly equal sums of activities that span many orders of
			// magnitude in one component (a week of Ga-68 is 150 half-lives).
			got, wanted := 0.0, 0.0
			for l := 0; l < n.nL; l++ {
				if n.lotLevel[l] < 0 {
					tLots = append(tLots, int32(l))
				}
			}
			for g := lo; g < hi; g++ {
				if n.grpLevel[g] < 0 && isActive[g-lo] {
					tAct = append(tAct, int32(g))
					got += n.in[g] - n.fixed[g]
					wanted += n.vary[g]
				}
			}
			next := 0.0
			if wanted > 0 {
				next = got / wanted
			}
			if wanted == 0 || next >= theta*(1-1e-13) || iter > 60 {
				// Rounding left a residual the cut does not explain: accept what the groups hold.
				for _, g := range active {
					n.target[g] = n.in[g]
				}
				break
			}
			theta = next
			for _, g := range active {
				lim := n.fixed[g] + theta*n.vary[g]
				if n.in[g] > lim {
					n.trim(int(g), lim)
				}
				n.target[g] = lim
			}
			n.maxFlow()
		}
		if len(tAct) == 0 {
			// Every active group met its target: the class is done at these ratios.
			for _, g := range active {
				n.target[g] = n.in[g]
			}
			return
		}
		// Freeze the groups that the final flow cannot raise: those the lots with spare activity do
		// not reach. In exact arithmetic that is the last cut; in floating point the cut's
		// break-even ratio is a sum over its groups, in which a group whose activities are 10^-17
		// of the others' (a component spanning weeks of a short-lived nuclide) does not count, so
		// the last cut may hold groups that can still rise.
		n.reachable()
		var frozen []int32
		for _, g := range active { // in ascending order
			if n.grpLevel[g] < 0 {
				frozen = append(frozen, g)
			}
		}
		if len(frozen) > 0 {
			tAct = frozen
			tLots = tLots[:0]
			for l := 0; l < n.nL; l++ {
				if n.lotLevel[l] < 0 {
					tLots = append(tLots, int32(l))
				}
			}
		}
		record(level{class: class, theta: theta, lots: append([]int32(nil), tLots...), groups: append([]int32(nil), tAct...)})
		for _, g := range tAct {
			isActive[int(g)-lo] = false
			n.target[g] = n.in[g]
		}
		kept := active[:0]
		for _, g := range active {
			if isActive[int(g)-lo] {
				kept = append(kept, g)
			}
		}
		active = kept
	}
}
