package runs

import (
	"context"
	"sort"
	"time"

	"kern/internal/web"
)

// Public status thresholds (docs/allocation-runs.md).
const (
	// TightMargin: a week whose demand is filled but whose supply exceeds its demand by less than
	// this share is tight.
	TightMargin = 0.10
	// ShortUnmet: a week with more than this share of its demand unmet is short.
	ShortUnmet = 0.05
)

// States of a nuclide in a week of the public status.
const (
	StateSufficient = "sufficient"
	StateTight      = "tight"
	StateShort      = "short"
)

// StatusCell is one nuclide in one week: national totals only, never a hospital.
type StatusCell struct {
	Nuclide     string  `json:"nuclide"`
	Week        int     `json:"week"` // 0 for the first seven days of the horizon
	State       string  `json:"state" enum:"sufficient,tight,short"`
	FillPct     float64 `json:"fill_pct"`   // filled over requested, in percent
	MarginPct   float64 `json:"margin_pct"` // supply over requested, minus 100, in percent
	Class1Whole bool    `json:"class1_whole"`
}

// StatusWeek is a week of the horizon.
type StatusWeek struct {
	Week int    `json:"week"`
	From string `json:"from"` // 2006-01-02, Amsterdam
	To   string `json:"to"`   // the last day
}

// SupplyStatus is the national supply status per nuclide and week, from the latest baseline run.
type SupplyStatus struct {
	RunAt    time.Time    `json:"run_at"`
	StartsAt time.Time    `json:"starts_at"`
	Days     int          `json:"horizon_days"`
	Nuclides []string     `json:"nuclides"`
	Weeks    []StatusWeek `json:"weeks"`
	Cells    []StatusCell `json:"cells"`
}

// Cell is the cell of a nuclide and week, if any.
func (s SupplyStatus) Cell(nuc string, week int) *StatusCell {
	for i := range s.Cells {
		if s.Cells[i].Nuclide == nuc && s.Cells[i].Week == week {
			return &s.Cells[i]
		}
	}
	return nil
}

// StatusOf is the public status of a run's result: for each nuclide and week of the horizon with
// demand, short when class 1 is not filled whole or more than 5 % of the demand is unmet; tight
// when the demand is filled but supply exceeds it by less than 10 %, or classes 2–3 are below
// 100 % while class 1 is whole; sufficient when every demand is filled with a margin. Weeks are
// seven days from the run's start (Amsterdam). It is pure.
func StatusOf(runAt, startsAt time.Time, days int, res Result) SupplyStatus {
	st := SupplyStatus{RunAt: runAt, StartsAt: startsAt, Days: days, Nuclides: []string{}, Weeks: []StatusWeek{}, Cells: []StatusCell{}}
	start := startsAt.In(web.Amsterdam)
	first := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, web.Amsterdam)
	weeks := (days + 6) / 7
	for w := 0; w < weeks; w++ {
		last := min(7*w+6, days-1)
		st.Weeks = append(st.Weeks, StatusWeek{Week: w, From: first.AddDate(0, 0, 7*w).Format("2006-01-02"),
			To: first.AddDate(0, 0, last).Format("2006-01-02")})
	}
	type acc struct{ supply, req, fill, req1, fill1 float64 }
	sums := map[string][]acc{}
	for _, d := range res.Days {
		day, err := time.ParseInLocation("2006-01-02", d.Date, web.Amsterdam)
		if err != nil {
			continue
		}
		w := int(day.Sub(first).Hours()/24+0.5) / 7
		if w < 0 || w >= weeks {
			continue
		}
		if sums[d.Nuclide] == nil {
			sums[d.Nuclide] = make([]acc, weeks)
		}
		a := &sums[d.Nuclide][w]
		a.supply += d.SupplyBq
		a.req += d.RequestedBq
		a.fill += d.FilledBq
		a.req1 += d.Class1Req
		a.fill1 += d.Class1Fill
	}
	for nuc, ws := range sums {
		has := false
		for w, a := range ws {
			if a.req <= 0 {
				continue
			}
			has = true
			c := StatusCell{Nuclide: nuc, Week: w, FillPct: 100 * min(a.fill/a.req, 1), MarginPct: 100 * (a.supply/a.req - 1),
				Class1Whole: a.fill1 >= a.req1*(1-1e-6)}
			whole := a.fill >= a.req*(1-1e-6)
			switch {
			case !c.Class1Whole || a.req-a.fill > ShortUnmet*a.req:
				c.State = StateShort
			case !whole || a.supply < a.req*(1+TightMargin):
				c.State = StateTight
			default:
				c.State = StateSufficient
			}
			st.Cells = append(st.Cells, c)
		}
		if has {
			st.Nuclides = append(st.Nuclides, nuc)
		}
	}
	sort.Strings(st.Nuclides)
	sort.Slice(st.Cells, func(i, j int) bool {
		if st.Cells[i].Nuclide != st.Cells[j].Nuclide {
			return st.Cells[i].Nuclide < st.Cells[j].Nuclide
		}
		return st.Cells[i].Week < st.Cells[j].Week
	})
	return st
}

// Status is the public supply status from the latest baseline run; false when there is none.
func (s *Service) Status(ctx context.Context) (SupplyStatus, bool, error) {
	run, ok, err := s.latest(ctx, KindBaseline, false)
	if err != nil || !ok {
		return SupplyStatus{}, false, err
	}
	return StatusOf(run.CreatedAt, run.StartsAt, run.HorizonDays, *run.Result), true, nil
}
