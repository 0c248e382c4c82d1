package reports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"kern"
	"kern/internal/db"
)

type scanner interface{ Scan(...any) error }

const planSelect = `SELECT p.id, p.body_id, b.name, b.kind, p.year, p.status, p.summary, p.submitted_at, p.reviewed_at,
p.reported_at, p.created_at, p.updated_at FROM annual_plans p JOIN bodies b ON b.id = p.body_id `

func scanPlan(row scanner) (AnnualPlan, error) {
	var p AnnualPlan
	err := row.Scan(&p.ID, &p.BodyID, &p.BodyName, &p.BodyKind, &p.Year, &p.Status, &p.Summary, &p.SubmittedAt, &p.ReviewedAt,
		&p.ReportedAt, &p.CreatedAt, &p.UpdatedAt)
	p.Objectives, p.Comments = []PlanObjective{}, []PlanComment{}
	return p, err
}

// PlanFilter selects annual plans.
type PlanFilter struct {
	Year   int
	BodyID int64
	Status string
}

func listPlans(ctx context.Context, q db.Q, f PlanFilter) ([]AnnualPlan, error) {
	c := &db.Clause{}
	if f.Year != 0 {
		c.Add("p.year = ?", f.Year)
	}
	if f.BodyID != 0 {
		c.Add("p.body_id = ?", f.BodyID)
	}
	if f.Status != "" {
		c.Add("p.status = ?", f.Status)
	}
	rows, err := q.QueryContext(ctx, planSelect+c.SQL()+` ORDER BY p.year DESC, lower(b.name), p.id`, c.Args...)
	if err != nil {
		return nil, fmt.Errorf("list annual plans: %w", err)
	}
	defer rows.Close()
	out := []AnnualPlan{}
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// PlanObjective counts for the list: the objectives themselves, without their links.
	counts := map[int64]int{}
	cr, err := q.QueryContext(ctx, `SELECT plan_id, count(*) FROM annual_plan_objectives GROUP BY plan_id`)
	if err != nil {
		return nil, err
	}
	defer cr.Close()
	for cr.Next() {
		var id int64
		var n int
		if err := cr.Scan(&id, &n); err != nil {
			return nil, err
		}
		counts[id] = n
	}
	for i := range out {
		out[i].Objectives = make([]PlanObjective, counts[out[i].ID])
	}
	return out, cr.Err()
}

