package plan

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/org"
	"kern/internal/web"
)

func (h *Web) challengeRoutes(mux *http.ServeMux) {
	in := h.Kit.LoggedIn
	mux.HandleFunc("GET /challenges", in(h.listChallenges))
	mux.HandleFunc("GET /challenges/export.csv", in(h.exportChallenges))
	mux.HandleFunc("GET /challenges/matrix", in(h.matrix))
	mux.HandleFunc("GET /challenges/new", in(h.newChallenge))
	mux.HandleFunc("POST /challenges", in(h.createChallenge))
	mux.HandleFunc("GET /challenges/{id}", in(h.showChallenge))
	mux.HandleFunc("GET /challenges/{id}/edit", in(h.editChallenge))
	mux.HandleFunc("POST /challenges/{id}", in(h.updateChallenge))
}

func challengeFilterFrom(r *http.Request) ChallengeFilter {
	q := r.URL.Query()
	return ChallengeFilter{Q: q.Get("q"), Stage: q.Get("stage"), Enabler: q.Get("enabler"), Group: q.Get("group"),
		Source: q.Get("source"), Page: web.QueryInt(r, "page", 1), PerPage: web.QueryInt(r, "per_page", 50)}
}

func (h *Web) filterOptions(r *http.Request) map[string]any {
	all := h.t(r, "list.all")
	return map[string]any{"Stages": h.options(r, "plan.stage.", all, Stages), "Enablers": h.options(r, "plan.enabler.", all, Enablers),
		"Groups": h.options(r, "group.", all, org.Groups), "Sources": h.options(r, "plan.source.", all, Sources)}
}

func (h *Web) listChallenges(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	f := challengeFilterFrom(r)
	list, total, err := h.Plan.Challenges(r.Context(), p, f)
	if kern.ErrorCode(err) == kern.Invalid {
		f = ChallengeFilter{Q: f.Q}
		list, total, err = h.Plan.Challenges(r.Context(), p, f)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	f.Normalize()
	data := h.filterOptions(r)
	data["Items"], data["Total"], data["Filter"], data["CanEdit"] = list, total, f, CanEdit(p)
	data["Export"] = "/challenges/export.csv?" + r.URL.RawQuery
	h.Kit.Render(w, r, http.StatusOK, "plan/challenges", data)
}

// ChallengeHeader and ChallengeRows are the CSV form of challenges (also the open-data table).
var ChallengeHeader = []string{"id", "title", "description", "stage", "enablers", "stakeholder_groups", "source", "source_note"}

// ChallengeRows formats challenges for ChallengeHeader; lists are separated by "|".
func ChallengeRows(list []Challenge) [][]string {
	rows := make([][]string, len(list))
	for i, c := range list {
		rows[i] = []string{strconv.FormatInt(c.ID, 10), c.Title, c.Description, c.Stage, strings.Join(c.Enablers, "|"),
			strings.Join(c.Groups, "|"), c.Source, c.SourceNote}
	}
	return rows
}

func (h *Web) exportChallenges(w http.ResponseWriter, r *http.Request) {
	list, err := h.Plan.AllChallenges(r.Context(), web.User(r), challengeFilterFrom(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	web.CSV(w, "challenges-"+time.Now().Format(Date)+".csv", ChallengeHeader, ChallengeRows(list))
}

// matrix shows the challenges by value-chain stage (rows) and enabler (columns).
func (h *Web) matrix(w http.ResponseWriter, r *http.Request) {
	f := challengeFilterFrom(r)
	f.Stage, f.Enabler = "", ""
	list, err := h.Plan.AllChallenges(r.Context(), web.User(r), f)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	m := Matrix(list)
	type row struct {
		Stage string
		Cells [][]Challenge
		None  []Challenge
	}
	var rows []row
	for _, st := range Stages {
		rw := row{Stage: st, None: m[st][""]}
		for _, e := range Enablers {
			rw.Cells = append(rw.Cells, m[st][e])
		}
		rows = append(rows, rw)
	}
	data := h.filterOptions(r)
	data["Rows"], data["EnablerList"], data["Filter"], data["Total"] = rows, Enablers, f, len(list)
	h.Kit.Render(w, r, http.StatusOK, "plan/matrix", data)
}

func (h *Web) challengeFormData(r *http.Request, c Challenge) map[string]any {
	choose := h.t(r, "plan.choose")
	return map[string]any{"Challenge": c, "Stages": h.options(r, "plan.stage.", choose, Stages),
		"Sources": h.options(r, "plan.source.", choose, Sources), "EnablerList": Enablers, "GroupList": org.Groups}
}

func parseChallengeForm(r *http.Request) (ChallengeInput, url.Values, error) {
	if err := r.ParseForm(); err != nil {
		return ChallengeInput{}, nil, err
	}
	f := r.PostForm
	in := ChallengeInput{Title: f.Get("title"), Description: f.Get("description"), Stage: f.Get("stage"),
		Source: f.Get("source"), SourceNote: f.Get("source_note"), Enablers: f["enablers"], Groups: f["stakeholder_groups"]}
	return in, f, in.Validate()
}

func (h *Web) newChallenge(w http.ResponseWriter, r *http.Request) {
	if !CanEdit(web.User(r)) {
		h.Kit.Error(w, r, kern.Errorf(kern.Forbidden, "error.forbidden"))
		return
	}
	h.Kit.RenderForm(w, r, "plan/challenge_form", h.challengeFormData(r, Challenge{Stage: r.URL.Query().Get("stage")}), nil, nil)
}

func (h *Web) createChallenge(w http.ResponseWriter, r *http.Request) {
	in, values, err := parseChallengeForm(r)
	var c Challenge
	if err == nil {
		c, err = h.Plan.CreateChallenge(r.Context(), web.User(r), in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "plan/challenge_form", h.challengeFormData(r, Challenge{Enablers: in.Enablers, Groups: in.Groups}), values, err)
		return
	}
	h.Kit.Flash(w, "plan.saved")
	web.Redirect(w, r, "/challenges/"+strconv.FormatInt(c.ID, 10))
}

func (h *Web) showChallenge(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var c Challenge
	if err == nil {
		c, err = h.Plan.Challenge(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Render(w, r, http.StatusOK, "plan/challenge", map[string]any{"Challenge": c, "CanEdit": CanEdit(web.User(r))})
}

func (h *Web) editChallenge(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var c Challenge
	if err == nil {
		c, err = h.Plan.Challenge(r.Context(), web.User(r), id)
	}
	if err == nil && !CanEdit(web.User(r)) {
		err = kern.Errorf(kern.Forbidden, "error.forbidden")
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "plan/challenge_form", h.challengeFormData(r, c), nil, nil)
}

func (h *Web) updateChallenge(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in, values, err := parseChallengeForm(r)
	if err == nil {
		_, err = h.Plan.UpdateChallenge(r.Context(), web.User(r), id, in)
	}
	if err != nil {
		c, gerr := h.Plan.Challenge(r.Context(), web.User(r), id)
		if gerr != nil {
			h.Kit.Error(w, r, gerr)
			return
		}
		c.Enablers, c.Groups = in.Enablers, in.Groups
		h.Kit.RenderForm(w, r, "plan/challenge_form", h.challengeFormData(r, c), values, err)
		return
	}
	h.Kit.Flash(w, "plan.saved")
	web.Redirect(w, r, "/challenges/"+strconv.FormatInt(id, 10))
}
