package demand

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
)

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func requireUser(p *auth.Principal) error {
	if p == nil {
		return kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	return nil
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

// Hospitals lists the hospitals: with mine, only those p orders for (all for the coordination office).
func (s *Service) Hospitals(ctx context.Context, p *auth.Principal, mine bool) ([]db.Choice, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	c := &db.Clause{}
	c.Add("kind = ?", "hospital")
	if mine {
		writeScope(c, p, "id")
	}
	return db.Choices(ctx, s.DB.Reader(ctx), `SELECT id, name FROM organizations `+c.SQL()+` ORDER BY lower(name), id`, c.Args...)
}

// IsProducer reports whether p holds a role in an organisation that owns facilities.
func (s *Service) IsProducer(ctx context.Context, p *auth.Principal) (bool, error) {
	ids := orgIDs(p)
	if len(ids) == 0 {
		return false, nil
	}
	var n int
	c := &db.Clause{}
	c.Add("org_id IN ("+marks(len(ids))+")", ids...)
	err := s.DB.Reader(ctx).QueryRowContext(ctx, `SELECT count(*) FROM facilities `+c.SQL(), c.Args...).Scan(&n)
	return n > 0, err
}

// Products lists the products a hospital may order, with their facility.
func (s *Service) Products(ctx context.Context, p *auth.Principal) ([]ProductChoice, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	return listProductChoices(ctx, s.DB.Reader(ctx), &db.Clause{})
}

// checkHospital is the hospital as p may order for it: another hospital answers not found (its
// id and p's organisations are in the WHERE); for the coordination office an organisation that is
// not a hospital is a field error.
func checkHospital(ctx context.Context, q db.Q, p *auth.Principal, orgID int64) error {
	c := &db.Clause{}
	c.Add("id = ?", orgID)
	c.Add("kind = ?", "hospital")
	writeScope(c, p, "id")
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM organizations `+c.SQL(), c.Args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		if p.IsCoordinator() {
			return kern.FieldError("org_id", "demand.hospital_unknown")
		}
		return kern.Errorf(kern.NotFound, "error.not_found")
	}
	return err
}

// checkProduct is the product ordered; an unknown one is a field error.
func checkProduct(ctx context.Context, q db.Q, id int64) (ProductChoice, error) {
	pr, ok, err := getProductChoice(ctx, q, id)
	if err != nil {
		return pr, err
	}
	if !ok {
		return pr, kern.FieldError("product_id", "demand.product_unknown")
	}
	return pr, nil
}

func divisibleOf(d *bool, pr ProductChoice) bool {
	if d != nil {
		return *d
	}
	return DivisibleForm(pr.Form)
}

// Route defaults.

// RouteDefaults lists the default transit times by country pair.
func (s *Service) RouteDefaults(ctx context.Context, p *auth.Principal) ([]RouteDefault, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	return listDefaults(ctx, s.DB.Reader(ctx))
}

// RouteDefault returns one default.
func (s *Service) RouteDefault(ctx context.Context, p *auth.Principal, id int64) (RouteDefault, error) {
	if err := requireUser(p); err != nil {
		return RouteDefault{}, err
	}
	return getDefault(ctx, s.DB.Reader(ctx), id)
}

// SaveRouteDefault adds (id 0) or changes a default; only the coordination office does.
func (s *Service) SaveRouteDefault(ctx context.Context, p *auth.Principal, id int64, in RouteDefaultInput) (RouteDefault, error) {
	if err := requireCoordinator(p); err != nil {
		return RouteDefault{}, err
	}
	if err := in.Validate(); err != nil {
		return RouteDefault{}, err
	}
	var after RouteDefault
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		var before *RouteDefault
		if id != 0 {
			b, err := getDefault(ctx, q, id)
			if err != nil {
				return err
			}
			before = &b
		}
		if dup, err := defaultExists(ctx, q, in, id); err != nil || dup {
			if dup {
				return kern.FieldError("to_country", "demand.route_default_exists")
			}
			return err
		}
		now := s.now()
		action := "update"
		if id == 0 {
			action = "create"
			if err := q.QueryRowContext(ctx, `INSERT INTO route_defaults (from_country, to_country, transit_hours, created_at, updated_at)
VALUES ($1, $2, $3, $4, $4) RETURNING id`, in.FromCountry, in.ToCountry, in.TransitHours, now).Scan(&id); err != nil {
				return fmt.Errorf("insert route default: %w", err)
			}
		} else if _, err := q.ExecContext(ctx, `UPDATE route_defaults SET from_country = $1, to_country = $2, transit_hours = $3, updated_at = $4
WHERE id = $5`, in.FromCountry, in.ToCountry, in.TransitHours, now, id); err != nil {
			return fmt.Errorf("update route default: %w", err)
		}
		var err error
		if after, err = getDefault(ctx, q, id); err != nil {
			return err
		}
		if before == nil {
			return audit.Record(ctx, q, p.Actor(), "create", "route_default", id, nil, after)
		}
		return audit.Record(ctx, q, p.Actor(), action, "route_default", id, before, after)
	})
	return after, err
}

// DeleteRouteDefault removes a default; only the coordination office does.
func (s *Service) DeleteRouteDefault(ctx context.Context, p *auth.Principal, id int64) error {
	if err := requireCoordinator(p); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := getDefault(ctx, q, id)
		if err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM route_defaults WHERE id = $1`, id); err != nil {
			return fmt.Errorf("delete route default: %w", err)
		}
		return audit.Record(ctx, q, p.Actor(), "delete", "route_default", id, before, nil)
	})
}

