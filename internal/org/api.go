package org

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kern/internal/api"
	"kern/internal/auth"
)

// API serves the registry's JSON operations.
type API struct {
	Org  *Service
	Auth *auth.Service
	Kit  *api.Kit
}

// OrgBody is an organisation as the API takes it.
type OrgBody struct {
	Kind             string `json:"kind" enum:"hospital,department,producer,company,government,research,patient_org,society,insurer,other"`
	StakeholderGroup string `json:"stakeholder_group" enum:"companies,governments,researchers,isotope_production,care_providers,patient_organisations"`
	Name             string `json:"name" minLength:"1" maxLength:"200"`
	ShortName        string `json:"short_name,omitempty" maxLength:"40"`
	City             string `json:"city,omitempty" maxLength:"100"`
	Country          string `json:"country" doc:"ISO 3166-1 alpha-2 code, e.g. NL or BE" example:"NL"`
	Website          string `json:"website,omitempty" doc:"http(s) URL"`
	ParentID         *int64 `json:"parent_id,omitempty" doc:"The organisation this one belongs to; required for a department"`
	Hotlab           bool   `json:"hotlab,omitempty"`
	Cyclotron        bool   `json:"cyclotron,omitempty"`
	PETCT            int    `json:"pet_ct,omitempty" minimum:"0" maximum:"999"`
	SPECTCT          int    `json:"spect_ct,omitempty" minimum:"0" maximum:"999"`
	TherapyRooms     int    `json:"therapy_rooms,omitempty" minimum:"0" maximum:"999"`
	Notes            string `json:"notes,omitempty" maxLength:"4000" doc:"Internal: visible to the organisation and the coordination office only"`
}

func (b OrgBody) input() OrgInput {
	return OrgInput{Kind: Kind(b.Kind), Group: b.StakeholderGroup, Name: b.Name, ShortName: b.ShortName, City: b.City,
		Country: b.Country, Website: b.Website, ParentID: b.ParentID, Hotlab: b.Hotlab, Cyclotron: b.Cyclotron,
		PETCT: b.PETCT, SPECTCT: b.SPECTCT, TherapyRooms: b.TherapyRooms, Notes: b.Notes}
}

type orgOut struct {
	Body Organization
}

type orgList struct {
	Body struct {
		Items []Organization `json:"items"`
		api.ListMeta
	}
}

type orgListIn struct {
	Q          string `query:"q" doc:"Words in the name, short name or city (accents ignored)"`
	Kind       string `query:"kind" enum:"hospital,department,producer,company,government,research,patient_org,society,insurer,other,"`
	Group      string `query:"stakeholder_group" enum:"companies,governments,researchers,isotope_production,care_providers,patient_organisations,"`
	Country    string `query:"country" doc:"ISO country code"`
	Capability string `query:"capability" enum:"hotlab,cyclotron,pet_ct,spect_ct,therapy,"`
	ParentID   int64  `query:"parent_id" minimum:"0"`
	Sort       string `query:"sort" enum:"name,-name,city,-city,kind,country,updated,-updated," default:"name"`
	Page       int    `query:"page" minimum:"1" default:"1"`
	PerPage    int    `query:"per_page" minimum:"1" maximum:"200" default:"25"`
}

type idIn struct {
	ID int64 `path:"id" minimum:"1"`
}

