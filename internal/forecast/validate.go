package forecast

import (
	"fmt"
	"math"
	"strconv"
)

// Validate checks a scenario and fills EndYear when it is absent. Every error is an *InputError
// naming the first invalid field.
func (s *Scenario) Validate() error {
	if s.BaselineYear < 1900 || s.BaselineYear > 2200 {
		return bad("baseline_year", itoa(s.BaselineYear), "want a year from 1900 to 2200")
	}
	if s.EndYear == 0 {
		s.EndYear = DefaultEndYear
	}
	if s.EndYear < s.BaselineYear {
		return bad("end_year", itoa(s.EndYear), "the end year is before the baseline year "+itoa(s.BaselineYear))
	}
	if s.EndYear-s.BaselineYear > 100 {
		return bad("end_year", itoa(s.EndYear), "want a horizon of at most 100 years")
	}
	units := map[string]bool{}
	for i, p := range s.Products {
		f := fmt.Sprintf("products[%d]", i)
		switch {
		case p.Name == "":
			return bad(f+".name", `""`, "a product needs a name")
		case units[p.Name]:
			return bad(f+".name", strconv.Quote(p.Name), "duplicate product")
		case p.Unit == "":
			return bad(f+".unit", `""`, "a product needs a unit")
		}
		units[p.Name] = true
	}
	product := func(f, name string) error {
		if !units[name] {
			return bad(f, strconv.Quote(name), "unknown product (not in products)")
		}
		return nil
	}
	apps := map[string]bool{}
	for i := range s.Applications {
		a := &s.Applications[i]
		f := fmt.Sprintf("applications[%d]", i)
		if a.Name == "" {
			return bad(f+".name", `""`, "an application needs a name")
		}
		if apps[a.Name] {
			return bad(f+".name", strconv.Quote(a.Name), "duplicate application")
		}
		apps[a.Name] = true
		if a.Kind != "diagnostic" && a.Kind != "therapy" {
			return bad(f+".kind", strconv.Quote(a.Kind), `want "diagnostic" or "therapy"`)
		}
		if err := within(f+".count", a.Count.Value, 0, maxCount); err != nil {
			return err
		}
		if err := product(f+".product", a.Product); err != nil {
			return err
		}
		if err := within(f+".activity_per_procedure", a.ActivityPerProcedure.Value, 0, maxAmount); err != nil {
			return err
		}
		if err := s.validateGrowth(f+".growth", a); err != nil {
			return err
		}
		for _, r := range []struct {
			name string
			v    *Value
		}{{"room_days", a.Resources.RoomDays}, {"staff_hours", a.Resources.StaffHours}, {"hotlab_hours", a.Resources.HotlabHours}} {
			if r.v != nil {
				if err := within(f+".resources."+r.name, r.v.Value, 0, 1e6); err != nil {
					return err
				}
			}
		}
	}
	if t := s.TreatmentOptions; t != nil {
		if err := validateOptions(t, apps); err != nil {
			return err
		}
	}
	for i, fc := range s.Facilities {
		f := fmt.Sprintf("facilities[%d]", i)
		if fc.Name == "" {
			return bad(f+".name", `""`, "a facility needs a name")
		}
		if err := product(f+".product", fc.Product); err != nil {
			return err
		}
		if err := within(f+".capacity_per_week", fc.CapacityPerWeek.Value, 0, maxAmount); err != nil {
			return err
		}
		if err := within(f+".weeks_per_year", fc.WeeksPerYear.Value, 0, 53); err != nil {
			return err
		}
		if fc.Share != nil {
			if err := within(f+".share", fc.Share.Value, 0, 1); err != nil {
				return err
			}
		}
		for _, y := range []struct {
			name string
			v    *Value
		}{{"start_year", fc.StartYear}, {"end_year", fc.EndYear}} {
			if y.v != nil {
				if err := year(f+"."+y.name, y.v.Value); err != nil {
					return err
				}
			}
		}
		if fc.StartYear != nil && fc.EndYear != nil && fc.StartYear.Value > fc.EndYear.Value {
			return bad(f+".start_year", num(fc.StartYear.Value), "the start year is after the end year "+num(fc.EndYear.Value))
		}
	}
	r := s.Resources
	for _, y := range []struct {
		name string
		v    float64
	}{{"room_days_per_year", r.RoomDaysPerYear.Value}, {"staff_hours_per_year", r.StaffHoursPerYear.Value}, {"hotlab_hours_per_year", r.HotlabHoursPerYear.Value}} {
		if !(y.v >= 1e-3 && y.v <= 1e6) {
			return bad("resources."+y.name, num(y.v), "want a positive number from 0.001 to 1e6")
		}
	}
	return nil
}

