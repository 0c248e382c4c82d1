package runs

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kern"
	"kern/internal/api"
)

const tag = "Allocation runs"

// RunStartBody starts a baseline run as the API takes it.
type RunStartBody struct {
	StartsAt     *time.Time `json:"starts_at,omitempty" doc:"RFC 3339 instant; now when absent"`
	HorizonDays  int        `json:"horizon_days,omitempty" minimum:"0" maximum:"56" doc:"1–56 days; 28 when absent"`
	Name         string     `json:"name,omitempty" maxLength:"200"`
	Policy       *Policy    `json:"policy,omitempty" doc:"{\"kind\": \"strict\"} (default) or {\"kind\": \"floor\", \"floor_pct\": 30, \"floor_weekly_bq\": 2e9, \"nuclides\": [\"Mo-99\"]}"`
	ThresholdPct float64    `json:"threshold_pct,omitempty" doc:"Alert threshold in percent (0–100); 80 when absent"`
}

// RunInputBody is a run's stored input as the API answers it: the situation (facilities, feeds,
// products, production runs, outages, hospitals, demands, routes; see docs/allocation-runs.md) and
// the policy.
type RunInputBody struct {
	RunID        int64           `json:"run_id"`
	Kind         string          `json:"kind"`
	Policy       Policy          `json:"policy"`
	ThresholdPct float64         `json:"threshold_pct"`
	Situation    json.RawMessage `json:"situation"`
}

type runIDIn struct {
	ID int64 `path:"id" minimum:"1"`
}

// Routes registers the operations.
func (a *API) Routes() {
	h := a.Kit.API
	huma.Register(h, api.Op("list-runs", http.MethodGet, "/runs", "List allocation runs", tag),
		func(ctx context.Context, in *struct {
			Q       string `query:"q" doc:"Words in the name"`
			Kind    string `query:"kind" enum:"baseline,scenario,"`
			Status  string `query:"status" enum:"done,failed,"`
			Page    int    `query:"page" minimum:"1" default:"1"`
			PerPage int    `query:"per_page" minimum:"1" maximum:"200" default:"25"`
		}) (*struct {
			Body struct {
				Items []AllocRun `json:"items"`
				api.ListMeta
			}
		}, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			f := RunFilter{Q: in.Q, Kind: in.Kind, Status: in.Status, Page: in.Page, PerPage: in.PerPage}
			xs, total, err := a.Runs.List(ctx, p, f, false)
			if err != nil {
				return nil, a.Kit.Err(ctx, err)
			}
			out := &struct {
				Body struct {
					Items []AllocRun `json:"items"`
					api.ListMeta
				}
			}{}
			out.Body.Items = xs
			f.Normalize()
			out.Body.ListMeta = api.Meta("/runs", map[string]string{"q": in.Q, "kind": in.Kind, "status": in.Status,
				"per_page": strconv.Itoa(f.PerPage)}, total, f.Page, f.PerPage)
			return out, nil
		})
	start := api.Created(api.Op("start-run", http.MethodPost, "/runs", "Start a baseline allocation run", tag))
	start.Description = "Loads the current supply and demand of the horizon, runs the engine under the policy and stores the run " +
		"with its input. The coordination office only. An input the engine refuses is stored as a failed run and answered " +
		"422 naming the field."
	huma.Register(h, start, func(ctx context.Context, in *struct{ Body RunStartBody }) (*api.Body[AllocRun], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		b := in.Body
		at := a.Runs.now()
		if b.StartsAt != nil {
			at = b.StartsAt.UTC()
		}
		days := b.HorizonDays
		if days == 0 {
			days = DefaultHorizonDays
		}
		pol := Policy{Kind: PolicyStrict}
		if b.Policy != nil {
			pol = *b.Policy
		}
		run, err := a.Runs.StartBaseline(ctx, p, at, days, RunInput{Kind: KindBaseline, Name: b.Name, Policy: pol, Threshold: b.ThresholdPct})
		return &api.Body[AllocRun]{Body: run}, a.Kit.Err(ctx, err)
	})
	huma.Register(h, api.Op("get-run", http.MethodGet, "/runs/{id}", "Get an allocation run with its result", tag),
		func(ctx context.Context, in *runIDIn) (*api.Body[AllocRun], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			run, err := a.Runs.Summary(ctx, p, in.ID)
			return &api.Body[AllocRun]{Body: run}, a.Kit.Err(ctx, err)
		})
	huma.Register(h, api.Op("get-run-input", http.MethodGet, "/runs/{id}/input", "Get the stored input of a run (situation and policy)", tag),
		func(ctx context.Context, in *runIDIn) (*api.Body[RunInputBody], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			doc, err := a.Runs.Input(ctx, p, in.ID)
			if err != nil {
				return nil, a.Kit.Err(ctx, err)
			}
			sit, err := json.Marshal(doc.Situation)
			return &api.Body[RunInputBody]{Body: RunInputBody{RunID: doc.RunID, Kind: doc.Kind, Policy: doc.Policy,
				ThresholdPct: doc.ThresholdPct, Situation: sit}}, a.Kit.Err(ctx, err)
		})
	hosp := api.Op("get-run-hospital", http.MethodGet, "/runs/{id}/hospitals/{org_id}", "Get a hospital's own allocation in a run", tag)
	hosp.Description = "The coordination office and the hospital's own users; another hospital answers 404."
	huma.Register(h, hosp, func(ctx context.Context, in *struct {
		ID    int64 `path:"id" minimum:"1"`
		OrgID int64 `path:"org_id" minimum:"1"`
	}) (*api.Body[HospitalView], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		v, err := a.Runs.HospitalAllocation(ctx, p, in.ID, in.OrgID)
		return &api.Body[HospitalView]{Body: v}, a.Kit.Err(ctx, err)
	})
	prod := api.Op("get-run-producer", http.MethodGet, "/runs/{id}/producers/{org_id}", "Get the demand for a producer's products in a run", tag)
	prod.Description = "The coordination office and the producer's own users; anyone else answers 404."
	huma.Register(h, prod, func(ctx context.Context, in *struct {
		ID    int64 `path:"id" minimum:"1"`
		OrgID int64 `path:"org_id" minimum:"1"`
	}) (*api.Body[ProducerView], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		v, err := a.Runs.ProducerAllocation(ctx, p, in.ID, in.OrgID)
		return &api.Body[ProducerView]{Body: v}, a.Kit.Err(ctx, err)
	})
	status := api.Op("get-supply-status", http.MethodGet, "/supply-status", "The national supply status per nuclide and week", tag)
	status.Description = "Public, no authentication: from the latest baseline run, per nuclide and week sufficient, tight or short; " +
		"no hospital's details. 404 when no run exists yet."
	status.Security = []map[string][]string{{}}
	huma.Register(h, status, func(ctx context.Context, in *struct{}) (*api.Body[SupplyStatus], error) {
		st, ok, err := a.Runs.Status(ctx)
		if err == nil && !ok {
			err = kern.Errorf(kern.NotFound, "runs.status.empty")
		}
		return &api.Body[SupplyStatus]{Body: st}, a.Kit.Err(ctx, err)
	})
}
