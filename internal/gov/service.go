package gov

import (
	"context"
	"slices"
	"time"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
)

// Managing roles: the people in these seats may change their body's seats and meetings.
var managingRoles = []string{"chair", "secretary", "leader"}

// CanManage reports whether p may change the body's seats and meetings: the coordination
// office, and the person (linked to p's account) holding a current seat as chair, secretary
// or, in an action group, leader.
func (s *Service) CanManage(ctx context.Context, p *auth.Principal, bodyID int64) (bool, error) {
	if p == nil || !p.CanWrite() {
		return false, nil
	}
	if p.IsCoordinator() {
		return true, nil
	}
	q := s.DB.Reader(ctx)
	pid, err := personOf(ctx, q, p.User.ID)
	if err != nil || pid == 0 {
		return false, err
	}
	seats, err := seatsOf(ctx, q, bodyID)
	if err != nil {
		return false, err
	}
	today := s.Today()
	return slices.ContainsFunc(seats, func(x Seat) bool {
		return x.PersonID == pid && x.CurrentOn(today) && slices.Contains(managingRoles, x.Role)
	}), nil
}

// RequireManage returns Forbidden unless p may change the body.
func (s *Service) RequireManage(ctx context.Context, p *auth.Principal, bodyID int64) error {
	if err := auth.RequireWrite(p); err != nil {
		return err
	}
	ok, err := s.CanManage(ctx, p, bodyID)
	if err != nil {
		return err
	}
	if !ok {
		return kern.Errorf(kern.Forbidden, "gov.manage_forbidden")
	}
	return nil
}

// PersonOf is the registry person linked to p's account (0 when none).
func (s *Service) PersonOf(ctx context.Context, p *auth.Principal) (int64, error) {
	if p == nil {
		return 0, nil
	}
	return personOf(ctx, s.DB.Reader(ctx), p.User.ID)
}

// Bodies returns the bodies matching f, each with its seats and warnings.
func (s *Service) Bodies(ctx context.Context, p *auth.Principal, f BodyFilter) ([]Body, error) {
	if p == nil {
		return nil, kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	if f.Kind != "" && !slices.Contains(Kinds, f.Kind) {
		return nil, kern.FieldError("kind", "field.unknown_choice")
	}
	q := s.DB.Reader(ctx)
	list, err := listBodies(ctx, q, f)
	if err != nil {
		return nil, err
	}
	return list, s.derive(ctx, q, list)
}

// Body returns one body with its seats and warnings.
func (s *Service) Body(ctx context.Context, p *auth.Principal, id int64) (Body, error) {
	if p == nil {
		return Body{}, kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	q := s.DB.Reader(ctx)
	b, err := getBody(ctx, q, id)
	if err != nil {
		return b, err
	}
	list := []Body{b}
	err = s.derive(ctx, q, list)
	return list[0], err
}

// derive attaches seats and warnings to the bodies: for one body it reads that body's seats
// only (and the action-group leaders when it is an operational steering group).
func (s *Service) derive(ctx context.Context, q db.Q, list []Body) error {
	var one int64
	if len(list) == 1 {
		one = list[0].ID
	}
	seats, err := seatsOf(ctx, q, one)
	if err != nil {
		return err
	}
	today := s.Today()
	byBody := map[int64][]Seat{}
	for _, x := range seats {
		byBody[x.BodyID] = append(byBody[x.BodyID], x)
	}
	leaders := map[int64]string{}
	if slices.ContainsFunc(list, func(b Body) bool { return b.Kind == "operational_steering_group" }) {
		ls, err := leaderSeats(ctx, q)
		if err != nil {
			return err
		}
		for _, x := range ls {
			if x.CurrentOn(today) {
				leaders[x.PersonID] = x.PersonName
			}
		}
	}
	met := map[int64]time.Time{}
	if s.Meetings != nil {
		if met, err = s.Meetings.LastMet(ctx); err != nil {
			return err
		}
	}
	for i := range list {
		if ss, ok := byBody[list[i].ID]; ok {
			list[i].Seats = ss
		}
		Derive(&list[i], today, leaders, met[list[i].ID])
	}
	return nil
}

// CreateBody adds a body (the coordination office).
func (s *Service) CreateBody(ctx context.Context, p *auth.Principal, in BodyInput) (Body, error) {
	if err := requireCoordinator(p); err != nil {
		return Body{}, err
	}
	if err := in.Validate(); err != nil {
		return Body{}, err
	}
	var out Body
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		if err := checkBodyRefs(ctx, q, 0, in); err != nil {
			return err
		}
		id, err := insertBody(ctx, q, in, s.now())
		if err != nil {
			return err
		}
		if out, err = getBody(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "create", "body", id, nil, out)
	})
	return out, err
}

// UpdateBody changes a body's charter: the coordination office, or its chair or secretary.
func (s *Service) UpdateBody(ctx context.Context, p *auth.Principal, id int64, in BodyInput) (Body, error) {
	if err := s.RequireManage(ctx, p, id); err != nil {
		return Body{}, err
	}
	if err := in.Validate(); err != nil {
		return Body{}, err
	}
	var out Body
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := getBody(ctx, q, id)
		if err != nil {
			return err
		}
		// Only the coordination office changes what a body is; its chair edits the charter.
		if !p.IsCoordinator() && (in.Kind != before.Kind || in.RequiresAllGroups != before.RequiresAllGroups ||
			in.RequiresNeutralChair != before.RequiresNeutralChair) {
			return kern.Errorf(kern.Forbidden, "gov.kind_change_forbidden")
		}
		if err := checkBodyRefs(ctx, q, id, in); err != nil {
			return err
		}
		if err := updateBody(ctx, q, id, in, s.now()); err != nil {
			return err
		}
		if out, err = getBody(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "update", "body", id, before, out)
	})
	return out, err
}

