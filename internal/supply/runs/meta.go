package runs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"kern"
	"kern/internal/db"
)

// What other capabilities of the platform (the shortage scenarios) read of stored runs. None of
// these checks who asks: they are for code that applies its own access rule to what it passes on,
// never to be handed to a user as they are. Users read runs through Run, Summary,
// HospitalAllocation and ProducerAllocation, which check.

// RunMeta is a stored run's header: when, how long, under which policy and with which outcome it
// ran; neither its situation nor its result nor its national figures.
type RunMeta struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind"`
	ScenarioID  *int64    `json:"scenario_id,omitempty"`
	StartsAt    time.Time `json:"starts_at"`
	HorizonDays int       `json:"horizon_days"`
	Policy      Policy    `json:"policy"`
	Status      string    `json:"status"`
	Error       string    `json:"error,omitempty"` // why the engine refused a failed run's input
	CreatedAt   time.Time `json:"created_at"`
}

// EndsAt is the end of the run's horizon.
func (m RunMeta) EndsAt() time.Time { return m.StartsAt.AddDate(0, 0, m.HorizonDays) }

// Failed reports whether the engine refused the run's input.
func (m RunMeta) Failed() bool { return m.Status == StatusFailed }

const metaColumns = `id, kind, scenario_id, starts_at, horizon_days, policy, status, error, created_at`

// Meta is a stored run's header, read without an access check (see RunMeta). A run that does not
// exist is NotFound.
func (s *Service) Meta(ctx context.Context, id int64) (RunMeta, error) {
	m, err := scanMeta(s.DB.Reader(ctx).QueryRowContext(ctx, `SELECT `+metaColumns+` FROM alloc_runs WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return RunMeta{}, kern.Errorf(kern.NotFound, "error.not_found")
	}
	if err != nil {
		return RunMeta{}, fmt.Errorf("run %d: %w", id, err)
	}
	return m, nil
}

// LatestMeta is the header of the latest successful run of a kind, read without an access check
// (see RunMeta), and whether there is one.
func (s *Service) LatestMeta(ctx context.Context, kind string) (RunMeta, bool, error) {
	q := s.DB.Reader(ctx)
	id, ok, err := latestID(ctx, q, kind)
	if err != nil || !ok {
		return RunMeta{}, false, err
	}
	m, err := scanMeta(q.QueryRowContext(ctx, `SELECT `+metaColumns+` FROM alloc_runs WHERE id = $1`, id))
	if err != nil {
		return RunMeta{}, false, fmt.Errorf("run %d: %w", id, err)
	}
	return m, true, nil
}

// ResultOf is a stored run's whole result — every hospital's fills and deferred doses, the
// bottlenecks, the national figures — read without an access check: only for code that cuts it
// down to what its reader may see before passing it on (the scenario comparison does). A failed
// run's result is empty. A run that does not exist is NotFound.
func (s *Service) ResultOf(ctx context.Context, id int64) (Result, error) {
	var doc string
	err := s.DB.Reader(ctx).QueryRowContext(ctx, `SELECT result FROM alloc_runs WHERE id = $1`, id).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return Result{}, kern.Errorf(kern.NotFound, "error.not_found")
	}
	if err != nil {
		return Result{}, fmt.Errorf("run %d result: %w", id, err)
	}
	var res Result
	if err := json.Unmarshal([]byte(doc), &res); err != nil {
		return Result{}, fmt.Errorf("run %d result: %w", id, err)
	}
	return res, nil
}

func scanMeta(row scanner) (RunMeta, error) {
	var m RunMeta
	var pol string
	if err := row.Scan(&m.ID, &m.Kind, &m.ScenarioID, &m.StartsAt, &m.HorizonDays, &pol, &m.Status, &m.Error, &m.CreatedAt); err != nil {
		return m, err
	}
	m.StartsAt, m.CreatedAt = m.StartsAt.UTC(), m.CreatedAt.UTC()
	if err := json.Unmarshal([]byte(pol), &m.Policy); err != nil {
		return m, fmt.Errorf("policy: %w", err)
	}
	return m, nil
}

// latestID is the id of the latest successful run of a kind, and whether there is one.
func latestID(ctx context.Context, q db.Q, kind string) (int64, bool, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM alloc_runs WHERE kind = $1 AND status = 'done' ORDER BY created_at DESC, id DESC LIMIT 1`,
		kind).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("latest run: %w", err)
	}
	return id, true, nil
}
