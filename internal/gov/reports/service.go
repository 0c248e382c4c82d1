package reports

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
)

// CanEditReport reports whether p may draft, edit and publish a report of this scope: the
// coordination office for the platform, and for a body also its chair, secretary or leader.
func (s *Service) CanEditReport(ctx context.Context, p *auth.Principal, scope string, bodyID *int64) bool {
	return s.requireEdit(ctx, p, scope, bodyID) == nil
}

func (s *Service) requireEdit(ctx context.Context, p *auth.Principal, scope string, bodyID *int64) error {
	if err := auth.RequireWrite(p); err != nil {
		return err
	}
	if p.IsCoordinator() {
		return nil
	}
	if scope == "body" && bodyID != nil {
		return s.Gov.RequireManage(ctx, p, *bodyID)
	}
	return kern.Errorf(kern.Forbidden, "reports.edit_forbidden")
}

// Reports lists the progress reports matching f: every report for a logged-in user.
func (s *Service) Reports(ctx context.Context, p *auth.Principal, f ReportFilter) ([]Report, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	if err := f.normalize(); err != nil {
		return nil, err
	}
	return listReports(ctx, s.DB.Reader(ctx), f)
}

// PublicReports lists the published public reports, for visitors.
func (s *Service) PublicReports(ctx context.Context) ([]Report, error) {
	return listReports(ctx, s.DB.Reader(ctx), ReportFilter{PublicOnly: true})
}

func (f *ReportFilter) normalize() error {
	var v kern.Validation
	v.Check(f.Scope == "" || slices.Contains(Scopes, f.Scope), "scope", "field.unknown_choice")
	v.Check(f.Period == "" || slices.Contains(Periods, f.Period), "period", "field.unknown_choice")
	v.Check(f.Status == "" || f.Status == string(ReportDraft) || f.Status == string(ReportPublished), "status", "field.unknown_choice")
	return v.Err()
}

// Report returns a report with its content: gathered now for a draft, the frozen snapshot for a
// published report. Without p (a visitor), only a published public report is found.
func (s *Service) Report(ctx context.Context, p *auth.Principal, id int64) (Report, error) {
	r, err := getReport(ctx, s.DB.Reader(ctx), id)
	if err != nil {
		return r, err
	}
	if p == nil && (r.Status != ReportPublished || !r.Public) {
		return Report{}, kern.Errorf(kern.NotFound, "error.not_found")
	}
	if r.snapshot != nil {
		var c ReportContent
		if err := json.Unmarshal([]byte(*r.snapshot), &c); err != nil {
			return r, fmt.Errorf("report %d snapshot: %w", id, err)
		}
		r.Content = &c
		return r, nil
	}
	r.Content, err = s.gather(ctx, r)
	return r, err
}

// CreateReport drafts a report by hand.
func (s *Service) CreateReport(ctx context.Context, p *auth.Principal, in ReportInput) (Report, error) {
	if err := in.Validate(); err != nil {
		return Report{}, err
	}
	if err := s.requireEdit(ctx, p, in.Scope, in.BodyID); err != nil {
		if kern.ErrorCode(err) == kern.NotFound {
			return Report{}, kern.FieldError("body_id", "reports.body_unknown")
		}
		return Report{}, err
	}
	return s.create(ctx, p.Actor(), in, false)
}

func (s *Service) create(ctx context.Context, actor audit.Actor, in ReportInput, scheduled bool) (Report, error) {
	var out Report
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		if in.BodyID != nil && !exists(ctx, q, `SELECT count(*) FROM bodies WHERE id = $1`, *in.BodyID) {
			return kern.FieldError("body_id", "reports.body_unknown")
		}
		id, err := insertReport(ctx, q, in, scheduled, s.now())
		if err != nil {
			return err
		}
		if out, err = getReport(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, actor, "create", "progress_report", id, nil, out)
	})
	return out, err
}

