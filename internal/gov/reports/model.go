package reports

import (
	"slices"
	"strings"
	"time"

	"kern"
	"kern/internal/gov"
)

// Limits on what people type.
const (
	MaxText       = 20000 // a plan's summary, a report's introduction
	MaxObjective  = 2000
	MaxNote       = 4000
	MaxTitle      = 200
	MaxObjectives = 40
	MaxLinks      = 30
)

// PlanStatus is where an annual plan stands.
type PlanStatus string

const (
	Draft     PlanStatus = "draft"     // the body writes it
	Submitted PlanStatus = "submitted" // with the board for review
	Reviewed  PlanStatus = "reviewed"  // the board has reviewed it; the body carries it out
	Reported  PlanStatus = "reported"  // the body has reported on each objective at year end
)

// PlanStatuses lists the states in their order of life.
var PlanStatuses = []PlanStatus{Draft, Submitted, Reviewed, Reported}

// Outcomes of an objective at year end.
var Outcomes = []string{"achieved", "partly", "not"}

// AnnualPlan is a body's plan for a year.
type AnnualPlan struct {
	ID          int64           `json:"id"`
	BodyID      int64           `json:"body_id"`
	BodyName    string          `json:"body_name"`
	BodyKind    string          `json:"body_kind"`
	Year        int             `json:"year"`
	Status      PlanStatus      `json:"status" enum:"draft,submitted,reviewed,reported"`
	Summary     string          `json:"summary" doc:"Markdown"`
	Objectives  []PlanObjective `json:"objectives"`
	Comments    []PlanComment   `json:"comments"`
	SubmittedAt *time.Time      `json:"submitted_at,omitempty"`
	ReviewedAt  *time.Time      `json:"reviewed_at,omitempty"`
	ReportedAt  *time.Time      `json:"reported_at,omitempty"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
}

// PlanObjective is one thing a body means to achieve in the year, linked to the plan's goals and
// actions, with the year-end report on it.
type PlanObjective struct {
	ID          int64      `json:"id"`
	Position    int        `json:"position"`
	Text        string     `json:"text"`
	Goals       []PlanLink `json:"goals"`
	Actions     []PlanLink `json:"actions"`
	Outcome     string     `json:"outcome,omitempty" enum:"achieved,partly,not," doc:"The year-end report: empty until reported"`
	OutcomeNote string     `json:"outcome_note,omitempty"`
}

// PlanLink names a goal or an action.
type PlanLink struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
}

// PlanComment is the board's word on a plan.
type PlanComment struct {
	ID         int64     `json:"id"`
	Kind       string    `json:"kind" enum:"comment,reviewed,returned"`
	Body       string    `json:"body"`
	AuthorName string    `json:"author_name"`
	CreatedAt  time.Time `json:"created_at"`
}

// PlanInput is what creating or editing a plan takes.
type PlanInput struct {
	BodyID     int64
	Year       int
	Summary    string
	Objectives []ObjectiveInput
}

// ObjectiveInput is an objective as written in the plan.
type ObjectiveInput struct {
	Text      string
	GoalIDs   []int64
	ActionIDs []int64
}

// Validate checks a plan on its own; the references are checked by the service. Objectives
// without text are dropped (the form has empty rows to fill).
func (in *PlanInput) Validate(today time.Time) error {
	var v kern.Validation
	in.Summary = strings.TrimSpace(in.Summary)
	v.Check(in.BodyID > 0, "body_id", "field.required")
	v.Check(in.Year >= 2000 && in.Year <= today.Year()+5, "year", "reports.year_range")
	v.Check(len(in.Summary) <= MaxText, "summary", "field.too_long")
	kept := make([]ObjectiveInput, 0, len(in.Objectives)) // a new slice: the caller's rows stay as submitted
	for _, o := range in.Objectives {
		o.Text = strings.TrimSpace(o.Text)
		if o.Text == "" {
			continue
		}
		v.Check(len(o.Text) <= MaxObjective, "objectives", "field.too_long")
		v.Check(len(o.GoalIDs) <= MaxLinks && len(o.ActionIDs) <= MaxLinks, "objectives", "reports.too_many_links")
		o.GoalIDs, o.ActionIDs = unique(o.GoalIDs), unique(o.ActionIDs)
		kept = append(kept, o)
	}
	in.Objectives = kept
	v.Check(len(in.Objectives) <= MaxObjectives, "objectives", "reports.too_many_objectives")
	return v.Err()
}

// OutcomeInput is the year-end report on one objective.
type OutcomeInput struct {
	ObjectiveID int64
	Outcome     string
	Note        string
}

// ValidateOutcomes checks the year-end reports; an empty outcome leaves the objective open.
func ValidateOutcomes(in []OutcomeInput) error {
	var v kern.Validation
	for i := range in {
		in[i].Note = strings.TrimSpace(in[i].Note)
		v.Check(in[i].Outcome == "" || slices.Contains(Outcomes, in[i].Outcome), "outcome", "field.unknown_choice")
		v.Check(len(in[i].Note) <= MaxNote, "outcome_note", "field.too_long")
	}
	return v.Err()
}

func unique(ids []int64) []int64 {
	out := []int64{}
	for _, id := range ids {
		if id > 0 && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// Periods a progress report covers.
var Periods = []string{"month", "quarter", "year"}

// Scopes of a progress report.
var Scopes = []string{"platform", "body"}

// Sections of a progress report, in their order on the page.
var Sections = []string{"kpis", "actions_done", "actions_overdue", "actions_blocked", "quick_wins", "decisions",
	"meetings_ahead", "terms_ending"}

// ReportStatus is where a progress report stands.
type ReportStatus string

const (
	ReportDraft     ReportStatus = "draft"
	ReportPublished ReportStatus = "published"
)

// Report is a progress report. ReportContent is gathered live for a draft and read from the frozen
// snapshot for a published report.
type Report struct {
	ID          int64          `json:"id"`
	Period      string         `json:"period" enum:"month,quarter,year"`
	Start       time.Time      `json:"period_start" format:"date"`
	End         time.Time      `json:"period_end" format:"date"`
	Scope       string         `json:"scope" enum:"platform,body"`
	BodyID      *int64         `json:"body_id,omitempty"`
	BodyName    string         `json:"body_name,omitempty"`
	Title       string         `json:"title"`
	Intro       string         `json:"intro" doc:"Markdown"`
	Sections    []string       `json:"sections"`
	Status      ReportStatus   `json:"status" enum:"draft,published"`
	Public      bool           `json:"public" doc:"Published under /reports/{id} for anyone, without login"`
	Scheduled   bool           `json:"scheduled" doc:"Drafted by the schedule rather than by hand"`
	PublishedAt *time.Time     `json:"published_at,omitempty"`
	PublishedBy string         `json:"published_by,omitempty"`
	CreatedAt   time.Time      `json:"created_at"`
	UpdatedAt   time.Time      `json:"updated_at"`
	Content     *ReportContent `json:"content,omitempty" doc:"What the report shows: live for a draft, frozen at publication"`
	snapshot    *string
}

// Has reports whether the report shows the section.
func (r Report) Has(section string) bool { return slices.Contains(r.Sections, section) }

// ReportInput is what drafting or editing a report takes.
type ReportInput struct {
	Period   string
	Start    time.Time
	End      *time.Time // the end of the period that starts on Start when nil
	Scope    string
	BodyID   *int64
	Title    string
	Intro    string
	Sections []string // every section when nil
	Public   bool
}

// Validate checks a report on its own.
func (in *ReportInput) Validate() error {
	var v kern.Validation
	in.Title, in.Intro = strings.TrimSpace(in.Title), strings.TrimSpace(in.Intro)
	v.Check(slices.Contains(Periods, in.Period), "period", "field.unknown_choice")
	v.Check(!in.Start.IsZero(), "period_start", "field.required")
	in.Start = gov.Day(in.Start)
	if in.End == nil && !v.Has("period") && !v.Has("period_start") {
		e := PeriodEnd(in.Period, in.Start)
		in.End = &e
	}
	if in.End != nil {
		e := gov.Day(*in.End)
		in.End = &e
		v.Check(v.Has("period_start") || !e.Before(in.Start), "period_end", "reports.end_before_start")
		v.Check(v.Has("period_start") || e.Sub(in.Start) <= 367*24*time.Hour, "period_end", "reports.period_too_long")
	}
	v.Check(slices.Contains(Scopes, in.Scope), "scope", "field.unknown_choice")
	if in.Scope == "body" {
		v.Check(in.BodyID != nil && *in.BodyID > 0, "body_id", "field.required")
	} else {
		in.BodyID = nil
	}
	v.Check(len(in.Title) <= MaxTitle, "title", "field.too_long")
	v.Check(len(in.Intro) <= MaxText, "intro", "field.too_long")
	if in.Sections == nil {
		in.Sections = slices.Clone(Sections)
	}
	var kept []string
	for _, s := range Sections { // in the page's order, each once
		if slices.Contains(in.Sections, s) {
			kept = append(kept, s)
		}
	}
	for _, s := range in.Sections {
		v.Check(slices.Contains(Sections, s), "sections", "field.unknown_choice")
	}
	in.Sections = kept
	return v.Err()
}

// PeriodStart is the first day of the period of the kind that holds day.
func PeriodStart(period string, day time.Time) time.Time {
	y, m, _ := day.Date()
	switch period {
	case "month":
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	case "quarter":
		return time.Date(y, m-(m-1)%3, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
}

// PeriodEnd is the last day of the period of the kind that starts on start.
func PeriodEnd(period string, start time.Time) time.Time {
	switch period {
	case "month":
		return start.AddDate(0, 1, -1)
	case "quarter":
		return start.AddDate(0, 3, -1)
	}
	return start.AddDate(1, 0, -1)
}

// PreviousPeriod is the whole period of the kind that ended last before day.
func PreviousPeriod(period string, day time.Time) (time.Time, time.Time) {
	cur := PeriodStart(period, day)
	start := PeriodStart(period, cur.AddDate(0, 0, -1))
	return start, cur.AddDate(0, 0, -1)
}
