package alloc

// network is one component as a bipartite flow network: source → lot (capacity: the lot's activity
// at the reference instant) → group (unbounded, where the lot reaches the group's demands in time)
// → sink (capacity: the group's current target). All quantities are in reference units: activity
// decay-corrected to the component's reference instant, divided by scale.
type network struct {
	nL, nG int
	cap    []float64 // per lot
	used   []float64 // per lot: flow out
	need   []float64 // per group: the whole need
	fixed  []float64 // per group: need of doses locked to be served whole
	vary   []float64 // per group: need of the rest (need − fixed − deferred)
	target []float64 // per group: sink capacity now
	in     []float64 // per group: flow in
	gLimit int       // groups ≥ gLimit (later classes) take no part yet

	gStart []int32   // edges of group g: gStart[g] .. gStart[g+1]
	eLot   []int32   // edge → lot
	eGrp   []int32   // edge → group
	flow   []float64 // edge → flow
	eDust  []float64 // edge → the flow below which it is rounding: relEps·min(group need, lot cap)
	lStart []int32   // edges of lot l: lEdge[lStart[l] .. lStart[l+1]]
	lEdge  []int32
	lGrp   []int32 // the group of each lEdge entry (eGrp[lEdge[i]]), read without the indirection

	lotLevel, grpLevel []int32
	lotIt, grpIt       []int32 // current arcs of Dinic's maxFlow, the tests' reference
	queue              []int32

	// The part of the network maxFlowLots and reachable work on: with part ≥ 0 only the lots pLots and
	// the groups pGrps, those whose partL and partG are part (fillClass splits a class into parts
	// that no longer exchange activity); with part < 0 the whole network.
	part         int32
	partL, partG []int32
	pLots, pGrps []int32
	levelOf      []float64 // per group: the ratio of the level fillClass settled it at, NaN if none
	allLots      []int32   // 0 … nL−1
	partsSet     bool      // partL holds fillClass's parts, not the whole component (−1)
	one          [1]int32

	// Search state of augmentLots (lotPar: the lot each lot was reached from) and of augmentTo, the
	// reference search over groups that tests keep (visit stamps, the edge each node was reached by).
	seen           int32
	lotSeen        []int32
	grpSeen        []int32
	lotPar, grpPar []int32

	// carrying[l] lists the edges of lot l that may carry flow (a superset, pruned when read):
	// a flow is sparse — far fewer edges carry flow than exist — and the backward search only
	// follows edges that carry flow.
	carrying [][]int32
	listed   []bool
	lg       lotGraph
	ar       *arena // where the network's slices come from

	// Work done, for the tests' profiling hook: parts fillClass solved, the lot edges in them,
	// searches of maxFlowLots.
	nParts, nPartEdges, nPhases int
}

// addFlow changes the flow on edge e by a, listing the edge with its lot when it starts to carry.
func (n *network) addFlow(e int32, a float64) {
	n.flow[e] += a
	if a > 0 && !n.listed[e] {
		n.listed[e] = true
		l := n.eLot[e]
		n.carrying[l] = append(n.carrying[l], e)
	}
	if n.lg.on {
		n.syncEdge(e)
	}
}

// addUse changes the flow out of lot l by a.
func (n *network) addUse(l int32, a float64) {
	n.used[l] += a
	if n.lg.on {
		n.syncSpare(l)
	}
}

// relEps is the relative tolerance of every comparison in the flow: residuals smaller than this
// share of the quantity they belong to are zero. Reference units span many orders of magnitude in
// one component (a microcurie dose beside a terabecquerel lot), so no absolute epsilon would do.
const relEps = 1e-12

func (n *network) lotSpare(l int) float64 {
	r := n.cap[l] - n.used[l]
	if r <= relEps*n.cap[l] {
		return 0
	}
	return r
}

func (n *network) grpRoom(g int) float64 {
	r := n.target[g] - n.in[g]
	if r <= relEps*n.target[g] {
		return 0
	}
	return r
}

func (n *network) edgeBack(e int32) float64 {
	f := n.flow[e]
	if f <= n.eDust[e] {
		return 0
	}
	return f
}

// resetLevels unlabels (−1) the lots and groups of the current part and marks every other node
// outside (−2): the nodes of other parts and the groups of later classes, which the searches then
// never enter without a test of their own.
func (n *network) resetLevels() {
	if n.part < 0 {
		for i := range n.lotLevel {
			n.lotLevel[i] = -1
		}
		for g := range n.grpLevel {
			n.grpLevel[g] = -1
			if g >= n.gLimit {
				n.grpLevel[g] = -2
			}
		}
		return
	}
	for i := range n.lotLevel {
		n.lotLevel[i] = -2
	}
	for i := range n.grpLevel {
		n.grpLevel[i] = -2
	}
	for _, l := range n.pLots {
		n.lotLevel[l] = -1
	}
	for _, g := range n.pGrps {
		if int(g) < n.gLimit {
			n.grpLevel[g] = -1
		}
	}
}

// sourceLots queues the lots of the current part with spare activity at level 0.
func (n *network) sourceLots(q []int32) []int32 {
	if n.part < 0 {
		for l := 0; l < n.nL; l++ {
			if n.lotSpare(l) > 0 {
				n.lotLevel[l] = 0
				q = append(q, int32(l))
			}
		}
		return q
	}
	for _, l := range n.pLots {
		if n.lotSpare(int(l)) > 0 {
			n.lotLevel[l] = 0
			q = append(q, l)
		}
	}
	return q
}

// reachable marks (in lotLevel and grpLevel, ≥ 0) the nodes the source reaches in the residual
// network of the current flow: the source side S of the minimum cut.
func (n *network) reachable() {
	n.resetLevels()
	q := n.sourceLots(n.queue[:0])
	for head := 0; head < len(q); head++ {
		x := q[head]
		if x >= 0 {
			for _, g := range n.lGrp[n.lStart[x]:n.lStart[x+1]] {
				if n.grpLevel[g] == -1 {
					n.grpLevel[g] = 0
					q = append(q, ^g)
				}
			}
		} else {
			g := ^x
			for e := n.gStart[g]; e < n.gStart[g+1]; e++ {
				l := n.eLot[e]
				if n.lotLevel[l] == -1 && n.edgeBack(e) > 0 {
					n.lotLevel[l] = 0
					q = append(q, l)
				}
			}
		}
	}
	n.queue = q
}

// trim lowers the inflow of group g to at most limit, taking flow back from its last lots first.
func (n *network) trim(g int, limit float64) {
	excess := n.in[g] - limit
	for e := n.gStart[g+1] - 1; e >= n.gStart[g] && excess > 0; e-- {
		a := min(excess, n.flow[e])
		n.flow[e] -= a
		if n.lg.on {
			n.syncEdge(e)
		}
		n.addUse(n.eLot[e], -a)
		n.in[g] -= a
		excess -= a
	}
	if n.in[g] < 0 {
		n.in[g] = 0
	}
}

// pushDirect sends amount to group g from the spare activity of its own lots, if they hold enough.
func (n *network) pushDirect(g int, amount float64) bool {
	spare := 0.0
	for e := n.gStart[g]; e < n.gStart[g+1]; e++ {
		spare += n.lotSpare(int(n.eLot[e]))
	}
	if spare < amount*(1+1e-12) {
		return false
	}
	for e := n.gStart[g]; e < n.gStart[g+1] && amount > 0; e++ {
		l := n.eLot[e]
		a := min(amount, n.lotSpare(int(l)))
		n.addFlow(e, a)
		n.addUse(l, a)
		n.in[g] += a
		amount -= a
	}
	return true
}
