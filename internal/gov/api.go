package gov

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kern"
	"kern/internal/api"
)

// API serves the JSON operations of bodies and seats.
type API struct {
	Gov *Service
	Kit *api.Kit
}

const tag = "Governance"

// BodyBody is a body as the API takes it.
type BodyBody struct {
	Kind                 string `json:"kind" enum:"steering_group,operational_steering_group,coordination_office,action_group,board,committee,theme_group,working_group"`
	Name                 string `json:"name" minLength:"1" maxLength:"200"`
	ShortName            string `json:"short_name,omitempty" maxLength:"40"`
	Goal                 string `json:"goal,omitempty" maxLength:"8000"`
	Scope                string `json:"scope,omitempty" maxLength:"8000"`
	Deliverables         string `json:"deliverables,omitempty" maxLength:"8000"`
	ReportsTo            *int64 `json:"reports_to,omitempty"`
	LiaisonPersonID      *int64 `json:"liaison_person_id,omitempty"`
	Rhythm               string `json:"rhythm,omitempty" enum:"weekly,monthly,quarterly,yearly,none,"`
	RequiresAllGroups    bool   `json:"requires_all_groups,omitempty" doc:"Every one of the six stakeholder groups must hold a seat (the steering group)"`
	RequiresNeutralChair bool   `json:"requires_neutral_chair,omitempty"`
}

// SeatBody is a seat as the API takes it.
type SeatBody struct {
	PersonID   int64  `json:"person_id" minimum:"1"`
	Role       string `json:"role" enum:"chair,leader,co_leader,member,secretary,liaison,delegate"`
	Group      string `json:"stakeholder_group,omitempty" enum:"companies,governments,researchers,isotope_production,care_providers,patient_organisations,"`
	OrgID      *int64 `json:"org_id,omitempty"`
	Neutral    bool   `json:"neutral,omitempty" doc:"A chair without a stakeholder interest"`
	TermStart  string `json:"term_start" format:"date"`
	TermEnd    string `json:"term_end,omitempty" format:"date" doc:"Empty: open-ended"`
	TermNumber int    `json:"term_number,omitempty" minimum:"0" maximum:"20"`
	MaxTerms   int    `json:"max_terms,omitempty" minimum:"0" maximum:"20" doc:"0: no maximum"`
}

func (b SeatBody) input() (SeatInput, error) {
	var v kern.Validation
	in := SeatInput{PersonID: b.PersonID, Role: b.Role, Group: b.Group, OrgID: b.OrgID, Neutral: b.Neutral,
		TermNumber: b.TermNumber, MaxTerms: b.MaxTerms}
	if t, err := time.Parse("2006-01-02", b.TermStart); v.Check(err == nil, "term_start", "gov.date_invalid") {
		in.TermStart = t
	}
	if b.TermEnd != "" {
		if t, err := time.Parse("2006-01-02", b.TermEnd); v.Check(err == nil, "term_end", "gov.date_invalid") {
			in.TermEnd = &t
		}
	}
	return in, v.Err()
}

type idIn struct {
	ID int64 `path:"id" minimum:"1"`
}

type bodyOut struct{ Body Body }

// Routes registers the operations.
func (a *API) Routes() {
	h := a.Kit.API
	list := api.Op("list-bodies", http.MethodGet, "/bodies", "List governance bodies with their seats and warnings", tag)
	list.Description = "Each body carries its seats (every term, with `current` and `ends_soon`) and its derived `warnings`."
	huma.Register(h, list, func(ctx context.Context, in *struct {
		Q    string `query:"q"`
		Kind string `query:"kind" enum:"steering_group,operational_steering_group,coordination_office,action_group,board,committee,theme_group,working_group,"`
	}) (*struct {
		Body struct {
			Items []Body `json:"items"`
		}
	}, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		xs, err := a.Gov.Bodies(ctx, p, BodyFilter{Q: in.Q, Kind: in.Kind})
		out := &struct {
			Body struct {
				Items []Body `json:"items"`
			}
		}{}
		out.Body.Items = xs
		return out, a.Kit.Err(ctx, err)
	})
	huma.Register(h, api.Op("get-body", http.MethodGet, "/bodies/{id}", "Get a body", tag),
		func(ctx context.Context, in *idIn) (*bodyOut, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			b, err := a.Gov.Body(ctx, p, in.ID)
			return &bodyOut{b}, a.Kit.Err(ctx, err)
		})
	create := api.Op("create-body", http.MethodPost, "/bodies", "Add a body (coordination office)", tag)
	create.DefaultStatus = http.StatusCreated
	huma.Register(h, create, func(ctx context.Context, in *struct{ Body BodyBody }) (*bodyOut, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		b, err := a.Gov.CreateBody(ctx, p, BodyInput(in.Body))
		return &bodyOut{b}, a.Kit.Err(ctx, err)
	})
	huma.Register(h, api.Op("update-body", http.MethodPut, "/bodies/{id}", "Change a body (its chair or secretary, or the coordination office)", tag),
		func(ctx context.Context, in *struct {
			ID   int64 `path:"id" minimum:"1"`
			Body BodyBody
		}) (*bodyOut, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			b, err := a.Gov.UpdateBody(ctx, p, in.ID, BodyInput(in.Body))
			return &bodyOut{b}, a.Kit.Err(ctx, err)
		})
	huma.Register(h, api.Op("list-seats", http.MethodGet, "/bodies/{id}/seats", "List a body's seats (every term)", tag),
		func(ctx context.Context, in *idIn) (*struct{ Body []Seat }, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			b, err := a.Gov.Body(ctx, p, in.ID)
			return &struct{ Body []Seat }{b.Seats}, a.Kit.Err(ctx, err)
		})
	add := api.Op("create-seat", http.MethodPost, "/bodies/{id}/seats", "Give a person a seat (a term) in a body", tag)
	add.DefaultStatus = http.StatusCreated
	add.Description = "Only the body's chair, secretary (an action group's leader) or the coordination office. Refused: a term that ends before it starts (422), two chairs at once or a person twice at the same time (422, naming the field)."
	huma.Register(h, add, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body SeatBody
	}) (*struct{ Body Seat }, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		si, err := in.Body.input()
		var s Seat
		if err == nil {
			s, err = a.Gov.AddSeat(ctx, p, in.ID, si)
		}
		return &struct{ Body Seat }{s}, a.Kit.Err(ctx, err)
	})
	huma.Register(h, api.Op("update-seat", http.MethodPut, "/bodies/{id}/seats/{seat}", "Change a seat (e.g. end a term early)", tag),
		func(ctx context.Context, in *struct {
			ID   int64 `path:"id" minimum:"1"`
			Seat int64 `path:"seat" minimum:"1"`
			Body SeatBody
		}) (*struct{ Body Seat }, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			si, err := in.Body.input()
			var s Seat
			if err == nil {
				s, err = a.Gov.UpdateSeat(ctx, p, in.ID, in.Seat, si)
			}
			return &struct{ Body Seat }{s}, a.Kit.Err(ctx, err)
		})
}
