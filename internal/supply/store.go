package supply

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/nuclide"
	"kern/internal/org"
)

type scanner interface{ Scan(...any) error }

// scope limits a query to the rows of the producers p holds a role in: the tenant rule for every
// write (and every lookup before one). The coordination office is not limited.
func scope(c *db.Clause, p *auth.Principal, col string) {
	if p.IsCoordinator() {
		return
	}
	var ids []any
	if p != nil {
		keys := make([]int64, 0, len(p.OrgRoles))
		for id := range p.OrgRoles {
			keys = append(keys, id)
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
		for _, id := range keys {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		c.Add("1 = 0")
		return
	}
	c.Add(col+" IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")+")", ids...)
}

func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return kern.Errorf(kern.NotFound, "error.not_found")
	}
	if err != nil {
		return fmt.Errorf("get %s: %w", what, err)
	}
	return nil
}

// Facilities.

const facilityColumns = `f.id, f.org_id, o.name, f.kind, f.name, f.site, f.country, f.starts_on, f.ends_on, f.notes, f.created_at, f.updated_at`
const facilityFrom = ` FROM facilities f JOIN organizations o ON o.id = f.org_id `

func scanFacility(row scanner) (Facility, error) {
	var f Facility
	err := row.Scan(&f.ID, &f.OrgID, &f.OrgName, &f.Kind, &f.Name, &f.Site, &f.Country, &f.StartsOn, &f.EndsOn, &f.Notes,
		&f.CreatedAt, &f.UpdatedAt)
	return f, err
}

func getFacility(ctx context.Context, q db.Q, c *db.Clause) (Facility, error) {
	f, err := scanFacility(q.QueryRowContext(ctx, `SELECT `+facilityColumns+facilityFrom+c.SQL(), c.Args...))
	return f, notFound(err, "facility")
}

func facilityByID(id int64) *db.Clause {
	c := &db.Clause{}
	c.Add("f.id = ?", id)
	return c
}

// FacilityFilter selects facilities for a list.
type FacilityFilter struct {
	Q       string
	Kind    string
	Country string
	OrgID   int64
	Sort    string // name, kind, country, producer
	Page    int
	PerPage int
}

// FacilitySorts maps the sort parameter to its ORDER BY: only these strings reach the SQL.
var FacilitySorts = map[string]string{
	"name":     "lower(f.name), f.id",
	"-name":    "lower(f.name) DESC, f.id DESC",
	"kind":     "f.kind, lower(f.name), f.id",
	"country":  "f.country, lower(f.name), f.id",
	"producer": "lower(o.name), lower(f.name), f.id",
}

// Normalize fills defaults and refuses unknown values of closed lists.
func (f *FacilityFilter) Normalize() error {
	var v kern.Validation
	if _, ok := FacilitySorts[f.Sort]; !ok && f.Sort != "" {
		v.Add("sort", "field.unknown_choice")
	}
	v.Check(f.Kind == "" || contains(FacilityKinds, f.Kind), "kind", "field.unknown_choice")
	f.Country = strings.ToUpper(strings.TrimSpace(f.Country))
	f.Q = strings.TrimSpace(f.Q)
	if f.Sort == "" {
		f.Sort = "name"
	}
	if f.Page < 1 {
		f.Page = 1
	}
	if f.PerPage < 1 {
		f.PerPage = 50
	}
	f.PerPage = min(f.PerPage, org.MaxPerPage)
	return v.Err()
}

func (f FacilityFilter) where() *db.Clause {
	c := &db.Clause{}
	if f.Q != "" {
		c.Add(`f.search_text LIKE ? ESCAPE '\'`, "%"+db.EscapeLike(org.Fold(f.Q))+"%")
	}
	if f.Kind != "" {
		c.Add("f.kind = ?", f.Kind)
	}
	if f.Country != "" {
		c.Add("f.country = ?", f.Country)
	}
	if f.OrgID != 0 {
		c.Add("f.org_id = ?", f.OrgID)
	}
	return c
}

