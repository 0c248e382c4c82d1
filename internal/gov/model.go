package gov

import (
	"slices"
	"strings"
	"time"

	"kern"
	"kern/internal/org"
)

// Kinds of body.
var Kinds = []string{"steering_group", "operational_steering_group", "coordination_office", "action_group", "board",
	"committee", "theme_group", "working_group"}

// Roles of a seat.
var Roles = []string{"chair", "leader", "co_leader", "member", "secretary", "liaison", "delegate"}

// Rhythms of meetings, and how many days each allows between meetings before a body is late.
var Rhythms = []string{"weekly", "monthly", "quarterly", "yearly", "none"}

// RhythmDays is the longest a body of that rhythm may go without meeting (a little slack on
// the calendar period); 0 for none.
func RhythmDays(rhythm string) int {
	switch rhythm {
	case "weekly":
		return 10
	case "monthly":
		return 38
	case "quarterly":
		return 100
	case "yearly":
		return 380
	}
	return 0
}

// Body is a governance body with its charter.
type Body struct {
	ID                   int64     `json:"id"`
	Kind                 string    `json:"kind"`
	Name                 string    `json:"name"`
	ShortName            string    `json:"short_name"`
	Goal                 string    `json:"goal"`
	Scope                string    `json:"scope"`
	Deliverables         string    `json:"deliverables"`
	ReportsTo            *int64    `json:"reports_to,omitempty"`
	ReportsToName        string    `json:"reports_to_name,omitempty"`
	LiaisonPersonID      *int64    `json:"liaison_person_id,omitempty"`
	LiaisonName          string    `json:"liaison_name,omitempty"`
	Rhythm               string    `json:"rhythm"`
	RequiresAllGroups    bool      `json:"requires_all_groups"`
	RequiresNeutralChair bool      `json:"requires_neutral_chair"`
	Seats                []Seat    `json:"seats"`
	Warnings             []Warning `json:"warnings"`
	CreatedAt            time.Time `json:"created_at"`
	UpdatedAt            time.Time `json:"updated_at"`
}

// BodyInput is what creating or editing a body takes.
type BodyInput struct {
	Kind                 string
	Name                 string
	ShortName            string
	Goal                 string
	Scope                string
	Deliverables         string
	ReportsTo            *int64
	LiaisonPersonID      *int64
	Rhythm               string
	RequiresAllGroups    bool
	RequiresNeutralChair bool
}

// Validate checks a body on its own.
func (in *BodyInput) Validate() error {
	var v kern.Validation
	for _, s := range []*string{&in.Name, &in.ShortName, &in.Goal, &in.Scope, &in.Deliverables} {
		*s = strings.TrimSpace(*s)
	}
	v.Check(in.Name != "", "name", "field.required")
	v.Check(len(in.Name) <= 200, "name", "field.too_long")
	v.Check(len(in.ShortName) <= 40, "short_name", "field.too_long")
	for f, s := range map[string]string{"goal": in.Goal, "scope": in.Scope, "deliverables": in.Deliverables} {
		v.Check(len(s) <= 8000, f, "field.too_long")
	}
	v.Check(slices.Contains(Kinds, in.Kind), "kind", "field.unknown_choice")
	if in.Rhythm == "" {
		in.Rhythm = "none"
	}
	v.Check(slices.Contains(Rhythms, in.Rhythm), "rhythm", "field.unknown_choice")
	return v.Err()
}

// Seat is one person's term in one role of a body.
type Seat struct {
	ID         int64      `json:"id"`
	BodyID     int64      `json:"body_id"`
	PersonID   int64      `json:"person_id"`
	PersonName string     `json:"person_name"`
	Role       string     `json:"role"`
	Group      string     `json:"stakeholder_group,omitempty"`
	OrgID      *int64     `json:"org_id,omitempty"`
	OrgName    string     `json:"org_name,omitempty"`
	Neutral    bool       `json:"neutral"`
	TermStart  time.Time  `json:"term_start" format:"date"`
	TermEnd    *time.Time `json:"term_end,omitempty" format:"date"`
	TermNumber int        `json:"term_number"`
	MaxTerms   int        `json:"max_terms" doc:"0: no maximum"`
	Current    bool       `json:"current" doc:"The term runs today"`
	EndsSoon   bool       `json:"ends_soon" doc:"The term ends within six months"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

// SeatInput is what creating or editing a seat takes.
type SeatInput struct {
	PersonID   int64
	Role       string
	Group      string
	OrgID      *int64
	Neutral    bool
	TermStart  time.Time
	TermEnd    *time.Time
	TermNumber int
	MaxTerms   int
}

// Validate checks a seat on its own; overlaps are checked by the service.
func (in *SeatInput) Validate() error {
	var v kern.Validation
	v.Check(in.PersonID > 0, "person_id", "field.required")
	v.Check(slices.Contains(Roles, in.Role), "role", "field.unknown_choice")
	v.Check(in.Group == "" || slices.Contains(org.Groups, in.Group), "stakeholder_group", "field.unknown_choice")
	v.Check(!in.TermStart.IsZero(), "term_start", "field.required")
	in.TermStart = Day(in.TermStart)
	if in.TermEnd != nil {
		e := Day(*in.TermEnd)
		in.TermEnd = &e
		v.Check(v.Has("term_start") || !e.Before(in.TermStart), "term_end", "gov.term_end_before_start")
	}
	if in.TermNumber == 0 {
		in.TermNumber = 1
	}
	v.Check(in.TermNumber >= 1 && in.TermNumber <= 20, "term_number", "field.invalid_number")
	v.Check(in.MaxTerms >= 0 && in.MaxTerms <= 20, "max_terms", "field.invalid_number")
	v.Check(in.MaxTerms == 0 || in.TermNumber <= in.MaxTerms, "term_number", "gov.term_over_max")
	v.Check(!in.Neutral || in.Role == "chair", "neutral", "gov.neutral_only_chair")
	return v.Err()
}

// Current reports whether the seat's term runs on day.
func (s Seat) CurrentOn(day time.Time) bool {
	return !s.TermStart.After(day) && (s.TermEnd == nil || !s.TermEnd.Before(day))
}

// Warning is something about a body that the people who can act should see.
type Warning struct {
	Kind string   `json:"kind" enum:"group_without_seat,no_leader,no_co_leader,no_neutral_chair,osg_out_of_step,not_met"`
	Args []string `json:"args,omitempty" doc:"What it is about: the stakeholder groups without a seat, the leaders missing from or extra in the operational steering group, the date last met"`
}
