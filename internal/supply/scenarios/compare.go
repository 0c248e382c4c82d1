package scenarios

import (
	"sort"
	"strings"
	"time"

	"kern/internal/auth"
	"kern/internal/org"
	"kern/internal/supply/runs"
	"kern/internal/web"
)

// Comparison is a scenario's run side by side with its baseline run. The aggregate parts
// (Nuclides, Classes, the counts) are for everyone logged in; Hospitals, Deferred and
// Bottlenecks name hospitals and are cut to what the reader may see: everything for the
// coordination office, a hospital user's own hospital, nothing for anyone else.
type Comparison struct {
	Scenario      Scenario               `json:"scenario"`
	BaselineRunID int64                  `json:"baseline_run_id"`
	RunID         int64                  `json:"run_id"`
	Ran           bool                   `json:"ran"`              // the scenario has a run to compare
	RunFailed     bool                   `json:"run_failed"`       // the engine refused the scenario's input
	Failed        string                 `json:"failed,omitempty"` // why: the coordination office's only, as on the runs' pages
	Stale         bool                   `json:"stale"`            // changed since its run: run it again
	Nuclides      []ScenarioNuclide      `json:"nuclides"`
	Classes       []ScenarioClass        `json:"classes"`
	Totals        ScenarioTotals         `json:"totals"`
	Hospitals     []ScenarioHospitalFill `json:"hospitals"`
	Deferred      []ComparedDose         `json:"deferred"` // the scenario's deferred patient doses
	Bottlenecks   []runs.BottleneckNamed `json:"bottlenecks"`
	// What the reader may see of the per-hospital parts.
	AllHospitals bool `json:"-"` // coordinators
	OwnHospitals bool `json:"-"` // a hospital user: its own rows only
}

// ScenarioTotals are the headline figures of both runs.
type ScenarioTotals struct {
	BaselineDeferred       int     `json:"baseline_deferred_doses"`
	ScenarioDeferred       int     `json:"scenario_deferred_doses"`
	BaselineHospitalsShort int     `json:"baseline_hospitals_short"`
	ScenarioHospitalsShort int     `json:"scenario_hospitals_short"`
	Hospitals              int     `json:"hospitals"`
	BaselineClass1Fill     float64 `json:"baseline_class1_fill"`
	ScenarioClass1Fill     float64 `json:"scenario_class1_fill"`
}

// ScenarioDay is one day of a nuclide: supply and demand in both runs.
type ScenarioDay struct {
	Date             string  `json:"date"`
	BaselineSupplyBq float64 `json:"baseline_supply_bq"`
	ScenarioSupplyBq float64 `json:"scenario_supply_bq"`
	BaselineDemandBq float64 `json:"baseline_requested_bq"`
	ScenarioDemandBq float64 `json:"scenario_requested_bq"`
	BaselineFilledBq float64 `json:"baseline_filled_bq"`
	ScenarioFilledBq float64 `json:"scenario_filled_bq"`
}

// Day is the date as a day in Amsterdam, for the page's date format.
func (d ScenarioDay) Day() time.Time {
	t, _ := time.ParseInLocation("2006-01-02", d.Date, web.Amsterdam)
	return t
}

// Short reports whether the scenario fills less than it is asked that day.
func (d ScenarioDay) Short() bool { return d.ScenarioFilledBq < d.ScenarioDemandBq*(1-1e-6) }

// ScenarioNuclide is a nuclide's days.
type ScenarioNuclide struct {
	Nuclide   string        `json:"nuclide"`
	Days      []ScenarioDay `json:"days"`
	ShortDays int           `json:"short_days"` // days the scenario fills less than asked
}

