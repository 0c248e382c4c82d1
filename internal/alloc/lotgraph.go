package alloc

import (
	"math"
	"math/bits"
)

// lotGraph is the residual network of a flow seen from the lots alone, kept while the patient
// doses of a class are tried one by one. A component has few lots (hundreds) and many groups (tens
// of thousands, each reached by about a hundred lots), so a search that walks groups and their
// edges touches millions of edges where one over lots touches thousands of words.
//
// Lot l leads to lot l′ when some group h takes flow from l (the edge carries) and l′ also reaches
// h: h could take from l′ instead and leave that much of l to someone else. cnt[l·nL + l′] counts
// such groups, adj holds the rows as bitsets (bit l′ set iff the count is positive), and the
// augmenting-path search from a group g is a breadth-first search over lot bitsets: from the lots
// of g, through adj, to a lot with spare activity.
type lotGraph struct {
	on      bool
	w       int      // words in a bitset of lots
	grpBits []uint64 // per group g: the lots that reach g, w words from g·w
	cnt     []int32  // nL × nL
	adj     []uint64 // nL × w
	adjT    []uint64 // nL × w, the transpose: bit l of row l′ iff bit l′ of row l in adj
	spare   []uint64 // lots with spare activity
	counted []bool   // per edge: whether it is counted in cnt (it carries flow)
	visited []uint64
	hops    []hop

	// maxFlowLots's state: the lots of the part, the lots next to a group with room (bits and
	// counts), whether a group still has room, and where each lot's search for one stands.
	mask     []uint64
	roomBits []uint64
	roomCnt  []int32
	roomIt   []int32
	hasRoom  []bool
}

// hop is one step of a lot path found by augmentLots: group h moves flow from lot edge dec to
// lot edge inc.
type hop struct{ dec, inc int32 }

func (lg *lotGraph) has(set []uint64, l int32) bool { return set[l>>6]&(1<<(uint(l)&63)) != 0 }

// startLotGraph builds the lot graph of the current flow for groups below gLimit and keeps it
// exact through addFlow, addUse and trim until stopLotGraph. Every other change of a flow must
// call syncEdge (and of a lot's use, syncSpare).
func (n *network) startLotGraph() {
	lg := &n.lg
	w := (n.nL + 63) / 64
	if lg.grpBits == nil {
		lg.w = w
		lg.grpBits = n.ar.u64.take(n.nG * w)
		for g := 0; g < n.nG; g++ {
			row := lg.grpBits[g*w : (g+1)*w]
			for e := n.gStart[g]; e < n.gStart[g+1]; e++ {
				l := n.eLot[e]
				row[l>>6] |= 1 << (uint(l) & 63)
			}
		}
		lg.mask = n.ar.u64.take(w)
		lg.roomBits = n.ar.u64.take(w)
		lg.roomCnt = n.ar.i32.take(n.nL)
		lg.roomIt = n.ar.i32.take(n.nL)
		lg.hasRoom = n.ar.bo.take(n.nG)
		lg.cnt = n.ar.i32.take(n.nL * n.nL)
		lg.adj = n.ar.u64.take(n.nL * w)
		lg.adjT = n.ar.u64.take(n.nL * w)
		lg.spare = n.ar.u64.take(w)
		lg.visited = n.ar.u64.take(w)
		lg.counted = n.ar.bo.take(len(n.eLot))
	} else {
		clear(lg.cnt)
		clear(lg.adj)
		clear(lg.adjT)
		clear(lg.spare)
		clear(lg.counted)
	}
	lg.on = true
	for l := 0; l < n.nL; l++ {
		if n.lotSpare(l) > 0 {
			lg.spare[l>>6] |= 1 << (uint(l) & 63)
		}
	}
	end := n.gStart[n.gLimit]
	for e := int32(0); e < end; e++ {
		n.syncEdge(e)
	}
}

func (n *network) stopLotGraph() { n.lg.on = false }

