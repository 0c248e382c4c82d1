package rounds

import (
	"embed"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/web"
	"kern/internal/web/i18n"
)

//go:embed templates/*.html
var templates embed.FS

// Routes registers the pages on mux and parses their templates. The personal-link pages under
// /r/ and the results of a public round need no login; everything else does.
func (h *Web) Routes(mux *http.ServeMux) error {
	if err := h.Kit.Parse("rounds", templates, "templates"); err != nil {
		return err
	}
	mux.HandleFunc("GET /rounds", h.Kit.LoggedIn(h.list))
	mux.HandleFunc("GET /rounds/export.csv", h.Kit.LoggedIn(h.export))
	mux.HandleFunc("GET /rounds/new", h.Kit.LoggedIn(h.newRound))
	mux.HandleFunc("POST /rounds", h.Kit.LoggedIn(h.create))
	mux.HandleFunc("GET /rounds/{id}", h.Kit.LoggedIn(h.show))
	mux.HandleFunc("GET /rounds/{id}/edit", h.Kit.LoggedIn(h.edit))
	mux.HandleFunc("POST /rounds/{id}", h.Kit.LoggedIn(h.update))
	mux.HandleFunc("POST /rounds/{id}/open", h.Kit.LoggedIn(h.open))
	mux.HandleFunc("POST /rounds/{id}/close", h.Kit.LoggedIn(h.close))
	mux.HandleFunc("POST /rounds/{id}/publish", h.Kit.LoggedIn(h.publish))
	h.invitationRoutes(mux)
	h.resultRoutes(mux)
	mux.HandleFunc("GET /r/{token}", h.questionnaire)
	mux.HandleFunc("POST /r/{token}", h.answer)
	return nil
}

func roundFilterFrom(r *http.Request) RoundFilter {
	q := r.URL.Query()
	return RoundFilter{Q: q.Get("q"), State: q.Get("state"), Page: web.QueryInt(r, "page", 1), PerPage: web.QueryInt(r, "per_page", 25)}
}

func stateOptions(cat *i18n.Catalog, lang i18n.Lang, blank string) []web.Option {
	out := []web.Option{{Value: "", Label: blank}}
	for _, s := range States {
		out = append(out, web.Option{Value: string(s), Label: cat.T(lang, "round.state."+string(s))})
	}
	return out
}

func groupOptions(cat *i18n.Catalog, lang i18n.Lang, blank string) []web.Option {
	out := []web.Option{{Value: "", Label: blank}}
	for _, g := range Groups {
		out = append(out, web.Option{Value: g, Label: cat.T(lang, "group."+g)})
	}
	return out
}

