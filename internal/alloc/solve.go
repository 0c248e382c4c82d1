package alloc

import (
	"fmt"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// dust is the share of both the demand and the lot below which a flow is rounding, not a shipment.
const dust = 1e-9

// phaseHook, when set, is told how long each phase of Solve took: reading the problem into the
// model, grouping the demands, solving the components, rendering the plan. For tests; Solve never
// sets it.
var phaseHook func(phase string, took time.Duration)

// classHook, when set, is called when a class of a component is settled, with the time its fair
// fills and its deferrals took. Tests set it to check the flow and to profile; Solve never does.
var classHook func(n *network, nuc string, class, lo, hi int, fill, deferral time.Duration)

// fillClass shares a class fairly (see network.fillClass); tests swap in the reference
// progressive filling.
var fillClass = (*network).fillClass

// deferSearch raises the inflow of a group along augmenting paths (see augmentLots); tests swap
// in the reference search over groups to check that both decide every dose alike.
var deferSearch = (*network).augmentLots

type srcRec struct {
	lot                 int32
	departs             float64
	dispatched, arrived float64
}

// result holds the solution in index form until it is rendered as a Plan.
type result struct {
	filled []float64 // per demand, Bq at its calibration instant
	srcs   [][]srcRec
	usedBq []float64 // per lot, at available_at
	levels []Bottleneck
}

// Solve allocates the lots to the demands. The result is deterministic: the same problem gives the
// same plan, byte for byte once encoded. Every error is an *InputError.
func Solve(p Problem) (Plan, error) {
	start := time.Now()
	phase := func(name string) {
		if phaseHook != nil {
			phaseHook(name, time.Since(start))
			start = time.Now()
		}
	}
	m, err := newModel(&p)
	if err != nil {
		return Plan{}, err
	}
	phase("read")
	groups := m.buildGroups()
	m.lotLocal = make([]int32, len(m.lots))
	for i := range m.lotLocal {
		m.lotLocal[i] = -1
	}
	phase("group")
	comps := m.components(groups)
	res := &result{filled: make([]float64, len(m.dems)), srcs: make([][]srcRec, len(m.dems)), usedBq: make([]float64, len(m.lots))}
	// Components are independent flow problems touching disjoint demands and lots: they are
	// solved in parallel, largest first, and their bottlenecks gathered in component order so
	// that the plan does not depend on the schedule.
	errs := make([]error, len(comps))
	levels := make([][]Bottleneck, len(comps))
	order := make([]int, len(comps))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return len(comps[order[a]]) > len(comps[order[b]]) })
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ar := new(arena)
			for c := range next {
				levels[c], errs[c] = m.solveComponent(groups, comps[c], res, ar)
			}
		}()
	}
	for _, c := range order {
		next <- c
	}
	close(next)
	wg.Wait()
	for c := range comps {
		if errs[c] != nil {
			return Plan{}, errs[c]
		}
		res.levels = append(res.levels, levels[c]...)
	}
	phase("solve")
	plan := m.render(res)
	phase("render")
	return plan, nil
}

