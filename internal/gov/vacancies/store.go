package vacancies

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"kern"
	"kern/internal/db"
	"kern/internal/gov"
	"kern/internal/org"
)

type scanner interface{ Scan(...any) error }

const termSelect = `SELECT s.id, s.body_id, s.person_id, p.given_name || ' ' || p.family_name, s.role, coalesce(s.stakeholder_group, ''),
s.org_id, coalesce(o.name, ''), s.neutral, s.term_start, s.term_end, s.term_number, s.max_terms, s.created_at, s.updated_at,
b.name, b.kind, s.reminded_on, v.id, coalesce(v.state, '')
FROM seats s JOIN bodies b ON b.id = s.body_id JOIN people p ON p.id = s.person_id LEFT JOIN organizations o ON o.id = s.org_id
LEFT JOIN vacancies v ON v.id = (SELECT max(x.id) FROM vacancies x WHERE x.seat_id = s.id) `

// termsEnding lists the current seats whose term ends between today and until, soonest first.
func termsEnding(ctx context.Context, q db.Q, today, until time.Time, f TermFilter) ([]Term, error) {
	c := &db.Clause{}
	c.Add("s.term_end IS NOT NULL AND s.term_start <= ? AND s.term_end >= ? AND s.term_end <= ?", today, today, until)
	if f.BodyID != 0 {
		c.Add("s.body_id = ?", f.BodyID)
	}
	if f.Kind != "" {
		c.Add("b.kind = ?", f.Kind)
	}
	rows, err := q.QueryContext(ctx, termSelect+c.SQL()+` ORDER BY s.term_end, lower(b.name), s.id`, c.Args...)
	if err != nil {
		return nil, fmt.Errorf("list terms ending: %w", err)
	}
	defer rows.Close()
	out := []Term{}
	for rows.Next() {
		var t Term
		s := &t.Seat
		if err := rows.Scan(&s.ID, &s.BodyID, &s.PersonID, &s.PersonName, &s.Role, &s.Group, &s.OrgID, &s.OrgName, &s.Neutral,
			&s.TermStart, &s.TermEnd, &s.TermNumber, &s.MaxTerms, &s.CreatedAt, &s.UpdatedAt,
			&t.BodyName, &t.BodyKind, &t.RemindedOn, &t.VacancyID, &t.VacancyState); err != nil {
			return nil, err
		}
		s.TermStart = gov.Day(s.TermStart)
		if s.TermEnd != nil {
			e := gov.Day(*s.TermEnd)
			s.TermEnd = &e
		}
		if t.RemindedOn != nil {
			r := gov.Day(*t.RemindedOn)
			t.RemindedOn = &r
		}
		s.Current, s.EndsSoon = true, true
		out = append(out, t)
	}
	return out, rows.Err()
}