func requireCoordinator(p *auth.Principal) error {
	if err := auth.RequireWrite(p); err != nil {
		return err
	}
	if !p.IsCoordinator() {
		return kern.Errorf(kern.Forbidden, "error.forbidden")
	}
	return nil
}

func checkBodyRefs(ctx context.Context, q db.Q, id int64, in BodyInput) error {
	if in.ReportsTo != nil {
		if *in.ReportsTo == id {
			return kern.FieldError("reports_to", "gov.reports_to_itself")
		}
		if _, err := getBody(ctx, q, *in.ReportsTo); err != nil {
			return kern.FieldError("reports_to", "gov.body_unknown")
		}
	}
	if in.LiaisonPersonID != nil {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM people WHERE id = $1`, *in.LiaisonPersonID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return kern.FieldError("liaison_person_id", "gov.person_unknown")
		}
	}
	return nil
}

// AddSeat gives a person a seat (a term) in the body.
func (s *Service) AddSeat(ctx context.Context, p *auth.Principal, bodyID int64, in SeatInput) (Seat, error) {
	return s.saveSeat(ctx, p, bodyID, 0, in)
}

// UpdateSeat changes a seat; ending a term early is setting its end.
func (s *Service) UpdateSeat(ctx context.Context, p *auth.Principal, bodyID, id int64, in SeatInput) (Seat, error) {
	return s.saveSeat(ctx, p, bodyID, id, in)
}

func (s *Service) saveSeat(ctx context.Context, p *auth.Principal, bodyID, id int64, in SeatInput) (Seat, error) {
	if err := s.RequireManage(ctx, p, bodyID); err != nil {
		return Seat{}, err
	}
	if err := in.Validate(); err != nil {
		return Seat{}, err
	}
	var out Seat
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		if _, err := getBody(ctx, q, bodyID); err != nil {
			return err
		}
		var before any
		if id != 0 {
			b, err := getSeat(ctx, q, id)
			if err != nil || b.BodyID != bodyID {
				return kern.Errorf(kern.NotFound, "error.not_found")
			}
			before = b
		}
		var n int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM people WHERE id = $1`, in.PersonID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return kern.FieldError("person_id", "gov.person_unknown")
		}
		if err := checkOverlaps(ctx, q, bodyID, id, in); err != nil {
			return err
		}
		action := "create"
		if id == 0 {
			var err error
			if id, err = insertSeat(ctx, q, bodyID, in, s.now()); err != nil {
				return err
			}
		} else {
			action = "update"
			if err := updateSeat(ctx, q, id, in, s.now()); err != nil {
				return err
			}
		}
		var err error
		if out, err = getSeat(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), action, "seat", id, before, out)
	})
	return out, err
}

// checkOverlaps refuses two chairs of one body at once and one person twice in a body at the
// same time.
func checkOverlaps(ctx context.Context, q db.Q, bodyID, id int64, in SeatInput) error {
	seats, err := seatsOf(ctx, q, bodyID)
	if err != nil {
		return err
	}
	for _, x := range seats {
		if x.ID == id || !overlap(x.TermStart, x.TermEnd, in.TermStart, in.TermEnd) {
			continue
		}
		if x.PersonID == in.PersonID {
			return kern.FieldError("person_id", "gov.person_seated_twice")
		}
		if x.Role == "chair" && in.Role == "chair" {
			return kern.FieldError("role", "gov.two_chairs")
		}
	}
	return nil
}

func overlap(aStart time.Time, aEnd *time.Time, bStart time.Time, bEnd *time.Time) bool {
	// [aStart, aEnd] and [bStart, bEnd] meet unless one ends before the other starts.
	if aEnd != nil && aEnd.Before(bStart) {
		return false
	}
	return bEnd == nil || !bEnd.Before(aStart)
}

// Seat returns one seat of a body.
func (s *Service) Seat(ctx context.Context, p *auth.Principal, bodyID, id int64) (Seat, error) {
	if p == nil {
		return Seat{}, kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	x, err := getSeat(ctx, s.DB.Reader(ctx), id)
	if err == nil && x.BodyID != bodyID {
		err = kern.Errorf(kern.NotFound, "error.not_found")
	}
	today := s.Today()
	x.Current = x.CurrentOn(today)
	x.EndsSoon = x.Current && x.TermEnd != nil && !x.TermEnd.After(today.AddDate(0, SixMonths, 0))
	return x, err
}

// PersonChoices are the registry's people, for a seat's picker.
func (s *Service) PersonChoices(ctx context.Context, p *auth.Principal) ([]db.Choice, error) {
	if p == nil {
		return nil, kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	return db.Choices(ctx, s.DB.Reader(ctx), `SELECT id, family_name || ', ' || given_name FROM people ORDER BY lower(family_name), lower(given_name), id`)
}

// OrgChoices are the organisations a seat can represent.
func (s *Service) OrgChoices(ctx context.Context, p *auth.Principal) ([]db.Choice, error) {
	if p == nil {
		return nil, kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	return db.Choices(ctx, s.DB.Reader(ctx), `SELECT id, name FROM organizations WHERE kind <> 'department' ORDER BY lower(name), id`)
}