func (h *Web) list(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	f := roundFilterFrom(r)
	list, total, err := h.Rounds.Rounds(r.Context(), p, f)
	if kern.ErrorCode(err) == kern.Invalid {
		f = RoundFilter{Q: f.Q}
		list, total, err = h.Rounds.Rounds(r.Context(), p, f)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	f.Normalize()
	lang := web.Lang(r)
	h.Kit.Render(w, r, http.StatusOK, "rounds/rounds", map[string]any{
		"Items": list, "Total": total, "Filter": f, "CanManage": CanManage(p),
		"States": stateOptions(h.Kit.Catalog, lang, h.Kit.Catalog.T(lang, "list.all")),
		"Export": "/rounds/export.csv?" + r.URL.RawQuery,
	})
}

func (h *Web) export(w http.ResponseWriter, r *http.Request) {
	list, err := h.Rounds.ExportRounds(r.Context(), web.User(r), roundFilterFrom(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	rows := make([][]string, len(list))
	for i, x := range list {
		rows[i] = []string{itoa(x.ID), x.Title, string(x.State), x.StartsOn.Format(time.DateOnly), x.EndsOn.Format(time.DateOnly),
			strconv.Itoa(len(x.Challenges)), strconv.Itoa(x.Invited), strconv.Itoa(x.Responded), yesNo(x.Published), yesNo(x.Public)}
	}
	web.CSV(w, "rounds-"+time.Now().Format(time.DateOnly)+".csv", []string{"id", "title", "state", "starts_on", "ends_on",
		"challenges", "invited", "responded", "published", "public"}, rows)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// roundOf loads the round named by the path for p, or answers with the error.
func (h *Web) roundOf(w http.ResponseWriter, r *http.Request) (Round, bool) {
	id, err := web.ID(r, "id")
	var x Round
	if err == nil {
		x, err = h.Rounds.Round(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return x, false
	}
	return x, true
}

func (h *Web) show(w http.ResponseWriter, r *http.Request) {
	x, ok := h.roundOf(w, r)
	if !ok {
		return
	}
	p := web.User(r)
	data := map[string]any{"Round": x, "CanManage": CanManage(p), "CanSeeResults": CanSeeResults(p, x),
		"LastDay": x.EndsOn}
	if CanManage(p) {
		rates, err := h.Rounds.ResponseRates(r.Context(), p, x.ID)
		if err != nil {
			h.Kit.Error(w, r, err)
			return
		}
		data["Rates"] = rates
	}
	h.Kit.Render(w, r, http.StatusOK, "rounds/round", data)
}

func (h *Web) formData(r *http.Request, x Round) map[string]any {
	list, _ := h.Rounds.Challenges(r.Context(), web.User(r))
	chosen := map[int64]bool{}
	for _, c := range x.Challenges {
		chosen[c.ID] = true
	}
	return map[string]any{"Round": x, "Challenges": list, "Chosen": chosen}
}

func (h *Web) newRound(w http.ResponseWriter, r *http.Request) {
	if !CanManage(web.User(r)) {
		h.Kit.Error(w, r, kern.Errorf(kern.Forbidden, "error.forbidden"))
		return
	}
	today := time.Now().In(amsterdam())
	x := Round{StartsOn: today, EndsOn: today.AddDate(0, 0, 21)}
	h.Kit.RenderForm(w, r, "rounds/round_form", h.formData(r, x), nil, nil)
}

// parseRoundForm reads the round form; dates that do not parse become field errors.
func parseRoundForm(r *http.Request) (RoundInput, url.Values, error) {
	if err := r.ParseForm(); err != nil {
		return RoundInput{}, nil, err
	}
	f := r.PostForm
	var v kern.Validation
	date := func(name string) *time.Time {
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
	in := RoundInput{Title: f.Get("title"), Description: f.Get("description"), StartsOn: date("starts_on"), EndsOn: date("ends_on")}
	for _, s := range f["challenge_ids"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			in.ChallengeIDs = append(in.ChallengeIDs, id)
		}
	}
	if e := kern.AsError(in.Validate()); e != nil {
		for field, key := range e.Fields {
			v.Add(field, key)
		}
	}
	return in, f, v.Err()
}

// formRound is the round as the form shows it again after a refusal: the chosen challenges kept.
func formRound(x Round, in RoundInput) Round {
	x.Challenges = nil
	for _, id := range in.ChallengeIDs {
		x.Challenges = append(x.Challenges, ChallengeRef{ID: id})
	}
	return x
}

func (h *Web) create(w http.ResponseWriter, r *http.Request) {
	in, values, err := parseRoundForm(r)
	var x Round
	if err == nil {
		x, err = h.Rounds.CreateRound(r.Context(), web.User(r), in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "rounds/round_form", h.formData(r, formRound(Round{}, in)), values, err)
		return
	}
	h.Kit.Flash(w, "round.created")
	web.Redirect(w, r, "/rounds/"+itoa(x.ID))
}

func (h *Web) edit(w http.ResponseWriter, r *http.Request) {
	x, ok := h.roundOf(w, r)
	if !ok {
		return
	}
	if !CanManage(web.User(r)) {
		h.Kit.Error(w, r, kern.Errorf(kern.Forbidden, "error.forbidden"))
		return
	}
	h.Kit.RenderForm(w, r, "rounds/round_form", h.formData(r, x), nil, nil)
}

func (h *Web) update(w http.ResponseWriter, r *http.Request) {
	x, ok := h.roundOf(w, r)
	if !ok {
		return
	}
	in, values, err := parseRoundForm(r)
	if err == nil {
		_, err = h.Rounds.UpdateRound(r.Context(), web.User(r), x.ID, in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "rounds/round_form", h.formData(r, formRound(x, in)), values, err)
		return
	}
	h.Kit.Flash(w, "round.updated")
	web.Redirect(w, r, "/rounds/"+itoa(x.ID))
}

// change runs a state change on the round named by the path and goes back to the round.
func (h *Web) change(w http.ResponseWriter, r *http.Request, flash string, do func(id int64) error) {
	id, err := web.ID(r, "id")
	if err == nil {
		err = do(id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, flash)
	web.Redirect(w, r, "/rounds/"+itoa(id))
}

func (h *Web) open(w http.ResponseWriter, r *http.Request) {
	h.change(w, r, "round.opened", func(id int64) error { _, err := h.Rounds.OpenRound(r.Context(), web.User(r), id); return err })
}

func (h *Web) close(w http.ResponseWriter, r *http.Request) {
	h.change(w, r, "round.closed_now", func(id int64) error { _, err := h.Rounds.CloseRound(r.Context(), web.User(r), id); return err })
}

func (h *Web) publish(w http.ResponseWriter, r *http.Request) {
	h.change(w, r, "round.publication_saved", func(id int64) error {
		if err := r.ParseForm(); err != nil {
			return err
		}
		in := Publication{Published: r.PostForm.Get("published") != "", Public: r.PostForm.Get("public") != ""}
		_, err := h.Rounds.PublishRound(r.Context(), web.User(r), id, in)
		return err
	})
}