// syncEdge brings edge e's entry in the lot graph in line with its flow.
func (n *network) syncEdge(e int32) {
	lg := &n.lg
	c := n.edgeBack(e) > 0
	if c == lg.counted[e] {
		return
	}
	lg.counted[e] = c
	l, h := int(n.eLot[e]), n.eGrp[e]
	row := lg.cnt[l*n.nL : (l+1)*n.nL]
	adj := lg.adj[l*lg.w : (l+1)*lg.w]
	w := lg.w
	if c {
		for f := n.gStart[h]; f < n.gStart[h+1]; f++ {
			k := n.eLot[f]
			if row[k]++; row[k] == 1 {
				adj[k>>6] |= 1 << (uint(k) & 63)
				lg.adjT[int(k)*w+l>>6] |= 1 << (uint(l) & 63)
			}
		}
	} else {
		for f := n.gStart[h]; f < n.gStart[h+1]; f++ {
			k := n.eLot[f]
			if row[k]--; row[k] == 0 {
				adj[k>>6] &^= 1 << (uint(k) & 63)
				lg.adjT[int(k)*w+l>>6] &^= 1 << (uint(l) & 63)
			}
		}
	}
}

// syncSpare brings lot l's spare bit in line with its use.
func (n *network) syncSpare(l int32) {
	if n.lotSpare(int(l)) > 0 {
		n.lg.spare[l>>6] |= 1 << (uint(l) & 63)
	} else {
		n.lg.spare[l>>6] &^= 1 << (uint(l) & 63)
	}
}

// findHop finds a group h that takes flow from lot x and is reached by lot y: the hop moves h's
// flow from x (dec) to y (inc).
func (n *network) findHop(x, y int32) hop {
	lg := &n.lg
	list := n.carrying[x]
	for i := 0; i < len(list); i++ {
		e := list[i]
		if n.flow[e] <= 0 {
			n.listed[e] = false
			list[i] = list[len(list)-1]
			list = list[:len(list)-1]
			n.carrying[x] = list
			i--
			continue
		}
		h := n.eGrp[e]
		if int(h) >= n.gLimit || !lg.counted[e] || !lg.has(lg.grpBits[int(h)*lg.w:], y) {
			continue
		}
		return hop{dec: e, inc: n.edgeOf(y, h)}
	}
	panic("alloc: lot graph out of step with the flow")
}

// edgeOf returns the edge from lot l to group h, or −1.
func (n *network) edgeOf(l, h int32) int32 {
	for e := n.gStart[h]; e < n.gStart[h+1]; e++ {
		if n.eLot[e] == l {
			return e
		}
	}
	return -1
}

// augmentLots raises the inflow of group g by up to amount (its target is its inflow plus amount)
// along augmenting paths over the lot graph, the component taken whole: maxFlowLots with g the
// only group with room. It is the search over groups of augmentTo (kept in the tests as a
// reference) carried out over lots. It returns what it could not deliver: when that is not
// zero, the lots next to g are all used up, by groups that no other lot with spare reaches.
func (n *network) augmentLots(g int32, amount float64) float64 {
	if n.allLots == nil {
		n.allLots = make([]int32, n.nL)
		for l := range n.allLots {
			n.allLots[l] = int32(l)
		}
	}
	n.wholePart()
	n.one[0] = g
	n.maxFlowLots(n.allLots, n.one[:])
	return n.grpRoom(int(g))
}

// wholePart makes the whole component the current part of maxFlowLots.
func (n *network) wholePart() {
	n.part = -1
	if !n.partsSet {
		return
	}
	n.partsSet = false
	for l := range n.partL {
		n.partL[l] = -1
	}
}

