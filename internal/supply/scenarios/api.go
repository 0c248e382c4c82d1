package scenarios

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kern/internal/api"
	"kern/internal/supply/runs"
)

const tag = "Shortage scenarios"

// ScenarioChangeBody is one change of a scenario; which fields count depends on kind.
type ScenarioChangeBody struct {
	Kind         string     `json:"kind" enum:"outage,demand,transport" doc:"outage: a facility or site produces less; demand: the demand for a nuclide or product changes by a factor; transport: routes take longer or close"`
	FacilityID   int64      `json:"facility_id,omitempty" doc:"outage: the facility; transport: from this facility"`
	Site         string     `json:"site,omitempty" maxLength:"100" doc:"outage: every facility of this site (e.g. Petten); transport: from this site"`
	Country      string     `json:"country,omitempty" maxLength:"2" doc:"transport: from the facilities of this country (ISO 3166-1 alpha-2)"`
	Nuclide      string     `json:"nuclide,omitempty" maxLength:"20" doc:"demand: of this nuclide (e.g. Mo-99)"`
	ProductID    int64      `json:"product_id,omitempty" doc:"demand: of this product"`
	Region       string     `json:"region,omitempty" maxLength:"5" doc:"demand, transport: hospitals in this country (NL) or Dutch province (NL-NH); absent: everywhere"`
	Factor       *float64   `json:"factor,omitempty" doc:"demand: 0–10; 1.2 = +20 %, 0 = none"`
	StartsAt     *time.Time `json:"starts_at,omitempty" doc:"The period's start (RFC 3339); required for outage and transport"`
	EndsAt       *time.Time `json:"ends_at,omitempty" doc:"The period's end, after its start; required for outage and transport"`
	ReductionPct int        `json:"reduction_pct,omitempty" doc:"outage: 1–100"`
	ExtraHours   float64    `json:"extra_hours,omitempty" doc:"transport: hours added to the transit time (> 0) unless closed"`
	Closed       bool       `json:"closed,omitempty" doc:"transport: the routes are closed"`
}

// ScenarioPolicyBody is the allocation policy of a scenario's run.
type ScenarioPolicyBody struct {
	Kind          string   `json:"kind" enum:"strict,floor"`
	FloorPct      float64  `json:"floor_pct,omitempty" doc:"floor: share of each hospital's weekly ordered activity guaranteed, 0–100"`
	FloorWeeklyBq float64  `json:"floor_weekly_bq,omitempty" doc:"floor: at least this much a week"`
	Nuclides      []string `json:"nuclides,omitempty" maxItems:"50" doc:"floor: the nuclides the floor applies to; empty: all"`
}

// ScenarioBody is a scenario as the API takes it.
type ScenarioBody struct {
	Name          string               `json:"name" minLength:"1" maxLength:"200"`
	Description   string               `json:"description,omitempty" maxLength:"4000"`
	BaselineRunID int64                `json:"baseline_run_id,omitempty" doc:"The baseline run to copy and compare with; absent: the latest (on update: the scenario's)"`
	Policy        *ScenarioPolicyBody  `json:"policy,omitempty" doc:"Absent: the baseline run's"`
	Changes       []ScenarioChangeBody `json:"changes" maxItems:"50"`
}

// ScenarioOut is a scenario as the API gives it.
type ScenarioOut struct {
	ID            int64                `json:"id"`
	Name          string               `json:"name"`
	Description   string               `json:"description"`
	Changes       []ScenarioChangeBody `json:"changes"`
	StartsAt      time.Time            `json:"starts_at"`
	HorizonDays   int                  `json:"horizon_days"`
	Policy        ScenarioPolicyBody   `json:"policy"`
	BaselineRunID *int64               `json:"baseline_run_id"`
	RunID         *int64               `json:"run_id" doc:"The scenario's latest run; null until it has run"`
	CreatedBy     string               `json:"created_by"`
	CreatedAt     time.Time            `json:"created_at"`
	UpdatedAt     time.Time            `json:"updated_at"`
	Comparison    string               `json:"comparison" doc:"URL of the comparison with the baseline"`
}

// ScenarioDeferredDose is a patient dose the scenario's run does not serve whole: deferred by
// the engine, or beyond any supply (no_supply).
type ScenarioDeferredDose struct {
	OrgID      int64     `json:"org_id"`
	Hospital   string    `json:"hospital"`
	Product    string    `json:"product"`
	Nuclide    string    `json:"nuclide"`
	At         time.Time `json:"at"`
	Priority   int       `json:"priority"`
	ActivityBq float64   `json:"activity_bq"`
	NoSupply   bool      `json:"no_supply" doc:"No supply can reach it at all"`
	Reason     string    `json:"reason"`
}

// ScenarioBottleneck is why a class gets less in the scenario.
type ScenarioBottleneck struct {
	Priority    int      `json:"priority"`
	Nuclide     string   `json:"nuclide"`
	FillRatio   float64  `json:"fill_ratio"`
	Hospitals   []string `json:"hospitals"`
	Explanation string   `json:"explanation"`
}

