package org

import (
	"context"
	"fmt"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
)

func visiblePerson(p *auth.Principal, x Person) Person {
	if !CanSeeEmail(p, x) {
		x.Email = ""
	}
	return x
}

// Person returns one person.
func (s *Service) Person(ctx context.Context, p *auth.Principal, id int64) (Person, error) {
	if err := requireUser(p); err != nil {
		return Person{}, err
	}
	x, err := getPerson(ctx, s.DB.Reader(ctx), id)
	return visiblePerson(p, x), err
}

// People returns one page of people matching f and how many match in all.
func (s *Service) People(ctx context.Context, p *auth.Principal, f PersonFilter) ([]Person, int, error) {
	if err := requireUser(p); err != nil {
		return nil, 0, err
	}
	if err := f.Normalize(); err != nil {
		return nil, 0, err
	}
	list, total, err := listPeople(ctx, s.DB.Reader(ctx), f, false)
	for i := range list {
		list[i] = visiblePerson(p, list[i])
	}
	return list, total, err
}

// ExportPeople returns every person matching f for a CSV export, and records the export in the
// audit log: a list of people leaving the platform is worth a trace.
func (s *Service) ExportPeople(ctx context.Context, p *auth.Principal, f PersonFilter) ([]Person, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	if err := f.Normalize(); err != nil {
		return nil, err
	}
	list, _, err := listPeople(ctx, s.DB.Reader(ctx), f, true)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i] = visiblePerson(p, list[i])
	}
	err = s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		return audit.Record(ctx, q, p.Actor(), "export", "person", "list", nil,
			map[string]any{"rows": len(list), "q": f.Q, "profession": f.Profession, "member_category": f.Category, "org_id": f.OrgID})
	})
	return list, err
}

// CreatePerson adds a person.
func (s *Service) CreatePerson(ctx context.Context, p *auth.Principal, in PersonInput) (Person, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Person{}, err
	}
	if !CanCreatePerson(p) {
		return Person{}, kern.Errorf(kern.Forbidden, "error.forbidden")
	}
	return s.createPerson(ctx, p, in)
}

// RegisterAppointee adds to the registry a person who is being appointed to a seat. The caller
// (a body's chair filling a vacancy) has been authorised for the appointment by the governance
// service; the registry's own rules (validation, a unique e-mail address) apply, and the audit
// names p, not the coordination office.
func (s *Service) RegisterAppointee(ctx context.Context, p *auth.Principal, in PersonInput) (Person, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Person{}, err
	}
	return s.createPerson(ctx, p, in)
}

func (s *Service) createPerson(ctx context.Context, p *auth.Principal, in PersonInput) (Person, error) {
	if err := in.Validate(); err != nil {
		return Person{}, err
	}
	var x Person
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		if taken, err := emailInUse(ctx, q, in.Email, 0); err != nil {
			return err
		} else if taken {
			return kern.FieldError("email", "field.email_taken")
		}
		id, err := insertPerson(ctx, q, in, s.now())
		if err != nil {
			return err
		}
		if x, err = getPerson(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "create", "person", id, nil, x)
	})
	return x, err
}

// UpdatePerson changes a person.
func (s *Service) UpdatePerson(ctx context.Context, p *auth.Principal, id int64, in PersonInput) (Person, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Person{}, err
	}
	var after Person
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := getPerson(ctx, q, id)
		if err != nil {
			return err
		}
		if !CanEditPerson(p, before) {
			return kern.Errorf(kern.Forbidden, "error.forbidden")
		}
		if err := in.Validate(); err != nil {
			return err
		}
		if taken, err := emailInUse(ctx, q, in.Email, id); err != nil {
			return err
		} else if taken {
			return kern.FieldError("email", "field.email_taken")
		}
		if err := updatePerson(ctx, q, id, in, s.now()); err != nil {
			return err
		}
		if after, err = getPerson(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "update", "person", id, before, after)
	})
	return after, err
}

// DeletePerson removes a person with their affiliations.
func (s *Service) DeletePerson(ctx context.Context, p *auth.Principal, id int64) error {
	if err := auth.RequireWrite(p); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := getPerson(ctx, q, id)
		if err != nil {
			return err
		}
		if !p.IsCoordinator() {
			return kern.Errorf(kern.Forbidden, "error.forbidden")
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM people WHERE id = $1`, id); err != nil {
			return fmt.Errorf("delete person: %w", err)
		}
		return audit.Record(ctx, q, p.Actor(), "delete", "person", id, before, nil)
	})
}

// AddAffiliation ties a person to an organisation. The coordination office may add any; an
// organisation admin only to their own organisation.
func (s *Service) AddAffiliation(ctx context.Context, p *auth.Principal, personID int64, in AffiliationInput) (Affiliation, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Affiliation{}, err
	}
	if err := in.Validate(); err != nil {
		return Affiliation{}, err
	}
	var a Affiliation
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		if _, err := getPerson(ctx, q, personID); err != nil {
			return err
		}
		o, err := getOrg(ctx, q, in.OrgID)
		if kern.ErrorCode(err) == kern.NotFound {
			return kern.FieldError("org_id", "org.organization_unknown")
		} else if err != nil {
			return err
		}
		if !p.IsCoordinator() && !p.IsOrgAdmin(o.ID) {
			return kern.Errorf(kern.Forbidden, "error.forbidden")
		}
		err = q.QueryRowContext(ctx, `INSERT INTO affiliations (person_id, org_id, role, start_on, end_on) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			personID, in.OrgID, in.Role, in.StartOn, in.EndOn).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("add affiliation: %w", err)
		}
		a.OrgID, a.OrgName, a.Role, a.StartOn, a.EndOn = o.ID, o.Name, in.Role, in.StartOn, in.EndOn
		return audit.Record(ctx, q, p.Actor(), "add_affiliation", "person", personID, nil, a)
	})
	return a, err
}

// RemoveAffiliation ends a person's tie to an organisation, under the same rule as adding it.
func (s *Service) RemoveAffiliation(ctx context.Context, p *auth.Principal, personID, affiliationID int64) error {
	if err := auth.RequireWrite(p); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		x, err := getPerson(ctx, q, personID)
		if err != nil {
			return err
		}
		for _, a := range x.Affiliations {
			if a.ID != affiliationID {
				continue
			}
			if !p.IsCoordinator() && !p.IsOrgAdmin(a.OrgID) {
				return kern.Errorf(kern.Forbidden, "error.forbidden")
			}
			if _, err := q.ExecContext(ctx, `DELETE FROM affiliations WHERE id = $1 AND person_id = $2`, affiliationID, personID); err != nil {
				return err
			}
			return audit.Record(ctx, q, p.Actor(), "remove_affiliation", "person", personID, a, nil)
		}
		return kern.Errorf(kern.NotFound, "error.not_found")
	})
}
