package alloc

import "math"

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
	lStart []int32   // edges of lot l: lEdge[lStart[l] .. lStart[l+1]]
	lEdge  []int32

	lotLevel, grpLevel []int32
	lotIt, grpIt       []int32
	queue              []int32

	// augmentTo's search state: visit stamps and the edge each node was reached by.
	seen           int32
	lotSeen        []int32
	grpSeen        []int32
	lotPar, grpPar []int32
	region         []int32 // lots the last failed augmentTo could not get past

	// Regions behind failed searches: lotRegion[l] is the newest region lot l belongs to (0 for
	// none) and regionRoom[k−1] the spare activity left in region k's lots, kept exact as flows
	// change, so that a dose behind used-up lots is refused without searching again.
	lotRegion  []int32
	regionRoom []float64

	// carrying[l] lists the edges of lot l that may carry flow (a superset, pruned when read):
	// a flow is sparse — far fewer edges carry flow than exist — and the backward search only
	// follows edges that carry flow.
	carrying [][]int32
	listed   []bool
}

// addFlow changes the flow on edge e by a, listing the edge with its lot when it starts to carry.
func (n *network) addFlow(e int32, a float64) {
	n.flow[e] += a
	if a > 0 && !n.listed[e] {
		n.listed[e] = true
		l := n.eLot[e]
		n.carrying[l] = append(n.carrying[l], e)
	}
}

// addUse changes the flow out of lot l by a and keeps its region's room exact.
func (n *network) addUse(l int32, a float64) {
	before := max(0, n.cap[l]-n.used[l])
	n.used[l] += a
	if n.lotRegion != nil {
		if k := n.lotRegion[l]; k > 0 {
			n.regionRoom[k-1] += max(0, n.cap[l]-n.used[l]) - before
		}
	}
}

// markRegion records the lots of the last failed search as a new region.
func (n *network) markRegion() {
	if n.lotRegion == nil {
		n.lotRegion = make([]int32, n.nL)
	}
	n.regionRoom = append(n.regionRoom, 0)
	k := int32(len(n.regionRoom))
	for _, l := range n.region {
		spare := max(0, n.cap[l]-n.used[l])
		if old := n.lotRegion[l]; old > 0 {
			n.regionRoom[old-1] -= spare
		}
		n.lotRegion[l] = k
		n.regionRoom[k-1] += spare
	}
}

// regionBound bounds the extra inflow group g can get when every lot of g lies in some region:
// the room of those regions (groups behind a region take flow only from its lots). It returns
// +Inf when some lot of g is in no region.
func (n *network) regionBound(g int) float64 {
	if n.lotRegion == nil {
		return math.Inf(1)
	}
	bound := 0.0
	var seen [8]int32
	ns := 0
outer:
	for e := n.gStart[g]; e < n.gStart[g+1]; e++ {
		k := n.lotRegion[n.eLot[e]]
		if k == 0 {
			return math.Inf(1)
		}
		for _, s := range seen[:ns] {
			if s == k {
				continue outer
			}
		}
		if ns == len(seen) {
			return math.Inf(1)
		}
		seen[ns] = k
		ns++
		bound += max(0, n.regionRoom[k-1])
	}
	return bound
}

// clearRegions forgets the regions (flows are about to change wholesale).
func (n *network) clearRegions() {
	n.lotRegion = nil
	n.regionRoom = n.regionRoom[:0]
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
	if f <= relEps*min(n.need[n.eGrp[e]], n.cap[n.eLot[e]]) {
		return 0
	}
	return f
}

// bfs labels the level graph from the source. It reports whether a group with room is reachable.
func (n *network) bfs() bool {
	for i := range n.lotLevel {
		n.lotLevel[i] = -1
	}
	for i := range n.grpLevel {
		n.grpLevel[i] = -1
	}
	q := n.queue[:0]
	for l := 0; l < n.nL; l++ {
		if n.lotSpare(l) > 0 {
			n.lotLevel[l] = 0
			q = append(q, int32(l))
		}
	}
	found := false
	for head := 0; head < len(q); head++ {
		x := q[head]
		if x >= 0 { // a lot
			l := x
			lv := n.lotLevel[l]
			for _, e := range n.lEdge[n.lStart[l]:n.lStart[l+1]] {
				g := n.eGrp[e]
				if int(g) >= n.gLimit || n.grpLevel[g] >= 0 {
					continue
				}
				n.grpLevel[g] = lv + 1
				if n.grpRoom(int(g)) > 0 {
					found = true
				}
				if !found {
					q = append(q, ^g)
				}
			}
		} else { // a group, encoded as ^g
			g := ^x
			lv := n.grpLevel[g]
			for e := n.gStart[g]; e < n.gStart[g+1]; e++ {
				l := n.eLot[e]
				if n.lotLevel[l] >= 0 || n.edgeBack(e) == 0 {
					continue
				}
				n.lotLevel[l] = lv + 1
				q = append(q, l)
			}
		}
	}
	n.queue = q
	return found
}

func (n *network) dfsLot(l int32, f float64) float64 {
	for ; n.lotIt[l] < n.lStart[l+1]; n.lotIt[l]++ {
		e := n.lEdge[n.lotIt[l]]
		g := n.eGrp[e]
		if int(g) >= n.gLimit || n.grpLevel[g] != n.lotLevel[l]+1 {
			continue
		}
		if a := n.dfsGroup(g, f); a > 0 {
			n.addFlow(e, a)
			return a
		}
	}
	return 0
}

