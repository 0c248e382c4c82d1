package alloc

import (
	"math"
	"sort"
)

// level is one bottleneck of a class: the active groups that cannot rise above fill ratio theta, and the lots — all used up — that hold them there (the sink side of a minimum
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
//
// The answer is the lexicographically optimal flow of Megiddo (1974), the lexicographically
// optimal base of a polymatroid (Fujishige 1980), found by its decomposition algorithm: give every
// active group the ratio θ that the activity left would allow if it were shared evenly, and take a
// maximum flow. The lots with spare activity and what they reach in the residual network (the
// source side S of the minimum cut, Ford and Fulkerson 1956) can give more: the groups there end
// at θ or above. The others (T) end at θ or below, and all T lots are used up by T groups alone.
// No activity passes between the two sides any more, so each is solved again on its own, with its
// own θ; a side whose groups all met θ and can get no more is settled at θ, a level. At ratio θ the
// demand is feasible iff every closed set T of groups with the lots that reach them satisfies
// cap(T lots) ≥ fixed(T) + θ·vary(T active), so when T is the whole part its θ falls to the cut's
// break-even ratio (the discrete Newton method on the parametric cut, cf. Gallo, Grigoriadis and
// Tarjan 1989). Each maximum flow works on one part only, and the parts of one depth share no
// edge, so a class costs about as many flows over the whole network as the splits are deep,
// instead of one or more for every level. Solving a part alone also keeps its sums in its own
// magnitude: a component spanning weeks of a short-lived nuclide holds activities (in reference
// units) 10^17 apart.
func (n *network) fillClass(class, lo, hi int, record func(level)) {
	n.gLimit = hi
	var active []int32
	for g := lo; g < hi; g++ {
		n.target[g] = n.in[g]
		if n.vary[g] > 0 {
			active = append(active, int32(g))
		}
	}
	if len(active) == 0 {
		return
	}
	for g := lo; g < hi; g++ {
		n.levelOf[g] = math.NaN()
	}
	lots := make([]int32, n.nL)
	for l := range lots {
		lots[l] = int32(l)
	}
	grps := make([]int32, hi)
	for g := range grps {
		grps[g] = int32(g)
	}
	parts := int32(0)
	n.fillPart(class, &parts, lots, grps, active, math.Inf(1), 0, record)
	n.part, n.pLots, n.pGrps = -1, nil, nil
}