func listFacilities(ctx context.Context, q db.Q, f FacilityFilter, all bool) ([]Facility, int, error) {
	c := f.where()
	total := 0
	if !all {
		if err := q.QueryRowContext(ctx, `SELECT count(*)`+facilityFrom+c.SQL(), c.Args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("count facilities: %w", err)
		}
	}
	limit, offset := f.PerPage, (f.Page-1)*f.PerPage
	if all {
		limit, offset = org.MaxExport, 0
	}
	paging, args := c.Page(limit, offset)
	list, err := queryAll(ctx, q, `SELECT `+facilityColumns+facilityFrom+c.SQL()+` ORDER BY `+FacilitySorts[f.Sort]+paging, args, scanFacility)
	if all {
		total = len(list)
	}
	return list, total, err
}

func queryAll[T any](ctx context.Context, q db.Q, query string, args []any, scan func(scanner) (T, error)) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		x, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

func insertFacility(ctx context.Context, q db.Q, in FacilityInput, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `
INSERT INTO facilities (org_id, kind, name, site, country, starts_on, ends_on, notes, search_text, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
		in.OrgID, in.Kind, in.Name, in.Site, in.Country, in.StartsOn, in.EndsOn, in.Notes, in.searchText(), now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert facility: %w", err)
	}
	return id, nil
}

func updateFacility(ctx context.Context, q db.Q, id int64, in FacilityInput, now time.Time) error {
	_, err := q.ExecContext(ctx, `
UPDATE facilities SET org_id = $1, kind = $2, name = $3, site = $4, country = $5, starts_on = $6, ends_on = $7, notes = $8,
  search_text = $9, updated_at = $10 WHERE id = $11`,
		in.OrgID, in.Kind, in.Name, in.Site, in.Country, in.StartsOn, in.EndsOn, in.Notes, in.searchText(), now, id)
	if err != nil {
		return fmt.Errorf("update facility %d: %w", id, err)
	}
	return nil
}

// producerKind reports whether the organisation exists and is a producer.
func isProducer(ctx context.Context, q db.Q, orgID int64) (bool, error) {
	var kind string
	err := q.QueryRowContext(ctx, `SELECT kind FROM organizations WHERE id = $1`, orgID).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return kind == "producer", err
}

// Products.

const productColumns = `p.id, p.facility_id, f.name, f.org_id, p.name, p.nuclide, p.form, p.nominal_bq, p.shelf_life_hours, p.created_at, p.updated_at`
const productFrom = ` FROM products p JOIN facilities f ON f.id = p.facility_id `

func scanProduct(row scanner) (Product, error) {
	var p Product
	var nominal string
	err := row.Scan(&p.ID, &p.FacilityID, &p.FacilityName, &p.OrgID, &p.Name, &p.Nuclide, &p.Form, &nominal, &p.ShelfLifeHours,
		&p.CreatedAt, &p.UpdatedAt)
	p.Nominal = decodeActivities(nominal)
	return p, err
}

func getProduct(ctx context.Context, q db.Q, c *db.Clause) (Product, error) {
	p, err := scanProduct(q.QueryRowContext(ctx, `SELECT `+productColumns+productFrom+c.SQL(), c.Args...))
	return p, notFound(err, "product")
}

// ProductFilter selects products.
type ProductFilter struct {
	FacilityID int64
	Nuclide    string
	Form       string
}

func listProducts(ctx context.Context, q db.Q, f ProductFilter) ([]Product, error) {
	c := &db.Clause{}
	if f.FacilityID != 0 {
		c.Add("p.facility_id = ?", f.FacilityID)
	}
	if f.Nuclide != "" {
		if n, err := nuclide.Lookup(f.Nuclide); err == nil {
			f.Nuclide = n.Name
		}
		c.Add("p.nuclide = ?", f.Nuclide)
	}
	if f.Form != "" {
		c.Add("p.form = ?", f.Form)
	}
	return queryAll(ctx, q, `SELECT `+productColumns+productFrom+c.SQL()+` ORDER BY lower(f.name), p.nuclide, p.form, p.id`, c.Args, scanProduct)
}

func insertProduct(ctx context.Context, q db.Q, in ProductInput, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `
INSERT INTO products (facility_id, name, nuclide, form, nominal_bq, shelf_life_hours, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
		in.FacilityID, in.Name, in.Nuclide, in.Form, encodeActivities(in.Nominal), in.ShelfLifeHours, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert product: %w", err)
	}
	return id, nil
}