// maxFlowLots raises the flow of the current part (the lots lots, the active groups act) to a
// maximum over the lot graph: a breadth-first search over bitsets from the lots next to a group
// with room, through lots whose takers could take from another lot instead, to a lot with spare
// activity; then the path is pushed, to as many groups with room at its first lot as it carries.
// It does what Dinic's maxFlow (kept in the tests) does, but a search touches a part's lots
// (words of 64) where Dinic's phases touch every edge of the part.
func (n *network) maxFlowLots(lots, act []int32) {
	lg := &n.lg
	w := lg.w
	if n.lotPar == nil {
		n.lotPar = make([]int32, n.nL)
	}
	clear(lg.mask)
	clear(lg.roomBits)
	for _, l := range lots {
		lg.mask[l>>6] |= 1 << (uint(l) & 63)
		lg.roomCnt[l] = 0
		lg.roomIt[l] = n.lStart[l]
	}
	p := n.part
	var open []int32
	for _, g := range act {
		if n.grpRoom(int(g)) <= 0 {
			continue
		}
		lg.hasRoom[g] = true
		open = append(open, g)
		for e := n.gStart[g]; e < n.gStart[g+1]; e++ {
			if l := n.eLot[e]; n.partL[l] == p {
				lg.roomCnt[l]++
				lg.roomBits[l>>6] |= 1 << (uint(l) & 63)
			}
		}
	}
	full := func(g int32) {
		lg.hasRoom[g] = false
		for e := n.gStart[g]; e < n.gStart[g+1]; e++ {
			if l := n.eLot[e]; n.partL[l] == p {
				if lg.roomCnt[l]--; lg.roomCnt[l] == 0 {
					lg.roomBits[l>>6] &^= 1 << (uint(l) & 63)
				}
			}
		}
	}
	for {
		n.nPhases++
		// Search from the smaller end: the lots next to groups with room, back through the lots
		// their takers could move to, to a lot with spare activity; or from the lots with spare
		// activity forward through the lots whose takers could move onto them, to a lot next to a
		// group with room. Either way the path ends with the first lot r, where groups with room
		// take, and the spare lot f.
		nSpare, nRoom := 0, 0
		for i := range lg.mask {
			nSpare += bits.OnesCount64(lg.spare[i] & lg.mask[i])
			nRoom += bits.OnesCount64(lg.roomBits[i])
		}
		if nRoom == 0 || nSpare == 0 {
			break
		}
		forward := nSpare < nRoom
		from, to, graph := lg.roomBits, lg.spare, lg.adj
		if forward {
			from, to, graph = lg.spare, lg.roomBits, lg.adjT
		}
		q := n.queue[:0]
		found := int32(-1)
		for i := range lg.visited {
			word := from[i] & lg.mask[i]
			lg.visited[i] = word
			for word != 0 {
				l := int32(i<<6 + bits.TrailingZeros64(word))
				word &= word - 1
				n.lotPar[l] = -1
				q = append(q, l)
				if found < 0 && lg.has(to, l) {
					found = l
				}
			}
		}
		for head := 0; head < len(q) && found < 0; head++ {
			l := q[head]
			row := graph[int(l)*w : (int(l)+1)*w]
			for i, word := range row {
				fresh := word & lg.mask[i] &^ lg.visited[i]
				if fresh == 0 {
					continue
				}
				lg.visited[i] |= fresh
				for fresh != 0 {
					k := int32(i<<6 + bits.TrailingZeros64(fresh))
					fresh &= fresh - 1
					n.lotPar[k] = l
					q = append(q, k)
					if found < 0 && to[i]&(1<<(uint(k)&63)) != 0 {
						found = k
					}
				}
				if found >= 0 {
					break
				}
			}
		}
		n.queue = q
		n.nPartEdges += len(q)
		if found < 0 {
			break
		}
		// Walk the path back to its source, choosing for each step a group that carries flow
		// from one lot and is reached by the other: backwards, the earlier lot's taker moves to
		// the later lot; forwards, the later lot's taker moves to the earlier one.
		lg.hops = lg.hops[:0]
		a := math.Inf(1)
		l := found
		for n.lotPar[l] >= 0 {
			pl := n.lotPar[l]
			var st hop
			if forward {
				st = n.findHop(l, pl)
			} else {
				st = n.findHop(pl, l)
			}
			a = min(a, n.flow[st.dec])
			lg.hops = append(lg.hops, st)
			l = pl
		}
		f, r := found, l
		if forward {
			f, r = l, found
		}
		a = min(a, n.lotSpare(int(f)))
		l = r
		// l is the first lot: groups with room there take what the path carries.
		for a > 0 {
			var g int32 = -1
			var e0 int32
			for it := lg.roomIt[l]; it < n.lStart[l+1]; it++ {
				if h := n.lGrp[it]; lg.hasRoom[h] {
					g, e0 = h, n.lEdge[it]
					lg.roomIt[l] = it
					break
				}
			}
			if g < 0 {
				panic("alloc: a lot next to a group with room has none")
			}
			b := min(a, n.grpRoom(int(g)))
			n.addUse(f, b)
			for _, st := range lg.hops {
				n.addFlow(st.inc, b)
				n.flow[st.dec] -= b
				n.syncEdge(st.dec)
			}
			n.addFlow(e0, b)
			n.in[g] += b
			a -= b
			if n.grpRoom(int(g)) <= 0 {
				full(g)
			}
			if a <= 0 || !lg.has(lg.spare, f) {
				break
			}
			if !lg.has(lg.roomBits, l) {
				break
			}
			broken := false
			for _, st := range lg.hops {
				if !lg.counted[st.dec] {
					broken = true
				}
			}
			if broken {
				break
			}
		}
	}
	for _, g := range open {
		lg.hasRoom[g] = false
	}
}
