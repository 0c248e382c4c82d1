package vacancies

import (
	"context"
	"strconv"
	"time"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/gov"
	"kern/internal/notify"
	"kern/internal/org"
	"kern/internal/outbox"
	"kern/internal/web/i18n"
)

// FloodLimit is how many applications one vacancy takes in an hour; beyond it the form asks to
// try again later. It stops a script filling the chair's list, without a CAPTCHA; one address
// applies once per vacancy anyway.
const FloodLimit = 30

// Apply records an application to an open vacancy, from anyone (p may be nil). The applicant
// gets a receipt by e-mail in lang; the body's chair and secretary get a notification that
// names the vacancy, not the applicant.
func (s *Service) Apply(ctx context.Context, p *auth.Principal, vacancyID int64, in ApplicationInput, lang i18n.Lang) (Application, error) {
	if err := in.Validate(); err != nil {
		return Application{}, err
	}
	if p != nil && !p.CanWrite() {
		return Application{}, kern.Errorf(kern.Forbidden, "auth.read_only_token")
	}
	var out Application
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		v, err := getVacancy(ctx, q, vacancyID)
		if err != nil {
			return err
		}
		today := s.today()
		if v.State == "draft" {
			return kern.Errorf(kern.NotFound, "error.not_found")
		}
		if !v.OpenOn(today) {
			return kern.Errorf(kern.Conflict, "vacancies.not_open")
		}
		if dup, err := applicationExists(ctx, q, vacancyID, in.Email); err != nil {
			return err
		} else if dup {
			return kern.FieldError("email", "vacancies.duplicate_application")
		}
		if n, err := recentApplications(ctx, q, vacancyID, s.now().Add(-time.Hour)); err != nil {
			return err
		} else if n >= FloodLimit {
			return kern.Errorf(kern.TooMany, "vacancies.too_many_applications")
		}
		var userID, personID *int64
		actor := audit.Actor{Label: "applicant"}
		if p != nil {
			uid := p.User.ID
			userID, actor = &uid, p.Actor()
			if pid, err := accountPerson(ctx, q, uid); err != nil {
				return err
			} else if pid != 0 {
				personID = &pid
			}
		}
		id, err := insertApplication(ctx, q, vacancyID, in, userID, personID, s.now())
		if err != nil {
			return err
		}
		if out, err = getApplication(ctx, q, vacancyID, id); err != nil {
			return err
		}
		// The audit keeps who applied to what, not the motivation.
		if err := audit.Record(ctx, q, actor, "apply", "vacancy_application", id, nil,
			map[string]any{"vacancy_id": vacancyID, "name": in.Name, "email": in.Email}); err != nil {
			return err
		}
		cat := s.Notify.Catalog
		if err := outbox.Enqueue(ctx, q, outbox.Message{To: in.Email,
			Subject: cat.T(lang, "vacancies.receipt.subject", v.Title),
			Text:    cat.T(lang, "vacancies.receipt.text", in.Name, v.Title, v.BodyName, s.BaseURL+vacancyPath(v.ID))}); err != nil {
			return err
		}
		managers, err := managersOf(ctx, q, v.BodyID, today, "chair", "secretary")
		if err == nil && len(managers) == 0 {
			managers, err = managersOf(ctx, q, v.BodyID, today, "leader")
		}
		if err != nil {
			return err
		}
		for _, m := range managers {
			if _, err := s.Notify.Send(ctx, q, notify.To{PersonID: m}, notify.Note{Kind: "vacancy_application",
				SubjectKey: "vacancies.application.subject", TextKey: "vacancies.application.text",
				SubjectArgs: []any{v.Title}, Args: []any{v.Title, v.BodyName}, Link: vacancyPath(v.ID) + "/applications"}); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

func vacancyPath(id int64) string { return "/vacancies/" + strconv.FormatInt(id, 10) }

// Applications lists a vacancy's applications for its body's managers; reading the list is
// recorded in the audit log, as applicants' data is personal.
func (s *Service) Applications(ctx context.Context, p *auth.Principal, vacancyID int64) (Vacancy, []Application, error) {
	return s.applications(ctx, p, vacancyID, "view")
}

// ExportApplications is Applications for a CSV file, recorded as an export.
func (s *Service) ExportApplications(ctx context.Context, p *auth.Principal, vacancyID int64) (Vacancy, []Application, error) {
	return s.applications(ctx, p, vacancyID, "export")
}

func (s *Service) applications(ctx context.Context, p *auth.Principal, vacancyID int64, action string) (Vacancy, []Application, error) {
	if p == nil {
		return Vacancy{}, nil, kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	v, err := getVacancy(ctx, s.DB.Reader(ctx), vacancyID)
	if err != nil {
		return v, nil, err
	}
	if err := s.requireRead(ctx, p, v.BodyID); err != nil {
		return v, nil, err
	}
	v.Open = v.OpenOn(s.today())
	var list []Application
	err = s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		var err error
		if list, err = listApplications(ctx, q, vacancyID); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), action, "vacancy_application", "vacancy:"+strconv.FormatInt(vacancyID, 10), nil,
			map[string]any{"rows": len(list)})
	})
	return v, list, err
}

