package meetings

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"kern"
)

// States of a meeting, in their order of life.
const (
	Open       = "open"
	InProgress = "in_progress"
	Closed     = "closed"
)

// States lists the states in order.
var States = []string{Open, InProgress, Closed}

// NextState is the state a meeting may move to from state ("" from closed).
func NextState(state string) string {
	switch state {
	case Open:
		return InProgress
	case InProgress:
		return Closed
	}
	return ""
}

// Outcome kinds.
const (
	Information = "information"
	Decision    = "decision"
	NewAction   = "action"
)

// OutcomeKinds lists the kinds of outcome.
var OutcomeKinds = []string{Information, Decision, NewAction}

// Attendance statuses.
var AttendanceStatuses = []string{"present", "excused", "absent"}

// SeriesRhythms are the rhythms a series can be generated from.
var SeriesRhythms = []string{"weekly", "monthly", "quarterly", "yearly"}

// Limits of the input.
const (
	MaxTitle      = 200
	MaxText       = 8000
	MaxMinutes    = 200_000
	MaxDuration   = 8 * 60  // an agenda item of at most a working day, in minutes
	MaxLength     = 24 * 60 // a meeting of at most a day, in minutes
	MaxSeries     = 260     // five years of weekly meetings
	maxSeriesSpan = 6 * 366 // days
	maxGuests     = 50
)

