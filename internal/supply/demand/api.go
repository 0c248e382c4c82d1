package demand

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kern"
	"kern/internal/api"
	"kern/internal/nuclide"
)

const tag = "Demand"

// RouteOverride is a route of one facility–hospital pair as the API answers it.
type RouteOverride Route

func overrides(xs []Route) []RouteOverride {
	out := make([]RouteOverride, len(xs))
	for i, x := range xs {
		out[i] = RouteOverride(x)
	}
	return out
}

// RouteDefaultBody is a default route as the API takes it.
type RouteDefaultBody struct {
	FromCountry  string  `json:"from_country" doc:"ISO 3166-1 alpha-2 code of the facility's country" example:"NL"`
	ToCountry    string  `json:"to_country" doc:"ISO 3166-1 alpha-2 code of the hospital's country" example:"BE"`
	TransitHours float64 `json:"transit_hours" doc:"Greater than 0, at most 240"`
}

// RouteOverrideBody is a route of one facility–hospital pair as the API takes it.
type RouteOverrideBody struct {
	FacilityID   int64   `json:"facility_id,omitempty" doc:"Required when creating; a facility of your own producer"`
	OrgID        int64   `json:"org_id,omitempty" doc:"The hospital; required when creating"`
	TransitHours float64 `json:"transit_hours" doc:"Greater than 0, at most 240"`
	Note         string  `json:"note,omitempty" maxLength:"1000"`
}

// StandingDemandBody is a standing weekly demand as the API takes it.
type StandingDemandBody struct {
	OrgID       int64    `json:"org_id" doc:"The hospital (your own)"`
	ProductID   int64    `json:"product_id"`
	Weekday     int      `json:"weekday" doc:"Sunday = 0 … Saturday = 6"`
	AtTime      string   `json:"at_time" doc:"HH:MM, Amsterdam time" example:"07:00"`
	Activity    string   `json:"activity,omitempty" doc:"Activity at calibration with a unit, e.g. \"10 GBq\" or \"270 mCi\"; or give activity_bq"`
	ActivityBq  *float64 `json:"activity_bq,omitempty" doc:"Activity at calibration in becquerel, instead of activity (if both are sent they must agree)"`
	Priority    int      `json:"priority" doc:"1 cannot wait, 2 routine, 3 can be postponed"`
	Divisible   *bool    `json:"divisible,omitempty" doc:"Absent: from the product's form (patient dose and capsule indivisible)"`
	WindowHours float64  `json:"window_hours,omitempty" doc:"0–168"`
	StartsOn    string   `json:"starts_on" doc:"YYYY-MM-DD"`
	EndsOn      string   `json:"ends_on,omitempty" doc:"YYYY-MM-DD, after starts_on (exclusive)"`
	Note        string   `json:"note,omitempty" maxLength:"1000"`
	ReadOnlyDemand
}

// ReadOnlyDemand are the fields a read answers and a write ignores, so that what GET returned
// can be sent back as it is.
type ReadOnlyDemand struct {
	ID            int64     `json:"id,omitempty" readOnly:"true" doc:"Ignored on writes"`
	OrgName       string    `json:"org_name,omitempty" readOnly:"true" doc:"Ignored on writes"`
	ProductName   string    `json:"product_name,omitempty" readOnly:"true" doc:"Ignored on writes"`
	FacilityName  string    `json:"facility_name,omitempty" readOnly:"true" doc:"Ignored on writes"`
	FacilityOrgID int64     `json:"facility_org_id,omitempty" readOnly:"true" doc:"Ignored on writes"`
	Nuclide       string    `json:"nuclide,omitempty" readOnly:"true" doc:"Ignored on writes"`
	Form          string    `json:"form,omitempty" readOnly:"true" doc:"Ignored on writes"`
	CreatedAt     time.Time `json:"created_at,omitzero" readOnly:"true" doc:"Ignored on writes"`
	UpdatedAt     time.Time `json:"updated_at,omitzero" readOnly:"true" doc:"Ignored on writes"`
}

