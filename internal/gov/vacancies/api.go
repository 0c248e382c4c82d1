package vacancies

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kern"
	"kern/internal/api"
	"kern/internal/auth"
	"kern/internal/gov"
	"kern/internal/web"
)

// API serves the JSON operations of vacancies.
type API struct {
	Vacancies *Service
	Kit       *api.Kit
}

const tag = "Vacancies"

// VacancyBody is a vacancy as the API takes it.
type VacancyBody struct {
	BodyID      int64  `json:"body_id" minimum:"1"`
	SeatID      *int64 `json:"seat_id,omitempty" doc:"The ending seat it replaces, a seat of the same body"`
	Role        string `json:"role" enum:"chair,leader,co_leader,member,secretary,liaison,delegate"`
	Group       string `json:"stakeholder_group,omitempty" enum:"companies,governments,researchers,isotope_production,care_providers,patient_organisations,"`
	Title       string `json:"title" minLength:"1" maxLength:"200"`
	Description string `json:"description,omitempty" maxLength:"20000" doc:"Markdown; raw HTML is left out when shown"`
	StartsOn    string `json:"starts_on,omitempty" format:"date" doc:"When the new term starts"`
	ClosesOn    string `json:"closes_on" format:"date" doc:"The last day to apply; not in the past when published"`
}

func (b VacancyBody) input() (VacancyInput, error) {
	var v kern.Validation
	in := VacancyInput{BodyID: b.BodyID, SeatID: b.SeatID, Role: b.Role, Group: b.Group, Title: b.Title, Description: b.Description}
	if t, err := time.Parse(time.DateOnly, strings.TrimSpace(b.ClosesOn)); v.Check(err == nil, "closes_on", "field.invalid_date") {
		in.ClosesOn = t
	}
	if b.StartsOn != "" {
		if t, err := time.Parse(time.DateOnly, strings.TrimSpace(b.StartsOn)); v.Check(err == nil, "starts_on", "field.invalid_date") {
			in.StartsOn = &t
		}
	}
	return in, web.MergeErrors(&v, in.Validate())
}

// ApplicationBody is an application as the API takes it.
type ApplicationBody struct {
	Name         string `json:"name" minLength:"1" maxLength:"200" doc:"Given and family name"`
	Email        string `json:"email" minLength:"1" maxLength:"254"`
	Organisation string `json:"organisation,omitempty" maxLength:"200"`
	Motivation   string `json:"motivation" minLength:"1" maxLength:"8000"`
}

// ApplicationReviewBody is a reviewer's decision short of accepting.
type ApplicationReviewBody struct {
	State string `json:"state" enum:"received,shortlisted,rejected"`
	Note  string `json:"note,omitempty" maxLength:"4000"`
}

// ApplicationAcceptBody is the term of the new seat.
type ApplicationAcceptBody struct {
	TermStart string `json:"term_start" format:"date"`
	TermEnd   string `json:"term_end,omitempty" format:"date" doc:"Empty: open-ended"`
	MaxTerms  int    `json:"max_terms,omitempty" minimum:"0" maximum:"20" doc:"0: no maximum"`
	Note      string `json:"note,omitempty" maxLength:"4000"`
}

type vacancyOut struct{ Body Vacancy }

type vacancyIDIn struct {
	ID int64 `path:"id" minimum:"1"`
}

type listOf[T any] struct {
	Body struct {
		Items []T `json:"items"`
		api.ListMeta
	}
}

// page cuts one page out of a whole list (lists here are small: a body's vacancies, applications).
func page[T any](path string, query map[string]string, all []T, pg, perPage int) *listOf[T] {
	out := &listOf[T]{}
	from := min((pg-1)*perPage, len(all))
	out.Body.Items = all[from:min(from+perPage, len(all))]
	query["per_page"] = strconv.Itoa(perPage)
	out.Body.ListMeta = api.Meta(path, query, len(all), pg, perPage)
	return out
}

// public marks an operation that needs no token.
func public(op huma.Operation) huma.Operation {
	op.Security = []map[string][]string{{}}
	return op
}

