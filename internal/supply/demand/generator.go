package demand

import (
	"context"
	"math"
	"sort"
	"strings"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/nuclide"
	"kern/internal/web"
)

// Preset is a typical Tc-99m procedure with an illustrative adult activity per procedure: the
// values are examples for the planning aid, editable, not a dosage guideline.
type Preset struct {
	Code        string  `json:"code"`
	ActivityMBq float64 `json:"activity_mbq"`
}

// Presets are the planning aid's procedures with illustrative typical adult activities (MBq).
var Presets = []Preset{
	{"bone_scan", 600},
	{"myocardial_perfusion", 800},
	{"lung_perfusion", 100},
	{"renography", 100},
	{"sentinel_node", 120},
}

// PresetActivity is the illustrative activity of a preset, 0 for an unknown code.
func PresetActivity(code string) float64 {
	for _, p := range Presets {
		if p.Code == code {
			return p.ActivityMBq
		}
	}
	return 0
}

// GeneratorProcedure is one row of the weekly schedule: count procedures on weekday (Sunday = 0) from Time.
type GeneratorProcedure struct {
	Weekday     int     `json:"weekday" minimum:"0" maximum:"6" doc:"Sunday = 0"`
	Time        string  `json:"time" doc:"HH:MM, Amsterdam time"`
	Procedure   string  `json:"procedure,omitempty" doc:"A preset code (bone_scan, myocardial_perfusion, lung_perfusion, renography, sentinel_node) or free text"`
	Count       int     `json:"count" minimum:"0" maximum:"500"`
	ActivityMBq float64 `json:"activity_mbq,omitempty" doc:"Tc-99m activity per procedure in MBq at the procedure time; empty: the preset's illustrative value"`
}

// SizingInput is what the planning aid takes.
type SizingInput struct {
	Procedures []GeneratorProcedure
	CalWeekday int    // the generator's calibration weekday (Sunday = 0)
	CalTime    string // HH:MM
	Efficiency float64
	ProductID  int64 // a Mo-99 generator product whose nominal sizes to choose from (optional)
}

// DefaultEfficiency is the default elution efficiency.
const DefaultEfficiency = 0.9

// PrepHours is the preparation time: the day's elution is this long before its first procedure.
const PrepHours = 1

// ElutionRow is one day's elution: what the day's procedures need at the elution and what a
// generator of the computed size yields.
type ElutionRow struct {
	Weekday int              `json:"weekday"`
	At      time.Time        `json:"at"`
	Needed  nuclide.Activity `json:"needed_bq"`
	Yielded nuclide.Activity `json:"yielded_bq"`
}

// Clock is the elution's time of day, Amsterdam.
func (e ElutionRow) Clock() string { return e.At.In(web.Amsterdam).Format("15:04") }

// DayCode is the elution's weekday as a code.
func (e ElutionRow) DayCode() string { return DayCodes[e.Weekday] }

// NeededAmount is the elution's need for a page.
func (e ElutionRow) NeededAmount() Amount { return AmountOf(e.Needed) }

// YieldedAmount is the elution's yield for a page.
func (e ElutionRow) YieldedAmount() Amount { return AmountOf(e.Yielded) }

// SizeAmount is the generator size for a page.
func (g GeneratorSizing) SizeAmount() Amount { return AmountOf(g.Size) }

// NominalAmount is the chosen nominal size for a page.
func (g GeneratorSizing) NominalAmount() Amount { return AmountOf(g.Nominal) }

// GeneratorSizing is the planning aid's answer.
type GeneratorSizing struct {
	CalibratedAt time.Time        `json:"calibrated_at" doc:"The calibration instant in the reference week"`
	Size         nuclide.Activity `json:"size_bq" doc:"Smallest Mo-99 activity at calibration that meets every elution"`
	Nominal      nuclide.Activity `json:"nominal_bq,omitempty" doc:"Smallest nominal size of the chosen product that covers Size; absent when none does"`
	ProductID    int64            `json:"product_id,omitempty"`
	ProductName  string           `json:"product_name,omitempty"`
	Elutions     []ElutionRow     `json:"elutions"`
	CalWeekday   int              `json:"calibration_weekday"`
	CalTime      string           `json:"calibration_time"`
}

// ReferenceMonday is the week the planning aid lays the schedule over: a fixed week without a
// change of summer time, so the same schedule always gives the same size.
var ReferenceMonday = time.Date(2026, 1, 5, 0, 0, 0, 0, web.Amsterdam)

func refInstant(weekday int, clock string) time.Time {
	t, _ := time.Parse("15:04", clock)
	d := ReferenceMonday.AddDate(0, 0, (weekday+6)%7)
	return time.Date(d.Year(), d.Month(), d.Day(), t.Hour(), t.Minute(), 0, 0, web.Amsterdam)
}

