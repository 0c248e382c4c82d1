package reports

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kern"
	"kern/internal/api"
)

const tag = "Reports"

// ReportBody is a progress report as the API takes it.
type ReportBody struct {
	Period      string   `json:"period" enum:"month,quarter,year"`
	PeriodStart string   `json:"period_start" format:"date"`
	PeriodEnd   string   `json:"period_end,omitempty" format:"date" doc:"The last day; the end of the period that starts on period_start when absent"`
	Scope       string   `json:"scope" enum:"platform,body" doc:"platform: the coordination office edits; body: also the body's chair, secretary or leader"`
	BodyID      *int64   `json:"body_id,omitempty" doc:"Required for scope body"`
	Title       string   `json:"title,omitempty" maxLength:"200" doc:"Empty: \"Progress report\" and the period"`
	Intro       string   `json:"intro,omitempty" maxLength:"20000" doc:"Markdown; raw HTML is left out"`
	Sections    []string `json:"sections,omitempty" enum:"kpis,actions_done,actions_overdue,actions_blocked,quick_wins,decisions,meetings_ahead,terms_ending" doc:"The sections shown; all when absent"`
	Public      bool     `json:"public,omitempty" doc:"Whether the report will be readable without login once published"`
}

func (b ReportBody) input() (ReportInput, error) {
	var v kern.Validation
	in := ReportInput{Period: b.Period, Scope: b.Scope, BodyID: b.BodyID, Title: b.Title, Intro: b.Intro, Sections: b.Sections, Public: b.Public}
	if t := parseDay(&v, "period_start", b.PeriodStart); t != nil {
		in.Start = *t
	}
	in.End = parseDay(&v, "period_end", b.PeriodEnd)
	return in, v.Err()
}

func parseDay(v *kern.Validation, field, s string) *time.Time {
	if s == "" {
		return nil
	}
	t, err := time.Parse("2006-01-02", s)
	if !v.Check(err == nil, field, "field.invalid_date") {
		return nil
	}
	return &t
}

type reportOut struct{ Body Report }

type idIn struct {
	ID int64 `path:"id" minimum:"1"`
}

// PlanBody is an annual plan as the API takes it.
type PlanBody struct {
	BodyID     int64           `json:"body_id,omitempty" doc:"Only when creating"`
	Year       int             `json:"year,omitempty" doc:"Only when creating"`
	Summary    string          `json:"summary,omitempty" maxLength:"20000" doc:"Markdown"`
	Objectives []ObjectiveBody `json:"objectives" maxItems:"40"`
}

// ObjectiveBody is an objective as the API takes it.
type ObjectiveBody struct {
	Text      string  `json:"text" maxLength:"2000"`
	GoalIDs   []int64 `json:"goal_ids,omitempty" maxItems:"30"`
	ActionIDs []int64 `json:"action_ids,omitempty" maxItems:"30"`
}

func (b PlanBody) input() PlanInput {
	in := PlanInput{BodyID: b.BodyID, Year: b.Year, Summary: b.Summary}
	for _, o := range b.Objectives {
		in.Objectives = append(in.Objectives, ObjectiveInput{Text: o.Text, GoalIDs: o.GoalIDs, ActionIDs: o.ActionIDs})
	}
	return in
}

type planOut struct{ Body AnnualPlan }

// PlanOutcomeBody is the year-end report on one objective.
type PlanOutcomeBody struct {
	ObjectiveID int64  `json:"objective_id"`
	Outcome     string `json:"outcome" enum:"achieved,partly,not," doc:"Empty leaves the objective open"`
	Note        string `json:"note,omitempty" maxLength:"4000"`
}

type commentIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Comment string `json:"comment,omitempty" maxLength:"4000"`
	}
}

