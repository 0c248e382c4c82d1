package gov

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"kern"
	"kern/internal/db"
	"kern/internal/org"
)

type scanner interface{ Scan(...any) error }

const bodySelect = `SELECT b.id, b.kind, b.name, b.short_name, b.goal, b.scope, b.deliverables, b.reports_to, coalesce(r.name, ''),
b.liaison_person_id, coalesce(l.given_name || ' ' || l.family_name, ''), b.rhythm, b.requires_all_groups, b.requires_neutral_chair,
b.created_at, b.updated_at
FROM bodies b LEFT JOIN bodies r ON r.id = b.reports_to LEFT JOIN people l ON l.id = b.liaison_person_id `

func scanBody(row scanner) (Body, error) {
	var b Body
	err := row.Scan(&b.ID, &b.Kind, &b.Name, &b.ShortName, &b.Goal, &b.Scope, &b.Deliverables, &b.ReportsTo, &b.ReportsToName,
		&b.LiaisonPersonID, &b.LiaisonName, &b.Rhythm, &b.RequiresAllGroups, &b.RequiresNeutralChair, &b.CreatedAt, &b.UpdatedAt)
	b.Seats, b.Warnings = []Seat{}, []Warning{}
	return b, err
}

// BodyFilter selects bodies.
type BodyFilter struct {
	Q    string
	Kind string
}