// bodyActivity is the activity of a write: activity (text with a unit) or activity_bq (a number in
// becquerel). Sent together, as a read answers them, they must agree to the readable text's four
// significant digits; activity_bq is then taken.
func bodyActivity(v *kern.Validation, text string, bq *float64) nuclide.Activity {
	text = strings.TrimSpace(text)
	if text == "" && bq == nil {
		v.Add("activity", "demand.activity_missing")
		return 0
	}
	var a nuclide.Activity
	if text != "" {
		x, err := nuclide.ParseActivity(text)
		if !v.Check(err == nil, "activity", "demand.activity_invalid") {
			return 0
		}
		a = x
	}
	if bq == nil {
		return a
	}
	b := nuclide.Activity(*bq)
	if text != "" && math.Abs(float64(a-b)) > 5e-4*math.Abs(float64(b)) {
		v.Add("activity_bq", "demand.activity_disagree")
		return 0
	}
	return b
}

func parseDate(v *kern.Validation, field, s string) *time.Time {
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		// A read answers the day as an RFC 3339 instant (midnight UTC): take its day.
		if x, err2 := time.Parse(time.RFC3339, s); err2 == nil {
			x = x.UTC()
			t, err = time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC), nil
		}
	}
	if !v.Check(err == nil, field, "field.invalid_date") {
		return nil
	}
	return &t
}

func (b StandingDemandBody) input() (StandingInput, error) {
	var v kern.Validation
	in := StandingInput{OrgID: b.OrgID, ProductID: b.ProductID, Weekday: b.Weekday, AtTime: b.AtTime, Priority: b.Priority,
		Divisible: b.Divisible, WindowHours: b.WindowHours, Note: b.Note, EndsOn: parseDate(&v, "ends_on", b.EndsOn)}
	if d := parseDate(&v, "starts_on", b.StartsOn); d != nil {
		in.StartsOn = *d
	}
	in.Activity = bodyActivity(&v, b.Activity, b.ActivityBq)
	if err := v.Err(); err != nil {
		return in, err
	}
	return in, in.Validate()
}

// OrderBody is an order as the API takes it.
type OrderBody struct {
	OrgID         int64      `json:"org_id" doc:"The hospital (your own; another answers 404)"`
	ProductID     int64      `json:"product_id"`
	Activity      string     `json:"activity,omitempty" doc:"Activity at calibration with a unit, e.g. \"10 GBq\" or \"270 mCi\"; or give activity_bq"`
	ActivityBq    *float64   `json:"activity_bq,omitempty" doc:"Activity at calibration in becquerel, instead of activity (if both are sent they must agree)"`
	CalibrationAt time.Time  `json:"calibration_at" doc:"RFC 3339 instant, in the future"`
	WindowEnd     *time.Time `json:"window_end,omitempty" doc:"RFC 3339 instant, not before calibration_at"`
	Priority      int        `json:"priority" doc:"1 cannot wait, 2 routine, 3 can be postponed"`
	Divisible     *bool      `json:"divisible,omitempty" doc:"Absent: from the product's form (patient dose and capsule indivisible)"`
	Reference     string     `json:"reference,omitempty" maxLength:"100"`
	Note          string     `json:"note,omitempty" maxLength:"2000"`
	ReadOnlyDemand
	Status    string `json:"status,omitempty" readOnly:"true" doc:"Ignored on writes; cancel with POST /orders/{id}/cancel"`
	CreatedBy *int64 `json:"created_by,omitempty" readOnly:"true" doc:"Ignored on writes"`
}

func (b OrderBody) input() (OrderInput, error) {
	in := OrderInput{OrgID: b.OrgID, ProductID: b.ProductID, CalibrationAt: b.CalibrationAt, WindowEnd: b.WindowEnd, Priority: b.Priority,
		Divisible: b.Divisible, Reference: b.Reference, Note: b.Note}
	var v kern.Validation
	in.Activity = bodyActivity(&v, b.Activity, b.ActivityBq)
	return in, v.Err()
}

