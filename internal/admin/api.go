package admin

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kern"
	"kern/internal/api"
	"kern/internal/audit"
	"kern/internal/auth"
)

// API serves the admin's JSON operations and the caller's own account.
type API struct {
	Auth *auth.Service
	Kit  *api.Kit
}

type auditIn struct {
	Entity   string `query:"entity" doc:"organization, person, user, session, api_token, …"`
	EntityID string `query:"entity_id"`
	Actor    string `query:"actor" doc:"Part of the e-mail of who made the change"`
	Action   string `query:"action" doc:"create, update, delete, login, …"`
	From     string `query:"from" format:"date-time" doc:"RFC 3339 instant, inclusive"`
	To       string `query:"to" format:"date-time" doc:"RFC 3339 instant, exclusive"`
	Page     int    `query:"page" minimum:"1" default:"1"`
	PerPage  int    `query:"per_page" minimum:"1" maximum:"500" default:"50"`
}

type auditOut struct {
	Body struct {
		Items []audit.Entry `json:"items"`
		api.ListMeta
	}
}

type me struct {
	Body struct {
		User     auth.User               `json:"user"`
		Scope    auth.Scope              `json:"scope,omitempty"`
		OrgRoles map[string]auth.OrgRole `json:"org_roles"`
	}
}

// Routes registers the operations.
func (a *API) Routes() {
	huma.Register(a.Kit.API, api.Op("get-me", http.MethodGet, "/me", "Who am I: the account behind the token", "Accounts"),
		func(ctx context.Context, _ *struct{}) (*me, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			out := &me{}
			out.Body.User, out.Body.Scope, out.Body.OrgRoles = p.User, p.Scope, map[string]auth.OrgRole{}
			for id, r := range p.OrgRoles {
				out.Body.OrgRoles[strconv.FormatInt(id, 10)] = r
			}
			return out, nil
		})
	op := api.Op("list-audit", http.MethodGet, "/audit", "Read the audit log, newest first", "Audit")
	op.Description = "Administrators only."
	huma.Register(a.Kit.API, op, func(ctx context.Context, in *auditIn) (*auditOut, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		if !p.IsAdmin() {
			return nil, a.Kit.Err(ctx, kern.Errorf(kern.Forbidden, "error.forbidden"))
		}
		f := audit.Filter{Entity: in.Entity, EntityID: in.EntityID, Actor: in.Actor, Action: in.Action, Page: in.Page, PerPage: in.PerPage}
		var v kern.Validation
		if in.From != "" {
			t, err := time.Parse(time.RFC3339, in.From)
			v.Check(err == nil, "from", "field.invalid_date")
			f.From = t
		}
		if in.To != "" {
			t, err := time.Parse(time.RFC3339, in.To)
			v.Check(err == nil, "to", "field.invalid_date")
			f.To = t
		}
		if err := v.Err(); err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		page, err := audit.List(ctx, a.Auth.DB.Read, f)
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		out := &auditOut{}
		out.Body.Items = page.Entries
		if out.Body.Items == nil {
			out.Body.Items = []audit.Entry{}
		}
		out.Body.ListMeta = api.Meta("/audit", map[string]string{"entity": in.Entity, "entity_id": in.EntityID, "actor": in.Actor,
			"action": in.Action, "from": in.From, "to": in.To, "per_page": strconv.Itoa(in.PerPage)}, page.Total, in.Page, in.PerPage)
		return out, nil
	})
	users := api.Op("list-users", http.MethodGet, "/users", "List accounts", "Accounts")
	users.Description = "Administrators only."
	huma.Register(a.Kit.API, users, func(ctx context.Context, in *struct {
		Q string `query:"q"`
	}) (*struct{ Body []auth.User }, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		list, err := a.Auth.Users(ctx, p, in.Q)
		if list == nil {
			list = []auth.User{}
		}
		return &struct{ Body []auth.User }{Body: list}, a.Kit.Err(ctx, err)
	})
}
