package plan

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kern"
	"kern/internal/api"
)

// API serves the JSON operations of the vision, goals, KPIs and challenges.
type API struct {
	Plan *Service
	Kit  *api.Kit
}

const tag = "Vision, goals and KPIs"

// PillarBody is a pillar as the API takes it.
type PillarBody struct {
	Position    int    `json:"position,omitempty" minimum:"0" maximum:"99"`
	Name        string `json:"name" minLength:"1" maxLength:"200"`
	Description string `json:"description,omitempty" maxLength:"4000"`
}

// GoalBody is a goal as the API takes it.
type GoalBody struct {
	PillarID         int64  `json:"pillar_id" minimum:"1"`
	Title            string `json:"title" minLength:"1" maxLength:"200"`
	Statement        string `json:"statement,omitempty" maxLength:"4000" doc:"Specific: what exactly, for whom, how much"`
	Rationale        string `json:"rationale,omitempty" maxLength:"4000" doc:"Realistic: why it is achievable"`
	AccountableOrg   *int64 `json:"accountable_org_id,omitempty"`
	AccountableGroup string `json:"accountable_group,omitempty" enum:"companies,governments,researchers,isotope_production,care_providers,patient_organisations,"`
	AccountableBody  string `json:"accountable_body,omitempty" maxLength:"200"`
	Deadline         string `json:"deadline,omitempty" format:"date"`
	Public           bool   `json:"public,omitempty"`
}

// TargetBody is a target as the API takes it.
type TargetBody struct {
	On    string  `json:"on" format:"date"`
	Value float64 `json:"value"`
}

// KPIBody is a KPI as the API takes it.
type KPIBody struct {
	GoalID        *int64       `json:"goal_id,omitempty"`
	Name          string       `json:"name" minLength:"1" maxLength:"200"`
	Definition    string       `json:"definition,omitempty" maxLength:"4000"`
	Unit          string       `json:"unit,omitempty" maxLength:"40"`
	Direction     string       `json:"direction" enum:"higher,lower" doc:"Which way is better"`
	Cadence       string       `json:"cadence" enum:"monthly,quarterly,yearly" doc:"How often a measurement is due"`
	Tolerance     float64      `json:"tolerance,omitempty" minimum:"0" doc:"In the KPI's unit: missing the trajectory by at most this is on track, by up to twice this at risk"`
	BaselineValue float64      `json:"baseline_value"`
	BaselineOn    string       `json:"baseline_on" format:"date"`
	OwnerID       *int64       `json:"owner_id,omitempty" doc:"The account that enters measurements and is reminded when one is late"`
	Public        bool         `json:"public,omitempty"`
	Targets       []TargetBody `json:"targets,omitempty" maxItems:"50"`
}

// MeasurementBody is a measurement as the API takes it.
type MeasurementBody struct {
	On     string  `json:"on" format:"date" doc:"The day the value describes; a second value for the same day is a correction"`
	Value  float64 `json:"value"`
	Source string  `json:"source,omitempty" maxLength:"200"`
	Note   string  `json:"note,omitempty" maxLength:"2000"`
}

// ChallengeBody is a challenge as the API takes it.
type ChallengeBody struct {
	Title       string   `json:"title" minLength:"1" maxLength:"200"`
	Description string   `json:"description,omitempty" maxLength:"8000"`
	Stage       string   `json:"stage" enum:"fundamental_research,translational_research,clinical_development,production_distribution,market_access,treatment_rwd"`
	Enablers    []string `json:"enablers,omitempty" enum:"financing,data_environment,coordination_platform,collaboration,international,research_programmes,level_playing_field,reimbursement_hta"`
	Groups      []string `json:"stakeholder_groups,omitempty" enum:"companies,governments,researchers,isotope_production,care_providers,patient_organisations"`
	Source      string   `json:"source" enum:"report,interview,survey,round_table"`
	SourceNote  string   `json:"source_note,omitempty" maxLength:"500"`
}

// parseDay reads a date field of a body; huma has checked its format already.
func parseDay(v *kern.Validation, field, s string) *time.Time {
	if s == "" {
		return nil
	}
	t, err := time.Parse(Date, s)
	if !v.Check(err == nil, field, "plan.date_invalid") {
		return nil
	}
	return &t
}

func (b GoalBody) input() (GoalInput, error) {
	var v kern.Validation
	in := GoalInput{PillarID: b.PillarID, Title: b.Title, Statement: b.Statement, Rationale: b.Rationale,
		AccountableOrg: b.AccountableOrg, AccountableGroup: b.AccountableGroup, AccountableBody: b.AccountableBody,
		Deadline: parseDay(&v, "deadline", b.Deadline), Public: b.Public}
	return in, v.Err()
}

