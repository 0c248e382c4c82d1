package vacancies

import (
	"embed"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/gov"
	"kern/internal/web"
	"kern/internal/web/i18n"
)

//go:embed templates/*.html
var templates embed.FS

// Web serves the pages of vacancies: the terms ending (logged in), the public vacancies with
// their feed and application form, and the managers' pages.
type Web struct {
	Vacancies *Service
	Kit       *web.Kit
}

// Routes registers the pages on mux and parses their templates.
func (h *Web) Routes(mux *http.ServeMux) error {
	if err := h.Kit.Parse("vacancies", templates, "templates"); err != nil {
		return err
	}
	in := h.Kit.LoggedIn
	mux.HandleFunc("GET /terms", in(h.terms))
	mux.HandleFunc("GET /terms/export.csv", in(h.exportTerms))
	mux.HandleFunc("GET /vacancies", h.list)
	mux.HandleFunc("GET /vacancies.atom", h.feed)
	mux.HandleFunc("GET /vacancies/manage", in(h.manage))
	mux.HandleFunc("GET /vacancies/new", in(h.newVacancy))
	mux.HandleFunc("POST /vacancies", in(h.create))
	mux.HandleFunc("GET /vacancies/{id}", h.show)
	mux.HandleFunc("POST /vacancies/{id}/apply", h.apply)
	mux.HandleFunc("GET /vacancies/{id}/edit", in(h.edit))
	mux.HandleFunc("POST /vacancies/{id}", in(h.update))
	mux.HandleFunc("POST /vacancies/{id}/publish", in(h.publish))
	mux.HandleFunc("POST /vacancies/{id}/close", in(h.close))
	mux.HandleFunc("GET /vacancies/{id}/applications", in(h.applications))
	mux.HandleFunc("GET /vacancies/{id}/applications.csv", in(h.exportApplications))
	mux.HandleFunc("GET /vacancies/{id}/applications/{aid}", in(h.application))
	mux.HandleFunc("POST /vacancies/{id}/applications/{aid}", in(h.review))
	mux.HandleFunc("POST /vacancies/{id}/applications/{aid}/accept", in(h.accept))
	return nil
}

// options labels codes with the messages prefix+code, after a blank choice.
func options(cat *i18n.Catalog, lang i18n.Lang, prefix, blank string, codes []string) []web.Option {
	out := []web.Option{{Value: "", Label: blank}}
	for _, c := range codes {
		out = append(out, web.Option{Value: c, Label: cat.T(lang, prefix+c)})
	}
	return out
}

func (h *Web) bodyOptions(bodies []gov.Body, blank string) []web.Option {
	out := []web.Option{{Value: "", Label: blank}}
	for _, b := range bodies {
		out = append(out, web.Option{Value: strconv.FormatInt(b.ID, 10), Label: b.Name})
	}
	return out
}

func termFilterFrom(r *http.Request) TermFilter {
	return TermFilter{BodyID: web.QueryID(r, "body"), Kind: r.URL.Query().Get("kind")}
}

func (h *Web) terms(w http.ResponseWriter, r *http.Request) {
	p, f := web.User(r), termFilterFrom(r)
	list, err := h.Vacancies.TermsEnding(r.Context(), p, f)
	if kern.ErrorCode(err) == kern.Invalid {
		f = TermFilter{BodyID: f.BodyID}
		list, err = h.Vacancies.TermsEnding(r.Context(), p, f)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	bodies, err := h.Vacancies.Gov.Bodies(r.Context(), p, gov.BodyFilter{})
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	manages := map[int64]bool{}
	for _, t := range list {
		if _, seen := manages[t.BodyID]; !seen {
			manages[t.BodyID] = h.Vacancies.CanManage(r.Context(), p, t.BodyID)
		}
	}
	lang := web.Lang(r)
	all := h.Kit.Catalog.T(lang, "list.all")
	h.Kit.Render(w, r, http.StatusOK, "vacancies/terms", map[string]any{
		"Items": list, "Filter": f, "Manages": manages,
		"Bodies": h.bodyOptions(bodies, all), "Kinds": options(h.Kit.Catalog, lang, "gov.kind.", all, gov.Kinds),
		"BodyValue": idString(f.BodyID), "Export": "/terms/export.csv?" + r.URL.RawQuery,
	})
}

func idString(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

func (h *Web) exportTerms(w http.ResponseWriter, r *http.Request) {
	list, err := h.Vacancies.ExportTerms(r.Context(), web.User(r), termFilterFrom(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	rows := make([][]string, len(list))
	for i, t := range list {
		reminded := ""
		if t.RemindedOn != nil {
			reminded = t.RemindedOn.Format(time.DateOnly)
		}
		vacancy := ""
		if t.VacancyID != nil {
			vacancy = strconv.FormatInt(*t.VacancyID, 10)
		}
		rows[i] = []string{strconv.FormatInt(t.ID, 10), strconv.FormatInt(t.BodyID, 10), t.BodyName, t.BodyKind, t.PersonName,
			t.Role, t.Group, t.TermStart.Format(time.DateOnly), t.TermEnd.Format(time.DateOnly), strconv.Itoa(t.TermNumber),
			strconv.Itoa(t.MaxTerms), reminded, vacancy, t.VacancyState}
	}
	web.CSV(w, "terms-ending-"+time.Now().Format(time.DateOnly)+".csv", []string{"seat_id", "body_id", "body", "body_kind",
		"person", "role", "stakeholder_group", "term_start", "term_end", "term_number", "max_terms", "reminded_on",
		"vacancy_id", "vacancy_state"}, rows)
}

// parseDate reads an optional yyyy-mm-dd field; a malformed one is a field error.
func parseDate(v *kern.Validation, f url.Values, name string) *time.Time {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if !v.Check(err == nil, name, "field.invalid_date") {
		return nil
	}
	return &t
}

// parseID reads an optional id field; a malformed one is a field error.
func parseID(v *kern.Validation, f url.Values, name string) *int64 {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if !v.Check(err == nil && id > 0, name, "field.unknown_choice") {
		return nil
	}
	return &id
}