// solveComponent solves one connected component class by class.
func (m *model) solveComponent(groups []group, gids []int32, res *result, ar *arena) ([]Bottleneck, error) {
	ar.reset()
	sort.SliceStable(gids, func(a, b int) bool {
		if groups[gids[a]].class != groups[gids[b]].class {
			return groups[gids[a]].class < groups[gids[b]].class
		}
		return gids[a] < gids[b]
	})
	nuc := m.nucs[groups[gids[0]].nuc]
	// lotLocal is shared by the components, which own disjoint lots: −1 until a component numbers
	// its lots, −2 while it collects them.
	lotLocal := m.lotLocal
	var lots []int32
	tMin, tMax := math.Inf(1), math.Inf(-1)
	for _, gi := range gids {
		for _, l := range groups[gi].lots {
			if lotLocal[l] == -1 {
				lotLocal[l] = -2
				lots = append(lots, l)
			}
		}
		for _, d := range groups[gi].members {
			tMin, tMax = math.Min(tMin, m.dems[d].t), math.Max(tMax, m.dems[d].t)
		}
	}
	sort.Slice(lots, func(a, b int) bool { return lots[a] < lots[b] })
	for i, l := range lots {
		lotLocal[l] = int32(i)
		tMin, tMax = math.Min(tMin, m.lots[l].t), math.Max(tMax, m.lots[l].t)
	}
	// The reference instant sits mid-span so that decay factors stay within e^±(λ·span/2).
	ref := (tMin + tMax) / 2
	if nuc.lambda*(tMax-tMin)/2 > 650 {
		return nil, &InputError{Field: "lots", Value: quote(nuc.name), Reason: fmt.Sprintf(
			"lots and demands of %s are linked over %.0f half-lives: split the horizon", nuc.name, nuc.lambda*(tMax-tMin)/math.Ln2)}
	}
	refOf := func(t float64) float64 { return math.Exp(nuc.lambda * (t - ref)) } // activity at t → reference units

	n := &network{nL: len(lots), nG: len(gids), part: -1, ar: ar}
	{
		// What the network and its lot graph take from the arena, in one buffer per type.
		ne := 0
		for _, gi := range gids {
			ne += len(groups[gi].lots)
		}
		nL, nG, w := n.nL, n.nG, (n.nL+63)/64
		ar.f64.reserve(2*nL + 6*nG + 2*ne)
		ar.i32.reserve(4*ne + 8*nL + 4*nG + 4 + nL*nL)
		ar.u64.reserve(nG*w + 2*nL*w + 4*w)
		ar.bo.reserve(2*ne + nG)
	}
	n.cap = ar.f64.take(n.nL)
	scale := 0.0
	for i, l := range lots {
		n.cap[i] = m.lots[l].act * refOf(m.lots[l].t)
		scale = math.Max(scale, n.cap[i])
	}
	memberRef := make([][]float64, n.nG)
	for g, gi := range gids {
		for _, d := range groups[gi].members {
			r := m.dems[d].need * refOf(m.dems[d].t)
			memberRef[g] = append(memberRef[g], r)
			scale = math.Max(scale, r)
		}
	}
	for i := range n.cap {
		n.cap[i] /= scale
	}
	for g := range memberRef {
		for k := range memberRef[g] {
			memberRef[g][k] /= scale
		}
	}
	n.used = ar.f64.take(n.nL)
	n.need = ar.f64.take(n.nG)
	n.fixed = ar.f64.take(n.nG)
	n.vary = ar.f64.take(n.nG)
	n.target = ar.f64.take(n.nG)
	n.in = ar.f64.take(n.nG)
	n.gStart = ar.i32.take(n.nG + 1)
	lotDeg := ar.i32.take(n.nL + 1)
	for g, gi := range gids {
		n.gStart[g+1] = n.gStart[g] + int32(len(groups[gi].lots))
		for _, l := range groups[gi].lots {
			lotDeg[lotLocal[l]+1]++
		}
	}
	ne := n.gStart[n.nG]
	n.eLot = ar.i32.take(int(ne))
	n.eGrp = ar.i32.take(int(ne))
	n.flow = ar.f64.take(int(ne))
	n.eDust = ar.f64.take(int(ne))
	for g, gi := range gids {
		for k, l := range groups[gi].lots {
			e := n.gStart[g] + int32(k)
			n.eLot[e] = lotLocal[l]
			n.eGrp[e] = int32(g)
		}
	}
	n.lStart = ar.i32.take(n.nL + 1)
	for l := 0; l < n.nL; l++ {
		n.lStart[l+1] = n.lStart[l] + lotDeg[l+1]
	}
	n.lEdge = ar.i32.take(int(ne))
	n.lGrp = ar.i32.take(int(ne))
	fill := append([]int32(nil), n.lStart[:n.nL]...)
	for e := int32(0); e < ne; e++ {
		l := n.eLot[e]
		n.lEdge[fill[l]] = e
		n.lGrp[fill[l]] = n.eGrp[e]
		fill[l]++
	}
	n.carrying = make([][]int32, n.nL)
	n.listed = ar.bo.take(int(ne))
	n.lotLevel = ar.i32.take(n.nL)
	n.grpLevel = ar.i32.take(n.nG)
	n.lotIt = ar.i32.take(n.nL)
	n.grpIt = ar.i32.take(n.nG)

	n.partL = ar.i32.take(n.nL)
	n.partsSet = true
	n.partG = ar.i32.take(n.nG)
	n.levelOf = ar.f64.take(n.nG)
	n.gLimit = 0
	n.startLotGraph() // kept in step with the flow from here on
	var levels []level
	for lo := 0; lo < n.nG; {
		var fillTime, deferTime time.Duration
		class := groups[gids[lo]].class
		hi := lo
		for hi < n.nG && groups[gids[hi]].class == class {
			hi++
		}
		for g := lo; g < hi; g++ {
			for k := range groups[gids[g]].members {
				n.need[g] += memberRef[g][k]
			}
			n.vary[g] = n.need[g]
			for e := n.gStart[g]; e < n.gStart[g+1]; e++ {
				n.eDust[e] = relEps * min(n.need[g], n.cap[n.eLot[e]])
			}
		}
		for {
			var classLevels []level
			t0 := time.Now()
			fillClass(n, class, lo, hi, func(lv level) { classLevels = append(classLevels, lv) })
			t1 := time.Now()
			more := m.lockOrDefer(n, groups, gids, lo, hi, memberRef)
			fillTime += t1.Sub(t0)
			deferTime += time.Since(t1)
			if !more && classHook != nil {
				classHook(n, nuc.name, class, lo, hi, fillTime, deferTime)
			}
			if !more {
				levels = append(levels, classLevels...)
				break
			}
		}
		lo = hi
	}

	// Render flows into shipments: within a group the lots are poured into its demands in order
	// (north-west corner), so most doses come from a single lot.
	for g, gi := range gids {
		ratio := 0.0 // of the members not locked
		if n.vary[g] > 0 {
			ratio = math.Min(1, math.Max(0, (n.in[g]-n.fixed[g])/n.vary[g]))
		}
		e, end := n.gStart[g], n.gStart[g+1]
		left := 0.0
		if e < end {
			left = n.flow[e]
		}
		for k, d := range groups[gi].members {
			dm := &m.dems[d]
			if dm.deferred {
				continue
			}
			want := ratio * memberRef[g][k]
			if dm.locked {
				want = memberRef[g][k]
			}
			// No threshold on want: a lot that can give a demand only a vanishing share of its need
			// is still used up, and must show as used.
			for want > 0 && e < end {
				if left <= 0 {
					if e++; e < end {
						left = n.flow[e]
					}
					continue
				}
				take := math.Min(want, left)
				want -= take
				left -= take
				if take <= dust*math.Min(memberRef[g][k], n.cap[n.eLot[e]]) {
					continue // rounding dust, not a shipment
				}
				l := lots[n.eLot[e]]
				lot := &m.lots[l]
				x := take * scale // reference becquerel
				tr, _ := m.transitOf(lot.site, dm.hosp)
				// Just in time: leave the site as late as still arrives by calibration.
				dep := math.Max(lot.t, dm.t-tr)
				res.srcs[d] = append(res.srcs[d], srcRec{lot: l, departs: dep,
					dispatched: x / refOf(dep), arrived: x / refOf(dep+tr)})
				res.filled[d] += x / refOf(dm.t)
				res.usedBq[l] += x / refOf(lot.t)
			}
		}
	}
	var out []Bottleneck
	for _, lv := range levels {
		out = append(out, m.explain(lv, groups, gids, lots, nuc.name))
	}
	return out, nil
}

