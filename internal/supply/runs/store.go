package runs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"kern"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/org"
)

func insertRun(ctx context.Context, q db.Q, p *auth.Principal, r AllocRun, sit Situation, res Result, outs []DemandOutcome) (int64, error) {
	pol, err := json.Marshal(r.Policy)
	if err != nil {
		return 0, err
	}
	problem, err := json.Marshal(sit)
	if err != nil {
		return 0, err
	}
	result, err := json.Marshal(res)
	if err != nil {
		return 0, err
	}
	// Kept per hospital, so a hospital's own view decodes only its own demands.
	byOrg := map[string][]DemandOutcome{}
	for _, o := range outs {
		k := strconv.FormatInt(o.OrgID, 10)
		byOrg[k] = append(byOrg[k], o)
	}
	detail, err := json.Marshal(byOrg)
	if err != nil {
		return 0, err
	}
	var startedBy any
	if p != nil && p.User.ID != 0 {
		startedBy = p.User.ID
	}
	var id int64
	err = q.QueryRowContext(ctx, `
INSERT INTO alloc_runs (kind, scenario_id, name, starts_at, horizon_days, policy, status, error, problem, result, min_fill_class1,
  deferred_doses, duration_ms, threshold_pct, detail, started_by, started_by_name, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
		r.Kind, r.ScenarioID, r.Name, r.StartsAt, r.HorizonDays, string(pol), r.Status, r.Error, string(problem), string(result),
		r.MinFillClass1, r.DeferredDoses, r.DurationMS, r.ThresholdPct, string(detail), startedBy, r.StartedByName, r.CreatedAt).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert run: %w", err)
	}
	return id, nil
}

func insertFills(ctx context.Context, q db.Q, runID int64, fills []Fill) error {
	const batch = 100
	for len(fills) > 0 {
		n := min(batch, len(fills))
		var sb strings.Builder
		sb.WriteString(`INSERT INTO alloc_run_fills (run_id, org_id, product_id, priority, demands, requested_bq, filled_bq, min_fill_ratio, deferred_doses) VALUES `)
		args := make([]any, 0, n*9)
		for i, f := range fills[:n] {
			if i > 0 {
				sb.WriteString(", ")
			}
			k := len(args)
			fmt.Fprintf(&sb, "($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d)", k+1, k+2, k+3, k+4, k+5, k+6, k+7, k+8, k+9)
			args = append(args, runID, f.OrgID, f.ProductID, f.Priority, f.Demands, f.RequestedBq, f.FilledBq, f.MinFillRatio, f.DeferredDoses)
		}
		if _, err := q.ExecContext(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("insert fills: %w", err)
		}
		fills = fills[n:]
	}
	return nil
}

const runColumns = `r.id, r.kind, r.scenario_id, r.name, r.starts_at, r.horizon_days, r.policy, r.status, r.error, r.threshold_pct,
r.min_fill_class1, r.deferred_doses, r.duration_ms, r.started_by_name, r.created_at`

func scanRun(row scanner, extra ...any) (AllocRun, error) {
	var r AllocRun
	var pol string
	dst := append([]any{&r.ID, &r.Kind, &r.ScenarioID, &r.Name, &r.StartsAt, &r.HorizonDays, &pol, &r.Status, &r.Error, &r.ThresholdPct,
		&r.MinFillClass1, &r.DeferredDoses, &r.DurationMS, &r.StartedByName, &r.CreatedAt}, extra...)
	if err := row.Scan(dst...); err != nil {
		return r, err
	}
	r.StartsAt, r.CreatedAt = r.StartsAt.UTC(), r.CreatedAt.UTC()
	json.Unmarshal([]byte(pol), &r.Policy)
	return r, nil
}

// getRun reads a run; with result, its result; with situation, its input and outcomes too.
func getRun(ctx context.Context, q db.Q, id int64, result, situation bool) (AllocRun, error) {
	cols := runColumns + `, '', '', ''`
	if result {
		cols = runColumns + `, r.result, '', ''`
	}
	if situation {
		cols = runColumns + `, r.result, r.problem, r.detail`
	}
	var res, prob, detail string
	r, err := scanRun(q.QueryRowContext(ctx, `SELECT `+cols+` FROM alloc_runs r WHERE r.id = $1`, id), &res, &prob, &detail)
	if errors.Is(err, sql.ErrNoRows) {
		return AllocRun{}, kern.Errorf(kern.NotFound, "error.not_found")
	}
	if err != nil {
		return AllocRun{}, fmt.Errorf("get run %d: %w", id, err)
	}
	if result {
		r.Result = &Result{}
		if err := json.Unmarshal([]byte(res), r.Result); err != nil {
			return AllocRun{}, fmt.Errorf("run %d result: %w", id, err)
		}
	}
	if situation {
		r.Situation = &Situation{}
		if err := json.Unmarshal([]byte(prob), r.Situation); err != nil {
			return AllocRun{}, fmt.Errorf("run %d situation: %w", id, err)
		}
		byOrg := map[string][]DemandOutcome{}
		if err := json.Unmarshal([]byte(detail), &byOrg); err != nil {
			return AllocRun{}, fmt.Errorf("run %d outcomes: %w", id, err)
		}
		for _, list := range byOrg {
			r.Outcomes = append(r.Outcomes, list...)
		}
		sort.SliceStable(r.Outcomes, func(i, j int) bool {
			a, b := r.Outcomes[i], r.Outcomes[j]
			if !a.At.Equal(b.At) {
				return a.At.Before(b.At)
			}
			return a.Key < b.Key
		})
	}
	return r, nil
}

func listFills(ctx context.Context, q db.Q, c *db.Clause) ([]Fill, error) {
	list, err := queryAll(ctx, q, `
SELECT x.org_id, o.name, x.product_id, p.name, f.name, f.org_id, p.nuclide, x.priority, x.demands, x.requested_bq, x.filled_bq,
  x.min_fill_ratio, x.deferred_doses
FROM alloc_run_fills x JOIN organizations o ON o.id = x.org_id JOIN products p ON p.id = x.product_id
JOIN facilities f ON f.id = p.facility_id `+c.SQL()+` ORDER BY lower(o.name), x.org_id, p.name, x.product_id, x.priority`, c.Args,
		func(r scanner) (Fill, error) {
			var f Fill
			err := r.Scan(&f.OrgID, &f.Hospital, &f.ProductID, &f.Product, &f.Facility, &f.FacilityOrgID, &f.Nuclide, &f.Priority,
				&f.Demands, &f.RequestedBq, &f.FilledBq, &f.MinFillRatio, &f.DeferredDoses)
			return f, err
		})
	if list == nil {
		list = []Fill{}
	}
	return list, err
}

// RunFilter selects runs for the list.
type RunFilter struct {
	Q       string
	Kind    string
	Status  string
	Page    int
	PerPage int
}

// Normalize fills defaults and refuses unknown values.
func (f *RunFilter) Normalize() error {
	var v kern.Validation
	f.Q = strings.TrimSpace(f.Q)
	v.Check(f.Kind == "" || f.Kind == KindBaseline || f.Kind == KindScenario, "kind", "field.unknown_choice")
	v.Check(f.Status == "" || f.Status == StatusDone || f.Status == StatusFailed, "status", "field.unknown_choice")
	if f.Page < 1 {
		f.Page = 1
	}
	if f.PerPage < 1 {
		f.PerPage = 25
	}
	f.PerPage = min(f.PerPage, org.MaxPerPage)
	return v.Err()
}

func (f RunFilter) where() *db.Clause {
	c := &db.Clause{}
	if f.Q != "" {
		c.Add(`lower(r.name) LIKE ? ESCAPE '\'`, "%"+db.EscapeLike(strings.ToLower(f.Q))+"%")
	}
	if f.Kind != "" {
		c.Add("r.kind = ?", f.Kind)
	}
	if f.Status != "" {
		c.Add("r.status = ?", f.Status)
	}
	return c
}

// List is the runs matching f, newest first, with the total: the coordination office's.
func (s *Service) List(ctx context.Context, p *auth.Principal, f RunFilter, all bool) ([]AllocRun, int, error) {
	if err := requireCoordinator(p); err != nil {
		return nil, 0, err
	}
	if err := f.Normalize(); err != nil {
		return nil, 0, err
	}
	q := s.DB.Reader(ctx)
	c := f.where()
	total := 0
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM alloc_runs r `+c.SQL(), c.Args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count runs: %w", err)
	}
	limit, offset := f.PerPage, (f.Page-1)*f.PerPage
	if all {
		limit, offset = org.MaxExport, 0
	}
	paging, args := c.Page(limit, offset)
	list, err := queryAll(ctx, q, `SELECT `+runColumns+` FROM alloc_runs r `+c.SQL()+` ORDER BY r.created_at DESC, r.id DESC`+paging, args,
		func(r scanner) (AllocRun, error) { return scanRun(r) })
	if list == nil {
		list = []AllocRun{}
	}
	return list, total, err
}