func updateProduct(ctx context.Context, q db.Q, id int64, in ProductInput, now time.Time) error {
	_, err := q.ExecContext(ctx, `
UPDATE products SET name = $1, nuclide = $2, form = $3, nominal_bq = $4, shelf_life_hours = $5, updated_at = $6 WHERE id = $7`,
		in.Name, in.Nuclide, in.Form, encodeActivities(in.Nominal), in.ShelfLifeHours, now, id)
	if err != nil {
		return fmt.Errorf("update product %d: %w", id, err)
	}
	return nil
}

// Schedules.

const scheduleColumns = `s.id, s.facility_id, f.name, f.org_id, s.product_id, coalesce(p.name, ''), coalesce(p.nuclide, ''), s.starts_on, s.ends_on, s.on_days,
s.off_days, s.activity_bq, s.run_weekdays, s.note, s.created_at, s.updated_at`
const scheduleFrom = ` FROM facility_schedules s JOIN facilities f ON f.id = s.facility_id LEFT JOIN products p ON p.id = s.product_id `

func scanSchedule(row scanner) (Schedule, error) {
	var s Schedule
	err := row.Scan(&s.ID, &s.FacilityID, &s.FacilityName, &s.OrgID, &s.ProductID, &s.ProductName, &s.Nuclide, &s.StartsOn, &s.EndsOn,
		&s.OnDays, &s.OffDays, &s.Activity, &s.RunWeekdays, &s.Note, &s.CreatedAt, &s.UpdatedAt)
	s.StartsOn = s.StartsOn.UTC()
	return s, err
}

func getSchedule(ctx context.Context, q db.Q, c *db.Clause) (Schedule, error) {
	s, err := scanSchedule(q.QueryRowContext(ctx, `SELECT `+scheduleColumns+scheduleFrom+c.SQL(), c.Args...))
	return s, notFound(err, "schedule")
}

func listSchedules(ctx context.Context, q db.Q, facilityID int64) ([]Schedule, error) {
	c := &db.Clause{}
	if facilityID != 0 {
		c.Add("s.facility_id = ?", facilityID)
	}
	return queryAll(ctx, q, `SELECT `+scheduleColumns+scheduleFrom+c.SQL()+` ORDER BY lower(f.name), s.starts_on, s.id`, c.Args, scanSchedule)
}

