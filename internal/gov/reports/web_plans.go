package reports

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/gov"
	"kern/internal/plan"
	"kern/internal/web"
)

func (h *Web) planRoutes(mux *http.ServeMux) {
	in := h.Kit.LoggedIn
	mux.HandleFunc("GET /annual-plans", in(h.listPlans))
	mux.HandleFunc("GET /annual-plans/export.csv", in(h.exportPlans))
	mux.HandleFunc("GET /annual-plans/new", in(h.newPlan))
	mux.HandleFunc("POST /annual-plans", in(h.createPlan))
	mux.HandleFunc("GET /annual-plans/{id}", in(h.showPlan))
	mux.HandleFunc("GET /annual-plans/{id}/edit", in(h.editPlan))
	mux.HandleFunc("POST /annual-plans/{id}", in(h.updatePlan))
	mux.HandleFunc("POST /annual-plans/{id}/submit", in(h.planStep("submit")))
	mux.HandleFunc("POST /annual-plans/{id}/comment", in(h.planStep("comment")))
	mux.HandleFunc("POST /annual-plans/{id}/review", in(h.planStep("review")))
	mux.HandleFunc("POST /annual-plans/{id}/return", in(h.planStep("return")))
	mux.HandleFunc("POST /annual-plans/{id}/outcomes", in(h.saveOutcomes))
}

func planLink(id int64) string { return fmt.Sprintf("/annual-plans/%d", id) }

func planFilterFrom(r *http.Request) PlanFilter {
	q := r.URL.Query()
	return PlanFilter{Year: web.QueryInt(r, "year", 0), BodyID: web.QueryID(r, "body"), Status: q.Get("status")}
}