// Routes registers the operations.
func (a *API) Routes() {
	h := a.Kit.API
	list := public(api.Op("list-vacancies", http.MethodGet, "/vacancies", "List vacancies", tag))
	list.Description = "Without `state`: the vacancies open to applications, for anyone, no token needed. With `state`: " +
		"the vacancies in that state of the bodies the caller manages (chair, secretary, leader, or the coordination office)."
	huma.Register(h, list, func(ctx context.Context, in *struct {
		Q       string `query:"q" doc:"Words in the title, body or description"`
		Kind    string `query:"kind" enum:"steering_group,operational_steering_group,coordination_office,action_group,board,committee,theme_group,working_group," doc:"The body's kind"`
		BodyID  int64  `query:"body_id" minimum:"0"`
		State   string `query:"state" enum:"draft,published,closed,filled,"`
		Page    int    `query:"page" minimum:"1" default:"1"`
		PerPage int    `query:"per_page" minimum:"1" maximum:"200" default:"50"`
	}) (*listOf[Vacancy], error) {
		f := VacancyFilter{Q: in.Q, Kind: in.Kind, BodyID: in.BodyID, State: in.State}
		var all []Vacancy
		var err error
		if in.State == "" {
			all, err = a.Vacancies.Open(ctx, f)
		} else {
			p, uerr := a.Kit.User(ctx)
			if uerr != nil {
				return nil, uerr
			}
			all, err = a.Vacancies.Managed(ctx, p, f)
		}
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		return page("/vacancies", map[string]string{"q": in.Q, "kind": in.Kind, "body_id": strconv.FormatInt(in.BodyID, 10),
			"state": in.State}, all, in.Page, in.PerPage), nil
	})
	huma.Register(h, public(api.Op("get-vacancy", http.MethodGet, "/vacancies/{id}", "Get a vacancy (drafts for the body's managers only)", tag)),
		func(ctx context.Context, in *vacancyIDIn) (*vacancyOut, error) {
			v, err := a.Vacancies.Vacancy(ctx, auth.FromContext(ctx), in.ID)
			return &vacancyOut{Body: v}, a.Kit.Err(ctx, err)
		})
	huma.Register(h, api.Created(api.Op("create-vacancy", http.MethodPost, "/vacancies", "Add a draft vacancy (the body's managers)", tag)),
		func(ctx context.Context, in *struct{ Body VacancyBody }) (*vacancyOut, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			vin, err := in.Body.input()
			var v Vacancy
			if err == nil {
				v, err = a.Vacancies.CreateVacancy(ctx, p, vin)
			}
			return &vacancyOut{Body: v}, a.Kit.Err(ctx, err)
		})
	huma.Register(h, api.Op("update-vacancy", http.MethodPut, "/vacancies/{id}", "Change a vacancy (the body's managers)", tag),
		func(ctx context.Context, in *struct {
			ID   int64 `path:"id" minimum:"1"`
			Body VacancyBody
		}) (*vacancyOut, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			vin, err := in.Body.input()
			var v Vacancy
			if err == nil {
				v, err = a.Vacancies.UpdateVacancy(ctx, p, in.ID, vin)
			}
			return &vacancyOut{Body: v}, a.Kit.Err(ctx, err)
		})
	for _, st := range []struct {
		id, path, summary string
		do                func(context.Context, *auth.Principal, int64) (Vacancy, error)
	}{
		{"publish-vacancy", "/vacancies/{id}/publish", "Publish a vacancy: public page and feed; its closing date must not be past", a.Vacancies.Publish},
		{"close-vacancy", "/vacancies/{id}/close", "Close a vacancy to applications", a.Vacancies.Close},
	} {
		huma.Register(h, api.Op(st.id, http.MethodPost, st.path, st.summary, tag), func(ctx context.Context, in *vacancyIDIn) (*vacancyOut, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			v, err := st.do(ctx, p, in.ID)
			return &vacancyOut{Body: v}, a.Kit.Err(ctx, err)
		})
	}
	a.applicationRoutes()
	terms := api.Op("list-terms-ending", http.MethodGet, "/terms", "List the terms of office ending within six months", tag)
	huma.Register(h, terms, func(ctx context.Context, in *struct {
		BodyID int64  `query:"body_id" minimum:"0"`
		Kind   string `query:"kind" enum:"steering_group,operational_steering_group,coordination_office,action_group,board,committee,theme_group,working_group,"`
	}) (*struct {
		Body struct {
			Items []Term `json:"items"`
		}
	}, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		list, err := a.Vacancies.TermsEnding(ctx, p, TermFilter{BodyID: in.BodyID, Kind: in.Kind})
		out := &struct {
			Body struct {
				Items []Term `json:"items"`
			}
		}{}
		out.Body.Items = list
		return out, a.Kit.Err(ctx, err)
	})
}

