package org

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"kern"
	"kern/internal/db"
)

const personColumns = `p.id, p.given_name, p.family_name, p.email, p.profession, coalesce(p.member_category, ''),
p.member_since, p.created_at, p.updated_at`

func scanPerson(row interface{ Scan(...any) error }) (Person, error) {
	var p Person
	err := row.Scan(&p.ID, &p.GivenName, &p.FamilyName, &p.Email, &p.Profession, &p.MemberCategory, &p.MemberSince,
		&p.CreatedAt, &p.UpdatedAt)
	return p, err
}

func getPerson(ctx context.Context, q db.Q, id int64) (Person, error) {
	p, err := scanPerson(q.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people p WHERE p.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, kern.Errorf(kern.NotFound, "error.not_found")
	}
	if err != nil {
		return p, fmt.Errorf("get person %d: %w", id, err)
	}
	list := []Person{p}
	if err := loadAffiliations(ctx, q, list); err != nil {
		return p, err
	}
	return list[0], nil
}

// PersonFilter selects people for a list.
type PersonFilter struct {
	Q          string
	Profession string
	Category   string
	OrgID      int64
	Sort       string // name, -name, member_since, -member_since, updated, -updated
	Page       int
	PerPage    int
}

// PersonSorts maps the sort parameter to its ORDER BY: only these strings ever reach the SQL.
var PersonSorts = map[string]string{
	"name":          "lower(p.family_name), lower(p.given_name), p.id",
	"-name":         "lower(p.family_name) DESC, lower(p.given_name) DESC, p.id DESC",
	"member_since":  "p.member_since, p.id",
	"-member_since": "p.member_since DESC, p.id DESC",
	"updated":       "p.updated_at, p.id",
	"-updated":      "p.updated_at DESC, p.id DESC",
}

// Normalize fills defaults and bounds, and refuses unknown values of closed lists.
func (f *PersonFilter) Normalize() error {
	var v kern.Validation
	if _, ok := PersonSorts[f.Sort]; !ok && f.Sort != "" {
		v.Add("sort", "field.unknown_choice")
	}
	v.Check(f.Profession == "" || contains(Professions, f.Profession), "profession", "field.unknown_choice")
	v.Check(f.Category == "" || contains(MemberCategories, f.Category), "member_category", "field.unknown_choice")
	f.Q = strings.TrimSpace(f.Q)
	if f.Sort == "" {
		f.Sort = "name"
	}
	f.Page, f.PerPage = pageBounds(f.Page, f.PerPage)
	return v.Err()
}

func (f PersonFilter) where() *db.Clause {
	c := &db.Clause{}
	if f.Q != "" {
		c.Add(`p.search_text LIKE ? ESCAPE '\'`, searchPattern(f.Q))
	}
	if f.Profession != "" {
		c.Add("p.profession = ?", f.Profession)
	}
	if f.Category != "" {
		c.Add("p.member_category = ?", f.Category)
	}
	if f.OrgID != 0 {
		c.Add("EXISTS (SELECT 1 FROM affiliations a WHERE a.person_id = p.id AND a.org_id = ?)", f.OrgID)
	}
	return c
}

func listPeople(ctx context.Context, q db.Q, f PersonFilter, all bool) ([]Person, int, error) {
	list, total, err := listPage(ctx, q, f.where(), "people p", `SELECT `+personColumns+` FROM people p `, PersonSorts[f.Sort],
		f.Page, f.PerPage, all, scanPerson)
	if err != nil {
		return nil, 0, err
	}
	return list, total, loadAffiliations(ctx, q, list)
}

// loadAffiliations fills the affiliations of people in one query per 500 people, not one each.
func loadAffiliations(ctx context.Context, q db.Q, people []Person) error {
	index := map[int64]int{}
	for i := range people {
		index[people[i].ID] = i
		people[i].Affiliations = []Affiliation{}
	}
	for start := 0; start < len(people); start += 500 {
		chunk := people[start:min(start+500, len(people))]
		marks := make([]string, len(chunk))
		args := make([]any, len(chunk))
		for i, p := range chunk {
			marks[i] = fmt.Sprintf("$%d", i+1)
			args[i] = p.ID
		}
		rows, err := q.QueryContext(ctx, `
SELECT a.person_id, a.id, a.org_id, o.name, a.role, a.start_on, a.end_on
FROM affiliations a JOIN organizations o ON o.id = a.org_id
WHERE a.person_id IN (`+strings.Join(marks, ",")+`) ORDER BY a.person_id, a.start_on, a.id`, args...)
		if err != nil {
			return fmt.Errorf("load affiliations: %w", err)
		}
		for rows.Next() {
			var pid int64
			var a Affiliation
			if err := rows.Scan(&pid, &a.ID, &a.OrgID, &a.OrgName, &a.Role, &a.StartOn, &a.EndOn); err != nil {
				rows.Close()
				return err
			}
			i := index[pid]
			people[i].Affiliations = append(people[i].Affiliations, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func emailInUse(ctx context.Context, q db.Q, email string, exceptID int64) (bool, error) {
	if email == "" {
		return false, nil
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM people WHERE email = $1 AND id <> $2`, email, exceptID).Scan(&n)
	return n > 0, err
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func insertPerson(ctx context.Context, q db.Q, in PersonInput, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `
INSERT INTO people (given_name, family_name, email, profession, member_category, member_since, search_text, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
		in.GivenName, in.FamilyName, in.Email, in.Profession, nullString(in.MemberCategory), in.MemberSince, in.searchText(), now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert person: %w", err)
	}
	return id, nil
}

func updatePerson(ctx context.Context, q db.Q, id int64, in PersonInput, now time.Time) error {
	_, err := q.ExecContext(ctx, `
UPDATE people SET given_name = $1, family_name = $2, email = $3, profession = $4, member_category = $5, member_since = $6,
  search_text = $7, updated_at = $8 WHERE id = $9`,
		in.GivenName, in.FamilyName, in.Email, in.Profession, nullString(in.MemberCategory), in.MemberSince, in.searchText(), now, id)
	if err != nil {
		return fmt.Errorf("update person %d: %w", id, err)
	}
	return nil
}

// CategoryCount is a member category with its current count and its count on 1 January 2022.
type CategoryCount struct {
	Code      string `json:"code"`
	Members   int    `json:"members"`
	Reference int    `json:"reference_2022"`
}

func categoryCounts(ctx context.Context, q db.Q) ([]CategoryCount, error) {
	rows, err := q.QueryContext(ctx, `
SELECT c.code, count(p.id), c.reference_count FROM member_categories c LEFT JOIN people p ON p.member_category = c.code
GROUP BY c.code, c.position, c.reference_count ORDER BY c.position`)
	if err != nil {
		return nil, fmt.Errorf("category counts: %w", err)
	}
	defer rows.Close()
	var out []CategoryCount
	for rows.Next() {
		var c CategoryCount
		if err := rows.Scan(&c.Code, &c.Members, &c.Reference); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
