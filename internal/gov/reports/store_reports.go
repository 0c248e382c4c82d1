package reports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"kern"
	"kern/internal/db"
	"kern/internal/gov"
)

const reportSelect = `SELECT r.id, r.period, r.period_start, r.period_end, r.scope, r.body_id, coalesce(b.name, ''), r.title, r.intro,
r.sections, r.status, r.public, r.scheduled, r.published_at, r.published_by, r.created_at, r.updated_at
FROM progress_reports r LEFT JOIN bodies b ON b.id = r.body_id `

func scanReport(row scanner, withSnapshot bool, snapshot *sql.NullString) (Report, error) {
	var r Report
	var sections string
	dest := []any{&r.ID, &r.Period, &r.Start, &r.End, &r.Scope, &r.BodyID, &r.BodyName, &r.Title, &r.Intro, &sections,
		&r.Status, &r.Public, &r.Scheduled, &r.PublishedAt, &r.PublishedBy, &r.CreatedAt, &r.UpdatedAt}
	if withSnapshot {
		dest = append(dest, snapshot)
	}
	err := row.Scan(dest...)
	r.Start, r.End = gov.Day(r.Start), gov.Day(r.End)
	r.Sections = []string{}
	if sections != "" {
		r.Sections = strings.Split(sections, ",")
	}
	return r, err
}

// ReportFilter selects progress reports.
type ReportFilter struct {
	Scope      string
	BodyID     int64
	Period     string
	Status     string
	PublicOnly bool // published and public: what a visitor may see
}

func listReports(ctx context.Context, q db.Q, f ReportFilter) ([]Report, error) {
	c := &db.Clause{}
	if f.Scope != "" {
		c.Add("r.scope = ?", f.Scope)
	}
	if f.BodyID != 0 {
		c.Add("r.body_id = ?", f.BodyID)
	}
	if f.Period != "" {
		c.Add("r.period = ?", f.Period)
	}
	if f.Status != "" {
		c.Add("r.status = ?", f.Status)
	}
	if f.PublicOnly {
		c.Add("r.status = ? AND r.public", ReportPublished)
	}
	rows, err := q.QueryContext(ctx, reportSelect+c.SQL()+` ORDER BY r.period_start DESC, r.id DESC`, c.Args...)
	if err != nil {
		return nil, fmt.Errorf("list reports: %w", err)
	}
	defer rows.Close()
	out := []Report{}
	for rows.Next() {
		r, err := scanReport(rows, false, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func getReport(ctx context.Context, q db.Q, id int64) (Report, error) {
	var snap sql.NullString
	r, err := scanReport(q.QueryRowContext(ctx, strings.Replace(reportSelect, "\nFROM ", ", r.snapshot\nFROM ", 1)+`WHERE r.id = $1`, id), true, &snap)
	if errors.Is(err, sql.ErrNoRows) {
		return r, kern.Errorf(kern.NotFound, "error.not_found")
	}
	if err != nil {
		return r, fmt.Errorf("get report %d: %w", id, err)
	}
	if snap.Valid {
		r.snapshot = &snap.String
	}
	return r, nil
}

func insertReport(ctx context.Context, q db.Q, in ReportInput, scheduled bool, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO progress_reports (period, period_start, period_end, scope, body_id, title, intro, sections,
status, public, scheduled, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
		in.Period, in.Start, *in.End, in.Scope, in.BodyID, in.Title, in.Intro, strings.Join(in.Sections, ","), ReportDraft, in.Public,
		scheduled, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert report: %w", err)
	}
	return id, nil
}

func updateReport(ctx context.Context, q db.Q, id int64, in ReportInput, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE progress_reports SET period = $1, period_start = $2, period_end = $3, scope = $4, body_id = $5,
title = $6, intro = $7, sections = $8, public = $9, updated_at = $10 WHERE id = $11 AND status = $12`,
		in.Period, in.Start, *in.End, in.Scope, in.BodyID, in.Title, in.Intro, strings.Join(in.Sections, ","), in.Public, now, id, ReportDraft)
	return err
}

// kpiPoints loads the current measurements of every KPI since from, oldest first, in one query
// (a date bound rather than a window function: SQLite sorts the whole table for the latter).
func kpiPoints(ctx context.Context, q db.Q, from time.Time) (map[int64][]ReportPoint, error) {
	rows, err := q.QueryContext(ctx, `SELECT kpi_id, measured_on, value FROM kpi_measurements WHERE replaced_at IS NULL
AND measured_on >= $1 ORDER BY kpi_id, measured_on`, from)
	if err != nil {
		return nil, fmt.Errorf("kpi points: %w", err)
	}
	defer rows.Close()
	out := map[int64][]ReportPoint{}
	for rows.Next() {
		var id int64
		var p ReportPoint
		if err := rows.Scan(&id, &p.On, &p.Value); err != nil {
			return nil, err
		}
		p.On = gov.Day(p.On)
		out[id] = append(out[id], p)
	}
	return out, rows.Err()
}

// scopeBody is what a body's report needs of the body.
type scopeBody struct {
	ID              int64
	Name, ShortName string
}

func getScopeBody(ctx context.Context, q db.Q, id int64) (scopeBody, error) {
	b := scopeBody{ID: id}
	err := q.QueryRowContext(ctx, `SELECT name, short_name FROM bodies WHERE id = $1`, id).Scan(&b.Name, &b.ShortName)
	if errors.Is(err, sql.ErrNoRows) {
		return b, kern.Errorf(kern.NotFound, "error.not_found")
	}
	return b, err
}

// termsEnding are the current seats (of one body, or of all when bodyID is 0) whose term ends
// by soon: the rule of gov's EndsSoon, in one query instead of every body's seats and warnings.
func termsEnding(ctx context.Context, q db.Q, bodyID int64, today, soon time.Time) ([]ReportTerm, error) {
	c := &db.Clause{}
	c.Add("s.term_start <= ?", today)
	c.Add("s.term_end >= ?", today)
	c.Add("s.term_end <= ?", soon)
	if bodyID != 0 {
		c.Add("s.body_id = ?", bodyID)
	}
	rows, err := q.QueryContext(ctx, `SELECT s.body_id, b.name, s.role, p.given_name || ' ' || p.family_name, s.term_end
FROM seats s JOIN bodies b ON b.id = s.body_id JOIN people p ON p.id = s.person_id `+c.SQL()+` ORDER BY s.term_end, lower(b.name), s.id`, c.Args...)
	if err != nil {
		return nil, fmt.Errorf("terms ending: %w", err)
	}
	defer rows.Close()
	out := []ReportTerm{}
	for rows.Next() {
		var t ReportTerm
		if err := rows.Scan(&t.BodyID, &t.BodyName, &t.Role, &t.PersonName, &t.TermEnd); err != nil {
			return nil, err
		}
		t.TermEnd = gov.Day(t.TermEnd)
		out = append(out, t)
	}
	return out, rows.Err()
}
