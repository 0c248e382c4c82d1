package alloc

import (
	"fmt"
	"hash/maphash"
	"math"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"kern/internal/nuclide"
)

// maxHalfLives is the age, in half-lives of its nuclide, beyond which a lot is not offered to a
// demand: less than 2^−20 (one millionth) of its activity is left. It keeps the exponentials of a
// component inside the float64 range without changing any plan that matters.
const maxHalfLives = 20

type lotN struct {
	idx    int // index in Problem.Lots
	t      float64
	at     time.Time
	site   int32
	act    float64
	nucIdx int
}

type demN struct {
	idx      int     // index in Problem.Demands
	t        float64 // effective calibration instant, Unix seconds
	at       time.Time
	hosp     int32
	need     float64 // Bq at calibration
	class    int
	divis    bool
	moved    bool
	nucIdx   int
	group    int32 // -1 when no lot can reach it
	noRoute  bool
	deferred bool
	locked   bool // an indivisible dose the plan serves whole
	reason   string
}

type nucInfo struct {
	name   string
	lambda float64
	shelf  float64 // seconds; +Inf when none
	lots   []int   // lot indices sorted by availability
}

// model is the validated problem with names interned and instants in Unix seconds.
type model struct {
	p        *Problem
	lots     []lotN
	dems     []demN
	nucs     []nucInfo
	sites    []string
	hosps    []string
	transit  map[[2]int32]float64 // (site, hospital) → seconds
	dense    []float64            // site·len(hosps) + hospital → seconds, −1 without a route
	siteIdx  map[string]int32
	hospIdx  map[string]int32
	warnings []Warning
	lotLocal []int32 // lot → its index in its component's network (solveComponent)
}

func unixSeconds(t time.Time) float64 { return float64(t.Unix()) + float64(t.Nanosecond())/1e9 }

