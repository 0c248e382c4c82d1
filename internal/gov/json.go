package gov

import (
	"encoding/json"
	"time"
)

// MarshalJSON writes the term's days as dates, as the OpenAPI document says.
func (s Seat) MarshalJSON() ([]byte, error) {
	type plain Seat
	var end *string
	if s.TermEnd != nil {
		e := s.TermEnd.Format(time.DateOnly)
		end = &e
	}
	return json.Marshal(struct {
		plain
		TermStart string  `json:"term_start"`
		TermEnd   *string `json:"term_end,omitempty"`
	}{plain(s), s.TermStart.Format(time.DateOnly), end})
}
