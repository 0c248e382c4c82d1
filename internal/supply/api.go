package supply

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kern"
	"kern/internal/api"
	"kern/internal/nuclide"
)

const tag = "Supply"

type idIn struct {
	ID int64 `path:"id" minimum:"1"`
}

// FacilityBody is a facility as the API takes it.
type FacilityBody struct {
	OrgID    int64  `json:"org_id" minimum:"1" doc:"The producer organisation"`
	Kind     string `json:"kind" enum:"research_reactor,processor,cyclotron,generator_maker,radiopharmacy"`
	Name     string `json:"name" minLength:"1" maxLength:"200"`
	Site     string `json:"site,omitempty" maxLength:"100" doc:"City"`
	Country  string `json:"country" doc:"ISO 3166-1 alpha-2 code" example:"NL"`
	StartsOn string `json:"starts_on,omitempty" doc:"YYYY-MM-DD: first day of operation, for capacity to come"`
	EndsOn   string `json:"ends_on,omitempty" doc:"YYYY-MM-DD: the day operation ends"`
	Notes    string `json:"notes,omitempty" maxLength:"4000"`
}

func optDate(v *kern.Validation, field, s string) *time.Time {
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if !v.Check(err == nil, field, "field.invalid_date") {
		return nil
	}
	return &t
}

func (b FacilityBody) input() (FacilityInput, error) {
	var v kern.Validation
	in := FacilityInput{OrgID: b.OrgID, Kind: b.Kind, Name: b.Name, Site: b.Site, Country: b.Country, Notes: b.Notes,
		StartsOn: optDate(&v, "starts_on", b.StartsOn), EndsOn: optDate(&v, "ends_on", b.EndsOn)}
	return in, v.Err()
}

// ProductBody is a product as the API takes it.
type ProductBody struct {
	FacilityID     int64    `json:"facility_id,omitempty" doc:"Required when creating; a product stays with its facility"`
	Name           string   `json:"name,omitempty" maxLength:"200"`
	Nuclide        string   `json:"nuclide" doc:"e.g. Mo-99, Lu-177, F-18" example:"Lu-177"`
	Form           string   `json:"form" enum:"generator,bulk_solution,multi_dose_vial,patient_dose,capsule"`
	Nominal        []string `json:"nominal,omitempty" maxItems:"20" doc:"Nominal activities with a unit, e.g. [\"10 GBq\", \"20 GBq\"]"`
	ShelfLifeHours float64  `json:"shelf_life_hours,omitempty" minimum:"0"`
}

func (b ProductBody) input() (ProductInput, error) {
	in := ProductInput{FacilityID: b.FacilityID, Name: b.Name, Nuclide: b.Nuclide, Form: b.Form, ShelfLifeHours: b.ShelfLifeHours}
	for _, s := range b.Nominal {
		a, err := nuclide.ParseActivity(s)
		if err != nil {
			return in, kern.FieldError("nominal", "supply.activity_invalid")
		}
		in.Nominal = append(in.Nominal, a)
	}
	return in, nil
}

// ScheduleBody is an operating cycle as the API takes it.
type ScheduleBody struct {
	FacilityID  int64    `json:"facility_id,omitempty" doc:"Required when creating"`
	ProductID   *int64   `json:"product_id,omitempty" doc:"The product its runs yield (a product of the facility)"`
	StartsOn    string   `json:"starts_on" doc:"YYYY-MM-DD: first day of the first cycle"`
	EndsOn      string   `json:"ends_on,omitempty" doc:"YYYY-MM-DD"`
	OnDays      int      `json:"on_days" minimum:"1" maximum:"366"`
	OffDays     int      `json:"off_days" minimum:"0" maximum:"366"`
	Activity    string   `json:"activity,omitempty" doc:"Activity of one run with a unit, e.g. \"6200 Ci\" or \"200 GBq\""`
	RunWeekdays []string `json:"run_weekdays,omitempty" doc:"Days with a run: mon..sun; empty means every day on"`
	Note        string   `json:"note,omitempty" maxLength:"1000"`
}