// fillPart settles the active groups act of one part: the lots lots and the groups grps (every
// group of this and earlier classes in the part, active or not). above is the θ at which groups
// including these were last found short, +Inf if never; newton counts the Newton steps in a row
// (the same groups tried again at a lower θ).
func (n *network) fillPart(class int, parts *int32, lots, grps, act []int32, above float64, newton int, record func(level)) {
	*parts++
	p := *parts
	n.nParts++
	n.partsSet = true
	for _, l := range lots {
		n.partL[l] = p
	}
	for _, g := range grps {
		n.partG[g] = p
	}
	// The activity left to share: the spare of the part's lots and what its active groups hold
	// beyond their locked doses.
	avail, want := 0.0, 0.0
	for _, l := range lots {
		avail += max(0, n.cap[l]-n.used[l])
	}
	for _, g := range act {
		avail += max(0, n.in[g]-n.fixed[g])
		want += n.vary[g]
	}
	theta := min(1, avail/want)
	if theta >= above*(1-1e-13) || newton > 60 {
		// θ no longer falls: the groups still short need less than the rounding of the sums (a
		// component spanning weeks of a short-lived nuclide holds activities 10^33 apart in
		// reference units). Split off the bottleneck behind them (splitStalled); failing that,
		// or after 60 Newton steps, let the others give up 1e-7 of their share to them, then take
		// back what is left, and settle everyone at what they hold.
		n.part, n.pLots, n.pGrps = p, lots, grps
		if newton <= 60 && n.splitStalled(class, parts, p, lots, grps, act, above, record) {
			return
		}
		n.favourShort(lots, act, above)
		n.settle(class, above, act, record)
		return
	}
	for _, g := range act {
		t := n.fixed[g] + theta*n.vary[g]
		if n.in[g] > t {
			n.trim(int(g), t)
		}
		n.target[g] = t
	}
	n.part, n.pLots, n.pGrps = p, lots, grps
	n.prefill(act)
	n.maxFlowLots(lots, act)
	var short []int32
	for _, g := range act {
		if n.grpRoom(int(g)) > 0 {
			short = append(short, g)
		}
	}
	if len(short) == 0 {
		if theta >= 1 {
			for _, g := range act {
				n.target[g] = n.in[g]
			}
			return
		}
		// Every group met θ. Those the lots with spare activity no longer reach are settled at θ;
		// the others can rise, on their own.
		n.reachable()
		var tAct, sAct, sLots, sGrps []int32
		for _, g := range act {
			if n.grpLevel[g] < 0 {
				tAct = append(tAct, g)
			} else {
				sAct = append(sAct, g)
			}
		}
		if len(tAct) == 0 {
			// All could still rise, by rounding only: settle them.
			n.settle(class, theta, act, record)
			return
		}
		n.settle(class, theta, tAct, record)
		if len(sAct) == 0 {
			return
		}
		for _, l := range lots {
			if n.lotLevel[l] >= 0 {
				sLots = append(sLots, l)
			}
		}
		for _, g := range grps {
			if n.grpLevel[g] >= 0 {
				sGrps = append(sGrps, g)
			}
		}
		n.fillPart(class, parts, sLots, sGrps, sAct, math.Inf(1), 0, record)
		return
	}
	// Some groups are short of θ. Behind them, in the residual network, lie the lots they reach,
	// the groups that take from those lots, the lots these reach, and so on: all used up (else
	// the flow would not be maximum), by these groups only. That closed set ends below θ and is
	// solved on its own, with θ falling to its break-even ratio (a Newton step when it is the
	// whole part); the rest ends at θ or above and is solved on its own too.
	qLots, qGrps, qAct, rLots, rGrps, rAct := n.splitBehind(parts, p, lots, grps, act, short)
	steps := 0
	if len(rAct) == 0 {
		steps = newton + 1 // the same groups again, at a lower θ
	}
	n.fillPart(class, parts, qLots, qGrps, qAct, theta, steps, record)
	if len(rAct) > 0 {
		n.fillPart(class, parts, rLots, rGrps, rAct, math.Inf(1), 0, record)
	}
}

// splitBehind splits the part p (lots, grps, act) into the closed set behind the groups short —
// the lots they reach, the groups taking from those lots, the lots these reach, and so on, in the
// residual network of the current flow — and the rest. The set behind becomes a new part.
func (n *network) splitBehind(parts *int32, p int32, lots, grps, act, short []int32) (qLots, qGrps, qAct, rLots, rGrps, rAct []int32) {
	*parts++
	q := *parts
	for _, g := range short {
		n.partG[g] = q
		qGrps = append(qGrps, g)
	}
	for head := 0; head < len(qGrps); head++ {
		g := qGrps[head]
		for e := n.gStart[g]; e < n.gStart[g+1]; e++ {
			l := n.eLot[e]
			if n.partL[l] != p {
				continue
			}
			n.partL[l] = q
			qLots = append(qLots, l)
			for _, f := range n.carrying[l] {
				h := n.eGrp[f]
				if n.partG[h] == p && int(h) < n.gLimit && n.edgeBack(f) > 0 {
					n.partG[h] = q
					qGrps = append(qGrps, h)
				}
			}
		}
	}
	for _, l := range lots {
		if n.partL[l] == p {
			rLots = append(rLots, l)
		}
	}
	for _, g := range grps {
		if n.partG[g] == p {
			rGrps = append(rGrps, g)
		}
	}
	for _, g := range act {
		if n.partG[g] == p {
			rAct = append(rAct, g)
		} else {
			qAct = append(qAct, g)
		}
	}
	sort.Slice(qLots, func(a, b int) bool { return qLots[a] < qLots[b] })
	sort.Slice(qGrps, func(a, b int) bool { return qGrps[a] < qGrps[b] })
	return
}

