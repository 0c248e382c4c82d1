package plan

import (
	"math"
	"slices"
	"strings"
	"time"

	"kern"
	"kern/internal/org"
)

// Stages are the steps of the value chain, in order.
var Stages = []string{"fundamental_research", "translational_research", "clinical_development",
	"production_distribution", "market_access", "treatment_rwd"}

// Enablers are the conditions the whole chain needs.
var Enablers = []string{"financing", "data_environment", "coordination_platform", "collaboration",
	"international", "research_programmes", "level_playing_field", "reimbursement_hta"}

// Sources say where a challenge came from.
var Sources = []string{"report", "interview", "survey", "round_table"}

// Directions say which way a KPI is better.
var Directions = []string{"higher", "lower"}

// Cadences say how often a KPI is measured.
var Cadences = []string{"monthly", "quarterly", "yearly"}

// Date is a calendar day; the plan keeps days, not instants.
const Date = "2006-01-02"

// Pillar is one pillar of the shared vision.
type Pillar struct {
	ID          int64     `json:"id"`
	Position    int       `json:"position"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Goals       int       `json:"goals"`
	Progress    *Progress `json:"progress,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// PillarInput is what creating or editing a pillar takes.
type PillarInput struct {
	Position    int
	Name        string
	Description string
}

// Validate checks a pillar.
func (in *PillarInput) Validate() error {
	var v kern.Validation
	in.Name, in.Description = strings.TrimSpace(in.Name), strings.TrimSpace(in.Description)
	v.Check(in.Name != "", "name", "field.required")
	v.Check(len(in.Name) <= 200, "name", "field.too_long")
	v.Check(len(in.Description) <= 4000, "description", "field.too_long")
	v.Check(in.Position >= 0 && in.Position <= 99, "position", "field.invalid_number")
	return v.Err()
}

// Goal is a SMART goal under a pillar.
type Goal struct {
	ID               int64      `json:"id"`
	PillarID         int64      `json:"pillar_id"`
	PillarName       string     `json:"pillar_name"`
	Title            string     `json:"title"`
	Statement        string     `json:"statement"`
	Rationale        string     `json:"rationale"`
	AccountableOrg   *int64     `json:"accountable_org_id,omitempty"`
	AccountableName  string     `json:"accountable_org_name,omitempty"`
	AccountableGroup string     `json:"accountable_group,omitempty"`
	AccountableBody  string     `json:"accountable_body,omitempty"`
	Deadline         *time.Time `json:"deadline,omitempty" format:"date"`
	Public           bool       `json:"public"`
	KPIs             int        `json:"kpis"`
	Missing          []string   `json:"smart_missing"`
	Progress         *Progress  `json:"progress,omitempty"`
	CreatedAt        time.Time  `json:"created_at"`
	UpdatedAt        time.Time  `json:"updated_at"`
}

// SMART is what each letter asks of a goal, in order.
var SMART = []string{"specific", "measurable", "acceptable", "realistic", "time_bound"}

// Check lists what the goal still lacks to be SMART: a specific statement, at least one KPI,
// someone accountable, a rationale why it is realistic, a deadline.
func (g Goal) Check() []string {
	missing := []string{}
	if len(strings.Fields(g.Statement)) < 5 {
		missing = append(missing, "specific")
	}
	if g.KPIs == 0 {
		missing = append(missing, "measurable")
	}
	if g.AccountableOrg == nil && g.AccountableGroup == "" && g.AccountableBody == "" {
		missing = append(missing, "acceptable")
	}
	if strings.TrimSpace(g.Rationale) == "" {
		missing = append(missing, "realistic")
	}
	if g.Deadline == nil {
		missing = append(missing, "time_bound")
	}
	return missing
}

// GoalInput is what creating or editing a goal takes.
type GoalInput struct {
	PillarID         int64
	Title            string
	Statement        string
	Rationale        string
	AccountableOrg   *int64
	AccountableGroup string
	AccountableBody  string
	Deadline         *time.Time
	Public           bool
}

// Validate checks a goal on its own; the pillar and organisation are checked by the service.
func (in *GoalInput) Validate() error {
	var v kern.Validation
	in.Title, in.Statement, in.Rationale = strings.TrimSpace(in.Title), strings.TrimSpace(in.Statement), strings.TrimSpace(in.Rationale)
	in.AccountableBody = strings.TrimSpace(in.AccountableBody)
	v.Check(in.PillarID > 0, "pillar_id", "field.required")
	v.Check(in.Title != "", "title", "field.required")
	v.Check(len(in.Title) <= 200, "title", "field.too_long")
	v.Check(len(in.Statement) <= 4000, "statement", "field.too_long")
	v.Check(len(in.Rationale) <= 4000, "rationale", "field.too_long")
	v.Check(len(in.AccountableBody) <= 200, "accountable_body", "field.too_long")
	v.Check(in.AccountableGroup == "" || slices.Contains(org.Groups, in.AccountableGroup), "accountable_group", "field.unknown_choice")
	if in.Deadline != nil {
		d := day(*in.Deadline)
		in.Deadline = &d
		v.Check(d.Year() >= 2000 && d.Year() <= 2100, "deadline", "plan.date_out_of_range")
	}
	return v.Err()
}

// KPI is a key performance indicator with its trajectory; Status is derived.
type KPI struct {
	ID            int64        `json:"id"`
	GoalID        *int64       `json:"goal_id,omitempty"`
	GoalTitle     string       `json:"goal_title,omitempty"`
	PillarID      int64        `json:"pillar_id,omitempty"`
	Name          string       `json:"name"`
	Definition    string       `json:"definition"`
	Unit          string       `json:"unit"`
	Direction     string       `json:"direction" enum:"higher,lower"`
	Cadence       string       `json:"cadence" enum:"monthly,quarterly,yearly"`
	Tolerance     float64      `json:"tolerance"`
	BaselineValue float64      `json:"baseline_value"`
	BaselineOn    time.Time    `json:"baseline_on" format:"date"`
	OwnerID       *int64       `json:"owner_id,omitempty"`
	OwnerName     string       `json:"owner_name,omitempty"`
	Public        bool         `json:"public"`
	Targets       []Target     `json:"targets"`
	Latest        *Measurement `json:"latest,omitempty"`
	Status        Status       `json:"status"`
	Expected      *float64     `json:"expected,omitempty"`
	NextDue       *time.Time   `json:"next_due,omitempty" format:"date"`
	CreatedAt     time.Time    `json:"created_at"`
	UpdatedAt     time.Time    `json:"updated_at"`
	remindedOn    *time.Time
}

// Target is a value a KPI should reach by a date.
type Target struct {
	On    time.Time `json:"on" format:"date"`
	Value float64   `json:"value"`
}

// Measurement is one value of a KPI on a date; a correction replaces it and keeps it as history.
type Measurement struct {
	ID         int64      `json:"id"`
	KPIID      int64      `json:"kpi_id"`
	On         time.Time  `json:"on" format:"date"`
	Value      float64    `json:"value"`
	Source     string     `json:"source"`
	Note       string     `json:"note"`
	Demo       bool       `json:"demo"`
	EnteredBy  string     `json:"entered_by"`
	EnteredAt  time.Time  `json:"entered_at"`
	ReplacedAt *time.Time `json:"replaced_at,omitempty"`
	ReplacedBy *int64     `json:"replaced_by,omitempty"`
}

// KPIInput is what creating or editing a KPI takes.
type KPIInput struct {
	GoalID        *int64
	Name          string
	Definition    string
	Unit          string
	Direction     string
	Cadence       string
	Tolerance     float64
	BaselineValue float64
	BaselineOn    time.Time
	OwnerID       *int64
	Public        bool
	Targets       []Target
}

// Validate checks a KPI: targets after the baseline, one per date.
func (in *KPIInput) Validate(today time.Time) error {
	var v kern.Validation
	in.Name, in.Definition, in.Unit = strings.TrimSpace(in.Name), strings.TrimSpace(in.Definition), strings.TrimSpace(in.Unit)
	v.Check(in.Name != "", "name", "field.required")
	v.Check(len(in.Name) <= 200, "name", "field.too_long")
	v.Check(len(in.Definition) <= 4000, "definition", "field.too_long")
	v.Check(len(in.Unit) <= 40, "unit", "field.too_long")
	v.Check(slices.Contains(Directions, in.Direction), "direction", "field.unknown_choice")
	v.Check(slices.Contains(Cadences, in.Cadence), "cadence", "field.unknown_choice")
	v.Check(finite(in.Tolerance) && in.Tolerance >= 0, "tolerance", "plan.tolerance_negative")
	v.Check(finite(in.BaselineValue), "baseline_value", "field.invalid_number")
	v.Check(!in.BaselineOn.IsZero(), "baseline_on", "field.required")
	in.BaselineOn = day(in.BaselineOn)
	v.Check(v.Has("baseline_on") || !in.BaselineOn.After(day(today)), "baseline_on", "plan.date_in_future")
	v.Check(len(in.Targets) <= 50, "targets", "plan.too_many_targets")
	seen := map[time.Time]bool{}
	for i := range in.Targets {
		t := &in.Targets[i]
		t.On = day(t.On)
		v.Check(finite(t.Value), "targets", "field.invalid_number")
		v.Check(t.On.After(in.BaselineOn), "targets", "plan.target_before_baseline")
		v.Check(!seen[t.On], "targets", "plan.target_duplicate")
		seen[t.On] = true
	}
	slices.SortFunc(in.Targets, func(a, b Target) int { return a.On.Compare(b.On) })
	return v.Err()
}

// MeasurementInput is a measurement to record.
type MeasurementInput struct {
	On     time.Time
	Value  float64
	Source string
	Note   string
	Demo   bool
}

// Validate checks a measurement: not in the future, not before the KPI's baseline.
func (in *MeasurementInput) Validate(k KPI, today time.Time) error {
	var v kern.Validation
	in.Source, in.Note = strings.TrimSpace(in.Source), strings.TrimSpace(in.Note)
	v.Check(!in.On.IsZero(), "on", "field.required")
	in.On = day(in.On)
	v.Check(v.Has("on") || !in.On.After(day(today)), "on", "plan.date_in_future")
	v.Check(v.Has("on") || !in.On.Before(k.BaselineOn), "on", "plan.measurement_before_baseline")
	v.Check(finite(in.Value), "value", "field.invalid_number")
	v.Check(len(in.Source) <= 200, "source", "field.too_long")
	v.Check(len(in.Note) <= 2000, "note", "field.too_long")
	return v.Err()
}

// Challenge is a problem on the value chain that the action plan must answer.
type Challenge struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Stage       string    `json:"stage"`
	Enablers    []string  `json:"enablers"`
	Groups      []string  `json:"stakeholder_groups"`
	Source      string    `json:"source"`
	SourceNote  string    `json:"source_note"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// ChallengeInput is what creating or editing a challenge takes.
type ChallengeInput struct {
	Title       string
	Description string
	Stage       string
	Enablers    []string
	Groups      []string
	Source      string
	SourceNote  string
}

// Validate checks a challenge.
func (in *ChallengeInput) Validate() error {
	var v kern.Validation
	in.Title, in.Description, in.SourceNote = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description), strings.TrimSpace(in.SourceNote)
	v.Check(in.Title != "", "title", "field.required")
	v.Check(len(in.Title) <= 200, "title", "field.too_long")
	v.Check(len(in.Description) <= 8000, "description", "field.too_long")
	v.Check(len(in.SourceNote) <= 500, "source_note", "field.too_long")
	v.Check(slices.Contains(Stages, in.Stage), "stage", "field.unknown_choice")
	v.Check(slices.Contains(Sources, in.Source), "source", "field.unknown_choice")
	in.Enablers = uniq(in.Enablers)
	in.Groups = uniq(in.Groups)
	for _, e := range in.Enablers {
		v.Check(slices.Contains(Enablers, e), "enablers", "field.unknown_choice")
	}
	for _, g := range in.Groups {
		v.Check(slices.Contains(org.Groups, g), "stakeholder_groups", "field.unknown_choice")
	}
	return v.Err()
}

func uniq(list []string) []string {
	out := []string{}
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// day is t's calendar day at midnight UTC.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
