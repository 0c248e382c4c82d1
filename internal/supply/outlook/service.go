package outlook

import (
	"context"
	"fmt"
	"sync"
	"time"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/forecast"
)

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// requireUser: the outlook is for people who are logged in.
func requireUser(p *auth.Principal) error {
	if p == nil {
		return kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	return nil
}

// CanEdit reports whether p may create, change and delete saved scenarios: the coordination
// office only. Everyone logged in reads and runs them.
func CanEdit(p *auth.Principal) bool { return p.IsCoordinator() }

func requireEdit(p *auth.Principal) error {
	if err := auth.RequireWrite(p); err != nil {
		return err
	}
	if !CanEdit(p) {
		return kern.Errorf(kern.Forbidden, "error.forbidden")
	}
	return nil
}

// Scenario returns one saved scenario.
func (s *Service) Scenario(ctx context.Context, p *auth.Principal, id int64) (Saved, error) {
	if err := requireUser(p); err != nil {
		return Saved{}, err
	}
	return getSaved(ctx, s.DB.Reader(ctx), id)
}

// Scenarios returns one page of saved scenarios matching f and how many match in all.
func (s *Service) Scenarios(ctx context.Context, p *auth.Principal, f Filter) ([]Saved, int, error) {
	if err := requireUser(p); err != nil {
		return nil, 0, err
	}
	if err := f.Normalize(); err != nil {
		return nil, 0, err
	}
	return listSaved(ctx, s.DB.Reader(ctx), f, false)
}

// ExportScenarios returns every saved scenario matching f, for a CSV export.
func (s *Service) ExportScenarios(ctx context.Context, p *auth.Principal, f Filter) ([]Saved, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	if err := f.Normalize(); err != nil {
		return nil, err
	}
	list, _, err := listSaved(ctx, s.DB.Reader(ctx), f, true)
	return list, err
}

// auditView is a saved scenario as the audit log records it, with its document.
type auditView struct {
	Saved
	Scenario forecast.Scenario `json:"scenario"`
}

func view(x Saved) auditView { return auditView{x, x.Scenario} }

// Create saves a new scenario.
func (s *Service) Create(ctx context.Context, p *auth.Principal, in Input) (Saved, error) {
	if err := requireEdit(p); err != nil {
		return Saved{}, err
	}
	if err := in.Validate(); err != nil {
		return Saved{}, err
	}
	var out Saved
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		var uid *int64
		if p.User.ID != 0 {
			uid = &p.User.ID
		}
		id, err := insertSaved(ctx, q, in, uid, by(p), s.now())
		if err != nil {
			return err
		}
		if out, err = getSaved(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "create", "forecast_scenario", id, nil, view(out))
	})
	return out, err
}

func by(p *auth.Principal) string {
	if p.User.Name != "" {
		return p.User.Name
	}
	return p.User.Email
}

// Update changes a saved scenario.
func (s *Service) Update(ctx context.Context, p *auth.Principal, id int64, in Input) (Saved, error) {
	if err := requireEdit(p); err != nil {
		return Saved{}, err
	}
	var after Saved
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := getSaved(ctx, q, id)
		if err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		if err := updateSaved(ctx, q, id, in, by(p), s.now()); err != nil {
			return err
		}
		if after, err = getSaved(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "update", "forecast_scenario", id, view(before), view(after))
	})
	return after, err
}

// Delete removes a saved scenario.
func (s *Service) Delete(ctx context.Context, p *auth.Principal, id int64) error {
	if err := requireEdit(p); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := getSaved(ctx, q, id)
		if err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM forecast_scenarios WHERE id = $1`, id); err != nil {
			return fmt.Errorf("delete forecast scenario %d: %w", id, err)
		}
		return audit.Record(ctx, q, p.Actor(), "delete", "forecast_scenario", id, view(before), nil)
	})
}

// Result runs a saved scenario with its runs and seed.
func (s *Service) Result(ctx context.Context, p *auth.Principal, id int64) (Saved, forecast.Result, error) {
	sc, err := s.Scenario(ctx, p, id)
	if err != nil {
		return sc, forecast.Result{}, err
	}
	res, err := s.Run(ctx, p, sc.Scenario, sc.Runs, sc.Seed)
	return sc, res, err
}

// Run runs a scenario that need not be saved. Results are cached by scenario, runs and seed
// (the forecast is deterministic), so the page, its charts and the API share one run.
func (s *Service) Run(ctx context.Context, p *auth.Principal, sc forecast.Scenario, runs int, seed uint64) (forecast.Result, error) {
	if err := requireUser(p); err != nil {
		return forecast.Result{}, err
	}
	if runs == 0 {
		runs = forecast.DefaultRuns
	}
	in := Input{Name: "-", Scenario: sc, Runs: runs, Seed: seed}
	if err := in.Validate(); err != nil {
		return forecast.Result{}, err
	}
	doc, err := encodeScenario(in.Scenario)
	if err != nil {
		return forecast.Result{}, err
	}
	key := fmt.Sprintf("%d/%d/%s", runs, seed, doc)
	if r, ok := results.get(key); ok {
		return r, nil
	}
	r, err := forecast.Run(in.Scenario, forecast.Options{Runs: runs, Seed: seed})
	if err != nil {
		return r, ScenarioError(err)
	}
	results.put(key, r)
	return r, nil
}

// resultCache keeps the last few results; a result is read-only once made.
type resultCache struct {
	mu sync.Mutex
	m  map[string]forecast.Result
}

var results = &resultCache{m: map[string]forecast.Result{}}

const cacheSize = 16

func (c *resultCache) get(k string) (forecast.Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.m[k]
	return r, ok
}

func (c *resultCache) put(k string, r forecast.Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= cacheSize {
		clear(c.m)
	}
	c.m[k] = r
}

// ForgetResults drops the cached results, so the next page runs its forecast again (for the
// benchmark of a page seen for the first time).
func ForgetResults() {
	results.mu.Lock()
	defer results.mu.Unlock()
	clear(results.m)
}
