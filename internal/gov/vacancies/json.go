package vacancies

import (
	"encoding/json"
	"time"
)

// MarshalJSON writes the seat (its days as dates, as gov.Seat does) with the term's own fields;
// without it the embedded seat's MarshalJSON would be the whole answer.
func (t Term) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(t.Seat)
	if err != nil {
		return nil, err
	}
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	m["body_name"], m["body_kind"] = t.BodyName, t.BodyKind
	if t.RemindedOn != nil {
		m["reminded_on"] = t.RemindedOn.Format(time.DateOnly)
	}
	if t.VacancyID != nil {
		m["vacancy_id"], m["vacancy_state"] = *t.VacancyID, t.VacancyState
	}
	return json.Marshal(m)
}

// MarshalJSON writes the vacancy's days as dates, as the API documents.
func (v Vacancy) MarshalJSON() ([]byte, error) {
	type plain Vacancy
	var starts *string
	if v.StartsOn != nil {
		s := v.StartsOn.Format(time.DateOnly)
		starts = &s
	}
	return json.Marshal(struct {
		plain
		StartsOn *string `json:"starts_on,omitempty"`
		ClosesOn string  `json:"closes_on"`
	}{plain(v), starts, v.ClosesOn.Format(time.DateOnly)})
}
