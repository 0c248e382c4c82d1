package plan

import (
	"context"
	"slices"
	"time"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
)

func requireUser(p *auth.Principal) error {
	if p == nil {
		return kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	return nil
}

// requireCoordinator: the vision, its goals, KPIs and the inventory of challenges are kept by the
// coordination office.
func requireCoordinator(p *auth.Principal) error {
	if err := auth.RequireWrite(p); err != nil {
		return err
	}
	if !p.IsCoordinator() {
		return kern.Errorf(kern.Forbidden, "error.forbidden")
	}
	return nil
}

// CanEdit reports whether p may change the vision, goals, KPIs and challenges.
func CanEdit(p *auth.Principal) bool { return p.IsCoordinator() && p.CanWrite() }

// CanMeasure reports whether p may record measurements of k: the coordination office and the
// KPI's owner.
func CanMeasure(p *auth.Principal, k KPI) bool {
	return p.CanWrite() && (p.IsCoordinator() || (k.OwnerID != nil && p != nil && *k.OwnerID == p.User.ID))
}

// edit runs a coordinator's creation (id 0) or change of one row in a transaction with its audit
// entry: the caller's validate runs first, write stores the row (checking references inside the
// transaction) and returns its id, get reads it before and after.
func edit[T any](ctx context.Context, s *Service, p *auth.Principal, entity string, id int64, validate func() error,
	get func(context.Context, db.Q, int64) (T, error), write func(context.Context, db.Q, int64) (int64, error)) (T, error) {
	var out T
	if err := requireCoordinator(p); err != nil {
		return out, err
	}
	if err := validate(); err != nil {
		return out, err
	}
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		var before any
		action := "create"
		if id != 0 {
			b, err := get(ctx, q, id)
			if err != nil {
				return err
			}
			before, action = b, "update"
		}
		id, err := write(ctx, q, id)
		if err != nil {
			return err
		}
		if out, err = get(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), action, entity, id, before, out)
	})
	return out, err
}

// --- pillars

// Pillars returns the pillars of the vision with their goal counts and, when the action plan is
// wired in, their progress.
func (s *Service) Pillars(ctx context.Context, p *auth.Principal) ([]Pillar, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	return s.pillars(ctx)
}

func (s *Service) pillars(ctx context.Context) ([]Pillar, error) {
	list, err := listPillars(ctx, s.DB.Reader(ctx))
	if err != nil {
		return nil, err
	}
	_, pillars, err := s.rollUp(ctx)
	for i := range list {
		if pr, ok := pillars[list[i].ID]; ok {
			list[i].Progress = &pr
		}
	}
	return list, err
}

func (s *Service) rollUp(ctx context.Context) (goals, pillars map[int64]Progress, err error) {
	if s.Progress == nil {
		return map[int64]Progress{}, map[int64]Progress{}, nil
	}
	return s.Progress.RollUp(ctx)
}

// Pillar returns one pillar.
func (s *Service) Pillar(ctx context.Context, p *auth.Principal, id int64) (Pillar, error) {
	if err := requireUser(p); err != nil {
		return Pillar{}, err
	}
	return getPillar(ctx, s.DB.Reader(ctx), id)
}

// CreatePillar adds a pillar to the vision.
func (s *Service) CreatePillar(ctx context.Context, p *auth.Principal, in PillarInput) (Pillar, error) {
	return edit(ctx, s, p, "pillar", 0, in.Validate, getPillar, func(ctx context.Context, q db.Q, _ int64) (int64, error) {
		return insertPillar(ctx, q, in, s.now())
	})
}

// UpdatePillar changes a pillar.
func (s *Service) UpdatePillar(ctx context.Context, p *auth.Principal, id int64, in PillarInput) (Pillar, error) {
	return edit(ctx, s, p, "pillar", id, in.Validate, getPillar, func(ctx context.Context, q db.Q, id int64) (int64, error) {
		return id, updatePillar(ctx, q, id, in, s.now())
	})
}

// --- goals

// Goals returns the goals matching f, each with its SMART check and progress.
func (s *Service) Goals(ctx context.Context, p *auth.Principal, f GoalFilter) ([]Goal, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	return s.goals(ctx, f)
}

func (s *Service) goals(ctx context.Context, f GoalFilter) ([]Goal, error) {
	list, err := listGoals(ctx, s.DB.Reader(ctx), f)
	if err != nil {
		return nil, err
	}
	goals, _, err := s.rollUp(ctx)
	for i := range list {
		if pr, ok := goals[list[i].ID]; ok {
			list[i].Progress = &pr
		}
	}
	return list, err
}

// Goal returns one goal.
func (s *Service) Goal(ctx context.Context, p *auth.Principal, id int64) (Goal, error) {
	if err := requireUser(p); err != nil {
		return Goal{}, err
	}
	g, err := getGoal(ctx, s.DB.Reader(ctx), id)
	if err != nil {
		return g, err
	}
	goals, _, err := s.rollUp(ctx)
	if pr, ok := goals[id]; ok {
		g.Progress = &pr
	}
	return g, err
}

