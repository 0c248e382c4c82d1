package demand_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
	"kern/internal/supply/demand"
)

// world is two hospitals, two producers with a facility each, products, and a user of each.
type world struct {
	s                        *demand.Service
	d                        *db.DB
	now                      time.Time
	hospA, hospB             int64
	prodX, prodY             int64
	facX, facY               int64
	generator, dose          int64
	a, b, x, y, coord, plain *auth.Principal
}

func newWorld(t *testing.T, d *db.DB) world {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	w := world{s: &demand.Service{DB: d, Now: func() time.Time { return now }}, d: d, now: now}
	org := func(kind, name, country string) int64 {
		var id int64
		group := map[string]string{"hospital": "care_providers", "producer": "isotope_production"}[kind]
		if err := d.Write.QueryRowContext(ctx, `INSERT INTO organizations (kind, stakeholder_group, name, country, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, kind, group, name, country, now).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	w.hospA, w.hospB = org("hospital", "Ziekenhuis A", "NL"), org("hospital", "Hôpital B", "BE")
	w.prodX, w.prodY = org("producer", "Producent X", "NL"), org("producer", "Producteur Y", "BE")
	fac := func(orgID int64, name, country string) int64 {
		var id int64
		if err := d.Write.QueryRowContext(ctx, `INSERT INTO facilities (org_id, kind, name, site, country, notes, search_text, created_at, updated_at)
VALUES ($1, 'processor', $2, '', $3, '', '', $4, $4) RETURNING id`, orgID, name, country, now).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	w.facX, w.facY = fac(w.prodX, "Fabriek X", "NL"), fac(w.prodY, "Usine Y", "BE")
	product := func(facility int64, name, nuc, form string) int64 {
		var id int64
		if err := d.Write.QueryRowContext(ctx, `INSERT INTO products (facility_id, name, nuclide, form, nominal_bq, shelf_life_hours, created_at, updated_at)
VALUES ($1, $2, $3, $4, '[2150000000,10750000000]', 100, $5, $5) RETURNING id`, facility, name, nuc, form, now).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	w.generator = product(w.facX, "Generator", "Mo-99", "generator")
	w.dose = product(w.facY, "Lu-177 dose", "Lu-177", "patient_dose")
	for id := int64(1); id <= 6; id++ {
		if _, err := d.Write.ExecContext(ctx, `INSERT INTO users (id, email, name, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`,
			id, "u"+strconv.FormatInt(id, 10)+"@test.example", "U", now); err != nil {
			t.Fatal(err)
		}
	}
	member := func(id int64, orgID int64) *auth.Principal {
		return &auth.Principal{User: auth.User{ID: id, Role: auth.Member}, OrgRoles: map[int64]auth.OrgRole{orgID: auth.OrgMember}}
	}
	w.a, w.b, w.x, w.y = member(1, w.hospA), member(2, w.hospB), member(3, w.prodX), member(4, w.prodY)
	w.coord = &auth.Principal{User: auth.User{ID: 5, Role: auth.Coordinator}}
	w.plain = &auth.Principal{User: auth.User{ID: 6, Role: auth.Member}}
	return w
}

func (w world) order(hospital int64) demand.OrderInput {
	return demand.OrderInput{OrgID: hospital, ProductID: w.generator, Activity: 10e9, CalibrationAt: w.now.Add(48 * time.Hour), Priority: 1}
}

func rows(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func isNotFound(err error) bool { return kern.ErrorCode(err) == kern.NotFound }

// TestOrderTenantRule: a hospital reads and changes only its own orders; ordering for another
// hospital, reading, changing or cancelling another's order is not found; the producer of the
// product reads the order but cannot change it; the coordination office sees all.
func TestOrderTenantRule(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		o, err := w.s.CreateOrder(ctx, w.a, w.order(w.hospA))
		if err != nil {
			t.Fatal(err)
		}
		if !o.Divisible || o.Status != demand.StatusOpen || o.FacilityName != "Fabriek X" {
			t.Errorf("order %+v: want divisible (a generator), open, of Fabriek X", o)
		}
		if _, err := w.s.CreateOrder(ctx, w.b, w.order(w.hospA)); !isNotFound(err) {
			t.Errorf("B ordering for A: %v, want not found", err)
		}
		for name, f := range map[string]func(*auth.Principal) error{
			"read":   func(p *auth.Principal) error { _, err := w.s.Order(ctx, p, o.ID); return err },
			"edit":   func(p *auth.Principal) error { _, err := w.s.EditableOrder(ctx, p, o.ID); return err },
			"update": func(p *auth.Principal) error { _, err := w.s.UpdateOrder(ctx, p, o.ID, w.order(w.hospA)); return err },
			"cancel": func(p *auth.Principal) error { _, err := w.s.CancelOrder(ctx, p, o.ID); return err },
		} {
			for who, p := range map[string]*auth.Principal{"hospital B": w.b, "producer Y": w.y, "a plain member": w.plain} {
				if err := f(p); !isNotFound(err) {
					t.Errorf("%s may %s A's order: %v", who, name, err)
				}
			}
		}
		if _, err := w.s.Order(ctx, w.x, o.ID); err != nil {
			t.Errorf("the producer of the product cannot read the order: %v", err)
		}
		if _, err := w.s.CancelOrder(ctx, w.x, o.ID); !isNotFound(err) {
			t.Errorf("the producer cancels a hospital's order: %v", err)
		}
		for who, want := range map[*auth.Principal]int{w.a: 1, w.b: 0, w.x: 1, w.y: 0, w.coord: 1, w.plain: 0} {
			if _, total, err := w.s.Orders(ctx, who, demand.OrderFilter{}); err != nil || total != want {
				t.Errorf("%d sees %d orders (%v), want %d", who.User.ID, total, err, want)
			}
		}
		got, err := w.s.CancelOrder(ctx, w.a, o.ID)
		if err != nil || got.Status != demand.StatusCancelled {
			t.Fatalf("cancel: %v %v", got.Status, err)
		}
		if _, err := w.s.UpdateOrder(ctx, w.a, o.ID, w.order(w.hospA)); kern.ErrorCode(err) != kern.Conflict {
			t.Errorf("changing a cancelled order: %v, want a conflict", err)
		}
		if n := rows(t, d, `SELECT count(*) FROM audit_log WHERE entity = 'order' AND entity_id = $1`, strconv.FormatInt(o.ID, 10)); n != 2 {
			t.Errorf("%d audit records of the order, want 2 (create, cancel)", n)
		}
	})
}

// TestOrderBadInputService: each bad order names its field and writes nothing.
func TestOrderBadInputService(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		early := w.now.Add(47 * time.Hour)
		for _, tc := range []struct {
			name   string
			change func(*demand.OrderInput)
			field  string
		}{
			{"calibration in the past", func(in *demand.OrderInput) { in.CalibrationAt = w.now.Add(-time.Hour) }, "calibration_at"},
			{"zero activity", func(in *demand.OrderInput) { in.Activity = 0 }, "activity"},
			{"negative activity", func(in *demand.OrderInput) { in.Activity = -3e9 }, "activity"},
			{"unknown product", func(in *demand.OrderInput) { in.ProductID = 99999 }, "product_id"},
			{"window end before calibration", func(in *demand.OrderInput) { in.WindowEnd = &early }, "window_end"},
			{"not a hospital", func(in *demand.OrderInput) { in.OrgID = w.prodX }, "org_id"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				in := w.order(w.hospA)
				tc.change(&in)
				if _, err := w.s.CreateOrder(ctx, w.coord, in); fieldsOf(err) != tc.field {
					t.Errorf("fields %q (%v), want %q", fieldsOf(err), err, tc.field)
				}
			})
		}
		if n := rows(t, d, `SELECT count(*) FROM orders`); n != 0 {
			t.Errorf("%d orders written", n)
		}
	})
}

// TestImportOrdersService: any bad row refuses the whole import, each named by line; the rows of
// another hospital are refused like unknown ones; a good file places its orders.
func TestImportOrdersService(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		id := func(x int64) string { return strconv.FormatInt(x, 10) }
		csv := strings.Join([]string{
			"org_id;product_id;activity;calibration_at;window_end;priority;divisible;reference",
			";" + id(w.generator) + ";10 GBq;2026-11-26 07:00;;1;;R1",
			";" + id(w.generator) + ";10 GBq;2026-11-20 07:00;;1;;R2",
			";" + id(w.dose) + ";-7,4 GBq;2026-11-26 10:00;;1;;R3",
			";424242;7,4 GBq;2026-11-26 10:00;;1;;R4",
			id(w.hospB) + ";" + id(w.dose) + ";7,4 GBq;2026-11-26 10:00;;1;;R5",
			";" + id(w.generator) + ";10 GBq;2026-11-26 07:00;2026-11-26 06:00;4;misschien;R6",
			";" + id(w.generator) + ";tien;morgen;;1;;R7",
		}, "\n")
		rep, err := w.s.ImportOrders(ctx, w.a, strings.NewReader(csv), false)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, e := range rep.Errors {
			got[strconv.Itoa(e.Line)+"."+e.Field] = true
		}
		for _, want := range []string{"3.calibration_at", "4.activity", "5.product_id", "6.org_id", "7.window_end", "7.priority",
			"7.divisible", "8.activity", "8.calibration_at"} {
			if !got[want] {
				t.Errorf("line %s not reported; got %v", want, got)
			}
		}
		if got["2.org_id"] || len(got) != 9 || rep.Applied {
			t.Errorf("report %v applied %v, want 9 errors and nothing applied", got, rep.Applied)
		}
		if n := rows(t, d, `SELECT count(*) FROM orders`); n != 0 {
			t.Fatalf("%d orders after a refused import", n)
		}
		good := "org_id,product_id,activity,calibration_at\n," + id(w.generator) + ",10 GBq,2026-11-26 07:00\n," + id(w.dose) + ",200 mCi,2026-11-27T10:00\n"
		if rep, err := w.s.ImportOrders(ctx, w.a, strings.NewReader(good), true); err != nil || len(rep.Rows) != 2 || rep.Applied {
			t.Fatalf("dry run: %+v %v", rep, err)
		}
		if n := rows(t, d, `SELECT count(*) FROM orders`); n != 0 {
			t.Fatalf("a dry run wrote %d orders", n)
		}
		if rep, err := w.s.ImportOrders(ctx, w.a, strings.NewReader(good), false); err != nil || !rep.Applied {
			t.Fatalf("import: %+v %v", rep, err)
		}
		if n := rows(t, d, `SELECT count(*) FROM orders WHERE org_id = $1 AND divisible = $2`, w.hospA, false); n != 1 {
			t.Errorf("%d indivisible orders of A, want 1 (the patient dose)", n)
		}
	})
}

// TestStandingDemandService: a hospital keeps its own standing demand; another's is not found;
// divisibility follows the product's form unless given.
func TestStandingDemandService(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		in := demand.StandingInput{OrgID: w.hospB, ProductID: w.dose, Weekday: 2, AtTime: "10:00", Activity: 7.4e9, Priority: 1,
			StartsOn: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
		s, err := w.s.CreateStanding(ctx, w.b, in)
		if err != nil {
			t.Fatal(err)
		}
		if s.Divisible || s.DayCode() != "tue" {
			t.Errorf("standing %+v: want an indivisible patient dose on Tuesday", s)
		}
		if _, err := w.s.CreateStanding(ctx, w.a, in); !isNotFound(err) {
			t.Errorf("A adding B's standing demand: %v", err)
		}
		if _, err := w.s.UpdateStanding(ctx, w.a, s.ID, in); !isNotFound(err) {
			t.Errorf("A changing B's standing demand: %v", err)
		}
		if err := w.s.DeleteStanding(ctx, w.a, s.ID); !isNotFound(err) {
			t.Errorf("A deleting B's standing demand: %v", err)
		}
		if list, _ := w.s.StandingDemands(ctx, w.y, demand.StandingFilter{}); len(list) != 1 {
			t.Errorf("the producer of the dose sees %d standing demands, want 1", len(list))
		}
		if list, _ := w.s.StandingDemands(ctx, w.x, demand.StandingFilter{}); len(list) != 0 {
			t.Errorf("another producer sees %d standing demands, want 0", len(list))
		}
		in.WindowHours = -1
		if _, err := w.s.UpdateStanding(ctx, w.b, s.ID, in); fieldsOf(err) != "window_hours" {
			t.Errorf("a negative window: %v", err)
		}
		if err := w.s.DeleteStanding(ctx, w.b, s.ID); err != nil {
			t.Errorf("B deleting its own: %v", err)
		}
	})
}

// TestRoutesService: the coordination office sets defaults; a producer sets the routes of its own
// facilities only; the effective transit follows override, default, none.
func TestRoutesService(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		if _, err := w.s.SaveRouteDefault(ctx, w.x, 0, demand.RouteDefaultInput{FromCountry: "NL", ToCountry: "NL", TransitHours: 6}); kern.ErrorCode(err) != kern.Forbidden {
			t.Errorf("a producer setting a default: %v", err)
		}
		if _, err := w.s.SaveRouteDefault(ctx, w.coord, 0, demand.RouteDefaultInput{FromCountry: "nl", ToCountry: "NL", TransitHours: 0}); fieldsOf(err) != "transit_hours" {
			t.Errorf("a zero transit: %v", err)
		}
		if _, err := w.s.SaveRouteDefault(ctx, w.coord, 0, demand.RouteDefaultInput{FromCountry: "nl", ToCountry: "BE", TransitHours: 8}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.s.SaveRouteDefault(ctx, w.coord, 0, demand.RouteDefaultInput{FromCountry: "NL", ToCountry: "BE", TransitHours: 9}); fieldsOf(err) != "to_country" {
			t.Errorf("a second NL→BE default: %v", err)
		}
		if _, err := w.s.SaveRoute(ctx, w.y, 0, demand.RouteInput{FacilityID: w.facX, OrgID: w.hospA, TransitHours: 2}); !isNotFound(err) {
			t.Errorf("Y adding a route from X's facility: %v", err)
		}
		r, err := w.s.SaveRoute(ctx, w.x, 0, demand.RouteInput{FacilityID: w.facX, OrgID: w.hospB, TransitHours: 3.5})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.s.SaveRoute(ctx, w.y, r.ID, demand.RouteInput{TransitHours: 1}); !isNotFound(err) {
			t.Errorf("Y changing X's route: %v", err)
		}
		if err := w.s.DeleteRoute(ctx, w.y, r.ID); !isNotFound(err) {
			t.Errorf("Y deleting X's route: %v", err)
		}
		if _, err := w.s.SaveRoute(ctx, w.x, 0, demand.RouteInput{FacilityID: w.facX, OrgID: w.prodY, TransitHours: 3}); fieldsOf(err) != "org_id" {
			t.Errorf("a route to a producer: %v", err)
		}
		eff, err := w.s.EffectiveRoutes(ctx, w.b, w.hospB)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]string{w.facX: "override", w.facY: "none"}
		for _, e := range eff {
			if e.Source != want[e.FacilityID] {
				t.Errorf("%s → B: %s, want %s", e.FacilityName, e.Source, want[e.FacilityID])
			}
		}
		eff, _ = w.s.EffectiveRoutes(ctx, w.b, w.hospA)
		for _, e := range eff {
			if e.FacilityID == w.facX && e.Source != "none" {
				t.Errorf("X → A (NL→NL without a default): %s, want none", e.Source)
			}
		}
	})
}
