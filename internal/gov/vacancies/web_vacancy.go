package vacancies

import (
	"context"
	"net/http"
	"net/url"
	"unicode"
	"unicode/utf8"

	"kern"
	"kern/internal/auth"
	"kern/internal/gov"
	"kern/internal/org"
	"kern/internal/web"
)

func vacancyFilterFrom(r *http.Request) VacancyFilter {
	q := r.URL.Query()
	return VacancyFilter{Q: q.Get("q"), Kind: q.Get("kind"), BodyID: web.QueryID(r, "body"), State: q.Get("state")}
}

// list is the public page of open vacancies; no login needed.
func (h *Web) list(w http.ResponseWriter, r *http.Request) {
	f := vacancyFilterFrom(r)
	list, err := h.Vacancies.Open(r.Context(), f)
	if kern.ErrorCode(err) == kern.Invalid {
		f = VacancyFilter{Q: f.Q}
		list, err = h.Vacancies.Open(r.Context(), f)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	lang := web.Lang(r)
	h.Kit.Render(w, r, http.StatusOK, "vacancies/vacancies", map[string]any{
		"Items": list, "Filter": f,
		"Kinds": options(h.Kit.Catalog, lang, "gov.kind.", h.Kit.Catalog.T(lang, "list.all"), gov.Kinds),
	})
}

// manage lists the vacancies of the bodies the user manages, in every state.
func (h *Web) manage(w http.ResponseWriter, r *http.Request) {
	p, f := web.User(r), vacancyFilterFrom(r)
	list, err := h.Vacancies.Managed(r.Context(), p, f)
	if kern.ErrorCode(err) == kern.Invalid {
		f = VacancyFilter{Q: f.Q}
		list, err = h.Vacancies.Managed(r.Context(), p, f)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	bodies, err := h.Vacancies.ManagedBodies(r.Context(), p)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	lang := web.Lang(r)
	all := h.Kit.Catalog.T(lang, "list.all")
	h.Kit.Render(w, r, http.StatusOK, "vacancies/manage", map[string]any{
		"Items": list, "Filter": f, "CanCreate": len(bodies) > 0,
		"States": options(h.Kit.Catalog, lang, "vacancies.state.", all, States),
		"Bodies": h.bodyOptions(bodies, all), "BodyValue": idString(f.BodyID),
	})
}

func (h *Web) show(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var v Vacancy
	if err == nil {
		v, err = h.Vacancies.Vacancy(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "vacancies/vacancy", h.showData(r, v), h.applicantDefaults(r), nil)
}

func (h *Web) showData(r *http.Request, v Vacancy) map[string]any {
	return map[string]any{"Vacancy": v, "Description": web.Markdown(v.Description),
		"CanManage": h.Vacancies.CanManage(r.Context(), web.User(r), v.BodyID), "Applied": r.URL.Query().Get("applied") == "1"}
}

// applicantDefaults fills the application form with the logged-in user's name and address.
func (h *Web) applicantDefaults(r *http.Request) url.Values {
	p := web.User(r)
	if p == nil {
		return nil
	}
	return url.Values{"name": {p.User.Name}, "email": {p.User.Email}}
}

func (h *Web) formData(r *http.Request, v Vacancy) (map[string]any, error) {
	p := web.User(r)
	bodies, err := h.Vacancies.ManagedBodies(r.Context(), p)
	if err != nil {
		return nil, err
	}
	lang := web.Lang(r)
	choose := h.Kit.Catalog.T(lang, "vacancies.choose")
	return map[string]any{"Vacancy": v, "Bodies": h.bodyOptions(bodies, choose),
		"Roles":  options(h.Kit.Catalog, lang, "gov.role.", choose, gov.Roles),
		"Groups": options(h.Kit.Catalog, lang, "group.", h.Kit.Catalog.T(lang, "vacancies.no_group"), org.Groups)}, nil
}

// newVacancy shows an empty form, or one prefilled from an ending seat (?seat=) or for a body (?body=).
func (h *Web) newVacancy(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	v := Vacancy{Role: "member", ClosesOn: h.Vacancies.today().AddDate(0, 0, 28)}
	if seatID := web.QueryID(r, "seat"); seatID > 0 {
		in, t, err := h.Vacancies.FromSeat(r.Context(), p, seatID)
		if err != nil {
			h.Kit.Error(w, r, err)
			return
		}
		lang := web.Lang(r)
		v = Vacancy{BodyID: in.BodyID, SeatID: in.SeatID, Role: in.Role, Group: in.Group, StartsOn: in.StartsOn, ClosesOn: in.ClosesOn,
			Title: capitalize(h.Kit.Catalog.T(lang, "vacancies.title_from_seat", h.Kit.Catalog.T(lang, "gov.role."+in.Role), t.BodyName))}
	} else if b := web.QueryID(r, "body"); b > 0 {
		v.BodyID = b
	}
	data, err := h.formData(r, v)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	if len(data["Bodies"].([]web.Option)) == 1 {
		h.Kit.Error(w, r, kern.Errorf(kern.Forbidden, "gov.manage_forbidden"))
		return
	}
	h.Kit.RenderForm(w, r, "vacancies/vacancy_form", data, nil, nil)
}

// capitalize upper-cases the first letter: role names are lower case in running text.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func parseVacancyForm(r *http.Request) (VacancyInput, url.Values, error) {
	if err := r.ParseForm(); err != nil {
		return VacancyInput{}, nil, err
	}
	f := r.PostForm
	var v kern.Validation
	in := VacancyInput{Role: f.Get("role"), Group: f.Get("stakeholder_group"), Title: f.Get("title"), Description: f.Get("description"),
		StartsOn: parseDate(&v, f, "starts_on"), SeatID: parseID(&v, f, "seat_id")}
	if id := parseID(&v, f, "body_id"); id != nil {
		in.BodyID = *id
	}
	if c := parseDate(&v, f, "closes_on"); c != nil {
		in.ClosesOn = *c
	}
	return in, f, web.MergeErrors(&v, in.Validate())
}

func (h *Web) create(w http.ResponseWriter, r *http.Request) {
	in, values, err := parseVacancyForm(r)
	var v Vacancy
	if err == nil {
		v, err = h.Vacancies.CreateVacancy(r.Context(), web.User(r), in)
	}
	if err != nil {
		h.renderForm(w, r, Vacancy{}, values, err)
		return
	}
	h.Kit.Flash(w, "vacancies.created")
	web.Redirect(w, r, vacancyPath(v.ID))
}

func (h *Web) renderForm(w http.ResponseWriter, r *http.Request, v Vacancy, values url.Values, err error) {
	data, derr := h.formData(r, v)
	if derr != nil {
		h.Kit.Error(w, r, derr)
		return
	}
	h.Kit.RenderForm(w, r, "vacancies/vacancy_form", data, values, err)
}

func (h *Web) edit(w http.ResponseWriter, r *http.Request) {
	v, err := h.managed(r)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.renderForm(w, r, v, nil, nil)
}

// managed is the vacancy of the path, for a user who manages its body.
func (h *Web) managed(r *http.Request) (Vacancy, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return Vacancy{}, err
	}
	v, err := h.Vacancies.Vacancy(r.Context(), web.User(r), id)
	if err == nil && !h.Vacancies.CanManage(r.Context(), web.User(r), v.BodyID) {
		err = kern.Errorf(kern.Forbidden, "gov.manage_forbidden")
	}
	return v, err
}

func (h *Web) update(w http.ResponseWriter, r *http.Request) {
	v, err := h.managed(r)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in, values, err := parseVacancyForm(r)
	if err == nil {
		_, err = h.Vacancies.UpdateVacancy(r.Context(), web.User(r), v.ID, in)
	}
	if err != nil {
		h.renderForm(w, r, v, values, err)
		return
	}
	h.Kit.Flash(w, "vacancies.updated")
	web.Redirect(w, r, vacancyPath(v.ID))
}

func (h *Web) publish(w http.ResponseWriter, r *http.Request) {
	h.changeState(w, r, h.Vacancies.Publish, "vacancies.published")
}

func (h *Web) close(w http.ResponseWriter, r *http.Request) {
	h.changeState(w, r, h.Vacancies.Close, "vacancies.closed")
}

// changeState publishes or closes; a refusal (a closing date in the past) is shown on the
// vacancy's page.
func (h *Web) changeState(w http.ResponseWriter, r *http.Request, change func(context.Context, *auth.Principal, int64) (Vacancy, error), flash string) {
	id, err := web.ID(r, "id")
	if err == nil {
		_, err = change(r.Context(), web.User(r), id)
	}
	if e := kern.AsError(err); e != nil && (e.Code == kern.Invalid || e.Code == kern.Conflict) {
		v, gerr := h.Vacancies.Vacancy(r.Context(), web.User(r), id)
		if gerr == nil {
			form := err
			if e.Code == kern.Invalid && e.Fields["closes_on"] != "" {
				form = kern.Errorf(kern.Conflict, e.Fields["closes_on"])
			}
			h.Kit.RenderForm(w, r, "vacancies/vacancy", h.showData(r, v), nil, form)
			return
		}
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, flash)
	web.Redirect(w, r, vacancyPath(id))
}
