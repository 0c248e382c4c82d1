package scenarios

import (
	"embed"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/supply/runs"
	"kern/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Routes registers the pages.
func (h *Web) Routes(mux *http.ServeMux) error {
	if err := h.Kit.Parse("scenarios", templates, "templates"); err != nil {
		return err
	}
	in := h.Kit.LoggedIn
	mux.HandleFunc("GET /scenarios", in(h.list))
	mux.HandleFunc("GET /scenarios/export.csv", in(h.export))
	mux.HandleFunc("GET /scenarios/new", in(h.newForm))
	mux.HandleFunc("POST /scenarios", in(h.create))
	mux.HandleFunc("GET /scenarios/{id}", in(h.show))
	mux.HandleFunc("GET /scenarios/{id}/chart.json", in(h.chart))
	mux.HandleFunc("GET /scenarios/{id}/hospitals.csv", in(h.hospitalsCSV))
	mux.HandleFunc("GET /scenarios/{id}/edit", in(h.edit))
	mux.HandleFunc("POST /scenarios/{id}", in(h.update))
	mux.HandleFunc("POST /scenarios/{id}/run", in(h.run))
	mux.HandleFunc("POST /scenarios/{id}/delete", in(h.delete))
	return nil
}

// pageFormat shows dates and numbers as the request's pages do (web.Page's Date, DateTime, Num
// need only the language).
func pageFormat(r *http.Request) Formatter { return &web.Page{Lang: web.Lang(r)} }

func (h *Web) t(r *http.Request, key string, args ...any) string {
	return h.Kit.Catalog.T(web.Lang(r), key, args...)
}

func filterFrom(r *http.Request) Filter {
	q := r.URL.Query()
	return Filter{Q: q.Get("q"), Sort: q.Get("sort"), Page: web.QueryInt(r, "page", 1), PerPage: web.QueryInt(r, "per_page", 25)}
}

func (h *Web) list(w http.ResponseWriter, r *http.Request) {
	f := filterFrom(r)
	items, total, err := h.Scenarios.Scenarios(r.Context(), web.User(r), f)
	if kern.ErrorCode(err) == kern.Invalid {
		f = Filter{Q: f.Q}
		items, total, err = h.Scenarios.Scenarios(r.Context(), web.User(r), f)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	f.Normalize()
	_, hasBaseline, err := h.Scenarios.LatestBaseline(r.Context(), web.User(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Render(w, r, http.StatusOK, "scenarios/list", map[string]any{"Items": items, "Total": total, "Filter": f,
		"CanEdit": CanEdit(web.User(r)), "HasBaseline": hasBaseline, "Export": "/scenarios/export.csv?" + r.URL.RawQuery})
}

// ExportHeader is the header of the scenario list's CSV export.
var ExportHeader = []string{"id", "name", "description", "changes", "starts_at", "horizon_days", "policy", "baseline_run_id",
	"run_id", "created_by", "updated_at"}

func optID(id *int64) string {
	if id == nil {
		return ""
	}
	return strconv.FormatInt(*id, 10)
}

func (h *Web) export(w http.ResponseWriter, r *http.Request) {
	items, err := h.Scenarios.ExportScenarios(r.Context(), web.User(r), filterFrom(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	rows := make([][]string, len(items))
	for i, s := range items {
		rows[i] = []string{strconv.FormatInt(s.ID, 10), s.Name, s.Description, strconv.Itoa(len(s.Changes)),
			s.StartsAt.Format(time.RFC3339), strconv.Itoa(s.Days), s.Policy.Kind, optID(s.BaselineRunID), optID(s.RunID),
			s.CreatedBy, s.UpdatedAt.Format(time.RFC3339)}
	}
	web.CSV(w, "scenarios-"+time.Now().Format(time.DateOnly)+".csv", ExportHeader, rows)
}

func (h *Web) requireEdit(w http.ResponseWriter, r *http.Request) bool {
	if err := requireEdit(web.User(r)); err != nil {
		h.Kit.Error(w, r, err)
		return false
	}
	return true
}

// formData is what the new and edit pages need besides the values.
func (h *Web) formData(r *http.Request, s *Scenario, values url.Values, baseline int64) (map[string]any, error) {
	refs, err := h.Scenarios.Refs(r.Context(), web.User(r))
	if err != nil {
		return nil, err
	}
	tr := func(k string, a ...any) string { return h.t(r, k, a...) }
	policies := []web.Option{{Value: "", Label: h.t(r, "scenarios.policy.baseline")}}
	for _, k := range []string{runs.PolicyStrict, runs.PolicyFloor} {
		policies = append(policies, web.Option{Value: k, Label: h.t(r, "scenarios.policy."+k)})
	}
	action := "/scenarios"
	if s != nil {
		action = fmt.Sprintf("/scenarios/%d", s.ID)
	}
	baselines, err := h.baselineOptions(r, baseline)
	if err != nil {
		return nil, err
	}
	return map[string]any{"S": s, "Action": action, "Rows": rowViews(values), "Choices": buildChoices(refs, tr),
		"Policies": policies, "Baselines": baselines, "RowCount": values.Get("rows")}, nil
}

// baselineOptions are the baseline runs the form offers, newest first; the scenario's own
// baseline is among them even when it is older than the newest MaxBaselineChoices or failed.
func (h *Web) baselineOptions(r *http.Request, current int64) ([]web.Option, error) {
	list, err := h.Scenarios.BaselineRuns(r.Context(), web.User(r))
	if err != nil {
		return nil, err
	}
	f := pageFormat(r)
	days := func(n int) string {
		if n == 1 {
			return h.t(r, "scenarios.day")
		}
		return h.t(r, "scenarios.days")
	}
	var out []web.Option
	found := current == 0
	for _, run := range list {
		label := h.t(r, "scenarios.baseline_option", run.ID, f.DateTime(run.StartsAt), run.HorizonDays, days(run.HorizonDays))
		if run.Name != "" {
			label += " — " + run.Name
		}
		out = append(out, web.Option{Value: strconv.FormatInt(run.ID, 10), Label: label})
		found = found || run.ID == current
	}
	if !found {
		out = append(out, web.Option{Value: strconv.FormatInt(current, 10), Label: h.t(r, "scenarios.run_no", current)})
	}
	return out, nil
}

func (h *Web) renderForm(w http.ResponseWriter, r *http.Request, s *Scenario, values url.Values, baseline int64, err error) {
	data, derr := h.formData(r, s, values, baseline)
	if derr != nil {
		h.Kit.Error(w, r, derr)
		return
	}
	h.Kit.RenderForm(w, r, "scenarios/form", data, values, remap(err))
}

func (h *Web) newForm(w http.ResponseWriter, r *http.Request) {
	if !h.requireEdit(w, r) {
		return
	}
	base, ok, err := h.Scenarios.LatestBaseline(r.Context(), web.User(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	if !ok {
		h.Kit.Render(w, r, http.StatusOK, "scenarios/nobaseline", nil)
		return
	}
	v := url.Values{}
	v.Set("rows", "0")
	v.Set("baseline_run_id", strconv.FormatInt(base, 10))
	h.renderForm(w, r, nil, v, base, nil)
}

// policyFrom reads the policy fields: "" keeps the baseline's (nil).
func policyFrom(f url.Values) (*Policy, error) {
	kind := strings.TrimSpace(f.Get("policy"))
	if kind == "" {
		return nil, nil
	}
	var v kern.Validation
	p := Policy{Kind: kind}
	if kind == runs.PolicyFloor {
		d := runs.DefaultFloor()
		p.FloorPct, p.FloorWeeklyBq, p.Nuclides = d.FloorPct, d.FloorWeeklyBq, d.Nuclides
		if s := decimalComma.Replace(f.Get("floor_pct")); s != "" {
			x, err := strconv.ParseFloat(s, 64)
			v.Check(err == nil, "policy.floor_pct", "field.invalid_number")
			p.FloorPct = x
		}
	}
	return &p, v.Err()
}

func (h *Web) parse(w http.ResponseWriter, r *http.Request) (Input, url.Values, bool, error) {
	if err := r.ParseForm(); err != nil {
		return Input{}, nil, false, err
	}
	if v, edited := editRows(r.PostForm); edited {
		return Input{}, v, true, nil
	}
	in, err := parseForm(r.PostForm)
	pol, perr := policyFrom(r.PostForm)
	in.Policy = pol
	return in, r.PostForm, false, web.MergeErrors(new(kern.Validation), joinErrs(err, perr))
}

func joinErrs(a, b error) error {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	var v kern.Validation
	for _, e := range []error{a, b} {
		if x := kern.AsError(e); x != nil {
			for f, k := range x.Fields {
				v.Add(f, k)
			}
		}
	}
	return v.Err()
}

func (h *Web) create(w http.ResponseWriter, r *http.Request) {
	if !h.requireEdit(w, r) {
		return
	}
	in, values, edited, err := h.parse(w, r)
	base, _ := strconv.ParseInt(values.Get("baseline_run_id"), 10, 64)
	if edited {
		h.renderForm(w, r, nil, values, base, nil)
		return
	}
	var s Scenario
	if err == nil {
		s, err = h.Scenarios.Create(r.Context(), web.User(r), in)
	}
	if err != nil {
		h.renderForm(w, r, nil, values, base, err)
		return
	}
	h.after(w, r, s, values)
}

// after saving: run when the form asked for it, then show the comparison.
func (h *Web) after(w http.ResponseWriter, r *http.Request, s Scenario, values url.Values) {
	if values.Get("then") == "run" {
		if _, err := h.Scenarios.Run(r.Context(), web.User(r), s.ID); err != nil && kern.ErrorCode(err) != kern.Invalid {
			h.Kit.Error(w, r, err)
			return
		}
		h.Kit.Flash(w, "scenarios.ran")
	} else {
		h.Kit.Flash(w, "scenarios.saved")
	}
	web.Redirect(w, r, fmt.Sprintf("/scenarios/%d", s.ID))
}

func (h *Web) scenario(w http.ResponseWriter, r *http.Request) (Scenario, bool) {
	id, err := web.ID(r, "id")
	var s Scenario
	if err == nil {
		s, err = h.Scenarios.Scenario(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return s, false
	}
	return s, true
}

func (h *Web) edit(w http.ResponseWriter, r *http.Request) {
	if !h.requireEdit(w, r) {
		return
	}
	s, ok := h.scenario(w, r)
	if !ok {
		return
	}
	v := formValues(s)
	v.Set("policy", s.Policy.Kind)
	if s.Policy.Kind == runs.PolicyFloor {
		v.Set("floor_pct", num(s.Policy.FloorPct))
	}
	h.renderForm(w, r, &s, v, optInt(s.BaselineRunID), nil)
}

func optInt(id *int64) int64 {
	if id == nil {
		return 0
	}
	return *id
}

func (h *Web) update(w http.ResponseWriter, r *http.Request) {
	if !h.requireEdit(w, r) {
		return
	}
	s, ok := h.scenario(w, r)
	if !ok {
		return
	}
	in, values, edited, err := h.parse(w, r)
	if edited {
		h.renderForm(w, r, &s, values, optInt(s.BaselineRunID), nil)
		return
	}
	if err == nil {
		s, err = h.Scenarios.Update(r.Context(), web.User(r), s.ID, in)
	}
	if err != nil {
		h.renderForm(w, r, &s, values, optInt(s.BaselineRunID), err)
		return
	}
	h.after(w, r, s, values)
}

func (h *Web) run(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err == nil {
		_, err = h.Scenarios.Run(r.Context(), web.User(r), id)
	}
	if err != nil && kern.ErrorCode(err) != kern.Invalid {
		h.Kit.Error(w, r, err)
		return
	}
	if err != nil {
		h.Kit.Flash(w, "scenarios.run_failed")
	} else {
		h.Kit.Flash(w, "scenarios.ran")
	}
	web.Redirect(w, r, fmt.Sprintf("/scenarios/%d", id))
}

func (h *Web) delete(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err == nil {
		err = h.Scenarios.Delete(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "scenarios.deleted")
	web.Redirect(w, r, "/scenarios")
}

func hospitalFilter(r *http.Request) HospitalFilter {
	q := r.URL.Query()
	return HospitalFilter{Q: q.Get("q"), Short: q.Get("short") == "1"}
}

func (h *Web) comparison(w http.ResponseWriter, r *http.Request) (Comparison, bool) {
	id, err := web.ID(r, "id")
	var c Comparison
	if err == nil {
		c, err = h.Scenarios.Compare(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return c, false
	}
	return c, true
}

func (h *Web) show(w http.ResponseWriter, r *http.Request) {
	c, ok := h.comparison(w, r)
	if !ok {
		return
	}
	f := hospitalFilter(r)
	refs, err := h.Scenarios.Refs(r.Context(), web.User(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	changes := make([]string, len(c.Scenario.Changes))
	for i, ch := range c.Scenario.Changes {
		changes[i] = Describe(ch, refs, func(k string, a ...any) string { return h.t(r, k, a...) }, pageFormat(r))
	}
	q := url.Values{}
	if f.Q != "" {
		q.Set("q", f.Q)
	}
	if f.Short {
		q.Set("short", "1")
	}
	// The runs' own sentences in the reader's language; the engine's English stays in the API.
	x := runs.NewTexts(h.Kit.Catalog, web.Lang(r))
	type shownDose struct {
		ComparedDose
		Why string
	}
	deferred := make([]shownDose, len(c.Deferred))
	for i, d := range c.Deferred {
		deferred[i] = shownDose{d, x.Reason(d.Kind, d.FairPct)}
	}
	bottlenecks := make([]string, len(c.Bottlenecks))
	for i, b := range c.Bottlenecks {
		bottlenecks[i] = x.Bottleneck(b)
	}
	h.Kit.Render(w, r, http.StatusOK, "scenarios/show", map[string]any{"C": c, "Deferred": deferred, "Bottlenecks": bottlenecks,
		"BaseID": optInt(c.Scenario.BaselineRunID), "S": c.Scenario, "Changes": changes,
		"Rows": c.Filter(f), "HFilter": f, "CanEdit": CanEdit(web.User(r)),
		"ShowHospitals": c.AllHospitals || c.OwnHospitals, "CSV": fmt.Sprintf("/scenarios/%d/hospitals.csv?%s", c.Scenario.ID, q.Encode())})
}

// chart feeds a nuclide's chart; the table beside it has the same figures.
func (h *Web) chart(w http.ResponseWriter, r *http.Request) {
	c, ok := h.comparison(w, r)
	if !ok {
		return
	}
	want := r.URL.Query().Get("nuclide")
	for _, n := range c.Nuclides {
		if n.Nuclide == want {
			web.JSON(w, http.StatusOK, map[string]any{"option": ChartOption(n, func(k string) string { return h.t(r, k) }, pageFormat(r))})
			return
		}
	}
	h.Kit.NotFound(w, r)
}

// HospitalHeader is the header of the fill table's CSV export.
var HospitalHeader = []string{"org_id", "hospital", "nuclide", "baseline_requested_bq", "scenario_requested_bq",
	"baseline_fill", "scenario_fill", "difference", "scenario_min_fill", "baseline_deferred_doses", "scenario_deferred_doses"}

func (h *Web) hospitalsCSV(w http.ResponseWriter, r *http.Request) {
	c, ok := h.comparison(w, r)
	if !ok {
		return
	}
	ff := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	var rows [][]string
	for _, x := range c.Filter(hospitalFilter(r)) {
		rows = append(rows, []string{strconv.FormatInt(x.OrgID, 10), x.Hospital, x.Nuclide, ff(x.BaselineRequested),
			ff(x.ScenarioRequested), ff(x.BaselineFill), ff(x.ScenarioFill), ff(x.Diff()), ff(x.ScenarioMinFill),
			strconv.Itoa(x.BaselineDeferred), strconv.Itoa(x.ScenarioDeferred)})
	}
	web.CSV(w, fmt.Sprintf("scenario-%d-hospitals-%s.csv", c.Scenario.ID, time.Now().Format(time.DateOnly)), HospitalHeader, rows)
}
