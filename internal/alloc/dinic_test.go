package alloc

// Dinic's maximum flow (Dinic 1970) over the whole network or a part, with current arcs: what
// fillClass used before maxFlowLots, kept as the reference of fillProgressive and bruteSearch.
// It does not keep the lot graph in step.

// bfs labels the level graph from the source. It reports whether a group with room is reachable.
func (n *network) bfs() bool {
	n.resetLevels()
	q := n.sourceLots(n.queue[:0])
	found := false
	for head := 0; head < len(q); head++ {
		x := q[head]
		if x >= 0 { // a lot
			l := x
			lv := n.lotLevel[l]
			for _, g := range n.lGrp[n.lStart[l]:n.lStart[l+1]] {
				if n.grpLevel[g] != -1 {
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
				if n.lotLevel[l] != -1 || n.edgeBack(e) == 0 {
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
	next := n.lotLevel[l] + 1
	for ; n.lotIt[l] < n.lStart[l+1]; n.lotIt[l]++ {
		g := n.lGrp[n.lotIt[l]]
		if n.grpLevel[g] != next {
			continue
		}
		if a := n.dfsGroup(g, f); a > 0 {
			n.addFlow(n.lEdge[n.lotIt[l]], a)
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
		if n.lotLevel[l] != n.grpLevel[g]+1 {
			continue
		}
		back := n.edgeBack(e)
		if back == 0 {
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
		if n.part < 0 {
			for l := 0; l < n.nL; l++ {
				n.lotIt[l] = n.lStart[l]
			}
			for g := 0; g < n.nG; g++ {
				n.grpIt[g] = n.gStart[g]
			}
		} else {
			for _, l := range n.pLots {
				n.lotIt[l] = n.lStart[l]
			}
			for _, g := range n.pGrps {
				n.grpIt[g] = n.gStart[g]
			}
		}
		// The lots at level 0 are the first ones queued by bfs.
		for _, l := range n.queue {
			if l < 0 || n.lotLevel[l] != 0 {
				break
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
