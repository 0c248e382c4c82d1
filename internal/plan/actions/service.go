package actions

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
)

var amsterdam, _ = time.LoadLocation("Europe/Amsterdam")

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// today is the calendar day in the Netherlands, as midnight UTC: an action due today is overdue
// from tomorrow, Dutch time.
func (s *Service) today() time.Time {
	t := s.now()
	if amsterdam != nil {
		t = t.In(amsterdam)
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Today is the day the service derives overdue actions for.
func (s *Service) Today() time.Time { return s.today() }

func requireUser(p *auth.Principal) error {
	if p == nil {
		return kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	return nil
}

var errEditForbidden = kern.Errorf(kern.Forbidden, "actions.edit_forbidden")

// View is an action with what is derived for it.
type View struct {
	Action
	Derived
	LatestCheckIn *Latest `json:"latest_checkin"`
}

func (b *Board) view(i int) View {
	a := b.Actions[i]
	v := View{Action: a, Derived: b.Derived[a.ID]}
	if l, ok := b.Latest[a.ID]; ok {
		v.LatestCheckIn = &l
	}
	return v
}

// Board loads the whole action plan with everything derived.
func (s *Service) Board(ctx context.Context, p *auth.Principal) (*Board, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	return loadBoard(ctx, s.DB.Reader(ctx), s.today())
}

// Action returns one action with what is derived for it.
func (s *Service) Action(ctx context.Context, p *auth.Principal, id int64) (View, error) {
	b, err := s.Board(ctx, p)
	if err != nil {
		return View{}, err
	}
	i, ok := b.byID[id]
	if !ok {
		return View{}, kern.Errorf(kern.NotFound, "error.not_found")
	}
	return b.view(i), nil
}

// Actions returns one page of the actions matching f and how many match in all.
func (s *Service) Actions(ctx context.Context, p *auth.Principal, f Filter) ([]View, int, error) {
	if err := f.Normalize(); err != nil {
		return nil, 0, err
	}
	b, err := s.Board(ctx, p)
	if err != nil {
		return nil, 0, err
	}
	all := f.Apply(b)
	from := min((f.Page-1)*f.PerPage, len(all))
	to := min(from+f.PerPage, len(all))
	return all[from:to], len(all), nil
}

// ExportActions returns every action matching f, for a CSV export.
func (s *Service) ExportActions(ctx context.Context, p *auth.Principal, f Filter) ([]View, error) {
	if err := f.Normalize(); err != nil {
		return nil, err
	}
	b, err := s.Board(ctx, p)
	if err != nil {
		return nil, err
	}
	return f.Apply(b), nil
}

// CreateAction adds an action. A coordinator's action is as given (owner contact: the given user,
// or the coordinator); anyone else's is a proposal with them as its owner contact.
func (s *Service) CreateAction(ctx context.Context, p *auth.Principal, in Input) (Action, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Action{}, err
	}
	if !CanProposeAction(p) {
		return Action{}, kern.Errorf(kern.Forbidden, "error.forbidden")
	}
	if !p.IsCoordinator() {
		in.Status, in.OwnerID = Proposed, nil
	}
	if err := in.Validate(); err != nil {
		return Action{}, err
	}
	owner := in.OwnerID
	if owner == nil {
		id := p.User.ID
		owner = &id
	}
	var a Action
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		if err := checkReferences(ctx, q, in, owner); err != nil {
			return err
		}
		id, err := insertAction(ctx, q, in, owner, s.now())
		if err != nil {
			return err
		}
		if a, err = getAction(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "create", "action", id, nil, a)
	})
	return a, err
}

// UpdateAction changes an action: the coordination office any, an owner contact their own. Only
// the coordination office gives an action another owner or takes a proposal into the plan.
func (s *Service) UpdateAction(ctx context.Context, p *auth.Principal, id int64, in Input) (Action, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Action{}, err
	}
	var after Action
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := getAction(ctx, q, id)
		if err != nil {
			return err
		}
		if !CanEditAction(p, before) {
			return errEditForbidden
		}
		if in.Status == "" {
			in.Status = before.Status
		}
		if err := in.Validate(); err != nil {
			return err
		}
		owner := before.OwnerID
		if in.OwnerID != nil {
			if !p.IsCoordinator() && (owner == nil || *owner != *in.OwnerID) {
				return kern.FieldError("owner_id", "actions.owner_change_forbidden")
			}
			owner = in.OwnerID
		}
		if !p.IsCoordinator() && before.Status == Proposed && in.Status != Proposed && in.Status != Dropped {
			return kern.FieldError("status", "actions.accept_by_coordinator")
		}
		if err := checkReferences(ctx, q, in, owner); err != nil {
			return err
		}
		if err := updateAction(ctx, q, id, in, owner, s.now()); err != nil {
			return err
		}
		if after, err = getAction(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "update", "action", id, before, after)
	})
	return after, err
}

// DeleteAction removes an action with its check-ins and relations: the coordination office only.
func (s *Service) DeleteAction(ctx context.Context, p *auth.Principal, id int64) error {
	if err := auth.RequireWrite(p); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := getAction(ctx, q, id)
		if err != nil {
			return err
		}
		if !CanDeleteAction(p) {
			return kern.Errorf(kern.Forbidden, "actions.delete_forbidden")
		}
		if err := deleteAction(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "delete", "action", id, before, nil)
	})
}

// CheckIns lists an action's check-ins, latest first.
func (s *Service) CheckIns(ctx context.Context, p *auth.Principal, actionID int64) ([]CheckIn, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	q := s.DB.Reader(ctx)
	if _, err := getAction(ctx, q, actionID); err != nil {
		return nil, err
	}
	return listCheckIns(ctx, q, actionID)
}