func (m *model) deferDose(d *demN, ratio float64) {
	d.deferred = true
	d.reason = fmt.Sprintf("deferred: an indivisible dose, and the %s lots that can reach %s by %s could not serve it whole "+
		"after the doses ahead of it (a fair share would have filled it to %.1f%%); doses calibrated earlier, then smaller ones, were served whole first",
		m.nucs[d.nucIdx].name, m.hosps[d.hosp], d.at.Format(time.RFC3339), 100*ratio)
}

// lockOrDefer applies the deferral rule to the indivisible doses of one class after a fair fill.
// If any is short, the doses the fair fill serves whole are locked as they are, and the short
// ones are taken from the lowest fill ratio up (the tightest bottleneck first) and, within a
// bottleneck, by calibration instant (the patient booked first), then smaller dose, then input
// order. Each is locked to be
// served whole if the lots can still do so with every dose locked before it, and deferred
// otherwise. The divisible demands of the class then share what is left fairly. It reports whether
// there was anything to decide (the class is then filled again).
func (m *model) lockOrDefer(n *network, groups []group, gids []int32, lo, hi int, memberRef [][]float64) bool {
	const full = 1 - 1e-9
	ratio := func(g int) float64 {
		if n.vary[g] <= 0 {
			return 1
		}
		return math.Min(1, (n.in[g]-n.fixed[g])/n.vary[g])
	}
	type cand struct {
		d     int32
		g     int
		k     int
		ratio float64
	}
	var cands []cand
	isShort := make([]bool, hi-lo)
	for g := lo; g < hi; g++ {
		r := ratio(g)
		// The bottleneck's ratio orders the doses, not the group's own: the groups of one
		// bottleneck share it exactly, where their own ratios differ by rounding, and the doses
		// behind one bottleneck go by calibration instant.
		key := r
		if !math.IsNaN(n.levelOf[g]) {
			key = n.levelOf[g]
		}
		for k, d := range groups[gids[g]].members {
			if dm := &m.dems[d]; !dm.divis && !dm.deferred && !dm.locked && r < full {
				isShort[g-lo] = true
				cands = append(cands, cand{d, g, k, key})
			}
		}
	}
	if len(cands) == 0 {
		return false
	}
	// The doses the fair fill serves whole keep their flow and are locked as they are: no short
	// dose could have taken that flow without lowering a fill ratio below its own.
	for g := lo; g < hi; g++ {
		if isShort[g-lo] {
			continue
		}
		for k, d := range groups[gids[g]].members {
			if dm := &m.dems[d]; !dm.divis && !dm.deferred && !dm.locked {
				dm.locked = true
				n.fixed[g] += memberRef[g][k]
				n.vary[g] = math.Max(0, n.vary[g]-memberRef[g][k])
			}
		}
	}
	sort.SliceStable(cands, func(a, b int) bool {
		if ra, rb := cands[a].ratio, cands[b].ratio; ra != rb {
			return ra < rb
		}
		da, db := &m.dems[cands[a].d], &m.dems[cands[b].d]
		if da.t != db.t {
			return da.t < db.t
		}
		if da.need != db.need {
			return da.need < db.need
		}
		return da.idx < db.idx
	})
	// Start the short groups again from their locked doses alone, then try each candidate on top.
	n.gLimit = hi
	for g := lo; g < hi; g++ {
		if isShort[g-lo] {
			n.trim(g, n.fixed[g])
		} else {
			n.trim(g, n.fixed[g]+n.vary[g])
		}
		n.target[g] = n.in[g]
	}
	// Most doses fit in the spare activity of their own lots; a dose that does not needs an
	// augmenting path, searched over the lots (see lotGraph), and is deferred when there is none.
	for _, c := range cands {
		ref := memberRef[c.g][c.k]
		d := &m.dems[c.d]
		n.vary[c.g] = math.Max(0, n.vary[c.g]-ref)
		n.fixed[c.g] += ref
		n.target[c.g] = n.fixed[c.g]
		if n.pushDirect(c.g, ref) || deferSearch(n, int32(c.g), n.target[c.g]-n.in[c.g]) == 0 {
			d.locked = true
			continue
		}
		// Behind g every lot is used up, by g and groups that reach only those lots: the dose is
		// deferred and what the search delivered on the way is taken back.
		n.fixed[c.g] -= ref
		n.trim(c.g, n.fixed[c.g])
		n.target[c.g] = n.fixed[c.g]
		m.deferDose(d, c.ratio)
	}
	return true
}

