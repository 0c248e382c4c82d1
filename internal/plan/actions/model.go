package actions

import (
	"kern/internal/plan"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"kern"
	"kern/internal/auth"
)

// Status is where an action stands.
type Status string

const (
	Proposed   Status = "proposed"
	Planned    Status = "planned"
	InProgress Status = "in_progress"
	Done       Status = "done"
	Dropped    Status = "dropped"
)

// Statuses lists the statuses in their order of life.
var Statuses = []Status{Proposed, Planned, InProgress, Done, Dropped}

// Finished reports whether nothing more will happen to the action.
func (s Status) Finished() bool { return s == Done || s == Dropped }

// Role is a stakeholder group's part in an action (RACI).
type Role string

// Roles lists the RACI roles.
var Roles = []Role{"responsible", "accountable", "consulted", "informed"}

// Accountable is the role at most one group holds in an action: one group answers for it.
const Accountable Role = "accountable"

// Groups are the six stakeholder groups of the co-creation model (the codes of org.Groups).
var Groups = []string{"companies", "governments", "researchers", "isotope_production", "care_providers", "patient_organisations"}

// Stages and Enablers are the challenges' (one list, kept by package plan).
var (
	Stages   = plan.Stages
	Enablers = plan.Enablers
)

// Confidences are how sure an owner is that the action will land in time.
var Confidences = []string{"low", "medium", "high"}

// RelationKind is how two actions depend on each other.
type RelationKind string

const (
	Blocks   RelationKind = "blocks"   // the other cannot finish before this one is done
	Precedes RelationKind = "precedes" // the other starts lag days after this one ends
	Relates  RelationKind = "relates"  // related, without a schedule consequence
)

// RelationKinds lists the kinds of relation.
var RelationKinds = []RelationKind{Blocks, Precedes, Relates}

// Orders reports whether the relation puts the two actions in an order (and so must not close a cycle).
func (k RelationKind) Orders() bool { return k == Blocks || k == Precedes }

// Limits of the input.
const (
	MaxTitle    = 200
	MaxText     = 8000
	MaxGroup    = 120
	MaxWeight   = 1000
	MaxLagDays  = 3650
	MaxNote     = 4000
	MaxLinks    = 50
	maxYearSpan = 50
)

// RoleAssignment is one stakeholder group's role in an action.
type RoleAssignment struct {
	Group string `json:"stakeholder_group"`
	Role  Role   `json:"role"`
}

// Link is a challenge or goal an action answers, with its title (and for a challenge, where it
// sits on the value chain and which enablers it concerns).
type Link struct {
	ID       int64    `json:"id"`
	Title    string   `json:"title"`
	Stage    string   `json:"stage,omitempty"`
	Enablers []string `json:"enablers,omitempty"`
}

// Action is one action of the integrated plan, as stored.
type Action struct {
	ID          int64            `json:"id"`
	Title       string           `json:"title"`
	Description string           `json:"description"`
	OwnerGroup  string           `json:"owner_group"`
	OwnerID     *int64           `json:"owner_id"`
	OwnerName   string           `json:"owner_name,omitempty"`
	Status      Status           `json:"status"`
	DropReason  string           `json:"drop_reason,omitempty"`
	StartOn     *time.Time       `json:"start_on"`
	DueOn       *time.Time       `json:"due_on"`
	QuickWin    bool             `json:"quick_win"`
	Weight      float64          `json:"weight"`
	Public      bool             `json:"public"`
	Challenges  []Link           `json:"challenges"`
	Goals       []Link           `json:"goals"`
	Roles       []RoleAssignment `json:"roles"`
	CreatedAt   time.Time        `json:"created_at"`
	UpdatedAt   time.Time        `json:"updated_at"`

	// Of the linked challenges, for filters and the printable plan.
	stages   []string
	enablers []string
	pillars  []int64 // of the linked goals
}

// RoleOf returns the role of the group in the action, or "".
func (a Action) RoleOf(group string) Role {
	for _, r := range a.Roles {
		if r.Group == group {
			return r.Role
		}
	}
	return ""
}

