package outlook

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kern/internal/api"
	"kern/internal/forecast"
)

// API serves the outlook's JSON operations.
type API struct {
	Outlook *Service
	Kit     *api.Kit
}

// The scenario and the result travel as JSON documents in the formats of kern forecast
// (docs/schemas/forecast-*.schema.json): json.RawMessage keeps the engine's Go types out of the
// OpenAPI schema names, where they would clash with the supply package's.

// ForecastScenarioBody is a saved forecast scenario as the API takes it.
type ForecastScenarioBody struct {
	Name        string          `json:"name" minLength:"1" maxLength:"200"`
	Description string          `json:"description,omitempty" maxLength:"4000"`
	Scenario    json.RawMessage `json:"scenario,omitempty" required:"false" doc:"The scenario as kern forecast reads it (docs/schemas/forecast-scenario.schema.json); absent: the defaults"`
	Runs        int             `json:"runs,omitempty" minimum:"0" maximum:"10000" doc:"Monte Carlo runs; 0 or absent: 1,000"`
	Seed        uint64          `json:"seed,omitempty" maximum:"9007199254740991" doc:"Random seed; the same seed gives the same result"`
}

// ForecastScenarioOut is a saved forecast scenario as the API gives it.
type ForecastScenarioOut struct {
	ID          int64           `json:"id"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Scenario    json.RawMessage `json:"scenario" doc:"docs/schemas/forecast-scenario.schema.json"`
	Runs        int             `json:"runs"`
	Seed        uint64          `json:"seed"`
	CreatedBy   string          `json:"created_by"`
	UpdatedBy   string          `json:"updated_by"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
	Result      string          `json:"result" doc:"URL of the scenario's result"`
}

// ForecastRunBody is an unsaved scenario to run.
type ForecastRunBody struct {
	Scenario json.RawMessage `json:"scenario,omitempty" required:"false" doc:"The scenario as kern forecast reads it; absent: the defaults"`
	Runs     int             `json:"runs,omitempty" minimum:"0" maximum:"10000"`
	Seed     uint64          `json:"seed,omitempty" maximum:"9007199254740991"`
}

func out(s Saved) ForecastScenarioOut {
	doc, _ := json.Marshal(s.Scenario)
	return ForecastScenarioOut{ID: s.ID, Name: s.Name, Description: s.Description, Scenario: doc, Runs: s.Runs, Seed: s.Seed,
		CreatedBy: s.CreatedBy, UpdatedBy: s.UpdatedBy, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt,
		Result: api.Prefix + "/forecasts/" + strconv.FormatInt(s.ID, 10) + "/result"}
}

func scenarioOf(raw json.RawMessage) (forecast.Scenario, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return forecast.DefaultScenario(), nil
	}
	return DecodeScenario(raw)
}

func (b ForecastScenarioBody) input() (Input, error) {
	sc, err := scenarioOf(b.Scenario)
	in := Input{Name: b.Name, Description: b.Description, Scenario: sc, Runs: b.Runs, Seed: b.Seed}
	if in.Runs == 0 {
		in.Runs = forecast.DefaultRuns
	}
	return in, err
}

type forecastOut struct{ Body ForecastScenarioOut }

type forecastResultOut struct {
	Body json.RawMessage `doc:"docs/schemas/forecast-result.schema.json"`
}

func resultOut(r forecast.Result) (*forecastResultOut, error) {
	b, err := json.Marshal(r)
	return &forecastResultOut{Body: b}, err
}

type forecastList struct {
	Body struct {
		Items []ForecastScenarioOut `json:"items"`
		api.ListMeta
	}
}

type forecastListIn struct {
	Q       string `query:"q" doc:"Words in the name or description"`
	Sort    string `query:"sort" enum:"name,-name,updated,-updated," default:"name"`
	Page    int    `query:"page" minimum:"1" default:"1"`
	PerPage int    `query:"per_page" minimum:"1" maximum:"200" default:"25"`
}

type forecastIDIn struct {
	ID int64 `path:"id" minimum:"1"`
}

const tag = "Outlook to 2040"

