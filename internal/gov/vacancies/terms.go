package vacancies

import (
	"context"
	"slices"
	"strconv"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/gov"
	"kern/internal/notify"
)

// TermsJob is the daily job that reminds people whose term ends within six months, and their
// body's chair.
const TermsJob = "reminders.terms"

// TermsEnding lists every current seat whose term ends within six months, soonest first: the
// overview of the board and the coordination office. Any logged-in user may read it, as they
// may read the bodies' seats.
func (s *Service) TermsEnding(ctx context.Context, p *auth.Principal, f TermFilter) ([]Term, error) {
	if p == nil {
		return nil, kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	if f.Kind != "" && !slices.Contains(gov.Kinds, f.Kind) {
		return nil, kern.FieldError("kind", "field.unknown_choice")
	}
	today := s.today()
	return termsEnding(ctx, s.DB.Reader(ctx), today, today.AddDate(0, gov.SixMonths, 0), f)
}

// ExportTerms is TermsEnding for a CSV file; the export of a list of people is recorded in the
// audit log.
func (s *Service) ExportTerms(ctx context.Context, p *auth.Principal, f TermFilter) ([]Term, error) {
	list, err := s.TermsEnding(ctx, p, f)
	if err != nil {
		return nil, err
	}
	err = s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		return audit.Record(ctx, q, p.Actor(), "export", "term", "list", nil,
			map[string]any{"rows": len(list), "body_id": f.BodyID, "kind": f.Kind})
	})
	return list, err
}

// RemindTerms notifies, once for each term ending within six months, the person holding the
// seat and the body's chair (or, without a chair, its leader or secretary). It runs as the
// daily job TermsJob; the reminder is remembered in seats.reminded_on, so a term whose end moves
// later is reminded again when its new end comes within six months.
func (s *Service) RemindTerms(ctx context.Context, _ string) error {
	today := s.today()
	terms, err := termsEnding(ctx, s.DB.Reader(ctx), today, today.AddDate(0, gov.SixMonths, 0), TermFilter{})
	if err != nil {
		return err
	}
	for _, t := range terms {
		windowStart := t.TermEnd.AddDate(0, -gov.SixMonths, 0)
		if t.RemindedOn != nil && !t.RemindedOn.Before(windowStart) {
			continue
		}
		// One transaction per term: a failure leaves the others reminded and this one for tomorrow.
		err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
			if ok, err := markReminded(ctx, q, t.ID, today, windowStart); err != nil || !ok {
				return err
			}
			end := t.TermEnd.Format("2006-01-02")
			link := "/bodies/" + strconv.FormatInt(t.BodyID, 10)
			if _, err := s.Notify.Send(ctx, q, notify.To{PersonID: t.PersonID}, notify.Note{Kind: "term_ending",
				SubjectKey: "vacancies.term_ending.subject_person", TextKey: "vacancies.term_ending.text_person",
				SubjectArgs: []any{t.BodyName, end}, Args: []any{t.BodyName, end}, Link: link}); err != nil {
				return err
			}
			chairs, err := managersOf(ctx, q, t.BodyID, today, "chair")
			if err == nil && len(chairs) == 0 {
				chairs, err = managersOf(ctx, q, t.BodyID, today, "leader", "secretary")
			}
			if err != nil {
				return err
			}
			reached := []int64{}
			for _, c := range chairs {
				if c == t.PersonID || len(reached) > 0 {
					continue
				}
				if _, err := s.Notify.Send(ctx, q, notify.To{PersonID: c}, notify.Note{Kind: "term_ending",
					SubjectKey: "vacancies.term_ending.subject_chair", TextKey: "vacancies.term_ending.text_chair",
					SubjectArgs: []any{t.PersonName, t.BodyName, end}, Args: []any{t.PersonName, t.BodyName, end}, Link: link}); err != nil {
					return err
				}
				reached = append(reached, c)
			}
			return audit.Record(ctx, q, audit.System, "remind", "seat", t.ID, nil,
				map[string]any{"reminded_on": today, "term_end": t.TermEnd, "person_id": t.PersonID, "chairs": reached})
		})
		if err != nil {
			return err
		}
	}
	return nil
}
