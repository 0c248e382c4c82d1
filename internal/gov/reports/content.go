package reports

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"kern/internal/auth"
	"kern/internal/gov"
	"kern/internal/plan"
	"kern/internal/plan/actions"
)

// ReportContent is what a progress report shows besides its introduction: gathered from the plan, the
// action plan, the meetings and the seats when the report is drafted or opened, and frozen as
// JSON when it is published.
type ReportContent struct {
	GatheredAt    time.Time        `json:"gathered_at" doc:"When the figures were read: the status of KPIs and actions is as of then"`
	PublicOnly    bool             `json:"public_only" doc:"Only what the transparency page shows: public KPIs and actions, no names of people"`
	KPIs          []ReportKPI      `json:"kpis"`
	Done          []ReportAction   `json:"actions_done"`
	Overdue       []ReportAction   `json:"actions_overdue"`
	Blocked       []ReportAction   `json:"actions_blocked"`
	QuickWins     []ReportAction   `json:"quick_wins"`
	Decisions     []ReportDecision `json:"decisions"`
	MeetingsAhead []ReportMeeting  `json:"meetings_ahead"`
	MeetingsKnown bool             `json:"meetings_known" doc:"False when the meetings were not available to the report"`
	TermsEnding   []ReportTerm     `json:"terms_ending"`
}

// ReportKPI is a KPI as a report shows it, with the points of its small chart.
type ReportKPI struct {
	ID        int64         `json:"id"`
	Name      string        `json:"name"`
	Goal      string        `json:"goal,omitempty"`
	Unit      string        `json:"unit"`
	Direction string        `json:"direction"`
	Status    string        `json:"status"`
	Latest    *float64      `json:"latest,omitempty"`
	LatestOn  *time.Time    `json:"latest_on,omitempty" format:"date"`
	Target    *float64      `json:"target,omitempty" doc:"The next target on or after the end of the period (else the last one)"`
	TargetOn  *time.Time    `json:"target_on,omitempty" format:"date"`
	Points    []ReportPoint `json:"points" doc:"The measurements of the last two years, at most 24, oldest first"`
}

// ReportPoint is one measurement on a small chart.
type ReportPoint struct {
	On    time.Time `json:"on" format:"date"`
	Value float64   `json:"value"`
}

// ReportAction is an action as a report lists it.
type ReportAction struct {
	ID         int64      `json:"id"`
	Title      string     `json:"title"`
	OwnerGroup string     `json:"owner_group"`
	Status     string     `json:"status"`
	DueOn      *time.Time `json:"due_on,omitempty" format:"date"`
	Progress   float64    `json:"progress"`
	QuickWin   bool       `json:"quick_win"`
}

// ReportDecision is a decision taken in the period.
type ReportDecision struct {
	Number   string    `json:"number"`
	On       time.Time `json:"on" format:"date"`
	BodyName string    `json:"body_name"`
	Text     string    `json:"text"`
}

// ReportMeeting is a meeting ahead.
type ReportMeeting struct {
	ID       int64     `json:"id"`
	Starts   time.Time `json:"starts"`
	BodyName string    `json:"body_name"`
	Title    string    `json:"title"`
}

// ReportTerm is a seat whose term ends within six months.
type ReportTerm struct {
	BodyID     int64     `json:"body_id"`
	BodyName   string    `json:"body_name"`
	Role       string    `json:"role"`
	PersonName string    `json:"person_name,omitempty" doc:"Left out of public reports"`
	TermEnd    time.Time `json:"term_end" format:"date"`
}

// MeetingSource gives a report the decisions taken and the meetings ahead (package gov/meetings,
// through an adapter in meetings.go). bodyID 0 is every body.
type MeetingSource interface {
	Decisions(ctx context.Context, bodyID int64, from, to time.Time) ([]ReportDecision, error)
	Ahead(ctx context.Context, bodyID int64, from, to time.Time) ([]ReportMeeting, error)
}

// A small chart shows at most maxPoints measurements of the last chartYears years.
const (
	maxPoints  = 24
	chartYears = 2
)

