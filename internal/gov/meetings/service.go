package meetings

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/gov"
	"kern/internal/notify"
)

var amsterdam = gov.Amsterdam

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func requireUser(p *auth.Principal) error {
	if p == nil {
		return kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	return nil
}

// CanManage reports whether p may change the meetings of the body (its chair, secretary or
// leader, or the coordination office), for leaving controls out of pages.
func (s *Service) CanManage(ctx context.Context, p *auth.Principal, bodyID int64) bool {
	ok, err := s.Gov.CanManage(ctx, p, bodyID)
	return err == nil && ok
}

// body is what meetings need of a body.
type body struct {
	ID     int64
	Name   string
	Rhythm string
}

func getBody(ctx context.Context, q db.Q, id int64) (body, error) {
	b := body{ID: id}
	err := q.QueryRowContext(ctx, `SELECT name, rhythm FROM bodies WHERE id = $1`, id).Scan(&b.Name, &b.Rhythm)
	if errors.Is(err, sql.ErrNoRows) {
		return b, kern.Errorf(kern.NotFound, "error.not_found")
	}
	return b, err
}

// Meetings returns one page of the meetings matching f and how many match in all.
func (s *Service) Meetings(ctx context.Context, p *auth.Principal, f Filter) ([]Meeting, int, error) {
	if err := requireUser(p); err != nil {
		return nil, 0, err
	}
	if err := f.Normalize(); err != nil {
		return nil, 0, err
	}
	return listMeetings(ctx, s.DB.Reader(ctx), f, s.now())
}

// ExportMeetings returns every meeting matching f, for a CSV export.
func (s *Service) ExportMeetings(ctx context.Context, p *auth.Principal, f Filter) ([]Meeting, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	if err := f.Normalize(); err != nil {
		return nil, err
	}
	f.PerPage = 0
	list, _, err := listMeetings(ctx, s.DB.Reader(ctx), f, s.now())
	return list, err
}

// Meeting returns a meeting with its agenda, attendance, outcomes and minutes.
func (s *Service) Meeting(ctx context.Context, p *auth.Principal, id int64) (Details, error) {
	if err := requireUser(p); err != nil {
		return Details{}, err
	}
	q := s.DB.Reader(ctx)
	m, err := getMeeting(ctx, q, id)
	if err != nil {
		return Details{}, err
	}
	d := Details{Meeting: m}
	if d.Agenda, err = agendaOf(ctx, q, id); err != nil {
		return d, err
	}
	if d.Attendance, err = s.attendance(ctx, q, m); err != nil {
		return d, err
	}
	c := &db.Clause{}
	c.Add("o.meeting_id = ?", id)
	if d.Outcomes, err = outcomesOf(ctx, q, c, " ORDER BY o.id"); err != nil {
		return d, err
	}
	if d.Versions, err = minutesOf(ctx, q, id); err != nil {
		return d, err
	}
	for i := range d.Versions {
		d.Versions[i].Frozen = m.State == Closed
	}
	if len(d.Versions) > 0 {
		d.Minutes = &d.Versions[0]
	}
	if d.Previous, err = neighbour(ctx, q, m, -1); err != nil {
		return d, err
	}
	d.Next, err = neighbour(ctx, q, m, +1)
	return d, err
}

// seatHolder is a person holding a seat in a body on a day.
type seatHolder struct {
	PersonID int64
	Name     string
	Role     string
}

// seatHolders are the people with a current seat in the body on day (one row a person, the
// first role by the body's order of roles).
func seatHolders(ctx context.Context, q db.Q, bodyID int64, day time.Time) ([]seatHolder, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.person_id, p.given_name || ' ' || p.family_name, s.role FROM seats s
JOIN people p ON p.id = s.person_id
WHERE s.body_id = $1 AND s.term_start <= $2 AND (s.term_end IS NULL OR s.term_end >= $2)
ORDER BY CASE s.role WHEN 'chair' THEN 0 WHEN 'leader' THEN 1 WHEN 'co_leader' THEN 2 WHEN 'secretary' THEN 3 ELSE 4 END,
p.family_name, p.given_name, s.id`, bodyID, gov.Day(day))
	if err != nil {
		return nil, fmt.Errorf("seat holders: %w", err)
	}
	defer rows.Close()
	var out []seatHolder
	seen := map[int64]bool{}
	for rows.Next() {
		var h seatHolder
		if err := rows.Scan(&h.PersonID, &h.Name, &h.Role); err != nil {
			return nil, err
		}
		if !seen[h.PersonID] {
			seen[h.PersonID] = true
			out = append(out, h)
		}
	}
	return out, rows.Err()
}

// attendance lists every seat holder on the meeting's day with their recorded status (empty when
// none is recorded yet), then anyone recorded who no longer holds a seat, then the guests.
func (s *Service) attendance(ctx context.Context, q db.Q, m Meeting) ([]Attendee, error) {
	holders, err := seatHolders(ctx, q, m.BodyID, m.StartsAt.In(amsterdam))
	if err != nil {
		return nil, err
	}
	recorded, err := attendanceOf(ctx, q, m.ID)
	if err != nil {
		return nil, err
	}
	status := map[int64]string{}
	for _, a := range recorded {
		if a.PersonID != nil {
			status[*a.PersonID] = a.Status
		}
	}
	out := []Attendee{}
	listed := map[int64]bool{}
	for _, h := range holders {
		id := h.PersonID
		out = append(out, Attendee{PersonID: &id, Name: h.Name, Role: h.Role, Status: status[id]})
		listed[id] = true
	}
	for _, a := range recorded {
		if a.PersonID != nil && !listed[*a.PersonID] {
			out = append(out, a)
		}
	}
	for _, a := range recorded {
		if a.Guest {
			out = append(out, a)
		}
	}
	return out, nil
}

// CreateMeeting schedules a one-off meeting of the body. Parked items of the body's previous
// meeting move onto its agenda, and the seat holders are told.
func (s *Service) CreateMeeting(ctx context.Context, p *auth.Principal, bodyID int64, in Input) (Meeting, error) {
	if err := s.Gov.RequireManage(ctx, p, bodyID); err != nil {
		return Meeting{}, err
	}
	if err := in.Validate(); err != nil {
		return Meeting{}, err
	}
	var out Meeting
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		b, err := getBody(ctx, q, bodyID)
		if err != nil {
			return err
		}
		now := s.now()
		id, err := insertMeeting(ctx, q, bodyID, nil, b.Name, in, now)
		if err != nil {
			return err
		}
		if out, err = getMeeting(ctx, q, id); err != nil {
			return err
		}
		if err := s.carryInto(ctx, q, out, now); err != nil {
			return err
		}
		if err := audit.Record(ctx, q, p.Actor(), "create", "meeting", id, nil, out); err != nil {
			return err
		}
		return s.tellSeatHolders(ctx, q, out, "meetings.notify.scheduled_subject", "meetings.notify.scheduled_text",
			out.Title, b.Name, when(out.StartsAt))
	})
	return out, err
}

// CreateSeries schedules the body's meetings from its rhythm (or the one given) between two
// days; the seat holders get one notice for the whole series.
func (s *Service) CreateSeries(ctx context.Context, p *auth.Principal, bodyID int64, in SeriesInput) ([]Meeting, error) {
	if err := s.Gov.RequireManage(ctx, p, bodyID); err != nil {
		return nil, err
	}
	if in.Rhythm == "" {
		b, err := getBody(ctx, s.DB.Reader(ctx), bodyID)
		if err != nil {
			return nil, err
		}
		in.Rhythm = b.Rhythm
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	dates := in.Dates()
	if len(dates) > MaxSeries {
		return nil, kern.FieldError("to", "meetings.series_too_long")
	}
	var out []Meeting
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		b, err := getBody(ctx, q, bodyID)
		if err != nil {
			return err
		}
		now := s.now()
		var seriesID int64
		if err := q.QueryRowContext(ctx, `INSERT INTO meeting_series (body_id, rhythm, first_on, last_on, created_at)
VALUES ($1, $2, $3, $4, $5) RETURNING id`, bodyID, in.Rhythm, in.From, in.To, now).Scan(&seriesID); err != nil {
			return fmt.Errorf("insert series: %w", err)
		}
		for _, d := range dates {
			start := At(d, in.Clock)
			mi := Input{Title: in.Title, StartsAt: start, EndsAt: start.Add(time.Duration(in.Minutes) * time.Minute),
				Location: in.Location, VideoURL: in.VideoURL}
			if err := mi.Validate(); err != nil {
				return err
			}
			id, err := insertMeeting(ctx, q, bodyID, &seriesID, b.Name, mi, now)
			if err != nil {
				return err
			}
			m, err := getMeeting(ctx, q, id)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		if len(out) == 0 {
			return kern.FieldError("to", "meetings.series_empty")
		}
		// The first meeting of the series takes what the body's previous meeting parked.
		if prev, err := previousOfBody(ctx, q, out[0]); err != nil {
			return err
		} else if prev != nil {
			if _, err := carryParked(ctx, q, prev.ID, out[0].ID, now); err != nil {
				return err
			}
		}
		if err := audit.Record(ctx, q, p.Actor(), "create", "meeting_series", seriesID, nil,
			map[string]any{"body_id": bodyID, "rhythm": in.Rhythm, "meetings": len(out), "first": out[0].StartsAt}); err != nil {
			return err
		}
		return s.tellSeatHolders(ctx, q, out[0], "meetings.notify.series_subject", "meetings.notify.series_text",
			b.Name, len(out), when(out[0].StartsAt), when(out[len(out)-1].StartsAt))
	})
	return out, err
}

// previousOfBody is the body's meeting just before m, whatever its series.
func previousOfBody(ctx context.Context, q db.Q, m Meeting) (*Meeting, error) {
	m.SeriesID = nil
	return neighbour(ctx, q, m, -1)
}

// carryInto moves the parked items of the meeting before m (in its series, else of the body)
// onto m's agenda.
func (s *Service) carryInto(ctx context.Context, q db.Q, m Meeting, now time.Time) error {
	prev, err := neighbour(ctx, q, m, -1)
	if err != nil || prev == nil {
		return err
	}
	_, err = carryParked(ctx, q, prev.ID, m.ID, now)
	return err
}

// UpdateMeeting changes a meeting that is not closed; a new time tells the seat holders.
func (s *Service) UpdateMeeting(ctx context.Context, p *auth.Principal, id int64, in Input) (Meeting, error) {
	if err := in.Validate(); err != nil {
		if _, gerr := s.manageable(ctx, p, id); gerr != nil {
			return Meeting{}, gerr
		}
		return Meeting{}, err
	}
	var out Meeting
	err := s.change(ctx, p, id, func(ctx context.Context, q db.Q, before Meeting) error {
		moved := !before.StartsAt.Equal(in.StartsAt) || !before.EndsAt.Equal(in.EndsAt)
		if err := updateMeeting(ctx, q, before, in, moved, s.now()); err != nil {
			return err
		}
		var err error
		if out, err = getMeeting(ctx, q, id); err != nil {
			return err
		}
		if err := audit.Record(ctx, q, p.Actor(), "update", "meeting", id, before, out); err != nil {
			return err
		}
		if !moved {
			return nil
		}
		return s.tellSeatHolders(ctx, q, out, "meetings.notify.moved_subject", "meetings.notify.moved_text",
			out.Title, out.BodyName, when(out.StartsAt))
	})
	return out, err
}

// manageable loads the meeting and checks p may change its body's meetings.
func (s *Service) manageable(ctx context.Context, p *auth.Principal, id int64) (Meeting, error) {
	if err := requireUser(p); err != nil {
		return Meeting{}, err
	}
	m, err := getMeeting(ctx, s.DB.Reader(ctx), id)
	if err != nil {
		return m, err
	}
	return m, s.Gov.RequireManage(ctx, p, m.BodyID)
}

// change runs fn in a transaction on a meeting p may manage and that is not closed.
func (s *Service) change(ctx context.Context, p *auth.Principal, id int64, fn func(ctx context.Context, q db.Q, m Meeting) error) error {
	if _, err := s.manageable(ctx, p, id); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		m, err := getMeeting(ctx, q, id)
		if err != nil {
			return err
		}
		if m.State == Closed {
			return kern.Errorf(kern.Conflict, "meetings.closed")
		}
		return fn(ctx, q, m)
	})
}

// SetState moves a meeting on: open → in progress → closed. Closing freezes the minutes and
// carries the parked items to the next meeting, if it is already scheduled.
func (s *Service) SetState(ctx context.Context, p *auth.Principal, id int64, to string) (Meeting, error) {
	var out Meeting
	err := s.change(ctx, p, id, func(ctx context.Context, q db.Q, before Meeting) error {
		if NextState(before.State) != to {
			return kern.FieldError("state", "meetings.state_step")
		}
		now := s.now()
		var closedAt any
		if to == Closed {
			closedAt = now
		}
		if _, err := q.ExecContext(ctx, `UPDATE meetings SET state = $1, closed_at = $2, updated_at = $3 WHERE id = $4`,
			to, closedAt, now, id); err != nil {
			return err
		}
		if to == Closed {
			next, err := neighbour(ctx, q, before, +1)
			if err != nil {
				return err
			}
			if next != nil {
				if _, err := carryParked(ctx, q, id, next.ID, now); err != nil {
					return err
				}
			}
		}
		var err error
		if out, err = getMeeting(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "state", "meeting", id, map[string]string{"state": before.State},
			map[string]string{"state": to})
	})
	return out, err
}

// DeleteMeeting removes a meeting that is still open and has no outcomes or minutes.
func (s *Service) DeleteMeeting(ctx context.Context, p *auth.Principal, id int64) error {
	return s.change(ctx, p, id, func(ctx context.Context, q db.Q, m Meeting) error {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM meeting_outcomes WHERE meeting_id = $1)
+ (SELECT count(*) FROM meeting_minutes WHERE meeting_id = $1)`, id).Scan(&n); err != nil {
			return err
		}
		if m.State != Open || n > 0 {
			return kern.Errorf(kern.Conflict, "meetings.delete_has_record")
		}
		if _, err := q.ExecContext(ctx, `UPDATE agenda_items SET carried_from = NULL WHERE carried_from IN
(SELECT id FROM agenda_items WHERE meeting_id = $1)`, id); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM meetings WHERE id = $1`, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "delete", "meeting", id, m, nil)
	})
}

// when shows an instant in Amsterdam time for a notice.
func when(t time.Time) string { return t.In(amsterdam).Format("2006-01-02 15:04") }

// tellSeatHolders notifies everyone with a seat in m's body on m's day.
func (s *Service) tellSeatHolders(ctx context.Context, q db.Q, m Meeting, subject, text string, args ...any) error {
	if s.Notify == nil {
		return nil
	}
	holders, err := seatHolders(ctx, q, m.BodyID, m.StartsAt.In(amsterdam))
	if err != nil {
		return err
	}
	for _, h := range holders {
		if _, err := s.Notify.Send(ctx, q, notify.To{PersonID: h.PersonID}, notify.Note{Kind: "meeting_scheduled",
			SubjectKey: subject, SubjectArgs: args, TextKey: text, Args: args, Link: m.URL}); err != nil {
			return err
		}
	}
	return nil
}

// LastMet is when each body last met (its latest meeting that took place), for the body's
// "not met for longer than its rhythm" warning.
func (s *Service) LastMet(ctx context.Context) (map[int64]time.Time, error) {
	// One pass over the (body_id, starts_at) index; 4x faster on SQLite than a per-meeting
	// NOT EXISTS, which every body page pays for.
	rows, err := s.DB.Reader(ctx).QueryContext(ctx, `SELECT body_id, max(starts_at) FROM meetings WHERE starts_at <= $1
GROUP BY body_id`, s.now())
	if err != nil {
		return nil, fmt.Errorf("last met: %w", err)
	}
	defer rows.Close()
	out := map[int64]time.Time{}
	for rows.Next() {
		var id int64
		var v any
		if err := rows.Scan(&id, &v); err != nil {
			return nil, err
		}
		t, err := instant(v)
		if err != nil {
			return nil, fmt.Errorf("last met of body %d: %w", id, err)
		}
		out[id] = t
	}
	return out, rows.Err()
}

// instant reads a timestamp from an aggregate: PostgreSQL gives a time, SQLite the stored text
// (an aggregate has no declared column type for the driver to convert by).
func instant(v any) (time.Time, error) {
	switch x := v.(type) {
	case time.Time:
		return x.UTC(), nil
	case []byte:
		v = string(x)
	}
	str, ok := v.(string)
	if !ok {
		return time.Time{}, fmt.Errorf("unexpected %T", v)
	}
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, str); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("unreadable time %q", str)
}

// BodyChoices are the bodies, for a filter.
func (s *Service) BodyChoices(ctx context.Context) ([]db.Choice, error) {
	return db.Choices(ctx, s.DB.Reader(ctx), `SELECT id, name FROM bodies ORDER BY lower(name), id`)
}

// LinkChoices are the actions, KPIs and challenges an agenda item can be about.
func (s *Service) LinkChoices(ctx context.Context) (acts, kpis, challenges []db.Choice, err error) {
	q := s.DB.Reader(ctx)
	if acts, err = db.Choices(ctx, q, `SELECT id, title FROM actions WHERE status NOT IN ('done', 'dropped') ORDER BY lower(title), id`); err != nil {
		return
	}
	if kpis, err = db.Choices(ctx, q, `SELECT id, name FROM kpis ORDER BY lower(name), id`); err != nil {
		return
	}
	challenges, err = db.Choices(ctx, q, `SELECT id, title FROM challenges ORDER BY lower(title), id`)
	return
}
