package alloc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"
)

// Problem is the input of Solve, in its JSON wire form: activities in becquerel, instants in RFC 3339
// with an offset, durations in hours. See docs/allocation.md and docs/schemas/allocation-problem.json.
type Problem struct {
	Lots       []Lot       `json:"lots"`
	Demands    []Demand    `json:"demands"`
	Routes     []Route     `json:"routes"`
	ShelfLives []ShelfLife `json:"shelf_lives,omitempty"`
}

// Lot is a quantity of one nuclide available at a site from an instant on.
type Lot struct {
	ID          string  `json:"id"`
	Nuclide     string  `json:"nuclide"`
	ActivityBq  float64 `json:"activity_bq"`  // activity at AvailableAt
	AvailableAt string  `json:"available_at"` // RFC 3339
	Site        string  `json:"site"`
}

// Demand is activity a hospital needs at a calibration instant.
type Demand struct {
	ID            string  `json:"id"`
	Hospital      string  `json:"hospital"`
	Nuclide       string  `json:"nuclide"`
	ActivityBq    float64 `json:"activity_bq"`    // activity needed at CalibrationAt
	CalibrationAt string  `json:"calibration_at"` // RFC 3339
	Priority      int     `json:"priority"`       // 1 is served first
	// Divisible demands (a generator, a bulk vial) may be partly filled; a patient's dose may not.
	Divisible bool `json:"divisible"`
	// WindowEnd, when set, is the latest acceptable calibration instant (RFC 3339).
	WindowEnd string `json:"window_end,omitempty"`
}

// Route is a transport link from a site to a hospital.
type Route struct {
	From         string  `json:"from"`
	To           string  `json:"to"`
	TransitHours float64 `json:"transit_hours"`
}

// ShelfLife is the longest time in hours from a lot's availability to its use.
type ShelfLife struct {
	Nuclide string  `json:"nuclide"`
	Hours   float64 `json:"hours"`
}

// InputError is a problem with the input, naming the field and its value.
type InputError struct {
	Field  string // JSON path, "demands[3].calibration_at"
	Value  string // the offending value as written
	Reason string
}

func (e *InputError) Error() string {
	return fmt.Sprintf("%s = %s: %s", e.Field, e.Value, e.Reason)
}

// DecodeProblem reads a problem from JSON. Unknown fields are refused so that a misspelt field
// ("activity" for "activity_bq") is not silently ignored.
func DecodeProblem(data []byte) (Problem, error) {
	if p, err := decodeFast(data); err == nil {
		return p, nil
	}
	var p Problem
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		var te *json.UnmarshalTypeError
		if ok := asTypeError(err, &te); ok {
			if te.Field == "" {
				te.Field = "problem"
			}
			return Problem{}, &InputError{Field: te.Field, Value: "a JSON " + te.Value, Reason: "want " + jsonKind(te.Type.Kind().String())}
		}
		return Problem{}, &InputError{Field: "problem", Value: "(document)", Reason: "not a valid problem: " + strings.TrimPrefix(err.Error(), "json: ")}
	}
	if dec.More() {
		return Problem{}, &InputError{Field: "problem", Value: "(document)", Reason: "data after the problem object"}
	}
	return p, nil
}

func asTypeError(err error, target **json.UnmarshalTypeError) bool {
	te, ok := err.(*json.UnmarshalTypeError)
	if ok {
		*target = te
	}
	return ok
}

func jsonKind(k string) string {
	switch k {
	case "float64", "int":
		return "a number"
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice":
		return "a list"
	}
	return "a " + k
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

func num(v float64) string { return fmt.Sprintf("%v", v) }

func parseInstant(field, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, &InputError{Field: field, Value: quote(s), Reason: "not an RFC 3339 instant with an offset (2026-03-02T08:00:00+01:00)"}
	}
	return t, nil
}

func positive(field string, v float64) error {
	if !(v > 0) || math.IsInf(v, 0) {
		return &InputError{Field: field, Value: num(v), Reason: "want a positive activity in becquerel"}
	}
	return nil
}

func secondsDuration(s float64) time.Duration { return time.Duration(math.Round(s * 1e9)) }
