package outlook

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"kern"
	"kern/internal/db"
	"kern/internal/forecast"
)

const savedColumns = `id, name, description, scenario, runs, seed, created_by_name, updated_by_name, created_at, updated_at`

func scanSaved(row interface{ Scan(...any) error }) (Saved, error) {
	var s Saved
	var doc string
	var seed int64
	if err := row.Scan(&s.ID, &s.Name, &s.Description, &doc, &s.Runs, &seed, &s.CreatedBy, &s.UpdatedBy, &s.CreatedAt, &s.UpdatedAt); err != nil {
		return s, err
	}
	s.Seed = uint64(seed)
	// The stored document was valid when saved; decode it leniently so that a later, stricter
	// engine still shows it (and refuses it when run).
	if err := json.Unmarshal([]byte(doc), &s.Scenario); err != nil {
		return s, fmt.Errorf("forecast scenario %d: %w", s.ID, err)
	}
	return s, nil
}

func getSaved(ctx context.Context, q db.Q, id int64) (Saved, error) {
	s, err := scanSaved(q.QueryRowContext(ctx, `SELECT `+savedColumns+` FROM forecast_scenarios WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, kern.Errorf(kern.NotFound, "error.not_found")
	}
	if err != nil {
		return s, fmt.Errorf("get forecast scenario %d: %w", id, err)
	}
	return s, nil
}

// Filter selects saved scenarios for a list.
type Filter db.List

// Sorts maps the sort parameter to its ORDER BY: only these strings reach the SQL.
var Sorts = map[string]string{
	"name":     "lower(name), id",
	"-name":    "lower(name) DESC, id DESC",
	"updated":  "updated_at, id",
	"-updated": "updated_at DESC, id DESC",
}

// Normalize fills defaults and bounds (db.List.Normalize).
func (f *Filter) Normalize() error { return (*db.List)(f).Normalize(Sorts, "name") }

const maxExport = 10000

func listSaved(ctx context.Context, q db.Q, f Filter, all bool) ([]Saved, int, error) {
	c := &db.Clause{}
	if f.Q != "" {
		c.Add(`search_text LIKE ? ESCAPE '\'`, "%"+db.EscapeLike(foldQuery(f.Q))+"%")
	}
	total := 0
	if !all {
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM forecast_scenarios `+c.SQL(), c.Args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("count forecast scenarios: %w", err)
		}
	}
	limit, offset := f.PerPage, (f.Page-1)*f.PerPage
	if all {
		limit, offset = maxExport, 0
	}
	paging, args := c.Page(limit, offset)
	rows, err := q.QueryContext(ctx, `SELECT `+savedColumns+` FROM forecast_scenarios `+c.SQL()+` ORDER BY `+Sorts[f.Sort]+paging, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list forecast scenarios: %w", err)
	}
	defer rows.Close()
	var out []Saved
	for rows.Next() {
		s, err := scanSaved(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, s)
	}
	if all {
		total = len(out)
	}
	return out, total, rows.Err()
}

func encodeScenario(s forecast.Scenario) (string, error) {
	b, err := json.Marshal(s)
	return string(b), err
}

func insertSaved(ctx context.Context, q db.Q, in Input, userID *int64, by string, now time.Time) (int64, error) {
	doc, err := encodeScenario(in.Scenario)
	if err != nil {
		return 0, err
	}
	var id int64
	err = q.QueryRowContext(ctx, `
INSERT INTO forecast_scenarios (name, description, scenario, runs, seed, search_text, created_by, created_by_name,
  updated_by_name, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $9) RETURNING id`,
		in.Name, in.Description, doc, in.Runs, int64(in.Seed), searchText(in), userID, by, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert forecast scenario: %w", err)
	}
	return id, nil
}

func updateSaved(ctx context.Context, q db.Q, id int64, in Input, by string, now time.Time) error {
	doc, err := encodeScenario(in.Scenario)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `
UPDATE forecast_scenarios SET name = $1, description = $2, scenario = $3, runs = $4, seed = $5, search_text = $6,
  updated_by_name = $7, updated_at = $8
WHERE id = $9`, in.Name, in.Description, doc, in.Runs, int64(in.Seed), searchText(in), by, now, id)
	if err != nil {
		return fmt.Errorf("update forecast scenario %d: %w", id, err)
	}
	return nil
}