func (h *Web) listPlans(w http.ResponseWriter, r *http.Request) {
	f := planFilterFrom(r)
	if r.URL.Query().Get("year") == "" {
		f.Year = time.Now().In(gov.Amsterdam).Year()
	}
	list, err := h.Reports.Plans(r.Context(), web.User(r), f)
	if kern.ErrorCode(err) == kern.Invalid {
		f.Status = ""
		list, err = h.Reports.Plans(r.Context(), web.User(r), f)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	lang := web.Lang(r)
	all := h.t(r, "list.all")
	statuses := make([]string, len(PlanStatuses))
	for i, s := range PlanStatuses {
		statuses[i] = string(s)
	}
	years := []web.Option{{Value: "0", Label: all}}
	for y := time.Now().Year() + 1; y >= time.Now().Year()-4; y-- {
		years = append(years, web.Option{Value: strconv.Itoa(y), Label: strconv.Itoa(y)})
	}
	h.Kit.Render(w, r, http.StatusOK, "reports/plans", map[string]any{
		"CSS": stylesheetURL, "Items": list, "Filter": f, "Years": years,
		"Statuses": options(h.Kit.Catalog, lang, "reports.plan_status.", all, statuses),
		"Bodies":   h.bodyOptions(r, all), "CanCreate": h.managesAny(r),
		"Export": "/annual-plans/export.csv?" + r.URL.RawQuery,
	})
}

func (h *Web) exportPlans(w http.ResponseWriter, r *http.Request) {
	list, err := h.Reports.Plans(r.Context(), web.User(r), planFilterFrom(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	rows := make([][]string, len(list))
	for i, p := range list {
		rows[i] = []string{strconv.FormatInt(p.ID, 10), p.BodyName, strconv.Itoa(p.Year), string(p.Status),
			strconv.Itoa(len(p.Objectives)), p.UpdatedAt.UTC().Format(time.RFC3339)}
	}
	web.CSV(w, "annual-plans-"+time.Now().Format("2006-01-02")+".csv",
		[]string{"id", "body", "year", "status", "objectives", "updated_at"}, rows)
}

func (h *Web) showPlan(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	id, err := web.ID(r, "id")
	var ap AnnualPlan
	if err == nil {
		ap, err = h.Reports.AnnualPlan(r.Context(), p, id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.renderPlan(w, r, ap, nil, nil)
}

// renderPlan shows the plan page, with a refused step's message in its form.
func (h *Web) renderPlan(w http.ResponseWriter, r *http.Request, ap AnnualPlan, values url.Values, err error) {
	p := web.User(r)
	board, _ := h.Reports.IsBoard(r.Context(), p)
	manage := h.Reports.CanManagePlan(r.Context(), p, ap.BodyID)
	h.Kit.RenderForm(w, r, "reports/plan", map[string]any{
		"CSS": stylesheetURL, "Plan": ap, "Summary": web.Markdown(ap.Summary), "CanManage": manage, "IsBoard": board,
		"Outcomes": options(h.Kit.Catalog, web.Lang(r), "reports.outcome.", h.t(r, "reports.outcome_open"), Outcomes),
	}, values, err)
}

// submittedRows are the objective rows of a refused form, as submitted, to show them again.
func submittedRows(in PlanInput) []PlanObjective {
	rows := []PlanObjective{}
	for _, o := range in.Objectives {
		x := PlanObjective{Text: o.Text}
		for _, g := range o.GoalIDs {
			x.Goals = append(x.Goals, PlanLink{ID: g})
		}
		for _, a := range o.ActionIDs {
			x.Actions = append(x.Actions, PlanLink{ID: a})
		}
		rows = append(rows, x)
	}
	return rows
}

// planForm is what the plan form needs: the bodies the user manages, the goals and the actions,
// and the objective rows (the plan's and three empty ones, or those of a refused form).
func (h *Web) planForm(r *http.Request, ap AnnualPlan, rows []PlanObjective) map[string]any {
	p := web.User(r)
	bodies := []web.Option{{Value: "", Label: h.t(r, "reports.choose_body")}}
	if list, err := h.Reports.Gov.Bodies(r.Context(), p, gov.BodyFilter{}); err == nil {
		for _, b := range list {
			if h.Reports.CanManagePlan(r.Context(), p, b.ID) {
				bodies = append(bodies, web.Option{Value: strconv.FormatInt(b.ID, 10), Label: b.Name})
			}
		}
	}
	var goals, acts []web.Option
	if list, err := h.Reports.Plan.Goals(r.Context(), p, plan.GoalFilter{}); err == nil {
		for _, g := range list {
			goals = append(goals, web.Option{Value: strconv.FormatInt(g.ID, 10), Label: g.Title})
		}
	}
	if b, err := h.Reports.Actions.Board(r.Context(), p); err == nil {
		for _, a := range b.Actions {
			acts = append(acts, web.Option{Value: strconv.FormatInt(a.ID, 10), Label: a.Title})
		}
	}
	if rows == nil {
		rows = append([]PlanObjective{}, ap.Objectives...)
		for range 3 { // three empty rows to add objectives
			rows = append(rows, PlanObjective{})
		}
	}
	return map[string]any{"CSS": stylesheetURL, "Plan": ap, "Bodies": bodies, "Goals": goals, "Actions": acts, "Rows": rows}
}

func (h *Web) newPlan(w http.ResponseWriter, r *http.Request) {
	ap := AnnualPlan{BodyID: web.QueryID(r, "body"), Year: web.QueryInt(r, "year", time.Now().In(gov.Amsterdam).Year())}
	h.Kit.RenderForm(w, r, "reports/plan_form", h.planForm(r, ap, nil), nil, nil)
}

// parsePlanForm reads the plan and its objective rows (objective_N_text, _goals, _actions).
func parsePlanForm(r *http.Request) (PlanInput, url.Values, error) {
	if err := r.ParseForm(); err != nil {
		return PlanInput{}, nil, err
	}
	f := r.PostForm
	var v kern.Validation
	in := PlanInput{Summary: f.Get("summary")}
	if s := f.Get("body_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		v.Check(err == nil, "body_id", "field.unknown_choice")
		in.BodyID = id
	}
	if s := strings.TrimSpace(f.Get("year")); s != "" {
		y, err := strconv.Atoi(s)
		v.Check(err == nil, "year", "field.invalid_number")
		in.Year = y
	}
	rows, _ := strconv.Atoi(f.Get("rows"))
	for i := range min(rows, MaxObjectives+3) {
		prefix := fmt.Sprintf("objective_%d_", i)
		o := ObjectiveInput{Text: f.Get(prefix + "text")}
		o.GoalIDs = ids(f[prefix+"goals"])
		o.ActionIDs = ids(f[prefix+"actions"])
		in.Objectives = append(in.Objectives, o)
	}
	return in, f, v.Err()
}

func ids(values []string) []int64 {
	var out []int64
	for _, s := range values {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}

func (h *Web) createPlan(w http.ResponseWriter, r *http.Request) {
	in, values, err := parsePlanForm(r)
	var ap AnnualPlan
	if err == nil {
		ap, err = h.Reports.CreatePlan(r.Context(), web.User(r), in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "reports/plan_form", h.planForm(r, AnnualPlan{BodyID: in.BodyID, Year: in.Year}, submittedRows(in)), values, err)
		return
	}
	h.Kit.Flash(w, "reports.flash.plan_created")
	web.Redirect(w, r, planLink(ap.ID))
}

func (h *Web) editPlan(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	id, err := web.ID(r, "id")
	var ap AnnualPlan
	if err == nil {
		ap, err = h.Reports.AnnualPlan(r.Context(), p, id)
	}
	if err == nil && !h.Reports.CanManagePlan(r.Context(), p, ap.BodyID) {
		err = kern.Errorf(kern.Forbidden, "gov.manage_forbidden")
	}
	if err == nil && ap.Status != Draft {
		err = kern.Errorf(kern.Conflict, "reports.plan_not_draft")
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "reports/plan_form", h.planForm(r, ap, nil), nil, nil)
}

func (h *Web) updatePlan(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in, values, err := parsePlanForm(r)
	if err == nil {
		_, err = h.Reports.UpdatePlan(r.Context(), web.User(r), id, in)
	}
	if err != nil {
		if c := kern.ErrorCode(err); c == kern.Forbidden || c == kern.NotFound || c == kern.Conflict {
			h.Kit.Error(w, r, err)
			return
		}
		cur, _ := h.Reports.AnnualPlan(r.Context(), web.User(r), id)
		h.Kit.RenderForm(w, r, "reports/plan_form", h.planForm(r, cur, submittedRows(in)), values, err)
		return
	}
	h.Kit.Flash(w, "reports.flash.plan_saved")
	web.Redirect(w, r, planLink(id))
}

// planStep runs one of the plan's steps from its page: submit (the body), comment, review and
// return (the board).
func (h *Web) planStep(step string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := web.User(r)
		id, err := web.ID(r, "id")
		if err == nil {
			err = r.ParseForm()
		}
		if err != nil {
			h.Kit.Error(w, r, err)
			return
		}
		text := r.PostForm.Get("comment")
		switch step {
		case "submit":
			_, err = h.Reports.SubmitPlan(r.Context(), p, id)
		case "comment":
			_, err = h.Reports.Comment(r.Context(), p, id, text)
		case "review":
			_, err = h.Reports.ReviewPlan(r.Context(), p, id, text)
		case "return":
			_, err = h.Reports.ReturnPlan(r.Context(), p, id, text)
		}
		if err != nil {
			h.planError(w, r, id, err)
			return
		}
		h.Kit.Flash(w, stepFlash[step])
		web.Redirect(w, r, planLink(id))
	}
}

var stepFlash = map[string]string{"submit": "reports.flash.plan_submitted", "comment": "reports.flash.plan_commented",
	"review": "reports.flash.plan_reviewed", "return": "reports.flash.plan_returned"}

// planError shows the plan again with a refused step's message (a bad field or a conflict), or
// the error page.
func (h *Web) planError(w http.ResponseWriter, r *http.Request, id int64, err error) {
	if c := kern.ErrorCode(err); c != kern.Invalid && c != kern.Conflict {
		h.Kit.Error(w, r, err)
		return
	}
	ap, e := h.Reports.AnnualPlan(r.Context(), web.User(r), id)
	if e != nil {
		h.Kit.Error(w, r, e)
		return
	}
	h.renderPlan(w, r, ap, r.PostForm, err)
}

func (h *Web) saveOutcomes(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	id, err := web.ID(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	var ap AnnualPlan
	if err == nil {
		ap, err = h.Reports.AnnualPlan(r.Context(), p, id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	var in []OutcomeInput
	for _, o := range ap.Objectives {
		in = append(in, OutcomeInput{ObjectiveID: o.ID, Outcome: r.PostForm.Get(fmt.Sprintf("outcome_%d", o.ID)),
			Note: r.PostForm.Get(fmt.Sprintf("note_%d", o.ID))})
	}
	report := r.PostForm.Get("report") != ""
	if _, err := h.Reports.RecordOutcomes(r.Context(), p, id, in, report); err != nil {
		h.planError(w, r, id, err)
		return
	}
	if report {
		h.Kit.Flash(w, "reports.flash.plan_reported")
	} else {
		h.Kit.Flash(w, "reports.flash.outcomes_saved")
	}
	web.Redirect(w, r, planLink(id))
}