// getPlan loads a plan with its objectives (and their links) and comments.
func getPlan(ctx context.Context, q db.Q, id int64) (AnnualPlan, error) {
	p, err := scanPlan(q.QueryRowContext(ctx, planSelect+`WHERE p.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, kern.Errorf(kern.NotFound, "error.not_found")
	}
	if err != nil {
		return p, fmt.Errorf("get annual plan %d: %w", id, err)
	}
	rows, err := q.QueryContext(ctx, `SELECT id, position, text, outcome, outcome_note FROM annual_plan_objectives
WHERE plan_id = $1 ORDER BY position, id`, id)
	if err != nil {
		return p, err
	}
	index := map[int64]int{}
	for rows.Next() {
		var o PlanObjective
		if err := rows.Scan(&o.ID, &o.Position, &o.Text, &o.Outcome, &o.OutcomeNote); err != nil {
			rows.Close()
			return p, err
		}
		o.Goals, o.Actions = []PlanLink{}, []PlanLink{}
		index[o.ID] = len(p.Objectives)
		p.Objectives = append(p.Objectives, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return p, err
	}
	links, err := q.QueryContext(ctx, `SELECT l.objective_id, 'goal', g.id, g.title FROM annual_plan_objective_goals l
JOIN goals g ON g.id = l.goal_id JOIN annual_plan_objectives o ON o.id = l.objective_id WHERE o.plan_id = $1
UNION ALL SELECT l.objective_id, 'action', a.id, a.title FROM annual_plan_objective_actions l
JOIN actions a ON a.id = l.action_id JOIN annual_plan_objectives o ON o.id = l.objective_id WHERE o.plan_id = $1
ORDER BY 1, 2, 3`, id)
	if err != nil {
		return p, err
	}
	for links.Next() {
		var oid int64
		var kind string
		var l PlanLink
		if err := links.Scan(&oid, &kind, &l.ID, &l.Title); err != nil {
			links.Close()
			return p, err
		}
		o := &p.Objectives[index[oid]]
		if kind == "goal" {
			o.Goals = append(o.Goals, l)
		} else {
			o.Actions = append(o.Actions, l)
		}
	}
	links.Close()
	if err := links.Err(); err != nil {
		return p, err
	}
	cr, err := q.QueryContext(ctx, `SELECT id, kind, body, author_name, created_at FROM annual_plan_comments
WHERE plan_id = $1 ORDER BY created_at, id`, id)
	if err != nil {
		return p, err
	}
	defer cr.Close()
	for cr.Next() {
		var c PlanComment
		if err := cr.Scan(&c.ID, &c.Kind, &c.Body, &c.AuthorName, &c.CreatedAt); err != nil {
			return p, err
		}
		p.Comments = append(p.Comments, c)
	}
	return p, cr.Err()
}

func insertPlan(ctx context.Context, q db.Q, in PlanInput, now time.Time) (int64, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM annual_plans WHERE body_id = $1 AND year = $2`, in.BodyID, in.Year).Scan(&n); err != nil {
		return 0, err
	}
	if n > 0 {
		return 0, kern.FieldError("year", "reports.plan_exists")
	}
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO annual_plans (body_id, year, status, summary, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, in.BodyID, in.Year, Draft, in.Summary, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert annual plan: %w", err)
	}
	return id, writeObjectives(ctx, q, id, in.Objectives, now)
}

// writeObjectives replaces the plan's objectives (a draft's: nothing has been reported on yet).
func writeObjectives(ctx context.Context, q db.Q, planID int64, list []ObjectiveInput, now time.Time) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM annual_plan_objectives WHERE plan_id = $1`, planID); err != nil {
		return err
	}
	for i, o := range list {
		var oid int64
		if err := q.QueryRowContext(ctx, `INSERT INTO annual_plan_objectives (plan_id, position, text, created_at, updated_at)
VALUES ($1, $2, $3, $4, $4) RETURNING id`, planID, i+1, o.Text, now).Scan(&oid); err != nil {
			return fmt.Errorf("insert objective: %w", err)
		}
		for _, g := range o.GoalIDs {
			if _, err := q.ExecContext(ctx, `INSERT INTO annual_plan_objective_goals (objective_id, goal_id) VALUES ($1, $2)`, oid, g); err != nil {
				return err
			}
		}
		for _, a := range o.ActionIDs {
			if _, err := q.ExecContext(ctx, `INSERT INTO annual_plan_objective_actions (objective_id, action_id) VALUES ($1, $2)`, oid, a); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkLinks refuses goals and actions that do not exist, naming the field.
func checkLinks(ctx context.Context, q db.Q, list []ObjectiveInput) error {
	for _, o := range list {
		for _, g := range o.GoalIDs {
			if !exists(ctx, q, `SELECT count(*) FROM goals WHERE id = $1`, g) {
				return kern.FieldError("objectives", "reports.goal_unknown")
			}
		}
		for _, a := range o.ActionIDs {
			if !exists(ctx, q, `SELECT count(*) FROM actions WHERE id = $1`, a) {
				return kern.FieldError("objectives", "reports.action_unknown")
			}
		}
	}
	return nil
}

func exists(ctx context.Context, q db.Q, query string, args ...any) bool {
	var n int
	return q.QueryRowContext(ctx, query, args...).Scan(&n) == nil && n > 0
}

func setPlanStatus(ctx context.Context, q db.Q, id int64, st PlanStatus, column string, now time.Time) error {
	set := ""
	switch column {
	case "submitted_at", "reviewed_at", "reported_at":
		set = ", " + column + " = $2"
	}
	_, err := q.ExecContext(ctx, `UPDATE annual_plans SET status = $1, updated_at = $2`+set+` WHERE id = $3`, st, now, id)
	return err
}

func insertComment(ctx context.Context, q db.Q, planID int64, kind, body string, authorID int64, author string, now time.Time) error {
	var uid any
	if authorID > 0 {
		uid = authorID
	}
	_, err := q.ExecContext(ctx, `INSERT INTO annual_plan_comments (plan_id, kind, body, author_id, author_name, created_at)
VALUES ($1, $2, $3, $4, $5, $6)`, planID, kind, body, uid, author, now)
	return err
}

// chairOf is the person holding the current chair (else leader) seat of the body on day.
func chairOf(ctx context.Context, q db.Q, bodyID int64, day time.Time) (int64, error) {
	var pid int64
	err := q.QueryRowContext(ctx, `SELECT person_id FROM seats WHERE body_id = $1 AND role IN ('chair', 'leader')
AND term_start <= $2 AND (term_end IS NULL OR term_end >= $2) ORDER BY CASE role WHEN 'chair' THEN 0 ELSE 1 END, id LIMIT 1`,
		bodyID, day).Scan(&pid)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return pid, err
}
