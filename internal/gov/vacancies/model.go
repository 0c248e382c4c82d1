package vacancies

import (
	"slices"
	"strings"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/gov"
	"kern/internal/org"
)

// States of a vacancy: a draft is seen by the body's managers only; a published one is public
// (and open to applications until its closing date); closed takes no more applications; filled
// has a new seat.
var States = []string{"draft", "published", "closed", "filled"}

// ApplicationStates of an application. Accepted is reached only by filling the seat.
var ApplicationStates = []string{"received", "shortlisted", "rejected", "accepted"}

// Term is a seat whose current term ends within six months, with what has been done about it.
type Term struct {
	gov.Seat
	BodyName     string     `json:"body_name"`
	BodyKind     string     `json:"body_kind"`
	RemindedOn   *time.Time `json:"reminded_on,omitempty" format:"date" doc:"When the person and the chair were reminded"`
	VacancyID    *int64     `json:"vacancy_id,omitempty" doc:"The latest vacancy made from this seat"`
	VacancyState string     `json:"vacancy_state,omitempty"`
}

// TermFilter selects terms ending.
type TermFilter struct {
	BodyID int64
	Kind   string
}

// Vacancy is a seat to fill.
type Vacancy struct {
	ID           int64      `json:"id"`
	BodyID       int64      `json:"body_id"`
	BodyName     string     `json:"body_name"`
	BodyKind     string     `json:"body_kind"`
	SeatID       *int64     `json:"seat_id,omitempty" doc:"The ending seat it was made from"`
	Role         string     `json:"role"`
	Group        string     `json:"stakeholder_group,omitempty"`
	Title        string     `json:"title"`
	Description  string     `json:"description" doc:"Markdown"`
	StartsOn     *time.Time `json:"starts_on,omitempty" format:"date" doc:"When the new term starts"`
	ClosesOn     time.Time  `json:"closes_on" format:"date" doc:"The last day to apply"`
	State        string     `json:"state" enum:"draft,published,closed,filled"`
	Open         bool       `json:"open" doc:"Published and not past its closing date: takes applications"`
	PublishedAt  *time.Time `json:"published_at,omitempty"`
	FilledSeatID *int64     `json:"filled_seat_id,omitempty"`
	Applications int        `json:"applications,omitempty" doc:"How many applications (managers only)"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// OpenOn reports whether the vacancy takes applications on day.
func (v Vacancy) OpenOn(day time.Time) bool {
	return v.State == "published" && !v.ClosesOn.Before(day)
}

// Public is the vacancy as anyone may see it: no counts of applications.
func (v Vacancy) Public() Vacancy {
	v.Applications = 0
	v.FilledSeatID = nil
	return v
}

// VacancyInput is what creating or editing a vacancy takes.
type VacancyInput struct {
	BodyID      int64
	SeatID      *int64
	Role        string
	Group       string
	Title       string
	Description string
	StartsOn    *time.Time
	ClosesOn    time.Time
}

// Validate checks a vacancy on its own; whether its closing date may be in the past depends on
// its state and is checked by the service.
func (in *VacancyInput) Validate() error {
	var v kern.Validation
	in.Title, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
	v.Check(in.BodyID > 0, "body_id", "field.required")
	v.Check(in.Title != "", "title", "field.required")
	v.Check(len(in.Title) <= 200, "title", "field.too_long")
	v.Check(len(in.Description) <= 20000, "description", "field.too_long")
	v.Check(slices.Contains(gov.Roles, in.Role), "role", "field.unknown_choice")
	v.Check(in.Group == "" || slices.Contains(org.Groups, in.Group), "stakeholder_group", "field.unknown_choice")
	v.Check(!in.ClosesOn.IsZero(), "closes_on", "field.required")
	in.ClosesOn = gov.Day(in.ClosesOn)
	if in.StartsOn != nil {
		d := gov.Day(*in.StartsOn)
		in.StartsOn = &d
	}
	return v.Err()
}

// VacancyFilter selects vacancies.
type VacancyFilter struct {
	Q      string
	Kind   string // body kind
	BodyID int64
	State  string
}

// Application is someone's application to a vacancy: personal data.
type Application struct {
	ID           int64     `json:"id"`
	VacancyID    int64     `json:"vacancy_id"`
	Name         string    `json:"name"`
	Email        string    `json:"email"`
	Organisation string    `json:"organisation,omitempty"`
	Motivation   string    `json:"motivation"`
	UserID       *int64    `json:"user_id,omitempty" doc:"The account it was sent from, if any"`
	PersonID     *int64    `json:"person_id,omitempty" doc:"The registry person, if known"`
	State        string    `json:"state" enum:"received,shortlisted,rejected,accepted"`
	Note         string    `json:"note,omitempty" doc:"The reviewer's note"`
	SeatID       *int64    `json:"seat_id,omitempty" doc:"The seat made when accepted"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// ApplicationInput is what applying takes.
type ApplicationInput struct {
	Name         string
	Email        string
	Organisation string
	Motivation   string
}

// Validate checks an application on its own.
func (in *ApplicationInput) Validate() error {
	var v kern.Validation
	in.Name = strings.Join(strings.Fields(in.Name), " ")
	in.Email = auth.NormalizeEmail(in.Email)
	in.Organisation, in.Motivation = strings.TrimSpace(in.Organisation), strings.TrimSpace(in.Motivation)
	v.Check(in.Name != "", "name", "field.required")
	// Given and family name, because an accepted applicant becomes a person in the registry.
	v.Check(v.Has("name") || strings.Contains(in.Name, " "), "name", "vacancies.full_name")
	v.Check(len(in.Name) <= 200, "name", "field.too_long")
	v.Check(in.Email != "", "email", "field.required")
	v.Check(v.Has("email") || auth.ValidEmail(in.Email), "email", "field.email_invalid")
	v.Check(len(in.Email) <= 254, "email", "field.too_long")
	v.Check(len(in.Organisation) <= 200, "organisation", "field.too_long")
	v.Check(in.Motivation != "", "motivation", "field.required")
	v.Check(len(in.Motivation) <= 8000, "motivation", "field.too_long")
	return v.Err()
}

// SplitName splits a full name into a given name (the first word) and a family name (the rest,
// so "Jan van der Berg" keeps "van der Berg" together).
func SplitName(name string) (given, family string) {
	given, family, _ = strings.Cut(strings.TrimSpace(name), " ")
	return given, strings.TrimSpace(family)
}

// Review is a reviewer's decision on an application short of accepting it.
type Review struct {
	State string
	Note  string
}

// Validate checks a review.
func (in *Review) Validate() error {
	var v kern.Validation
	in.Note = strings.TrimSpace(in.Note)
	v.Check(slices.Contains([]string{"received", "shortlisted", "rejected"}, in.State), "state", "field.unknown_choice")
	v.Check(len(in.Note) <= 4000, "note", "field.too_long")
	return v.Err()
}

// Acceptance is the term the accepted applicant's new seat gets.
type Acceptance struct {
	TermStart time.Time
	TermEnd   *time.Time
	MaxTerms  int
	Note      string
}

// Validate checks the term.
func (in *Acceptance) Validate() error {
	var v kern.Validation
	in.Note = strings.TrimSpace(in.Note)
	v.Check(!in.TermStart.IsZero(), "term_start", "field.required")
	in.TermStart = gov.Day(in.TermStart)
	if in.TermEnd != nil {
		e := gov.Day(*in.TermEnd)
		in.TermEnd = &e
		v.Check(v.Has("term_start") || !e.Before(in.TermStart), "term_end", "vacancies.term_end_before_start")
	}
	v.Check(in.MaxTerms >= 0 && in.MaxTerms <= 20, "max_terms", "field.invalid_number")
	v.Check(len(in.Note) <= 4000, "note", "field.too_long")
	return v.Err()
}
