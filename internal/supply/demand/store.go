package demand

import (
	"context"
	"database/sql"
	"encoding/json"
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

// orgIDs are the organisations p holds a role in, in a stable order.
func orgIDs(p *auth.Principal) []any {
	if p == nil {
		return nil
	}
	keys := make([]int64, 0, len(p.OrgRoles))
	for id := range p.OrgRoles {
		keys = append(keys, id)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	out := make([]any, len(keys))
	for i, id := range keys {
		out[i] = id
	}
	return out
}

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// writeScope limits a query to the rows of the organisations p holds a role in (the tenant rule:
// the organisation id is in the WHERE). The coordination office is not limited.
func writeScope(c *db.Clause, p *auth.Principal, col string) {
	if p.IsCoordinator() {
		return
	}
	ids := orgIDs(p)
	if len(ids) == 0 {
		c.Add("1 = 0")
		return
	}
	c.Add(col+" IN ("+marks(len(ids))+")", ids...)
}

// readScope limits demand to what p may read: a hospital's own, and for a producer the demand
// for its products (the product's facility belongs to the producer).
func readScope(c *db.Clause, p *auth.Principal, orgCol, producerCol string) {
	if p.IsCoordinator() {
		return
	}
	ids := orgIDs(p)
	if len(ids) == 0 {
		c.Add("1 = 0")
		return
	}
	c.Add("("+orgCol+" IN ("+marks(len(ids))+") OR "+producerCol+" IN ("+marks(len(ids))+"))", append(append([]any{}, ids...), ids...)...)
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

func likeAny(c *db.Clause, q string, cols ...string) {
	q = strings.TrimSpace(q)
	if q == "" {
		return
	}
	pat := "%" + db.EscapeLike(strings.ToLower(q)) + "%"
	parts := make([]string, len(cols))
	args := make([]any, len(cols))
	for i, col := range cols {
		parts[i] = "lower(" + col + `) LIKE ? ESCAPE '\'`
		args[i] = pat
	}
	c.Add("("+strings.Join(parts, " OR ")+")", args...)
}

// Route defaults.

const defaultColumns = `id, from_country, to_country, transit_hours, created_at, updated_at`

func scanDefault(row scanner) (RouteDefault, error) {
	var d RouteDefault
	err := row.Scan(&d.ID, &d.FromCountry, &d.ToCountry, &d.TransitHours, &d.CreatedAt, &d.UpdatedAt)
	return d, err
}

func listDefaults(ctx context.Context, q db.Q) ([]RouteDefault, error) {
	return queryAll(ctx, q, `SELECT `+defaultColumns+` FROM route_defaults ORDER BY from_country, to_country, id`, nil, scanDefault)
}

func getDefault(ctx context.Context, q db.Q, id int64) (RouteDefault, error) {
	d, err := scanDefault(q.QueryRowContext(ctx, `SELECT `+defaultColumns+` FROM route_defaults WHERE id = $1`, id))
	return d, notFound(err, "route default")
}

func defaultExists(ctx context.Context, q db.Q, in RouteDefaultInput, except int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM route_defaults WHERE from_country = $1 AND to_country = $2 AND id <> $3`,
		in.FromCountry, in.ToCountry, except).Scan(&n)
	return n > 0, err
}

// Routes.

const routeColumns = `r.id, r.facility_id, f.name, f.org_id, f.country, r.org_id, o.name, o.country, r.transit_hours, r.note, r.created_at, r.updated_at`
const routeFrom = ` FROM routes r JOIN facilities f ON f.id = r.facility_id JOIN organizations o ON o.id = r.org_id `

func scanRoute(row scanner) (Route, error) {
	var r Route
	err := row.Scan(&r.ID, &r.FacilityID, &r.FacilityName, &r.FacilityOrgID, &r.FacilityCountry, &r.OrgID, &r.OrgName, &r.OrgCountry,
		&r.TransitHours, &r.Note, &r.CreatedAt, &r.UpdatedAt)
	return r, err
}

// RouteFilter selects route overrides.
type RouteFilter struct {
	Q          string // words in the facility's or the hospital's name, or the note
	FacilityID int64
	OrgID      int64 // the hospital
}

func listRoutes(ctx context.Context, q db.Q, f RouteFilter) ([]Route, error) {
	c := &db.Clause{}
	if f.FacilityID != 0 {
		c.Add("r.facility_id = ?", f.FacilityID)
	}
	if f.OrgID != 0 {
		c.Add("r.org_id = ?", f.OrgID)
	}
	likeAny(c, f.Q, "f.name", "o.name", "r.note")
	return queryAll(ctx, q, `SELECT `+routeColumns+routeFrom+c.SQL()+` ORDER BY lower(f.name), lower(o.name), r.id`, c.Args, scanRoute)
}

func getRoute(ctx context.Context, q db.Q, c *db.Clause) (Route, error) {
	r, err := scanRoute(q.QueryRowContext(ctx, `SELECT `+routeColumns+routeFrom+c.SQL(), c.Args...))
	return r, notFound(err, "route")
}

// Standing demand.

const standingColumns = `x.id, x.org_id, o.name, x.product_id, p.name, f.name, f.org_id, p.nuclide, p.form, x.weekday, x.at_time,
x.activity_bq, x.priority, x.divisible, x.window_hours, x.starts_on, x.ends_on, x.note, x.created_at, x.updated_at`
const standingFrom = ` FROM standing_demands x JOIN organizations o ON o.id = x.org_id JOIN products p ON p.id = x.product_id
JOIN facilities f ON f.id = p.facility_id `

func scanStanding(row scanner) (StandingDemand, error) {
	var s StandingDemand
	var a float64
	err := row.Scan(&s.ID, &s.OrgID, &s.OrgName, &s.ProductID, &s.ProductName, &s.FacilityName, &s.FacilityOrgID, &s.Nuclide, &s.Form,
		&s.Weekday, &s.AtTime, &a, &s.Priority, &s.Divisible, &s.WindowHours, &s.StartsOn, &s.EndsOn, &s.Note, &s.CreatedAt, &s.UpdatedAt)
	s.Activity = nuclide.Activity(a)
	s.ActivityText = s.Activity.String()
	s.StartsOn = s.StartsOn.UTC()
	if s.EndsOn != nil {
		e := s.EndsOn.UTC()
		s.EndsOn = &e
	}
	return s, err
}

// StandingFilter selects standing demand.
type StandingFilter struct {
	Q         string
	OrgID     int64
	ProductID int64
	Nuclide   string
	Producer  int64 // only the products of this producer's facilities
}

func (f StandingFilter) where() *db.Clause {
	c := &db.Clause{}
	likeAny(c, f.Q, "o.name", "p.name", "f.name", "x.note")
	if f.OrgID != 0 {
		c.Add("x.org_id = ?", f.OrgID)
	}
	if f.ProductID != 0 {
		c.Add("x.product_id = ?", f.ProductID)
	}
	if f.Nuclide != "" {
		c.Add("p.nuclide = ?", canonicalNuclide(f.Nuclide))
	}
	if f.Producer != 0 {
		c.Add("f.org_id = ?", f.Producer)
	}
	return c
}

func canonicalNuclide(s string) string {
	if n, err := nuclide.Lookup(s); err == nil {
		return n.Name
	}
	return s
}

func listStanding(ctx context.Context, q db.Q, c *db.Clause) ([]StandingDemand, error) {
	return queryAll(ctx, q, `SELECT `+standingColumns+standingFrom+c.SQL()+
		` ORDER BY lower(o.name), x.weekday, x.at_time, lower(p.name), x.id LIMIT 20000`, c.Args, scanStanding)
}

func getStanding(ctx context.Context, q db.Q, c *db.Clause) (StandingDemand, error) {
	s, err := scanStanding(q.QueryRowContext(ctx, `SELECT `+standingColumns+standingFrom+c.SQL(), c.Args...))
	return s, notFound(err, "standing demand")
}

func insertStanding(ctx context.Context, q db.Q, in StandingInput, divisible bool, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `
INSERT INTO standing_demands (org_id, product_id, weekday, at_time, activity_bq, priority, divisible, window_hours, starts_on, ends_on,
  note, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
		in.OrgID, in.ProductID, in.Weekday, in.AtTime, float64(in.Activity), in.Priority, divisible, in.WindowHours, in.StartsOn,
		in.EndsOn, in.Note, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert standing demand: %w", err)
	}
	return id, nil
}

func updateStanding(ctx context.Context, q db.Q, id int64, in StandingInput, divisible bool, now time.Time) error {
	_, err := q.ExecContext(ctx, `
UPDATE standing_demands SET org_id = $1, product_id = $2, weekday = $3, at_time = $4, activity_bq = $5, priority = $6,
  divisible = $7, window_hours = $8, starts_on = $9, ends_on = $10, note = $11, updated_at = $12 WHERE id = $13`,
		in.OrgID, in.ProductID, in.Weekday, in.AtTime, float64(in.Activity), in.Priority, divisible, in.WindowHours, in.StartsOn,
		in.EndsOn, in.Note, now, id)
	if err != nil {
		return fmt.Errorf("update standing demand %d: %w", id, err)
	}
	return nil
}

// Orders.

const orderColumns = `x.id, x.org_id, o.name, x.product_id, p.name, f.name, f.org_id, p.nuclide, p.form, x.activity_bq, x.calibration_at,
x.window_end, x.priority, x.divisible, x.reference, x.status, x.note, x.created_by, x.created_at, x.updated_at`
const orderFrom = ` FROM orders x JOIN organizations o ON o.id = x.org_id JOIN products p ON p.id = x.product_id
JOIN facilities f ON f.id = p.facility_id `

func scanOrder(row scanner) (Order, error) {
	var o Order
	var a float64
	err := row.Scan(&o.ID, &o.OrgID, &o.OrgName, &o.ProductID, &o.ProductName, &o.FacilityName, &o.FacilityOrgID, &o.Nuclide, &o.Form,
		&a, &o.CalibrationAt, &o.WindowEnd, &o.Priority, &o.Divisible, &o.Reference, &o.Status, &o.Note, &o.CreatedBy, &o.CreatedAt, &o.UpdatedAt)
	o.Activity = nuclide.Activity(a)
	o.ActivityText = o.Activity.String()
	o.CalibrationAt = o.CalibrationAt.UTC()
	if o.WindowEnd != nil {
		w := o.WindowEnd.UTC()
		o.WindowEnd = &w
	}
	return o, err
}

// OrderFilter selects orders for a list.
type OrderFilter struct {
	Q         string // reference, hospital or product
	OrgID     int64
	ProductID int64
	Nuclide   string
	Priority  int
	Status    string
	From, To  time.Time // calibration in [From, To)
	Producer  int64
	Page      int
	PerPage   int
}

// Normalize fills defaults and refuses unknown values of closed lists.
func (f *OrderFilter) Normalize() error {
	var v kern.Validation
	v.Check(f.Status == "" || f.Status == StatusOpen || f.Status == StatusCancelled, "status", "field.unknown_choice")
	v.Check(f.Priority >= 0 && f.Priority <= 3, "priority", "demand.priority_range")
	v.Check(f.From.IsZero() || f.To.IsZero() || f.To.After(f.From), "to", "demand.ends_before_start")
	if f.Page < 1 {
		f.Page = 1
	}
	if f.PerPage < 1 {
		f.PerPage = 50
	}
	f.PerPage = min(f.PerPage, org.MaxPerPage)
	return v.Err()
}

func (f OrderFilter) where() *db.Clause {
	c := &db.Clause{}
	likeAny(c, f.Q, "x.reference", "o.name", "p.name", "f.name")
	if f.OrgID != 0 {
		c.Add("x.org_id = ?", f.OrgID)
	}
	if f.ProductID != 0 {
		c.Add("x.product_id = ?", f.ProductID)
	}
	if f.Nuclide != "" {
		c.Add("p.nuclide = ?", canonicalNuclide(f.Nuclide))
	}
	if f.Priority != 0 {
		c.Add("x.priority = ?", f.Priority)
	}
	if f.Status != "" {
		c.Add("x.status = ?", f.Status)
	}
	if !f.From.IsZero() {
		c.Add("x.calibration_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		c.Add("x.calibration_at < ?", f.To.UTC())
	}
	if f.Producer != 0 {
		c.Add("f.org_id = ?", f.Producer)
	}
	return c
}

func listOrders(ctx context.Context, q db.Q, c *db.Clause, limit, offset int) ([]Order, int, error) {
	var total int
	if err := q.QueryRowContext(ctx, `SELECT count(*)`+orderFrom+c.SQL(), c.Args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count orders: %w", err)
	}
	paging, args := c.Page(limit, offset)
	list, err := queryAll(ctx, q, `SELECT `+orderColumns+orderFrom+c.SQL()+` ORDER BY x.calibration_at, x.id`+paging, args, scanOrder)
	return list, total, err
}

func getOrder(ctx context.Context, q db.Q, c *db.Clause) (Order, error) {
	o, err := scanOrder(q.QueryRowContext(ctx, `SELECT `+orderColumns+orderFrom+c.SQL(), c.Args...))
	return o, notFound(err, "order")
}

func insertOrder(ctx context.Context, q db.Q, in OrderInput, divisible bool, by *int64, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `
INSERT INTO orders (org_id, product_id, activity_bq, calibration_at, window_end, priority, divisible, reference, status, note,
  created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $11, $11) RETURNING id`,
		in.OrgID, in.ProductID, float64(in.Activity), in.CalibrationAt, in.WindowEnd, in.Priority, divisible, in.Reference, in.Note,
		by, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert order: %w", err)
	}
	return id, nil
}

func updateOrder(ctx context.Context, q db.Q, id int64, in OrderInput, divisible bool, now time.Time) error {
	_, err := q.ExecContext(ctx, `
UPDATE orders SET org_id = $1, product_id = $2, activity_bq = $3, calibration_at = $4, window_end = $5, priority = $6,
  divisible = $7, reference = $8, note = $9, updated_at = $10 WHERE id = $11`,
		in.OrgID, in.ProductID, float64(in.Activity), in.CalibrationAt, in.WindowEnd, in.Priority, divisible, in.Reference, in.Note, now, id)
	if err != nil {
		return fmt.Errorf("update order %d: %w", id, err)
	}
	return nil
}

// ProductChoice is a product as the order form's picker offers it.
type ProductChoice struct {
	ID           int64              `json:"id"`
	Name         string             `json:"name"`
	FacilityName string             `json:"facility_name"`
	FacilityID   int64              `json:"facility_id"`
	Country      string             `json:"country"`
	Nuclide      string             `json:"nuclide"`
	Form         string             `json:"form"`
	Nominal      []nuclide.Activity `json:"nominal_bq"`
}

// Label names the product with its facility.
func (p ProductChoice) Label() string { return p.FacilityName + " — " + p.Name }

func scanProductChoice(row scanner) (ProductChoice, error) {
	var p ProductChoice
	var nominal string
	err := row.Scan(&p.ID, &p.Name, &p.FacilityName, &p.FacilityID, &p.Country, &p.Nuclide, &p.Form, &nominal)
	p.Nominal = decodeActivities(nominal)
	return p, err
}

const productChoiceSQL = `SELECT p.id, p.name, f.name, f.id, f.country, p.nuclide, p.form, p.nominal_bq FROM products p JOIN facilities f ON f.id = p.facility_id `

func listProductChoices(ctx context.Context, q db.Q, c *db.Clause) ([]ProductChoice, error) {
	return queryAll(ctx, q, productChoiceSQL+c.SQL()+` ORDER BY lower(f.name), lower(p.name), p.id`, c.Args, scanProductChoice)
}

func getProductChoice(ctx context.Context, q db.Q, id int64) (ProductChoice, bool, error) {
	p, err := scanProductChoice(q.QueryRowContext(ctx, productChoiceSQL+`WHERE p.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	return p, err == nil, err
}

func decodeActivities(s string) []nuclide.Activity {
	var out []nuclide.Activity
	json.Unmarshal([]byte(s), &out)
	return out
}