// requireRead lets the body's managers read applicants' data, also with a read-only token.
func (s *Service) requireRead(ctx context.Context, p *auth.Principal, bodyID int64) error {
	if p.IsCoordinator() {
		return nil
	}
	rw := *p
	rw.Scope = "" // what the token may change does not limit what its holder may read
	if !s.CanManage(ctx, &rw, bodyID) {
		return kern.Errorf(kern.Forbidden, "vacancies.applications_forbidden")
	}
	return nil
}

// Application returns one application for the body's managers.
func (s *Service) Application(ctx context.Context, p *auth.Principal, vacancyID, id int64) (Vacancy, Application, error) {
	if p == nil {
		return Vacancy{}, Application{}, kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	q := s.DB.Reader(ctx)
	v, err := getVacancy(ctx, q, vacancyID)
	if err != nil {
		return v, Application{}, err
	}
	if err := s.requireRead(ctx, p, v.BodyID); err != nil {
		return v, Application{}, err
	}
	v.Open = v.OpenOn(s.today())
	a, err := getApplication(ctx, q, vacancyID, id)
	return v, a, err
}

// ReviewApplication moves an application between received, shortlisted and rejected, with a
// note; an accepted one is final.
func (s *Service) ReviewApplication(ctx context.Context, p *auth.Principal, vacancyID, id int64, in Review) (Application, error) {
	if err := auth.RequireWrite(p); err != nil {
		return Application{}, err
	}
	var out Application
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		v, err := getVacancy(ctx, q, vacancyID)
		if err != nil {
			return err
		}
		if err := s.Gov.RequireManage(ctx, p, v.BodyID); err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		before, err := getApplication(ctx, q, vacancyID, id)
		if err != nil {
			return err
		}
		if before.State == "accepted" {
			return kern.Errorf(kern.Conflict, "vacancies.already_accepted")
		}
		if err := reviewApplication(ctx, q, id, in.State, in.Note, nil, nil, s.now()); err != nil {
			return err
		}
		if out, err = getApplication(ctx, q, vacancyID, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "review", "vacancy_application", id,
			map[string]string{"state": before.State, "note": before.Note}, map[string]string{"state": out.State, "note": out.Note})
	})
	return out, err
}