func (b ScheduleBody) input() (ScheduleInput, error) {
	var v kern.Validation
	in := ScheduleInput{FacilityID: b.FacilityID, ProductID: b.ProductID, OnDays: b.OnDays, OffDays: b.OffDays, Note: b.Note,
		EndsOn: optDate(&v, "ends_on", b.EndsOn)}
	if d := optDate(&v, "starts_on", b.StartsOn); d != nil {
		in.StartsOn = *d
	}
	if b.Activity != "" {
		a, err := nuclide.ParseActivity(b.Activity)
		v.Check(err == nil, "activity", "supply.activity_invalid")
		in.Activity = a
	}
	days, ok := ParseWeekdays(b.RunWeekdays)
	v.Check(ok, "run_weekdays", "field.unknown_choice")
	in.RunWeekdays = days
	return in, v.Err()
}

// OutageBody is an outage as the API takes it.
type OutageBody struct {
	FacilityID int64     `json:"facility_id" minimum:"1"`
	StartsAt   time.Time `json:"starts_at" doc:"RFC 3339 instant"`
	EndsAt     time.Time `json:"ends_at" doc:"RFC 3339 instant, after starts_at"`
	Reduction  int       `json:"reduction_pct" doc:"Capacity reduction, 0–100 (100: stopped)"`
	Kind       string    `json:"kind" enum:"planned,unplanned"`
	Reason     string    `json:"reason,omitempty" maxLength:"2000"`
}

func (b OutageBody) input() OutageInput {
	return OutageInput{FacilityID: b.FacilityID, StartsAt: b.StartsAt, EndsAt: b.EndsAt, Reduction: b.Reduction,
		Planned: b.Kind != "unplanned", Reason: b.Reason}
}

// OutageImportBody is a bulk import of outages in the CSV format of the export.
type OutageImportBody struct {
	CSV    string `json:"csv" minLength:"1" maxLength:"4194304" doc:"CSV with the header facility_id,facility,starts_at,ends_at,reduction_pct,kind,reason (facility_id, starts_at, ends_at and reduction_pct required; comma or semicolon separated)"`
	DryRun bool   `json:"dry_run,omitempty" doc:"Only report what would be published"`
}

// ScheduleImportBody is a bulk import of operating cycles in the CSV format of their export.
type ScheduleImportBody struct {
	CSV    string `json:"csv" minLength:"1" maxLength:"4194304" doc:"CSV with the header of the export (comma or semicolon separated)"`
	DryRun bool   `json:"dry_run,omitempty" doc:"Only report what would be published"`
}

// importRefusal is the 422 of a refused import: every bad row as csv.line_N.column.
func importRefusal(errs []ImportError) error {
	e := kern.Errorf(kern.Invalid, "supply.import_refused", len(errs))
	e.Fields = map[string]string{}
	for _, x := range errs {
		e.Fields["csv.line_"+strconv.Itoa(x.Line)+"."+x.Field] = x.Key
	}
	return e
}

// Routes registers the operations.
func (a *API) Routes() {
	a.facilityRoutes()
	a.feedRoutes()
	a.productRoutes()
	a.scheduleRoutes()
	a.outageRoutes()
}

