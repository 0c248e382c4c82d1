package meetings

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/gov"
	"kern/internal/org"
	"kern/internal/plan/actions"
)

// AddOutcome records what the meeting produced, while it is open or in progress: information,
// a decision (numbered D-<year>-<nnn> within the body and the meeting's year, dated the meeting's
// day) or a new action, which lands in the action plan owned by the body.
func (s *Service) AddOutcome(ctx context.Context, p *auth.Principal, meetingID int64, in OutcomeInput) (Outcome, error) {
	if _, err := s.manageable(ctx, p, meetingID); err != nil {
		return Outcome{}, err
	}
	if err := in.Validate(); err != nil {
		return Outcome{}, err
	}
	var out Outcome
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		m, err := getMeeting(ctx, q, meetingID)
		if err != nil {
			return err
		}
		if m.State == Closed {
			return kern.Errorf(kern.Conflict, "meetings.outcome_closed")
		}
		if in.ItemID != nil {
			if _, err := getItem(ctx, q, meetingID, *in.ItemID); err != nil {
				return kern.FieldError("agenda_item_id", "meetings.link_unknown")
			}
		}
		local := m.StartsAt.In(amsterdam)
		day := gov.Day(local)
		var year, seq, actionID any
		var decided any
		switch in.Kind {
		case Decision:
			var n int
			if err := q.QueryRowContext(ctx, `SELECT coalesce(max(decision_seq), 0) + 1 FROM meeting_outcomes
WHERE body_id = $1 AND decision_year = $2`, m.BodyID, local.Year()).Scan(&n); err != nil {
				return err
			}
			year, seq, decided = local.Year(), n, day
		case NewAction:
			desc := strings.TrimSpace(strings.TrimPrefix(in.Text, in.ActionTitle))
			if desc != "" {
				desc += "\n\n"
			}
			desc += fmt.Sprintf("%s — %s, %s", m.BodyName, m.Title, local.Format("2006-01-02"))
			a, err := s.Actions.CreateAction(ctx, p, actions.Input{Title: in.ActionTitle, Description: desc, OwnerGroup: m.BodyName,
				Status: actions.Planned, StartOn: &day, DueOn: in.DueOn})
			if err != nil {
				return err
			}
			actionID = a.ID
		}
		var id int64
		if err := q.QueryRowContext(ctx, `INSERT INTO meeting_outcomes (meeting_id, body_id, agenda_item_id, kind, text, decision_year,
decision_seq, decided_on, action_id, search_text, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
RETURNING id`, meetingID, m.BodyID, in.ItemID, in.Kind, in.Text, year, seq, decided, actionID, org.Fold(in.Text), p.User.Name,
			s.now()).Scan(&id); err != nil {
			return fmt.Errorf("insert outcome: %w", err)
		}
		c := &db.Clause{}
		c.Add("o.id = ?", id)
		list, err := outcomesOf(ctx, q, c, "")
		if err != nil || len(list) == 0 {
			return fmt.Errorf("outcome %d: %w", id, err)
		}
		out = list[0]
		return audit.Record(ctx, q, p.Actor(), "create", "meeting_outcome", id, nil, out)
	})
	return out, err
}

// DecisionFilter selects decisions for a list.
type DecisionFilter struct {
	BodyID  int64
	Q       string
	From    time.Time // decided on or after (zero: any)
	To      time.Time // decided on or before (zero: any)
	Page    int
	PerPage int // 0 with Page 0: all
}

func (f DecisionFilter) clause() *db.Clause {
	c := &db.Clause{}
	c.Add("o.kind = ?", Decision)
	if f.BodyID != 0 {
		c.Add("o.body_id = ?", f.BodyID)
	}
	if f.Q != "" {
		c.Add(`o.search_text LIKE ? ESCAPE '\'`, "%"+db.EscapeLike(org.Fold(f.Q))+"%")
	}
	if !f.From.IsZero() {
		c.Add("o.decided_on >= ?", gov.Day(f.From))
	}
	if !f.To.IsZero() {
		c.Add("o.decided_on <= ?", gov.Day(f.To))
	}
	return c
}

// Decisions returns one page of the decisions matching f, newest first, and how many match.
func (s *Service) Decisions(ctx context.Context, p *auth.Principal, f DecisionFilter) ([]Outcome, int, error) {
	if err := requireUser(p); err != nil {
		return nil, 0, err
	}
	return s.decisions(ctx, f)
}

// DecisionsBetween lists the decisions of a body (0: every body) taken between two days, for
// progress reports (which check who may read them).
func (s *Service) DecisionsBetween(ctx context.Context, bodyID int64, from, to time.Time) ([]Outcome, error) {
	list, _, err := s.decisions(ctx, DecisionFilter{BodyID: bodyID, From: from, To: to})
	return list, err
}

