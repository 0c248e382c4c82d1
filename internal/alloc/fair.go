package alloc

// level is one step of progressive filling: the active groups of a class that cannot rise above
// fill ratio theta, and the lots — all used up — that hold them there (the sink side of a minimum
// cut, Ford and Fulkerson 1956).
type level struct {
	class  int
	theta  float64
	lots   []int32 // local lot indices
	groups []int32 // local group indices
}

// fillClass computes the lexicographically max-min fair fill ratios of the groups [lo, hi) of one
// class, with the flows of earlier classes (groups < lo) held at their amounts but free to reroute.
// A group's target is fixed + θ·vary: fixed is the need of its patient doses already locked to be
// served whole, vary the need of the rest, whose fill ratio θ is shared fairly.
// It is progressive filling (Megiddo 1974; the lexicographically optimal base of a polymatroid,
// Fujishige 1980) with the bottleneck of each step found by the discrete Newton method on the
// parametric cut: at ratio θ the demand is feasible iff every closed set T of groups with the lots
// that reach them satisfies cap(T lots) ≥ fixed(T) + θ·need(T active). Starting at θ = 1, a max flow
// either meets every target or yields a violated cut, whose own break-even θ' < θ is the next
// guess; when θ' is met, the groups behind that cut are frozen at θ'. Every level with θ < 1
// exhausts at least one lot, so a class takes at most (lots + 1) levels.
func (n *network) fillClass(class, lo, hi int, record func(level)) {
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