func (a *API) facilityRoutes() {
	h := a.Kit.API
	huma.Register(h, api.Op("list-facilities", http.MethodGet, "/facilities", "List production facilities", tag),
		func(ctx context.Context, in *struct {
			Q       string `query:"q" doc:"Words in the name or site"`
			Kind    string `query:"kind" enum:"research_reactor,processor,cyclotron,generator_maker,radiopharmacy,"`
			Country string `query:"country"`
			OrgID   int64  `query:"org_id" minimum:"0" doc:"The producer organisation"`
			Sort    string `query:"sort" enum:"name,-name,kind,country,producer," default:"name"`
			Page    int    `query:"page" minimum:"1" default:"1"`
			PerPage int    `query:"per_page" minimum:"1" maximum:"200" default:"50"`
		}) (*struct {
			Body struct {
				Items []Facility `json:"items"`
				api.ListMeta
			}
		}, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			f := FacilityFilter{Q: in.Q, Kind: in.Kind, Country: in.Country, OrgID: in.OrgID, Sort: in.Sort, Page: in.Page, PerPage: in.PerPage}
			xs, total, err := a.Supply.Facilities(ctx, p, f)
			if err != nil {
				return nil, a.Kit.Err(ctx, err)
			}
			out := &struct {
				Body struct {
					Items []Facility `json:"items"`
					api.ListMeta
				}
			}{}
			out.Body.Items = xs
			if xs == nil {
				out.Body.Items = []Facility{}
			}
			f.Normalize()
			out.Body.ListMeta = api.Meta("/facilities", map[string]string{"q": in.Q, "kind": in.Kind, "country": in.Country,
				"org_id": strconv.FormatInt(in.OrgID, 10), "sort": in.Sort, "per_page": strconv.Itoa(f.PerPage)}, total, f.Page, f.PerPage)
			return out, nil
		})
	huma.Register(h, api.Op("get-facility", http.MethodGet, "/facilities/{id}", "Get a facility", tag),
		func(ctx context.Context, in *idIn) (*api.Body[Facility], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			x, err := a.Supply.Facility(ctx, p, in.ID)
			return &api.Body[Facility]{Body: x}, a.Kit.Err(ctx, err)
		})
	create := api.Op("create-facility", http.MethodPost, "/facilities", "Add a facility to a producer", tag)
	create.Description = "A producer's accounts add facilities to their own organisation; the coordination office to any producer."
	create.DefaultStatus = http.StatusCreated
	huma.Register(h, create, func(ctx context.Context, in *struct{ Body FacilityBody }) (*api.Body[Facility], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		fi, err := in.Body.input()
		var x Facility
		if err == nil {
			x, err = a.Supply.CreateFacility(ctx, p, fi)
		}
		return &api.Body[Facility]{Body: x}, a.Kit.Err(ctx, err)
	})
	upd := api.Op("update-facility", http.MethodPut, "/facilities/{id}", "Change a facility", tag)
	upd.Description = "Another producer's facility answers 404."
	huma.Register(h, upd, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body FacilityBody
	}) (*api.Body[Facility], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		fi, err := in.Body.input()
		var x Facility
		if err == nil {
			x, err = a.Supply.UpdateFacility(ctx, p, in.ID, fi)
		}
		return &api.Body[Facility]{Body: x}, a.Kit.Err(ctx, err)
	})
}

// FeedBody is one upstream facility of a facility as the API takes it.
type FeedBody struct {
	UpstreamID int64   `json:"upstream_id" minimum:"1" doc:"The facility this one depends on"`
	Share      float64 `json:"share" doc:"Share of this facility's production that depends on it: above 0, at most 1"`
}

// FeedsBody replaces a facility's feeds.
type FeedsBody struct {
	Feeds []FeedBody `json:"feeds" maxItems:"8"`
}

func (a *API) feedRoutes() {
	h := a.Kit.API
	huma.Register(h, api.Op("list-facility-feeds", http.MethodGet, "/facilities/{id}/feeds", "List the facilities a facility depends on", tag),
		func(ctx context.Context, in *idIn) (*api.Items[Feed], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			xs, err := a.Supply.Feeds(ctx, p, in.ID)
			return api.List(xs), a.Kit.Err(ctx, err)
		})
	put := api.Op("set-facility-feeds", http.MethodPut, "/facilities/{id}/feeds", "Replace the facilities a facility depends on", tag)
	put.Description = "An unplanned outage of an upstream facility reduces this facility's production runs in allocation runs by share × reduction. " +
		"Shares are fractions (0 < share ≤ 1) that together are at most 1; a feed that makes a cycle is refused. Another producer's facility answers 404."
	huma.Register(h, put, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body FeedsBody
	}) (*api.Items[Feed], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		fs := make([]FeedInput, len(in.Body.Feeds))
		for i, f := range in.Body.Feeds {
			fs[i] = FeedInput{UpstreamID: f.UpstreamID, Share: f.Share}
		}
		xs, err := a.Supply.SetFeeds(ctx, p, in.ID, fs, APIFeedField)
		return api.List(xs), a.Kit.Err(ctx, err)
	})
}