// UpdateReport changes a draft: its period, introduction, sections and whether it will be
// public. A published report is frozen and refused.
func (s *Service) UpdateReport(ctx context.Context, p *auth.Principal, id int64, in ReportInput) (Report, error) {
	if err := requireUser(p); err != nil {
		return Report{}, err
	}
	before, err := getReport(ctx, s.DB.Reader(ctx), id)
	if err != nil {
		return before, err
	}
	if err := s.requireEdit(ctx, p, before.Scope, before.BodyID); err != nil {
		return before, err
	}
	if before.Status == ReportPublished {
		return before, kern.Errorf(kern.Conflict, "reports.published_frozen")
	}
	if err := in.Validate(); err != nil {
		return before, err
	}
	// Moving a report to another scope needs the right to edit there too.
	if in.Scope != before.Scope || !sameID(in.BodyID, before.BodyID) {
		if err := s.requireEdit(ctx, p, in.Scope, in.BodyID); err != nil {
			return before, err
		}
	}
	var out Report
	err = s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		cur, err := getReport(ctx, q, id)
		if err != nil {
			return err
		}
		if cur.Status == ReportPublished {
			return kern.Errorf(kern.Conflict, "reports.published_frozen")
		}
		if in.BodyID != nil && !exists(ctx, q, `SELECT count(*) FROM bodies WHERE id = $1`, *in.BodyID) {
			return kern.FieldError("body_id", "reports.body_unknown")
		}
		if err := updateReport(ctx, q, id, in, s.now()); err != nil {
			return err
		}
		if out, err = getReport(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "update", "progress_report", id, cur, out)
	})
	return out, err
}

func sameID(a, b *int64) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

// PublishReport freezes a draft: its content is gathered one last time and stored, and from then
// on the report shows that snapshot whatever happens to the KPIs, actions and meetings. A public
// report is readable by anyone under /reports/{id}. Publishing twice is refused.
func (s *Service) PublishReport(ctx context.Context, p *auth.Principal, id int64, public bool) (Report, error) {
	if err := requireUser(p); err != nil {
		return Report{}, err
	}
	before, err := getReport(ctx, s.DB.Reader(ctx), id)
	if err != nil {
		return before, err
	}
	if err := s.requireEdit(ctx, p, before.Scope, before.BodyID); err != nil {
		return before, err
	}
	if before.Status == ReportPublished {
		return before, kern.Errorf(kern.Conflict, "reports.already_published")
	}
	// Gathered before the transaction, so the writer is held only for the write.
	before.Public = public
	c, err := s.gather(ctx, before)
	if err != nil {
		return before, err
	}
	snap, err := json.Marshal(c)
	if err != nil {
		return before, err
	}
	var out Report
	err = s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		cur, err := getReport(ctx, q, id)
		if err != nil {
			return err
		}
		if cur.Status == ReportPublished {
			return kern.Errorf(kern.Conflict, "reports.already_published")
		}
		// The status in the WHERE makes a concurrent second publication change nothing.
		res, err := q.ExecContext(ctx, `UPDATE progress_reports SET status = $1, public = $2, snapshot = $3, published_at = $4,
published_by = $5, updated_at = $4 WHERE id = $6 AND status = $7`, ReportPublished, public, string(snap), s.now(), p.User.Name, id, ReportDraft)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return kern.Errorf(kern.Conflict, "reports.already_published")
		}
		if out, err = getReport(ctx, q, id); err != nil {
			return err
		}
		out.Content = c
		after := out
		after.Content = nil // the snapshot is in the table; the audit entry records the act
		return audit.Record(ctx, q, p.Actor(), "publish", "progress_report", id, cur, after)
	})
	return out, err
}

// DeleteReport removes a draft; a published report stays.
func (s *Service) DeleteReport(ctx context.Context, p *auth.Principal, id int64) error {
	if err := requireUser(p); err != nil {
		return err
	}
	before, err := getReport(ctx, s.DB.Reader(ctx), id)
	if err != nil {
		return err
	}
	if err := s.requireEdit(ctx, p, before.Scope, before.BodyID); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		res, err := q.ExecContext(ctx, `DELETE FROM progress_reports WHERE id = $1 AND status = $2`, id, ReportDraft)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return kern.Errorf(kern.Conflict, "reports.published_frozen")
		}
		return audit.Record(ctx, q, p.Actor(), "delete", "progress_report", id, before, nil)
	})
}
