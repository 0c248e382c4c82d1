package outlook

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"kern"
	"kern/internal/forecast"
	"kern/internal/org"
)

// Saved is a forecast scenario saved by name in the platform.
type Saved struct {
	ID          int64             `json:"id"`
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Scenario    forecast.Scenario `json:"-"`
	Runs        int               `json:"runs"`
	Seed        uint64            `json:"seed"`
	CreatedBy   string            `json:"created_by"`
	UpdatedBy   string            `json:"updated_by"`
	CreatedAt   time.Time         `json:"created_at"`
	UpdatedAt   time.Time         `json:"updated_at"`
}

// Input is what a coordinator saves.
type Input struct {
	Name        string
	Description string
	Scenario    forecast.Scenario
	Runs        int
	Seed        uint64
}

// Limits of the platform: the engine allows up to forecast.MaxRuns, but a page that runs the
// forecast on every view is kept fast by a lower bound; seeds stay exact in JSON numbers.
const (
	MaxRuns = 10000
	MaxSeed = 1<<53 - 1
)

// Validate checks the input; errors in the scenario name its field as "scenario.<path>", the
// path the forecast package gives (e.g. "scenario.applications[1].growth.rate").
func (in *Input) Validate() error {
	in.Name = strings.TrimSpace(in.Name)
	in.Description = strings.TrimSpace(in.Description)
	var v kern.Validation
	v.Check(in.Name != "", "name", "field.required")
	v.Check(utf8.RuneCountInString(in.Name) <= 200, "name", "field.too_long")
	v.Check(utf8.RuneCountInString(in.Description) <= 4000, "description", "field.too_long")
	v.Check(in.Runs >= 1 && in.Runs <= MaxRuns, "runs", "outlook.error.runs")
	v.Check(in.Seed <= MaxSeed, "seed", "outlook.error.seed")
	if err := in.Scenario.Validate(); err != nil {
		e := ScenarioError(err)
		if v.Err() == nil {
			return e
		}
		for f, k := range e.Fields {
			v.Add(f, k)
		}
	}
	return v.Err()
}

// ScenarioError turns a forecast input error into an Invalid error on the field "scenario.<path>",
// its message key saying why in the user's language, and the whole-form message naming the path
// and the value.
func ScenarioError(err error) *kern.Error {
	var ie *forecast.InputError
	if !errors.As(err, &ie) {
		return &kern.Error{Code: kern.Invalid, Key: "outlook.error.scenario", Args: []any{"(document)", "…"},
			Fields: map[string]string{"scenario": "outlook.error.invalid_value"}}
	}
	field := "scenario"
	if ie.Field != "(document)" {
		field = "scenario." + ie.Field
	}
	return &kern.Error{Code: kern.Invalid, Key: "outlook.error.scenario", Args: []any{ie.Field, ie.Value},
		Fields: map[string]string{field: reasonKey(ie)}}
}

// reasonKey picks the message for a forecast input error from its field and reason.
func reasonKey(ie *forecast.InputError) string {
	r := ie.Reason
	switch {
	case strings.Contains(r, "growth rate"):
		return "outlook.error.rate_range"
	case strings.Contains(r, "start year is after the end year"):
		return "outlook.error.start_after_end"
	case strings.Contains(r, "end year is before the baseline"):
		return "outlook.error.end_before_baseline"
	case strings.Contains(r, "outside its band"):
		return "outlook.error.outside_band"
	case strings.HasPrefix(r, "above band.high"):
		return "outlook.error.band_order"
	case strings.Contains(r, "whole year"), strings.Contains(r, "want a year"):
		return "outlook.error.year"
	case r == "unknown field":
		return "outlook.error.unknown_field"
	case strings.HasPrefix(r, "not a scenario"), strings.HasPrefix(r, "want "), strings.Contains(r, "JSON value"):
		if ie.Field == "(document)" {
			return "outlook.error.not_json"
		}
	}
	if strings.HasPrefix(r, "want a number from") || strings.HasPrefix(r, "want a ") {
		return "outlook.error.out_of_range"
	}
	return "outlook.error.invalid_value"
}

// DecodeScenario reads a scenario document for saving or running; errors are Invalid on the
// field "scenario…".
func DecodeScenario(data []byte) (forecast.Scenario, error) {
	s, err := forecast.DecodeScenario(data)
	if err != nil {
		return forecast.Scenario{}, ScenarioError(err)
	}
	return s, nil
}

// ScenarioJSON is the scenario as stored and shown in the editor, indented.
func ScenarioJSON(s forecast.Scenario) string {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return "{}"
	}
	return string(b)
}

func searchText(in Input) string { return org.Fold(in.Name + " " + in.Description) }

// Param is one parameter of a scenario with where it comes from; an empty source is shown as an
// assumption.
type Param struct {
	Path   string
	Value  string
	Source string
}

// Params lists every number of a scenario with its source, in document order.
func Params(s forecast.Scenario) []Param {
	var out []Param
	val := func(path string, v *forecast.Value) {
		if v != nil {
			out = append(out, Param{path, num(v.Value), v.Source})
		}
	}
	unc := func(path string, u *forecast.Uncertain) {
		if u == nil {
			return
		}
		p := Param{path, num(u.Value), u.Source}
		if b := u.Band; b != nil {
			if b.Mode != nil {
				p.Value += fmt.Sprintf(" (%s %s–%s–%s)", b.Distribution, num(b.Low), num(*b.Mode), num(b.High))
			} else {
				p.Value += fmt.Sprintf(" (%s %s–%s)", b.Distribution, num(b.Low), num(b.High))
			}
		}
		out = append(out, p)
	}
	for i := range s.Applications {
		a := &s.Applications[i]
		pre := a.Name + ": "
		val(pre+"count", &a.Count)
		unc(pre+"growth rate", a.Growth.Rate)
		val(pre+"growth start year", a.Growth.StartYear)
		unc(pre+"ceiling", a.Growth.Ceiling)
		unc(pre+"midpoint", a.Growth.Midpoint)
		unc(pre+"steepness", a.Growth.Steepness)
		val(pre+"activity per procedure", &a.ActivityPerProcedure)
		val(pre+"room-days", a.Resources.RoomDays)
		val(pre+"staff hours", a.Resources.StaffHours)
		val(pre+"hotlab hours", a.Resources.HotlabHours)
	}
	if t := s.TreatmentOptions; t != nil {
		for i := range t.Points {
			p := &t.Points[i]
			u := p.Multiplier
			if u.Source == "" {
				u.Source = t.Source
			}
			unc(fmt.Sprintf("treatment options %d", p.Year), &u)
		}
	}
	for i := range s.Facilities {
		f := &s.Facilities[i]
		pre := f.Name + ": "
		val(pre+"capacity per week", &f.CapacityPerWeek)
		val(pre+"weeks per year", &f.WeeksPerYear)
		val(pre+"share", f.Share)
		val(pre+"start year", f.StartYear)
		val(pre+"end year", f.EndYear)
	}
	val("room-days per therapy room a year", &s.Resources.RoomDaysPerYear)
	val("staff hours per FTE a year", &s.Resources.StaffHoursPerYear)
	val("hotlab hours per hotlab a year", &s.Resources.HotlabHoursPerYear)
	return out
}