func insertSchedule(ctx context.Context, q db.Q, in ScheduleInput, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `
INSERT INTO facility_schedules (facility_id, product_id, starts_on, ends_on, on_days, off_days, activity_bq, run_weekdays, note,
  created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
		in.FacilityID, in.ProductID, in.StartsOn, in.EndsOn, in.OnDays, in.OffDays, float64(in.Activity), int(in.RunWeekdays), in.Note, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert schedule: %w", err)
	}
	return id, nil
}

func updateSchedule(ctx context.Context, q db.Q, id int64, in ScheduleInput, now time.Time) error {
	_, err := q.ExecContext(ctx, `
UPDATE facility_schedules SET product_id = $1, starts_on = $2, ends_on = $3, on_days = $4, off_days = $5, activity_bq = $6,
  run_weekdays = $7, note = $8, updated_at = $9 WHERE id = $10`,
		in.ProductID, in.StartsOn, in.EndsOn, in.OnDays, in.OffDays, float64(in.Activity), int(in.RunWeekdays), in.Note, now, id)
	if err != nil {
		return fmt.Errorf("update schedule %d: %w", id, err)
	}
	return nil
}

// Outages.

const outageColumns = `x.id, x.facility_id, f.name, f.org_id, x.starts_at, x.ends_at, x.reduction_pct, x.planned, x.reason, x.created_at, x.updated_at`
const outageFrom = ` FROM outages x JOIN facilities f ON f.id = x.facility_id `

func scanOutage(row scanner) (Outage, error) {
	var o Outage
	err := row.Scan(&o.ID, &o.FacilityID, &o.FacilityName, &o.OrgID, &o.StartsAt, &o.EndsAt, &o.Reduction, &o.Planned, &o.Reason,
		&o.CreatedAt, &o.UpdatedAt)
	o.StartsAt, o.EndsAt = o.StartsAt.UTC(), o.EndsAt.UTC()
	return o, err
}

func getOutage(ctx context.Context, q db.Q, c *db.Clause) (Outage, error) {
	o, err := scanOutage(q.QueryRowContext(ctx, `SELECT `+outageColumns+outageFrom+c.SQL(), c.Args...))
	return o, notFound(err, "outage")
}

// OutageFilter selects outages: of a facility or a producer, overlapping [From, To), planned or unplanned.
type OutageFilter struct {
	FacilityID int64
	OrgID      int64
	From, To   time.Time
	Kind       string // planned | unplanned
	Q          string // words in the facility's name or the reason, folded
}

// matches reports whether the outage holds f.Q in its facility's name or its reason, folded as
// the other lists fold (case and accents ignored). The reason has no folded column, and the
// list is not paged, so the match is made here rather than in SQL.
func (f OutageFilter) matches(o Outage) bool {
	q := org.Fold(strings.TrimSpace(f.Q))
	return q == "" || strings.Contains(org.Fold(o.FacilityName+" "+o.Reason), q)
}

func listOutages(ctx context.Context, q db.Q, f OutageFilter) ([]Outage, error) {
	c := &db.Clause{}
	if f.FacilityID != 0 {
		c.Add("x.facility_id = ?", f.FacilityID)
	}
	if f.OrgID != 0 {
		c.Add("f.org_id = ?", f.OrgID)
	}
	if !f.From.IsZero() {
		c.Add("x.ends_at > ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		c.Add("x.starts_at < ?", f.To.UTC())
	}
	switch f.Kind {
	case "planned":
		c.Add("x.planned = ?", true)
	case "unplanned":
		c.Add("x.planned = ?", false)
	}
	list, err := queryAll(ctx, q, `SELECT `+outageColumns+outageFrom+c.SQL()+` ORDER BY x.starts_at, lower(f.name), x.id`, c.Args, scanOutage)
	if err != nil || strings.TrimSpace(f.Q) == "" {
		return list, err
	}
	out := []Outage{}
	for _, o := range list {
		if f.matches(o) {
			out = append(out, o)
		}
	}
	return out, nil
}

// standing reads what p's organisations are: their kinds and whether they own a facility.
func standing(ctx context.Context, q db.Q, p *auth.Principal) (Standing, error) {
	st := Standing{Coordinator: p.IsCoordinator()}
	st.Publisher = st.Coordinator
	if p == nil || len(p.OrgRoles) == 0 {
		return st, nil
	}
	ids := make([]any, 0, len(p.OrgRoles))
	for id := range p.OrgRoles {
		ids = append(ids, id)
	}
	c := &db.Clause{}
	c.Add("o.id IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")+")", ids...)
	rows, err := q.QueryContext(ctx, `SELECT o.kind, (SELECT count(*) FROM facilities f WHERE f.org_id = o.id) FROM organizations o `+c.SQL(), c.Args...)
	if err != nil {
		return st, fmt.Errorf("standing: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var facilities int
		if err := rows.Scan(&kind, &facilities); err != nil {
			return st, err
		}
		st.Hospital = st.Hospital || kind == "hospital"
		st.Producer = st.Producer || kind == "producer"
		st.Publisher = st.Publisher || kind == "producer" || facilities > 0
	}
	return st, rows.Err()
}

func insertOutage(ctx context.Context, q db.Q, in OutageInput, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `
INSERT INTO outages (facility_id, starts_at, ends_at, reduction_pct, planned, reason, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
		in.FacilityID, in.StartsAt, in.EndsAt, in.Reduction, in.Planned, in.Reason, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert outage: %w", err)
	}
	return id, nil
}

func updateOutage(ctx context.Context, q db.Q, id int64, in OutageInput, now time.Time) error {
	_, err := q.ExecContext(ctx, `
UPDATE outages SET facility_id = $1, starts_at = $2, ends_at = $3, reduction_pct = $4, planned = $5, reason = $6, updated_at = $7
WHERE id = $8`, in.FacilityID, in.StartsAt, in.EndsAt, in.Reduction, in.Planned, in.Reason, now, id)
	if err != nil {
		return fmt.Errorf("update outage %d: %w", id, err)
	}
	return nil
}