// splitStalled handles a part whose θ no longer falls although some of its groups are short of
// it. The part is tight at θ: its sums hold no spare for the short groups, whose needs are below
// their rounding, and every group taking from the lots of a short one is tied to it. Let the groups
// that met θ give up 1e-7 of their share, so that the short ones take what they can reach: the
// groups then still short of their own targets (each by its own measure, relative to its own need)
// are those behind a bottleneck of their own, and the closed set behind them in the residual
// network is that bottleneck, not the whole part. It is solved on its own, with the part's θ as the
// ratio it was short at; the rest, back at θ, is solved again on its own. It reports false, with
// the flow as before, when the set behind the short groups is still the whole part.
func (n *network) splitStalled(class int, parts *int32, p int32, lots, grps, act []int32, theta float64, record func(level)) bool {
	var met []int32
	for _, g := range act {
		if n.grpRoom(int(g)) == 0 {
			met = append(met, g)
		}
	}
	if len(met) == 0 || len(met) == len(act) {
		return false
	}
	for _, g := range met {
		t := n.fixed[g] + theta*(1-1e-7)*n.vary[g]
		n.trim(int(g), t)
		n.target[g] = t
	}
	n.maxFlowLots(lots, act)
	var short []int32
	for _, g := range act {
		if n.grpRoom(int(g)) > 0 {
			short = append(short, g)
		}
	}
	restore := func() {
		for _, g := range met {
			n.target[g] = n.fixed[g] + theta*n.vary[g]
		}
	}
	if len(short) == 0 {
		// The short groups reach θ once the others make room: they are short by rounding only.
		restore()
		n.maxFlowLots(lots, met)
		n.settle(class, theta, act, record)
		return true
	}
	qLots, qGrps, qAct, rLots, rGrps, rAct := n.splitBehind(parts, p, lots, grps, act, short)
	if len(rAct) == 0 {
		for _, l := range qLots {
			n.partL[l] = p
		}
		for _, g := range qGrps {
			n.partG[g] = p
		}
		restore()
		n.maxFlowLots(lots, met)
		return false
	}
	restore()
	n.fillPart(class, parts, qLots, qGrps, qAct, theta, 0, record)
	n.fillPart(class, parts, rLots, rGrps, rAct, math.Inf(1), 0, record)
	return true
}

// favourShort lets the active groups act that are short of θ take first: the others are lowered
// by 1e-7 of their share, the short ones raised as far as the part allows, and the others raised
// back to θ as far as what is left allows.
func (n *network) favourShort(lots, act []int32, theta float64) {
	var met []int32
	for _, g := range act {
		if n.grpRoom(int(g)) == 0 {
			met = append(met, g)
		}
	}
	if len(met) == 0 || len(met) == len(act) {
		return
	}
	for _, g := range met {
		t := n.fixed[g] + theta*(1-1e-7)*n.vary[g]
		n.trim(int(g), t)
		n.target[g] = t
	}
	n.maxFlowLots(lots, act)
	for _, g := range met {
		n.target[g] = n.fixed[g] + theta*n.vary[g]
	}
	n.maxFlowLots(lots, met)
}

// prefill gives each group of act with room what the spare activity of its own lots in the part
// can give, before the maximum flow: one pass over their edges that leaves the searches of
// maxFlowLots only the rerouting to do.
func (n *network) prefill(act []int32) {
	for _, g := range act {
		room := n.grpRoom(int(g))
		for e := n.gStart[g]; e < n.gStart[g+1] && room > 0; e++ {
			l := n.eLot[e]
			if n.partL[l] != n.part {
				continue
			}
			a := min(room, n.lotSpare(int(l)))
			if a <= 0 {
				continue
			}
			n.addFlow(e, a)
			n.addUse(l, a)
			n.in[g] += a
			room = n.grpRoom(int(g))
		}
	}
}

// settle freezes the groups act at what they hold and records them as a level at ratio theta,
// with the lots that reach them, all used up.
func (n *network) settle(class int, theta float64, act []int32, record func(level)) {
	seen := make(map[int32]bool)
	var lots []int32
	for _, g := range act {
		n.target[g] = n.in[g]
		n.levelOf[g] = theta
		for e := n.gStart[g]; e < n.gStart[g+1]; e++ {
			if l := n.eLot[e]; !seen[l] {
				seen[l] = true
				lots = append(lots, l)
			}
		}
	}
	sort.Slice(lots, func(a, b int) bool { return lots[a] < lots[b] })
	groups := append([]int32(nil), act...)
	sort.Slice(groups, func(a, b int) bool { return groups[a] < groups[b] })
	record(level{class: class, theta: theta, lots: lots, groups: groups})
}