// Routes.

// Routes lists the route overrides matching f.
func (s *Service) Routes(ctx context.Context, p *auth.Principal, f RouteFilter) ([]Route, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	return listRoutes(ctx, s.DB.Reader(ctx), f)
}

// Route returns one override.
func (s *Service) Route(ctx context.Context, p *auth.Principal, id int64) (Route, error) {
	if err := requireUser(p); err != nil {
		return Route{}, err
	}
	c := &db.Clause{}
	c.Add("r.id = ?", id)
	return getRoute(ctx, s.DB.Reader(ctx), c)
}

// EditableRoute is the override as p may change it: the coordination office, or the producer that
// owns the facility; anyone else's answers not found.
func (s *Service) EditableRoute(ctx context.Context, p *auth.Principal, id int64) (Route, error) {
	if err := requireUser(p); err != nil {
		return Route{}, err
	}
	return writableRoute(ctx, s.DB.Reader(ctx), p, id)
}

func writableRoute(ctx context.Context, q db.Q, p *auth.Principal, id int64) (Route, error) {
	c := &db.Clause{}
	c.Add("r.id = ?", id)
	writeScope(c, p, "f.org_id")
	return getRoute(ctx, q, c)
}

// writableFacility checks that p may set routes from the facility.
func writableFacility(ctx context.Context, q db.Q, p *auth.Principal, id int64) error {
	c := &db.Clause{}
	c.Add("id = ?", id)
	writeScope(c, p, "org_id")
	var x int64
	err := q.QueryRowContext(ctx, `SELECT id FROM facilities `+c.SQL(), c.Args...).Scan(&x)
	if errors.Is(err, sql.ErrNoRows) {
		return kern.Errorf(kern.NotFound, "error.not_found")
	}
	return err
}

func isHospital(ctx context.Context, q db.Q, id int64) error {
	var kind string
	err := q.QueryRowContext(ctx, `SELECT kind FROM organizations WHERE id = $1`, id).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && kind != "hospital") {
		return kern.FieldError("org_id", "demand.hospital_unknown")
	}
	return err
}

