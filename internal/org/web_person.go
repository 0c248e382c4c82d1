package org

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/web"
)

func (h *Web) personRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /people", h.Kit.LoggedIn(h.listPeople))
	mux.HandleFunc("GET /people/export.csv", h.Kit.LoggedIn(h.exportPeople))
	mux.HandleFunc("GET /people/new", h.Kit.LoggedIn(h.newPerson))
	mux.HandleFunc("POST /people", h.Kit.LoggedIn(h.createPerson))
	mux.HandleFunc("GET /people/{id}", h.Kit.LoggedIn(h.showPerson))
	mux.HandleFunc("GET /people/{id}/edit", h.Kit.LoggedIn(h.editPerson))
	mux.HandleFunc("POST /people/{id}", h.Kit.LoggedIn(h.updatePerson))
	mux.HandleFunc("POST /people/{id}/delete", h.Kit.LoggedIn(h.deletePerson))
	mux.HandleFunc("POST /people/{id}/affiliations", h.Kit.LoggedIn(h.addAffiliation))
	mux.HandleFunc("POST /people/{id}/affiliations/{aid}/delete", h.Kit.LoggedIn(h.removeAffiliation))
}

func personFilterFrom(r *http.Request) PersonFilter {
	q := r.URL.Query()
	return PersonFilter{Q: q.Get("q"), Profession: q.Get("profession"), Category: q.Get("category"),
		OrgID: web.QueryID(r, "org"), Sort: q.Get("sort"), Page: web.QueryInt(r, "page", 1), PerPage: web.QueryInt(r, "per_page", 25)}
}

