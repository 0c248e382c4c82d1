package rounds

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kern"
	"kern/internal/api"
)

// MarshalJSON writes the start and end dates as plain dates (YYYY-MM-DD), as the API documents.
func (r Round) MarshalJSON() ([]byte, error) {
	type plain Round
	return json.Marshal(struct {
		plain
		StartsOn string `json:"starts_on"`
		EndsOn   string `json:"ends_on"`
	}{plain(r), r.StartsOn.Format(time.DateOnly), r.EndsOn.Format(time.DateOnly)})
}

// RoundBody is a round as the API takes it.
type RoundBody struct {
	Title        string  `json:"title" minLength:"1" maxLength:"200"`
	Description  string  `json:"description,omitempty" maxLength:"4000"`
	StartsOn     string  `json:"starts_on" format:"date" example:"2026-04-01"`
	EndsOn       string  `json:"ends_on" format:"date" example:"2026-04-30" doc:"The last day answers are taken"`
	ChallengeIDs []int64 `json:"challenge_ids" minItems:"1" maxItems:"200" doc:"The challenges to score, in the order respondents see them"`
}

func (b RoundBody) input() (RoundInput, error) {
	var v kern.Validation
	date := func(name, s string) *time.Time {
		t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
		if !v.Check(err == nil, name, "field.invalid_date") {
			return nil
		}
		return &t
	}
	in := RoundInput{Title: b.Title, Description: b.Description, StartsOn: date("starts_on", b.StartsOn),
		EndsOn: date("ends_on", b.EndsOn), ChallengeIDs: b.ChallengeIDs}
	return in, v.Err()
}

type roundOut struct{ Body Round }

type roundList struct {
	Body struct {
		Items []Round `json:"items"`
		api.ListMeta
	}
}

type roundIDIn struct {
	ID int64 `path:"id" minimum:"1"`
}

type invitationIn struct {
	ID         int64 `path:"id" minimum:"1"`
	Invitation int64 `path:"invitation" minimum:"1"`
}

type invitationOut struct{ Body Invitation }

type pageIn struct {
	ID      int64 `path:"id" minimum:"1"`
	Page    int   `query:"page" minimum:"1" default:"1"`
	PerPage int   `query:"per_page" minimum:"1" maximum:"200" default:"50"`
}

const tag = "Prioritisation rounds"