// SaveRoute adds (id 0) or changes an override of a facility p publishes for.
func (s *Service) SaveRoute(ctx context.Context, p *auth.Principal, id int64, in RouteInput) (Route, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Route{}, err
	}
	var after Route
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		var before *Route
		if id != 0 {
			b, err := writableRoute(ctx, q, p, id)
			if err != nil {
				return err
			}
			before = &b
			if in.FacilityID == 0 {
				in.FacilityID = b.FacilityID
			}
			if in.OrgID == 0 {
				in.OrgID = b.OrgID
			}
		}
		if err := in.Validate(); err != nil {
			return err
		}
		if err := writableFacility(ctx, q, p, in.FacilityID); err != nil {
			if kern.ErrorCode(err) == kern.NotFound && id != 0 {
				return kern.FieldError("facility_id", "supply.facility_unknown")
			}
			return err
		}
		if err := isHospital(ctx, q, in.OrgID); err != nil {
			return err
		}
		var n int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM routes WHERE facility_id = $1 AND org_id = $2 AND id <> $3`,
			in.FacilityID, in.OrgID, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return kern.FieldError("org_id", "demand.route_exists")
		}
		now := s.now()
		if id == 0 {
			if err := q.QueryRowContext(ctx, `INSERT INTO routes (facility_id, org_id, transit_hours, note, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, in.FacilityID, in.OrgID, in.TransitHours, in.Note, now).Scan(&id); err != nil {
				return fmt.Errorf("insert route: %w", err)
			}
		} else if _, err := q.ExecContext(ctx, `UPDATE routes SET facility_id = $1, org_id = $2, transit_hours = $3, note = $4, updated_at = $5
WHERE id = $6`, in.FacilityID, in.OrgID, in.TransitHours, in.Note, now, id); err != nil {
			return fmt.Errorf("update route: %w", err)
		}
		c := &db.Clause{}
		c.Add("r.id = ?", id)
		var err error
		if after, err = getRoute(ctx, q, c); err != nil {
			return err
		}
		if before == nil {
			return audit.Record(ctx, q, p.Actor(), "create", "route", id, nil, after)
		}
		return audit.Record(ctx, q, p.Actor(), "update", "route", id, before, after)
	})
	return after, err
}

// DeleteRoute removes an override of a facility p publishes for.
func (s *Service) DeleteRoute(ctx context.Context, p *auth.Principal, id int64) error {
	if err := auth.RequireWrite(p); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := writableRoute(ctx, q, p, id)
		if err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM routes WHERE id = $1`, id); err != nil {
			return fmt.Errorf("delete route: %w", err)
		}
		return audit.Record(ctx, q, p.Actor(), "delete", "route", id, before, nil)
	})
}

// EffectiveRoute is the transit time of one facility to a hospital and where it comes from.
type EffectiveRoute struct {
	FacilityID   int64   `json:"facility_id"`
	FacilityName string  `json:"facility_name"`
	Country      string  `json:"country"`
	TransitHours float64 `json:"transit_hours"`
	Source       string  `json:"source" enum:"override,default,none"`
}

// EffectiveRoutes is the transit time from every facility to the hospital: its override, else
// the country default, else no route.
func (s *Service) EffectiveRoutes(ctx context.Context, p *auth.Principal, orgID int64) ([]EffectiveRoute, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	q := s.DB.Reader(ctx)
	var country string
	if err := q.QueryRowContext(ctx, `SELECT country FROM organizations WHERE id = $1 AND kind = 'hospital'`, orgID).Scan(&country); err != nil {
		return nil, notFound(err, "hospital")
	}
	overrides, err := listRoutes(ctx, q, RouteFilter{OrgID: orgID})
	if err != nil {
		return nil, err
	}
	defaults, err := listDefaults(ctx, q)
	if err != nil {
		return nil, err
	}
	type fac struct {
		id            int64
		name, country string
	}
	facs, err := queryAll(ctx, q, `SELECT id, name, country FROM facilities ORDER BY lower(name), id`, nil, func(r scanner) (fac, error) {
		var f fac
		return f, r.Scan(&f.id, &f.name, &f.country)
	})
	if err != nil {
		return nil, err
	}
	out := make([]EffectiveRoute, 0, len(facs))
	for _, f := range facs {
		e := EffectiveRoute{FacilityID: f.id, FacilityName: f.name, Country: f.country, Source: "none"}
		if h, ok := EffectiveTransit(overrides, nil, f.country, f.id, orgID, country); ok {
			e.TransitHours, e.Source = h, "override"
		} else if h, ok := EffectiveTransit(nil, defaults, f.country, f.id, orgID, country); ok {
			e.TransitHours, e.Source = h, "default"
		}
		out = append(out, e)
	}
	return out, nil
}