// explain turns a level into a bottleneck a coordinator can read.
func (m *model) explain(lv level, groups []group, gids []int32, lots []int32, nucName string) Bottleneck {
	b := Bottleneck{Priority: lv.class, Nuclide: nucName, FillRatio: lv.theta}
	hosp := map[string]bool{}
	for _, g := range lv.groups {
		for _, d := range groups[gids[g]].members {
			if !m.dems[d].deferred {
				hosp[m.hosps[m.dems[d].hosp]] = true
				b.Demands++
			}
		}
	}
	for h := range hosp {
		b.Hospitals = append(b.Hospitals, h)
	}
	sort.Strings(b.Hospitals)
	sites := map[string]bool{}
	for _, l := range lv.lots {
		lot := &m.lots[lots[l]]
		b.Lots = append(b.Lots, m.p.Lots[lot.idx].ID)
		sites[m.sites[lot.site]] = true
	}
	sort.Strings(b.Lots)
	var siteNames []string
	for s := range sites {
		siteNames = append(siteNames, s)
	}
	sort.Strings(siteNames)
	others := len(m.nucs[groups[gids[0]].nuc].lots) - len(lv.lots)
	b.Explanation = fmt.Sprintf("Priority %d %s: %d demand(s) at %s receive %.1f%% of what they asked. "+
		"The lots that can reach them in time, %s (at %s), are used up%s.",
		lv.class, nucName, b.Demands, listWords(b.Hospitals, 5), 100*lv.theta,
		listWords(b.Lots, 6), strings.Join(siteNames, ", "), higherShare(lv.class))
	if others > 0 {
		b.Explanation += fmt.Sprintf(" The other %d %s lot(s) cannot reach these hospitals before calibration: "+
			"no route, too long in transit, available too late or past shelf life.", others, nucName)
	}
	return b
}

func higherShare(class int) string {
	if class > 1 {
		return ", partly by demands of a higher priority"
	}
	return ""
}

func listWords(xs []string, max int) string {
	if len(xs) <= max {
		return strings.Join(xs, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(xs[:max], ", "), len(xs)-max)
}