// OrderImportBody is a bulk import of orders in the CSV format of the export, as JSON.
type OrderImportBody struct {
	CSV    string `json:"csv" doc:"CSV with the export's header; org_id (may be empty for a user of one hospital), product_id, activity and calibration_at required"`
	DryRun bool   `json:"dry_run,omitempty" doc:"Only report what would be placed"`
}

// StandingImportBody is a bulk import of standing demand in the CSV format of the export, as JSON.
type StandingImportBody struct {
	CSV    string `json:"csv" doc:"CSV with the export's header; org_id (may be empty for a user of one hospital), product_id, weekday, at_time, activity (or activity_bq) and starts_on required"`
	DryRun bool   `json:"dry_run,omitempty" doc:"Only report what would be added"`
}

// GeneratorSizingBody is what the Tc-99m planning aid takes.
type GeneratorSizingBody struct {
	Procedures         []GeneratorProcedure `json:"procedures" maxItems:"100"`
	CalibrationWeekday int                  `json:"calibration_weekday" doc:"Sunday = 0"`
	CalibrationTime    string               `json:"calibration_time" doc:"HH:MM" example:"06:00"`
	Efficiency         float64              `json:"efficiency,omitempty" doc:"Elution efficiency in (0, 1]; default 0.9"`
	ProductID          int64                `json:"product_id,omitempty" doc:"A Mo-99/Tc-99m generator product whose nominal sizes to choose from"`
}

type idPath struct {
	ID int64 `path:"id" minimum:"1"`
}

// Routes registers the operations.
func (a *API) Routes() {
	a.routeRoutes()
	a.standingRoutes()
	a.orderRoutes()
	h := a.Kit.API
	sz := api.Op("size-generator", http.MethodPost, "/generator-sizing", "Size a Mo-99/Tc-99m generator for a week of procedures", tag)
	sz.Description = "Stateless: nothing is stored. One elution per procedure day, an hour before the day's first procedure; see docs/demand.md."
	huma.Register(h, sz, func(ctx context.Context, in *struct{ Body GeneratorSizingBody }) (*api.Body[GeneratorSizing], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		res, err := a.Demand.SizeGenerator(ctx, p, SizingInput{Procedures: in.Body.Procedures, CalWeekday: in.Body.CalibrationWeekday,
			CalTime: in.Body.CalibrationTime, Efficiency: in.Body.Efficiency, ProductID: in.Body.ProductID})
		return &api.Body[GeneratorSizing]{Body: res}, a.Kit.Err(ctx, err)
	})
}

