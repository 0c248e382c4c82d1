package meetings

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"kern"
	"kern/internal/db"
	"kern/internal/org"
)

type scanner interface{ Scan(...any) error }

const meetingSelect = `SELECT m.id, m.body_id, b.name, m.series_id, m.title, m.starts_at, m.ends_at, m.location, m.video_url,
m.state, m.sequence, m.closed_at, EXISTS (SELECT 1 FROM meeting_minutes x WHERE x.meeting_id = m.id AND x.text <> ''),
m.created_at, m.updated_at
FROM meetings m JOIN bodies b ON b.id = m.body_id `

func scanMeeting(row scanner) (Meeting, error) {
	var m Meeting
	err := row.Scan(&m.ID, &m.BodyID, &m.BodyName, &m.SeriesID, &m.Title, &m.StartsAt, &m.EndsAt, &m.Location, &m.VideoURL,
		&m.State, &m.Sequence, &m.ClosedAt, &m.HasMinute, &m.CreatedAt, &m.UpdatedAt)
	m.StartsAt, m.EndsAt = m.StartsAt.UTC(), m.EndsAt.UTC()
	m.URL = fmt.Sprintf("/meetings/%d", m.ID)
	return m, err
}

func getMeeting(ctx context.Context, q db.Q, id int64) (Meeting, error) {
	m, err := scanMeeting(q.QueryRowContext(ctx, meetingSelect+`WHERE m.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, kern.Errorf(kern.NotFound, "error.not_found")
	}
	if err != nil {
		return m, fmt.Errorf("get meeting %d: %w", id, err)
	}
	return m, nil
}

// Filter selects meetings for a list.
type Filter struct {
	BodyID  int64
	Q       string
	When    string // upcoming, past, or "" for both
	Page    int
	PerPage int
}

// MaxPerPage bounds a page of a list.
const MaxPerPage = 500

// Normalize fills defaults and refuses unknown values.
func (f *Filter) Normalize() error {
	if f.When != "" && f.When != "upcoming" && f.When != "past" {
		return kern.FieldError("when", "field.unknown_choice")
	}
	if f.Page < 1 {
		f.Page = 1
	}
	if f.PerPage < 1 {
		f.PerPage = 50
	}
	f.PerPage = min(f.PerPage, MaxPerPage)
	return nil
}

func (f Filter) clause(now time.Time) (*db.Clause, string) {
	c := &db.Clause{}
	if f.BodyID != 0 {
		c.Add("m.body_id = ?", f.BodyID)
	}
	if f.Q != "" {
		c.Add(`m.search_text LIKE ? ESCAPE '\'`, "%"+db.EscapeLike(org.Fold(f.Q))+"%")
	}
	order := " ORDER BY m.starts_at DESC, m.id DESC"
	switch f.When {
	case "upcoming":
		c.Add("m.ends_at > ?", now)
		order = " ORDER BY m.starts_at, m.id"
	case "past":
		c.Add("m.ends_at <= ?", now)
	}
	return c, order
}

// listMeetings returns one page of the meetings matching f (all of them when perPage is 0) and
// how many match.
func listMeetings(ctx context.Context, q db.Q, f Filter, now time.Time) ([]Meeting, int, error) {
	c, order := f.clause(now)
	var total int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM meetings m `+c.SQL(), c.Args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count meetings: %w", err)
	}
	query, args := meetingSelect+c.SQL()+order, c.Args
	if f.PerPage > 0 {
		var page string
		page, args = c.Page(f.PerPage, (f.Page-1)*f.PerPage)
		query += page
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list meetings: %w", err)
	}
	defer rows.Close()
	out := []Meeting{}
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, m)
	}
	return out, total, rows.Err()
}

func searchText(bodyName string, in Input) string {
	return org.Fold(in.Title + " " + bodyName + " " + in.Location)
}

func insertMeeting(ctx context.Context, q db.Q, bodyID int64, seriesID *int64, bodyName string, in Input, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO meetings (body_id, series_id, title, starts_at, ends_at, location, video_url, state,
search_text, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $9) RETURNING id`,
		bodyID, seriesID, in.Title, in.StartsAt, in.EndsAt, in.Location, in.VideoURL, searchText(bodyName, in), now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert meeting: %w", err)
	}
	return id, nil
}