// Accept fills the vacancy with the applicant: the applicant becomes a person in the registry if
// they are not one yet (found by their account or e-mail address), gets a new seat in the body
// (the next term when the ending seat's holder is re-appointed, else a first term), the
// application is accepted and the vacancy filled — all in one transaction.
func (s *Service) Accept(ctx context.Context, p *auth.Principal, vacancyID, id int64, in Acceptance) (gov.Seat, error) {
	if err := auth.RequireWrite(p); err != nil {
		return gov.Seat{}, err
	}
	var seat gov.Seat
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		v, err := getVacancy(ctx, q, vacancyID)
		if err != nil {
			return err
		}
		if err := s.Gov.RequireManage(ctx, p, v.BodyID); err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		if v.State != "published" && v.State != "closed" {
			return kern.Errorf(kern.Conflict, "vacancies.cannot_fill")
		}
		a, err := getApplication(ctx, q, vacancyID, id)
		if err != nil {
			return err
		}
		if a.State == "accepted" {
			return kern.Errorf(kern.Conflict, "vacancies.already_accepted")
		}
		personID, err := s.personFor(ctx, q, p, a)
		if err != nil {
			return err
		}
		si := gov.SeatInput{PersonID: personID, Role: v.Role, Group: v.Group, TermStart: in.TermStart, TermEnd: in.TermEnd,
			TermNumber: 1, MaxTerms: in.MaxTerms}
		if v.SeatID != nil {
			old, err := getTerm(ctx, q, *v.SeatID)
			if err != nil && kern.ErrorCode(err) != kern.NotFound {
				return err
			}
			if err == nil && old.PersonID == personID && old.Role == v.Role {
				si.TermNumber, si.OrgID, si.Neutral = old.TermNumber+1, old.OrgID, old.Neutral
			}
		}
		if seat, err = s.Gov.AddSeat(ctx, p, v.BodyID, si); err != nil {
			return seatFieldsOnForm(err)
		}
		if err := reviewApplication(ctx, q, id, "accepted", in.Note, &personID, &seat.ID, s.now()); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `UPDATE vacancies SET state = 'filled', filled_seat_id = $1, updated_at = $2 WHERE id = $3`,
			seat.ID, s.now(), vacancyID); err != nil {
			return err
		}
		if err := audit.Record(ctx, q, p.Actor(), "accept", "vacancy_application", id,
			map[string]string{"state": a.State}, map[string]any{"state": "accepted", "seat_id": seat.ID, "person_id": personID}); err != nil {
			return err
		}
		after, err := getVacancy(ctx, q, vacancyID)
		if err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "fill", "vacancy", vacancyID, v, after)
	})
	return seat, err
}

// personFor is the registry person of the applicant: the one linked to the account they applied
// with, else the one with their e-mail address, else a new person made through the registry's
// service as an appointee (the chair may appoint; registering the appointee is part of it).
func (s *Service) personFor(ctx context.Context, q db.Q, p *auth.Principal, a Application) (int64, error) {
	if a.PersonID != nil {
		return *a.PersonID, nil
	}
	if a.UserID != nil {
		if pid, err := accountPerson(ctx, q, *a.UserID); err != nil || pid != 0 {
			return pid, err
		}
	}
	if pid, err := personByEmail(ctx, q, a.Email); err != nil || pid != 0 {
		return pid, err
	}
	given, family := SplitName(a.Name)
	person, err := s.registry().RegisterAppointee(ctx, p, org.PersonInput{GivenName: given, FamilyName: family, Email: a.Email})
	if err != nil {
		return 0, err
	}
	if a.UserID != nil { // the applicant's account now belongs to the person appointed
		if err := gov.LinkAccount(ctx, q, *a.UserID, person.ID); err != nil {
			return 0, err
		}
	}
	return person.ID, nil
}

// seatFieldsOnForm moves the seat's field errors onto the fields of the acceptance form.
func seatFieldsOnForm(err error) error {
	e := kern.AsError(err)
	if e == nil || e.Code != kern.Invalid {
		return err
	}
	moved := map[string]string{}
	for f, key := range e.Fields {
		switch f {
		case "term_number":
			f = "max_terms"
		case "person_id", "role", "stakeholder_group":
			f = "term_start"
		}
		moved[f] = key
	}
	return &kern.Error{Code: kern.Invalid, Key: e.Key, Args: e.Args, Fields: moved}
}