func (a *API) routeRoutes() {
	h := a.Kit.API
	huma.Register(h, api.Op("list-route-defaults", http.MethodGet, "/route-defaults", "List default transit times by country pair", tag),
		func(ctx context.Context, in *struct{}) (*api.Items[RouteDefault], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			xs, err := a.Demand.RouteDefaults(ctx, p)
			return api.List(xs), a.Kit.Err(ctx, err)
		})
	cd := api.Created(api.Op("create-route-default", http.MethodPost, "/route-defaults", "Add a default transit time", tag))
	cd.Description = "The coordination office only."
	huma.Register(h, cd, func(ctx context.Context, in *struct{ Body RouteDefaultBody }) (*api.Body[RouteDefault], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		x, err := a.Demand.SaveRouteDefault(ctx, p, 0, RouteDefaultInput(in.Body))
		return &api.Body[RouteDefault]{Body: x}, a.Kit.Err(ctx, err)
	})
	huma.Register(h, api.Op("update-route-default", http.MethodPut, "/route-defaults/{id}", "Change a default transit time", tag),
		func(ctx context.Context, in *struct {
			ID   int64 `path:"id" minimum:"1"`
			Body RouteDefaultBody
		}) (*api.Body[RouteDefault], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			x, err := a.Demand.SaveRouteDefault(ctx, p, in.ID, RouteDefaultInput(in.Body))
			return &api.Body[RouteDefault]{Body: x}, a.Kit.Err(ctx, err)
		})
	dd := api.Op("delete-route-default", http.MethodDelete, "/route-defaults/{id}", "Delete a default transit time", tag)
	dd.DefaultStatus = http.StatusNoContent
	huma.Register(h, dd, func(ctx context.Context, in *idPath) (*struct{}, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		return nil, a.Kit.Err(ctx, a.Demand.DeleteRouteDefault(ctx, p, in.ID))
	})
	huma.Register(h, api.Op("list-routes", http.MethodGet, "/routes", "List transit times per facility–hospital pair", tag),
		func(ctx context.Context, in *struct {
			Q          string `query:"q" doc:"Words in the facility's or the hospital's name, or the note"`
			FacilityID int64  `query:"facility_id" minimum:"0"`
			OrgID      int64  `query:"org_id" minimum:"0" doc:"The hospital"`
		}) (*api.Items[RouteOverride], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			xs, err := a.Demand.Routes(ctx, p, RouteFilter{Q: in.Q, FacilityID: in.FacilityID, OrgID: in.OrgID})
			return api.List(overrides(xs)), a.Kit.Err(ctx, err)
		})
	huma.Register(h, api.Op("get-route", http.MethodGet, "/routes/{id}", "Get a route", tag),
		func(ctx context.Context, in *idPath) (*api.Body[RouteOverride], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			x, err := a.Demand.Route(ctx, p, in.ID)
			return &api.Body[RouteOverride]{Body: RouteOverride(x)}, a.Kit.Err(ctx, err)
		})
	cr := api.Created(api.Op("create-route", http.MethodPost, "/routes", "Add a transit time for a facility–hospital pair", tag))
	cr.Description = "The coordination office, or the producer that owns the facility (another producer's facility answers 404)."
	huma.Register(h, cr, func(ctx context.Context, in *struct{ Body RouteOverrideBody }) (*api.Body[RouteOverride], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		x, err := a.Demand.SaveRoute(ctx, p, 0, RouteInput(in.Body))
		return &api.Body[RouteOverride]{Body: RouteOverride(x)}, a.Kit.Err(ctx, err)
	})
	ur := api.Op("update-route", http.MethodPut, "/routes/{id}", "Change a transit time of a pair", tag)
	ur.Description = "Another producer's route answers 404."
	huma.Register(h, ur, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body RouteOverrideBody
	}) (*api.Body[RouteOverride], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		x, err := a.Demand.SaveRoute(ctx, p, in.ID, RouteInput(in.Body))
		return &api.Body[RouteOverride]{Body: RouteOverride(x)}, a.Kit.Err(ctx, err)
	})
	dr := api.Op("delete-route", http.MethodDelete, "/routes/{id}", "Delete a transit time of a pair", tag)
	dr.DefaultStatus = http.StatusNoContent
	huma.Register(h, dr, func(ctx context.Context, in *idPath) (*struct{}, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		return nil, a.Kit.Err(ctx, a.Demand.DeleteRoute(ctx, p, in.ID))
	})
}

