package demand

import (
	"context"
	"fmt"
	"time"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
)

// Standing demand.

// StandingDemands lists the standing demand p may read matching f: a hospital's own, a producer's
// products', everything for the coordination office.
func (s *Service) StandingDemands(ctx context.Context, p *auth.Principal, f StandingFilter) ([]StandingDemand, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	c := f.where()
	readScope(c, p, "x.org_id", "f.org_id")
	return listStanding(ctx, s.DB.Reader(ctx), c)
}

// StandingDemand returns one standing demand p may read.
func (s *Service) StandingDemand(ctx context.Context, p *auth.Principal, id int64) (StandingDemand, error) {
	if err := requireUser(p); err != nil {
		return StandingDemand{}, err
	}
	c := &db.Clause{}
	c.Add("x.id = ?", id)
	readScope(c, p, "x.org_id", "f.org_id")
	return getStanding(ctx, s.DB.Reader(ctx), c)
}

// EditableStanding is the standing demand as p may change it: only its own hospital's.
func (s *Service) EditableStanding(ctx context.Context, p *auth.Principal, id int64) (StandingDemand, error) {
	if err := requireUser(p); err != nil {
		return StandingDemand{}, err
	}
	x, _, err := writableStanding(ctx, s.DB.Reader(ctx), p, id)
	return x, err
}

func writableStanding(ctx context.Context, q db.Q, p *auth.Principal, id int64) (StandingDemand, *db.Clause, error) {
	c := &db.Clause{}
	c.Add("x.id = ?", id)
	writeScope(c, p, "x.org_id")
	x, err := getStanding(ctx, q, c)
	return x, c, err
}

// CreateStanding adds a standing weekly demand of a hospital p orders for.
func (s *Service) CreateStanding(ctx context.Context, p *auth.Principal, in StandingInput) (StandingDemand, error) {
	if err := auth.RequireWrite(p); err != nil {
		return StandingDemand{}, err
	}
	if err := in.Validate(); err != nil {
		return StandingDemand{}, err
	}
	var x StandingDemand
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		var err error
		x, err = createStanding(ctx, q, p, in, s.now())
		return err
	})
	return x, err
}

// createStanding writes a validated standing demand of a hospital p orders for, with its audit.
func createStanding(ctx context.Context, q db.Q, p *auth.Principal, in StandingInput, now time.Time) (StandingDemand, error) {
	if err := checkHospital(ctx, q, p, in.OrgID); err != nil {
		return StandingDemand{}, err
	}
	pr, err := checkProduct(ctx, q, in.ProductID)
	if err != nil {
		return StandingDemand{}, err
	}
	id, err := insertStanding(ctx, q, in, divisibleOf(in.Divisible, pr), now)
	if err != nil {
		return StandingDemand{}, err
	}
	c := &db.Clause{}
	c.Add("x.id = ?", id)
	x, err := getStanding(ctx, q, c)
	if err != nil {
		return x, err
	}
	return x, audit.Record(ctx, q, p.Actor(), "create", "standing_demand", id, nil, x)
}

// UpdateStanding changes a standing demand of p's own hospital.
func (s *Service) UpdateStanding(ctx context.Context, p *auth.Principal, id int64, in StandingInput) (StandingDemand, error) {
	if err := auth.RequireWrite(p); err != nil {
		return StandingDemand{}, err
	}
	var after StandingDemand
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, c, err := writableStanding(ctx, q, p, id)
		if err != nil {
			return err
		}
		if in.OrgID == 0 {
			in.OrgID = before.OrgID
		}
		if err := in.Validate(); err != nil {
			return err
		}
		if err := checkHospital(ctx, q, p, in.OrgID); err != nil {
			return err
		}
		pr, err := checkProduct(ctx, q, in.ProductID)
		if err != nil {
			return err
		}
		if err := updateStanding(ctx, q, id, in, divisibleOf(in.Divisible, pr), s.now()); err != nil {
			return err
		}
		c = &db.Clause{}
		c.Add("x.id = ?", id)
		if after, err = getStanding(ctx, q, c); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "update", "standing_demand", id, before, after)
	})
	return after, err
}

