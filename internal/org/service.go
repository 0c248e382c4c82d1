package org

import (
	"context"
	"fmt"
	"time"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
)

// Service is the registry's use cases.
type Service struct {
	DB  *db.DB
	Now func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// requireUser: the registry is for people who are logged in.
func requireUser(p *auth.Principal) error {
	if p == nil {
		return kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	return nil
}

// visible strips what p may not see.
func visible(p *auth.Principal, o Organization) Organization {
	if !CanSeeNotes(p, o) {
		o.Notes = ""
	}
	return o
}

// Organization returns one organisation.
func (s *Service) Organization(ctx context.Context, p *auth.Principal, id int64) (Organization, error) {
	if err := requireUser(p); err != nil {
		return Organization{}, err
	}
	o, err := getOrg(ctx, s.DB.Reader(ctx), id)
	return visible(p, o), err
}

// Organizations returns one page of organisations matching f and how many match in all.
func (s *Service) Organizations(ctx context.Context, p *auth.Principal, f OrgFilter) ([]Organization, int, error) {
	if err := requireUser(p); err != nil {
		return nil, 0, err
	}
	if err := f.Normalize(); err != nil {
		return nil, 0, err
	}
	list, total, err := listOrgs(ctx, s.DB.Reader(ctx), f, false)
	for i := range list {
		list[i] = visible(p, list[i])
	}
	return list, total, err
}

// ExportOrganizations returns every organisation matching f, for a CSV export.
func (s *Service) ExportOrganizations(ctx context.Context, p *auth.Principal, f OrgFilter) ([]Organization, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	if err := f.Normalize(); err != nil {
		return nil, err
	}
	list, _, err := listOrgs(ctx, s.DB.Reader(ctx), f, true)
	for i := range list {
		list[i] = visible(p, list[i])
	}
	return list, err
}

// CreateOrganization adds an organisation.
func (s *Service) CreateOrganization(ctx context.Context, p *auth.Principal, in OrgInput) (Organization, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Organization{}, err
	}
	if err := in.Validate(); err != nil {
		return Organization{}, err
	}
	if !CanCreateOrg(p, in) {
		return Organization{}, kern.Errorf(kern.Forbidden, "error.forbidden")
	}
	var o Organization
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		if err := checkParent(ctx, q, 0, in); err != nil {
			return err
		}
		id, err := insertOrg(ctx, q, in, s.now())
		if err != nil {
			return err
		}
		if o, err = getOrg(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "create", "organization", id, nil, o)
	})
	return o, err
}

// UpdateOrganization changes an organisation.
func (s *Service) UpdateOrganization(ctx context.Context, p *auth.Principal, id int64, in OrgInput) (Organization, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Organization{}, err
	}
	var after Organization
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := getOrg(ctx, q, id)
		if err != nil {
			return err
		}
		if !CanEditOrg(p, before) {
			return kern.Errorf(kern.Forbidden, "error.forbidden")
		}
		if err := in.Validate(); err != nil {
			return err
		}
		// An organisation admin may not move their organisation under another parent.
		if !p.IsCoordinator() && !sameParent(before.ParentID, in.ParentID) {
			return kern.FieldError("parent_id", "org.parent_change_forbidden")
		}
		if err := checkParent(ctx, q, id, in); err != nil {
			return err
		}
		if err := updateOrg(ctx, q, id, in, s.now()); err != nil {
			return err
		}
		if after, err = getOrg(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "update", "organization", id, before, after)
	})
	return after, err
}

func sameParent(a, b *int64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// maxDepth bounds the walk up the parent chain; the registry nests two or three deep.
const maxDepth = 50

// checkParent refuses a parent that does not exist, or that is id itself or one of id's
// descendants: following parents from the new parent must never arrive back at id.
func checkParent(ctx context.Context, q db.Q, id int64, in OrgInput) error {
	if in.ParentID == nil {
		return nil
	}
	next := *in.ParentID
	for depth := 0; depth < maxDepth; depth++ {
		if next == id {
			return kern.FieldError("parent_id", "org.parent_cycle")
		}
		var parent *int64
		var kind Kind
		err := q.QueryRowContext(ctx, `SELECT parent_id, kind FROM organizations WHERE id = $1`, next).Scan(&parent, &kind)
		if err != nil {
			if depth == 0 {
				return kern.FieldError("parent_id", "org.parent_unknown")
			}
			return fmt.Errorf("walk parents: %w", err)
		}
		if parent == nil {
			return nil
		}
		next = *parent
	}
	return kern.FieldError("parent_id", "org.parent_cycle")
}

// DeleteOrganization removes an organisation that nothing points at any more; otherwise it is
// refused with what still points at it.
func (s *Service) DeleteOrganization(ctx context.Context, p *auth.Principal, id int64) error {
	if err := auth.RequireWrite(p); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := getOrg(ctx, q, id)
		if err != nil {
			return err
		}
		if !CanDeleteOrg(p) {
			return kern.Errorf(kern.Forbidden, "error.forbidden")
		}
		refs, err := orgReferences(ctx, q, id)
		if err != nil {
			return err
		}
		if refs.any() {
			return kern.Errorf(kern.Conflict, "org.delete_refused", refs.Departments, refs.Affiliations, refs.Accounts)
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM organizations WHERE id = $1`, id); err != nil {
			return fmt.Errorf("delete organization: %w", err)
		}
		return audit.Record(ctx, q, p.Actor(), "delete", "organization", id, before, nil)
	})
}

// StakeholderGroups lists the six groups with the number of organisations in each.
func (s *Service) StakeholderGroups(ctx context.Context, p *auth.Principal) ([]GroupCount, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	return groupCounts(ctx, s.DB.Reader(ctx))
}

// MemberCategoryCounts lists the society's member categories with their counts.
func (s *Service) MemberCategoryCounts(ctx context.Context, p *auth.Principal) ([]CategoryCount, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	return categoryCounts(ctx, s.DB.Reader(ctx))
}