// Routes registers the operations.
func (a *API) Routes() {
	h := a.Kit.API
	s := a.Reports
	huma.Register(h, api.Op("list-reports", http.MethodGet, "/reports", "List progress reports", tag),
		func(ctx context.Context, in *struct {
			Scope  string `query:"scope" enum:"platform,body,"`
			BodyID int64  `query:"body_id" minimum:"0"`
			Period string `query:"period" enum:"month,quarter,year,"`
			Status string `query:"status" enum:"draft,published,"`
		}) (*struct {
			Body struct {
				Items []Report `json:"items"`
			}
		}, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			list, err := s.Reports(ctx, p, ReportFilter{Scope: in.Scope, BodyID: in.BodyID, Period: in.Period, Status: in.Status})
			out := &struct {
				Body struct {
					Items []Report `json:"items"`
				}
			}{}
			out.Body.Items = list
			return out, a.Kit.Err(ctx, err)
		})
	get := api.Op("get-report", http.MethodGet, "/reports/{id}", "Get a progress report with its content", tag)
	get.Description = "A draft's content is gathered at the time of the request; a published report's is the snapshot frozen at publication."
	huma.Register(h, get, func(ctx context.Context, in *idIn) (*reportOut, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		r, err := s.Report(ctx, p, in.ID)
		return &reportOut{Body: r}, a.Kit.Err(ctx, err)
	})
	create := api.Op("create-report", http.MethodPost, "/reports", "Draft a progress report", tag)
	create.DefaultStatus = http.StatusCreated
	create.Description = "A platform report is drafted by the coordination office; a body's also by its chair, secretary or leader (403 for anyone else). A period that ends before it starts is refused naming period_end."
	huma.Register(h, create, func(ctx context.Context, in *struct{ Body ReportBody }) (*reportOut, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		ri, err := in.Body.input()
		var r Report
		if err == nil {
			r, err = s.CreateReport(ctx, p, ri)
		}
		return &reportOut{Body: r}, a.Kit.Err(ctx, err)
	})
	update := api.Op("update-report", http.MethodPut, "/reports/{id}", "Change a draft progress report", tag)
	update.Description = "Refused with 409 once the report is published: its snapshot is frozen."
	huma.Register(h, update, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body ReportBody
	}) (*reportOut, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		ri, err := in.Body.input()
		var r Report
		if err == nil {
			r, err = s.UpdateReport(ctx, p, in.ID, ri)
		}
		return &reportOut{Body: r}, a.Kit.Err(ctx, err)
	})
	publish := api.Op("publish-report", http.MethodPost, "/reports/{id}/publish", "Publish a progress report", tag)
	publish.Description = "Freezes the content as a snapshot; later changes to KPIs, actions or meetings do not change it. A public report is readable by anyone at /reports/{id}. Publishing twice is refused with 409."
	huma.Register(h, publish, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body struct {
			Public bool `json:"public" doc:"Readable without login"`
		}
	}) (*reportOut, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		r, err := s.PublishReport(ctx, p, in.ID, in.Body.Public)
		return &reportOut{Body: r}, a.Kit.Err(ctx, err)
	})
	del := api.Op("delete-report", http.MethodDelete, "/reports/{id}", "Delete a draft progress report", tag)
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *idIn) (*struct{}, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		return nil, a.Kit.Err(ctx, s.DeleteReport(ctx, p, in.ID))
	})
	a.planRoutes()
}

