package forecast

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Scenario is the input of Run, in its JSON wire form (snake_case; see docs/forecast.md).
type Scenario struct {
	Name         string `json:"name,omitempty"`
	BaselineYear int    `json:"baseline_year"`
	// EndYear is the horizon, inclusive; 0 means DefaultEndYear.
	EndYear          int               `json:"end_year,omitempty"`
	Products         []Product         `json:"products"`
	Applications     []Application     `json:"applications"`
	TreatmentOptions *TreatmentOptions `json:"treatment_options,omitempty"`
	Facilities       []Facility        `json:"facilities"`
	Resources        ResourceYield     `json:"resources"`
}

// DefaultEndYear is the horizon when a scenario names none.
const DefaultEndYear = 2040

// Product is what applications use and facilities make, with the unit both are counted in.
type Product struct {
	Name string `json:"name"`
	Unit string `json:"unit"` // e.g. "6-day Ci" for Mo-99, "GBq"
}

// Application is a diagnostic or a therapy: a yearly count that grows by a model, the product it
// uses and the resources one procedure takes.
type Application struct {
	Name                 string         `json:"name"`
	Kind                 string         `json:"kind"`  // "diagnostic" or "therapy"
	Count                Value          `json:"count"` // procedures in the baseline year
	Growth               Growth         `json:"growth"`
	Product              string         `json:"product"`
	ActivityPerProcedure Value          `json:"activity_per_procedure"` // in the product's unit
	Resources            ProcedureNeeds `json:"resources"`
}

// Growth models are "constant" (Rate) or "logistic" (StartYear, Ceiling, Midpoint, Steepness).
type Growth struct {
	Model     string     `json:"model"`
	Rate      *Uncertain `json:"rate,omitempty"` // fraction a year: 0.10 is 10 %
	StartYear *Value     `json:"start_year,omitempty"`
	Ceiling   *Uncertain `json:"ceiling,omitempty"`   // procedures a year
	Midpoint  *Uncertain `json:"midpoint,omitempty"`  // year of half adoption
	Steepness *Uncertain `json:"steepness,omitempty"` // per year
}

// TreatmentOptions multiplies the counts of the applications it names by a path over the years.
type TreatmentOptions struct {
	AppliesTo []string    `json:"applies_to"`
	Points    []PathPoint `json:"points"`
	Source    string      `json:"source,omitempty"`
}

// PathPoint is one point of the treatment-options path.
type PathPoint struct {
	Year       int       `json:"year"`
	Multiplier Uncertain `json:"multiplier"`
}

// Facility is supply capacity of one product from its start year to its end year, inclusive.
type Facility struct {
	Name            string `json:"name"`
	Product         string `json:"product"`
	CapacityPerWeek Value  `json:"capacity_per_week"` // in the product's unit
	WeeksPerYear    Value  `json:"weeks_per_year"`
	// Share is the fraction of the output available to the scenario's market (1 if absent).
	Share     *Value `json:"share,omitempty"`
	StartYear *Value `json:"start_year,omitempty"` // absent: operating from the baseline
	EndYear   *Value `json:"end_year,omitempty"`   // absent: operating to the horizon
}

// ProcedureNeeds are the resources one procedure takes.
type ProcedureNeeds struct {
	RoomDays    *Value `json:"room_days,omitempty"`    // therapy-room (isolation) days
	StaffHours  *Value `json:"staff_hours,omitempty"`  // staff hours, all professions
	HotlabHours *Value `json:"hotlab_hours,omitempty"` // hotlab (preparation) hours
}

// ResourceYield is what one therapy room, one full-time staff member and one hotlab give a year.
type ResourceYield struct {
	RoomDaysPerYear    Value `json:"room_days_per_year"`
	StaffHoursPerYear  Value `json:"staff_hours_per_year"`
	HotlabHoursPerYear Value `json:"hotlab_hours_per_year"`
}

// Value is a number with its source: {"value": 6200, "source": "…"}; a bare number is read as
// a value without a source.
type Value struct {
	Value  float64 `json:"value"`
	Source string  `json:"source,omitempty"`
}

// Uncertain is a Value that the Monte Carlo runs draw from its band, when it has one.
type Uncertain struct {
	Value  float64 `json:"value"`
	Band   *Band   `json:"band,omitempty"`
	Source string  `json:"source,omitempty"`
}

// Band is the distribution of an uncertain value: "uniform" over [low, high] or "triangular" with
// its mode.
type Band struct {
	Distribution string   `json:"distribution"`
	Low          float64  `json:"low"`
	High         float64  `json:"high"`
	Mode         *float64 `json:"mode,omitempty"`
}

func (v *Value) UnmarshalJSON(b []byte) error {
	if f, ok := bareNumber(b); ok {
		*v = Value{Value: f}
		return nil
	}
	type plain Value
	return strictObject(b, (*plain)(v))
}

func (u *Uncertain) UnmarshalJSON(b []byte) error {
	if f, ok := bareNumber(b); ok {
		*u = Uncertain{Value: f}
		return nil
	}
	type plain Uncertain
	return strictObject(b, (*plain)(u))
}

func bareNumber(b []byte) (float64, bool) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] == '{' || b[0] == '"' || b[0] == '[' || b[0] == 'n' || b[0] == 't' || b[0] == 'f' {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(b), 64)
	return f, err == nil
}

// strictObject decodes an object refusing unknown fields: a decoder's DisallowUnknownFields does
// not reach through a custom UnmarshalJSON.
func strictObject(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// InputError is a scenario that cannot be run: the field (a JSON path), its value and why.
type InputError struct {
	Field  string // "applications[2].growth.rate"
	Value  string // the offending value as written
	Reason string
}

func (e *InputError) Error() string {
	return fmt.Sprintf("%s = %s: %s", e.Field, e.Value, e.Reason)
}

// DecodeScenario reads a scenario from JSON, fills the defaults of absent optional fields and
// validates it. Unknown fields are refused, so a misspelt field is not silently ignored. Every
// error is an *InputError.
func DecodeScenario(data []byte) (Scenario, error) {
	var s Scenario
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return Scenario{}, decodeError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Scenario{}, &InputError{Field: "(document)", Value: "…", Reason: "more than one JSON value"}
	}
	if err := s.Validate(); err != nil {
		return Scenario{}, err
	}
	return s, nil
}

func decodeError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		if field == "" {
			field = "(document)"
		}
		return &InputError{Field: field, Value: te.Value, Reason: "want " + te.Type.String()}
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return &InputError{Field: strings.Trim(f, `"`), Value: "…", Reason: "unknown field"}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &InputError{Field: "(document)", Value: "…", Reason: "not a scenario: " + msg}
	}
	return &InputError{Field: "(document)", Value: "…", Reason: msg}
}