func (h *Web) listPeople(w http.ResponseWriter, r *http.Request) {
	f := personFilterFrom(r)
	list, total, err := h.Org.People(r.Context(), web.User(r), f)
	if kern.ErrorCode(err) == kern.Invalid {
		f = PersonFilter{Q: f.Q}
		list, total, err = h.Org.People(r.Context(), web.User(r), f)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	f.Normalize()
	lang := web.Lang(r)
	all := h.Kit.Catalog.T(lang, "list.all")
	var orgName string
	if f.OrgID > 0 {
		if o, err := h.Org.Organization(r.Context(), web.User(r), f.OrgID); err == nil {
			orgName = o.Name
		}
	}
	h.Kit.Render(w, r, http.StatusOK, "org/people", map[string]any{
		"Items": list, "Total": total, "Filter": f, "OrgName": orgName,
		"Professions": web.Options(h.Kit.Catalog, lang, "profession.", all, Professions),
		"Categories":  web.Options(h.Kit.Catalog, lang, "category.", all, MemberCategories),
		"CanCreate":   CanCreatePerson(web.User(r)),
		"Export":      "/people/export.csv?" + r.URL.RawQuery,
	})
}

func (h *Web) exportPeople(w http.ResponseWriter, r *http.Request) {
	list, err := h.Org.ExportPeople(r.Context(), web.User(r), personFilterFrom(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	rows := make([][]string, len(list))
	for i, p := range list {
		orgs := make([]string, len(p.Affiliations))
		for j, a := range p.Affiliations {
			orgs[j] = a.OrgName
		}
		since := ""
		if p.MemberSince != nil {
			since = p.MemberSince.Format("2006-01-02")
		}
		rows[i] = []string{strconv.FormatInt(p.ID, 10), p.GivenName, p.FamilyName, p.Email, p.Profession, p.MemberCategory,
			since, strings.Join(orgs, "; ")}
	}
	web.CSV(w, "people-"+time.Now().Format("2006-01-02")+".csv",
		[]string{"id", "given_name", "family_name", "email", "profession", "member_category", "member_since", "organizations"}, rows)
}

func (h *Web) showPerson(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var x Person
	if err == nil {
		x, err = h.Org.Person(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "org/person", h.personData(r, x), nil, nil)
}

func (h *Web) personData(r *http.Request, x Person) map[string]any {
	lang := web.Lang(r)
	p := web.User(r)
	choose := h.Kit.Catalog.T(lang, "org.choose")
	orgs := []web.Option{{Value: "", Label: choose}}
	// Only those who may add an affiliation somewhere (the same people who may add a person) get
	// the organisations to choose from; a reader's page view does not load them.
	if CanCreatePerson(p) {
		if list, err := h.Org.ExportOrganizations(r.Context(), p, OrgFilter{}); err == nil {
			for _, o := range list {
				if p.IsCoordinator() || p.IsOrgAdmin(o.ID) {
					orgs = append(orgs, web.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
				}
			}
		}
	}
	none := h.Kit.Catalog.T(lang, "list.none")
	return map[string]any{
		"Person": x, "CanEdit": x.ID == 0 || CanEditPerson(p, x), "CanDelete": p.IsCoordinator(), "Orgs": orgs,
		"Professions": web.Options(h.Kit.Catalog, lang, "profession.", none, Professions),
		"Categories":  web.Options(h.Kit.Catalog, lang, "category.", none, MemberCategories),
	}
}

// personAgain shows a person's page or form again with what was submitted and why it was refused.
func (h *Web) personAgain(w http.ResponseWriter, r *http.Request, id int64, page string, values url.Values, err error) {
	x, gerr := h.Org.Person(r.Context(), web.User(r), id)
	if gerr != nil {
		h.Kit.Error(w, r, gerr)
		return
	}
	h.Kit.RenderForm(w, r, page, h.personData(r, x), values, err)
}

func parseDate(v *kern.Validation, f url.Values, name string) *time.Time {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return nil
	}
	t, err := time.Parse("2006-01-02", s)
	if !v.Check(err == nil, name, "field.invalid_date") {
		return nil
	}
	return &t
}

func parsePersonForm(r *http.Request) (PersonInput, url.Values, error) {
	if err := r.ParseForm(); err != nil {
		return PersonInput{}, nil, err
	}
	f := r.PostForm
	var v kern.Validation
	in := PersonInput{GivenName: f.Get("given_name"), FamilyName: f.Get("family_name"), Email: f.Get("email"),
		Profession: f.Get("profession"), MemberCategory: f.Get("member_category"), MemberSince: parseDate(&v, f, "member_since")}
	if e := kern.AsError(in.Validate()); e != nil {
		for field, key := range e.Fields {
			v.Add(field, key)
		}
	}
	return in, f, v.Err()
}

func (h *Web) newPerson(w http.ResponseWriter, r *http.Request) {
	h.Kit.RenderForm(w, r, "org/person_form", h.personData(r, Person{}), nil, nil)
}

func (h *Web) createPerson(w http.ResponseWriter, r *http.Request) {
	in, values, err := parsePersonForm(r)
	var x Person
	if err == nil {
		x, err = h.Org.CreatePerson(r.Context(), web.User(r), in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "org/person_form", h.personData(r, Person{}), values, err)
		return
	}
	h.Kit.Flash(w, "person.created")
	web.Redirect(w, r, "/people/"+strconv.FormatInt(x.ID, 10))
}

func (h *Web) editPerson(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var x Person
	if err == nil {
		x, err = h.Org.Person(r.Context(), web.User(r), id)
	}
	if err == nil && !CanEditPerson(web.User(r), x) {
		err = kern.Errorf(kern.Forbidden, "error.forbidden")
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "org/person_form", h.personData(r, x), nil, nil)
}

func (h *Web) updatePerson(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in, values, err := parsePersonForm(r)
	if err == nil {
		_, err = h.Org.UpdatePerson(r.Context(), web.User(r), id, in)
	}
	if err != nil {
		h.personAgain(w, r, id, "org/person_form", values, err)
		return
	}
	h.Kit.Flash(w, "person.updated")
	web.Redirect(w, r, "/people/"+strconv.FormatInt(id, 10))
}

func (h *Web) deletePerson(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err == nil {
		err = h.Org.DeletePerson(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "person.deleted")
	web.Redirect(w, r, "/people")
}

func (h *Web) addAffiliation(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	f := r.PostForm
	var v kern.Validation
	in := AffiliationInput{Role: f.Get("role"), StartOn: parseDate(&v, f, "start_on"), EndOn: parseDate(&v, f, "end_on")}
	in.OrgID, _ = strconv.ParseInt(f.Get("org_id"), 10, 64)
	err = v.Err()
	if err == nil {
		_, err = h.Org.AddAffiliation(r.Context(), web.User(r), id, in)
	}
	if err != nil {
		h.personAgain(w, r, id, "org/person", f, err)
		return
	}
	h.Kit.Flash(w, "person.affiliation_added")
	web.Redirect(w, r, "/people/"+strconv.FormatInt(id, 10))
}

func (h *Web) removeAffiliation(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var aid int64
	if err == nil {
		aid, err = web.ID(r, "aid")
	}
	if err == nil {
		err = h.Org.RemoveAffiliation(r.Context(), web.User(r), id, aid)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "person.affiliation_removed")
	web.Redirect(w, r, "/people/"+strconv.FormatInt(id, 10))
}
