package forecast

import (
	"math"
	"math/rand/v2"
)

// model is a validated scenario in the flat form the Monte Carlo loop runs on.
type model struct {
	s         *Scenario
	years     int
	product   []int        // per application: index of its product
	anchor    []int        // per application: the year a logistic curve starts from
	optYears  []int        // treatment-options path
	optOn     []bool       // per application: multiplied by the path
	made      []bool       // per product: some facility makes it
	capacity  []float64    // [product][year], capacity a year
	operating [][]string   // [product][year], facilities operating
	ratio     [3][]float64 // per application: rooms, FTE and hotlabs per procedure
	optVals   []float64    // scratch: the path's multipliers of one run
}

func compile(s *Scenario) *model {
	nY, nP := s.EndYear-s.BaselineYear+1, len(s.Products)
	m := &model{s: s, years: nY, made: make([]bool, nP), capacity: make([]float64, nP*nY), operating: make([][]string, nP*nY)}
	prod := map[string]int{}
	for i, p := range s.Products {
		prod[p.Name] = i
	}
	r := s.Resources
	for i := range m.ratio {
		m.ratio[i] = make([]float64, len(s.Applications))
	}
	m.optOn = make([]bool, len(s.Applications))
	for _, a := range s.Applications {
		m.product = append(m.product, prod[a.Product])
		anchor := s.BaselineYear
		if a.Growth.StartYear != nil && int(a.Growth.StartYear.Value) > anchor {
			anchor = int(a.Growth.StartYear.Value)
		}
		m.anchor = append(m.anchor, anchor)
	}
	for i, a := range s.Applications {
		for k, pair := range [3]struct {
			need *Value
			per  float64
		}{{a.Resources.RoomDays, r.RoomDaysPerYear.Value}, {a.Resources.StaffHours, r.StaffHoursPerYear.Value}, {a.Resources.HotlabHours, r.HotlabHoursPerYear.Value}} {
			if pair.need != nil {
				m.ratio[k][i] = pair.need.Value / pair.per
			}
		}
	}
	if t := s.TreatmentOptions; t != nil {
		for _, p := range t.Points {
			m.optYears = append(m.optYears, p.Year)
		}
		m.optVals = make([]float64, len(t.Points))
		for _, n := range t.AppliesTo {
			for i, a := range s.Applications {
				if a.Name == n {
					m.optOn[i] = true
				}
			}
		}
	}
	for _, f := range s.Facilities {
		p := prod[f.Product]
		m.made[p] = true
		start, end := math.Inf(-1), math.Inf(1)
		if f.StartYear != nil {
			start = f.StartYear.Value
		}
		if f.EndYear != nil {
			end = f.EndYear.Value
		}
		share := 1.0
		if f.Share != nil {
			share = f.Share.Value
		}
		perYear := f.CapacityPerWeek.Value * f.WeeksPerYear.Value * share
		for y := range nY {
			if yr := float64(s.BaselineYear + y); yr >= start && yr <= end {
				m.capacity[p*nY+y] += perYear
				m.operating[p*nY+y] = append(m.operating[p*nY+y], f.Name)
			}
		}
	}
	return m
}

// project fills out ([series][year], the series of Run) for one draw of the uncertain
// parameters, or for their values when rng is nil.
func (m *model) project(rng *rand.Rand, out []float64) {
	s, nY, nA, nP := m.s, m.years, len(m.s.Applications), len(m.s.Products)
	val := func(u *Uncertain) float64 {
		if rng == nil {
			return u.Value
		}
		return draw(*u, rng)
	}
	clear(out)
	type params struct{ rate, ceiling, midpoint, steepness float64 }
	var ps [16]params
	pv := ps[:0]
	for i := range s.Applications {
		g := &s.Applications[i].Growth
		if g.Model == "constant" {
			pv = append(pv, params{rate: val(g.Rate)})
		} else {
			pv = append(pv, params{ceiling: val(g.Ceiling), midpoint: val(g.Midpoint), steepness: val(g.Steepness)})
		}
	}
	if t := s.TreatmentOptions; t != nil {
		for i := range t.Points {
			m.optVals[i] = val(&t.Points[i].Multiplier)
		}
	}
	base := nA + 2*nP
	for a := range s.Applications {
		app := &s.Applications[a]
		n0, act, p := app.Count.Value, app.ActivityPerProcedure.Value, m.product[a]
		for y := range nY {
			yr := s.BaselineYear + y
			var n float64
			if app.Growth.Model == "constant" {
				n = constantCount(n0, pv[a].rate, y)
			} else {
				n = logisticCount(n0, pv[a].ceiling, pv[a].midpoint, pv[a].steepness, m.anchor[a], yr)
			}
			if m.optOn[a] {
				n *= pathAt(m.optYears, m.optVals, yr)
			}
			out[a*nY+y] = n
			out[(nA+p)*nY+y] += n * act
			for k := range 3 {
				out[(base+k)*nY+y] += n * m.ratio[k][a]
			}
		}
	}
	for p := range nP {
		for y := range nY {
			out[(nA+nP+p)*nY+y] = m.capacity[p*nY+y] - out[(nA+p)*nY+y]
		}
	}
}
