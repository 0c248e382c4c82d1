package scenarios

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"kern"
	"kern/internal/db"
	"kern/internal/org"
)

const columns = `id, name, description, changes, starts_at, horizon_days, policy, baseline_run_id, run_id, created_by_name,
  created_at, updated_at`

func scan(row interface{ Scan(...any) error }) (Scenario, error) {
	var s Scenario
	var changes, policy string
	var base, run sql.NullInt64
	if err := row.Scan(&s.ID, &s.Name, &s.Description, &changes, &s.StartsAt, &s.Days, &policy, &base, &run, &s.CreatedBy,
		&s.CreatedAt, &s.UpdatedAt); err != nil {
		return s, err
	}
	if err := json.Unmarshal([]byte(changes), &s.Changes); err != nil {
		return s, fmt.Errorf("scenario %d: changes: %w", s.ID, err)
	}
	if s.Changes == nil {
		s.Changes = []Change{}
	}
	if err := json.Unmarshal([]byte(policy), &s.Policy); err != nil {
		return s, fmt.Errorf("scenario %d: policy: %w", s.ID, err)
	}
	if base.Valid {
		s.BaselineRunID = &base.Int64
	}
	if run.Valid {
		s.RunID = &run.Int64
	}
	s.StartsAt = s.StartsAt.UTC()
	return s, nil
}

func get(ctx context.Context, q db.Q, id int64) (Scenario, error) {
	s, err := scan(q.QueryRowContext(ctx, `SELECT `+columns+` FROM supply_scenarios WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, kern.Errorf(kern.NotFound, "error.not_found")
	}
	if err != nil {
		return s, fmt.Errorf("get scenario %d: %w", id, err)
	}
	return s, nil
}

// Filter selects scenarios for a list.
type Filter db.List

// Sorts maps the sort parameter to its ORDER BY: only these strings reach the SQL.
var Sorts = map[string]string{
	"name":     "lower(name), id",
	"-name":    "lower(name) DESC, id DESC",
	"updated":  "updated_at, id",
	"-updated": "updated_at DESC, id DESC",
}

// Normalize fills defaults and bounds (db.List.Normalize).
func (f *Filter) Normalize() error { return (*db.List)(f).Normalize(Sorts, "-updated") }

const maxExport = 10000

func list(ctx context.Context, q db.Q, f Filter, all bool) ([]Scenario, int, error) {
	c := &db.Clause{}
	if f.Q != "" {
		c.Add(`search_text LIKE ? ESCAPE '\'`, "%"+db.EscapeLike(org.Fold(f.Q))+"%")
	}
	total := 0
	if !all {
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM supply_scenarios `+c.SQL(), c.Args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("count scenarios: %w", err)
		}
	}
	limit, offset := f.PerPage, (f.Page-1)*f.PerPage
	if all {
		limit, offset = maxExport, 0
	}
	paging, args := c.Page(limit, offset)
	rows, err := q.QueryContext(ctx, `SELECT `+columns+` FROM supply_scenarios `+c.SQL()+` ORDER BY `+Sorts[f.Sort]+paging, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list scenarios: %w", err)
	}
	defer rows.Close()
	var out []Scenario
	for rows.Next() {
		s, err := scan(rows)
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

// stored is what a row holds besides its name: the changes, the horizon, the policy and the runs.
type stored struct {
	StartsAt      time.Time
	Days          int
	Policy        Policy
	BaselineRunID *int64
}

func encode(in Input) (changes string, err error) {
	cs := in.Changes
	if cs == nil {
		cs = []Change{}
	}
	b, err := json.Marshal(cs)
	return string(b), err
}

func policyText(p Policy) string {
	b, err := json.Marshal(p)
	if err != nil || string(b) == "null" {
		return "{}"
	}
	return string(b)
}

func insert(ctx context.Context, q db.Q, in Input, st stored, userID *int64, by string, now time.Time) (int64, error) {
	changes, err := encode(in)
	if err != nil {
		return 0, err
	}
	var id int64
	err = q.QueryRowContext(ctx, `
INSERT INTO supply_scenarios (name, description, changes, starts_at, horizon_days, policy, baseline_run_id, search_text,
  created_by, created_by_name, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
		in.Name, in.Description, changes, st.StartsAt.UTC(), st.Days, policyText(st.Policy), st.BaselineRunID, searchText(in),
		userID, by, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert scenario: %w", err)
	}
	return id, nil
}

func update(ctx context.Context, q db.Q, id int64, in Input, st stored, now time.Time) error {
	changes, err := encode(in)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `
UPDATE supply_scenarios SET name = $1, description = $2, changes = $3, starts_at = $4, horizon_days = $5, policy = $6,
  baseline_run_id = $7, search_text = $8, updated_at = $9
WHERE id = $10`, in.Name, in.Description, changes, st.StartsAt.UTC(), st.Days, policyText(st.Policy), st.BaselineRunID,
		searchText(in), now, id)
	if err != nil {
		return fmt.Errorf("update scenario %d: %w", id, err)
	}
	return nil
}

func setRun(ctx context.Context, q db.Q, id, runID, baselineID int64, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE supply_scenarios SET run_id = $1, baseline_run_id = $2, updated_at = $3 WHERE id = $4`,
		runID, baselineID, now, id)
	if err != nil {
		return fmt.Errorf("scenario %d: set run: %w", id, err)
	}
	return nil
}

// loadRefs reads what changes may name: facilities with their sites, products, and the countries
// of facilities and hospitals.
func loadRefs(ctx context.Context, q db.Q) (*Refs, error) {
	r := &Refs{Facilities: map[int64]RefFacility{}, Sites: map[string]string{}, Products: map[int64]RefProduct{},
		Countries: map[string]bool{}}
	rows, err := q.QueryContext(ctx, `SELECT id, name, site, country FROM facilities ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("scenario refs: facilities: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var f RefFacility
		if err := rows.Scan(&f.ID, &f.Name, &f.Site, &f.Country); err != nil {
			return nil, err
		}
		r.Facilities[f.ID] = f
		if s := strings.TrimSpace(f.Site); s != "" {
			r.Sites[org.Fold(s)] = s
		}
		r.Countries[strings.ToUpper(f.Country)] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	prows, err := q.QueryContext(ctx, `SELECT p.id, p.name, p.nuclide, f.name FROM products p JOIN facilities f ON f.id = p.facility_id
ORDER BY p.nuclide, p.name, p.id`)
	if err != nil {
		return nil, fmt.Errorf("scenario refs: products: %w", err)
	}
	defer prows.Close()
	for prows.Next() {
		var p RefProduct
		if err := prows.Scan(&p.ID, &p.Name, &p.Nuclide, &p.Facility); err != nil {
			return nil, err
		}
		r.Products[p.ID] = p
	}
	if err := prows.Err(); err != nil {
		return nil, err
	}
	crows, err := q.QueryContext(ctx, `SELECT DISTINCT country FROM organizations WHERE kind = 'hospital'`)
	if err != nil {
		return nil, fmt.Errorf("scenario refs: countries: %w", err)
	}
	defer crows.Close()
	for crows.Next() {
		var c string
		if err := crows.Scan(&c); err != nil {
			return nil, err
		}
		r.Countries[strings.ToUpper(c)] = true
	}
	return r, crows.Err()
}