func (a *API) standingRoutes() {
	h := a.Kit.API
	ls := api.Op("list-standing-demand", http.MethodGet, "/demand", "List standing weekly demand", tag)
	ls.Description = "A hospital's users see their own; a producer's users the demand for their products; the coordination office all."
	huma.Register(h, ls, func(ctx context.Context, in *struct {
		Q         string `query:"q" doc:"Words in the hospital, product or note"`
		OrgID     int64  `query:"org_id" minimum:"0" doc:"The hospital"`
		ProductID int64  `query:"product_id" minimum:"0"`
		Nuclide   string `query:"nuclide" doc:"e.g. Mo-99"`
	}) (*api.Items[StandingDemand], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		xs, err := a.Demand.StandingDemands(ctx, p, StandingFilter{Q: in.Q, OrgID: in.OrgID, ProductID: in.ProductID, Nuclide: in.Nuclide})
		return api.List(xs), a.Kit.Err(ctx, err)
	})
	huma.Register(h, api.Op("get-standing-demand", http.MethodGet, "/demand/{id}", "Get a standing demand", tag),
		func(ctx context.Context, in *idPath) (*api.Body[StandingDemand], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			x, err := a.Demand.StandingDemand(ctx, p, in.ID)
			return &api.Body[StandingDemand]{Body: x}, a.Kit.Err(ctx, err)
		})
	cs := api.Created(api.Op("create-standing-demand", http.MethodPost, "/demand", "Add standing weekly demand", tag))
	cs.Description = "For your own hospital only; another hospital answers 404."
	huma.Register(h, cs, func(ctx context.Context, in *struct{ Body StandingDemandBody }) (*api.Body[StandingDemand], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		si, err := in.Body.input()
		var x StandingDemand
		if err == nil {
			x, err = a.Demand.CreateStanding(ctx, p, si)
		}
		return &api.Body[StandingDemand]{Body: x}, a.Kit.Err(ctx, err)
	})
	huma.Register(h, api.Op("update-standing-demand", http.MethodPut, "/demand/{id}", "Change standing weekly demand", tag),
		func(ctx context.Context, in *struct {
			ID   int64 `path:"id" minimum:"1"`
			Body StandingDemandBody
		}) (*api.Body[StandingDemand], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			si, err := in.Body.input()
			var x StandingDemand
			if err == nil {
				x, err = a.Demand.UpdateStanding(ctx, p, in.ID, si)
			}
			return &api.Body[StandingDemand]{Body: x}, a.Kit.Err(ctx, err)
		})
	imp := api.Op("import-standing-demand", http.MethodPost, "/demand/import", "Import standing weekly demand in bulk (CSV)", tag)
	imp.Description = "The body is the CSV itself (text/csv), a multipart form with a `file`, or JSON `{\"csv\": \"...\", \"dry_run\": true}`; " +
		"`?dry_run=true` only reports what would be added. The format is the export's (`GET /demand/standing/export.csv` in the browser): " +
		"weekday as mon … sun (or 0–6, Sunday = 0), activity with a unit or activity_bq in becquerel. A hospital's user imports only its own " +
		"hospital's rows. Any bad row refuses the whole import: the answer is 422 and names every bad row as `csv.line_<n>.<column>`."
	imp.SkipValidateBody = true // the body is CSV, multipart or JSON; importSource reads each
	imp.RequestBody = &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
		"multipart/form-data": {Schema: &huma.Schema{Type: "object", Properties: map[string]*huma.Schema{
			"file": {Type: "string", Format: "binary", Description: "The CSV file"}}}},
		"application/json": {Schema: h.OpenAPI().Components.Schemas.Schema(reflectType[StandingImportBody](), true, "StandingImportBody")},
	}}
	huma.Register(h, imp, func(ctx context.Context, in *struct {
		DryRun      bool   `query:"dry_run" doc:"Only report what would be added"`
		ContentType string `header:"Content-Type"`
		RawBody     []byte `contentType:"text/csv"`
	}) (*api.Body[StandingImportReport], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		src, dry, err := importSource(in.ContentType, in.RawBody)
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		rep, err := a.Demand.ImportStanding(ctx, p, strings.NewReader(src), in.DryRun || dry)
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		if len(rep.Errors) > 0 {
			return nil, a.Kit.Err(ctx, importRefused(rep.Errors))
		}
		return &api.Body[StandingImportReport]{Body: rep}, nil
	})
	ds := api.Op("delete-standing-demand", http.MethodDelete, "/demand/{id}", "Delete standing weekly demand", tag)
	ds.DefaultStatus = http.StatusNoContent
	huma.Register(h, ds, func(ctx context.Context, in *idPath) (*struct{}, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		return nil, a.Kit.Err(ctx, a.Demand.DeleteStanding(ctx, p, in.ID))
	})
}