func (n *network) dfsGroup(g int32, f float64) float64 {
	if r := n.grpRoom(int(g)); r > 0 {
		a := min(f, r)
		n.in[g] += a
		return a
	}
	for ; n.grpIt[g] < n.gStart[g+1]; n.grpIt[g]++ {
		e := n.grpIt[g]
		l := n.eLot[e]
		back := n.edgeBack(e)
		if back == 0 || n.lotLevel[l] != n.grpLevel[g]+1 {
			continue
		}
		if a := n.dfsLot(l, min(f, back)); a > 0 {
			n.flow[e] -= a
			return a
		}
	}
	return 0
}

// maxFlow augments the current flow to a maximum flow (Dinic 1970): the current flow stays valid
// when targets grow, so each call only adds what is new.
func (n *network) maxFlow() {
	for n.bfs() {
		for l := 0; l < n.nL; l++ {
			n.lotIt[l] = n.lStart[l]
		}
		for g := 0; g < n.nG; g++ {
			n.grpIt[g] = n.gStart[g]
		}
		for l := int32(0); int(l) < n.nL; l++ {
			if n.lotLevel[l] != 0 {
				continue
			}
			for {
				s := n.lotSpare(int(l))
				if s == 0 {
					break
				}
				a := n.dfsLot(l, s)
				if a == 0 {
					break
				}
				n.used[l] += a
			}
		}
	}
}

// reachable marks (in lotLevel and grpLevel, ≥ 0) the nodes the source reaches in the residual
// network of the current flow: the source side S of the minimum cut.
func (n *network) reachable() {
	for i := range n.lotLevel {
		n.lotLevel[i] = -1
	}
	for i := range n.grpLevel {
		n.grpLevel[i] = -1
	}
	q := n.queue[:0]
	for l := 0; l < n.nL; l++ {
		if n.lotSpare(l) > 0 {
			n.lotLevel[l] = 0
			q = append(q, int32(l))
		}
	}
	for head := 0; head < len(q); head++ {
		x := q[head]
		if x >= 0 {
			for _, e := range n.lEdge[n.lStart[x]:n.lStart[x+1]] {
				g := n.eGrp[e]
				if int(g) < n.gLimit && n.grpLevel[g] < 0 {
					n.grpLevel[g] = 0
					q = append(q, ^g)
				}
			}
		} else {
			g := ^x
			for e := n.gStart[g]; e < n.gStart[g+1]; e++ {
				l := n.eLot[e]
				if n.lotLevel[l] < 0 && n.edgeBack(e) > 0 {
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

// augmentTo raises the inflow of group g by up to amount along augmenting paths found backwards
// from g: a lot of g with spare activity, or a group that can hand g a lot's flow and take the
// same from another of its lots, and so on. Unlike maxFlow it explores only the region behind g,
// which matters when thousands of patient doses are tried one by one. It returns what it could
// not deliver; when that is not zero, region holds the lots behind g, all used up.
func (n *network) augmentTo(g int32, amount float64) float64 {
	if n.lotSeen == nil {
		n.lotSeen = make([]int32, n.nL)
		n.grpSeen = make([]int32, n.nG)
		n.lotPar = make([]int32, n.nL)
		n.grpPar = make([]int32, n.nG)
	}
	for amount > relEps*n.target[g] {
		n.seen++
		s := n.seen
		n.grpSeen[g] = s
		q := n.queue[:0]
		found := int32(-1)
		visitGroup := func(h int32) {
			for e := n.gStart[h]; e < n.gStart[h+1]; e++ {
				l := n.eLot[e]
				if n.lotSeen[l] == s {
					continue
				}
				n.lotSeen[l] = s
				n.lotPar[l] = e
				if found < 0 && n.lotSpare(int(l)) > 0 {
					found = l
				}
				q = append(q, l)
			}
		}
		visitGroup(g)
		for head := 0; head < len(q) && found < 0; head++ {
			l := q[head]
			list := n.carrying[l]
			for i := 0; i < len(list); i++ {
				e := list[i]
				if n.flow[e] <= 0 { // no longer carrying: drop it from the list
					n.listed[e] = false
					list[i] = list[len(list)-1]
					list = list[:len(list)-1]
					n.carrying[l] = list
					i--
					continue
				}
				h := n.eGrp[e]
				if int(h) >= n.gLimit || n.grpSeen[h] == s || n.edgeBack(e) == 0 {
					continue
				}
				n.grpSeen[h] = s
				n.grpPar[h] = e
				visitGroup(h)
				if found >= 0 {
					break
				}
			}
		}
		n.queue = q
		if found < 0 {
			n.region = append(n.region[:0], q...)
			return amount
		}
		// Bottleneck along the path, then push.
		a := min(amount, n.lotSpare(int(found)))
		for l := found; ; {
			e := n.lotPar[l]
			h := n.eGrp[e]
			if h == g {
				break
			}
			back := n.grpPar[h]
			a = min(a, n.flow[back])
			l = n.eLot[back]
		}
		n.addUse(found, a)
		for l := found; ; {
			e := n.lotPar[l]
			n.addFlow(e, a)
			h := n.eGrp[e]
			if h == g {
				break
			}
			back := n.grpPar[h]
			n.flow[back] -= a
			l = n.eLot[back]
		}
		n.in[g] += a
		amount -= a
	}
	return 0
}
