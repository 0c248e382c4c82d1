package supply

import (
	"context"
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

// requireUser: supply data is for people who are logged in.
func requireUser(p *auth.Principal) error {
	if p == nil {
		return kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	return nil
}

// writableFacility is the facility id as p may publish for it: another producer's facility is
// not found, because the lookup itself carries p's organisations.
func writableFacility(ctx context.Context, q db.Q, p *auth.Principal, id int64) (Facility, error) {
	c := facilityByID(id)
	scope(c, p, "f.org_id")
	return getFacility(ctx, q, c)
}

// Facility returns one facility.
func (s *Service) Facility(ctx context.Context, p *auth.Principal, id int64) (Facility, error) {
	if err := requireUser(p); err != nil {
		return Facility{}, err
	}
	return getFacility(ctx, s.DB.Reader(ctx), facilityByID(id))
}

// Facilities returns one page of facilities matching f and how many match in all.
func (s *Service) Facilities(ctx context.Context, p *auth.Principal, f FacilityFilter) ([]Facility, int, error) {
	if err := requireUser(p); err != nil {
		return nil, 0, err
	}
	if err := f.Normalize(); err != nil {
		return nil, 0, err
	}
	return listFacilities(ctx, s.DB.Reader(ctx), f, false)
}

// AllFacilities returns every facility matching f (an export, the calendar).
func (s *Service) AllFacilities(ctx context.Context, p *auth.Principal, f FacilityFilter) ([]Facility, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	if err := f.Normalize(); err != nil {
		return nil, err
	}
	list, _, err := listFacilities(ctx, s.DB.Reader(ctx), f, true)
	return list, err
}

// Producers lists the producer organisations: with mine, only those p may add facilities for
// (all of them for the coordination office).
func (s *Service) Producers(ctx context.Context, p *auth.Principal, mine bool) ([]db.Choice, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	list, err := db.Choices(ctx, s.DB.Reader(ctx), `SELECT id, name FROM organizations WHERE kind = 'producer' ORDER BY lower(name), id`)
	if err != nil || !mine || p.IsCoordinator() {
		return list, err
	}
	var own []db.Choice
	for _, c := range list {
		if p.InOrg(c.ID) {
			own = append(own, c)
		}
	}
	return own, nil
}

// checkProducer refuses an organisation that is not a producer, or not p's own.
func checkProducer(ctx context.Context, q db.Q, p *auth.Principal, orgID int64) error {
	ok, err := isProducer(ctx, q, orgID)
	if err != nil {
		return err
	}
	if !ok || !CanPublish(p, orgID) {
		return kern.FieldError("org_id", "supply.producer_unknown")
	}
	return nil
}

// CreateFacility adds a facility to a producer organisation.
func (s *Service) CreateFacility(ctx context.Context, p *auth.Principal, in FacilityInput) (Facility, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Facility{}, err
	}
	if err := in.Validate(); err != nil {
		return Facility{}, err
	}
	var f Facility
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		if err := checkProducer(ctx, q, p, in.OrgID); err != nil {
			return err
		}
		id, err := insertFacility(ctx, q, in, s.now())
		if err != nil {
			return err
		}
		if f, err = getFacility(ctx, q, facilityByID(id)); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "create", "facility", id, nil, f)
	})
	return f, err
}

// UpdateFacility changes a facility of p's own producer.
func (s *Service) UpdateFacility(ctx context.Context, p *auth.Principal, id int64, in FacilityInput) (Facility, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Facility{}, err
	}
	var after Facility
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := writableFacility(ctx, q, p, id)
		if err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		if err := checkProducer(ctx, q, p, in.OrgID); err != nil {
			return err
		}
		if err := updateFacility(ctx, q, id, in, s.now()); err != nil {
			return err
		}
		if after, err = getFacility(ctx, q, facilityByID(id)); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "update", "facility", id, before, after)
	})
	return after, err
}

// Product returns one product.
func (s *Service) Product(ctx context.Context, p *auth.Principal, id int64) (Product, error) {
	if err := requireUser(p); err != nil {
		return Product{}, err
	}
	c := &db.Clause{}
	c.Add("p.id = ?", id)
	return getProduct(ctx, s.DB.Reader(ctx), c)
}