func updateMeeting(ctx context.Context, q db.Q, m Meeting, in Input, moved bool, now time.Time) error {
	seq := m.Sequence
	if moved {
		seq++
	}
	_, err := q.ExecContext(ctx, `UPDATE meetings SET title = $1, starts_at = $2, ends_at = $3, location = $4, video_url = $5,
sequence = $6, search_text = $7, updated_at = $8 WHERE id = $9`, in.Title, in.StartsAt, in.EndsAt, in.Location, in.VideoURL, seq,
		searchText(m.BodyName, in), now, m.ID)
	return err
}

// neighbour is the meeting just before (dir < 0) or after (dir > 0) m: in its series when it
// has one, else of its body.
func neighbour(ctx context.Context, q db.Q, m Meeting, dir int) (*Meeting, error) {
	c := &db.Clause{}
	if m.SeriesID != nil {
		c.Add("m.series_id = ?", *m.SeriesID)
	} else {
		c.Add("m.body_id = ?", m.BodyID)
	}
	c.Add("m.id <> ?", m.ID)
	order := " ORDER BY m.starts_at DESC, m.id DESC LIMIT 1"
	if dir < 0 {
		c.Add("m.starts_at < ?", m.StartsAt)
	} else {
		c.Add("m.starts_at > ?", m.StartsAt)
		order = " ORDER BY m.starts_at, m.id LIMIT 1"
	}
	n, err := scanMeeting(q.QueryRowContext(ctx, meetingSelect+c.SQL()+order, c.Args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("neighbour meeting: %w", err)
	}
	return &n, nil
}

const itemSelect = `SELECT i.id, i.meeting_id, i.position, i.title, i.duration_minutes, i.presenter_person_id,
coalesce(p.given_name || ' ' || p.family_name, i.presenter_text), i.action_id, coalesce(a.title, ''), i.kpi_id, coalesce(k.name, ''),
i.challenge_id, coalesce(c.title, ''), i.parked, i.carried_from,
EXISTS (SELECT 1 FROM agenda_items n WHERE n.carried_from = i.id)
FROM agenda_items i LEFT JOIN people p ON p.id = i.presenter_person_id LEFT JOIN actions a ON a.id = i.action_id
LEFT JOIN kpis k ON k.id = i.kpi_id LEFT JOIN challenges c ON c.id = i.challenge_id `

func scanItem(row scanner) (AgendaItem, error) {
	var a AgendaItem
	err := row.Scan(&a.ID, &a.MeetingID, &a.Position, &a.Title, &a.DurationMinutes, &a.PresenterID, &a.Presenter, &a.ActionID,
		&a.ActionTitle, &a.KPIID, &a.KPITitle, &a.ChallengeID, &a.ChallengeTitle, &a.Parked, &a.CarriedFrom, &a.CarriedOn)
	return a, err
}

func agendaOf(ctx context.Context, q db.Q, meetingID int64) ([]AgendaItem, error) {
	rows, err := q.QueryContext(ctx, itemSelect+`WHERE i.meeting_id = $1 ORDER BY i.parked, i.position, i.id`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("agenda: %w", err)
	}
	defer rows.Close()
	out := []AgendaItem{}
	for rows.Next() {
		a, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func getItem(ctx context.Context, q db.Q, meetingID, id int64) (AgendaItem, error) {
	a, err := scanItem(q.QueryRowContext(ctx, itemSelect+`WHERE i.id = $1 AND i.meeting_id = $2`, id, meetingID))
	if errors.Is(err, sql.ErrNoRows) {
		return a, kern.Errorf(kern.NotFound, "error.not_found")
	}
	return a, err
}

func insertItem(ctx context.Context, q db.Q, meetingID int64, in ItemInput, carriedFrom *int64, now time.Time) (int64, error) {
	var pos int
	if err := q.QueryRowContext(ctx, `SELECT coalesce(max(position), 0) + 1 FROM agenda_items WHERE meeting_id = $1`, meetingID).Scan(&pos); err != nil {
		return 0, err
	}
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO agenda_items (meeting_id, position, title, duration_minutes, presenter_person_id,
presenter_text, action_id, kpi_id, challenge_id, parked, carried_from, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, FALSE, $10, $11, $11) RETURNING id`, meetingID, pos, in.Title, in.DurationMinutes,
		in.PresenterID, in.PresenterText, in.ActionID, in.KPIID, in.ChallengeID, carriedFrom, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert agenda item: %w", err)
	}
	return id, nil
}

func updateItem(ctx context.Context, q db.Q, id int64, in ItemInput, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE agenda_items SET title = $1, duration_minutes = $2, presenter_person_id = $3,
presenter_text = $4, action_id = $5, kpi_id = $6, challenge_id = $7, updated_at = $8 WHERE id = $9`, in.Title, in.DurationMinutes,
		in.PresenterID, in.PresenterText, in.ActionID, in.KPIID, in.ChallengeID, now, id)
	return err
}

// carryParked copies the parked items of from that were not carried yet onto the agenda of to.
func carryParked(ctx context.Context, q db.Q, from, to int64, now time.Time) (int, error) {
	rows, err := q.QueryContext(ctx, `SELECT i.id, i.title, i.duration_minutes, i.presenter_person_id, i.presenter_text, i.action_id,
i.kpi_id, i.challenge_id FROM agenda_items i WHERE i.meeting_id = $1 AND i.parked
AND NOT EXISTS (SELECT 1 FROM agenda_items n WHERE n.carried_from = i.id) ORDER BY i.position, i.id`, from)
	if err != nil {
		return 0, err
	}
	type parked struct {
		id int64
		in ItemInput
	}
	var list []parked
	for rows.Next() {
		var p parked
		if err := rows.Scan(&p.id, &p.in.Title, &p.in.DurationMinutes, &p.in.PresenterID, &p.in.PresenterText, &p.in.ActionID,
			&p.in.KPIID, &p.in.ChallengeID); err != nil {
			rows.Close()
			return 0, err
		}
		list = append(list, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, p := range list {
		id := p.id
		if _, err := insertItem(ctx, q, to, p.in, &id, now); err != nil {
			return 0, err
		}
	}
	return len(list), nil
}

func attendanceOf(ctx context.Context, q db.Q, meetingID int64) ([]Attendee, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.person_id, coalesce(p.given_name || ' ' || p.family_name, a.guest_name), a.status
FROM meeting_attendance a LEFT JOIN people p ON p.id = a.person_id WHERE a.meeting_id = $1 ORDER BY a.id`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("attendance: %w", err)
	}
	defer rows.Close()
	var out []Attendee
	for rows.Next() {
		var a Attendee
		if err := rows.Scan(&a.PersonID, &a.Name, &a.Status); err != nil {
			return nil, err
		}
		a.Guest = a.PersonID == nil
		out = append(out, a)
	}
	return out, rows.Err()
}

const outcomeSelect = `SELECT o.id, o.meeting_id, o.body_id, b.name, m.title, o.agenda_item_id, o.kind, o.text, o.decision_year,
o.decision_seq, o.decided_on, o.action_id, coalesce(a.title, ''), o.created_by, o.created_at
FROM meeting_outcomes o JOIN meetings m ON m.id = o.meeting_id JOIN bodies b ON b.id = o.body_id
LEFT JOIN actions a ON a.id = o.action_id `

func scanOutcome(row scanner) (Outcome, error) {
	var o Outcome
	var year, seq *int
	var decided *time.Time
	err := row.Scan(&o.ID, &o.MeetingID, &o.BodyID, &o.BodyName, &o.MeetingName, &o.ItemID, &o.Kind, &o.Text, &year, &seq,
		&decided, &o.ActionID, &o.ActionTitle, &o.CreatedBy, &o.CreatedAt)
	if year != nil && seq != nil {
		o.Number = DecisionNumber(*year, *seq)
	}
	if decided != nil {
		o.DecidedOn = decided.UTC().Format("2006-01-02")
	}
	return o, err
}

func outcomesOf(ctx context.Context, q db.Q, c *db.Clause, order string) ([]Outcome, error) {
	rows, err := q.QueryContext(ctx, outcomeSelect+c.SQL()+order, c.Args...)
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

func minutesOf(ctx context.Context, q db.Q, meetingID int64) ([]Minutes, error) {
	rows, err := q.QueryContext(ctx, `SELECT version, text, reason, author, created_at, updated_at FROM meeting_minutes
WHERE meeting_id = $1 ORDER BY version DESC`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("minutes: %w", err)
	}
	defer rows.Close()
	out := []Minutes{}
	for rows.Next() {
		var m Minutes
		if err := rows.Scan(&m.Version, &m.Text, &m.Reason, &m.Author, &m.CreatedAt, &m.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