// ScenarioClass is a priority class in both runs.
type ScenarioClass struct {
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
func (c ScenarioClass) Diff() float64 { return c.ScenarioFill - c.BaselineFill }

// ScenarioHospitalFill is a hospital's fill of one nuclide in both runs.
type ScenarioHospitalFill struct {
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
func (h ScenarioHospitalFill) Diff() float64 { return h.ScenarioFill - h.BaselineFill }

// Short reports whether any of the hospital's demands of the nuclide is not filled whole in the
// scenario.
func (h ScenarioHospitalFill) Short() bool {
	return h.ScenarioMinFill < 1-1e-6 || h.ScenarioDeferred > 0 || h.ScenarioFill < 1-1e-6
}

// ComparedDose is a patient dose the scenario's run defers, as the run counts it
// (runs.Result.Deferred: not served whole, whether the engine deferred it or no lot can reach it
// at all, NoSupply).
type ComparedDose struct {
	runs.DeferredDose
}

// GBq is the dose's activity in GBq.
func (d ComparedDose) GBq() float64 { return GBq(d.ActivityBq) }

// comparedDoses are a result's deferred doses by class, then instant, then hospital.
func comparedDoses(res runs.Result) []ComparedDose {
	out := make([]ComparedDose, 0, len(res.Deferred))
	for _, d := range res.Deferred {
		out = append(out, ComparedDose{d})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Priority != b.Priority {
			return a.Priority < b.Priority
		}
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		return a.Hospital < b.Hospital
	})
	return out
}

func ratio(a, b float64) float64 {
	if b <= 0 {
		return 1
	}
	return a / b
}

// compare puts two results side by side. The deferred doses — counted per run, class and
// hospital — are the runs' own (Result.DeferredDoses, ClassFill.Deferred, Fill.DeferredDoses):
// every patient dose not served whole. The days are the horizon's, from start (the runs leave
// their lead-in out of their results).
func compare(base, scen runs.Result, start time.Time, horizon int) Comparison {
	var c Comparison
	c.Totals = ScenarioTotals{BaselineDeferred: base.DeferredDoses, ScenarioDeferred: scen.DeferredDoses,
		BaselineHospitalsShort: base.HospitalsShort, ScenarioHospitalsShort: scen.HospitalsShort,
		Hospitals: max(base.Hospitals, scen.Hospitals), BaselineClass1Fill: base.Class1Fill, ScenarioClass1Fill: scen.Class1Fill}

	// Days per nuclide.
	type dk struct{ n, d string }
	days := map[dk]*ScenarioDay{}
	var order []dk
	day := func(n, d string) *ScenarioDay {
		k := dk{n, d}
		if x, ok := days[k]; ok {
			return x
		}
		x := &ScenarioDay{Date: d}
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
	// Every day of the horizon, so the chart's axis is time: a day without supply or demand is 0.
	if len(order) > 0 && !start.IsZero() && horizon > 0 {
		nuclides := map[string]bool{}
		for _, k := range order {
			nuclides[k.n] = true
		}
		for n := range nuclides {
			for i := range horizon {
				day(n, start.In(web.Amsterdam).AddDate(0, 0, i).Format("2006-01-02"))
			}
		}
	}
	sort.Slice(order, func(i, j int) bool {
		if order[i].n != order[j].n {
			return order[i].n < order[j].n
		}
		return order[i].d < order[j].d
	})
	for _, k := range order {
		if len(c.Nuclides) == 0 || c.Nuclides[len(c.Nuclides)-1].Nuclide != k.n {
			c.Nuclides = append(c.Nuclides, ScenarioNuclide{Nuclide: k.n})
		}
		n := &c.Nuclides[len(c.Nuclides)-1]
		d := *days[k]
		n.Days = append(n.Days, d)
		if d.Short() {
			n.ShortDays++
		}
	}

	// Classes.
	classes := map[int]*ScenarioClass{}
	class := func(p int) *ScenarioClass {
		if x, ok := classes[p]; ok {
			return x
		}
		x := &ScenarioClass{Priority: p}
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
		h                ScenarioHospitalFill
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
		x := &acc{h: ScenarioHospitalFill{OrgID: f.OrgID, Hospital: f.Hospital, Nuclide: f.Nuclide}, sMin: 1}
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
	c.Deferred = comparedDoses(scen)
	SortWorstFirst(c.Hospitals)
	c.Bottlenecks = scen.Bottlenecks
	return c
}

// SortWorstFirst orders hospital rows by the scenario's fill (lowest first), then by how much
// they lose against the baseline, then by name.
func SortWorstFirst(rows []ScenarioHospitalFill) {
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
	// The engine's error names the input it refused (facilities, hospitals, products): the runs'
	// pages show it to the coordination office only, and so does the comparison.
	c.Failed = ""
	var hs []ScenarioHospitalFill
	for _, h := range c.Hospitals {
		if p.InOrg(h.OrgID) {
			hs = append(hs, h)
		}
	}
	var ds []ComparedDose
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
func (c Comparison) Filter(f HospitalFilter) []ScenarioHospitalFill {
	q := org.Fold(strings.TrimSpace(f.Q))
	var out []ScenarioHospitalFill
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

// Percentages for the pages.

// BaselinePct is the baseline's fill in percent.
func (h ScenarioHospitalFill) BaselinePct() float64 { return h.BaselineFill * 100 }

// ScenarioPct is the scenario's fill in percent.
func (h ScenarioHospitalFill) ScenarioPct() float64 { return h.ScenarioFill * 100 }

// DiffPts is the difference in percentage points.
func (h ScenarioHospitalFill) DiffPts() float64 { return h.Diff() * 100 }

// ScenarioMinPct is the scenario's lowest fill of one demand in percent.
func (h ScenarioHospitalFill) ScenarioMinPct() float64 { return h.ScenarioMinFill * 100 }

// BaselinePct is the baseline's fill in percent.
func (c ScenarioClass) BaselinePct() float64 { return c.BaselineFill * 100 }

// ScenarioPct is the scenario's fill in percent.
func (c ScenarioClass) ScenarioPct() float64 { return c.ScenarioFill * 100 }

// DiffPts is the difference in percentage points.
func (c ScenarioClass) DiffPts() float64 { return c.Diff() * 100 }

// GBq shows an activity in GBq.
func GBq(bq float64) float64 { return bq / 1e9 }

// Baseline and scenario figures of a day in GBq, for the table beside the chart.
func (d ScenarioDay) BaselineSupply() float64 { return GBq(d.BaselineSupplyBq) }
func (d ScenarioDay) ScenarioSupply() float64 { return GBq(d.ScenarioSupplyBq) }
func (d ScenarioDay) ScenarioDemand() float64 { return GBq(d.ScenarioDemandBq) }
func (d ScenarioDay) BaselineFilled() float64 { return GBq(d.BaselineFilledBq) }
func (d ScenarioDay) ScenarioFilled() float64 { return GBq(d.ScenarioFilledBq) }

// Class1Pct are the class-1 fills in percent.
func (t ScenarioTotals) BaselineClass1Pct() float64 { return t.BaselineClass1Fill * 100 }
func (t ScenarioTotals) ScenarioClass1Pct() float64 { return t.ScenarioClass1Fill * 100 }

// Active reports whether anything is supplied, asked or filled that day in either run (the
// table beside the chart leaves out the empty days; the chart shows every day).
func (d ScenarioDay) Active() bool {
	return d.BaselineSupplyBq > 0 || d.ScenarioSupplyBq > 0 || d.BaselineDemandBq > 0 || d.ScenarioDemandBq > 0 ||
		d.BaselineFilledBq > 0 || d.ScenarioFilledBq > 0
}