// Products lists the products matching f.
func (s *Service) Products(ctx context.Context, p *auth.Principal, f ProductFilter) ([]Product, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	return listProducts(ctx, s.DB.Reader(ctx), f)
}

// CreateProduct adds a product to a facility of p's own producer.
func (s *Service) CreateProduct(ctx context.Context, p *auth.Principal, in ProductInput) (Product, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Product{}, err
	}
	if err := in.Validate(); err != nil {
		return Product{}, err
	}
	var x Product
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		if _, err := writableFacility(ctx, q, p, in.FacilityID); err != nil {
			return err
		}
		id, err := insertProduct(ctx, q, in, s.now())
		if err != nil {
			return err
		}
		c := &db.Clause{}
		c.Add("p.id = ?", id)
		if x, err = getProduct(ctx, q, c); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "create", "product", id, nil, x)
	})
	return x, err
}

// UpdateProduct changes a product of p's own producer; its facility stays.
func (s *Service) UpdateProduct(ctx context.Context, p *auth.Principal, id int64, in ProductInput) (Product, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Product{}, err
	}
	var after Product
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		c := &db.Clause{}
		c.Add("p.id = ?", id)
		scope(c, p, "f.org_id")
		before, err := getProduct(ctx, q, c)
		if err != nil {
			return err
		}
		in.FacilityID = before.FacilityID
		if err := in.Validate(); err != nil {
			return err
		}
		if err := updateProduct(ctx, q, id, in, s.now()); err != nil {
			return err
		}
		if after, err = getProduct(ctx, q, c); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "update", "product", id, before, after)
	})
	return after, err
}

// Schedules lists the operating cycles of a facility (of all facilities for 0).
func (s *Service) Schedules(ctx context.Context, p *auth.Principal, facilityID int64) ([]Schedule, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	return listSchedules(ctx, s.DB.Reader(ctx), facilityID)
}

// Schedule returns one operating cycle.
func (s *Service) Schedule(ctx context.Context, p *auth.Principal, id int64) (Schedule, error) {
	if err := requireUser(p); err != nil {
		return Schedule{}, err
	}
	c := &db.Clause{}
	c.Add("s.id = ?", id)
	return getSchedule(ctx, s.DB.Reader(ctx), c)
}

// checkScheduleProduct refuses a product that is not the facility's own.
func checkScheduleProduct(ctx context.Context, q db.Q, in ScheduleInput) error {
	if in.ProductID == nil {
		return nil
	}
	c := &db.Clause{}
	c.Add("p.id = ?", *in.ProductID)
	c.Add("p.facility_id = ?", in.FacilityID)
	if _, err := getProduct(ctx, q, c); err != nil {
		if kern.ErrorCode(err) == kern.NotFound {
			return kern.FieldError("product_id", "supply.product_not_of_facility")
		}
		return err
	}
	return nil
}

// CreateSchedule adds an operating cycle to a facility of p's own producer.
func (s *Service) CreateSchedule(ctx context.Context, p *auth.Principal, in ScheduleInput) (Schedule, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Schedule{}, err
	}
	if err := in.Validate(); err != nil {
		return Schedule{}, err
	}
	var x Schedule
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		var err error
		x, err = createSchedule(ctx, q, p, in, s.now())
		return err
	})
	return x, err
}

// createSchedule adds a validated cycle to a facility p may publish for, with its audit record.
func createSchedule(ctx context.Context, q db.Q, p *auth.Principal, in ScheduleInput, now time.Time) (Schedule, error) {
	if _, err := writableFacility(ctx, q, p, in.FacilityID); err != nil {
		return Schedule{}, err
	}
	if err := checkScheduleProduct(ctx, q, in); err != nil {
		return Schedule{}, err
	}
	id, err := insertSchedule(ctx, q, in, now)
	if err != nil {
		return Schedule{}, err
	}
	c := &db.Clause{}
	c.Add("s.id = ?", id)
	x, err := getSchedule(ctx, q, c)
	if err != nil {
		return x, err
	}
	return x, audit.Record(ctx, q, p.Actor(), "create", "schedule", id, nil, x)
}

