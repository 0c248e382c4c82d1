package plan

import (
	"embed"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/org"
	"kern/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Web serves the pages of the vision, goals, KPIs and challenges.
type Web struct {
	Plan *Service
	Auth *auth.Service
	Kit  *web.Kit
}

// Routes registers the pages on mux and parses their templates.
func (h *Web) Routes(mux *http.ServeMux) error {
	if err := h.Kit.Parse("plan", templates, "templates"); err != nil {
		return err
	}
	in := h.Kit.LoggedIn
	mux.HandleFunc("GET /plan", in(h.vision))
	mux.HandleFunc("GET /plan/pillars/new", in(h.newPillar))
	mux.HandleFunc("POST /plan/pillars", in(h.createPillar))
	mux.HandleFunc("GET /plan/pillars/{id}/edit", in(h.editPillar))
	mux.HandleFunc("POST /plan/pillars/{id}", in(h.updatePillar))
	mux.HandleFunc("GET /goals/new", in(h.newGoal))
	mux.HandleFunc("POST /goals", in(h.createGoal))
	mux.HandleFunc("GET /goals/{id}", in(h.showGoal))
	mux.HandleFunc("GET /goals/{id}/edit", in(h.editGoal))
	mux.HandleFunc("POST /goals/{id}", in(h.updateGoal))
	h.kpiRoutes(mux)
	h.challengeRoutes(mux)
	h.publicRoutes(mux)
	return nil
}

func (h *Web) t(r *http.Request, key string, args ...any) string {
	return h.Kit.Catalog.T(web.Lang(r), key, args...)
}

// options labels codes with the messages prefix+code, after a blank choice when blank is set.
func (h *Web) options(r *http.Request, prefix, blank string, codes []string) []web.Option {
	return web.Options(h.Kit.Catalog, web.Lang(r), prefix, blank, codes)
}

func dateStr(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.Format(Date)
}

// ParseNumber reads a number as people type it: "12.5", "12,5" (a Dutch decimal comma), " 1e3 ".
func ParseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, ",") && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil && finite(f)
}

func formNumber(v *kern.Validation, f url.Values, name string) float64 {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return 0
	}
	n, ok := ParseNumber(s)
	v.Check(ok, name, "field.invalid_number")
	return n
}

// --- vision