func (a *API) planRoutes() {
	h := a.Kit.API
	s := a.Reports
	huma.Register(h, api.Op("list-annual-plans", http.MethodGet, "/annual-plans", "List annual plans", tag),
		func(ctx context.Context, in *struct {
			Year   int    `query:"year" minimum:"0"`
			BodyID int64  `query:"body_id" minimum:"0"`
			Status string `query:"status" enum:"draft,submitted,reviewed,reported,"`
		}) (*struct {
			Body struct {
				Items []AnnualPlan `json:"items"`
			}
		}, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			list, err := s.Plans(ctx, p, PlanFilter{Year: in.Year, BodyID: in.BodyID, Status: in.Status})
			out := &struct {
				Body struct {
					Items []AnnualPlan `json:"items"`
				}
			}{}
			out.Body.Items = list
			return out, a.Kit.Err(ctx, err)
		})
	huma.Register(h, api.Op("get-annual-plan", http.MethodGet, "/annual-plans/{id}", "Get an annual plan", tag),
		func(ctx context.Context, in *idIn) (*planOut, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			ap, err := s.AnnualPlan(ctx, p, in.ID)
			return &planOut{Body: ap}, a.Kit.Err(ctx, err)
		})
	create := api.Op("create-annual-plan", http.MethodPost, "/annual-plans", "Start a body's annual plan", tag)
	create.DefaultStatus = http.StatusCreated
	create.Description = "By the body's chair, secretary or leader, or the coordination office (403 for anyone else). One plan per body and year (a second is refused naming year)."
	huma.Register(h, create, func(ctx context.Context, in *struct{ Body PlanBody }) (*planOut, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		ap, err := s.CreatePlan(ctx, p, in.Body.input())
		return &planOut{Body: ap}, a.Kit.Err(ctx, err)
	})
	update := api.Op("update-annual-plan", http.MethodPut, "/annual-plans/{id}", "Change a draft annual plan", tag)
	update.Description = "Replaces the summary and the objectives; refused with 409 once submitted."
	huma.Register(h, update, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body PlanBody
	}) (*planOut, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		ap, err := s.UpdatePlan(ctx, p, in.ID, in.Body.input())
		return &planOut{Body: ap}, a.Kit.Err(ctx, err)
	})
	submit := api.Op("submit-annual-plan", http.MethodPost, "/annual-plans/{id}/submit", "Submit an annual plan to the board", tag)
	submit.Description = "Needs at least one objective; the board's chair is notified."
	huma.Register(h, submit, func(ctx context.Context, in *idIn) (*planOut, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		ap, err := s.SubmitPlan(ctx, p, in.ID)
		return &planOut{Body: ap}, a.Kit.Err(ctx, err)
	})
	for _, step := range []struct {
		id, path, summary, doc string
	}{
		{"comment-annual-plan", "/annual-plans/{id}/comments", "Comment on a submitted or reviewed annual plan (the board)",
			"By a coordinator or a member of a board."},
		{"review-annual-plan", "/annual-plans/{id}/review", "Record the board's review of a submitted annual plan",
			"By a coordinator or a member of a board; the comment is optional. The body's chair is notified."},
		{"return-annual-plan", "/annual-plans/{id}/return", "Return a submitted annual plan to the body as a draft",
			"By a coordinator or a member of a board; the comment (why) is required."},
	} {
		op := api.Op(step.id, http.MethodPost, step.path, step.summary, tag)
		op.Description = step.doc
		id := step.id
		huma.Register(h, op, func(ctx context.Context, in *commentIn) (*planOut, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			var ap AnnualPlan
			switch id {
			case "comment-annual-plan":
				ap, err = s.Comment(ctx, p, in.ID, in.Body.Comment)
			case "review-annual-plan":
				ap, err = s.ReviewPlan(ctx, p, in.ID, in.Body.Comment)
			default:
				ap, err = s.ReturnPlan(ctx, p, in.ID, in.Body.Comment)
			}
			return &planOut{Body: ap}, a.Kit.Err(ctx, err)
		})
	}
	outcomes := api.Op("report-annual-plan", http.MethodPut, "/annual-plans/{id}/outcomes", "Report on the objectives of a reviewed annual plan", tag)
	outcomes.Description = "Each objective achieved, partly or not, with a note. With report, the plan is marked reported, which needs an outcome for every objective."
	huma.Register(h, outcomes, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body struct {
			Outcomes []PlanOutcomeBody `json:"outcomes"`
			Report   bool              `json:"report,omitempty"`
		}
	}) (*planOut, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		var list []OutcomeInput
		for _, o := range in.Body.Outcomes {
			list = append(list, OutcomeInput{ObjectiveID: o.ObjectiveID, Outcome: o.Outcome, Note: o.Note})
		}
		ap, err := s.RecordOutcomes(ctx, p, in.ID, list, in.Body.Report)
		return &planOut{Body: ap}, a.Kit.Err(ctx, err)
	})
}
