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

const orgColumns = `o.id, o.kind, o.stakeholder_group, o.name, o.short_name, o.city, o.country, o.website, o.parent_id,
coalesce(p.name, ''), o.hotlab, o.cyclotron, o.pet_ct, o.spect_ct, o.therapy_rooms, o.notes, o.created_at, o.updated_at`

const orgFrom = ` FROM organizations o LEFT JOIN organizations p ON p.id = o.parent_id `

func scanOrg(row interface{ Scan(...any) error }) (Organization, error) {
	var o Organization
	err := row.Scan(&o.ID, &o.Kind, &o.Group, &o.Name, &o.ShortName, &o.City, &o.Country, &o.Website, &o.ParentID,
		&o.ParentName, &o.Hotlab, &o.Cyclotron, &o.PETCT, &o.SPECTCT, &o.TherapyRooms, &o.Notes, &o.CreatedAt, &o.UpdatedAt)
	return o, err
}

func getOrg(ctx context.Context, q db.Q, id int64) (Organization, error) {
	o, err := scanOrg(q.QueryRowContext(ctx, `SELECT `+orgColumns+orgFrom+`WHERE o.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return o, kern.Errorf(kern.NotFound, "error.not_found")
	}
	if err != nil {
		return o, fmt.Errorf("get organization %d: %w", id, err)
	}
	return o, nil
}

// OrgFilter selects organisations for a list.
type OrgFilter struct {
	Q          string
	Kind       string
	Group      string
	Country    string
	Capability string // hotlab, cyclotron, pet_ct, spect_ct, therapy
	ParentID   int64
	Sort       string // name, -name, city, -city, kind, country, updated, -updated
	Page       int
	PerPage    int
}

// Capabilities a list can be filtered on.
var Capabilities = []string{"hotlab", "cyclotron", "pet_ct", "spect_ct", "therapy"}

// OrgSorts maps the sort parameter to its ORDER BY: only these strings ever reach the SQL.
var OrgSorts = map[string]string{
	"name":     "lower(o.name), o.id",
	"-name":    "lower(o.name) DESC, o.id DESC",
	"city":     "lower(o.city), lower(o.name), o.id",
	"-city":    "lower(o.city) DESC, lower(o.name), o.id",
	"kind":     "o.kind, lower(o.name), o.id",
	"country":  "o.country, lower(o.name), o.id",
	"updated":  "o.updated_at, o.id",
	"-updated": "o.updated_at DESC, o.id DESC",
}

// MaxPerPage bounds a page of any list.
const MaxPerPage = 200

// Normalize fills defaults and bounds, and refuses unknown values of closed lists.
func (f *OrgFilter) Normalize() error {
	var v kern.Validation
	if _, ok := OrgSorts[f.Sort]; !ok && f.Sort != "" {
		v.Add("sort", "field.unknown_choice")
	}
	v.Check(f.Kind == "" || validKind(Kind(f.Kind)), "kind", "field.unknown_choice")
	v.Check(f.Group == "" || contains(Groups, f.Group), "stakeholder_group", "field.unknown_choice")
	v.Check(f.Capability == "" || contains(Capabilities, f.Capability), "capability", "field.unknown_choice")
	f.Country = strings.ToUpper(strings.TrimSpace(f.Country))
	f.Q = strings.TrimSpace(f.Q)
	if f.Sort == "" {
		f.Sort = "name"
	}
	f.Page, f.PerPage = pageBounds(f.Page, f.PerPage)
	return v.Err()
}

// pageBounds gives a list's page (from 1) and page size (25 by default, at most MaxPerPage).
func pageBounds(page, perPage int) (int, int) {
	if page < 1 {
		page = 1
	}
	if perPage < 1 {
		perPage = 25
	}
	return page, min(perPage, MaxPerPage)
}

// searchPattern is the LIKE pattern for a search: folded like search_text, with wildcards escaped.
func searchPattern(q string) string {
	if q == "" {
		return ""
	}
	return "%" + db.EscapeLike(Fold(q)) + "%"
}

// capabilityConds are the fixed conditions of the capability filter.
var capabilityConds = map[string]string{"hotlab": "o.hotlab", "cyclotron": "o.cyclotron", "pet_ct": "o.pet_ct > 0",
	"spect_ct": "o.spect_ct > 0", "therapy": "o.therapy_rooms > 0"}

func (f OrgFilter) where() *db.Clause {
	c := &db.Clause{}
	if f.Q != "" {
		c.Add(`o.search_text LIKE ? ESCAPE '\'`, searchPattern(f.Q))
	}
	if f.Kind != "" {
		c.Add("o.kind = ?", f.Kind)
	}
	if f.Group != "" {
		c.Add("o.stakeholder_group = ?", f.Group)
	}
	if f.Country != "" {
		c.Add("o.country = ?", f.Country)
	}
	if cond, ok := capabilityConds[f.Capability]; ok {
		c.Add(cond)
	}
	if f.ParentID != 0 {
		c.Add("o.parent_id = ?", f.ParentID)
	}
	return c
}

// MaxExport bounds the rows of one CSV export.
const MaxExport = 200000

// listPage runs a list: the count of all matches (skipped for an export, which counts what it
// got) and one page of them, or every match up to MaxExport when all is set. countFrom and
// selectSQL end where the WHERE clause begins; order is a value of the list's sort map.
func listPage[T any](ctx context.Context, q db.Q, c *db.Clause, countFrom, selectSQL, order string, page, perPage int, all bool,
	scan func(interface{ Scan(...any) error }) (T, error)) ([]T, int, error) {
	total := 0
	if !all {
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM `+countFrom+` `+c.SQL(), c.Args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("count %s: %w", countFrom, err)
		}
	}
	limit, offset := perPage, (page-1)*perPage
	if all {
		limit, offset = MaxExport, 0
	}
	paging, args := c.Page(limit, offset)
	rows, err := q.QueryContext(ctx, selectSQL+c.SQL()+` ORDER BY `+order+paging, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list %s: %w", countFrom, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		x, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, x)
	}
	if all {
		total = len(out)
	}
	return out, total, rows.Err()
}

func listOrgs(ctx context.Context, q db.Q, f OrgFilter, all bool) ([]Organization, int, error) {
	return listPage(ctx, q, f.where(), "organizations o", `SELECT `+orgColumns+orgFrom, OrgSorts[f.Sort], f.Page, f.PerPage, all, scanOrg)
}

func insertOrg(ctx context.Context, q db.Q, in OrgInput, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `
INSERT INTO organizations (kind, stakeholder_group, name, short_name, city, country, website, parent_id, hotlab, cyclotron,
  pet_ct, spect_ct, therapy_rooms, notes, search_text, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id`,
		in.Kind, in.Group, in.Name, in.ShortName, in.City, in.Country, in.Website, in.ParentID, in.Hotlab, in.Cyclotron,
		in.PETCT, in.SPECTCT, in.TherapyRooms, in.Notes, in.searchText(), now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert organization: %w", err)
	}
	return id, nil
}

func updateOrg(ctx context.Context, q db.Q, id int64, in OrgInput, now time.Time) error {
	_, err := q.ExecContext(ctx, `
UPDATE organizations SET kind = $1, stakeholder_group = $2, name = $3, short_name = $4, city = $5, country = $6, website = $7,
  parent_id = $8, hotlab = $9, cyclotron = $10, pet_ct = $11, spect_ct = $12, therapy_rooms = $13, notes = $14,
  search_text = $15, updated_at = $16
WHERE id = $17`,
		in.Kind, in.Group, in.Name, in.ShortName, in.City, in.Country, in.Website, in.ParentID, in.Hotlab, in.Cyclotron,
		in.PETCT, in.SPECTCT, in.TherapyRooms, in.Notes, in.searchText(), now, id)
	if err != nil {
		return fmt.Errorf("update organization %d: %w", id, err)
	}
	return nil
}

// references counts what still points at an organisation.
type references struct{ Departments, Affiliations, Accounts int }

func (r references) any() bool { return r.Departments+r.Affiliations+r.Accounts > 0 }

func orgReferences(ctx context.Context, q db.Q, id int64) (references, error) {
	var r references
	err := q.QueryRowContext(ctx, `SELECT
  (SELECT count(*) FROM organizations WHERE parent_id = $1),
  (SELECT count(*) FROM affiliations WHERE org_id = $1),
  (SELECT count(*) FROM org_roles WHERE org_id = $1)`, id).Scan(&r.Departments, &r.Affiliations, &r.Accounts)
	return r, err
}

// GroupCount is a stakeholder group with the number of organisations in it.
type GroupCount struct {
	Code          string `json:"code"`
	Organizations int    `json:"organizations"`
}

func groupCounts(ctx context.Context, q db.Q) ([]GroupCount, error) {
	rows, err := q.QueryContext(ctx, `
SELECT g.code, count(o.id) FROM stakeholder_groups g LEFT JOIN organizations o ON o.stakeholder_group = g.code
GROUP BY g.code, g.position ORDER BY g.position`)
	if err != nil {
		return nil, fmt.Errorf("group counts: %w", err)
	}
	defer rows.Close()
	var out []GroupCount
	for rows.Next() {
		var g GroupCount
		if err := rows.Scan(&g.Code, &g.Organizations); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}
