package org

import (
	"embed"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/web"
	"kern/internal/web/i18n"
)

//go:embed templates/*.html
var templates embed.FS

// Web serves the registry's pages.
type Web struct {
	Org  *Service
	Auth *auth.Service
	Kit  *web.Kit
}

// Routes registers the pages on mux and parses their templates.
func (h *Web) Routes(mux *http.ServeMux) error {
	if err := h.Kit.Parse("org", templates, "templates"); err != nil {
		return err
	}
	mux.HandleFunc("GET /{$}", h.Kit.LoggedIn(h.home))
	mux.HandleFunc("GET /charts/stakeholder-groups.json", h.Kit.LoggedIn(h.groupChart))
	mux.HandleFunc("GET /organizations", h.Kit.LoggedIn(h.listOrgs))
	mux.HandleFunc("GET /organizations/export.csv", h.Kit.LoggedIn(h.exportOrgs))
	mux.HandleFunc("GET /organizations/new", h.Kit.LoggedIn(h.newOrg))
	mux.HandleFunc("POST /organizations", h.Kit.LoggedIn(h.createOrg))
	mux.HandleFunc("GET /organizations/{id}", h.Kit.LoggedIn(h.showOrg))
	mux.HandleFunc("GET /organizations/{id}/edit", h.Kit.LoggedIn(h.editOrg))
	mux.HandleFunc("POST /organizations/{id}", h.Kit.LoggedIn(h.updateOrg))
	mux.HandleFunc("GET /organizations/{id}/delete", h.Kit.LoggedIn(h.confirmDeleteOrg))
	mux.HandleFunc("POST /organizations/{id}/delete", h.Kit.LoggedIn(h.deleteOrg))
	h.personRoutes(mux)
	return nil
}

// Option lists for forms and filters, labelled in the page's language.
func kindOptions(cat *i18n.Catalog, lang i18n.Lang, blank string) []web.Option {
	out := []web.Option{{Value: "", Label: blank}}
	for _, k := range Kinds {
		out = append(out, web.Option{Value: string(k), Label: cat.T(lang, "org.kind."+string(k))})
	}
	return out
}

func (h *Web) home(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	groups, err := h.Org.StakeholderGroups(r.Context(), p)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	cats, err := h.Org.MemberCategoryCounts(r.Context(), p)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	_, hospitals, err := h.Org.Organizations(r.Context(), p, OrgFilter{Kind: "hospital", Country: "NL", PerPage: 1})
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	_, people, err := h.Org.People(r.Context(), p, PersonFilter{PerPage: 1})
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	orgs, members, reference := 0, 0, 0
	for _, g := range groups {
		orgs += g.Organizations
	}
	for _, c := range cats {
		members += c.Members
		reference += c.Reference
	}
	h.Kit.Render(w, r, http.StatusOK, "org/home", map[string]any{
		"Groups": groups, "Categories": cats, "Organizations": orgs, "Hospitals": hospitals, "People": people,
		"Members": members, "Reference": reference,
	})
}