// writableSchedule is the schedule as p may change it: another producer's answers not found.
func writableSchedule(ctx context.Context, q db.Q, p *auth.Principal, id int64) (Schedule, *db.Clause, error) {
	c := &db.Clause{}
	c.Add("s.id = ?", id)
	scope(c, p, "f.org_id")
	x, err := getSchedule(ctx, q, c)
	return x, c, err
}

// UpdateSchedule changes an operating cycle of p's own producer; its facility stays.
func (s *Service) UpdateSchedule(ctx context.Context, p *auth.Principal, id int64, in ScheduleInput) (Schedule, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Schedule{}, err
	}
	var after Schedule
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, c, err := writableSchedule(ctx, q, p, id)
		if err != nil {
			return err
		}
		in.FacilityID = before.FacilityID
		if err := in.Validate(); err != nil {
			return err
		}
		if err := checkScheduleProduct(ctx, q, in); err != nil {
			return err
		}
		if err := updateSchedule(ctx, q, id, in, s.now()); err != nil {
			return err
		}
		if after, err = getSchedule(ctx, q, c); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "update", "schedule", id, before, after)
	})
	return after, err
}

// DeleteSchedule removes an operating cycle of p's own producer.
func (s *Service) DeleteSchedule(ctx context.Context, p *auth.Principal, id int64) error {
	if err := auth.RequireWrite(p); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, _, err := writableSchedule(ctx, q, p, id)
		if err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM facility_schedules WHERE id = $1`, id); err != nil {
			return fmt.Errorf("delete schedule %d: %w", id, err)
		}
		return audit.Record(ctx, q, p.Actor(), "delete", "schedule", id, before, nil)
	})
}

// Outages lists the outages matching f.
func (s *Service) Outages(ctx context.Context, p *auth.Principal, f OutageFilter) ([]Outage, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	if f.Kind != "" && f.Kind != "planned" && f.Kind != "unplanned" {
		return nil, kern.FieldError("kind", "field.unknown_choice")
	}
	return listOutages(ctx, s.DB.Reader(ctx), f)
}

// Outage returns one outage.
func (s *Service) Outage(ctx context.Context, p *auth.Principal, id int64) (Outage, error) {
	if err := requireUser(p); err != nil {
		return Outage{}, err
	}
	c := &db.Clause{}
	c.Add("x.id = ?", id)
	return getOutage(ctx, s.DB.Reader(ctx), c)
}

// writableOutage is the outage as p may change it: another producer's answers not found.
func writableOutage(ctx context.Context, q db.Q, p *auth.Principal, id int64) (Outage, *db.Clause, error) {
	c := &db.Clause{}
	c.Add("x.id = ?", id)
	scope(c, p, "f.org_id")
	x, err := getOutage(ctx, q, c)
	return x, c, err
}

// CreateOutage publishes an outage of a facility of p's own producer.
func (s *Service) CreateOutage(ctx context.Context, p *auth.Principal, in OutageInput) (Outage, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Outage{}, err
	}
	if err := in.Validate(); err != nil {
		return Outage{}, err
	}
	var x Outage
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		var err error
		x, err = createOutage(ctx, q, p, in, s.now())
		return err
	})
	return x, err
}

func createOutage(ctx context.Context, q db.Q, p *auth.Principal, in OutageInput, now time.Time) (Outage, error) {
	if _, err := writableFacility(ctx, q, p, in.FacilityID); err != nil {
		return Outage{}, err
	}
	id, err := insertOutage(ctx, q, in, now)
	if err != nil {
		return Outage{}, err
	}
	c := &db.Clause{}
	c.Add("x.id = ?", id)
	x, err := getOutage(ctx, q, c)
	if err != nil {
		return x, err
	}
	return x, audit.Record(ctx, q, p.Actor(), "create", "outage", id, nil, x)
}

// UpdateOutage changes an outage of p's own producer (it may move to another of p's facilities).
func (s *Service) UpdateOutage(ctx context.Context, p *auth.Principal, id int64, in OutageInput) (Outage, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Outage{}, err
	}
	var after Outage
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, c, err := writableOutage(ctx, q, p, id)
		if err != nil {
			return err
		}
		if in.FacilityID == 0 {
			in.FacilityID = before.FacilityID
		}
		if err := in.Validate(); err != nil {
			return err
		}
		if in.FacilityID != before.FacilityID {
			if _, err := writableFacility(ctx, q, p, in.FacilityID); err != nil {
				if kern.ErrorCode(err) == kern.NotFound {
					return kern.FieldError("facility_id", "supply.facility_unknown")
				}
				return err
			}
		}
		if err := updateOutage(ctx, q, id, in, s.now()); err != nil {
			return err
		}
		if after, err = getOutage(ctx, q, c); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "update", "outage", id, before, after)
	})
	return after, err
}

// DeleteOutage withdraws an outage of p's own producer.
func (s *Service) DeleteOutage(ctx context.Context, p *auth.Principal, id int64) error {
	if err := auth.RequireWrite(p); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, _, err := writableOutage(ctx, q, p, id)
		if err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM outages WHERE id = $1`, id); err != nil {
			return fmt.Errorf("delete outage %d: %w", id, err)
		}
		return audit.Record(ctx, q, p.Actor(), "delete", "outage", id, before, nil)
	})
}

