package outlook

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"kern"
	"kern/internal/forecast"
	"kern/internal/org"
	"kern/internal/web"
	"kern/internal/web/i18n"
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

// Param is one parameter of a scenario with where it comes from, in the reader's language; an
// empty source is shown as an assumption.
type Param struct {
	Path   string
	Value  string
	Source string
}

// EditedSource is the source a value changed in the parameter form takes. It is stored in the
// scenario document (which is language-neutral, like `kern forecast`'s files); pages show it with
// the message "outlook.source.edited".
const EditedSource = "assumption (changed in the platform)"

// Params lists every number of a scenario with its source, in document order: t translates the
// labels (message keys "outlook.p.*", "outlook.band.*", "outlook.source.edited") and n writes a
// number in the reader's language.
func Params(s forecast.Scenario, t func(key string, args ...any) string, n func(float64) string) []Param {
	var out []Param
	source := func(src string) string {
		if src == EditedSource {
			return t("outlook.source.edited")
		}
		return src
	}
	val := func(label string, v *forecast.Value) {
		if v != nil {
			out = append(out, Param{label, n(v.Value), source(v.Source)})
		}
	}
	unc := func(label string, u *forecast.Uncertain) {
		if u == nil {
			return
		}
		p := Param{label, n(u.Value), source(u.Source)}
		if b := u.Band; b != nil {
			if b.Mode != nil {
				p.Value += " (" + t("outlook.band."+b.Distribution, n(b.Low), n(*b.Mode), n(b.High)) + ")"
			} else {
				p.Value += " (" + t("outlook.band."+b.Distribution, n(b.Low), n(b.High)) + ")"
			}
		}
		out = append(out, p)
	}
	for i := range s.Applications {
		a := &s.Applications[i]
		l := func(key string) string { return t("outlook.p."+key, a.Name) }
		val(l("count"), &a.Count)
		unc(l("growth_rate"), a.Growth.Rate)
		val(l("growth_start_year"), a.Growth.StartYear)
		unc(l("ceiling"), a.Growth.Ceiling)
		unc(l("midpoint"), a.Growth.Midpoint)
		unc(l("steepness"), a.Growth.Steepness)
		val(l("activity_per_procedure"), &a.ActivityPerProcedure)
		val(l("room_days"), a.Resources.RoomDays)
		val(l("staff_hours"), a.Resources.StaffHours)
		val(l("hotlab_hours"), a.Resources.HotlabHours)
	}
	if to := s.TreatmentOptions; to != nil {
		for i := range to.Points {
			p := &to.Points[i]
			u := p.Multiplier
			if u.Source == "" {
				u.Source = to.Source
			}
			unc(t("outlook.p.treatment_options", p.Year), &u)
		}
	}
	for i := range s.Facilities {
		f := &s.Facilities[i]
		l := func(key string) string { return t("outlook.p."+key, f.Name) }
		val(l("capacity_per_week"), &f.CapacityPerWeek)
		val(l("weeks_per_year"), &f.WeeksPerYear)
		val(l("share"), f.Share)
		val(l("start_year"), f.StartYear)
		val(l("end_year"), f.EndYear)
	}
	val(t("outlook.p.room_days_per_room"), &s.Resources.RoomDaysPerYear)
	val(t("outlook.p.staff_hours_per_fte"), &s.Resources.StaffHoursPerYear)
	val(t("outlook.p.hotlab_hours_per_hotlab"), &s.Resources.HotlabHoursPerYear)
	return out
}

// NumIn writes a number of a scenario for a reader of lang: the decimal comma and the thousands
// point in Dutch, every significant digit kept; years are written without separators.
func NumIn(lang i18n.Lang, f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		if f >= 1900 && f <= 2300 {
			return strconv.FormatFloat(f, 'f', 0, 64)
		}
		return (&web.Page{Lang: lang}).Int(int(f))
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if lang == i18n.NL {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