func (a *API) productRoutes() {
	h := a.Kit.API
	huma.Register(h, api.Op("list-products", http.MethodGet, "/products", "List products", tag),
		func(ctx context.Context, in *struct {
			FacilityID int64  `query:"facility_id" minimum:"0"`
			Nuclide    string `query:"nuclide" doc:"e.g. Mo-99"`
			Form       string `query:"form" enum:"generator,bulk_solution,multi_dose_vial,patient_dose,capsule,"`
		}) (*api.Items[Product], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			xs, err := a.Supply.Products(ctx, p, ProductFilter{FacilityID: in.FacilityID, Nuclide: in.Nuclide, Form: in.Form})
			return api.List(xs), a.Kit.Err(ctx, err)
		})
	huma.Register(h, api.Op("get-product", http.MethodGet, "/products/{id}", "Get a product", tag),
		func(ctx context.Context, in *idIn) (*api.Body[Product], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			x, err := a.Supply.Product(ctx, p, in.ID)
			return &api.Body[Product]{Body: x}, a.Kit.Err(ctx, err)
		})
	create := api.Op("create-product", http.MethodPost, "/products", "Add a product to a facility", tag)
	create.DefaultStatus = http.StatusCreated
	huma.Register(h, create, func(ctx context.Context, in *struct{ Body ProductBody }) (*api.Body[Product], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		pi, err := in.Body.input()
		var x Product
		if err == nil {
			x, err = a.Supply.CreateProduct(ctx, p, pi)
		}
		return &api.Body[Product]{Body: x}, a.Kit.Err(ctx, err)
	})
	huma.Register(h, api.Op("update-product", http.MethodPut, "/products/{id}", "Change a product", tag),
		func(ctx context.Context, in *struct {
			ID   int64 `path:"id" minimum:"1"`
			Body ProductBody
		}) (*api.Body[Product], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			pi, err := in.Body.input()
			var x Product
			if err == nil {
				x, err = a.Supply.UpdateProduct(ctx, p, in.ID, pi)
			}
			return &api.Body[Product]{Body: x}, a.Kit.Err(ctx, err)
		})
}

func (a *API) scheduleRoutes() {
	h := a.Kit.API
	huma.Register(h, api.Op("list-schedules", http.MethodGet, "/schedules", "List operating cycles", tag),
		func(ctx context.Context, in *struct {
			FacilityID int64 `query:"facility_id" minimum:"0"`
		}) (*api.Items[Schedule], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			xs, err := a.Supply.Schedules(ctx, p, in.FacilityID)
			return api.List(xs), a.Kit.Err(ctx, err)
		})
	huma.Register(h, api.Op("get-schedule", http.MethodGet, "/schedules/{id}", "Get an operating cycle", tag),
		func(ctx context.Context, in *idIn) (*api.Body[Schedule], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			x, err := a.Supply.Schedule(ctx, p, in.ID)
			return &api.Body[Schedule]{Body: x}, a.Kit.Err(ctx, err)
		})
	imp := api.Op("import-schedules", http.MethodPost, "/schedules/import", "Import operating cycles in bulk (CSV)", tag)
	imp.Description = "The CSV format of the export (`GET /supply/schedules/export.csv` in the browser): " + strings.Join(ScheduleHeader, ",") +
		"; dates as YYYY-MM-DD, run_weekdays as day codes separated by spaces (\"mon thu\"), empty for every day on. With `dry_run` nothing is written. " +
		"Any bad row refuses the whole import: the answer is 422 and lists every bad row by line and column; another producer's facility is refused on its line."
	huma.Register(h, imp, func(ctx context.Context, in *struct{ Body ScheduleImportBody }) (*api.Body[ScheduleImportReport], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		rep, err := a.Supply.ImportSchedules(ctx, p, strings.NewReader(in.Body.CSV), in.Body.DryRun)
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		if len(rep.Errors) > 0 {
			return nil, a.Kit.Err(ctx, importRefusal(rep.Errors))
		}
		return &api.Body[ScheduleImportReport]{Body: rep}, nil
	})
	create := api.Op("create-schedule", http.MethodPost, "/schedules", "Publish an operating cycle", tag)
	create.DefaultStatus = http.StatusCreated
	huma.Register(h, create, func(ctx context.Context, in *struct{ Body ScheduleBody }) (*api.Body[Schedule], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		si, err := in.Body.input()
		var x Schedule
		if err == nil {
			x, err = a.Supply.CreateSchedule(ctx, p, si)
		}
		return &api.Body[Schedule]{Body: x}, a.Kit.Err(ctx, err)
	})
	upd := api.Op("update-schedule", http.MethodPut, "/schedules/{id}", "Change an operating cycle", tag)
	upd.Description = "Another producer's schedule answers 404."
	huma.Register(h, upd, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body ScheduleBody
	}) (*api.Body[Schedule], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		si, err := in.Body.input()
		var x Schedule
		if err == nil {
			x, err = a.Supply.UpdateSchedule(ctx, p, in.ID, si)
		}
		return &api.Body[Schedule]{Body: x}, a.Kit.Err(ctx, err)
	})
	del := api.Op("delete-schedule", http.MethodDelete, "/schedules/{id}", "Withdraw an operating cycle", tag)
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *idIn) (*struct{}, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		return nil, a.Kit.Err(ctx, a.Supply.DeleteSchedule(ctx, p, in.ID))
	})
}