func checkGoalRefs(ctx context.Context, q db.Q, in GoalInput) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM pillars WHERE id = $1`, in.PillarID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return kern.FieldError("pillar_id", "plan.pillar_unknown")
	}
	if in.AccountableOrg != nil {
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM organizations WHERE id = $1`, *in.AccountableOrg).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return kern.FieldError("accountable_org_id", "plan.org_unknown")
		}
	}
	return nil
}

// CreateGoal adds a goal under a pillar.
func (s *Service) CreateGoal(ctx context.Context, p *auth.Principal, in GoalInput) (Goal, error) {
	return edit(ctx, s, p, "goal", 0, in.Validate, getGoal, func(ctx context.Context, q db.Q, _ int64) (int64, error) {
		if err := checkGoalRefs(ctx, q, in); err != nil {
			return 0, err
		}
		return insertGoal(ctx, q, in, s.now())
	})
}

// UpdateGoal changes a goal.
func (s *Service) UpdateGoal(ctx context.Context, p *auth.Principal, id int64, in GoalInput) (Goal, error) {
	return edit(ctx, s, p, "goal", id, in.Validate, getGoal, func(ctx context.Context, q db.Q, id int64) (int64, error) {
		if err := checkGoalRefs(ctx, q, in); err != nil {
			return 0, err
		}
		return id, updateGoal(ctx, q, id, in, s.now())
	})
}

// --- KPIs

// derive fills a KPI's status, expected value and next due date on today.
func derive(k *KPI, today time.Time) {
	st, exp, due := Assess(*k, k.Latest, today)
	k.Status, k.Expected, k.NextDue = st, exp, &due
}

// KPIs returns the KPIs matching f with their derived status.
func (s *Service) KPIs(ctx context.Context, p *auth.Principal, f KPIFilter) ([]KPI, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	return s.kpis(ctx, f)
}

func (s *Service) kpis(ctx context.Context, f KPIFilter) ([]KPI, error) {
	if err := f.Normalize(); err != nil {
		return nil, err
	}
	list, err := listKPIs(ctx, s.DB.Reader(ctx), f)
	if err != nil {
		return nil, err
	}
	today := s.today()
	out := list[:0]
	for i := range list {
		derive(&list[i], today)
		if f.Status == "" || string(list[i].Status) == f.Status {
			out = append(out, list[i])
		}
	}
	return out, nil
}

// KPI returns one KPI with its derived status.
func (s *Service) KPI(ctx context.Context, p *auth.Principal, id int64) (KPI, error) {
	if err := requireUser(p); err != nil {
		return KPI{}, err
	}
	k, err := getKPI(ctx, s.DB.Reader(ctx), id)
	if err == nil {
		derive(&k, s.today())
	}
	return k, err
}

// Measurements returns a KPI's measurements by date; with history, the corrected ones too.
func (s *Service) Measurements(ctx context.Context, p *auth.Principal, id int64, history bool) ([]Measurement, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	q := s.DB.Reader(ctx)
	if _, err := getKPI(ctx, q, id); err != nil {
		return nil, err
	}
	return measurements(ctx, q, id, history)
}

func checkKPIRefs(ctx context.Context, q db.Q, in KPIInput) error {
	var n int
	if in.GoalID != nil {
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM goals WHERE id = $1`, *in.GoalID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return kern.FieldError("goal_id", "plan.goal_unknown")
		}
	}
	if in.OwnerID != nil {
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE id = $1`, *in.OwnerID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return kern.FieldError("owner_id", "plan.owner_unknown")
		}
	}
	return nil
}

// CreateKPI adds a KPI with its baseline and targets.
func (s *Service) CreateKPI(ctx context.Context, p *auth.Principal, in KPIInput) (KPI, error) {
	validate := func() error { return in.Validate(s.today()) }
	out, err := edit(ctx, s, p, "kpi", 0, validate, getKPI, func(ctx context.Context, q db.Q, _ int64) (int64, error) {
		if err := checkKPIRefs(ctx, q, in); err != nil {
			return 0, err
		}
		return insertKPI(ctx, q, in, s.now())
	})
	derive(&out, s.today())
	return out, err
}