func (s *Scenario) validateGrowth(f string, a *Application) error {
	g := a.Growth
	switch g.Model {
	case "constant":
		if g.Rate == nil {
			return bad(f+".rate", "null", "a constant growth needs a rate")
		}
		if g.StartYear != nil || g.Ceiling != nil || g.Midpoint != nil || g.Steepness != nil {
			return bad(f+".model", `"constant"`, "a constant growth takes only a rate")
		}
		return uncertain(f+".rate", *g.Rate, -1, 10, "want a growth rate from −1 (−100 % a year) to 10 (+1,000 % a year)")
	case "logistic":
		if g.Rate != nil {
			return bad(f+".rate", num(g.Rate.Value), "an adoption curve takes no rate")
		}
		for _, p := range []struct {
			name string
			set  bool
		}{{"start_year", g.StartYear != nil}, {"ceiling", g.Ceiling != nil}, {"midpoint", g.Midpoint != nil}, {"steepness", g.Steepness != nil}} {
			if !p.set {
				return bad(f+"."+p.name, "null", "an adoption curve needs start_year, ceiling, midpoint and steepness")
			}
		}
		if err := year(f+".start_year", g.StartYear.Value); err != nil {
			return err
		}
		if g.StartYear.Value > float64(s.EndYear) {
			return bad(f+".start_year", num(g.StartYear.Value), "the start year is after the end year "+itoa(s.EndYear))
		}
		if err := uncertain(f+".ceiling", *g.Ceiling, a.Count.Value, maxCount, "want a ceiling from the baseline count "+num(a.Count.Value)+" to "+num(maxCount)); err != nil {
			return err
		}
		if err := uncertain(f+".midpoint", *g.Midpoint, 1900, 2300, "outside 1900–2300"); err != nil {
			return err
		}
		if err := uncertain(f+".steepness", *g.Steepness, 1e-9, 100, "not in (0, 100] per year"); err != nil {
			return err
		}
		return nil
	}
	return bad(f+".model", strconv.Quote(g.Model), `want "constant" or "logistic"`)
}

func validateOptions(t *TreatmentOptions, apps map[string]bool) error {
	if len(t.AppliesTo) == 0 {
		return bad("treatment_options.applies_to", "[]", "name at least one application")
	}
	for i, n := range t.AppliesTo {
		if !apps[n] {
			return bad(fmt.Sprintf("treatment_options.applies_to[%d]", i), strconv.Quote(n), "unknown application")
		}
	}
	if len(t.Points) == 0 {
		return bad("treatment_options.points", "[]", "want at least one point")
	}
	for i, p := range t.Points {
		f := fmt.Sprintf("treatment_options.points[%d]", i)
		if err := year(f+".year", float64(p.Year)); err != nil {
			return err
		}
		if i > 0 && p.Year <= t.Points[i-1].Year {
			return bad(f+".year", itoa(p.Year), "years must increase")
		}
		if err := uncertain(f+".multiplier", p.Multiplier, 0, 1000, "want a multiplier from 0 to 1000"); err != nil {
			return err
		}
	}
	return nil
}

// uncertain checks a value and its band against [lo, hi].
func uncertain(f string, u Uncertain, lo, hi float64, what string) error {
	if err := inRange(f, u.Value, lo, hi, what); err != nil {
		return err
	}
	b := u.Band
	if b == nil {
		return nil
	}
	switch b.Distribution {
	case "uniform":
		if b.Mode != nil {
			return bad(f+".band.mode", num(*b.Mode), "a uniform band takes no mode")
		}
	case "triangular":
		if b.Mode == nil {
			return bad(f+".band.mode", "null", "a triangular band needs a mode")
		}
	default:
		return bad(f+".band.distribution", strconv.Quote(b.Distribution), `want "uniform" or "triangular"`)
	}
	if err := inRange(f+".band.low", b.Low, lo, hi, what); err != nil {
		return err
	}
	if err := inRange(f+".band.high", b.High, lo, hi, what); err != nil {
		return err
	}
	if b.Low > b.High {
		return bad(f+".band.low", num(b.Low), "above band.high "+num(b.High))
	}
	if u.Value < b.Low || u.Value > b.High {
		return bad(f+".value", num(u.Value), "outside its band ["+num(b.Low)+", "+num(b.High)+"]")
	}
	if b.Mode != nil && (*b.Mode < b.Low || *b.Mode > b.High) {
		return bad(f+".band.mode", num(*b.Mode), "outside the band ["+num(b.Low)+", "+num(b.High)+"]")
	}
	return nil
}

func inRange(f string, v, lo, hi float64, what string) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < lo || v > hi {
		return bad(f, num(v), what)
	}
	return nil
}

// The upper bounds keep every projection finite (and so encodable as JSON) over a 100-year horizon.
const (
	maxCount  = 1e9  // procedures a year
	maxAmount = 1e15 // activity per procedure, capacity per week
)

func within(f string, v, lo, hi float64) error {
	return inRange(f, v, lo, hi, "want a number from "+num(lo)+" to "+num(hi))
}

func year(f string, v float64) error {
	if v != math.Trunc(v) || v < 1900 || v > 2300 {
		return bad(f, num(v), "want a whole year from 1900 to 2300")
	}
	return nil
}

func bad(field, value, reason string) error {
	return &InputError{Field: field, Value: value, Reason: reason}
}

func itoa(i int) string { return strconv.Itoa(i) }

func num(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
