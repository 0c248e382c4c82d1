package alloc

import (
	"math"
	"sort"
	"time"
)

func (m *model) timeText(t float64, loc *time.Location) string {
	sec := math.Floor(t)
	return time.Unix(int64(sec), int64(math.Round((t-sec)*1e9))).In(loc).Format(time.RFC3339)
}

// render builds the plan from the index-form result.
func (m *model) render(res *result) Plan {
	p := m.p
	plan := Plan{Demands: make([]DemandPlan, len(m.dems)), Lots: make([]LotUse, len(m.lots)),
		Bottlenecks: res.levels, Warnings: m.warnings}
	type hk struct {
		h     int32
		class int
	}
	classes := map[int]*ClassTotal{}
	hosps := map[hk]*HospitalTotal{}
	// The demands' plans are independent and built in parallel, in chunks; the totals follow in
	// input order, so that their sums are the same on any number of cores.
	const chunk = 4096
	var chunks []int
	for i := 0; i < len(m.dems); i += chunk {
		chunks = append(chunks, i)
	}
	parallel(chunks, func(lo int) {
		for i := lo; i < min(lo+chunk, len(m.dems)); i++ {
			plan.Demands[i] = m.demandPlan(i, res)
		}
	})
	for i := range m.dems {
		d := &m.dems[i]
		in := &p.Demands[d.idx]
		dp := &plan.Demands[i]
		if d.group < 0 { // no lot reaches it (only demands in a group are deferred)
			m.unreachableWarning(d, &plan)
		}
		c := classes[d.class]
		if c == nil {
			c = &ClassTotal{Priority: d.class, MinFillRatio: 1}
			classes[d.class] = c
		}
		c.Demands++
		c.MinFillRatio = math.Min(c.MinFillRatio, dp.FillRatio)
		c.RequestedBq += dp.RequestedBq
		c.FilledBq += dp.FilledBq
		c.UnmetBq += dp.UnmetBq
		if d.deferred {
			c.Deferred++
		}
		if d.group < 0 {
			c.Unreachable++
		}
		h := hosps[hk{d.hosp, d.class}]
		if h == nil {
			h = &HospitalTotal{Hospital: in.Hospital, Priority: d.class, MinFillRatio: 1}
			hosps[hk{d.hosp, d.class}] = h
		}
		h.Demands++
		h.MinFillRatio = math.Min(h.MinFillRatio, dp.FillRatio)
		h.RequestedBq += dp.RequestedBq
		h.FilledBq += dp.FilledBq
	}
	for _, c := range classes {
		plan.Classes = append(plan.Classes, *c)
	}
	sort.Slice(plan.Classes, func(a, b int) bool { return plan.Classes[a].Priority < plan.Classes[b].Priority })
	for _, h := range hosps {
		plan.Hospitals = append(plan.Hospitals, *h)
	}
	sort.Slice(plan.Hospitals, func(a, b int) bool {
		x, y := plan.Hospitals[a], plan.Hospitals[b]
		if x.Hospital != y.Hospital {
			return x.Hospital < y.Hospital
		}
		return x.Priority < y.Priority
	})
	for i := range m.lots {
		l := &m.lots[i]
		used := math.Min(res.usedBq[i], l.act)
		if l.act-used <= 1e-9*l.act {
			used = l.act // rounding dust of a used-up lot
		}
		plan.Lots[i] = LotUse{ID: p.Lots[l.idx].ID, Nuclide: m.nucs[l.nucIdx].name, ActivityBq: l.act, UsedBq: used, LeftBq: l.act - used}
	}
	sort.SliceStable(plan.Bottlenecks, func(a, b int) bool {
		x, y := plan.Bottlenecks[a], plan.Bottlenecks[b]
		if x.Priority != y.Priority {
			return x.Priority < y.Priority
		}
		if x.FillRatio != y.FillRatio {
			return x.FillRatio < y.FillRatio
		}
		if x.Nuclide != y.Nuclide {
			return x.Nuclide < y.Nuclide
		}
		return x.Lots[0] < y.Lots[0]
	})
	if plan.Bottlenecks == nil {
		plan.Bottlenecks = []Bottleneck{}
	}
	if plan.Warnings == nil {
		plan.Warnings = []Warning{}
	}
	if plan.Classes == nil {
		plan.Classes = []ClassTotal{}
	}
	if plan.Hospitals == nil {
		plan.Hospitals = []HospitalTotal{}
	}
	return plan
}

// demandPlan is what demand i receives.
func (m *model) demandPlan(i int, res *result) DemandPlan {
	d := &m.dems[i]
	in := &m.p.Demands[d.idx]
	dp := DemandPlan{ID: in.ID, Hospital: in.Hospital, Nuclide: m.nucs[d.nucIdx].name, Priority: d.class,
		CalibrationAt: in.CalibrationAt, Moved: d.moved, RequestedBq: d.need, FilledBq: res.filled[i],
		Deferred: d.deferred, Reason: d.reason, Sources: make([]Source, 0, len(res.srcs[i]))}
	if d.moved {
		dp.CalibrationAt = d.at.Format(time.RFC3339)
	}
	dp.FillRatio = dp.FilledBq / dp.RequestedBq
	if !d.divis && !d.deferred && dp.FillRatio > 1-1e-9 || dp.FillRatio > 1 {
		// A served dose is served whole; the rest is rounding in the last digits.
		dp.FillRatio, dp.FilledBq = 1, dp.RequestedBq
	}
	dp.UnmetBq = math.Max(0, dp.RequestedBq-dp.FilledBq)
	if d.group < 0 && dp.Reason == "" {
		dp.Reason = m.unreachableReason(d)
	}
	for _, s := range res.srcs[i] {
		lot := &m.lots[s.lot]
		tr, _ := m.transitOf(lot.site, d.hosp)
		dp.Sources = append(dp.Sources, Source{Lot: m.p.Lots[lot.idx].ID,
			DepartsAt: m.timeText(s.departs, lot.at.Location()), ArrivesAt: m.timeText(s.departs+tr, d.at.Location()),
			DispatchedBq: s.dispatched, ArrivedBq: s.arrived})
	}
	return dp
}

func (m *model) unreachableReason(d *demN) string {
	in := &m.p.Demands[d.idx]
	return "unserved: no lot of " + m.nucs[d.nucIdx].name + " can reach " + in.Hospital + " by " + in.CalibrationAt +
		" (no route, too long in transit, available too late or past shelf life)"
}

// unreachableWarning warns when no route at all leads to the demand's hospital from a site that
// holds its nuclide: most likely a missing route in the input rather than a late lot.
func (m *model) unreachableWarning(d *demN, plan *Plan) {
	for _, l := range m.nucs[d.nucIdx].lots {
		if _, ok := m.transitOf(m.lots[l].site, d.hosp); ok {
			return
		}
	}
	in := &m.p.Demands[d.idx]
	plan.Warnings = append(plan.Warnings, Warning{Demand: in.ID,
		Message: "no route reaches hospital " + quote(in.Hospital) + " from any site holding " + m.nucs[d.nucIdx].name})
}