// Input is what creating or editing an action takes.
type Input struct {
	Title        string
	Description  string
	OwnerGroup   string
	OwnerID      *int64 // nil: the creator on create, unchanged on update
	Status       Status
	DropReason   string
	StartOn      *time.Time
	DueOn        *time.Time
	QuickWin     bool
	Weight       float64 // 0: the default, 1
	Public       bool
	ChallengeIDs []int64
	GoalIDs      []int64
	Roles        []RoleAssignment
}

// Validate checks the input on its own; links and the owner are checked against the database by
// the service.
func (in *Input) Validate() error {
	var v kern.Validation
	in.Title, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
	in.OwnerGroup, in.DropReason = strings.TrimSpace(in.OwnerGroup), strings.TrimSpace(in.DropReason)
	v.Check(in.Title != "", "title", "field.required")
	v.Check(len(in.Title) <= MaxTitle, "title", "field.too_long")
	v.Check(len(in.Description) <= MaxText, "description", "field.too_long")
	v.Check(len(in.OwnerGroup) <= MaxGroup, "owner_group", "field.too_long")
	if in.Status == "" {
		in.Status = Proposed
	}
	v.Check(validStatus(in.Status), "status", "field.unknown_choice")
	if in.Status == Dropped {
		v.Check(in.DropReason != "", "drop_reason", "actions.drop_reason_required")
	} else {
		in.DropReason = ""
	}
	v.Check(len(in.DropReason) <= MaxNote, "drop_reason", "field.too_long")
	if in.Weight == 0 {
		in.Weight = 1
	}
	v.Check(in.Weight > 0, "weight", "actions.weight_positive")
	v.Check(in.Weight <= MaxWeight, "weight", "actions.weight_too_large")
	in.StartOn, in.DueOn = day(in.StartOn), day(in.DueOn)
	v.Check(plausible(in.StartOn), "start_on", "actions.date_implausible")
	v.Check(plausible(in.DueOn), "due_on", "actions.date_implausible")
	if in.StartOn != nil && in.DueOn != nil {
		v.Check(!in.DueOn.Before(*in.StartOn), "due_on", "actions.due_before_start")
	}
	v.Check(len(in.ChallengeIDs) <= MaxLinks, "challenge_ids", "actions.too_many_links")
	v.Check(len(in.GoalIDs) <= MaxLinks, "goal_ids", "actions.too_many_links")
	in.ChallengeIDs, in.GoalIDs = uniqueIDs(in.ChallengeIDs), uniqueIDs(in.GoalIDs)
	seen := map[string]bool{}
	accountable := 0
	roles := in.Roles[:0:0]
	for _, r := range in.Roles {
		if r.Role == "" {
			continue // "no role" in a form
		}
		if !contains(Groups, r.Group) || !validRole(r.Role) {
			v.Add("roles", "actions.role_unknown")
			continue
		}
		if seen[r.Group] {
			v.Add("roles", "actions.role_twice")
			continue
		}
		seen[r.Group] = true
		if r.Role == Accountable {
			accountable++
		}
		roles = append(roles, r)
	}
	v.Check(accountable <= 1, "roles", "actions.one_accountable")
	in.Roles = roles
	return v.Err()
}

// day is t as a calendar day (midnight UTC), or nil.
func day(t *time.Time) *time.Time {
	if t == nil || t.IsZero() {
		return nil
	}
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return &d
}

// plausible refuses dates that are surely typing errors (year 20026), which would also stretch
// the roadmap to nothing.
func plausible(t *time.Time) bool {
	return t == nil || (t.Year() >= 2000 && t.Year() <= time.Now().Year()+maxYearSpan)
}

func validStatus(s Status) bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

func validRole(r Role) bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