func listBodies(ctx context.Context, q db.Q, f BodyFilter) ([]Body, error) {
	c := &db.Clause{}
	if f.Q != "" {
		c.Add(`b.search_text LIKE ? ESCAPE '\'`, "%"+db.EscapeLike(org.Fold(f.Q))+"%")
	}
	if f.Kind != "" {
		c.Add("b.kind = ?", f.Kind)
	}
	rows, err := q.QueryContext(ctx, bodySelect+c.SQL()+` ORDER BY `+kindOrder+`, lower(b.name), b.id`, c.Args...)
	if err != nil {
		return nil, fmt.Errorf("list bodies: %w", err)
	}
	defer rows.Close()
	out := []Body{}
	for rows.Next() {
		b, err := scanBody(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// kindOrder sorts bodies as the governance is drawn: steering group first, working groups last.
var kindOrder = func() string {
	var b strings.Builder
	b.WriteString("CASE b.kind")
	for i, k := range Kinds {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", k, i)
	}
	b.WriteString(" ELSE 99 END")
	return b.String()
}()

func getBody(ctx context.Context, q db.Q, id int64) (Body, error) {
	b, err := scanBody(q.QueryRowContext(ctx, bodySelect+`WHERE b.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return b, kern.Errorf(kern.NotFound, "error.not_found")
	}
	if err != nil {
		return b, fmt.Errorf("get body %d: %w", id, err)
	}
	return b, nil
}

func bodySearchText(in BodyInput) string {
	return org.Fold(in.Name + " " + in.ShortName + " " + in.Goal)
}

func insertBody(ctx context.Context, q db.Q, in BodyInput, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO bodies (kind, name, short_name, goal, scope, deliverables, reports_to, liaison_person_id,
rhythm, requires_all_groups, requires_neutral_chair, search_text, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id`, in.Kind, in.Name, in.ShortName, in.Goal, in.Scope,
		in.Deliverables, in.ReportsTo, in.LiaisonPersonID, in.Rhythm, in.RequiresAllGroups, in.RequiresNeutralChair, bodySearchText(in), now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert body: %w", err)
	}
	return id, nil
}

func updateBody(ctx context.Context, q db.Q, id int64, in BodyInput, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE bodies SET kind = $1, name = $2, short_name = $3, goal = $4, scope = $5, deliverables = $6,
reports_to = $7, liaison_person_id = $8, rhythm = $9, requires_all_groups = $10, requires_neutral_chair = $11, search_text = $12,
updated_at = $13 WHERE id = $14`, in.Kind, in.Name, in.ShortName, in.Goal, in.Scope, in.Deliverables, in.ReportsTo, in.LiaisonPersonID,
		in.Rhythm, in.RequiresAllGroups, in.RequiresNeutralChair, bodySearchText(in), now, id)
	return err
}

const seatSelect = `SELECT s.id, s.body_id, s.person_id, p.given_name || ' ' || p.family_name, s.role, coalesce(s.stakeholder_group, ''),
s.org_id, coalesce(o.name, ''), s.neutral, s.term_start, s.term_end, s.term_number, s.max_terms, s.created_at, s.updated_at
FROM seats s JOIN people p ON p.id = s.person_id LEFT JOIN organizations o ON o.id = s.org_id `

func scanSeat(row scanner) (Seat, error) {
	var s Seat
	err := row.Scan(&s.ID, &s.BodyID, &s.PersonID, &s.PersonName, &s.Role, &s.Group, &s.OrgID, &s.OrgName, &s.Neutral,
		&s.TermStart, &s.TermEnd, &s.TermNumber, &s.MaxTerms, &s.CreatedAt, &s.UpdatedAt)
	s.TermStart = Day(s.TermStart)
	if s.TermEnd != nil {
		e := Day(*s.TermEnd)
		s.TermEnd = &e
	}
	return s, err
}

// seatsOf loads the seats of the bodies (all bodies when ids is nil), by body and term.
func seatsOf(ctx context.Context, q db.Q, bodyID int64) ([]Seat, error) {
	c := &db.Clause{}
	if bodyID != 0 {
		c.Add("s.body_id = ?", bodyID)
	}
	rows, err := q.QueryContext(ctx, seatSelect+c.SQL()+` ORDER BY s.body_id, `+roleOrder+`, s.term_start, s.id`, c.Args...)
	if err != nil {
		return nil, fmt.Errorf("list seats: %w", err)
	}
	defer rows.Close()
	var out []Seat
	for rows.Next() {
		s, err := scanSeat(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// leaderSeats are the leaders' seats of every action group, every term.
func leaderSeats(ctx context.Context, q db.Q) ([]Seat, error) {
	rows, err := q.QueryContext(ctx, seatSelect+`JOIN bodies b ON b.id = s.body_id WHERE b.kind = 'action_group' AND s.role = 'leader' ORDER BY s.id`)
	if err != nil {
		return nil, fmt.Errorf("leader seats: %w", err)
	}
	defer rows.Close()
	var out []Seat
	for rows.Next() {
		x, err := scanSeat(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

var roleOrder = func() string {
	var b strings.Builder
	b.WriteString("CASE s.role")
	for i, r := range Roles {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", r, i)
	}
	b.WriteString(" ELSE 99 END")
	return b.String()
}()

func getSeat(ctx context.Context, q db.Q, id int64) (Seat, error) {
	s, err := scanSeat(q.QueryRowContext(ctx, seatSelect+`WHERE s.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, kern.Errorf(kern.NotFound, "error.not_found")
	}
	return s, err
}

func insertSeat(ctx context.Context, q db.Q, bodyID int64, in SeatInput, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO seats (body_id, person_id, role, stakeholder_group, org_id, neutral, term_start, term_end,
term_number, max_terms, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
		bodyID, in.PersonID, in.Role, nullString(in.Group), in.OrgID, in.Neutral, in.TermStart, in.TermEnd, in.TermNumber, in.MaxTerms, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert seat: %w", err)
	}
	return id, nil
}

func updateSeat(ctx context.Context, q db.Q, id int64, in SeatInput, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE seats SET person_id = $1, role = $2, stakeholder_group = $3, org_id = $4, neutral = $5,
term_start = $6, term_end = $7, term_number = $8, max_terms = $9, updated_at = $10 WHERE id = $11`,
		in.PersonID, in.Role, nullString(in.Group), in.OrgID, in.Neutral, in.TermStart, in.TermEnd, in.TermNumber, in.MaxTerms, now, id)
	return err
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// personOf is the registry person of an account (0 when none is linked).
func personOf(ctx context.Context, q db.Q, userID int64) (int64, error) {
	var pid *int64
	err := q.QueryRowContext(ctx, `SELECT person_id FROM users WHERE id = $1`, userID).Scan(&pid)
	if errors.Is(err, sql.ErrNoRows) || pid == nil {
		return 0, nil
	}
	return *pid, err
}

// LinkAccount links an account to its person in the registry, unless it is linked already.
func LinkAccount(ctx context.Context, q db.Q, userID, personID int64) error {
	_, err := q.ExecContext(ctx, `UPDATE users SET person_id = $1 WHERE id = $2 AND person_id IS NULL
AND NOT EXISTS (SELECT 1 FROM users u WHERE u.person_id = $1)`, personID, userID)
	return err
}