func (h *Web) vision(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	pillars, err := h.Plan.Pillars(r.Context(), p)
	var goals []Goal
	if err == nil {
		goals, err = h.Plan.Goals(r.Context(), p, GoalFilter{})
	}
	var kpis []KPI
	if err == nil {
		kpis, err = h.Plan.KPIs(r.Context(), p, KPIFilter{})
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	byGoal := map[int64][]KPI{}
	for _, k := range kpis {
		if k.GoalID != nil {
			byGoal[*k.GoalID] = append(byGoal[*k.GoalID], k)
		}
	}
	type goalView struct {
		Goal
		KPIList []KPI
	}
	type pillarView struct {
		Pillar
		GoalList []goalView
	}
	var view []pillarView
	for _, pl := range pillars {
		pv := pillarView{Pillar: pl}
		for _, g := range goals {
			if g.PillarID == pl.ID {
				pv.GoalList = append(pv.GoalList, goalView{Goal: g, KPIList: byGoal[g.ID]})
			}
		}
		view = append(view, pv)
	}
	h.Kit.Render(w, r, http.StatusOK, "plan/vision", map[string]any{"Pillars": view, "CanEdit": CanEdit(p), "Summary": summarize(kpis)})
}

// StatusCount is how many KPIs have a status.
type StatusCount struct {
	Status Status
	Count  int
}

func summarize(kpis []KPI) []StatusCount {
	out := make([]StatusCount, len(Statuses))
	for i, st := range Statuses {
		out[i].Status = st
		for _, k := range kpis {
			if k.Status == st {
				out[i].Count++
			}
		}
	}
	return out
}

// --- pillars

func (h *Web) newPillar(w http.ResponseWriter, r *http.Request) {
	if !CanEdit(web.User(r)) {
		h.Kit.Error(w, r, kern.Errorf(kern.Forbidden, "error.forbidden"))
		return
	}
	h.Kit.RenderForm(w, r, "plan/pillar_form", map[string]any{"Pillar": Pillar{}}, nil, nil)
}

func parsePillarForm(r *http.Request) (PillarInput, url.Values, error) {
	if err := r.ParseForm(); err != nil {
		return PillarInput{}, nil, err
	}
	f := r.PostForm
	var v kern.Validation
	in := PillarInput{Name: f.Get("name"), Description: f.Get("description")}
	in.Position = int(formNumber(&v, f, "position"))
	return in, f, web.MergeErrors(&v, in.Validate())
}

func (h *Web) createPillar(w http.ResponseWriter, r *http.Request) {
	in, values, err := parsePillarForm(r)
	if err == nil {
		_, err = h.Plan.CreatePillar(r.Context(), web.User(r), in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "plan/pillar_form", map[string]any{"Pillar": Pillar{}}, values, err)
		return
	}
	h.Kit.Flash(w, "plan.saved")
	web.Redirect(w, r, "/plan")
}

func (h *Web) editPillar(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var pl Pillar
	if err == nil {
		pl, err = h.Plan.Pillar(r.Context(), web.User(r), id)
	}
	if err == nil && !CanEdit(web.User(r)) {
		err = kern.Errorf(kern.Forbidden, "error.forbidden")
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "plan/pillar_form", map[string]any{"Pillar": pl}, nil, nil)
}

func (h *Web) updatePillar(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in, values, err := parsePillarForm(r)
	if err == nil {
		_, err = h.Plan.UpdatePillar(r.Context(), web.User(r), id, in)
	}
	if err != nil {
		pl, gerr := h.Plan.Pillar(r.Context(), web.User(r), id)
		if gerr != nil {
			h.Kit.Error(w, r, gerr)
			return
		}
		h.Kit.RenderForm(w, r, "plan/pillar_form", map[string]any{"Pillar": pl}, values, err)
		return
	}
	h.Kit.Flash(w, "plan.saved")
	web.Redirect(w, r, "/plan")
}

// --- goals

func (h *Web) goalFormData(r *http.Request, g Goal) map[string]any {
	p := web.User(r)
	choose := h.t(r, "plan.choose")
	pillars, _ := h.Plan.Pillars(r.Context(), p)
	popts := []web.Option{{Value: "", Label: choose}}
	for _, pl := range pillars {
		popts = append(popts, web.Option{Value: strconv.FormatInt(pl.ID, 10), Label: pl.Name})
	}
	orgs, _ := h.Plan.OrgOptions(r.Context(), p)
	oopts := []web.Option{{Value: "", Label: h.t(r, "plan.none")}}
	for _, o := range orgs {
		oopts = append(oopts, web.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}
	return map[string]any{"Goal": g, "Pillars": popts, "Orgs": oopts, "Deadline": dateStr(g.Deadline),
		"Groups": h.options(r, "group.", h.t(r, "plan.none"), org.Groups)}
}

func (h *Web) newGoal(w http.ResponseWriter, r *http.Request) {
	if !CanEdit(web.User(r)) {
		h.Kit.Error(w, r, kern.Errorf(kern.Forbidden, "error.forbidden"))
		return
	}
	h.Kit.RenderForm(w, r, "plan/goal_form", h.goalFormData(r, Goal{PillarID: web.QueryID(r, "pillar"), Public: true}), nil, nil)
}

func parseGoalForm(r *http.Request) (GoalInput, url.Values, error) {
	if err := r.ParseForm(); err != nil {
		return GoalInput{}, nil, err
	}
	f := r.PostForm
	var v kern.Validation
	in := GoalInput{Title: f.Get("title"), Statement: f.Get("statement"), Rationale: f.Get("rationale"),
		AccountableGroup: f.Get("accountable_group"), AccountableBody: f.Get("accountable_body"), Public: f.Get("public") != ""}
	if id := web.FormID(&v, f, "pillar_id", "plan.pillar_unknown"); id != nil {
		in.PillarID = *id
	}
	in.AccountableOrg = web.FormID(&v, f, "accountable_org_id", "plan.org_unknown")
	in.Deadline = web.FormDate(&v, f, "deadline")
	return in, f, web.MergeErrors(&v, in.Validate())
}

func (h *Web) createGoal(w http.ResponseWriter, r *http.Request) {
	in, values, err := parseGoalForm(r)
	var g Goal
	if err == nil {
		g, err = h.Plan.CreateGoal(r.Context(), web.User(r), in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "plan/goal_form", h.goalFormData(r, Goal{}), values, err)
		return
	}
	h.Kit.Flash(w, "plan.saved")
	web.Redirect(w, r, "/goals/"+strconv.FormatInt(g.ID, 10))
}

func (h *Web) showGoal(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	id, err := web.ID(r, "id")
	var g Goal
	if err == nil {
		g, err = h.Plan.Goal(r.Context(), p, id)
	}
	var kpis []KPI
	if err == nil {
		kpis, err = h.Plan.KPIs(r.Context(), p, KPIFilter{GoalID: id})
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Render(w, r, http.StatusOK, "plan/goal", map[string]any{"Goal": g, "KPIs": kpis, "CanEdit": CanEdit(p), "SMART": SMART})
}

func (h *Web) editGoal(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var g Goal
	if err == nil {
		g, err = h.Plan.Goal(r.Context(), web.User(r), id)
	}
	if err == nil && !CanEdit(web.User(r)) {
		err = kern.Errorf(kern.Forbidden, "error.forbidden")
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "plan/goal_form", h.goalFormData(r, g), nil, nil)
}

func (h *Web) updateGoal(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in, values, err := parseGoalForm(r)
	if err == nil {
		_, err = h.Plan.UpdateGoal(r.Context(), web.User(r), id, in)
	}
	if err != nil {
		g, gerr := h.Plan.Goal(r.Context(), web.User(r), id)
		if gerr != nil {
			h.Kit.Error(w, r, gerr)
			return
		}
		h.Kit.RenderForm(w, r, "plan/goal_form", h.goalFormData(r, g), values, err)
		return
	}
	h.Kit.Flash(w, "plan.saved")
	web.Redirect(w, r, "/goals/"+strconv.FormatInt(id, 10))
}
