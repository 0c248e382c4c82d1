package rounds

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"kern"
	"kern/internal/auth"
	"kern/internal/org"
	"kern/internal/web"
)

// State is where a round is in its life.
type State string

const (
	Draft  State = "draft"  // being prepared: challenges and invitations can change, no e-mail is sent
	Open   State = "open"   // invitations are sent and answers are taken until the end date
	Closed State = "closed" // frozen: no answers, no changes but the publication flags
)

// States lists the states in their order.
var States = []State{Draft, Open, Closed}

// Groups are the stakeholder groups of the co-creation model, in the order results show them.
var Groups = org.Groups

// Round is a prioritisation round.
type Round struct {
	ID          int64          `json:"id"`
	Title       string         `json:"title"`
	Description string         `json:"description"`
	State       State          `json:"state" doc:"draft, open or closed; an open round past its end date is closed"`
	StartsOn    time.Time      `json:"starts_on" format:"date"`
	EndsOn      time.Time      `json:"ends_on" format:"date" doc:"The last day answers are taken (Europe/Amsterdam)"`
	Published   bool           `json:"published" doc:"Results visible to every logged-in user"`
	Public      bool           `json:"public" doc:"Results on a public page without login"`
	OpenedAt    *time.Time     `json:"opened_at"`
	ClosedAt    *time.Time     `json:"closed_at"`
	Challenges  []ChallengeRef `json:"challenges"`
	Invited     int            `json:"invited" doc:"Invitations not revoked"`
	Responded   int            `json:"responded"`
	CreatedAt   time.Time      `json:"created_at"`
	UpdatedAt   time.Time      `json:"updated_at"`

	stored State // the state in the database, before the end date is taken into account
}

func amsterdam() *time.Location { return web.Amsterdam }

// closesAt is the instant answers stop: the start of the day after the end date in Amsterdam.
func closesAt(endsOn time.Time) time.Time {
	return time.Date(endsOn.Year(), endsOn.Month(), endsOn.Day()+1, 0, 0, 0, 0, amsterdam())
}

// effective sets State from the stored state and the time: an open round closes at its end date
// without anyone having to press a button or a job having to run.
func (r *Round) effective(now time.Time) {
	r.stored = r.State
	if r.State == Open && !now.Before(closesAt(r.EndsOn)) {
		r.State = Closed
	}
}

// ChallengeIDs are the ids of the round's challenges.
func (r Round) ChallengeIDs() []int64 {
	out := make([]int64, len(r.Challenges))
	for i, c := range r.Challenges {
		out[i] = c.ID
	}
	return out
}

// RoundInput is what creating or editing a round takes.
type RoundInput struct {
	Title        string
	Description  string
	StartsOn     *time.Time
	EndsOn       *time.Time
	ChallengeIDs []int64
}

// MaxChallenges bounds the challenges of one round: nobody scores more in one sitting.
const MaxChallenges = 200