// DeleteStanding ends a standing demand of p's own hospital.
func (s *Service) DeleteStanding(ctx context.Context, p *auth.Principal, id int64) error {
	if err := auth.RequireWrite(p); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, _, err := writableStanding(ctx, q, p, id)
		if err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM standing_demands WHERE id = $1`, id); err != nil {
			return fmt.Errorf("delete standing demand %d: %w", id, err)
		}
		return audit.Record(ctx, q, p.Actor(), "delete", "standing_demand", id, before, nil)
	})
}

// Orders.

// Orders returns one page of the orders p may read matching f and how many match in all.
func (s *Service) Orders(ctx context.Context, p *auth.Principal, f OrderFilter) ([]Order, int, error) {
	if err := requireUser(p); err != nil {
		return nil, 0, err
	}
	if err := f.Normalize(); err != nil {
		return nil, 0, err
	}
	c := f.where()
	readScope(c, p, "x.org_id", "f.org_id")
	return listOrders(ctx, s.DB.Reader(ctx), c, f.PerPage, (f.Page-1)*f.PerPage)
}

// MaxExport bounds an export.
const MaxExport = 50000

// AllOrders returns every order p may read matching f (an export).
func (s *Service) AllOrders(ctx context.Context, p *auth.Principal, f OrderFilter) ([]Order, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	if err := f.Normalize(); err != nil {
		return nil, err
	}
	c := f.where()
	readScope(c, p, "x.org_id", "f.org_id")
	list, _, err := listOrders(ctx, s.DB.Reader(ctx), c, MaxExport, 0)
	return list, err
}

// Order returns one order p may read: another hospital's answers not found.
func (s *Service) Order(ctx context.Context, p *auth.Principal, id int64) (Order, error) {
	if err := requireUser(p); err != nil {
		return Order{}, err
	}
	c := &db.Clause{}
	c.Add("x.id = ?", id)
	readScope(c, p, "x.org_id", "f.org_id")
	return getOrder(ctx, s.DB.Reader(ctx), c)
}

// EditableOrder is the order as p may change it: its own hospital's only.
func (s *Service) EditableOrder(ctx context.Context, p *auth.Principal, id int64) (Order, error) {
	if err := requireUser(p); err != nil {
		return Order{}, err
	}
	return writableOrder(ctx, s.DB.Reader(ctx), p, id)
}

func writableOrder(ctx context.Context, q db.Q, p *auth.Principal, id int64) (Order, error) {
	c := &db.Clause{}
	c.Add("x.id = ?", id)
	writeScope(c, p, "x.org_id")
	return getOrder(ctx, q, c)
}

// CanOrder reports whether p may read and change o (its own hospital's, or the coordination office).
func CanOrder(p *auth.Principal, orgID int64) bool { return p.IsCoordinator() || p.InOrg(orgID) }

// CreateOrder places an order for a hospital p orders for; another hospital answers not found.
func (s *Service) CreateOrder(ctx context.Context, p *auth.Principal, in OrderInput) (Order, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Order{}, err
	}
	if err := in.Validate(s.now()); err != nil {
		return Order{}, err
	}
	var x Order
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		var err error
		x, err = createOrder(ctx, q, p, in, s.now())
		return err
	})
	return x, err
}

func createOrder(ctx context.Context, q db.Q, p *auth.Principal, in OrderInput, now time.Time) (Order, error) {
	if err := checkHospital(ctx, q, p, in.OrgID); err != nil {
		return Order{}, err
	}
	pr, err := checkProduct(ctx, q, in.ProductID)
	if err != nil {
		return Order{}, err
	}
	var by *int64
	if p.User.ID != 0 {
		id := p.User.ID
		by = &id
	}
	id, err := insertOrder(ctx, q, in, divisibleOf(in.Divisible, pr), by, now)
	if err != nil {
		return Order{}, err
	}
	c := &db.Clause{}
	c.Add("x.id = ?", id)
	x, err := getOrder(ctx, q, c)
	if err != nil {
		return x, err
	}
	return x, audit.Record(ctx, q, p.Actor(), "create", "order", id, nil, x)
}

// UpdateOrder changes an open order of p's own hospital.
func (s *Service) UpdateOrder(ctx context.Context, p *auth.Principal, id int64, in OrderInput) (Order, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Order{}, err
	}
	var after Order
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := writableOrder(ctx, q, p, id)
		if err != nil {
			return err
		}
		if before.Status != StatusOpen {
			return kern.Errorf(kern.Conflict, "demand.order_cancelled")
		}
		if in.OrgID == 0 {
			in.OrgID = before.OrgID
		}
		if err := in.Validate(s.now()); err != nil {
			return err
		}
		if err := checkHospital(ctx, q, p, in.OrgID); err != nil {
			return err
		}
		pr, err := checkProduct(ctx, q, in.ProductID)
		if err != nil {
			return err
		}
		if err := updateOrder(ctx, q, id, in, divisibleOf(in.Divisible, pr), s.now()); err != nil {
			return err
		}
		c := &db.Clause{}
		c.Add("x.id = ?", id)
		if after, err = getOrder(ctx, q, c); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "update", "order", id, before, after)
	})
	return after, err
}

// CancelOrder cancels an order of p's own hospital; it is kept, with status cancelled.
func (s *Service) CancelOrder(ctx context.Context, p *auth.Principal, id int64) (Order, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Order{}, err
	}
	var after Order
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := writableOrder(ctx, q, p, id)
		if err != nil {
			return err
		}
		if before.Status == StatusCancelled {
			after = before
			return nil
		}
		if _, err := q.ExecContext(ctx, `UPDATE orders SET status = 'cancelled', updated_at = $1 WHERE id = $2`, s.now(), id); err != nil {
			return fmt.Errorf("cancel order %d: %w", id, err)
		}
		c := &db.Clause{}
		c.Add("x.id = ?", id)
		if after, err = getOrder(ctx, q, c); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "update", "order", id, before, after)
	})
	return after, err
}
