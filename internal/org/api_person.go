package org

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kern"
	"kern/internal/api"
)

// PersonBody is a person as the API takes it.
type PersonBody struct {
	GivenName      string `json:"given_name" minLength:"1" maxLength:"100"`
	FamilyName     string `json:"family_name" minLength:"1" maxLength:"100"`
	Email          string `json:"email,omitempty" doc:"Visible only to the coordination office and admins of the person's organisations"`
	Profession     string `json:"profession,omitempty" enum:"nuclear_medicine_physician,nuclear_radiologist,hospital_pharmacist,clinical_physicist,clinical_radiochemist,radiologist,resident,technical_physician,other,"`
	MemberCategory string `json:"member_category,omitempty" enum:"a_nuclear_medicine_physician,a_nuclear_radiologist,b_hospital_pharmacist,b_clinical_physicist,b_clinical_radiochemist,b_radiologist,junior_a_resident_nm,junior_b_resident_radiology,extraordinary,emeritus,honorary,"`
	MemberSince    string `json:"member_since,omitempty" format:"date" doc:"YYYY-MM-DD"`
}

func parseDay(s, field string, v *kern.Validation) *time.Time {
	if s == "" {
		return nil
	}
	t, err := time.Parse("2006-01-02", s)
	if !v.Check(err == nil, field, "field.invalid_date") {
		return nil
	}
	return &t
}

func (b PersonBody) input() (PersonInput, error) {
	var v kern.Validation
	in := PersonInput{GivenName: b.GivenName, FamilyName: b.FamilyName, Email: b.Email, Profession: b.Profession,
		MemberCategory: b.MemberCategory, MemberSince: parseDay(b.MemberSince, "member_since", &v)}
	return in, v.Err()
}

// PersonJSON is a person as the API shows it, with days as YYYY-MM-DD.
type PersonJSON struct {
	ID             int64             `json:"id"`
	GivenName      string            `json:"given_name"`
	FamilyName     string            `json:"family_name"`
	Email          string            `json:"email,omitempty"`
	Profession     string            `json:"profession"`
	MemberCategory string            `json:"member_category"`
	MemberSince    string            `json:"member_since,omitempty"`
	Affiliations   []AffiliationJSON `json:"affiliations"`
	CreatedAt      time.Time         `json:"created_at"`
	UpdatedAt      time.Time         `json:"updated_at"`
}

// AffiliationJSON is an affiliation as the API shows it.
type AffiliationJSON struct {
	ID      int64  `json:"id"`
	OrgID   int64  `json:"org_id"`
	OrgName string `json:"org_name"`
	Role    string `json:"role"`
	StartOn string `json:"start_on,omitempty"`
	EndOn   string `json:"end_on,omitempty"`
}

func affiliationJSON(a Affiliation) AffiliationJSON {
	return AffiliationJSON{ID: a.ID, OrgID: a.OrgID, OrgName: a.OrgName, Role: a.Role, StartOn: dateString(a.StartOn),
		EndOn: dateString(a.EndOn)}
}

func personJSON(x Person) PersonJSON {
	out := PersonJSON{ID: x.ID, GivenName: x.GivenName, FamilyName: x.FamilyName, Email: x.Email, Profession: x.Profession,
		MemberCategory: x.MemberCategory, MemberSince: dateString(x.MemberSince), CreatedAt: x.CreatedAt, UpdatedAt: x.UpdatedAt,
		Affiliations: []AffiliationJSON{}}
	for _, a := range x.Affiliations {
		out.Affiliations = append(out.Affiliations, affiliationJSON(a))
	}
	return out
}

type personOut struct{ Body PersonJSON }

type personList struct {
	Body struct {
		Items []PersonJSON `json:"items"`
		api.ListMeta
	}
}

type personListIn struct {
	Q          string `query:"q" doc:"Words in the name or e-mail (accents ignored)"`
	Profession string `query:"profession"`
	Category   string `query:"member_category"`
	OrgID      int64  `query:"org_id" minimum:"0" doc:"Only people affiliated with this organisation"`
	Sort       string `query:"sort" enum:"name,-name,member_since,-member_since,updated,-updated," default:"name"`
	Page       int    `query:"page" minimum:"1" default:"1"`
	PerPage    int    `query:"per_page" minimum:"1" maximum:"200" default:"25"`
}