// newModel validates the problem; every error is an *InputError.
func newModel(p *Problem) (*model, error) {
	m := &model{p: p, transit: map[[2]int32]float64{}, siteIdx: map[string]int32{}, hospIdx: map[string]int32{}}
	nucIdx := map[string]int{}
	nucOf := func(field, name string) (int, error) {
		if i, ok := nucIdx[name]; ok {
			return i, nil
		}
		n, err := nuclide.Lookup(name)
		if err != nil || n.Stable() {
			return 0, &InputError{Field: field, Value: quote(name), Reason: "unknown nuclide"}
		}
		if i, ok := nucIdx[n.Name]; ok {
			nucIdx[name] = i
			return i, nil
		}
		m.nucs = append(m.nucs, nucInfo{name: n.Name, lambda: n.Lambda(), shelf: math.Inf(1)})
		nucIdx[name], nucIdx[n.Name] = len(m.nucs)-1, len(m.nucs)-1
		return len(m.nucs) - 1, nil
	}
	site := func(s string) int32 {
		if i, ok := m.siteIdx[s]; ok {
			return i
		}
		m.siteIdx[s] = int32(len(m.sites))
		m.sites = append(m.sites, s)
		return int32(len(m.sites) - 1)
	}
	hosp := func(s string) int32 {
		if i, ok := m.hospIdx[s]; ok {
			return i
		}
		m.hospIdx[s] = int32(len(m.hosps))
		m.hosps = append(m.hosps, s)
		return int32(len(m.hosps) - 1)
	}
	// Field names are built only for an error: a European problem has a million demands.
	ids := make(map[string]int32, len(p.Lots))
	m.lots = make([]lotN, len(p.Lots))
	for i, l := range p.Lots {
		f := func(suffix string) string { return "lots[" + strconv.Itoa(i) + "]" + suffix }
		if l.ID == "" {
			return nil, &InputError{Field: f(".id"), Value: `""`, Reason: "a lot needs an id"}
		}
		if prev, dup := ids[l.ID]; dup {
			return nil, &InputError{Field: f(".id"), Value: quote(l.ID), Reason: "duplicate id (also lots[" + strconv.Itoa(int(prev)) + "])"}
		}
		ids[l.ID] = int32(i)
		ni, ok := nucIdx[l.Nuclide]
		if !ok {
			var err error
			if ni, err = nucOf(f(".nuclide"), l.Nuclide); err != nil {
				return nil, err
			}
		}
		if !(l.ActivityBq > 0) || math.IsInf(l.ActivityBq, 0) {
			return nil, positive(f(".activity_bq"), l.ActivityBq)
		}
		at, err := time.Parse(time.RFC3339, l.AvailableAt)
		if err != nil {
			_, err = parseInstant(f(".available_at"), l.AvailableAt)
			return nil, err
		}
		if l.Site == "" {
			return nil, &InputError{Field: f(".site"), Value: `""`, Reason: "a lot needs a site"}
		}
		m.lots[i] = lotN{idx: i, t: unixSeconds(at), at: at, site: site(l.Site), act: l.ActivityBq, nucIdx: ni}
		m.nucs[ni].lots = append(m.nucs[ni].lots, i)
	}
	// The demands are read in parallel when they are all valid; the first problem sends them
	// through the loop below, which names the first invalid field exactly.
	if !m.readDemands(nucIdx, nucOf, hosp) {
		dids := make(map[string]int32, len(p.Demands))
		m.dems = make([]demN, len(p.Demands))
		for i, d := range p.Demands {
			f := func(suffix string) string { return "demands[" + strconv.Itoa(i) + "]" + suffix }
			if d.ID == "" {
				return nil, &InputError{Field: f(".id"), Value: `""`, Reason: "a demand needs an id"}
			}
			if prev, dup := dids[d.ID]; dup {
				return nil, &InputError{Field: f(".id"), Value: quote(d.ID), Reason: "duplicate id (also demands[" + strconv.Itoa(int(prev)) + "])"}
			}
			dids[d.ID] = int32(i)
			if d.Hospital == "" {
				return nil, &InputError{Field: f(".hospital"), Value: `""`, Reason: "a demand needs a hospital"}
			}
			ni, ok := nucIdx[d.Nuclide]
			if !ok {
				var err error
				if ni, err = nucOf(f(".nuclide"), d.Nuclide); err != nil {
					return nil, err
				}
			}
			if !(d.ActivityBq > 0) || math.IsInf(d.ActivityBq, 0) {
				return nil, positive(f(".activity_bq"), d.ActivityBq)
			}
			at, err := time.Parse(time.RFC3339, d.CalibrationAt)
			if err != nil {
				_, err = parseInstant(f(".calibration_at"), d.CalibrationAt)
				return nil, err
			}
			if d.Priority < 1 {
				return nil, &InputError{Field: f(".priority"), Value: strconv.Itoa(d.Priority), Reason: "want a priority class 1, 2, …"}
			}
			dn := demN{idx: i, t: unixSeconds(at), at: at, hosp: hosp(d.Hospital), need: d.ActivityBq, class: d.Priority, divis: d.Divisible, nucIdx: ni, group: -1}
			if d.WindowEnd != "" {
				we, err := parseInstant(f(".window_end"), d.WindowEnd)
				if err != nil {
					return nil, err
				}
				if we.Before(at) {
					return nil, &InputError{Field: f(".window_end"), Value: quote(d.WindowEnd), Reason: "before calibration_at " + d.CalibrationAt}
				}
			}
			m.dems[i] = dn
		}
	}
	seen := map[[2]string]int{}
	for i, r := range p.Routes {
		f := "routes[" + strconv.Itoa(i) + "]"
		if r.From == "" || r.To == "" {
			return nil, &InputError{Field: f, Value: quote(r.From + "→" + r.To), Reason: "a route needs from and to"}
		}
		if !(r.TransitHours >= 0) || math.IsInf(r.TransitHours, 0) {
			return nil, &InputError{Field: f + ".transit_hours", Value: num(r.TransitHours), Reason: "want hours ≥ 0"}
		}
		if j, dup := seen[[2]string{r.From, r.To}]; dup {
			return nil, &InputError{Field: f, Value: quote(r.From + " → " + r.To), Reason: fmt.Sprintf("duplicate route (also routes[%d])", j)}
		}
		seen[[2]string{r.From, r.To}] = i
		s, ok1 := m.siteIdx[r.From]
		h, ok2 := m.hospIdx[r.To]
		if ok1 && ok2 {
			m.transit[[2]int32{s, h}] = r.TransitHours * 3600
		}
	}
	for i, s := range p.ShelfLives {
		f := "shelf_lives[" + strconv.Itoa(i) + "]"
		ni, err := nucOf(f+".nuclide", s.Nuclide)
		if err != nil {
			return nil, err
		}
		if !(s.Hours > 0) || math.IsInf(s.Hours, 0) {
			return nil, &InputError{Field: f + ".hours", Value: num(s.Hours), Reason: "want a positive number of hours"}
		}
		m.nucs[ni].shelf = s.Hours * 3600
	}
	m.densify()
	for ni := range m.nucs {
		lots := m.nucs[ni].lots
		sort.SliceStable(lots, func(a, b int) bool { return m.lots[lots[a]].t < m.lots[lots[b]].t })
	}
	return m, nil
}