// Routes registers the operations.
func (a *API) Routes() {
	h := a.Kit.API
	huma.Register(h, api.Op("list-organizations", http.MethodGet, "/organizations", "List organisations", "Registry"),
		func(ctx context.Context, in *orgListIn) (*orgList, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			f := OrgFilter{Q: in.Q, Kind: in.Kind, Group: in.Group, Country: in.Country, Capability: in.Capability,
				ParentID: in.ParentID, Sort: in.Sort, Page: in.Page, PerPage: in.PerPage}
			list, total, err := a.Org.Organizations(ctx, p, f)
			if err != nil {
				return nil, a.Kit.Err(ctx, err)
			}
			out := &orgList{}
			out.Body.Items = list
			if out.Body.Items == nil {
				out.Body.Items = []Organization{}
			}
			f.Normalize()
			out.Body.ListMeta = api.Meta("/organizations", map[string]string{"q": in.Q, "kind": in.Kind,
				"stakeholder_group": in.Group, "country": in.Country, "capability": in.Capability,
				"parent_id": strconv.FormatInt(in.ParentID, 10), "sort": in.Sort, "per_page": strconv.Itoa(f.PerPage)},
				total, f.Page, f.PerPage)
			return out, nil
		})
	huma.Register(h, api.Op("get-organization", http.MethodGet, "/organizations/{id}", "Get an organisation", "Registry"),
		func(ctx context.Context, in *idIn) (*orgOut, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			o, err := a.Org.Organization(ctx, p, in.ID)
			return &orgOut{Body: o}, a.Kit.Err(ctx, err)
		})
	create := api.Op("create-organization", http.MethodPost, "/organizations", "Add an organisation", "Registry")
	create.DefaultStatus = http.StatusCreated
	huma.Register(h, create, func(ctx context.Context, in *struct{ Body OrgBody }) (*orgOut, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		o, err := a.Org.CreateOrganization(ctx, p, in.Body.input())
		return &orgOut{Body: o}, a.Kit.Err(ctx, err)
	})
	huma.Register(h, api.Op("update-organization", http.MethodPut, "/organizations/{id}", "Change an organisation", "Registry"),
		func(ctx context.Context, in *struct {
			ID   int64 `path:"id" minimum:"1"`
			Body OrgBody
		}) (*orgOut, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			o, err := a.Org.UpdateOrganization(ctx, p, in.ID, in.Body.input())
			return &orgOut{Body: o}, a.Kit.Err(ctx, err)
		})
	del := api.Op("delete-organization", http.MethodDelete, "/organizations/{id}", "Delete an organisation",
		"Registry")
	del.Description = "Refused with 409 while departments, affiliations or accounts still refer to it."
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *idIn) (*struct{}, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		return nil, a.Kit.Err(ctx, a.Org.DeleteOrganization(ctx, p, in.ID))
	})
	members := api.Op("list-organization-members", http.MethodGet, "/organizations/{id}/members",
		"List the accounts of an organisation", "Registry")
	members.Description = "Visible to the organisation's own accounts and the coordination office; 404 for anyone else."
	huma.Register(h, members, func(ctx context.Context, in *idIn) (*struct{ Body []auth.Membership }, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		if _, err := a.Org.Organization(ctx, p, in.ID); err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		list, err := a.Auth.OrgMembers(ctx, p, in.ID)
		if list == nil {
			list = []auth.Membership{}
		}
		return &struct{ Body []auth.Membership }{Body: list}, a.Kit.Err(ctx, err)
	})
	huma.Register(h, api.Op("list-stakeholder-groups", http.MethodGet, "/stakeholder-groups",
		"List the six stakeholder groups with their number of organisations", "Registry"),
		func(ctx context.Context, _ *struct{}) (*struct{ Body []GroupCount }, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			list, err := a.Org.StakeholderGroups(ctx, p)
			return &struct{ Body []GroupCount }{Body: list}, a.Kit.Err(ctx, err)
		})
	huma.Register(h, api.Op("list-member-categories", http.MethodGet, "/member-categories",
		"List the society's member categories with current and 2022 counts", "Registry"),
		func(ctx context.Context, _ *struct{}) (*struct{ Body []CategoryCount }, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			list, err := a.Org.MemberCategoryCounts(ctx, p)
			return &struct{ Body []CategoryCount }{Body: list}, a.Kit.Err(ctx, err)
		})
	a.personRoutes()
}

// dateString shows a DATE as YYYY-MM-DD.
func dateString(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format("2006-01-02")
}