func (a *API) applicationRoutes() {
	h := a.Kit.API
	apply := api.Created(public(api.Op("apply-vacancy", http.MethodPost, "/vacancies/{id}/applications", "Apply for an open vacancy (no token needed)", tag)))
	apply.Description = "The applicant gets a receipt by e-mail; the body's chair and secretary are notified. One application per e-mail address per vacancy."
	huma.Register(h, apply, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body ApplicationBody
	}) (*struct{ Body Application }, error) {
		b := in.Body
		x, err := a.Vacancies.Apply(ctx, auth.FromContext(ctx), in.ID,
			ApplicationInput{Name: b.Name, Email: b.Email, Organisation: b.Organisation, Motivation: b.Motivation}, web.LangOf(ctx))
		return &struct{ Body Application }{x}, a.Kit.Err(ctx, err)
	})
	huma.Register(h, api.Op("list-vacancy-applications", http.MethodGet, "/vacancies/{id}/applications",
		"List a vacancy's applications (the body's managers; recorded in the audit log)", tag),
		func(ctx context.Context, in *struct {
			ID      int64 `path:"id" minimum:"1"`
			Page    int   `query:"page" minimum:"1" default:"1"`
			PerPage int   `query:"per_page" minimum:"1" maximum:"200" default:"50"`
		}) (*listOf[Application], error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			_, list, err := a.Vacancies.Applications(ctx, p, in.ID)
			if err != nil {
				return nil, a.Kit.Err(ctx, err)
			}
			return page("/vacancies/"+strconv.FormatInt(in.ID, 10)+"/applications", map[string]string{}, list, in.Page, in.PerPage), nil
		})
	huma.Register(h, api.Op("review-vacancy-application", http.MethodPut, "/vacancies/{id}/applications/{application}",
		"Shortlist, reject or reset an application, with a note", tag),
		func(ctx context.Context, in *struct {
			ID          int64 `path:"id" minimum:"1"`
			Application int64 `path:"application" minimum:"1"`
			Body        ApplicationReviewBody
		}) (*struct{ Body Application }, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			x, err := a.Vacancies.ReviewApplication(ctx, p, in.ID, in.Application, Review{State: in.Body.State, Note: in.Body.Note})
			return &struct{ Body Application }{x}, a.Kit.Err(ctx, err)
		})
	acc := api.Created(api.Op("accept-vacancy-application", http.MethodPost, "/vacancies/{id}/applications/{application}/accept",
		"Accept an application: the applicant gets the seat and the vacancy is filled", tag))
	acc.Description = "Answers with the new seat. An applicant not yet in the registry is added as a person; a re-appointed holder of the ending seat gets the next term."
	huma.Register(h, acc, func(ctx context.Context, in *struct {
		ID          int64 `path:"id" minimum:"1"`
		Application int64 `path:"application" minimum:"1"`
		Body        ApplicationAcceptBody
	}) (*struct{ Body gov.Seat }, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		var v kern.Validation
		ain := Acceptance{MaxTerms: in.Body.MaxTerms, Note: in.Body.Note}
		if t, perr := time.Parse(time.DateOnly, in.Body.TermStart); v.Check(perr == nil, "term_start", "field.invalid_date") {
			ain.TermStart = t
		}
		if in.Body.TermEnd != "" {
			if t, perr := time.Parse(time.DateOnly, in.Body.TermEnd); v.Check(perr == nil, "term_end", "field.invalid_date") {
				ain.TermEnd = &t
			}
		}
		var seat gov.Seat
		err = web.MergeErrors(&v, ain.Validate())
		if err == nil {
			seat, err = a.Vacancies.Accept(ctx, p, in.ID, in.Application, ain)
		}
		return &struct{ Body gov.Seat }{seat}, a.Kit.Err(ctx, err)
	})
}
