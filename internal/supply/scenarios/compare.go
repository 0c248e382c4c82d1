package scenarios

import (
	"sort"
	"strings"

	"kern/internal/auth"
	"kern/internal/org"
	"kern/internal/supply/runs"
)

// Comparison is a scenario's run side by side with its baseline run. The aggregate parts
// (Nuclides, Classes, the counts) are for everyone logged in; Hospitals, Deferred and
// Bottlenecks name hospitals and are cut to what the reader may see: everything for the
// coordination office, a hospital user's own hospital, nothing for anyone else.
type Comparison struct {
	Scenario      Scenario               `json:"scenario"`
	BaselineRunID int64                  `json:"baseline_run_id"`
	RunID         int64                  `json:"run_id"`
	Ran           bool                   `json:"ran"` // the scenario has a run to compare
	Failed        string                 `json:"failed,omitempty"`
	Nuclides      []NuclideCompare       `json:"nuclides"`
	Classes       []ClassCompare         `json:"classes"`
	Totals        Totals                 `json:"totals"`
	Hospitals     []HospitalFill         `json:"hospitals"`
	Deferred      []runs.DeferredDose    `json:"deferred"`
	Bottlenecks   []runs.BottleneckNamed `json:"bottlenecks"`
	// What the reader may see of the per-hospital parts.
	AllHospitals bool `json:"-"` // coordinators
	OwnHospitals bool `json:"-"` // a hospital user: its own rows only
}

// Totals are the headline figures of both runs.
type Totals struct {
	BaselineDeferred       int     `json:"baseline_deferred_doses"`
	ScenarioDeferred       int     `json:"scenario_deferred_doses"`
	BaselineHospitalsShort int     `json:"baseline_hospitals_short"`
	ScenarioHospitalsShort int     `json:"scenario_hospitals_short"`
	Hospitals              int     `json:"hospitals"`
	BaselineClass1Fill     float64 `json:"baseline_class1_fill"`
	ScenarioClass1Fill     float64 `json:"scenario_class1_fill"`
}

// DayCompare is one day of a nuclide: supply and demand in both runs.
type DayCompare struct {
	Date             string  `json:"date"`
	BaselineSupplyBq float64 `json:"baseline_supply_bq"`
	ScenarioSupplyBq float64 `json:"scenario_supply_bq"`
	BaselineDemandBq float64 `json:"baseline_requested_bq"`
	ScenarioDemandBq float64 `json:"scenario_requested_bq"`
	BaselineFilledBq float64 `json:"baseline_filled_bq"`
	ScenarioFilledBq float64 `json:"scenario_filled_bq"`
}

// Short reports whether the scenario fills less than it is asked that day.
func (d DayCompare) Short() bool { return d.ScenarioFilledBq < d.ScenarioDemandBq*(1-1e-6) }

// NuclideCompare is a nuclide's days.
type NuclideCompare struct {
	Nuclide   string       `json:"nuclide"`
	Days      []DayCompare `json:"days"`
	ShortDays int          `json:"short_days"` // days the scenario fills less than asked
}

// ClassCompare is a priority class in both runs.
type ClassCompare struct {
	Priority          int     `json:"priority"`
	BaselineRequested float64 `json:"baseline_requested_bq"`
	BaselineFilled    float64 `json:"baseline_filled_bq"`
	ScenarioRequested float64 `json:"scenario_requested_bq"`
	ScenarioFilled    float64 `json:"scenario_filled_bq"`
	BaselineFill      float64 `json:"baseline_fill"`
	ScenarioFill      float64 `json:"scenario_fill"`
	BaselineDeferred  int     `json:"baseline_deferred"`
	ScenarioDeferred  int     `json:"scenario_deferred"`
}

// Diff is the scenario's fill minus the baseline's.
func (c ClassCompare) Diff() float64 { return c.ScenarioFill - c.BaselineFill }