func validKind(k RelationKind) bool {
	for _, x := range RelationKinds {
		if x == k {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func uniqueIDs(ids []int64) []int64 {
	seen := map[int64]bool{}
	out := ids[:0:0]
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// fold lower-cases s and strips accents, so "regiebehandelaar" finds "Regiebehandelaar" and
// "patient" finds "patiënt".
func fold(s string) string {
	// A transform.Chain keeps state between calls: one per call.
	folder := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(folder, strings.ToLower(s))
	if err != nil {
		return strings.ToLower(s)
	}
	return out
}

func (in *Input) searchText() string {
	return fold(in.Title + " " + in.Description + " " + in.OwnerGroup)
}

// CheckIn is a progress report on an action.
type CheckIn struct {
	ID         int64     `json:"id"`
	ActionID   int64     `json:"action_id"`
	CheckedOn  time.Time `json:"checked_on"`
	Progress   int       `json:"progress" doc:"Percent, 0 to 100"`
	Confidence string    `json:"confidence"`
	Note       string    `json:"note"`
	EnteredBy  string    `json:"entered_by"`
	CreatedAt  time.Time `json:"created_at"`
}

// CheckInInput is what a check-in takes.
type CheckInInput struct {
	CheckedOn  *time.Time
	Progress   int
	Confidence string
	Note       string
}

// Validate checks a check-in; today is the day it is entered (a check-in is not for the future).
func (in *CheckInInput) Validate(today time.Time) error {
	var v kern.Validation
	in.Note, in.Confidence = strings.TrimSpace(in.Note), strings.TrimSpace(in.Confidence)
	in.CheckedOn = day(in.CheckedOn)
	if in.CheckedOn == nil {
		in.CheckedOn = day(&today)
	}
	v.Check(plausible(in.CheckedOn), "checked_on", "actions.date_implausible")
	v.Check(!in.CheckedOn.After(*day(&today)), "checked_on", "actions.checkin_future")
	v.Check(in.Progress >= 0 && in.Progress <= 100, "progress", "actions.progress_range")
	if in.Confidence == "" {
		in.Confidence = "medium"
	}
	v.Check(contains(Confidences, in.Confidence), "confidence", "field.unknown_choice")
	v.Check(len(in.Note) <= MaxNote, "note", "field.too_long")
	return v.Err()
}

// Relation is a dependency between two actions.
type Relation struct {
	ID        int64        `json:"id"`
	FromID    int64        `json:"from_id"`
	FromTitle string       `json:"from_title"`
	ToID      int64        `json:"to_id"`
	ToTitle   string       `json:"to_title"`
	Kind      RelationKind `json:"kind"`
	LagDays   int          `json:"lag_days"`
	CreatedAt time.Time    `json:"created_at"`
}

// RelationInput is what adding a relation takes: FromID kind ToID.
type RelationInput struct {
	ToID    int64
	Kind    RelationKind
	LagDays int
}

// Validate checks a relation on its own.
func (in *RelationInput) Validate(fromID int64) error {
	var v kern.Validation
	v.Check(validKind(in.Kind), "kind", "field.unknown_choice")
	v.Check(in.ToID > 0, "to_id", "field.required")
	v.Check(v.Has("to_id") || in.ToID != fromID, "to_id", "actions.relation_self")
	if in.Kind != Precedes {
		in.LagDays = 0
	}
	v.Check(in.LagDays >= -MaxLagDays && in.LagDays <= MaxLagDays, "lag_days", "actions.lag_range")
	return v.Err()
}

// CanEditAction reports whether p may change the action, its check-ins and its relations: the
// coordination office, or the action's owner contact.
func CanEditAction(p *auth.Principal, a Action) bool {
	return p.IsCoordinator() || (p != nil && a.OwnerID != nil && *a.OwnerID == p.User.ID)
}

// CanProposeAction reports whether p may add an action: anyone logged in with write rights (a
// non-coordinator's action starts as a proposal with them as owner contact).
func CanProposeAction(p *auth.Principal) bool { return p != nil && p.CanWrite() }

// CanDeleteAction reports whether p may delete actions outright: the coordination office only;
// an owner drops an action instead, with a reason.
func CanDeleteAction(p *auth.Principal) bool { return p.IsCoordinator() }