// Validate checks the input on its own; that the challenges exist is checked by the service.
func (in *RoundInput) Validate() error {
	var v kern.Validation
	in.Title, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
	v.Check(in.Title != "", "title", "field.required")
	v.Check(utf8.RuneCountInString(in.Title) <= 200, "title", "field.too_long")
	v.Check(utf8.RuneCountInString(in.Description) <= 4000, "description", "field.too_long")
	v.Check(in.StartsOn != nil, "starts_on", "field.required")
	v.Check(in.EndsOn != nil, "ends_on", "field.required")
	if in.StartsOn != nil && in.EndsOn != nil {
		v.Check(!in.EndsOn.Before(*in.StartsOn), "ends_on", "round.ends_before_start")
	}
	seen := map[int64]bool{}
	ids := in.ChallengeIDs[:0:0]
	for _, id := range in.ChallengeIDs {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	in.ChallengeIDs = ids
	v.Check(len(ids) > 0, "challenge_ids", "round.challenges_required")
	v.Check(len(ids) <= MaxChallenges, "challenge_ids", "round.too_many_challenges")
	return v.Err()
}

// Invitation is one person's personal invitation to a round.
type Invitation struct {
	ID         int64      `json:"id"`
	RoundID    int64      `json:"round_id"`
	PersonID   *int64     `json:"person_id"`
	Email      string     `json:"email"`
	Name       string     `json:"name"`
	Group      string     `json:"stakeholder_group"`
	Lang       string     `json:"lang"`
	Status     string     `json:"status" enum:"pending,sent,answered,revoked" doc:"pending: not yet sent (the round is a draft)"`
	SentAt     *time.Time `json:"sent_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
	AnsweredAt *time.Time `json:"answered_at"`
	CreatedAt  time.Time  `json:"created_at"`
}

func (i *Invitation) setStatus() {
	switch {
	case i.RevokedAt != nil:
		i.Status = "revoked"
	case i.AnsweredAt != nil:
		i.Status = "answered"
	case i.SentAt != nil:
		i.Status = "sent"
	default:
		i.Status = "pending"
	}
}

// InvitationStatuses lists the statuses an invitation list can be filtered on.
var InvitationStatuses = []string{"pending", "sent", "answered", "revoked"}

// Invitee is someone to invite: a person of the registry, or an e-mail address. The group may
// be left empty for a person whose organisation's stakeholder group is known.
type Invitee struct {
	PersonID int64  `json:"person_id,omitempty" doc:"A person of the registry (needs an e-mail address there)"`
	Email    string `json:"email,omitempty" doc:"An address; ignored when person_id is given"`
	Name     string `json:"name,omitempty" maxLength:"200"`
	Group    string `json:"stakeholder_group,omitempty" enum:"companies,governments,researchers,isotope_production,care_providers,patient_organisations," doc:"Defaults to the stakeholder group of the person's organisation; required when that is unknown"`
	Lang     string `json:"lang,omitempty" enum:"nl,en," doc:"Language of the e-mail; Dutch by default"`
}

// Answer is one respondent's scores for one challenge.
type Answer struct {
	ChallengeID int64  `json:"challenge_id"`
	Impact      int    `json:"impact" minimum:"1" maximum:"5"`
	Urgency     int    `json:"urgency" minimum:"1" maximum:"5"`
	Comment     string `json:"comment,omitempty" maxLength:"2000"`
}

// MaxComment bounds a comment.
const MaxComment = 2000

// ValidScore reports whether s is a score of the 1–5 scale.
func ValidScore(s int) bool { return s >= 1 && s <= 5 }

// validateAnswers checks a response against the round's challenges: each answer names a challenge
// of the round once, scores 1–5, and at least one challenge is scored. Field names are
// impact_<challenge id>, urgency_<challenge id> and comment_<challenge id>, as on the form.
func validateAnswers(answers []Answer, challenges []int64) error {
	var v kern.Validation
	in := map[int64]bool{}
	for _, id := range challenges {
		in[id] = true
	}
	seen := map[int64]bool{}
	for i := range answers {
		a := &answers[i]
		suffix := fieldSuffix(a.ChallengeID)
		a.Comment = strings.TrimSpace(a.Comment)
		if !in[a.ChallengeID] || seen[a.ChallengeID] {
			v.Add("challenge_id"+suffix, "round.challenge_not_in_round")
			continue
		}
		seen[a.ChallengeID] = true
		v.Check(ValidScore(a.Impact), "impact"+suffix, "round.score_range")
		v.Check(ValidScore(a.Urgency), "urgency"+suffix, "round.score_range")
		v.Check(utf8.RuneCountInString(a.Comment) <= MaxComment, "comment"+suffix, "field.too_long")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if len(answers) == 0 {
		return kern.Errorf(kern.Invalid, "round.answer_empty")
	}
	return nil
}

func fieldSuffix(id int64) string { return "_" + strconv.FormatInt(id, 10) }

// Response is one respondent's answers as the coordination office sees it; others see the
// comments only, without who wrote them.
type Response struct {
	ID          int64     `json:"id"`
	Group       string    `json:"stakeholder_group"`
	SubmittedAt time.Time `json:"submitted_at"`
	Invitation  *int64    `json:"invitation_id,omitempty" doc:"Coordinators only"`
	Name        string    `json:"name,omitempty" doc:"Coordinators only"`
	Email       string    `json:"email,omitempty" doc:"Coordinators only"`
	Answers     []Answer  `json:"answers"`
}

// Comment is a respondent's comment on a challenge, without who wrote it.
type Comment struct {
	ChallengeID int64  `json:"challenge_id"`
	Group       string `json:"stakeholder_group"`
	Text        string `json:"comment"`
}

// CanManage reports whether p may create, change, open, close and publish rounds and invite
// people: the coordination office.
func CanManage(p *auth.Principal) bool { return p.IsCoordinator() }

// CanSeeResults reports whether p (nil for a visitor without login) may see the round's results.
func CanSeeResults(p *auth.Principal, r Round) bool {
	switch {
	case CanManage(p):
		return true
	case p != nil:
		return r.Published
	}
	return r.Published && r.Public
}

// CanSee reports whether p may see the round at all: coordinators every round, others a
// published one.
func CanSee(p *auth.Principal, r Round) bool { return CanManage(p) || (p != nil && r.Published) }