// AffiliationBody is an affiliation as the API takes it.
type AffiliationBody struct {
	OrgID   int64  `json:"org_id" minimum:"1"`
	Role    string `json:"role,omitempty" maxLength:"100"`
	StartOn string `json:"start_on,omitempty" format:"date"`
	EndOn   string `json:"end_on,omitempty" format:"date"`
}

func (a *API) personRoutes() {
	h := a.Kit.API
	huma.Register(h, api.Op("list-people", http.MethodGet, "/people", "List people", "Registry"),
		func(ctx context.Context, in *personListIn) (*personList, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			f := PersonFilter{Q: in.Q, Profession: in.Profession, Category: in.Category, OrgID: in.OrgID, Sort: in.Sort,
				Page: in.Page, PerPage: in.PerPage}
			list, total, err := a.Org.People(ctx, p, f)
			if err != nil {
				return nil, a.Kit.Err(ctx, err)
			}
			out := &personList{}
			out.Body.Items = make([]PersonJSON, len(list))
			for i, x := range list {
				out.Body.Items[i] = personJSON(x)
			}
			f.Normalize()
			out.Body.ListMeta = api.Meta("/people", map[string]string{"q": in.Q, "profession": in.Profession,
				"member_category": in.Category, "org_id": strconv.FormatInt(in.OrgID, 10), "sort": in.Sort,
				"per_page": strconv.Itoa(f.PerPage)}, total, f.Page, f.PerPage)
			return out, nil
		})
	huma.Register(h, api.Op("get-person", http.MethodGet, "/people/{id}", "Get a person", "Registry"),
		func(ctx context.Context, in *idIn) (*personOut, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			x, err := a.Org.Person(ctx, p, in.ID)
			return &personOut{Body: personJSON(x)}, a.Kit.Err(ctx, err)
		})
	create := api.Op("create-person", http.MethodPost, "/people", "Add a person", "Registry")
	create.DefaultStatus = http.StatusCreated
	huma.Register(h, create, func(ctx context.Context, in *struct{ Body PersonBody }) (*personOut, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		pin, err := in.Body.input()
		var x Person
		if err == nil {
			x, err = a.Org.CreatePerson(ctx, p, pin)
		}
		return &personOut{Body: personJSON(x)}, a.Kit.Err(ctx, err)
	})
	huma.Register(h, api.Op("update-person", http.MethodPut, "/people/{id}", "Change a person", "Registry"),
		func(ctx context.Context, in *struct {
			ID   int64 `path:"id" minimum:"1"`
			Body PersonBody
		}) (*personOut, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			pin, err := in.Body.input()
			var x Person
			if err == nil {
				x, err = a.Org.UpdatePerson(ctx, p, in.ID, pin)
			}
			return &personOut{Body: personJSON(x)}, a.Kit.Err(ctx, err)
		})
	del := api.Op("delete-person", http.MethodDelete, "/people/{id}", "Delete a person and their affiliations", "Registry")
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *idIn) (*struct{}, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		return nil, a.Kit.Err(ctx, a.Org.DeletePerson(ctx, p, in.ID))
	})
	add := api.Op("add-affiliation", http.MethodPost, "/people/{id}/affiliations", "Affiliate a person with an organisation", "Registry")
	add.DefaultStatus = http.StatusCreated
	huma.Register(h, add, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body AffiliationBody
	}) (*struct{ Body AffiliationJSON }, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		var v kern.Validation
		ain := AffiliationInput{OrgID: in.Body.OrgID, Role: in.Body.Role, StartOn: parseDay(in.Body.StartOn, "start_on", &v),
			EndOn: parseDay(in.Body.EndOn, "end_on", &v)}
		err = v.Err()
		var af Affiliation
		if err == nil {
			af, err = a.Org.AddAffiliation(ctx, p, in.ID, ain)
		}
		return &struct{ Body AffiliationJSON }{Body: affiliationJSON(af)}, a.Kit.Err(ctx, err)
	})
	rm := api.Op("remove-affiliation", http.MethodDelete, "/people/{id}/affiliations/{affiliation_id}", "End an affiliation", "Registry")
	rm.DefaultStatus = http.StatusNoContent
	huma.Register(h, rm, func(ctx context.Context, in *struct {
		ID            int64 `path:"id" minimum:"1"`
		AffiliationID int64 `path:"affiliation_id" minimum:"1"`
	}) (*struct{}, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		return nil, a.Kit.Err(ctx, a.Org.RemoveAffiliation(ctx, p, in.ID, in.AffiliationID))
	})
}