// HospitalFill is a hospital's fill of one nuclide in both runs.
type HospitalFill struct {
	OrgID             int64   `json:"org_id"`
	Hospital          string  `json:"hospital"`
	Nuclide           string  `json:"nuclide"`
	BaselineRequested float64 `json:"baseline_requested_bq"`
	ScenarioRequested float64 `json:"scenario_requested_bq"`
	BaselineFill      float64 `json:"baseline_fill"` // filled over requested
	ScenarioFill      float64 `json:"scenario_fill"`
	ScenarioMinFill   float64 `json:"scenario_min_fill"` // the lowest fill of any of its demands
	BaselineDeferred  int     `json:"baseline_deferred_doses"`
	ScenarioDeferred  int     `json:"scenario_deferred_doses"`
}

// Diff is the scenario's fill minus the baseline's.
func (h HospitalFill) Diff() float64 { return h.ScenarioFill - h.BaselineFill }

// Short reports whether any of the hospital's demands of the nuclide is not filled whole in the
// scenario.
func (h HospitalFill) Short() bool {
	return h.ScenarioMinFill < 1-1e-6 || h.ScenarioDeferred > 0 || h.ScenarioFill < 1-1e-6
}

func ratio(a, b float64) float64 {
	if b <= 0 {
		return 1
	}
	return a / b
}

// compare puts two results side by side.
func compare(base, scen runs.Result) Comparison {
	var c Comparison
	c.Totals = Totals{BaselineDeferred: base.DeferredDoses, ScenarioDeferred: scen.DeferredDoses,
		BaselineHospitalsShort: base.HospitalsShort, ScenarioHospitalsShort: scen.HospitalsShort,
		Hospitals: max(base.Hospitals, scen.Hospitals), BaselineClass1Fill: base.Class1Fill, ScenarioClass1Fill: scen.Class1Fill}

	// Days per nuclide.
	type dk struct{ n, d string }
	days := map[dk]*DayCompare{}
	var order []dk
	day := func(n, d string) *DayCompare {
		k := dk{n, d}
		if x, ok := days[k]; ok {
			return x
		}
		x := &DayCompare{Date: d}
		days[k] = x
		order = append(order, k)
		return x
	}
	for _, x := range base.Days {
		d := day(x.Nuclide, x.Date)
		d.BaselineSupplyBq, d.BaselineDemandBq, d.BaselineFilledBq = x.SupplyBq, x.RequestedBq, x.FilledBq
	}
	for _, x := range scen.Days {
		d := day(x.Nuclide, x.Date)
		d.ScenarioSupplyBq, d.ScenarioDemandBq, d.ScenarioFilledBq = x.SupplyBq, x.RequestedBq, x.FilledBq
	}
	sort.Slice(order, func(i, j int) bool {
		if order[i].n != order[j].n {
			return order[i].n < order[j].n
		}
		return order[i].d < order[j].d
	})
	for _, k := range order {
		if len(c.Nuclides) == 0 || c.Nuclides[len(c.Nuclides)-1].Nuclide != k.n {
			c.Nuclides = append(c.Nuclides, NuclideCompare{Nuclide: k.n})
		}
		n := &c.Nuclides[len(c.Nuclides)-1]
		d := *days[k]
		n.Days = append(n.Days, d)
		if d.Short() {
			n.ShortDays++
		}
	}

	// Classes.
	classes := map[int]*ClassCompare{}
	class := func(p int) *ClassCompare {
		if x, ok := classes[p]; ok {
			return x
		}
		x := &ClassCompare{Priority: p}
		classes[p] = x
		return x
	}
	for _, x := range base.Classes {
		k := class(x.Priority)
		k.BaselineRequested, k.BaselineFilled, k.BaselineDeferred = x.RequestedBq, x.FilledBq, x.Deferred
	}
	for _, x := range scen.Classes {
		k := class(x.Priority)
		k.ScenarioRequested, k.ScenarioFilled, k.ScenarioDeferred = x.RequestedBq, x.FilledBq, x.Deferred
	}
	for _, k := range classes {
		k.BaselineFill, k.ScenarioFill = ratio(k.BaselineFilled, k.BaselineRequested), ratio(k.ScenarioFilled, k.ScenarioRequested)
		c.Classes = append(c.Classes, *k)
	}
	sort.Slice(c.Classes, func(i, j int) bool { return c.Classes[i].Priority < c.Classes[j].Priority })

	// Hospitals × nuclide.
	type hk struct {
		org int64
		n   string
	}
	type acc struct {
		h                HospitalFill
		bFilled, sFilled float64
		sMin             float64
		seenScenario     bool
	}
	hs := map[hk]*acc{}
	get := func(f runs.Fill) *acc {
		k := hk{f.OrgID, f.Nuclide}
		if x, ok := hs[k]; ok {
			return x
		}
		x := &acc{h: HospitalFill{OrgID: f.OrgID, Hospital: f.Hospital, Nuclide: f.Nuclide}, sMin: 1}
		hs[k] = x
		return x
	}
	for _, f := range base.Fills {
		a := get(f)
		a.h.BaselineRequested += f.RequestedBq
		a.bFilled += f.FilledBq
		a.h.BaselineDeferred += f.DeferredDoses
	}
	for _, f := range scen.Fills {
		a := get(f)
		a.h.ScenarioRequested += f.RequestedBq
		a.sFilled += f.FilledBq
		a.h.ScenarioDeferred += f.DeferredDoses
		a.sMin = min(a.sMin, f.MinFillRatio)
		a.seenScenario = true
	}
	for _, a := range hs {
		a.h.BaselineFill = ratio(a.bFilled, a.h.BaselineRequested)
		a.h.ScenarioFill = ratio(a.sFilled, a.h.ScenarioRequested)
		a.h.ScenarioMinFill = a.sMin
		c.Hospitals = append(c.Hospitals, a.h)
	}
	SortWorstFirst(c.Hospitals)
	c.Deferred = scen.Deferred
	c.Bottlenecks = scen.Bottlenecks
	return c
}