// Meeting is a meeting of a body.
type Meeting struct {
	ID        int64      `json:"id"`
	BodyID    int64      `json:"body_id"`
	BodyName  string     `json:"body_name"`
	SeriesID  *int64     `json:"series_id,omitempty"`
	Title     string     `json:"title"`
	StartsAt  time.Time  `json:"starts_at" doc:"An instant; shown in Europe/Amsterdam"`
	EndsAt    time.Time  `json:"ends_at"`
	Location  string     `json:"location,omitempty"`
	VideoURL  string     `json:"video_url,omitempty"`
	State     string     `json:"state" enum:"open,in_progress,closed"`
	Sequence  int        `json:"sequence" doc:"How often the meeting moved (the iCalendar SEQUENCE)"`
	ClosedAt  *time.Time `json:"closed_at,omitempty"`
	HasMinute bool       `json:"has_minutes"`
	URL       string     `json:"url" doc:"The meeting's page"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// Past reports whether the meeting has ended at now.
func (m Meeting) Past(now time.Time) bool { return !m.EndsAt.After(now) }

// Input is what creating or changing a meeting takes.
type Input struct {
	Title    string
	StartsAt time.Time
	EndsAt   time.Time
	Location string
	VideoURL string
}

// Validate checks a meeting on its own.
func (in *Input) Validate() error {
	var v kern.Validation
	in.Title, in.Location, in.VideoURL = strings.TrimSpace(in.Title), strings.TrimSpace(in.Location), strings.TrimSpace(in.VideoURL)
	v.Check(in.Title != "", "title", "field.required")
	v.Check(len(in.Title) <= MaxTitle, "title", "field.too_long")
	v.Check(len(in.Location) <= MaxTitle, "location", "field.too_long")
	v.Check(!in.StartsAt.IsZero(), "starts_at", "field.required")
	v.Check(!in.EndsAt.IsZero(), "ends_at", "field.required")
	if !v.Has("starts_at") && !v.Has("ends_at") {
		v.Check(in.EndsAt.After(in.StartsAt), "ends_at", "meetings.end_before_start")
		v.Check(in.EndsAt.Sub(in.StartsAt) <= MaxLength*time.Minute, "ends_at", "meetings.too_long")
		v.Check(in.StartsAt.Year() >= 2000 && in.StartsAt.Year() <= 2100, "starts_at", "meetings.date_implausible")
	}
	v.Check(in.VideoURL == "" || webURL(in.VideoURL), "video_url", "meetings.url_invalid")
	v.Check(len(in.VideoURL) <= 1000, "video_url", "field.too_long")
	in.StartsAt, in.EndsAt = in.StartsAt.UTC().Truncate(time.Minute), in.EndsAt.UTC().Truncate(time.Minute)
	return v.Err()
}

// webURL accepts only http(s) links, so a video link cannot carry script.
func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// SeriesInput asks for meetings from the body's rhythm between two days, at a time of day.
type SeriesInput struct {
	Title    string
	Rhythm   string    // empty: the body's
	From     time.Time // first day
	To       time.Time // last day (inclusive)
	Clock    string    // "14:00" Amsterdam time
	Minutes  int       // length
	Location string
	VideoURL string
}

// Validate checks the series on its own.
func (in *SeriesInput) Validate() error {
	var v kern.Validation
	in.Title = strings.TrimSpace(in.Title)
	v.Check(in.Title != "", "title", "field.required")
	v.Check(len(in.Title) <= MaxTitle, "title", "field.too_long")
	v.Check(slices.Contains(SeriesRhythms, in.Rhythm), "rhythm", "meetings.rhythm_none")
	v.Check(!in.From.IsZero(), "from", "field.required")
	v.Check(!in.To.IsZero(), "to", "field.required")
	if !v.Has("from") && !v.Has("to") {
		v.Check(!in.To.Before(in.From), "to", "meetings.end_before_start")
		v.Check(in.To.Sub(in.From) <= maxSeriesSpan*24*time.Hour, "to", "meetings.series_too_long")
	}
	_, err := time.Parse("15:04", in.Clock)
	v.Check(err == nil, "time", "meetings.time_invalid")
	v.Check(in.Minutes > 0 && in.Minutes <= MaxLength, "minutes", "field.invalid_number")
	v.Check(len(in.Location) <= MaxTitle, "location", "field.too_long")
	in.VideoURL = strings.TrimSpace(in.VideoURL)
	v.Check(in.VideoURL == "" || webURL(in.VideoURL), "video_url", "meetings.url_invalid")
	return v.Err()
}

// Dates are the days of the series: from, then every rhythm period after it, up to to. A
// monthly series from the 31st falls on the last day of shorter months.
func (in SeriesInput) Dates() []time.Time {
	var out []time.Time
	for i := 0; len(out) <= MaxSeries; i++ {
		var d time.Time
		switch in.Rhythm {
		case "weekly":
			d = in.From.AddDate(0, 0, 7*i)
		case "monthly":
			d = addMonths(in.From, i)
		case "quarterly":
			d = addMonths(in.From, 3*i)
		case "yearly":
			d = addMonths(in.From, 12*i)
		default:
			return out
		}
		if d.After(in.To) {
			break
		}
		out = append(out, d)
	}
	return out
}

func addMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), 0, 0, 0, 0, time.UTC)
}

// At is the instant of clock (HH:MM) on day in Amsterdam.
func At(day time.Time, clock string) time.Time {
	c, _ := time.Parse("15:04", clock)
	return time.Date(day.Year(), day.Month(), day.Day(), c.Hour(), c.Minute(), 0, 0, amsterdam).UTC()
}

// AgendaItem is one item of a meeting's agenda.
type AgendaItem struct {
	ID              int64  `json:"id"`
	MeetingID       int64  `json:"meeting_id"`
	Position        int    `json:"position"`
	Title           string `json:"title"`
	DurationMinutes int    `json:"duration_minutes"`
	PresenterID     *int64 `json:"presenter_person_id,omitempty"`
	Presenter       string `json:"presenter" doc:"The presenter's name: the person's, or the free text"`
	ActionID        *int64 `json:"action_id,omitempty"`
	ActionTitle     string `json:"action_title,omitempty"`
	KPIID           *int64 `json:"kpi_id,omitempty"`
	KPITitle        string `json:"kpi_title,omitempty"`
	ChallengeID     *int64 `json:"challenge_id,omitempty"`
	ChallengeTitle  string `json:"challenge_title,omitempty"`
	Parked          bool   `json:"parked" doc:"Parked during the meeting: carried to the next meeting"`
	CarriedFrom     *int64 `json:"carried_from,omitempty" doc:"The parked item of an earlier meeting this one continues"`
	CarriedOn       bool   `json:"carried_on" doc:"Already carried to a later meeting"`
}

// Link is the page of what the item is about ("" when none).
func (a AgendaItem) Link() string {
	switch {
	case a.ActionID != nil:
		return fmt.Sprintf("/actions/%d", *a.ActionID)
	case a.KPIID != nil:
		return fmt.Sprintf("/kpis/%d", *a.KPIID)
	case a.ChallengeID != nil:
		return fmt.Sprintf("/challenges/%d", *a.ChallengeID)
	}
	return ""
}

// LinkTitle is the title of what the item is about.
func (a AgendaItem) LinkTitle() string {
	return a.ActionTitle + a.KPITitle + a.ChallengeTitle
}

// ItemInput is what adding or changing an agenda item takes.
type ItemInput struct {
	Title           string
	DurationMinutes int
	PresenterID     *int64
	PresenterText   string
	ActionID        *int64
	KPIID           *int64
	ChallengeID     *int64
}

// Validate checks an item on its own; the people and links are checked by the service.
func (in *ItemInput) Validate() error {
	var v kern.Validation
	in.Title, in.PresenterText = strings.TrimSpace(in.Title), strings.TrimSpace(in.PresenterText)
	v.Check(in.Title != "", "title", "field.required")
	v.Check(len(in.Title) <= MaxTitle, "title", "field.too_long")
	v.Check(len(in.PresenterText) <= MaxTitle, "presenter", "field.too_long")
	v.Check(in.DurationMinutes >= 0 && in.DurationMinutes <= MaxDuration, "duration_minutes", "meetings.duration_invalid")
	links := 0
	for _, p := range []*int64{in.ActionID, in.KPIID, in.ChallengeID} {
		if p != nil {
			links++
		}
	}
	v.Check(links <= 1, "link", "meetings.one_link")
	return v.Err()
}

// Attendee is a seat holder's or a guest's attendance.
type Attendee struct {
	PersonID *int64 `json:"person_id,omitempty"`
	Name     string `json:"name"`
	Role     string `json:"role,omitempty" doc:"The seat's role; empty for a guest"`
	Guest    bool   `json:"guest"`
	Status   string `json:"status" enum:"present,excused,absent,"`
}

// AttendanceInput records the statuses of seat holders and the guests present.
type AttendanceInput struct {
	Statuses map[int64]string // person id → status
	Guests   []string
}

// Validate checks the attendance on its own.
func (in *AttendanceInput) Validate() error {
	var v kern.Validation
	for _, s := range in.Statuses {
		v.Check(s == "" || slices.Contains(AttendanceStatuses, s), "status", "field.unknown_choice")
	}
	guests := in.Guests[:0:0]
	for _, g := range in.Guests {
		if g = strings.TrimSpace(g); g != "" && !slices.Contains(guests, g) {
			v.Check(len(g) <= MaxTitle, "guests", "field.too_long")
			guests = append(guests, g)
		}
	}
	v.Check(len(guests) <= maxGuests, "guests", "meetings.too_many_guests")
	in.Guests = guests
	return v.Err()
}

// Outcome is what a meeting produced: information, a decision or a new action.
type Outcome struct {
	ID          int64     `json:"id"`
	MeetingID   int64     `json:"meeting_id"`
	BodyID      int64     `json:"body_id"`
	BodyName    string    `json:"body_name"`
	MeetingName string    `json:"meeting_title"`
	ItemID      *int64    `json:"agenda_item_id,omitempty"`
	Kind        string    `json:"kind" enum:"information,decision,action"`
	Text        string    `json:"text"`
	Number      string    `json:"number,omitempty" doc:"A decision's number: D-<year>-<sequence within the body and year>"`
	DecidedOn   string    `json:"decided_on,omitempty" format:"date" doc:"A decision's date: the meeting's day"`
	ActionID    *int64    `json:"action_id,omitempty"`
	ActionTitle string    `json:"action_title,omitempty"`
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
}

// DecidedDay is a decision's date as a day, for pages.
func (o Outcome) DecidedDay() time.Time {
	t, _ := time.Parse("2006-01-02", o.DecidedOn)
	return t
}

// DecisionNumber formats a decision's number: D-2026-001.
func DecisionNumber(year, seq int) string { return fmt.Sprintf("D-%d-%03d", year, seq) }

// OutcomeInput is what recording an outcome takes. A new action takes its title from Text's
// first line and its description from the rest, unless ActionTitle is given.
type OutcomeInput struct {
	Kind        string
	Text        string
	ItemID      *int64
	ActionTitle string
	DueOn       *time.Time
}

// Validate checks an outcome on its own.
func (in *OutcomeInput) Validate() error {
	var v kern.Validation
	in.Text, in.ActionTitle = strings.TrimSpace(in.Text), strings.TrimSpace(in.ActionTitle)
	v.Check(slices.Contains(OutcomeKinds, in.Kind), "kind", "field.unknown_choice")
	v.Check(in.Text != "", "text", "field.required")
	v.Check(len(in.Text) <= MaxText, "text", "field.too_long")
	if in.Kind == NewAction && in.ActionTitle == "" {
		first, _, _ := strings.Cut(in.Text, "\n")
		in.ActionTitle = strings.TrimSpace(first)
	}
	v.Check(len(in.ActionTitle) <= MaxTitle, "action_title", "field.too_long")
	return v.Err()
}

// Minutes is one version of a meeting's minutes.
type Minutes struct {
	Version   int       `json:"version"`
	Text      string    `json:"text" doc:"Markdown"`
	Reason    string    `json:"reason,omitempty" doc:"Why this amendment was made"`
	Author    string    `json:"author"`
	Frozen    bool      `json:"frozen" doc:"The meeting is closed: this version is kept as it is"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// MinutesInput is a new text of the minutes, with the reason of an amendment.
type MinutesInput struct {
	Text   string
	Reason string
}

// Validate checks the minutes on their own.
func (in *MinutesInput) Validate() error {
	var v kern.Validation
	in.Reason = strings.TrimSpace(in.Reason)
	v.Check(len(in.Text) <= MaxMinutes, "text", "field.too_long")
	v.Check(len(in.Reason) <= MaxTitle, "reason", "field.too_long")
	return v.Err()
}

// Details is a meeting with everything on its page.
type Details struct {
	Meeting
	Agenda     []AgendaItem `json:"agenda"`
	Attendance []Attendee   `json:"attendance"`
	Outcomes   []Outcome    `json:"outcomes"`
	Minutes    *Minutes     `json:"minutes,omitempty" doc:"The latest version"`
	Versions   []Minutes    `json:"minutes_versions"`
	Previous   *Meeting     `json:"-"`
	Next       *Meeting     `json:"-"`
}

// AgendaMinutes is the agenda's total duration.
func (d Details) AgendaMinutes() int {
	n := 0
	for _, a := range d.Agenda {
		if !a.Parked {
			n += a.DurationMinutes
		}
	}
	return n
}

// LocalStart and LocalEnd are the meeting's times in Amsterdam as a datetime-local input wants them.
func (m Meeting) LocalStart() string { return localInput(m.StartsAt) }

// LocalEnd: see LocalStart.
func (m Meeting) LocalEnd() string { return localInput(m.EndsAt) }

func localInput(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(amsterdam).Format("2006-01-02T15:04")
}

// EndClock is the meeting's end as a time of day in Amsterdam.
func (m Meeting) EndClock() string { return m.EndsAt.In(amsterdam).Format("15:04") }