func (a *API) orderRoutes() {
	h := a.Kit.API
	lo := api.Op("list-orders", http.MethodGet, "/orders", "List orders", tag)
	lo.Description = "A hospital's users see their own orders; a producer's users the orders for their products; the coordination office all."
	huma.Register(h, lo, func(ctx context.Context, in *struct {
		Q         string    `query:"q" doc:"Words in the reference, hospital or product"`
		OrgID     int64     `query:"org_id" minimum:"0" doc:"The hospital"`
		ProductID int64     `query:"product_id" minimum:"0"`
		Nuclide   string    `query:"nuclide"`
		Priority  int       `query:"priority" minimum:"0" maximum:"3"`
		Status    string    `query:"status" enum:"open,cancelled,"`
		From      time.Time `query:"from" doc:"Calibration at or after this instant"`
		To        time.Time `query:"to" doc:"Calibration before this instant"`
		Page      int       `query:"page" minimum:"1" default:"1"`
		PerPage   int       `query:"per_page" minimum:"1" maximum:"200" default:"50"`
	}) (*struct {
		Body struct {
			Items []Order `json:"items"`
			api.ListMeta
		}
	}, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		f := OrderFilter{Q: in.Q, OrgID: in.OrgID, ProductID: in.ProductID, Nuclide: in.Nuclide, Priority: in.Priority, Status: in.Status,
			From: in.From, To: in.To, Page: in.Page, PerPage: in.PerPage}
		xs, total, err := a.Demand.Orders(ctx, p, f)
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		out := &struct {
			Body struct {
				Items []Order `json:"items"`
				api.ListMeta
			}
		}{}
		out.Body.Items = xs
		if xs == nil {
			out.Body.Items = []Order{}
		}
		f.Normalize()
		q := map[string]string{"q": in.Q, "org_id": strconv.FormatInt(in.OrgID, 10), "product_id": strconv.FormatInt(in.ProductID, 10),
			"nuclide": in.Nuclide, "priority": strconv.Itoa(in.Priority), "status": in.Status, "per_page": strconv.Itoa(f.PerPage)}
		if !in.From.IsZero() {
			q["from"] = in.From.Format(time.RFC3339)
		}
		if !in.To.IsZero() {
			q["to"] = in.To.Format(time.RFC3339)
		}
		out.Body.ListMeta = api.Meta("/orders", q, total, f.Page, f.PerPage)
		return out, nil
	})
	huma.Register(h, api.Op("get-order", http.MethodGet, "/orders/{id}", "Get an order", tag),
		func(ctx context.Context, in *idPath) (*api.Body[Order], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			x, err := a.Demand.Order(ctx, p, in.ID)
			return &api.Body[Order]{Body: x}, a.Kit.Err(ctx, err)
		})
	co := api.Created(api.Op("create-order", http.MethodPost, "/orders", "Place an order", tag))
	co.Description = "For your own hospital only: another hospital answers 404. The calibration must lie in the future; the activity must be positive; an unknown product is named in the answer."
	huma.Register(h, co, func(ctx context.Context, in *struct{ Body OrderBody }) (*api.Body[Order], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		oi, err := in.Body.input()
		var x Order
		if err == nil {
			x, err = a.Demand.CreateOrder(ctx, p, oi)
		}
		return &api.Body[Order]{Body: x}, a.Kit.Err(ctx, err)
	})
	huma.Register(h, api.Op("update-order", http.MethodPut, "/orders/{id}", "Change an open order", tag),
		func(ctx context.Context, in *struct {
			ID   int64 `path:"id" minimum:"1"`
			Body OrderBody
		}) (*api.Body[Order], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			oi, err := in.Body.input()
			var x Order
			if err == nil {
				x, err = a.Demand.UpdateOrder(ctx, p, in.ID, oi)
			}
			return &api.Body[Order]{Body: x}, a.Kit.Err(ctx, err)
		})
	huma.Register(h, api.Op("cancel-order", http.MethodPost, "/orders/{id}/cancel", "Cancel an order (it is kept, with status cancelled)", tag),
		func(ctx context.Context, in *idPath) (*api.Body[Order], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			x, err := a.Demand.CancelOrder(ctx, p, in.ID)
			return &api.Body[Order]{Body: x}, a.Kit.Err(ctx, err)
		})
	imp := api.Op("import-orders", http.MethodPost, "/orders/import", "Import orders in bulk (CSV)", tag)
	imp.Description = "The body is the CSV itself (text/csv), a multipart form with a `file`, or JSON `{\"csv\": \"...\", \"dry_run\": true}`; " +
		"`?dry_run=true` only reports what would be placed. The format is the export's (`GET /orders/export.csv` in the browser). " +
		"Any bad row refuses the whole import: the answer is 422 and names every bad row as `csv.line_<n>.<column>`."
	imp.SkipValidateBody = true // the body is CSV, multipart or JSON; importSource reads each
	imp.RequestBody = &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
		"multipart/form-data": {Schema: &huma.Schema{Type: "object", Properties: map[string]*huma.Schema{
			"file": {Type: "string", Format: "binary", Description: "The CSV file"}}}},
		"application/json": {Schema: h.OpenAPI().Components.Schemas.Schema(reflectType[OrderImportBody](), true, "OrderImportBody")},
	}}
	huma.Register(h, imp, func(ctx context.Context, in *struct {
		DryRun      bool   `query:"dry_run" doc:"Only report what would be placed"`
		ContentType string `header:"Content-Type"`
		RawBody     []byte `contentType:"text/csv"`
	}) (*api.Body[OrderImportReport], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		src, dry, err := importSource(in.ContentType, in.RawBody)
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		rep, err := a.Demand.ImportOrders(ctx, p, strings.NewReader(src), in.DryRun || dry)
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		if len(rep.Errors) > 0 {
			return nil, a.Kit.Err(ctx, importRefused(rep.Errors))
		}
		return &api.Body[OrderImportReport]{Body: rep}, nil
	})
}