// Routes registers the operations.
func (a *API) Routes() {
	h := a.Kit.API
	huma.Register(h, api.Op("list-rounds", http.MethodGet, "/rounds", "List prioritisation rounds", tag),
		func(ctx context.Context, in *struct {
			Q       string `query:"q" doc:"Words in the title or description"`
			State   string `query:"state" enum:"draft,open,closed,"`
			Page    int    `query:"page" minimum:"1" default:"1"`
			PerPage int    `query:"per_page" minimum:"1" maximum:"200" default:"25"`
		}) (*roundList, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			f := RoundFilter{Q: in.Q, State: in.State, Page: in.Page, PerPage: in.PerPage}
			list, total, err := a.Rounds.Rounds(ctx, p, f)
			if err != nil {
				return nil, a.Kit.Err(ctx, err)
			}
			f.Normalize()
			out := &roundList{}
			out.Body.Items = list
			out.Body.ListMeta = api.Meta("/rounds", map[string]string{"q": in.Q, "state": in.State,
				"per_page": strconv.Itoa(f.PerPage)}, total, f.Page, f.PerPage)
			return out, nil
		})
	get := api.Op("get-round", http.MethodGet, "/rounds/{id}", "Get a prioritisation round", tag)
	get.Description = "The coordination office sees every round; everyone else a round whose results are published."
	huma.Register(h, get, func(ctx context.Context, in *roundIDIn) (*roundOut, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		r, err := a.Rounds.Round(ctx, p, in.ID)
		return &roundOut{Body: r}, a.Kit.Err(ctx, err)
	})
	create := api.Op("create-round", http.MethodPost, "/rounds", "Start a prioritisation round (as a draft)", tag)
	create.DefaultStatus = http.StatusCreated
	create.Description = "Coordinators only; anyone else gets 403."
	huma.Register(h, create, func(ctx context.Context, in *struct{ Body RoundBody }) (*roundOut, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		ri, err := in.Body.input()
		var r Round
		if err == nil {
			r, err = a.Rounds.CreateRound(ctx, p, ri)
		}
		return &roundOut{Body: r}, a.Kit.Err(ctx, err)
	})
	update := api.Op("update-round", http.MethodPut, "/rounds/{id}", "Change a prioritisation round", tag)
	update.Description = "A draft changes freely; an open round keeps its challenges and start date; a closed round is frozen (409)."
	huma.Register(h, update, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body RoundBody
	}) (*roundOut, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		ri, err := in.Body.input()
		var r Round
		if err == nil {
			r, err = a.Rounds.UpdateRound(ctx, p, in.ID, ri)
		}
		return &roundOut{Body: r}, a.Kit.Err(ctx, err)
	})
	for _, op := range []struct {
		id, path, summary, desc string
	}{
		{"open-round", "/rounds/{id}/open", "Open a draft round and e-mail its invitations",
			"Each pending invitation gets its personal link by e-mail (through the outbox)."},
		{"close-round", "/rounds/{id}/close", "Close an open round", "From then on the round is frozen."},
	} {
		o := api.Op(op.id, http.MethodPost, op.path, op.summary, tag)
		o.Description = op.desc
		open := op.id == "open-round"
		huma.Register(h, o, func(ctx context.Context, in *roundIDIn) (*roundOut, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			var r Round
			if open {
				r, err = a.Rounds.OpenRound(ctx, p, in.ID)
			} else {
				r, err = a.Rounds.CloseRound(ctx, p, in.ID)
			}
			return &roundOut{Body: r}, a.Kit.Err(ctx, err)
		})
	}
	publish := api.Op("publish-round", http.MethodPost, "/rounds/{id}/publish", "Set who may see the results of a closed round", tag)
	publish.Description = "published: every logged-in user; public: also visitors without login (needs published)."
	huma.Register(h, publish, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body Publication
	}) (*roundOut, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		r, err := a.Rounds.PublishRound(ctx, p, in.ID, in.Body)
		return &roundOut{Body: r}, a.Kit.Err(ctx, err)
	})
	huma.Register(h, api.Op("get-round-results", http.MethodGet, "/rounds/{id}/results", "Get the results of a round", tag),
		func(ctx context.Context, in *roundIDIn) (*struct{ Body Results }, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			_, res, err := a.Rounds.ResultsOf(ctx, p, in.ID)
			return &struct{ Body Results }{Body: res}, a.Kit.Err(ctx, err)
		})
	responses := api.Op("list-round-responses", http.MethodGet, "/rounds/{id}/responses", "List the responses of a round", tag)
	responses.Description = "Coordinators get the responses with who gave them; anyone else who may see the results gets " +
		"the comments only, without who wrote them."
	huma.Register(h, responses, func(ctx context.Context, in *pageIn) (*struct {
		Body struct {
			Items    []Response `json:"items" doc:"Coordinators only"`
			Comments []Comment  `json:"comments" doc:"For everyone else: the comments without who wrote them"`
			api.ListMeta
		}
	}, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		list, comments, total, err := a.Rounds.Responses(ctx, p, in.ID, in.Page, in.PerPage)
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		out := &struct {
			Body struct {
				Items    []Response `json:"items" doc:"Coordinators only"`
				Comments []Comment  `json:"comments" doc:"For everyone else: the comments without who wrote them"`
				api.ListMeta
			}
		}{}
		out.Body.Items, out.Body.Comments = list, comments
		out.Body.ListMeta = api.Meta("/rounds/"+itoa(in.ID)+"/responses", map[string]string{"per_page": strconv.Itoa(in.PerPage)},
			total, in.Page, in.PerPage)
		return out, nil
	})
	a.invitationRoutes()
}

