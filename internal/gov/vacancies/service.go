package vacancies

import (
	"context"
	"slices"
	"time"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/gov"
	"kern/internal/org"
)

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// today is the calendar day in the Netherlands.
func (s *Service) today() time.Time {
	if s.Now != nil {
		return gov.Day(s.Now().In(gov.Amsterdam))
	}
	return s.Gov.Today()
}

// registry is the people service, made on the spot when the app has not wired one.
func (s *Service) registry() *org.Service {
	if s.Org != nil {
		return s.Org
	}
	return &org.Service{DB: s.DB}
}

// CanManage reports whether p may change the body's vacancies and read their applications: the
// body's chair, secretary or leader, or the coordination office.
func (s *Service) CanManage(ctx context.Context, p *auth.Principal, bodyID int64) bool {
	ok, err := s.Gov.CanManage(ctx, p, bodyID)
	return err == nil && ok
}

// Open lists the vacancies that take applications today, for anyone: the public page and feed.
func (s *Service) Open(ctx context.Context, f VacancyFilter) ([]Vacancy, error) {
	if f.Kind != "" && !slices.Contains(gov.Kinds, f.Kind) {
		return nil, kern.FieldError("kind", "field.unknown_choice")
	}
	f.State = ""
	list, err := listVacancies(ctx, s.DB.Reader(ctx), f, s.today())
	for i := range list {
		list[i] = list[i].Public()
		list[i].Open = true
	}
	return list, err
}

// Managed lists the vacancies of the bodies p manages (every body for the coordination office),
// in any state.
func (s *Service) Managed(ctx context.Context, p *auth.Principal, f VacancyFilter) ([]Vacancy, error) {
	if p == nil {
		return nil, kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	if f.State != "" && !slices.Contains(States, f.State) {
		return nil, kern.FieldError("state", "field.unknown_choice")
	}
	if f.Kind != "" && !slices.Contains(gov.Kinds, f.Kind) {
		return nil, kern.FieldError("kind", "field.unknown_choice")
	}
	list, err := listVacancies(ctx, s.DB.Reader(ctx), f, time.Time{})
	if err != nil {
		return nil, err
	}
	today, may := s.today(), map[int64]bool{}
	out := []Vacancy{}
	for _, v := range list {
		ok, seen := may[v.BodyID]
		if !seen {
			ok = s.CanManage(ctx, p, v.BodyID)
			may[v.BodyID] = ok
		}
		if ok {
			v.Open = v.OpenOn(today)
			out = append(out, v)
		}
	}
	return out, nil
}

// ManagedBodies are the bodies p may make vacancies for.
func (s *Service) ManagedBodies(ctx context.Context, p *auth.Principal) ([]gov.Body, error) {
	all, err := s.Gov.Bodies(ctx, p, gov.BodyFilter{})
	if err != nil {
		return nil, err
	}
	out := []gov.Body{}
	for _, b := range all {
		if s.CanManage(ctx, p, b.ID) {
			out = append(out, b)
		}
	}
	return out, nil
}

// Vacancy returns one vacancy: anyone sees it once published; a draft only its body's managers.
// The count of applications is for managers only.
func (s *Service) Vacancy(ctx context.Context, p *auth.Principal, id int64) (Vacancy, error) {
	v, err := getVacancy(ctx, s.DB.Reader(ctx), id)
	if err != nil {
		return v, err
	}
	v.Open = v.OpenOn(s.today())
	if s.CanManage(ctx, p, v.BodyID) {
		return v, nil
	}
	if v.State == "draft" {
		return Vacancy{}, kern.Errorf(kern.NotFound, "error.not_found")
	}
	return v.Public(), nil
}

// FromSeat is a new vacancy prefilled from an ending seat: its body, role and stakeholder group,
// the new term starting the day after the seat's term ends, applications open for four weeks.
// The title is left to the page, in the reader's language.
func (s *Service) FromSeat(ctx context.Context, p *auth.Principal, seatID int64) (VacancyInput, Term, error) {
	t, err := getTerm(ctx, s.DB.Reader(ctx), seatID)
	if err != nil {
		return VacancyInput{}, t, err
	}
	if err := s.Gov.RequireManage(ctx, p, t.BodyID); err != nil {
		return VacancyInput{}, t, err
	}
	in := VacancyInput{BodyID: t.BodyID, SeatID: &t.ID, Role: t.Role, Group: t.Group, ClosesOn: s.today().AddDate(0, 0, 28)}
	if t.TermEnd != nil {
		start := t.TermEnd.AddDate(0, 0, 1)
		in.StartsOn = &start
		if t.TermEnd.Before(in.ClosesOn) && !t.TermEnd.Before(s.today()) {
			in.ClosesOn = *t.TermEnd
		}
	}
	return in, t, nil
}

// CreateVacancy adds a draft vacancy to a body p manages.
func (s *Service) CreateVacancy(ctx context.Context, p *auth.Principal, in VacancyInput) (Vacancy, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Vacancy{}, err
	}
	if err := in.Validate(); err != nil {
		return Vacancy{}, err
	}
	var out Vacancy
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		body, err := s.checkRefs(ctx, p, in)
		if err != nil {
			return err
		}
		id, err := insertVacancy(ctx, q, in, vacancySearchText(in, body.Name), s.now())
		if err != nil {
			return err
		}
		if out, err = getVacancy(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "create", "vacancy", id, nil, out)
	})
	return out, err
}

