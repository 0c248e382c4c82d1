package reports

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/notify"
)

func requireUser(p *auth.Principal) error {
	if p == nil {
		return kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	return nil
}

// IsBoard reports whether p reviews annual plans: the coordination office, or a person holding a
// current seat in a body of kind "board".
func (s *Service) IsBoard(ctx context.Context, p *auth.Principal) (bool, error) {
	if p == nil || !p.CanWrite() {
		return false, nil
	}
	if p.IsCoordinator() {
		return true, nil
	}
	pid, err := s.Gov.PersonOf(ctx, p)
	if err != nil || pid == 0 {
		return false, err
	}
	day := s.today()
	return exists(ctx, s.DB.Reader(ctx), `SELECT count(*) FROM seats s JOIN bodies b ON b.id = s.body_id
WHERE b.kind = 'board' AND s.person_id = $1 AND s.term_start <= $2 AND (s.term_end IS NULL OR s.term_end >= $2)`, pid, day), nil
}

func (s *Service) requireBoard(ctx context.Context, p *auth.Principal) error {
	if err := auth.RequireWrite(p); err != nil {
		return err
	}
	ok, err := s.IsBoard(ctx, p)
	if err != nil {
		return err
	}
	if !ok {
		return kern.Errorf(kern.Forbidden, "reports.board_only")
	}
	return nil
}

// Plans lists the annual plans matching f.
func (s *Service) Plans(ctx context.Context, p *auth.Principal, f PlanFilter) ([]AnnualPlan, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	if f.Status != "" && !slices.Contains(PlanStatuses, PlanStatus(f.Status)) {
		return nil, kern.FieldError("status", "field.unknown_choice")
	}
	return listPlans(ctx, s.DB.Reader(ctx), f)
}

// AnnualPlan returns one annual plan with its objectives and the board's comments.
func (s *Service) AnnualPlan(ctx context.Context, p *auth.Principal, id int64) (AnnualPlan, error) {
	if err := requireUser(p); err != nil {
		return AnnualPlan{}, err
	}
	return getPlan(ctx, s.DB.Reader(ctx), id)
}

// CreatePlan starts a body's plan for a year, as a draft: its chair, secretary or leader, or the
// coordination office.
func (s *Service) CreatePlan(ctx context.Context, p *auth.Principal, in PlanInput) (AnnualPlan, error) {
	if err := in.Validate(s.today()); err != nil {
		return AnnualPlan{}, err
	}
	if err := s.Gov.RequireManage(ctx, p, in.BodyID); err != nil {
		if kern.ErrorCode(err) == kern.NotFound {
			return AnnualPlan{}, kern.FieldError("body_id", "reports.body_unknown")
		}
		return AnnualPlan{}, err
	}
	var out AnnualPlan
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		if !exists(ctx, q, `SELECT count(*) FROM bodies WHERE id = $1`, in.BodyID) {
			return kern.FieldError("body_id", "reports.body_unknown")
		}
		if err := checkLinks(ctx, q, in.Objectives); err != nil {
			return err
		}
		id, err := insertPlan(ctx, q, in, s.now())
		if err != nil {
			return err
		}
		if out, err = getPlan(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "create", "annual_plan", id, nil, out)
	})
	return out, err
}

// UpdatePlan changes a draft's summary and objectives; a plan with the board or past it is
// refused.
func (s *Service) UpdatePlan(ctx context.Context, p *auth.Principal, id int64, in PlanInput) (AnnualPlan, error) {
	return s.changePlan(ctx, p, id, "update", func(ctx context.Context, q db.Q, before AnnualPlan) error {
		in.BodyID, in.Year = before.BodyID, before.Year
		if err := in.Validate(s.today()); err != nil {
			return err
		}
		if before.Status != Draft {
			return kern.Errorf(kern.Conflict, "reports.plan_not_draft")
		}
		if err := checkLinks(ctx, q, in.Objectives); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `UPDATE annual_plans SET summary = $1, updated_at = $2 WHERE id = $3`, in.Summary, s.now(), id); err != nil {
			return err
		}
		return writeObjectives(ctx, q, id, in.Objectives, s.now())
	})
}

