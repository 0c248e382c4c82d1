package plan

import (
	"encoding/json"
	"time"
)

// Calendar days go out as "2006-01-02", as the OpenAPI document says (format: date); the
// instants (created_at, entered_at, …) stay RFC 3339.

func dayString(t time.Time) string { return t.Format(Date) }

func dayStringPtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := dayString(*t)
	return &s
}

// MarshalJSON writes the deadline as a date.
func (g Goal) MarshalJSON() ([]byte, error) {
	type plain Goal
	return json.Marshal(struct {
		plain
		Deadline *string `json:"deadline,omitempty"`
	}{plain(g), dayStringPtr(g.Deadline)})
}

// MarshalJSON writes the baseline and next due dates as dates.
func (k KPI) MarshalJSON() ([]byte, error) {
	type plain KPI
	return json.Marshal(struct {
		plain
		BaselineOn string  `json:"baseline_on"`
		NextDue    *string `json:"next_due,omitempty"`
	}{plain(k), dayString(k.BaselineOn), dayStringPtr(k.NextDue)})
}

// MarshalJSON writes the target's date as a date.
func (t Target) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		On    string  `json:"on"`
		Value float64 `json:"value"`
	}{dayString(t.On), t.Value})
}

// MarshalJSON writes the measurement's date as a date.
func (m Measurement) MarshalJSON() ([]byte, error) {
	type plain Measurement
	return json.Marshal(struct {
		plain
		On string `json:"on"`
	}{plain(m), dayString(m.On)})
}