// checkRefs checks that p manages the body and that the seat, if any, is one of its seats.
func (s *Service) checkRefs(ctx context.Context, p *auth.Principal, in VacancyInput) (gov.Body, error) {
	body, err := s.Gov.Body(ctx, p, in.BodyID)
	if kern.ErrorCode(err) == kern.NotFound {
		return body, kern.FieldError("body_id", "vacancies.body_unknown")
	} else if err != nil {
		return body, err
	}
	if err := s.Gov.RequireManage(ctx, p, in.BodyID); err != nil {
		return body, err
	}
	if in.SeatID != nil {
		t, err := getTerm(ctx, s.DB.Reader(ctx), *in.SeatID)
		if kern.ErrorCode(err) == kern.NotFound || (err == nil && t.BodyID != in.BodyID) {
			return body, kern.FieldError("seat_id", "vacancies.seat_unknown")
		} else if err != nil {
			return body, err
		}
	}
	return body, nil
}

// UpdateVacancy changes a vacancy that is not filled; a published one keeps a closing date that
// is not in the past.
func (s *Service) UpdateVacancy(ctx context.Context, p *auth.Principal, id int64, in VacancyInput) (Vacancy, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Vacancy{}, err
	}
	var out Vacancy
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := getVacancy(ctx, q, id)
		if err != nil {
			return err
		}
		if err := s.Gov.RequireManage(ctx, p, before.BodyID); err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		if before.State == "filled" {
			return kern.Errorf(kern.Conflict, "vacancies.already_filled")
		}
		if before.State == "published" && in.ClosesOn.Before(s.today()) {
			return kern.FieldError("closes_on", "vacancies.closes_in_past")
		}
		body, err := s.checkRefs(ctx, p, in)
		if err != nil {
			return err
		}
		if err := updateVacancy(ctx, q, id, in, vacancySearchText(in, body.Name), s.now()); err != nil {
			return err
		}
		if out, err = getVacancy(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "update", "vacancy", id, before, out)
	})
	out.Open = out.OpenOn(s.today())
	return out, err
}

// Publish puts a draft (or a closed vacancy, reopened) on the public page and in the feed; its
// closing date must not be in the past.
func (s *Service) Publish(ctx context.Context, p *auth.Principal, id int64) (Vacancy, error) {
	return s.transition(ctx, p, id, "publish", "published", func(v Vacancy) error {
		if v.State != "draft" && v.State != "closed" {
			return kern.Errorf(kern.Conflict, "vacancies.cannot_publish")
		}
		if v.ClosesOn.Before(s.today()) {
			return kern.FieldError("closes_on", "vacancies.closes_in_past")
		}
		return nil
	})
}

// Close stops applications to a published vacancy.
func (s *Service) Close(ctx context.Context, p *auth.Principal, id int64) (Vacancy, error) {
	return s.transition(ctx, p, id, "close", "closed", func(v Vacancy) error {
		if v.State != "published" {
			return kern.Errorf(kern.Conflict, "vacancies.cannot_close")
		}
		return nil
	})
}

func (s *Service) transition(ctx context.Context, p *auth.Principal, id int64, action, state string, allowed func(Vacancy) error) (Vacancy, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Vacancy{}, err
	}
	var out Vacancy
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := getVacancy(ctx, q, id)
		if err != nil {
			return err
		}
		if err := s.Gov.RequireManage(ctx, p, before.BodyID); err != nil {
			return err
		}
		if err := allowed(before); err != nil {
			return err
		}
		if err := setVacancyState(ctx, q, id, state, s.now()); err != nil {
			return err
		}
		if out, err = getVacancy(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), action, "vacancy", id, before, out)
	})
	out.Open = out.OpenOn(s.today())
	return out, err
}