func (b KPIBody) input() (KPIInput, error) {
	var v kern.Validation
	in := KPIInput{GoalID: b.GoalID, Name: b.Name, Definition: b.Definition, Unit: b.Unit, Direction: b.Direction,
		Cadence: b.Cadence, Tolerance: b.Tolerance, BaselineValue: b.BaselineValue, OwnerID: b.OwnerID, Public: b.Public}
	if d := parseDay(&v, "baseline_on", b.BaselineOn); d != nil {
		in.BaselineOn = *d
	}
	for i, t := range b.Targets {
		if d := parseDay(&v, "targets["+strconv.Itoa(i)+"].on", t.On); d != nil {
			in.Targets = append(in.Targets, Target{On: *d, Value: t.Value})
		}
	}
	return in, v.Err()
}

func (b ChallengeBody) input() ChallengeInput {
	return ChallengeInput{Title: b.Title, Description: b.Description, Stage: b.Stage, Enablers: b.Enablers,
		Groups: b.Groups, Source: b.Source, SourceNote: b.SourceNote}
}

type idIn struct {
	ID int64 `path:"id" minimum:"1"`
}

// Routes registers the operations.
func (a *API) Routes() {
	a.pillarRoutes()
	a.goalRoutes()
	a.kpiRoutes()
	a.challengeRoutes()
}

func (a *API) pillarRoutes() {
	h := a.Kit.API
	huma.Register(h, api.Op("list-pillars", http.MethodGet, "/pillars", "List the pillars of the vision", tag),
		func(ctx context.Context, _ *struct{}) (*api.Items[Pillar], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			xs, err := a.Plan.Pillars(ctx, p)
			return api.List(xs), a.Kit.Err(ctx, err)
		})
	huma.Register(h, api.Op("get-pillar", http.MethodGet, "/pillars/{id}", "Get a pillar", tag),
		func(ctx context.Context, in *idIn) (*api.Body[Pillar], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			x, err := a.Plan.Pillar(ctx, p, in.ID)
			return &api.Body[Pillar]{Body: x}, a.Kit.Err(ctx, err)
		})
	huma.Register(h, api.Created(api.Op("create-pillar", http.MethodPost, "/pillars", "Add a pillar (coordination office)", tag)),
		func(ctx context.Context, in *struct{ Body PillarBody }) (*api.Body[Pillar], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			x, err := a.Plan.CreatePillar(ctx, p, PillarInput(in.Body))
			return &api.Body[Pillar]{Body: x}, a.Kit.Err(ctx, err)
		})
	huma.Register(h, api.Op("update-pillar", http.MethodPut, "/pillars/{id}", "Change a pillar (coordination office)", tag),
		func(ctx context.Context, in *struct {
			ID   int64 `path:"id" minimum:"1"`
			Body PillarBody
		}) (*api.Body[Pillar], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			x, err := a.Plan.UpdatePillar(ctx, p, in.ID, PillarInput(in.Body))
			return &api.Body[Pillar]{Body: x}, a.Kit.Err(ctx, err)
		})
}

func (a *API) goalRoutes() {
	h := a.Kit.API
	op := api.Op("list-goals", http.MethodGet, "/goals", "List goals with their SMART check and progress", tag)
	op.Description = "`smart_missing` lists what a goal still lacks: specific, measurable, acceptable, realistic, time_bound."
	huma.Register(h, op, func(ctx context.Context, in *struct {
		PillarID int64 `query:"pillar_id" minimum:"0"`
	}) (*api.Items[Goal], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		xs, err := a.Plan.Goals(ctx, p, GoalFilter{PillarID: in.PillarID})
		return api.List(xs), a.Kit.Err(ctx, err)
	})
	huma.Register(h, api.Op("get-goal", http.MethodGet, "/goals/{id}", "Get a goal", tag),
		func(ctx context.Context, in *idIn) (*api.Body[Goal], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			x, err := a.Plan.Goal(ctx, p, in.ID)
			return &api.Body[Goal]{Body: x}, a.Kit.Err(ctx, err)
		})
	huma.Register(h, api.Created(api.Op("create-goal", http.MethodPost, "/goals", "Add a goal (coordination office)", tag)),
		func(ctx context.Context, in *struct{ Body GoalBody }) (*api.Body[Goal], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			gi, err := in.Body.input()
			var x Goal
			if err == nil {
				x, err = a.Plan.CreateGoal(ctx, p, gi)
			}
			return &api.Body[Goal]{Body: x}, a.Kit.Err(ctx, err)
		})
	huma.Register(h, api.Op("update-goal", http.MethodPut, "/goals/{id}", "Change a goal (coordination office)", tag),
		func(ctx context.Context, in *struct {
			ID   int64 `path:"id" minimum:"1"`
			Body GoalBody
		}) (*api.Body[Goal], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			gi, err := in.Body.input()
			var x Goal
			if err == nil {
				x, err = a.Plan.UpdateGoal(ctx, p, in.ID, gi)
			}
			return &api.Body[Goal]{Body: x}, a.Kit.Err(ctx, err)
		})
}