// changePlan runs a change by the body's managers in a transaction with its audit entry.
func (s *Service) changePlan(ctx context.Context, p *auth.Principal, id int64, action string,
	fn func(ctx context.Context, q db.Q, before AnnualPlan) error) (AnnualPlan, error) {
	if err := requireUser(p); err != nil {
		return AnnualPlan{}, err
	}
	before, err := getPlan(ctx, s.DB.Reader(ctx), id)
	if err != nil {
		return before, err
	}
	if err := s.Gov.RequireManage(ctx, p, before.BodyID); err != nil {
		return before, err
	}
	return s.planTx(ctx, p, id, action, fn)
}

func (s *Service) planTx(ctx context.Context, p *auth.Principal, id int64, action string,
	fn func(ctx context.Context, q db.Q, before AnnualPlan) error) (AnnualPlan, error) {
	var out AnnualPlan
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := getPlan(ctx, q, id)
		if err != nil {
			return err
		}
		if err := fn(ctx, q, before); err != nil {
			return err
		}
		if out, err = getPlan(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), action, "annual_plan", id, before, out)
	})
	return out, err
}

// SubmitPlan hands a draft with at least one objective to the board, and tells the board's chair.
func (s *Service) SubmitPlan(ctx context.Context, p *auth.Principal, id int64) (AnnualPlan, error) {
	return s.changePlan(ctx, p, id, "submit", func(ctx context.Context, q db.Q, before AnnualPlan) error {
		if before.Status != Draft {
			return kern.Errorf(kern.Conflict, "reports.plan_not_draft")
		}
		if len(before.Objectives) == 0 {
			return kern.FieldError("objectives", "reports.plan_needs_objective")
		}
		if err := setPlanStatus(ctx, q, id, Submitted, "submitted_at", s.now()); err != nil {
			return err
		}
		// The chair of every board (the society has one; a test platform may have none).
		rows, err := q.QueryContext(ctx, `SELECT id FROM bodies WHERE kind = 'board' ORDER BY id`)
		if err != nil {
			return err
		}
		boards, err := idList(rows)
		if err != nil {
			return err
		}
		for _, b := range boards {
			chair, err := chairOf(ctx, q, b, s.today())
			if err != nil {
				return err
			}
			if chair == 0 {
				continue
			}
			if _, err := s.Notify.Send(ctx, q, notify.To{PersonID: chair}, notify.Note{Kind: "annual_plan",
				SubjectKey: "reports.notify.submitted_subject", SubjectArgs: []any{before.BodyName, before.Year},
				TextKey: "reports.notify.submitted_text", Args: []any{before.BodyName, before.Year}, Link: fmt.Sprintf("/annual-plans/%d", id)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// Comment adds the board's comment to a submitted or reviewed plan.
func (s *Service) Comment(ctx context.Context, p *auth.Principal, id int64, text string) (AnnualPlan, error) {
	return s.boardChange(ctx, p, id, "comment", text, func(ctx context.Context, q db.Q, before AnnualPlan) error {
		if before.Status != Submitted && before.Status != Reviewed {
			return kern.Errorf(kern.Conflict, "reports.plan_not_with_board")
		}
		return nil
	})
}

// ReviewPlan records the board's review of a submitted plan, with an optional comment, and tells
// the body's chair.
func (s *Service) ReviewPlan(ctx context.Context, p *auth.Principal, id int64, text string) (AnnualPlan, error) {
	return s.boardChange(ctx, p, id, "reviewed", text, func(ctx context.Context, q db.Q, before AnnualPlan) error {
		if before.Status != Submitted {
			return kern.Errorf(kern.Conflict, "reports.plan_not_submitted")
		}
		if err := setPlanStatus(ctx, q, id, Reviewed, "reviewed_at", s.now()); err != nil {
			return err
		}
		return s.tellBodyChair(ctx, q, before, "reports.notify.reviewed_subject", "reports.notify.reviewed_text")
	})
}

// ReturnPlan sends a submitted plan back to the body as a draft; the comment says why.
func (s *Service) ReturnPlan(ctx context.Context, p *auth.Principal, id int64, text string) (AnnualPlan, error) {
	if strings.TrimSpace(text) == "" {
		return AnnualPlan{}, kern.FieldError("comment", "reports.comment_required")
	}
	return s.boardChange(ctx, p, id, "returned", text, func(ctx context.Context, q db.Q, before AnnualPlan) error {
		if before.Status != Submitted {
			return kern.Errorf(kern.Conflict, "reports.plan_not_submitted")
		}
		if err := setPlanStatus(ctx, q, id, Draft, "", s.now()); err != nil {
			return err
		}
		return s.tellBodyChair(ctx, q, before, "reports.notify.returned_subject", "reports.notify.returned_text")
	})
}

func (s *Service) tellBodyChair(ctx context.Context, q db.Q, plan AnnualPlan, subject, text string) error {
	chair, err := chairOf(ctx, q, plan.BodyID, s.today())
	if err != nil || chair == 0 {
		return err
	}
	_, err = s.Notify.Send(ctx, q, notify.To{PersonID: chair}, notify.Note{Kind: "annual_plan", SubjectKey: subject,
		SubjectArgs: []any{plan.BodyName, plan.Year}, TextKey: text, Args: []any{plan.BodyName, plan.Year}, Link: fmt.Sprintf("/annual-plans/%d", plan.ID)})
	return err
}

// boardChange runs a step of the board's in a transaction, with the comment (kind: comment,
// reviewed or returned) and the audit entry.
func (s *Service) boardChange(ctx context.Context, p *auth.Principal, id int64, kind, text string,
	fn func(ctx context.Context, q db.Q, before AnnualPlan) error) (AnnualPlan, error) {
	if err := s.requireBoard(ctx, p); err != nil {
		return AnnualPlan{}, err
	}
	text = strings.TrimSpace(text)
	if kind == "comment" && text == "" {
		return AnnualPlan{}, kern.FieldError("comment", "field.required")
	}
	if len(text) > MaxNote {
		return AnnualPlan{}, kern.FieldError("comment", "field.too_long")
	}
	return s.planTx(ctx, p, id, kind, func(ctx context.Context, q db.Q, before AnnualPlan) error {
		if err := fn(ctx, q, before); err != nil {
			return err
		}
		if text == "" {
			return nil
		}
		return insertComment(ctx, q, id, kind, text, p.User.ID, p.User.Name, s.now())
	})
}

// RecordOutcomes writes the year-end report on the objectives of a reviewed plan; with report,
// the plan is marked reported, which needs an outcome for every objective.
func (s *Service) RecordOutcomes(ctx context.Context, p *auth.Principal, id int64, in []OutcomeInput, report bool) (AnnualPlan, error) {
	if err := ValidateOutcomes(in); err != nil {
		return AnnualPlan{}, err
	}
	action := "outcomes"
	if report {
		action = "report"
	}
	return s.changePlan(ctx, p, id, action, func(ctx context.Context, q db.Q, before AnnualPlan) error {
		if before.Status != Reviewed {
			return kern.Errorf(kern.Conflict, "reports.plan_not_reviewed")
		}
		given := map[int64]OutcomeInput{}
		for _, o := range in {
			given[o.ObjectiveID] = o
		}
		for _, o := range before.Objectives {
			x, ok := given[o.ID]
			if !ok {
				x = OutcomeInput{Outcome: o.Outcome, Note: o.OutcomeNote}
			}
			if report && x.Outcome == "" {
				return kern.FieldError(fmt.Sprintf("outcome_%d", o.ID), "reports.outcome_required")
			}
			if _, err := q.ExecContext(ctx, `UPDATE annual_plan_objectives SET outcome = $1, outcome_note = $2, updated_at = $3
WHERE id = $4 AND plan_id = $5`, x.Outcome, x.Note, s.now(), o.ID, id); err != nil {
				return err
			}
		}
		for oid := range given {
			if !slices.ContainsFunc(before.Objectives, func(o PlanObjective) bool { return o.ID == oid }) {
				return kern.FieldError("objective_id", "error.not_found")
			}
		}
		if report {
			return setPlanStatus(ctx, q, id, Reported, "reported_at", s.now())
		}
		_, err := q.ExecContext(ctx, `UPDATE annual_plans SET updated_at = $1 WHERE id = $2`, s.now(), id)
		return err
	})
}

// CanManagePlan reports whether p may edit, submit and report on the body's plans (for pages).
func (s *Service) CanManagePlan(ctx context.Context, p *auth.Principal, bodyID int64) bool {
	ok, err := s.Gov.CanManage(ctx, p, bodyID)
	return err == nil && ok
}