func (a *API) outageRoutes() {
	h := a.Kit.API
	huma.Register(h, api.Op("list-outages", http.MethodGet, "/outages", "List outages", tag),
		func(ctx context.Context, in *struct {
			FacilityID int64     `query:"facility_id" minimum:"0"`
			OrgID      int64     `query:"org_id" minimum:"0"`
			From       time.Time `query:"from" doc:"Only outages ending after this instant"`
			To         time.Time `query:"to" doc:"Only outages starting before this instant"`
			Kind       string    `query:"kind" enum:"planned,unplanned,"`
			Q          string    `query:"q" doc:"Words in the facility's name or the reason (case and accents ignored)"`
		}) (*api.Items[Outage], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			xs, err := a.Supply.Outages(ctx, p, OutageFilter{FacilityID: in.FacilityID, OrgID: in.OrgID, From: in.From, To: in.To, Kind: in.Kind, Q: in.Q})
			return api.List(xs), a.Kit.Err(ctx, err)
		})
	huma.Register(h, api.Op("get-outage", http.MethodGet, "/outages/{id}", "Get an outage", tag),
		func(ctx context.Context, in *idIn) (*api.Body[Outage], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			x, err := a.Supply.Outage(ctx, p, in.ID)
			return &api.Body[Outage]{Body: x}, a.Kit.Err(ctx, err)
		})
	create := api.Op("create-outage", http.MethodPost, "/outages", "Publish an outage", tag)
	create.Description = "A producer publishes outages for its own facilities only (another producer's facility answers 404); the coordination office for all."
	create.DefaultStatus = http.StatusCreated
	huma.Register(h, create, func(ctx context.Context, in *struct{ Body OutageBody }) (*api.Body[Outage], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		x, err := a.Supply.CreateOutage(ctx, p, in.Body.input())
		return &api.Body[Outage]{Body: x}, a.Kit.Err(ctx, err)
	})
	upd := api.Op("update-outage", http.MethodPut, "/outages/{id}", "Change an outage", tag)
	upd.Description = "Another producer's outage answers 404 and nothing changes."
	huma.Register(h, upd, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body OutageBody
	}) (*api.Body[Outage], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		x, err := a.Supply.UpdateOutage(ctx, p, in.ID, in.Body.input())
		return &api.Body[Outage]{Body: x}, a.Kit.Err(ctx, err)
	})
	del := api.Op("delete-outage", http.MethodDelete, "/outages/{id}", "Withdraw an outage", tag)
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *idIn) (*struct{}, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		return nil, a.Kit.Err(ctx, a.Supply.DeleteOutage(ctx, p, in.ID))
	})
	imp := api.Op("import-outages", http.MethodPost, "/outages/import", "Import outages in bulk (CSV)", tag)
	imp.Description = "The CSV format of the export (`GET /supply/outages/export.csv` in the browser); instants in RFC 3339 or `YYYY-MM-DD HH:MM` Amsterdam time. With `dry_run` nothing is written. Any bad row refuses the whole import: the answer is 422 and lists every bad row by line."
	huma.Register(h, imp, func(ctx context.Context, in *struct{ Body OutageImportBody }) (*api.Body[OutageImportReport], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		rep, err := a.Supply.ImportOutages(ctx, p, strings.NewReader(in.Body.CSV), in.Body.DryRun)
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		if len(rep.Errors) > 0 {
			return nil, a.Kit.Err(ctx, importRefusal(rep.Errors))
		}
		return &api.Body[OutageImportReport]{Body: rep}, nil
	})
	huma.Register(h, api.Op("get-supply-calendar", http.MethodGet, "/supply/calendar", "Who produces what, week by week", tag),
		func(ctx context.Context, in *struct {
			Weeks int `query:"weeks" minimum:"1" maximum:"52" default:"12"`
		}) (*api.Body[Calendar], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			cal, err := a.Supply.Calendar(ctx, p, FacilityFilter{}, in.Weeks)
			return &api.Body[Calendar]{Body: cal}, a.Kit.Err(ctx, err)
		})
}