// gather reads everything a report of this period and scope shows, as of now.
func (s *Service) gather(ctx context.Context, r Report) (*ReportContent, error) {
	c := &ReportContent{GatheredAt: s.now(), PublicOnly: r.Public, KPIs: []ReportKPI{}, Done: []ReportAction{}, Overdue: []ReportAction{},
		Blocked: []ReportAction{}, QuickWins: []ReportAction{}, Decisions: []ReportDecision{}, MeetingsAhead: []ReportMeeting{},
		TermsEnding: []ReportTerm{}}
	var body *scopeBody
	if r.Scope == "body" && r.BodyID != nil {
		b, err := getScopeBody(ctx, s.DB.Reader(ctx), *r.BodyID)
		if err != nil {
			return nil, err
		}
		body = &b
	}
	goals, linkedActions, err := s.scopeLinks(ctx, r, body)
	if err != nil {
		return nil, err
	}
	if r.Has("kpis") {
		if err := s.gatherKPIs(ctx, c, r, body, goals); err != nil {
			return nil, err
		}
	}
	if err := s.gatherActions(ctx, c, r, body, linkedActions); err != nil {
		return nil, err
	}
	if err := s.gatherMeetings(ctx, c, r, body); err != nil {
		return nil, err
	}
	if r.Has("terms_ending") {
		if err := s.gatherTerms(ctx, c, body); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// scopeLinks are, for a body's report, the goals it answers for (by name on the goal, or through
// an objective of its annual plan for the year) and the actions its annual plan names.
func (s *Service) scopeLinks(ctx context.Context, r Report, body *scopeBody) (goals, acts map[int64]bool, err error) {
	if body == nil {
		return nil, nil, nil
	}
	q := s.DB.Reader(ctx)
	goals, acts = map[int64]bool{}, map[int64]bool{}
	rows, err := q.QueryContext(ctx, `SELECT id FROM goals WHERE lower(accountable_body) IN (lower($1), lower($2))
UNION SELECT g.goal_id FROM annual_plan_objective_goals g JOIN annual_plan_objectives o ON o.id = g.objective_id
JOIN annual_plans p ON p.id = o.plan_id WHERE p.body_id = $3 AND p.year = $4`, body.Name, orDash(body.ShortName), body.ID, r.Start.Year())
	if err != nil {
		return nil, nil, fmt.Errorf("report goals: %w", err)
	}
	if err := collect(rows, goals); err != nil {
		return nil, nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT a.action_id FROM annual_plan_objective_actions a JOIN annual_plan_objectives o ON o.id = a.objective_id
JOIN annual_plans p ON p.id = o.plan_id WHERE p.body_id = $1 AND p.year = $2`, body.ID, r.Start.Year())
	if err != nil {
		return nil, nil, fmt.Errorf("report actions: %w", err)
	}
	return goals, acts, collect(rows, acts)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

type idRows interface {
	Next() bool
	Scan(...any) error
	Close() error
	Err() error
}

func idList(rows idRows) ([]int64, error) {
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

func collect(rows idRows, into map[int64]bool) error {
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		into[id] = true
	}
	return rows.Err()
}

func (s *Service) gatherKPIs(ctx context.Context, c *ReportContent, r Report, body *scopeBody, goals map[int64]bool) error {
	list, err := s.Plan.KPIs(ctx, auth.System(), plan.KPIFilter{PublicOnly: r.Public})
	if err != nil {
		return err
	}
	ids := []int64{}
	for _, k := range list {
		if body != nil && (k.GoalID == nil || !goals[*k.GoalID]) {
			continue
		}
		row := ReportKPI{ID: k.ID, Name: k.Name, Goal: k.GoalTitle, Unit: k.Unit, Direction: k.Direction, Status: string(k.Status),
			Points: []ReportPoint{}}
		if k.Latest != nil {
			v, on := k.Latest.Value, k.Latest.On
			row.Latest, row.LatestOn = &v, &on
		}
		for i, t := range k.Targets {
			if !t.On.Before(r.End) || i == len(k.Targets)-1 {
				v, on := t.Value, t.On
				row.Target, row.TargetOn = &v, &on
				break
			}
		}
		c.KPIs = append(c.KPIs, row)
		ids = append(ids, k.ID)
	}
	points, err := kpiPoints(ctx, s.DB.Reader(ctx), s.today().AddDate(-chartYears, 0, 0))
	if err != nil {
		return err
	}
	for i := range c.KPIs {
		if p := points[c.KPIs[i].ID]; len(p) > 0 {
			c.KPIs[i].Points = p[max(0, len(p)-maxPoints):]
		}
	}
	return nil
}

func (s *Service) gatherActions(ctx context.Context, c *ReportContent, r Report, body *scopeBody, linked map[int64]bool) error {
	board, err := s.Actions.Board(ctx, auth.System())
	if err != nil {
		return err
	}
	endNext := r.End.AddDate(0, 0, 1)
	in := func(t *time.Time) bool { return t != nil && !t.Before(r.Start) && t.Before(endNext) }
	for _, a := range board.Actions {
		if r.Public && !a.Public {
			continue
		}
		if body != nil && !linked[a.ID] && !strings.EqualFold(a.OwnerGroup, body.Name) &&
			(body.ShortName == "" || !strings.EqualFold(a.OwnerGroup, body.ShortName)) {
			continue
		}
		d := board.Derived[a.ID]
		row := ReportAction{ID: a.ID, Title: a.Title, OwnerGroup: a.OwnerGroup, Status: string(a.Status), DueOn: a.DueOn,
			Progress: d.Progress, QuickWin: a.QuickWin}
		updated := a.UpdatedAt.In(gov.Amsterdam)
		if a.Status == actions.Done && (in(a.DueOn) || in(&updated)) && r.Has("actions_done") {
			c.Done = append(c.Done, row)
		}
		if d.Overdue && r.Has("actions_overdue") {
			c.Overdue = append(c.Overdue, row)
		}
		if d.Blocked && r.Has("actions_blocked") {
			c.Blocked = append(c.Blocked, row)
		}
		if a.QuickWin && a.Status != actions.Dropped && r.Has("quick_wins") {
			c.QuickWins = append(c.QuickWins, row)
		}
	}
	byDue := func(a, b ReportAction) int {
		switch {
		case a.DueOn == nil && b.DueOn == nil:
			return int(a.ID - b.ID)
		case a.DueOn == nil:
			return 1
		case b.DueOn == nil:
			return -1
		}
		return a.DueOn.Compare(*b.DueOn)
	}
	for _, l := range [][]ReportAction{c.Done, c.Overdue, c.Blocked} {
		slices.SortStableFunc(l, byDue)
	}
	// Quick wins: the done ones first, then by due date.
	slices.SortStableFunc(c.QuickWins, func(a, b ReportAction) int {
		if (a.Status == "done") != (b.Status == "done") {
			if a.Status == "done" {
				return -1
			}
			return 1
		}
		return byDue(a, b)
	})
	return nil
}

// gatherMeetings reads the decisions of the period and the meetings of the next three months
// (from the later of today and the end of the period), when the meetings are available.
func (s *Service) gatherMeetings(ctx context.Context, c *ReportContent, r Report, body *scopeBody) error {
	src := s.meetingSource()
	if src == nil {
		return nil
	}
	c.MeetingsKnown = true
	var bodyID int64
	if body != nil {
		bodyID = body.ID
	}
	var err error
	if r.Has("decisions") {
		if c.Decisions, err = src.Decisions(ctx, bodyID, r.Start, r.End); err != nil {
			return err
		}
	}
	if r.Has("meetings_ahead") {
		from := gov.Day(c.GatheredAt.In(gov.Amsterdam))
		if after := r.End.AddDate(0, 0, 1); after.After(from) {
			from = after
		}
		if c.MeetingsAhead, err = src.Ahead(ctx, bodyID, from, from.AddDate(0, 3, 0)); err != nil {
			return err
		}
	}
	if c.Decisions == nil {
		c.Decisions = []ReportDecision{}
	}
	if c.MeetingsAhead == nil {
		c.MeetingsAhead = []ReportMeeting{}
	}
	return nil
}

func (s *Service) gatherTerms(ctx context.Context, c *ReportContent, body *scopeBody) error {
	var bodyID int64
	if body != nil {
		bodyID = body.ID
	}
	today := s.today()
	list, err := termsEnding(ctx, s.DB.Reader(ctx), bodyID, today, today.AddDate(0, gov.SixMonths, 0))
	if err != nil {
		return err
	}
	for i := range list {
		if c.PublicOnly {
			list[i].PersonName = ""
		}
	}
	c.TermsEnding = list
	return nil
}