// MeetingsBetween lists the meetings of a body (0: every body) that start between two
// instants, in order, for progress reports.
func (s *Service) MeetingsBetween(ctx context.Context, bodyID int64, from, to time.Time) ([]Meeting, error) {
	c := &db.Clause{}
	if bodyID != 0 {
		c.Add("m.body_id = ?", bodyID)
	}
	c.Add("m.starts_at >= ?", from)
	c.Add("m.starts_at < ?", to)
	rows, err := s.DB.Reader(ctx).QueryContext(ctx, meetingSelect+c.SQL()+" ORDER BY m.starts_at, m.id", c.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Meeting{}
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func (s *Service) decisions(ctx context.Context, f DecisionFilter) ([]Outcome, int, error) {
	q := s.DB.Reader(ctx)
	c := f.clause()
	var total int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM meeting_outcomes o `+c.SQL(), c.Args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	order := " ORDER BY o.decided_on DESC, o.decision_seq DESC, o.id DESC"
	if f.PerPage > 0 {
		if f.Page < 1 {
			f.Page = 1
		}
		f.PerPage = min(f.PerPage, MaxPerPage)
		page, args := c.Page(f.PerPage, (f.Page-1)*f.PerPage)
		list, err := outcomesOfSQL(ctx, q, c.SQL()+order+page, args)
		return list, total, err
	}
	list, err := outcomesOfSQL(ctx, q, c.SQL()+order, c.Args)
	return list, total, err
}

func outcomesOfSQL(ctx context.Context, q db.Q, tail string, args []any) ([]Outcome, error) {
	rows, err := q.QueryContext(ctx, outcomeSelect+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("outcomes: %w", err)
	}
	defer rows.Close()
	out := []Outcome{}
	for rows.Next() {
		o, err := scanOutcome(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// SaveMinutes writes the minutes of a meeting that is not closed, in place: the latest version
// is replaced (or the first one written). Closed minutes are frozen: amend them instead.
func (s *Service) SaveMinutes(ctx context.Context, p *auth.Principal, meetingID int64, in MinutesInput) (Minutes, error) {
	if _, err := s.manageable(ctx, p, meetingID); err != nil {
		return Minutes{}, err
	}
	if err := in.Validate(); err != nil {
		return Minutes{}, err
	}
	var out Minutes
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		m, err := getMeeting(ctx, q, meetingID)
		if err != nil {
			return err
		}
		if m.State == Closed {
			return kern.Errorf(kern.Conflict, "meetings.minutes_frozen")
		}
		versions, err := minutesOf(ctx, q, meetingID)
		if err != nil {
			return err
		}
		now := s.now()
		var before any
		if len(versions) == 0 {
			_, err = q.ExecContext(ctx, `INSERT INTO meeting_minutes (meeting_id, version, text, author, created_at, updated_at)
VALUES ($1, 1, $2, $3, $4, $4)`, meetingID, in.Text, p.User.Name, now)
		} else {
			before = versions[0]
			_, err = q.ExecContext(ctx, `UPDATE meeting_minutes SET text = $1, author = $2, updated_at = $3 WHERE meeting_id = $4
AND version = $5`, in.Text, p.User.Name, now, meetingID, versions[0].Version)
		}
		if err != nil {
			return err
		}
		if versions, err = minutesOf(ctx, q, meetingID); err != nil {
			return err
		}
		out = versions[0]
		return audit.Record(ctx, q, p.Actor(), "update", "meeting_minutes", meetingID, before, out)
	})
	return out, err
}

// AmendMinutes adds a new version to the frozen minutes of a closed meeting, with the reason;
// every earlier version stays as it was.
func (s *Service) AmendMinutes(ctx context.Context, p *auth.Principal, meetingID int64, in MinutesInput) (Minutes, error) {
	if _, err := s.manageable(ctx, p, meetingID); err != nil {
		return Minutes{}, err
	}
	if err := in.Validate(); err != nil {
		return Minutes{}, err
	}
	if in.Reason == "" {
		return Minutes{}, kern.FieldError("reason", "meetings.reason_required")
	}
	var out Minutes
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		m, err := getMeeting(ctx, q, meetingID)
		if err != nil {
			return err
		}
		if m.State != Closed {
			return kern.Errorf(kern.Conflict, "meetings.amend_not_closed")
		}
		var next int
		if err := q.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) + 1 FROM meeting_minutes WHERE meeting_id = $1`,
			meetingID).Scan(&next); err != nil {
			return err
		}
		now := s.now()
		if _, err := q.ExecContext(ctx, `INSERT INTO meeting_minutes (meeting_id, version, text, reason, author, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $6)`, meetingID, next, in.Text, in.Reason, p.User.Name, now); err != nil {
			return err
		}
		versions, err := minutesOf(ctx, q, meetingID)
		if err != nil {
			return err
		}
		out = versions[0]
		out.Frozen = true
		return audit.Record(ctx, q, p.Actor(), "amend", "meeting_minutes", meetingID, nil, out)
	})
	return out, err
}

// MinutesVersions returns every version of a meeting's minutes, newest first.
func (s *Service) MinutesVersions(ctx context.Context, p *auth.Principal, meetingID int64) ([]Minutes, error) {
	d, err := s.Meeting(ctx, p, meetingID)
	return d.Versions, err
}