// importRefused is the 422 of an import with bad rows, naming each as csv.line_<n>.<column>.
func importRefused(list []OrderImportError) error {
	e := kern.Errorf(kern.Invalid, "demand.import_refused", len(list))
	e.Fields = map[string]string{}
	for _, x := range list {
		e.Fields["csv.line_"+strconv.Itoa(x.Line)+"."+x.Field] = x.Key
	}
	return e
}

// importSource is the CSV of an import request: the body itself, a multipart form's file, or
// the csv of a JSON body (with its dry_run).
func importSource(contentType string, body []byte) (string, bool, error) {
	mt, params, _ := mime.ParseMediaType(contentType)
	switch {
	case mt == "application/json":
		var b OrderImportBody
		if err := json.Unmarshal(body, &b); err != nil {
			return "", false, kern.FieldError("csv", "demand.import_unreadable")
		}
		return b.CSV, b.DryRun, nil
	case mt == "multipart/form-data":
		mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
		for {
			part, err := mr.NextPart()
			if err != nil {
				return "", false, kern.FieldError("file", "demand.import_unreadable")
			}
			if part.FormName() == "file" || part.FormName() == "csv" {
				b, err := io.ReadAll(io.LimitReader(part, MaxUpload))
				if err != nil {
					return "", false, kern.FieldError("file", "demand.import_unreadable")
				}
				return string(b), false, nil
			}
		}
	}
	return string(body), false, nil
}

func reflectType[T any]() reflect.Type { return reflect.TypeOf((*T)(nil)).Elem() }
