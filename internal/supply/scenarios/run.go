package scenarios

import (
	"context"
	"time"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/supply/runs"
)

// Run runs a scenario: the situation stored with its baseline run (so the comparison is like for
// like, and the same scenario gives the same run), changed by Apply, solved and stored by the
// runs package as a run of kind "scenario". The scenario keeps the new run as its run_id; earlier
// runs of the scenario stay stored (they are the scenario's history, and go when it is deleted).
func (s *Service) Run(ctx context.Context, p *auth.Principal, id int64) (Scenario, error) {
	if err := requireEdit(p); err != nil {
		return Scenario{}, err
	}
	sc, err := get(ctx, s.DB.Reader(ctx), id)
	if err != nil {
		return Scenario{}, err
	}
	if sc.BaselineRunID == nil {
		return sc, kern.FieldError("baseline_run_id", "scenarios.error.no_baseline")
	}
	base, err := s.Runs.Run(ctx, p, *sc.BaselineRunID)
	if kern.ErrorCode(err) == kern.NotFound || err == nil && (base.Situation == nil || base.Kind != runs.KindBaseline) {
		return sc, kern.FieldError("baseline_run_id", "scenarios.error.baseline_unknown")
	}
	if err != nil {
		return sc, err
	}
	sit, err := Apply(*base.Situation, sc.Changes)
	if err != nil {
		return sc, err
	}
	scenarioID := sc.ID
	// An input the engine refuses is stored as a failed run and returned as an Invalid error:
	// the scenario keeps that run, so its page says why.
	run, runErr := s.Runs.Execute(ctx, p, sit, runs.RunInput{Kind: runs.KindScenario, ScenarioID: &scenarioID, Name: sc.Name,
		Policy: sc.Policy})
	if runErr != nil && run.ID == 0 {
		return sc, runErr
	}
	// The audit log records the run as an update of the scenario (its run_id); the run itself is
	// audited by the runs package.
	var out Scenario
	err = s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		if err := setRun(ctx, q, sc.ID, run.ID, base.ID, s.now()); err != nil {
			return err
		}
		var err error
		if out, err = get(ctx, q, sc.ID); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "update", "supply_scenario", sc.ID, sc, out)
	})
	if err != nil {
		return sc, err
	}
	return out, runErr
}

// Compare puts the scenario's latest run beside its baseline run, cut to what p may see. A
// scenario that has not run yet gives a comparison with Ran false.
func (s *Service) Compare(ctx context.Context, p *auth.Principal, id int64) (Comparison, error) {
	sc, err := s.Scenario(ctx, p, id)
	if err != nil {
		return Comparison{}, err
	}
	c := Comparison{Scenario: sc}
	if sc.BaselineRunID == nil || sc.RunID == nil {
		c.restrict(p)
		return c, nil
	}
	// Both runs are read without an access check (runs.Service.Meta, ResultOf): what p may see
	// of them is decided here, by restrict. A run gone is a comparison not made.
	base, err := s.Runs.Meta(ctx, *sc.BaselineRunID)
	if kern.ErrorCode(err) == kern.NotFound {
		c.restrict(p)
		return c, nil
	}
	if err != nil {
		return c, err
	}
	scen, err := s.Runs.Meta(ctx, *sc.RunID)
	if kern.ErrorCode(err) == kern.NotFound {
		c.restrict(p)
		return c, nil
	}
	if err != nil {
		return c, err
	}
	br, err := s.Runs.ResultOf(ctx, base.ID)
	if err != nil {
		return c, err
	}
	sr, err := s.Runs.ResultOf(ctx, scen.ID)
	if err != nil {
		return c, err
	}
	c = compare(br, sr, scen.StartsAt, scen.HorizonDays)
	c.Scenario, c.Ran, c.BaselineRunID, c.RunID = sc, true, base.ID, scen.ID
	c.Stale = sc.UpdatedAt.After(scen.CreatedAt.Add(time.Second))
	if scen.Failed() {
		c.RunFailed, c.Failed = true, scen.Error
	}
	c.restrict(p)
	return c, nil
}