// ScenarioComparisonOut is a scenario beside its baseline. hospitals, deferred and bottlenecks
// are cut to what the caller may see: all of it for the coordination office, a hospital user's
// own hospital (no bottlenecks), nothing for others.
type ScenarioComparisonOut struct {
	Scenario      ScenarioOut            `json:"scenario"`
	Ran           bool                   `json:"ran" doc:"false until the scenario has run"`
	RunFailed     bool                   `json:"run_failed" doc:"The engine refused the scenario's input: the run failed"`
	Failed        string                 `json:"failed,omitempty" doc:"Why the engine refused the scenario's input (the coordination office only)"`
	Stale         bool                   `json:"stale" doc:"The scenario changed after its run: run it again"`
	BaselineRunID int64                  `json:"baseline_run_id"`
	RunID         int64                  `json:"run_id"`
	Totals        ScenarioTotals         `json:"totals"`
	Classes       []ScenarioClass        `json:"classes"`
	Nuclides      []ScenarioNuclide      `json:"nuclides" doc:"Supply against demand per nuclide and day (Amsterdam), in both runs"`
	Hospitals     []ScenarioHospitalFill `json:"hospitals" doc:"Fill per hospital and nuclide, worst first"`
	Deferred      []ScenarioDeferredDose `json:"deferred"`
	Bottlenecks   []ScenarioBottleneck   `json:"bottlenecks"`
}

func changeBody(c Change) ScenarioChangeBody {
	return ScenarioChangeBody{Kind: c.Kind, FacilityID: c.FacilityID, Site: c.Site, Country: c.Country, Nuclide: c.Nuclide,
		ProductID: c.ProductID, Region: c.Region, Factor: c.Factor, StartsAt: c.StartsAt, EndsAt: c.EndsAt,
		ReductionPct: c.ReductionPct, ExtraHours: c.ExtraHours, Closed: c.Closed}
}

func out(s Scenario) ScenarioOut {
	o := ScenarioOut{ID: s.ID, Name: s.Name, Description: s.Description, Changes: []ScenarioChangeBody{}, StartsAt: s.StartsAt,
		HorizonDays: s.Days, BaselineRunID: s.BaselineRunID, RunID: s.RunID, CreatedBy: s.CreatedBy, CreatedAt: s.CreatedAt,
		UpdatedAt: s.UpdatedAt, Comparison: api.Prefix + "/scenarios/" + strconv.FormatInt(s.ID, 10) + "/comparison",
		Policy: ScenarioPolicyBody{Kind: s.Policy.Kind, FloorPct: s.Policy.FloorPct, FloorWeeklyBq: s.Policy.FloorWeeklyBq,
			Nuclides: s.Policy.Nuclides}}
	for _, c := range s.Changes {
		o.Changes = append(o.Changes, changeBody(c))
	}
	return o
}

func (b ScenarioBody) input() Input {
	in := Input{Name: b.Name, Description: b.Description, BaselineRunID: b.BaselineRunID, Changes: []Change{}}
	if p := b.Policy; p != nil {
		in.Policy = &runs.Policy{Kind: p.Kind, FloorPct: p.FloorPct, FloorWeeklyBq: p.FloorWeeklyBq, Nuclides: p.Nuclides}
	}
	for _, c := range b.Changes {
		in.Changes = append(in.Changes, Change{Kind: c.Kind, FacilityID: c.FacilityID, Site: c.Site, Country: c.Country,
			Nuclide: c.Nuclide, ProductID: c.ProductID, Region: c.Region, Factor: c.Factor, StartsAt: c.StartsAt, EndsAt: c.EndsAt,
			ReductionPct: c.ReductionPct, ExtraHours: c.ExtraHours, Closed: c.Closed})
	}
	return in
}

func comparisonOut(c Comparison) ScenarioComparisonOut {
	o := ScenarioComparisonOut{Scenario: out(c.Scenario), Ran: c.Ran, RunFailed: c.RunFailed, Failed: c.Failed, Stale: c.Stale, BaselineRunID: c.BaselineRunID,
		RunID: c.RunID, Totals: c.Totals, Classes: c.Classes, Nuclides: c.Nuclides, Hospitals: c.Hospitals,
		Deferred: []ScenarioDeferredDose{}, Bottlenecks: []ScenarioBottleneck{}}
	if o.Classes == nil {
		o.Classes = []ScenarioClass{}
	}
	if o.Nuclides == nil {
		o.Nuclides = []ScenarioNuclide{}
	}
	if o.Hospitals == nil {
		o.Hospitals = []ScenarioHospitalFill{}
	}
	for _, d := range c.Deferred {
		o.Deferred = append(o.Deferred, ScenarioDeferredDose{OrgID: d.OrgID, Hospital: d.Hospital, Product: d.Product,
			Nuclide: d.Nuclide, At: d.At, Priority: d.Priority, ActivityBq: d.ActivityBq, NoSupply: d.NoSupply, Reason: d.Reason})
	}
	for _, b := range c.Bottlenecks {
		x := ScenarioBottleneck{Priority: b.Priority, Nuclide: b.Nuclide, FillRatio: b.FillRatio, Explanation: b.Explanation,
			Hospitals: []string{}}
		for _, h := range b.Hospitals {
			x.Hospitals = append(x.Hospitals, h.Name)
		}
		o.Bottlenecks = append(o.Bottlenecks, x)
	}
	return o
}