// getTerm is one seat as a term, whether or not it ends soon.
func getTerm(ctx context.Context, q db.Q, seatID int64) (Term, error) {
	rows, err := q.QueryContext(ctx, termSelect+`WHERE s.id = $1`, seatID)
	if err != nil {
		return Term{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		return Term{}, kern.Errorf(kern.NotFound, "error.not_found")
	}
	var t Term
	s := &t.Seat
	err = rows.Scan(&s.ID, &s.BodyID, &s.PersonID, &s.PersonName, &s.Role, &s.Group, &s.OrgID, &s.OrgName, &s.Neutral,
		&s.TermStart, &s.TermEnd, &s.TermNumber, &s.MaxTerms, &s.CreatedAt, &s.UpdatedAt,
		&t.BodyName, &t.BodyKind, &t.RemindedOn, &t.VacancyID, &t.VacancyState)
	s.TermStart = gov.Day(s.TermStart)
	if s.TermEnd != nil {
		e := gov.Day(*s.TermEnd)
		s.TermEnd = &e
	}
	return t, err
}

// markReminded records the reminder of a seat's term unless it was already sent for this end;
// it reports whether this call recorded it, so two runs never remind twice.
func markReminded(ctx context.Context, q db.Q, seatID int64, today, windowStart time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE seats SET reminded_on = $1 WHERE id = $2 AND (reminded_on IS NULL OR reminded_on < $3)`,
		today, seatID, windowStart)
	if err != nil {
		return false, fmt.Errorf("mark reminded: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// managersOf are the people in the body's current seats with the roles given, in role order.
func managersOf(ctx context.Context, q db.Q, bodyID int64, today time.Time, roles ...string) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.person_id, s.role FROM seats s WHERE s.body_id = $1 AND s.term_start <= $2
AND (s.term_end IS NULL OR s.term_end >= $2) ORDER BY s.id`, bodyID, today)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byRole := map[string][]int64{}
	for rows.Next() {
		var pid int64
		var role string
		if err := rows.Scan(&pid, &role); err != nil {
			return nil, err
		}
		byRole[role] = append(byRole[role], pid)
	}
	var out []int64
	for _, r := range roles {
		for _, pid := range byRole[r] {
			if !containsID(out, pid) {
				out = append(out, pid)
			}
		}
	}
	return out, rows.Err()
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

const vacancySelect = `SELECT v.id, v.body_id, b.name, b.kind, v.seat_id, v.role, coalesce(v.stakeholder_group, ''), v.title, v.description,
v.starts_on, v.closes_on, v.state, v.published_at, v.filled_seat_id,
(SELECT count(*) FROM vacancy_applications a WHERE a.vacancy_id = v.id), v.created_at, v.updated_at
FROM vacancies v JOIN bodies b ON b.id = v.body_id `

func scanVacancy(row scanner) (Vacancy, error) {
	var v Vacancy
	err := row.Scan(&v.ID, &v.BodyID, &v.BodyName, &v.BodyKind, &v.SeatID, &v.Role, &v.Group, &v.Title, &v.Description,
		&v.StartsOn, &v.ClosesOn, &v.State, &v.PublishedAt, &v.FilledSeatID, &v.Applications, &v.CreatedAt, &v.UpdatedAt)
	v.ClosesOn = gov.Day(v.ClosesOn)
	if v.StartsOn != nil {
		d := gov.Day(*v.StartsOn)
		v.StartsOn = &d
	}
	return v, err
}

// listVacancies returns the vacancies matching f; openOn, when not zero, keeps only those
// published and not past their closing date on that day. Newest closing date last.
func listVacancies(ctx context.Context, q db.Q, f VacancyFilter, openOn time.Time) ([]Vacancy, error) {
	c := &db.Clause{}
	if f.Q != "" {
		c.Add(`v.search_text LIKE ? ESCAPE '\'`, "%"+db.EscapeLike(org.Fold(f.Q))+"%")
	}
	if f.Kind != "" {
		c.Add("b.kind = ?", f.Kind)
	}
	if f.BodyID != 0 {
		c.Add("v.body_id = ?", f.BodyID)
	}
	if f.State != "" {
		c.Add("v.state = ?", f.State)
	}
	if !openOn.IsZero() {
		c.Add("v.state = 'published' AND v.closes_on >= ?", openOn)
	}
	rows, err := q.QueryContext(ctx, vacancySelect+c.SQL()+` ORDER BY v.closes_on, v.id`, c.Args...)
	if err != nil {
		return nil, fmt.Errorf("list vacancies: %w", err)
	}
	defer rows.Close()
	out := []Vacancy{}
	for rows.Next() {
		v, err := scanVacancy(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func getVacancy(ctx context.Context, q db.Q, id int64) (Vacancy, error) {
	v, err := scanVacancy(q.QueryRowContext(ctx, vacancySelect+`WHERE v.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return v, kern.Errorf(kern.NotFound, "error.not_found")
	}
	if err != nil {
		return v, fmt.Errorf("get vacancy %d: %w", id, err)
	}
	return v, nil
}

func vacancySearchText(in VacancyInput, bodyName string) string {
	return org.Fold(in.Title + " " + bodyName + " " + in.Description)
}

func insertVacancy(ctx context.Context, q db.Q, in VacancyInput, search string, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO vacancies (body_id, seat_id, role, stakeholder_group, title, description, starts_on, closes_on,
state, search_text, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', $9, $10, $10) RETURNING id`,
		in.BodyID, in.SeatID, in.Role, nullString(in.Group), in.Title, in.Description, in.StartsOn, in.ClosesOn, search, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert vacancy: %w", err)
	}
	return id, nil
}

func updateVacancy(ctx context.Context, q db.Q, id int64, in VacancyInput, search string, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE vacancies SET body_id = $1, seat_id = $2, role = $3, stakeholder_group = $4, title = $5,
description = $6, starts_on = $7, closes_on = $8, search_text = $9, updated_at = $10 WHERE id = $11`,
		in.BodyID, in.SeatID, in.Role, nullString(in.Group), in.Title, in.Description, in.StartsOn, in.ClosesOn, search, now, id)
	return err
}

func setVacancyState(ctx context.Context, q db.Q, id int64, state string, now time.Time) error {
	query := `UPDATE vacancies SET state = $1, updated_at = $2 WHERE id = $3`
	if state == "published" {
		query = `UPDATE vacancies SET state = $1, updated_at = $2, published_at = coalesce(published_at, $2) WHERE id = $3`
	}
	_, err := q.ExecContext(ctx, query, state, now, id)
	return err
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

const applicationSelect = `SELECT id, vacancy_id, name, email, organisation, motivation, user_id, person_id, state, note, seat_id,
created_at, updated_at FROM vacancy_applications `

func scanApplication(row scanner) (Application, error) {
	var a Application
	err := row.Scan(&a.ID, &a.VacancyID, &a.Name, &a.Email, &a.Organisation, &a.Motivation, &a.UserID, &a.PersonID, &a.State,
		&a.Note, &a.SeatID, &a.CreatedAt, &a.UpdatedAt)
	return a, err
}

func listApplications(ctx context.Context, q db.Q, vacancyID int64) ([]Application, error) {
	rows, err := q.QueryContext(ctx, applicationSelect+`WHERE vacancy_id = $1 ORDER BY created_at, id`, vacancyID)
	if err != nil {
		return nil, fmt.Errorf("list applications: %w", err)
	}
	defer rows.Close()
	out := []Application{}
	for rows.Next() {
		a, err := scanApplication(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// getApplication is one application of the vacancy; another vacancy's is not found.
func getApplication(ctx context.Context, q db.Q, vacancyID, id int64) (Application, error) {
	a, err := scanApplication(q.QueryRowContext(ctx, applicationSelect+`WHERE id = $1 AND vacancy_id = $2`, id, vacancyID))
	if errors.Is(err, sql.ErrNoRows) {
		return a, kern.Errorf(kern.NotFound, "error.not_found")
	}
	return a, err
}

func applicationExists(ctx context.Context, q db.Q, vacancyID int64, email string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM vacancy_applications WHERE vacancy_id = $1 AND email = $2`, vacancyID, email).Scan(&n)
	return n > 0, err
}

func recentApplications(ctx context.Context, q db.Q, vacancyID int64, since time.Time) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM vacancy_applications WHERE vacancy_id = $1 AND created_at >= $2`, vacancyID, since).Scan(&n)
	return n, err
}

func insertApplication(ctx context.Context, q db.Q, vacancyID int64, in ApplicationInput, userID, personID *int64, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO vacancy_applications (vacancy_id, name, email, organisation, motivation, user_id, person_id,
state, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'received', $8, $8) RETURNING id`,
		vacancyID, in.Name, in.Email, in.Organisation, in.Motivation, userID, personID, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert application: %w", err)
	}
	return id, nil
}

func reviewApplication(ctx context.Context, q db.Q, id int64, state, note string, personID, seatID *int64, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE vacancy_applications SET state = $1, note = $2, person_id = coalesce($3, person_id),
seat_id = coalesce($4, seat_id), updated_at = $5 WHERE id = $6`, state, note, personID, seatID, now, id)
	return err
}

// personByEmail is the registry person with this address (0 when none).
func personByEmail(ctx context.Context, q db.Q, email string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM people WHERE lower(email) = $1 ORDER BY id LIMIT 1`, email).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// accountPerson is the registry person linked to the account (0 when none).
func accountPerson(ctx context.Context, q db.Q, userID int64) (int64, error) {
	var pid *int64
	err := q.QueryRowContext(ctx, `SELECT person_id FROM users WHERE id = $1`, userID).Scan(&pid)
	if errors.Is(err, sql.ErrNoRows) || pid == nil {
		return 0, nil
	}
	return *pid, err
}
