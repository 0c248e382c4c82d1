package vacancies

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/web"
)

// apply takes the public application form, from a visitor or a logged-in user.
func (h *Web) apply(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	f := r.PostForm
	in := ApplicationInput{Name: f.Get("name"), Email: f.Get("email"), Organisation: f.Get("organisation"), Motivation: f.Get("motivation")}
	_, err = h.Vacancies.Apply(r.Context(), web.User(r), id, in, web.Lang(r))
	if err != nil {
		v, gerr := h.Vacancies.Vacancy(r.Context(), web.User(r), id)
		if gerr != nil {
			h.Kit.Error(w, r, gerr)
			return
		}
		h.Kit.RenderForm(w, r, "vacancies/vacancy", h.showData(r, v), f, err)
		return
	}
	web.Redirect(w, r, vacancyPath(id)+"?applied=1")
}

func (h *Web) applications(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var v Vacancy
	var list []Application
	if err == nil {
		v, list, err = h.Vacancies.Applications(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	state := r.URL.Query().Get("state")
	shown := list
	if state != "" {
		shown = []Application{}
		for _, a := range list {
			if a.State == state {
				shown = append(shown, a)
			}
		}
	}
	lang := web.Lang(r)
	h.Kit.Render(w, r, http.StatusOK, "vacancies/applications", map[string]any{"Vacancy": v, "Items": shown, "Total": len(list),
		"State": state, "States": options(h.Kit.Catalog, lang, "vacancies.application_state.", h.Kit.Catalog.T(lang, "list.all"), ApplicationStates)})
}

func (h *Web) exportApplications(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var list []Application
	if err == nil {
		_, list, err = h.Vacancies.ExportApplications(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	rows := make([][]string, len(list))
	for i, a := range list {
		rows[i] = []string{strconv.FormatInt(a.ID, 10), a.Name, a.Email, a.Organisation, a.State, a.Note,
			a.CreatedAt.In(web.Amsterdam).Format("2006-01-02 15:04"), a.Motivation}
	}
	web.CSV(w, "applications-"+strconv.FormatInt(id, 10)+"-"+time.Now().Format(time.DateOnly)+".csv",
		[]string{"id", "name", "email", "organisation", "state", "note", "applied_at", "motivation"}, rows)
}

func (h *Web) application(w http.ResponseWriter, r *http.Request) {
	v, a, err := h.loadApplication(r)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "vacancies/application", h.applicationData(r, v, a), nil, nil)
}

func (h *Web) loadApplication(r *http.Request) (Vacancy, Application, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return Vacancy{}, Application{}, err
	}
	aid, err := web.ID(r, "aid")
	if err != nil {
		return Vacancy{}, Application{}, err
	}
	return h.Vacancies.Application(r.Context(), web.User(r), id, aid)
}

// applicationData is the application with the defaults of the acceptance form: the term starts
// when the vacancy says (or today) and runs three years, the usual term of the society's bodies.
func (h *Web) applicationData(r *http.Request, v Vacancy, a Application) map[string]any {
	start := h.Vacancies.today()
	if v.StartsOn != nil && v.StartsOn.After(start) {
		start = *v.StartsOn
	}
	lang := web.Lang(r)
	return map[string]any{"Vacancy": v, "Application": a, "Motivation": strings.Split(a.Motivation, "\n"),
		"CanManage": h.Vacancies.CanManage(r.Context(), web.User(r), v.BodyID),
		"CanFill":   v.State == "published" || v.State == "closed",
		"TermStart": start.Format(time.DateOnly), "TermEnd": start.AddDate(3, 0, -1).Format(time.DateOnly),
		"States": options(h.Kit.Catalog, lang, "vacancies.application_state.", h.Kit.Catalog.T(lang, "vacancies.choose"),
			ApplicationStates[:3])}
}

func (h *Web) review(w http.ResponseWriter, r *http.Request) {
	v, a, err := h.loadApplication(r)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	_, err = h.Vacancies.ReviewApplication(r.Context(), web.User(r), v.ID, a.ID, Review{State: r.PostForm.Get("state"), Note: r.PostForm.Get("note")})
	if err != nil {
		h.Kit.RenderForm(w, r, "vacancies/application", h.applicationData(r, v, a), r.PostForm, err)
		return
	}
	h.Kit.Flash(w, "vacancies.reviewed")
	web.Redirect(w, r, vacancyPath(v.ID)+"/applications")
}

func (h *Web) accept(w http.ResponseWriter, r *http.Request) {
	v, a, err := h.loadApplication(r)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	f := r.PostForm
	var val kern.Validation
	in := Acceptance{TermEnd: parseDate(&val, f, "term_end"), Note: f.Get("note")}
	if s := parseDate(&val, f, "term_start"); s != nil {
		in.TermStart = *s
	}
	if m := strings.TrimSpace(f.Get("max_terms")); m != "" {
		n, perr := strconv.Atoi(m)
		if val.Check(perr == nil, "max_terms", "field.invalid_number") {
			in.MaxTerms = n
		}
	}
	err = web.MergeErrors(&val, in.Validate())
	if err == nil {
		_, err = h.Vacancies.Accept(r.Context(), web.User(r), v.ID, a.ID, in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "vacancies/application", h.applicationData(r, v, a), f, err)
		return
	}
	h.Kit.Flash(w, "vacancies.filled")
	web.Redirect(w, r, "/bodies/"+strconv.FormatInt(v.BodyID, 10))
}