// Validate checks the schedule and fills the presets' activities.
func (in *SizingInput) Validate() error {
	var v kern.Validation
	if in.Efficiency == 0 {
		in.Efficiency = DefaultEfficiency
	}
	v.Check(in.Efficiency > 0 && in.Efficiency <= 1, "efficiency", "demand.efficiency_range")
	v.Check(in.CalWeekday >= 0 && in.CalWeekday <= 6, "calibration_weekday", "field.unknown_choice")
	if t, ok := ParseClock(in.CalTime); v.Check(ok, "calibration_time", "demand.time_invalid") {
		in.CalTime = t
	}
	any := false
	for i := range in.Procedures {
		r := &in.Procedures[i]
		r.Procedure = strings.TrimSpace(r.Procedure)
		if r.Count == 0 {
			continue
		}
		f := func(name string) string { return "procedures." + fmtID(int64(i)) + "." + name }
		v.Check(r.Count > 0 && r.Count <= 500, f("count"), "demand.count_range")
		v.Check(r.Weekday >= 0 && r.Weekday <= 6, f("weekday"), "field.unknown_choice")
		if t, ok := ParseClock(r.Time); v.Check(ok, f("time"), "demand.time_invalid") {
			r.Time = t
		}
		if r.ActivityMBq == 0 {
			r.ActivityMBq = PresetActivity(r.Procedure)
		}
		v.Check(r.ActivityMBq > 0 && r.ActivityMBq <= 1e5 && !math.IsNaN(r.ActivityMBq), f("activity_mbq"), "demand.activity_positive")
		any = true
	}
	v.Check(any, "procedures", "demand.no_procedures")
	return v.Err()
}

// SizeGenerator computes the smallest Mo-99/Tc-99m generator that meets a week of procedures:
// one elution per procedure day at the day's first procedure time minus PrepHours, each needing
// Σ count × activity of the day's procedures decayed back to the elution, with nuclide.Size; and the
// smallest nominal size of the chosen product that covers it. It is pure.
func SizeGenerator(in SizingInput, product *ProductChoice) (GeneratorSizing, error) {
	if err := in.Validate(); err != nil {
		return GeneratorSizing{}, err
	}
	tc, err := nuclide.Lookup("Tc-99m")
	if err != nil {
		return GeneratorSizing{}, err
	}
	type day struct {
		first time.Time
		procs []GeneratorProcedure
	}
	days := map[int]*day{}
	for _, r := range in.Procedures {
		if r.Count == 0 {
			continue
		}
		at := refInstant(r.Weekday, r.Time)
		d, ok := days[r.Weekday]
		if !ok {
			d = &day{first: at}
			days[r.Weekday] = d
		}
		if at.Before(d.first) {
			d.first = at
		}
		d.procs = append(d.procs, r)
	}
	res := GeneratorSizing{CalibratedAt: refInstant(in.CalWeekday, in.CalTime).UTC(), CalWeekday: in.CalWeekday, CalTime: in.CalTime}
	var needs []nuclide.Need
	for wd, d := range days {
		elution := d.first.Add(-PrepHours * time.Hour)
		var need float64
		for _, r := range d.procs {
			// The activity at the procedure, decayed back to the elution: A·e^{λ(t_proc − t_elution)}.
			need += float64(r.Count) * r.ActivityMBq * 1e6 / nuclide.DecayFactor(tc, elution, refInstant(r.Weekday, r.Time))
		}
		needs = append(needs, nuclide.Need{At: elution.UTC(), Activity: nuclide.Activity(need)})
		res.Elutions = append(res.Elutions, ElutionRow{Weekday: wd, At: elution.UTC(), Needed: nuclide.Activity(need)})
	}
	sort.Slice(res.Elutions, func(i, j int) bool { return res.Elutions[i].At.Before(res.Elutions[j].At) })
	sizing, err := nuclide.Size("Mo-99", res.CalibratedAt, in.Efficiency, needs)
	if err != nil {
		return GeneratorSizing{}, kern.FieldError("procedures", "demand.sizing_impossible")
	}
	res.Size = sizing.Activity
	for i, e := range sizing.Eluates {
		res.Elutions[i].Yielded = e.Daughter
	}
	if product != nil {
		res.ProductID, res.ProductName = product.ID, product.Label()
		nominal := append([]nuclide.Activity(nil), product.Nominal...)
		sort.Slice(nominal, func(i, j int) bool { return nominal[i] < nominal[j] })
		for _, a := range nominal {
			// A relative tolerance, so a size equal to a nominal one up to rounding is covered.
			if float64(a) >= float64(res.Size)*(1-1e-9) {
				res.Nominal = a
				break
			}
		}
	}
	return res, nil
}

// GeneratorProducts are the Mo-99 generator products the planning aid offers.
func (s *Service) GeneratorProducts(ctx context.Context, p *auth.Principal) ([]ProductChoice, error) {
	all, err := s.Products(ctx, p)
	if err != nil {
		return nil, err
	}
	var out []ProductChoice
	for _, x := range all {
		if x.Nuclide == "Mo-99" && x.Form == "generator" {
			out = append(out, x)
		}
	}
	return out, nil
}

// SizeGenerator runs the planning aid for p; nothing is stored.
func (s *Service) SizeGenerator(ctx context.Context, p *auth.Principal, in SizingInput) (GeneratorSizing, error) {
	if err := requireUser(p); err != nil {
		return GeneratorSizing{}, err
	}
	var product *ProductChoice
	if in.ProductID != 0 {
		x, ok, err := getProductChoice(ctx, s.DB.Reader(ctx), in.ProductID)
		if err != nil {
			return GeneratorSizing{}, err
		}
		if !ok || x.Nuclide != "Mo-99" || x.Form != "generator" {
			return GeneratorSizing{}, kern.FieldError("product_id", "demand.generator_unknown")
		}
		product = &x
	}
	return SizeGenerator(in, product)
}
