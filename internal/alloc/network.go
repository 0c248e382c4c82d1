package alloc

import (
	"math"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
)

// group is a set of demands of one priority class that the very same lots can reach. Within a
// class the lexicographically max-min fair fill ratios of such demands are equal (any split can be
// rebalanced among them without touching anyone else), so the solver works on groups: the network
// shrinks from millions of demands to the distinct (class, lot set) pairs.
type group struct {
	class   int
	nuc     int
	lots    []int32 // global lot indices, in availability order
	members []int32 // demand indices, sorted by calibration instant then input order
	comp    int32
}

// moveInWindow picks the calibration instant of a demand with a window: calibration_at, unless the
// lots that can reach the hospital by then cannot cover the need even if nobody else wanted them;
// then the earliest instant in the window at which they can, or failing that the instant where they
// cover the largest share. Competition with other demands is not considered here: the rule is
// local, predictable and explained to the coordinator as such.
func (m *model) moveInWindow(d *demN, windowEnd float64) {
	n := m.nucs[d.nucIdx]
	cands := []float64{d.t}
	lots := n.lots
	lo := d.t - m.maxAge(d.nucIdx)
	i := sort.Search(len(lots), func(k int) bool { return m.lots[lots[k]].t >= lo })
	for ; i < len(lots) && m.lots[lots[i]].t <= windowEnd; i++ {
		l := &m.lots[lots[i]]
		if tr, ok := m.transitOf(l.site, d.hosp); ok && l.t+tr > d.t && l.t+tr <= windowEnd {
			cands = append(cands, l.t+tr)
		}
	}
	sort.Float64s(cands)
	best, bestShare := d.t, -1.0
	for _, t := range cands {
		reach := 0.0
		m.candidateLots(d.nucIdx, t, func(l int) {
			if m.feasible(l, d.hosp, t) {
				reach += m.lots[l].act * math.Exp(-n.lambda*(t-m.lots[l].t))
			}
		})
		share := reach / d.need
		if share >= 1 {
			best = t
			break
		}
		if share > bestShare*(1+1e-12) {
			best, bestShare = t, share
		}
	}
	if best != d.t {
		d.moved = true
		d.at = d.at.Add(secondsDuration(best - d.t))
		d.t = best
	}
}

// buildGroups assigns every demand to its group; demands no lot can reach keep group −1. Groups
// are numbered in the order of their first demand in the input. The lots of a demand are those of
// its nuclide, so the nuclides are grouped in parallel.
func (m *model) buildGroups() []group {
	byNuc := make([][]int32, len(m.nucs))
	for di := range m.dems {
		ni := m.dems[di].nucIdx
		byNuc[ni] = append(byNuc[ni], int32(di))
	}
	perNuc := make([][]group, len(m.nucs))
	order := make([]int, len(m.nucs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return len(byNuc[order[a]]) > len(byNuc[order[b]]) })
	parallel(order, func(ni int) { perNuc[ni] = m.groupNuclide(byNuc[ni]) })
	var groups []group
	for _, gs := range perNuc {
		groups = append(groups, gs...)
	}
	sort.Slice(groups, func(a, b int) bool { return groups[a].members[0] < groups[b].members[0] })
	var idx []int
	for i := range groups {
		idx = append(idx, i)
	}
	parallel(idx, func(gi int) {
		mem := groups[gi].members
		for _, d := range mem {
			m.dems[d].group = int32(gi)
		}
		sort.SliceStable(mem, func(a, b int) bool { return m.dems[mem[a]].t < m.dems[mem[b]].t })
	})
	return groups
}

// groupNuclide groups the demands dems (of one nuclide, in input order) by their class and the
// lots that can reach them; the members of a group stay in input order.
func (m *model) groupNuclide(dems []int32) []group {
	var groups []group
	index := map[uint64][]int32{}
	var lots []int32
	for _, di := range dems {
		d := &m.dems[di]
		if we := m.p.Demands[d.idx].WindowEnd; we != "" {
			if end, err := parseInstant("", we); err == nil && unixSeconds(end) > d.t {
				m.moveInWindow(d, unixSeconds(end))
			}
		}
		lots = m.reachingLots(lots[:0], d)
		if len(lots) == 0 {
			continue
		}
		h := uint64(14695981039346656037) ^ uint64(d.class)*0x9E3779B97F4A7C15
		for _, l := range lots {
			h ^= uint64(l)
			h *= 1099511628211
		}
		gi := int32(-1)
		for _, c := range index[h] {
			if groups[c].class == d.class && equalInt32(groups[c].lots, lots) {
				gi = c
				break
			}
		}
		if gi < 0 {
			gi = int32(len(groups))
			groups = append(groups, group{class: d.class, nuc: d.nucIdx, lots: append([]int32(nil), lots...)})
			index[h] = append(index[h], gi)
		}
		groups[gi].members = append(groups[gi].members, di)
	}
	return groups
}

// reachingLots appends the lots that can reach demand d in time (feasible, in availability
// order): candidateLots and feasible with the nuclide's limits and the transit table read once.
func (m *model) reachingLots(lots []int32, d *demN) []int32 {
	if m.dense == nil {
		m.candidateLots(d.nucIdx, d.t, func(l int) {
			if m.feasible(l, d.hosp, d.t) {
				lots = append(lots, int32(l))
			}
		})
		return lots
	}
	nl := m.nucs[d.nucIdx].lots
	age := m.maxAge(d.nucIdx)
	lo := d.t - age
	i := sort.Search(len(nl), func(k int) bool { return m.lots[nl[k]].t >= lo })
	stride := len(m.hosps)
	for ; i < len(nl); i++ {
		lot := &m.lots[nl[i]]
		if lot.t > d.t {
			break
		}
		if d.t-lot.t > age {
			continue
		}
		if tr := m.dense[int(lot.site)*stride+int(d.hosp)]; tr >= 0 && lot.t+tr <= d.t {
			lots = append(lots, int32(nl[i]))
		}
	}
	return lots
}

// parallel calls fn for every item, on as many goroutines as GOMAXPROCS allows, items taken in
// order. fn must only write what belongs to its item.
func parallel(items []int, fn func(int)) {
	workers := min(runtime.GOMAXPROCS(0), len(items))
	if workers <= 1 {
		for _, it := range items {
			fn(it)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(items) {
					return
				}
				fn(items[i])
			}
		}()
	}
	wg.Wait()
}

func equalInt32(a, b []int32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// components splits lots and groups into connected components: the flow problems are independent,
// and each gets its own reference instant.
func (m *model) components(groups []group) [][]int32 {
	parent := make([]int32, len(m.lots))
	for i := range parent {
		parent[i] = int32(i)
	}
	var find func(x int32) int32
	find = func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, g := range groups {
		r := find(g.lots[0])
		for _, l := range g.lots[1:] {
			if s := find(l); s != r {
				if s < r {
					r, s = s, r
				}
				parent[s] = r
			}
		}
	}
	compOf := map[int32]int32{}
	var comps [][]int32
	for gi := range groups {
		r := find(groups[gi].lots[0])
		c, ok := compOf[r]
		if !ok {
			c = int32(len(comps))
			compOf[r] = c
			comps = append(comps, nil)
		}
		groups[gi].comp = c
		comps[c] = append(comps[c], int32(gi))
	}
	return comps
}