type scenarioList struct {
	Body struct {
		Items []ScenarioOut `json:"items"`
		api.ListMeta
	}
}

type scenarioListIn struct {
	Q       string `query:"q" doc:"Words in the name or description"`
	Sort    string `query:"sort" enum:"name,-name,updated,-updated," default:"-updated"`
	Page    int    `query:"page" minimum:"1" default:"1"`
	PerPage int    `query:"per_page" minimum:"1" maximum:"200" default:"25"`
}

type scenarioIDIn struct {
	ID int64 `path:"id" minimum:"1"`
}

// Routes registers the operations.
func (a *API) Routes() {
	h := a.Kit.API
	huma.Register(h, api.Op("list-scenarios", http.MethodGet, "/scenarios", "List shortage scenarios", tag),
		func(ctx context.Context, in *scenarioListIn) (*scenarioList, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			f := Filter{Q: in.Q, Sort: in.Sort, Page: in.Page, PerPage: in.PerPage}
			items, total, err := a.Scenarios.Scenarios(ctx, p, f)
			if err != nil {
				return nil, a.Kit.Err(ctx, err)
			}
			o := &scenarioList{}
			o.Body.Items = []ScenarioOut{}
			for _, s := range items {
				o.Body.Items = append(o.Body.Items, out(s))
			}
			f.Normalize()
			o.Body.ListMeta = api.Meta("/scenarios", map[string]string{"q": in.Q, "sort": in.Sort, "per_page": strconv.Itoa(f.PerPage)},
				total, f.Page, f.PerPage)
			return o, nil
		})
	huma.Register(h, api.Op("get-scenario", http.MethodGet, "/scenarios/{id}", "Get a shortage scenario", tag),
		func(ctx context.Context, in *scenarioIDIn) (*api.Body[ScenarioOut], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			s, err := a.Scenarios.Scenario(ctx, p, in.ID)
			if err != nil {
				return nil, a.Kit.Err(ctx, err)
			}
			return &api.Body[ScenarioOut]{Body: out(s)}, nil
		})
	create := api.Created(api.Op("create-scenario", http.MethodPost, "/scenarios", "Save a shortage scenario", tag))
	create.Description = "Coordinators only. The scenario copies the baseline run's situation (the latest baseline unless " +
		"baseline_run_id says otherwise). A bad change is refused with 422 naming the field, e.g. body.changes[2].ends_at."
	huma.Register(h, create, func(ctx context.Context, in *struct{ Body ScenarioBody }) (*api.Body[ScenarioOut], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		s, err := a.Scenarios.Create(ctx, p, in.Body.input())
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		return &api.Body[ScenarioOut]{Body: out(s)}, nil
	})
	update := api.Op("update-scenario", http.MethodPut, "/scenarios/{id}", "Change a shortage scenario", tag)
	update.Description = "Coordinators only. Its last run stays until it runs again."
	huma.Register(h, update, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body ScenarioBody
	}) (*api.Body[ScenarioOut], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		s, err := a.Scenarios.Update(ctx, p, in.ID, in.Body.input())
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		return &api.Body[ScenarioOut]{Body: out(s)}, nil
	})
	del := api.Op("delete-scenario", http.MethodDelete, "/scenarios/{id}", "Delete a shortage scenario and its runs", tag)
	del.Description = "Coordinators only."
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *scenarioIDIn) (*struct{}, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		return nil, a.Kit.Err(ctx, a.Scenarios.Delete(ctx, p, in.ID))
	})
	run := api.Op("run-scenario", http.MethodPost, "/scenarios/{id}/run", "Run a shortage scenario", tag)
	run.Description = "Coordinators only. Runs the allocation on the baseline run's stored situation with the scenario's " +
		"changes and answers the comparison with the baseline. Earlier runs of the scenario stay stored."
	huma.Register(h, run, func(ctx context.Context, in *scenarioIDIn) (*api.Body[ScenarioComparisonOut], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		if _, err := a.Scenarios.Run(ctx, p, in.ID); err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		c, err := a.Scenarios.Compare(ctx, p, in.ID)
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		return &api.Body[ScenarioComparisonOut]{Body: comparisonOut(c)}, nil
	})
	cmp := api.Op("get-scenario-comparison", http.MethodGet, "/scenarios/{id}/comparison", "Compare a scenario with its baseline", tag)
	cmp.Description = "Every logged-in user: supply against demand per nuclide and day, class totals, counts of deferred doses. " +
		"The rows per hospital, the deferred doses and the bottlenecks only for the coordination office; a hospital user gets " +
		"its own hospital's rows."
	huma.Register(h, cmp, func(ctx context.Context, in *scenarioIDIn) (*api.Body[ScenarioComparisonOut], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		c, err := a.Scenarios.Compare(ctx, p, in.ID)
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		return &api.Body[ScenarioComparisonOut]{Body: comparisonOut(c)}, nil
	})
}