// UpdateKPI changes a KPI's definition, baseline or targets; its measurements stay.
func (s *Service) UpdateKPI(ctx context.Context, p *auth.Principal, id int64, in KPIInput) (KPI, error) {
	validate := func() error { return in.Validate(s.today()) }
	out, err := edit(ctx, s, p, "kpi", id, validate, getKPI, func(ctx context.Context, q db.Q, id int64) (int64, error) {
		if err := checkKPIRefs(ctx, q, in); err != nil {
			return 0, err
		}
		var early int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM kpi_measurements WHERE kpi_id = $1 AND measured_on < $2`, id, in.BaselineOn).Scan(&early); err != nil {
			return 0, err
		}
		if early > 0 {
			return 0, kern.FieldError("baseline_on", "plan.baseline_after_measurements")
		}
		return id, updateKPI(ctx, q, id, in, s.now())
	})
	derive(&out, s.today())
	return out, err
}

// DeleteKPI removes a KPI and its measurements.
func (s *Service) DeleteKPI(ctx context.Context, p *auth.Principal, id int64) error {
	if err := requireCoordinator(p); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := getKPI(ctx, q, id)
		if err != nil {
			return err
		}
		if err := deleteKPI(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "delete", "kpi", id, before, nil)
	})
}

// RecordMeasurement records a KPI's value on a date. A second value for the same date is a
// correction: it replaces the first, which stays in the history.
func (s *Service) RecordMeasurement(ctx context.Context, p *auth.Principal, id int64, in MeasurementInput) (Measurement, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Measurement{}, err
	}
	var out Measurement
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		k, err := getKPI(ctx, q, id)
		if err != nil {
			return err
		}
		if !CanMeasure(p, k) {
			return kern.Errorf(kern.Forbidden, "plan.measure_forbidden")
		}
		if err := in.Validate(k, s.today()); err != nil {
			return err
		}
		m, prev, err := recordMeasurement(ctx, q, id, in, p.Actor().Label, s.now())
		if err != nil {
			return err
		}
		out = m
		action := "create"
		var before any
		if prev != nil {
			action, before = "correct", prev
		}
		return audit.Record(ctx, q, p.Actor(), action, "kpi_measurement", m.ID, before, m)
	})
	return out, err
}

// --- challenges

// Challenges returns a page of challenges matching f and how many match in all.
func (s *Service) Challenges(ctx context.Context, p *auth.Principal, f ChallengeFilter) ([]Challenge, int, error) {
	if err := requireUser(p); err != nil {
		return nil, 0, err
	}
	if err := f.Normalize(); err != nil {
		return nil, 0, err
	}
	return listChallenges(ctx, s.DB.Reader(ctx), f, false)
}

// AllChallenges returns every challenge matching f (for exports and the matrix).
func (s *Service) AllChallenges(ctx context.Context, p *auth.Principal, f ChallengeFilter) ([]Challenge, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	if err := f.Normalize(); err != nil {
		return nil, err
	}
	list, _, err := listChallenges(ctx, s.DB.Reader(ctx), f, true)
	return list, err
}

// Challenge returns one challenge.
func (s *Service) Challenge(ctx context.Context, p *auth.Principal, id int64) (Challenge, error) {
	if err := requireUser(p); err != nil {
		return Challenge{}, err
	}
	return getChallenge(ctx, s.DB.Reader(ctx), id)
}

// CreateChallenge adds a challenge to the inventory.
func (s *Service) CreateChallenge(ctx context.Context, p *auth.Principal, in ChallengeInput) (Challenge, error) {
	return edit(ctx, s, p, "challenge", 0, in.Validate, getChallenge, func(ctx context.Context, q db.Q, _ int64) (int64, error) {
		return insertChallenge(ctx, q, in, s.now())
	})
}

// UpdateChallenge changes a challenge.
func (s *Service) UpdateChallenge(ctx context.Context, p *auth.Principal, id int64, in ChallengeInput) (Challenge, error) {
	return edit(ctx, s, p, "challenge", id, in.Validate, getChallenge, func(ctx context.Context, q db.Q, id int64) (int64, error) {
		return id, updateChallenge(ctx, q, id, in, s.now())
	})
}

// Matrix places every challenge matching f in the cell of its stage and each of its enablers;
// a challenge without enablers sits in the stage's "none" column.
func Matrix(list []Challenge) map[string]map[string][]Challenge {
	m := map[string]map[string][]Challenge{}
	for _, st := range Stages {
		m[st] = map[string][]Challenge{}
	}
	for _, c := range list {
		row, ok := m[c.Stage]
		if !ok {
			continue
		}
		if len(c.Enablers) == 0 {
			row[""] = append(row[""], c)
		}
		for _, e := range c.Enablers {
			if slices.Contains(Enablers, e) {
				row[e] = append(row[e], c)
			}
		}
	}
	return m
}

// OrgOptions are the organisations a goal can hold accountable (departments answer through
// their hospital).
func (s *Service) OrgOptions(ctx context.Context, p *auth.Principal) ([]db.Choice, error) {
	if !CanEdit(p) {
		return nil, nil
	}
	return db.Choices(ctx, s.DB.Reader(ctx), `SELECT id, name FROM organizations WHERE kind <> 'department' ORDER BY lower(name), id`)
}

// OwnerOptions are the accounts that can own a KPI: those of the coordination office and of
// organisations (not disabled).
func (s *Service) OwnerOptions(ctx context.Context, p *auth.Principal) ([]db.Choice, error) {
	if !CanEdit(p) {
		return nil, nil
	}
	return db.Choices(ctx, s.DB.Reader(ctx), `SELECT id, name FROM users WHERE NOT disabled ORDER BY lower(name), id`)
}