// readDemands reads the demands of m.p when they are all valid: their fields checked and
// instants parsed in parallel chunks, their ids checked for duplicates in two halves by hash
// beside the hospitals and nuclides interned in input order. It reports false, leaving the
// interned names as they are, at the first problem of any kind.
func (m *model) readDemands(nucIdx map[string]int, nucOf func(field, name string) (int, error), hosp func(string) int32) bool {
	ds := m.p.Demands
	m.dems = make([]demN, len(ds))
	const chunk = 8192
	var chunks []int
	for i := 0; i < len(ds); i += chunk {
		chunks = append(chunks, i)
	}
	var bad atomic.Bool
	parallel(chunks, func(lo int) {
		for i := lo; i < min(lo+chunk, len(ds)); i++ {
			d := &ds[i]
			if d.ID == "" || d.Hospital == "" || !(d.ActivityBq > 0) || math.IsInf(d.ActivityBq, 0) || d.Priority < 1 {
				bad.Store(true)
				return
			}
			at, err := time.Parse(time.RFC3339, d.CalibrationAt)
			if err != nil {
				bad.Store(true)
				return
			}
			if d.WindowEnd != "" {
				we, err := time.Parse(time.RFC3339, d.WindowEnd)
				if err != nil || we.Before(at) {
					bad.Store(true)
					return
				}
			}
			m.dems[i] = demN{idx: i, t: unixSeconds(at), at: at, need: d.ActivityBq, class: d.Priority, divis: d.Divisible, group: -1}
		}
	})
	if bad.Load() {
		return false
	}
	// Duplicate ids, in two halves by hash, while the names are interned.
	var dup atomic.Bool
	var wg sync.WaitGroup
	seed := maphash.MakeSeed()
	for half := uint64(0); half < 2; half++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ids := make(map[string]struct{}, len(ds)/2+1)
			for i := range ds {
				id := ds[i].ID
				if maphash.String(seed, id)&1 != half {
					continue
				}
				if _, ok := ids[id]; ok {
					dup.Store(true)
					return
				}
				ids[id] = struct{}{}
			}
		}()
	}
	ok := true
	for i := range ds {
		d := &ds[i]
		ni, known := nucIdx[d.Nuclide]
		if !known {
			var err error
			if ni, err = nucOf("", d.Nuclide); err != nil {
				ok = false
				break
			}
		}
		m.dems[i].nucIdx = ni
		m.dems[i].hosp = hosp(d.Hospital)
	}
	wg.Wait()
	return ok && !dup.Load()
}

// transitOf is the transit time from site s to hospital h in seconds; a lot at a site named like
// the hospital (an on-site cyclotron) needs no route.
func (m *model) transitOf(s, h int32) (float64, bool) {
	if m.dense != nil {
		t := m.dense[int(s)*len(m.hosps)+int(h)]
		return t, t >= 0
	}
	if t, ok := m.transit[[2]int32{s, h}]; ok {
		return t, true
	}
	if m.sites[s] == m.hosps[h] {
		return 0, true
	}
	return 0, false
}

// densify tabulates transit times when the table is of reasonable size (a European instance has
// 2,000 sites and departments at most), turning the hottest map lookup into an index.
func (m *model) densify() {
	n := len(m.sites) * len(m.hosps)
	if n == 0 || n > 1<<24 {
		return
	}
	dense := make([]float64, n)
	for s := range m.sites {
		for h := range m.hosps {
			t, ok := m.transitOf(int32(s), int32(h))
			if !ok {
				t = -1
			}
			dense[s*len(m.hosps)+h] = t
		}
	}
	m.dense = dense
}

// maxAge is how long after its availability a lot of nuclide ni may still serve.
func (m *model) maxAge(ni int) float64 {
	n := m.nucs[ni]
	return math.Min(n.shelf, maxHalfLives*math.Ln2/n.lambda)
}

// feasible reports whether lot l can reach a demand of hospital h calibrated at t.
func (m *model) feasible(l int, h int32, t float64) bool {
	lot := &m.lots[l]
	if t-lot.t > m.maxAge(lot.nucIdx) {
		return false
	}
	tr, ok := m.transitOf(lot.site, h)
	return ok && lot.t+tr <= t
}

// candidateLots calls fn for each lot of nuclide ni available in [t−maxAge, t], in order.
func (m *model) candidateLots(ni int, t float64, fn func(l int)) {
	lots := m.nucs[ni].lots
	lo := t - m.maxAge(ni)
	i := sort.Search(len(lots), func(k int) bool { return m.lots[lots[k]].t >= lo })
	for ; i < len(lots) && m.lots[lots[i]].t <= t; i++ {
		fn(lots[i])
	}
}