// SortWorstFirst orders hospital rows by the scenario's fill (lowest first), then by how much
// they lose against the baseline, then by name.
func SortWorstFirst(rows []HospitalFill) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.ScenarioFill != b.ScenarioFill {
			return a.ScenarioFill < b.ScenarioFill
		}
		if a.Diff() != b.Diff() {
			return a.Diff() < b.Diff()
		}
		if a.Hospital != b.Hospital {
			return a.Hospital < b.Hospital
		}
		return a.Nuclide < b.Nuclide
	})
}

// restrict cuts the per-hospital parts to what p may see.
func (c *Comparison) restrict(p *auth.Principal) {
	if p.IsCoordinator() {
		c.AllHospitals = true
		return
	}
	var hs []HospitalFill
	for _, h := range c.Hospitals {
		if p.InOrg(h.OrgID) {
			hs = append(hs, h)
		}
	}
	var ds []runs.DeferredDose
	for _, d := range c.Deferred {
		if p.InOrg(d.OrgID) {
			ds = append(ds, d)
		}
	}
	c.Hospitals, c.Deferred, c.Bottlenecks = hs, ds, nil
	c.OwnHospitals = len(hs) > 0
}

// HospitalFilter selects the rows of the fill table.
type HospitalFilter struct {
	Q     string
	Short bool // only the rows that are short in the scenario
}

// Filter returns the hospital rows matching f.
func (c Comparison) Filter(f HospitalFilter) []HospitalFill {
	q := org.Fold(strings.TrimSpace(f.Q))
	var out []HospitalFill
	for _, h := range c.Hospitals {
		if f.Short && !h.Short() {
			continue
		}
		if q != "" && !strings.Contains(org.Fold(h.Hospital+" "+h.Nuclide), q) {
			continue
		}
		out = append(out, h)
	}
	return out
}