// groupChart feeds the stakeholder-group chart on the home page; the page has the same numbers
// in a table.
func (h *Web) groupChart(w http.ResponseWriter, r *http.Request) {
	groups, err := h.Org.StakeholderGroups(r.Context(), web.User(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	lang := web.Lang(r)
	labels, values := []string{}, []int{}
	for _, g := range groups {
		labels = append(labels, h.Kit.Catalog.T(lang, "group."+g.Code))
		values = append(values, g.Organizations)
	}
	web.JSON(w, http.StatusOK, map[string]any{"name": h.Kit.Catalog.T(lang, "home.orgs_by_group"), "labels": labels, "values": values})
}

func orgFilterFrom(r *http.Request) OrgFilter {
	q := r.URL.Query()
	return OrgFilter{Q: q.Get("q"), Kind: q.Get("kind"), Group: q.Get("group"), Country: q.Get("country"),
		Capability: q.Get("capability"), ParentID: web.QueryID(r, "parent"), Sort: q.Get("sort"),
		Page: web.QueryInt(r, "page", 1), PerPage: web.QueryInt(r, "per_page", 25)}
}

func (h *Web) listOrgs(w http.ResponseWriter, r *http.Request) {
	f := orgFilterFrom(r)
	list, total, err := h.Org.Organizations(r.Context(), web.User(r), f)
	if kern.ErrorCode(err) == kern.Invalid {
		f = OrgFilter{Q: f.Q} // a hand-edited URL with an unknown filter: show everything rather than fail
		list, total, err = h.Org.Organizations(r.Context(), web.User(r), f)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	f.Normalize()
	lang := web.Lang(r)
	all := h.Kit.Catalog.T(lang, "list.all")
	h.Kit.Render(w, r, http.StatusOK, "org/orgs", map[string]any{
		"Items": list, "Total": total, "Filter": f,
		"Kinds":        kindOptions(h.Kit.Catalog, lang, all),
		"Groups":       web.Options(h.Kit.Catalog, lang, "group.", all, Groups),
		"Capabilities": web.Options(h.Kit.Catalog, lang, "org.capability.", all, Capabilities),
		"CanCreate":    CanCreateOrg(web.User(r), OrgInput{}),
		"Export":       "/organizations/export.csv?" + r.URL.RawQuery,
	})
}

func (h *Web) exportOrgs(w http.ResponseWriter, r *http.Request) {
	f := orgFilterFrom(r)
	list, err := h.Org.ExportOrganizations(r.Context(), web.User(r), f)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	rows := make([][]string, len(list))
	for i, o := range list {
		parent := ""
		if o.ParentID != nil {
			parent = strconv.FormatInt(*o.ParentID, 10)
		}
		rows[i] = []string{strconv.FormatInt(o.ID, 10), o.Name, o.ShortName, string(o.Kind), o.Group, o.City, o.Country,
			o.Website, parent, o.ParentName, yesNo(o.Hotlab), yesNo(o.Cyclotron), strconv.Itoa(o.PETCT), strconv.Itoa(o.SPECTCT),
			strconv.Itoa(o.TherapyRooms)}
	}
	web.CSV(w, "organisations-"+time.Now().Format("2006-01-02")+".csv", []string{"id", "name", "short_name", "kind",
		"stakeholder_group", "city", "country", "website", "parent_id", "parent_name", "hotlab", "cyclotron", "pet_ct",
		"spect_ct", "therapy_rooms"}, rows)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (h *Web) showOrg(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	id, err := web.ID(r, "id")
	var o Organization
	if err == nil {
		o, err = h.Org.Organization(r.Context(), p, id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	children, _, err := h.Org.Organizations(r.Context(), p, OrgFilter{ParentID: id, PerPage: MaxPerPage})
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	people, peopleTotal, err := h.Org.People(r.Context(), p, PersonFilter{OrgID: id, PerPage: 50})
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	var members []auth.Membership
	if CanSeeNotes(p, o) {
		if members, err = h.Auth.OrgMembers(r.Context(), p, id); err != nil {
			h.Kit.Error(w, r, err)
			return
		}
	}
	h.Kit.Render(w, r, http.StatusOK, "org/org", map[string]any{
		"Org": o, "Children": children, "People": people, "PeopleTotal": peopleTotal, "Members": members,
		"ShowMembers": CanSeeNotes(p, o), "CanEdit": CanEditOrg(p, o), "CanDelete": CanDeleteOrg(p),
		"CountryName": CountryName(o.Country, web.Lang(r)),
	})
}

func (h *Web) formData(r *http.Request, o Organization) map[string]any {
	lang := web.Lang(r)
	none := h.Kit.Catalog.T(lang, "org.no_parent")
	parents := []web.Option{{Value: "", Label: none}}
	list, err := h.Org.ExportOrganizations(r.Context(), web.User(r), OrgFilter{})
	if err == nil {
		for _, x := range list {
			if x.ID != o.ID && x.Kind != "department" {
				parents = append(parents, web.Option{Value: strconv.FormatInt(x.ID, 10), Label: x.Name})
			}
		}
	}
	choose := h.Kit.Catalog.T(lang, "org.choose")
	return map[string]any{
		"Org": o, "Kinds": kindOptions(h.Kit.Catalog, lang, choose),
		"Groups": web.Options(h.Kit.Catalog, lang, "group.", choose, Groups), "Parents": parents,
	}
}

func (h *Web) newOrg(w http.ResponseWriter, r *http.Request) {
	o := Organization{Country: "NL"}
	if pid := web.QueryID(r, "parent"); pid > 0 {
		o.ParentID, o.Kind = &pid, "department"
	}
	h.Kit.RenderForm(w, r, "org/org_form", h.formData(r, o), nil, nil)
}

// parseOrgForm reads the form; numbers that do not parse become field errors.
func parseOrgForm(r *http.Request) (OrgInput, url.Values, error) {
	if err := r.ParseForm(); err != nil {
		return OrgInput{}, nil, err
	}
	f := r.PostForm
	var v kern.Validation
	num := func(name string) int {
		s := strings.TrimSpace(f.Get(name))
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		v.Check(err == nil, name, "field.invalid_number")
		return n
	}
	in := OrgInput{Kind: Kind(f.Get("kind")), Group: f.Get("stakeholder_group"), Name: f.Get("name"),
		ShortName: f.Get("short_name"), City: f.Get("city"), Country: f.Get("country"), Website: f.Get("website"),
		Hotlab: f.Get("hotlab") != "", Cyclotron: f.Get("cyclotron") != "", PETCT: num("pet_ct"), SPECTCT: num("spect_ct"),
		TherapyRooms: num("therapy_rooms"), Notes: f.Get("notes")}
	if s := f.Get("parent_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if v.Check(err == nil, "parent_id", "org.parent_unknown") {
			in.ParentID = &id
		}
	}
	// Field errors of the form and of the model are shown together.
	if e := kern.AsError(in.Validate()); e != nil {
		for field, key := range e.Fields {
			v.Add(field, key)
		}
	}
	return in, f, v.Err()
}

func (h *Web) createOrg(w http.ResponseWriter, r *http.Request) {
	in, values, err := parseOrgForm(r)
	var o Organization
	if err == nil {
		o, err = h.Org.CreateOrganization(r.Context(), web.User(r), in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "org/org_form", h.formData(r, Organization{}), values, err)
		return
	}
	h.Kit.Flash(w, "org.created")
	web.Redirect(w, r, "/organizations/"+strconv.FormatInt(o.ID, 10))
}

func (h *Web) editOrg(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var o Organization
	if err == nil {
		o, err = h.Org.Organization(r.Context(), web.User(r), id)
	}
	if err == nil && !CanEditOrg(web.User(r), o) {
		err = kern.Errorf(kern.Forbidden, "error.forbidden")
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "org/org_form", h.formData(r, o), nil, nil)
}

func (h *Web) updateOrg(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in, values, err := parseOrgForm(r)
	if err == nil {
		_, err = h.Org.UpdateOrganization(r.Context(), web.User(r), id, in)
	}
	if err != nil {
		o, gerr := h.Org.Organization(r.Context(), web.User(r), id)
		if gerr != nil {
			h.Kit.Error(w, r, gerr)
			return
		}
		h.Kit.RenderForm(w, r, "org/org_form", h.formData(r, o), values, err)
		return
	}
	h.Kit.Flash(w, "org.updated")
	web.Redirect(w, r, "/organizations/"+strconv.FormatInt(id, 10))
}

func (h *Web) confirmDeleteOrg(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var o Organization
	if err == nil {
		o, err = h.Org.Organization(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "org/org_delete", map[string]any{"Org": o}, nil, nil)
}

func (h *Web) deleteOrg(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err == nil {
		err = h.Org.DeleteOrganization(r.Context(), web.User(r), id)
	}
	if kern.ErrorCode(err) == kern.Conflict {
		o, gerr := h.Org.Organization(r.Context(), web.User(r), id)
		if gerr == nil {
			h.Kit.RenderForm(w, r, "org/org_delete", map[string]any{"Org": o}, nil, err)
			return
		}
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "org.deleted")
	web.Redirect(w, r, "/organizations")
}