// EditableFacility is the facility for p's edit form: another producer's is not found.
func (s *Service) EditableFacility(ctx context.Context, p *auth.Principal, id int64) (Facility, error) {
	if err := requireUser(p); err != nil {
		return Facility{}, err
	}
	return writableFacility(ctx, s.DB.Reader(ctx), p, id)
}

// EditableProduct is the product for p's edit form: another producer's is not found.
func (s *Service) EditableProduct(ctx context.Context, p *auth.Principal, id int64) (Product, error) {
	if err := requireUser(p); err != nil {
		return Product{}, err
	}
	c := &db.Clause{}
	c.Add("p.id = ?", id)
	scope(c, p, "f.org_id")
	return getProduct(ctx, s.DB.Reader(ctx), c)
}

// EditableSchedule is the schedule for p's edit form: another producer's is not found.
func (s *Service) EditableSchedule(ctx context.Context, p *auth.Principal, id int64) (Schedule, error) {
	if err := requireUser(p); err != nil {
		return Schedule{}, err
	}
	x, _, err := writableSchedule(ctx, s.DB.Reader(ctx), p, id)
	return x, err
}

// EditableOutage is the outage for p's edit form: another producer's is not found.
func (s *Service) EditableOutage(ctx context.Context, p *auth.Principal, id int64) (Outage, error) {
	if err := requireUser(p); err != nil {
		return Outage{}, err
	}
	x, _, err := writableOutage(ctx, s.DB.Reader(ctx), p, id)
	return x, err
}

// WritableFacilities are the facilities p may publish for.
func (s *Service) WritableFacilities(ctx context.Context, p *auth.Principal) ([]Facility, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	c := &db.Clause{}
	scope(c, p, "f.org_id")
	return queryAll(ctx, s.DB.Reader(ctx), `SELECT `+facilityColumns+facilityFrom+c.SQL()+` ORDER BY lower(f.name), f.id`, c.Args, scanFacility)
}

// Standing is what p's roles make p in the supply chain, for the links and buttons of a page.
func (s *Service) Standing(ctx context.Context, p *auth.Principal) (Standing, error) {
	if err := requireUser(p); err != nil {
		return Standing{}, err
	}
	return standing(ctx, s.DB.Reader(ctx), p)
}

// requirePublisher refuses, with 403, a page for publishing to someone who publishes for no one.
func (s *Service) requirePublisher(ctx context.Context, p *auth.Principal) error {
	st, err := s.Standing(ctx, p)
	if err != nil {
		return err
	}
	if !st.Publisher {
		return kern.Errorf(kern.Forbidden, "error.forbidden")
	}
	return nil
}