// ImportBody is a bulk import of measurements in the CSV format of the export.
type ImportBody struct {
	CSV    string `json:"csv" minLength:"1" maxLength:"8388608" doc:"CSV with the header kpi_id,kpi,date,value,unit,source,note,demo (kpi_id, date and value are required; comma or semicolon separated)"`
	DryRun bool   `json:"dry_run,omitempty" doc:"Only report what would change"`
}

func (a *API) kpiRoutes() {
	h := a.Kit.API
	op := api.Op("list-kpis", http.MethodGet, "/kpis", "List KPIs with their derived status", tag)
	op.Description = "`status` is derived, never stored: on_track, at_risk, off_track (against the target trajectory at the latest measurement's date, with the KPI's tolerance), no_data, or overdue (a measurement is late for the cadence)."
	huma.Register(h, op, func(ctx context.Context, in *struct {
		Q        string `query:"q" doc:"Words in the name or definition"`
		GoalID   int64  `query:"goal_id" minimum:"0"`
		PillarID int64  `query:"pillar_id" minimum:"0"`
		Status   string `query:"status" enum:"on_track,at_risk,off_track,no_data,overdue,"`
	}) (*api.Items[KPI], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		xs, err := a.Plan.KPIs(ctx, p, KPIFilter{Q: in.Q, GoalID: in.GoalID, PillarID: in.PillarID, Status: in.Status})
		return api.List(xs), a.Kit.Err(ctx, err)
	})
	huma.Register(h, api.Op("get-kpi", http.MethodGet, "/kpis/{id}", "Get a KPI with its status", tag),
		func(ctx context.Context, in *idIn) (*api.Body[KPI], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			x, err := a.Plan.KPI(ctx, p, in.ID)
			return &api.Body[KPI]{Body: x}, a.Kit.Err(ctx, err)
		})
	huma.Register(h, api.Created(api.Op("create-kpi", http.MethodPost, "/kpis", "Add a KPI (coordination office)", tag)),
		func(ctx context.Context, in *struct{ Body KPIBody }) (*api.Body[KPI], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			ki, err := in.Body.input()
			var x KPI
			if err == nil {
				x, err = a.Plan.CreateKPI(ctx, p, ki)
			}
			return &api.Body[KPI]{Body: x}, a.Kit.Err(ctx, err)
		})
	huma.Register(h, api.Op("update-kpi", http.MethodPut, "/kpis/{id}", "Change a KPI (coordination office)", tag),
		func(ctx context.Context, in *struct {
			ID   int64 `path:"id" minimum:"1"`
			Body KPIBody
		}) (*api.Body[KPI], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			ki, err := in.Body.input()
			var x KPI
			if err == nil {
				x, err = a.Plan.UpdateKPI(ctx, p, in.ID, ki)
			}
			return &api.Body[KPI]{Body: x}, a.Kit.Err(ctx, err)
		})
	del := api.Op("delete-kpi", http.MethodDelete, "/kpis/{id}", "Delete a KPI and its measurements (coordination office)", tag)
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *idIn) (*struct{}, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		return nil, a.Kit.Err(ctx, a.Plan.DeleteKPI(ctx, p, in.ID))
	})
	huma.Register(h, api.Op("list-kpi-measurements", http.MethodGet, "/kpis/{id}/measurements", "List a KPI's measurements", tag),
		func(ctx context.Context, in *struct {
			ID      int64 `path:"id" minimum:"1"`
			History bool  `query:"history" doc:"Include corrected values (replaced_at and replaced_by set)"`
		}) (*api.Items[Measurement], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			xs, err := a.Plan.Measurements(ctx, p, in.ID, in.History)
			return api.List(xs), a.Kit.Err(ctx, err)
		})
	rec := api.Created(api.Op("record-kpi-measurement", http.MethodPost, "/kpis/{id}/measurements", "Record a measurement (the KPI's owner or the coordination office)", tag))
	rec.Description = "A second value for the same day is a correction: it replaces the first, which stays in the history. A date in the future or before the baseline is refused."
	huma.Register(h, rec, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body MeasurementBody
	}) (*api.Body[Measurement], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		var v kern.Validation
		mi := MeasurementInput{Value: in.Body.Value, Source: in.Body.Source, Note: in.Body.Note}
		if d := parseDay(&v, "on", in.Body.On); d != nil {
			mi.On = *d
		}
		var x Measurement
		err = v.Err()
		if err == nil {
			x, err = a.Plan.RecordMeasurement(ctx, p, in.ID, mi)
		}
		return &api.Body[Measurement]{Body: x}, a.Kit.Err(ctx, err)
	})
	imp := api.Op("import-kpi-measurements", http.MethodPost, "/kpis/measurements/import", "Import measurements in bulk (CSV)", tag)
	imp.Description = "The same CSV format as the export (`GET /kpis/measurements.csv` in the browser). With `dry_run` nothing is written and the answer says what would change. Any bad row refuses the whole import: the answer is 422 and `errors` lists every bad row by line."
	huma.Register(h, imp, func(ctx context.Context, in *struct{ Body ImportBody }) (*api.Body[ImportReport], error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		rep, err := a.Plan.ImportMeasurements(ctx, p, strings.NewReader(in.Body.CSV), in.Body.DryRun)
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		if len(rep.Errors) > 0 {
			return nil, a.importErr(ctx, rep)
		}
		return &api.Body[ImportReport]{Body: rep}, nil
	})
}