func (a *API) invitationRoutes() {
	h := a.Kit.API
	list := api.Op("list-round-invitations", http.MethodGet, "/rounds/{id}/invitations", "List the invitations of a round", tag)
	list.Description = "Coordinators only."
	huma.Register(h, list, func(ctx context.Context, in *struct {
		ID      int64  `path:"id" minimum:"1"`
		Q       string `query:"q" doc:"Words in the name or e-mail address"`
		Group   string `query:"stakeholder_group" enum:"companies,governments,researchers,isotope_production,care_providers,patient_organisations,"`
		Status  string `query:"status" enum:"pending,sent,answered,revoked,"`
		Page    int    `query:"page" minimum:"1" default:"1"`
		PerPage int    `query:"per_page" minimum:"1" maximum:"500" default:"50"`
	}) (*struct {
		Body struct {
			Items []Invitation `json:"items"`
			api.ListMeta
		}
	}, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		f := InvitationFilter{Q: in.Q, Group: in.Group, Status: in.Status, Page: in.Page, PerPage: in.PerPage}
		items, total, err := a.Rounds.Invitations(ctx, p, in.ID, f, false)
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		f.Normalize()
		out := &struct {
			Body struct {
				Items []Invitation `json:"items"`
				api.ListMeta
			}
		}{}
		out.Body.Items = items
		out.Body.ListMeta = api.Meta("/rounds/"+itoa(in.ID)+"/invitations", map[string]string{"q": in.Q,
			"stakeholder_group": in.Group, "status": in.Status, "per_page": strconv.Itoa(f.PerPage)}, total, f.Page, f.PerPage)
		return out, nil
	})
	create := api.Op("create-round-invitations", http.MethodPost, "/rounds/{id}/invitations", "Invite people to a round", tag)
	create.DefaultStatus = http.StatusCreated
	create.Description = "Each invitee is a person of the registry (person_id) or an e-mail address. The stakeholder group " +
		"defaults to that of the person's organisation and is required when unknown. Addresses already invited are " +
		"skipped. In an open round the personal links are e-mailed at once; in a draft when it opens."
	huma.Register(h, create, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body struct {
			Invitees []Invitee `json:"invitees" minItems:"1" maxItems:"2000"`
		}
	}) (*struct {
		Body struct {
			Items   []Invitation `json:"items"`
			Skipped int          `json:"skipped" doc:"Invitees whose address was already invited"`
		}
	}, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		items, skipped, err := a.Rounds.Invite(ctx, p, in.ID, in.Body.Invitees)
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		out := &struct {
			Body struct {
				Items   []Invitation `json:"items"`
				Skipped int          `json:"skipped" doc:"Invitees whose address was already invited"`
			}
		}{}
		out.Body.Items, out.Body.Skipped = items, skipped
		if out.Body.Items == nil {
			out.Body.Items = []Invitation{}
		}
		return out, nil
	})
	for _, op := range []struct{ id, path, summary, desc string }{
		{"revoke-round-invitation", "/rounds/{id}/invitations/{invitation}/revoke", "Revoke an invitation",
			"Its personal link stops working. An answered invitation cannot be revoked (409)."},
		{"resend-round-invitation", "/rounds/{id}/invitations/{invitation}/resend", "Send an invitation again with a new link",
			"The old link stops working. Only in an open round."},
	} {
		o := api.Op(op.id, http.MethodPost, op.path, op.summary, tag)
		o.Description = op.desc
		revoke := op.id == "revoke-round-invitation"
		huma.Register(h, o, func(ctx context.Context, in *invitationIn) (*invitationOut, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			var inv Invitation
			if revoke {
				inv, err = a.Rounds.RevokeInvitation(ctx, p, in.ID, in.Invitation)
			} else {
				inv, err = a.Rounds.ResendInvitation(ctx, p, in.ID, in.Invitation)
			}
			return &invitationOut{Body: inv}, a.Kit.Err(ctx, err)
		})
	}
}
