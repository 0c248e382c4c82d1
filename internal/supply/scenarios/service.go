package scenarios

import (
	"context"
	"fmt"
	"time"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/supply/runs"
)

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// requireUser: scenarios are shared within the platform, with everyone logged in.
func requireUser(p *auth.Principal) error {
	if p == nil {
		return kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	return nil
}

// CanEdit reports whether p may create, change, run and delete scenarios: the coordination
// office (and admins).
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

// Refs returns what a change may name, for the form's choices.
func (s *Service) Refs(ctx context.Context, p *auth.Principal) (*Refs, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	return loadRefs(ctx, s.DB.Reader(ctx))
}

// Scenario returns one scenario.
func (s *Service) Scenario(ctx context.Context, p *auth.Principal, id int64) (Scenario, error) {
	if err := requireUser(p); err != nil {
		return Scenario{}, err
	}
	return get(ctx, s.DB.Reader(ctx), id)
}

// Scenarios returns one page of scenarios matching f and how many match in all.
func (s *Service) Scenarios(ctx context.Context, p *auth.Principal, f Filter) ([]Scenario, int, error) {
	if err := requireUser(p); err != nil {
		return nil, 0, err
	}
	if err := f.Normalize(); err != nil {
		return nil, 0, err
	}
	return list(ctx, s.DB.Reader(ctx), f, false)
}

// ExportScenarios returns every scenario matching f, for a CSV export.
func (s *Service) ExportScenarios(ctx context.Context, p *auth.Principal, f Filter) ([]Scenario, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	if err := f.Normalize(); err != nil {
		return nil, err
	}
	out, _, err := list(ctx, s.DB.Reader(ctx), f, true)
	return out, err
}

// baseline is what a scenario takes from its baseline run: the horizon and the policy. id 0
// is the latest baseline run; a run that is not a baseline, or none at all, is refused on the
// field baseline_run_id. The run's header is read through runs (Meta, LatestMeta), in ctx's
// transaction when it carries one.
func (s *Service) baseline(ctx context.Context, id int64) (stored, error) {
	var m runs.RunMeta
	if id == 0 {
		var ok bool
		var err error
		m, ok, err = s.Runs.LatestMeta(ctx, runs.KindBaseline)
		if err != nil {
			return stored{}, err
		}
		if !ok {
			return stored{}, kern.FieldError("baseline_run_id", "scenarios.error.no_baseline")
		}
	} else {
		var err error
		m, err = s.Runs.Meta(ctx, id)
		if kern.ErrorCode(err) == kern.NotFound {
			return stored{}, kern.FieldError("baseline_run_id", "scenarios.error.baseline_unknown")
		}
		if err != nil {
			return stored{}, err
		}
	}
	if m.Kind != runs.KindBaseline {
		return stored{}, kern.FieldError("baseline_run_id", "scenarios.error.baseline_unknown")
	}
	return stored{StartsAt: m.StartsAt, Days: m.HorizonDays, Policy: m.Policy, BaselineRunID: &m.ID}, nil
}

// LatestBaseline reports the id of the latest baseline run, and whether there is one.
func (s *Service) LatestBaseline(ctx context.Context, p *auth.Principal) (int64, bool, error) {
	if err := requireUser(p); err != nil {
		return 0, false, err
	}
	st, err := s.baseline(ctx, 0)
	if kern.ErrorCode(err) == kern.Invalid {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	return *st.BaselineRunID, true, nil
}

// MaxBaselineChoices is how many baseline runs the form offers, newest first.
const MaxBaselineChoices = 100

// BaselineRuns are the stored baseline runs that ran (not failed), newest first: the runs a
// coordinator may choose as a scenario's baseline in the form. The API takes any baseline run by
// its id.
func (s *Service) BaselineRuns(ctx context.Context, p *auth.Principal) ([]runs.AllocRun, error) {
	if err := requireEdit(p); err != nil {
		return nil, err
	}
	list, _, err := s.Runs.List(ctx, p, runs.RunFilter{Kind: runs.KindBaseline, Status: runs.StatusDone, Page: 1,
		PerPage: MaxBaselineChoices}, false)
	return list, err
}

// prepare validates the input against the platform's facilities and products and finds its
// baseline; a policy left out is the baseline's.
func (s *Service) prepare(ctx context.Context, q db.Q, in *Input) (stored, error) {
	refs, err := loadRefs(ctx, q)
	if err != nil {
		return stored{}, err
	}
	verr := in.Validate(refs)
	if in.Policy != nil {
		if perr := kern.AsError(in.Policy.Validate()); perr != nil {
			var v kern.Validation
			if e := kern.AsError(verr); e != nil {
				for f, k := range e.Fields {
					v.Add(f, k)
				}
			}
			for f, k := range perr.Fields {
				if f != "policy" {
					f = "policy." + f
				}
				v.Add(f, k)
			}
			verr = v.Err()
		}
	}
	st, berr := s.baseline(ctx, in.BaselineRunID)
	if kern.ErrorCode(berr) != kern.Invalid && berr != nil {
		return st, berr
	}
	if verr != nil || berr != nil {
		var v kern.Validation
		for _, e := range []error{verr, berr} {
			if e := kern.AsError(e); e != nil {
				for f, k := range e.Fields {
					v.Add(f, k)
				}
			}
		}
		return st, v.Err()
	}
	if in.Policy != nil {
		st.Policy = *in.Policy
	}
	return st, nil
}

func by(p *auth.Principal) string {
	if p.User.Name != "" {
		return p.User.Name
	}
	return p.User.Email
}

// Create saves a new scenario.
func (s *Service) Create(ctx context.Context, p *auth.Principal, in Input) (Scenario, error) {
	if err := requireEdit(p); err != nil {
		return Scenario{}, err
	}
	var out Scenario
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		st, err := s.prepare(ctx, q, &in)
		if err != nil {
			return err
		}
		var uid *int64
		if p.User.ID != 0 {
			uid = &p.User.ID
		}
		id, err := insert(ctx, q, in, st, uid, by(p), s.now())
		if err != nil {
			return err
		}
		if out, err = get(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "create", "supply_scenario", id, nil, out)
	})
	return out, err
}

// Update changes a scenario; its last run stays until it is run again.
func (s *Service) Update(ctx context.Context, p *auth.Principal, id int64, in Input) (Scenario, error) {
	if err := requireEdit(p); err != nil {
		return Scenario{}, err
	}
	var after Scenario
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := get(ctx, q, id)
		if err != nil {
			return err
		}
		if in.BaselineRunID == 0 && before.BaselineRunID != nil {
			in.BaselineRunID = *before.BaselineRunID
		}
		st, err := s.prepare(ctx, q, &in)
		if err != nil {
			return err
		}
		if err := update(ctx, q, id, in, st, s.now()); err != nil {
			return err
		}
		if after, err = get(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "update", "supply_scenario", id, before, after)
	})
	return after, err
}

// Delete removes a scenario and its runs.
func (s *Service) Delete(ctx context.Context, p *auth.Principal, id int64) error {
	if err := requireEdit(p); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := get(ctx, q, id)
		if err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM supply_scenarios WHERE id = $1`, id); err != nil {
			return fmt.Errorf("delete scenario %d: %w", id, err)
		}
		return audit.Record(ctx, q, p.Actor(), "delete", "supply_scenario", id, before, nil)
	})
}