// importErr is a refused import as problem+json: each bad row an error at body.csv[line].
func (a *API) importErr(ctx context.Context, rep ImportReport) error {
	e := kern.Errorf(kern.Invalid, "plan.import_refused", len(rep.Errors))
	e.Fields = map[string]string{}
	for _, x := range rep.Errors {
		e.Fields["csv.line_"+strconv.Itoa(x.Line)+"."+x.Field] = x.Key
	}
	return a.Kit.Err(ctx, e)
}

func (a *API) challengeRoutes() {
	h := a.Kit.API
	huma.Register(h, api.Op("list-challenges", http.MethodGet, "/challenges", "List challenges", tag),
		func(ctx context.Context, in *struct {
			Q       string `query:"q"`
			Stage   string `query:"stage" enum:"fundamental_research,translational_research,clinical_development,production_distribution,market_access,treatment_rwd,"`
			Enabler string `query:"enabler" enum:"financing,data_environment,coordination_platform,collaboration,international,research_programmes,level_playing_field,reimbursement_hta,"`
			Group   string `query:"stakeholder_group" enum:"companies,governments,researchers,isotope_production,care_providers,patient_organisations,"`
			Source  string `query:"source" enum:"report,interview,survey,round_table,"`
			Page    int    `query:"page" minimum:"1" default:"1"`
			PerPage int    `query:"per_page" minimum:"1" maximum:"500" default:"50"`
		}) (*struct {
			Body struct {
				Items []Challenge `json:"items"`
				api.ListMeta
			}
		}, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			f := ChallengeFilter{Q: in.Q, Stage: in.Stage, Enabler: in.Enabler, Group: in.Group, Source: in.Source, Page: in.Page, PerPage: in.PerPage}
			xs, total, err := a.Plan.Challenges(ctx, p, f)
			if err != nil {
				return nil, a.Kit.Err(ctx, err)
			}
			f.Normalize()
			out := &struct {
				Body struct {
					Items []Challenge `json:"items"`
					api.ListMeta
				}
			}{}
			out.Body.Items = xs
			out.Body.ListMeta = api.Meta("/challenges", map[string]string{"q": in.Q, "stage": in.Stage, "enabler": in.Enabler,
				"stakeholder_group": in.Group, "source": in.Source, "per_page": strconv.Itoa(f.PerPage)}, total, f.Page, f.PerPage)
			return out, nil
		})
	huma.Register(h, api.Op("get-challenge", http.MethodGet, "/challenges/{id}", "Get a challenge", tag),
		func(ctx context.Context, in *idIn) (*api.Body[Challenge], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			x, err := a.Plan.Challenge(ctx, p, in.ID)
			return &api.Body[Challenge]{Body: x}, a.Kit.Err(ctx, err)
		})
	huma.Register(h, api.Created(api.Op("create-challenge", http.MethodPost, "/challenges", "Add a challenge (coordination office)", tag)),
		func(ctx context.Context, in *struct{ Body ChallengeBody }) (*api.Body[Challenge], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			x, err := a.Plan.CreateChallenge(ctx, p, in.Body.input())
			return &api.Body[Challenge]{Body: x}, a.Kit.Err(ctx, err)
		})
	huma.Register(h, api.Op("update-challenge", http.MethodPut, "/challenges/{id}", "Change a challenge (coordination office)", tag),
		func(ctx context.Context, in *struct {
			ID   int64 `path:"id" minimum:"1"`
			Body ChallengeBody
		}) (*api.Body[Challenge], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			x, err := a.Plan.UpdateChallenge(ctx, p, in.ID, in.Body.input())
			return &api.Body[Challenge]{Body: x}, a.Kit.Err(ctx, err)
		})
}