// AddCheckIn records progress on an action.
func (s *Service) AddCheckIn(ctx context.Context, p *auth.Principal, actionID int64, in CheckInInput) (CheckIn, error) {
	if err := auth.RequireWrite(p); err != nil {
		return CheckIn{}, err
	}
	var c CheckIn
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		a, err := getAction(ctx, q, actionID)
		if err != nil {
			return err
		}
		if !CanEditAction(p, a) {
			return errEditForbidden
		}
		if err := in.Validate(s.today()); err != nil {
			return err
		}
		if c, err = insertCheckIn(ctx, q, actionID, in, p.User.Name, p.User.ID, s.now()); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "create", "action_checkin", c.ID, nil, c)
	})
	return c, err
}

// Relations lists the relations from and to an action.
func (s *Service) Relations(ctx context.Context, p *auth.Principal, actionID int64) ([]Relation, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	q := s.DB.Reader(ctx)
	if _, err := getAction(ctx, q, actionID); err != nil {
		return nil, err
	}
	return listRelations(ctx, q, actionID)
}

// relationLock serialises the cycle check on PostgreSQL: two relations added at once could each
// pass the check and together close a cycle. SQLite has a single writer already.
const relationLock = 4_0005_01

// AddRelation relates action fromID to another: fromID blocks, precedes or relates to in.ToID. A
// "blocks" or "precedes" relation that would close a cycle is refused, naming the cycle. It takes
// the right to edit fromID.
func (s *Service) AddRelation(ctx context.Context, p *auth.Principal, fromID int64, in RelationInput) (Relation, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Relation{}, err
	}
	var r Relation
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		from, err := getAction(ctx, q, fromID)
		if err != nil {
			return err
		}
		if !CanEditAction(p, from) {
			return errEditForbidden
		}
		if err := in.Validate(fromID); err != nil {
			return err
		}
		if _, err := getAction(ctx, q, in.ToID); kern.ErrorCode(err) == kern.NotFound {
			return kern.FieldError("to_id", "actions.relation_unknown")
		} else if err != nil {
			return err
		}
		if s.DB.Dialect == db.Postgres {
			if _, err := q.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, relationLock); err != nil {
				return fmt.Errorf("lock relations: %w", err)
			}
		}
		dup, err := relationExists(ctx, q, fromID, in)
		if err != nil {
			return fmt.Errorf("check relation: %w", err)
		}
		if dup {
			return kern.FieldError("to_id", "actions.relation_exists")
		}
		if in.Kind.Orders() {
			edges, err := loadEdges(ctx, q)
			if err != nil {
				return err
			}
			if cycle := FindCycle(edges, fromID, in.ToID); cycle != nil {
				names, err := cycleNames(ctx, q, cycle)
				if err != nil {
					return err
				}
				return &kern.Error{Code: kern.Invalid, Key: "actions.relation_cycle", Args: []any{names},
					Fields: map[string]string{"to_id": "actions.relation_cycle_field"}}
			}
		}
		id, err := insertRelation(ctx, q, fromID, in, s.now())
		if err != nil {
			return err
		}
		if r, err = getRelation(ctx, q, fromID, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "create", "action_relation", id, nil, r)
	})
	return r, err
}

// cycleNames shows a cycle of action ids as "“A” → “B” → “A”".
func cycleNames(ctx context.Context, q db.Q, cycle []int64) (string, error) {
	parts := make([]string, len(cycle))
	titles := map[int64]string{}
	for i, id := range cycle {
		t, ok := titles[id]
		if !ok {
			if err := q.QueryRowContext(ctx, `SELECT title FROM actions WHERE id = $1`, id).Scan(&t); err != nil {
				return "", fmt.Errorf("cycle title: %w", err)
			}
			titles[id] = t
		}
		parts[i] = "“" + t + "”"
	}
	return strings.Join(parts, " → "), nil
}

// DeleteRelation removes a relation of an action; it takes the right to edit that action.
func (s *Service) DeleteRelation(ctx context.Context, p *auth.Principal, actionID, relationID int64) error {
	if err := auth.RequireWrite(p); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		a, err := getAction(ctx, q, actionID)
		if err != nil {
			return err
		}
		r, err := getRelation(ctx, q, actionID, relationID)
		if err != nil {
			return err
		}
		if !CanEditAction(p, a) {
			return errEditForbidden
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM action_relations WHERE id = $1`, relationID); err != nil {
			return fmt.Errorf("delete relation: %w", err)
		}
		return audit.Record(ctx, q, p.Actor(), "delete", "action_relation", relationID, r, nil)
	})
}

// Owners lists the users who can be an action's owner contact.
func (s *Service) Owners(ctx context.Context, p *auth.Principal) ([]Owner, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	return listOwners(ctx, s.DB.Reader(ctx))
}

// Choices lists the challenges and goals an action can be linked to.
func (s *Service) Choices(ctx context.Context, p *auth.Principal) (challenges, goals []Choice, err error) {
	if err := requireUser(p); err != nil {
		return nil, nil, err
	}
	q := s.DB.Reader(ctx)
	if challenges, err = listChallenges(ctx, q); err != nil {
		return nil, nil, err
	}
	goals, err = listGoals(ctx, q)
	return challenges, goals, err
}

// OwnerGroups lists the owner groups in use, for a filter.
func (b *Board) OwnerGroups() []string {
	var out []string
	for _, a := range b.Actions {
		if a.OwnerGroup != "" && !slices.Contains(out, a.OwnerGroup) {
			out = append(out, a.OwnerGroup)
		}
	}
	slices.Sort(out)
	return out
}