// Routes registers the operations.
func (a *API) Routes() {
	h := a.Kit.API
	huma.Register(h, api.Op("list-forecasts", http.MethodGet, "/forecasts", "List saved forecast scenarios", tag),
		func(ctx context.Context, in *forecastListIn) (*forecastList, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			f := Filter{Q: in.Q, Sort: in.Sort, Page: in.Page, PerPage: in.PerPage}
			list, total, err := a.Outlook.Scenarios(ctx, p, f)
			if err != nil {
				return nil, a.Kit.Err(ctx, err)
			}
			o := &forecastList{}
			o.Body.Items = []ForecastScenarioOut{}
			for _, s := range list {
				o.Body.Items = append(o.Body.Items, out(s))
			}
			f.Normalize()
			o.Body.ListMeta = api.Meta("/forecasts", map[string]string{"q": in.Q, "sort": in.Sort, "per_page": strconv.Itoa(f.PerPage)},
				total, f.Page, f.PerPage)
			return o, nil
		})
	huma.Register(h, api.Op("get-forecast", http.MethodGet, "/forecasts/{id}", "Get a saved forecast scenario", tag),
		func(ctx context.Context, in *forecastIDIn) (*forecastOut, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			s, err := a.Outlook.Scenario(ctx, p, in.ID)
			return &forecastOut{Body: out(s)}, a.Kit.Err(ctx, err)
		})
	create := api.Op("create-forecast", http.MethodPost, "/forecasts", "Save a forecast scenario", tag)
	create.Description = "Coordinators only. An invalid scenario is refused with 422 naming the field, e.g. body.scenario.applications[1].growth.rate."
	create.DefaultStatus = http.StatusCreated
	huma.Register(h, create, func(ctx context.Context, in *struct{ Body ForecastScenarioBody }) (*forecastOut, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		var s Saved
		if err = requireEdit(p); err == nil {
			var input Input
			if input, err = in.Body.input(); err == nil {
				s, err = a.Outlook.Create(ctx, p, input)
			}
		}
		return &forecastOut{Body: out(s)}, a.Kit.Err(ctx, err)
	})
	update := api.Op("update-forecast", http.MethodPut, "/forecasts/{id}", "Change a saved forecast scenario", tag)
	update.Description = "Coordinators only."
	huma.Register(h, update, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body ForecastScenarioBody
	}) (*forecastOut, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		var s Saved
		if err = requireEdit(p); err == nil {
			var input Input
			if input, err = in.Body.input(); err == nil {
				s, err = a.Outlook.Update(ctx, p, in.ID, input)
			}
		}
		return &forecastOut{Body: out(s)}, a.Kit.Err(ctx, err)
	})
	del := api.Op("delete-forecast", http.MethodDelete, "/forecasts/{id}", "Delete a saved forecast scenario", tag)
	del.Description = "Coordinators only."
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *forecastIDIn) (*struct{}, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		return nil, a.Kit.Err(ctx, a.Outlook.Delete(ctx, p, in.ID))
	})
	result := func(ctx context.Context, in *forecastIDIn) (*forecastResultOut, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		_, r, err := a.Outlook.Result(ctx, p, in.ID)
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		return resultOut(r)
	}
	get := api.Op("get-forecast-result", http.MethodGet, "/forecasts/{id}/result", "Run a saved scenario and read its result", tag)
	get.Description = "The result in the format of kern forecast --json (docs/schemas/forecast-result.schema.json), with the scenario's runs and seed."
	huma.Register(h, get, result)
	post := api.Op("run-forecast", http.MethodPost, "/forecasts/{id}/run", "Run a saved scenario", tag)
	post.Description = "As GET /forecasts/{id}/result."
	huma.Register(h, post, result)
	run := api.Op("run-unsaved-forecast", http.MethodPost, "/forecasts/run", "Run a scenario without saving it", tag)
	run.Description = "Any logged-in user. An invalid scenario is refused with 422 naming the field."
	huma.Register(h, run, func(ctx context.Context, in *struct{ Body ForecastRunBody }) (*forecastResultOut, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		sc, err := scenarioOf(in.Body.Scenario)
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		r, err := a.Outlook.Run(ctx, p, sc, in.Body.Runs, in.Body.Seed)
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		return resultOut(r)
	})
}
