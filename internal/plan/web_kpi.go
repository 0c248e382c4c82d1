package plan

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/web"
)

func (h *Web) kpiRoutes(mux *http.ServeMux) {
	in := h.Kit.LoggedIn
	mux.HandleFunc("GET /kpis", in(h.dashboard))
	mux.HandleFunc("GET /kpis/export.csv", in(h.exportKPIs))
	mux.HandleFunc("GET /kpis/measurements.csv", in(h.exportMeasurements))
	mux.HandleFunc("GET /kpis/summary.json", in(h.summaryChart))
	mux.HandleFunc("GET /kpis/import", in(h.importForm))
	mux.HandleFunc("POST /kpis/import", in(h.importMeasurements))
	mux.HandleFunc("GET /kpis/new", in(h.newKPI))
	mux.HandleFunc("POST /kpis", in(h.createKPI))
	mux.HandleFunc("GET /kpis/{id}", in(h.showKPI))
	mux.HandleFunc("GET /kpis/{id}/chart.json", in(h.kpiChart))
	mux.HandleFunc("GET /kpis/{id}/edit", in(h.editKPI))
	mux.HandleFunc("POST /kpis/{id}", in(h.updateKPI))
	mux.HandleFunc("POST /kpis/{id}/measurements", in(h.recordMeasurement))
	mux.HandleFunc("POST /kpis/{id}/delete", in(h.deleteKPI))
}

func kpiFilterFrom(r *http.Request) KPIFilter {
	q := r.URL.Query()
	return KPIFilter{Q: q.Get("q"), Status: q.Get("status"), PillarID: web.QueryID(r, "pillar"), GoalID: web.QueryID(r, "goal")}
}

// dashboard shows every KPI with its status, grouped by pillar and goal.
func (h *Web) dashboard(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	f := kpiFilterFrom(r)
	kpis, err := h.Plan.KPIs(r.Context(), p, f)
	if kern.ErrorCode(err) == kern.Invalid {
		f.Status = ""
		kpis, err = h.Plan.KPIs(r.Context(), p, f)
	}
	var pillars []Pillar
	if err == nil {
		pillars, err = h.Plan.Pillars(r.Context(), p)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	type group struct {
		Pillar string
		Goal   string
		GoalID int64
		KPIs   []KPI
	}
	names := map[int64]string{}
	for _, pl := range pillars {
		names[pl.ID] = pl.Name
	}
	var groups []group
	for _, k := range kpis {
		var gid int64
		if k.GoalID != nil {
			gid = *k.GoalID
		}
		if len(groups) == 0 || groups[len(groups)-1].GoalID != gid {
			groups = append(groups, group{Pillar: names[k.PillarID], Goal: k.GoalTitle, GoalID: gid})
		}
		groups[len(groups)-1].KPIs = append(groups[len(groups)-1].KPIs, k)
	}
	popts := []web.Option{{Value: "", Label: h.t(r, "list.all")}}
	for _, pl := range pillars {
		popts = append(popts, web.Option{Value: strconv.FormatInt(pl.ID, 10), Label: pl.Name})
	}
	statuses := []web.Option{{Value: "", Label: h.t(r, "list.all")}}
	for _, st := range Statuses {
		statuses = append(statuses, web.Option{Value: string(st), Label: h.t(r, "plan.status."+string(st))})
	}
	h.Kit.Render(w, r, http.StatusOK, "plan/kpis", map[string]any{
		"Groups": groups, "Total": len(kpis), "Filter": f, "Pillars": popts, "Statuses": statuses,
		"Summary": summarize(kpis), "CanEdit": CanEdit(p), "Export": "/kpis/export.csv?" + r.URL.RawQuery,
		"ExportMeasurements": "/kpis/measurements.csv?" + r.URL.RawQuery,
	})
}

func (h *Web) exportKPIs(w http.ResponseWriter, r *http.Request) {
	kpis, err := h.Plan.KPIs(r.Context(), web.User(r), kpiFilterFrom(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	web.CSV(w, "kpis-"+time.Now().Format(Date)+".csv", KPIHeader, KPIRows(kpis))
}

// KPIHeader and KPIRows are the CSV form of a list of KPIs (also the open-data table).
var KPIHeader = []string{"id", "name", "pillar_id", "goal_id", "goal", "unit", "direction", "cadence", "baseline_value",
	"baseline_on", "final_target", "final_target_on", "latest_value", "latest_on", "expected", "status", "next_due"}

// KPIRows formats KPIs for KPIHeader.
func KPIRows(kpis []KPI) [][]string {
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	rows := make([][]string, len(kpis))
	for i, k := range kpis {
		goal := ""
		if k.GoalID != nil {
			goal = strconv.FormatInt(*k.GoalID, 10)
		}
		ft, fton, lv, lon, exp := "", "", "", "", ""
		if n := len(k.Targets); n > 0 {
			ft, fton = num(k.Targets[n-1].Value), k.Targets[n-1].On.Format(Date)
		}
		if k.Latest != nil {
			lv, lon = num(k.Latest.Value), k.Latest.On.Format(Date)
		}
		if k.Expected != nil {
			exp = strconv.FormatFloat(*k.Expected, 'f', 2, 64)
		}
		rows[i] = []string{strconv.FormatInt(k.ID, 10), k.Name, strconv.FormatInt(k.PillarID, 10), goal, k.GoalTitle, k.Unit,
			k.Direction, k.Cadence, num(k.BaselineValue), k.BaselineOn.Format(Date), ft, fton, lv, lon, exp, string(k.Status), dateStr(k.NextDue)}
	}
	return rows
}

func (h *Web) exportMeasurements(w http.ResponseWriter, r *http.Request) {
	rows, err := h.Plan.ExportMeasurements(r.Context(), web.User(r), kpiFilterFrom(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	web.CSV(w, "kpi-measurements-"+time.Now().Format(Date)+".csv", MeasurementHeader, rows)
}

func (h *Web) importForm(w http.ResponseWriter, r *http.Request) {
	h.Kit.RenderForm(w, r, "plan/import", map[string]any{"Header": strings.Join(MeasurementHeader, ",")}, nil, nil)
}

// MaxUpload bounds an uploaded CSV file.
const MaxUpload = 8 << 20

// importMeasurements runs a dry run ("preview") or the import ("apply") of an uploaded or
// pasted CSV; a refused import shows every bad row by line and writes nothing.
func (h *Web) importMeasurements(w http.ResponseWriter, r *http.Request) {
	up, err := web.ReadUpload(w, r, MaxUpload)
	if err != nil {
		h.Kit.RenderForm(w, r, "plan/import", map[string]any{"Header": strings.Join(MeasurementHeader, ",")}, url.Values{},
			kern.FieldError("file", "plan.import_unreadable"))
		return
	}
	rep, err := h.Plan.ImportMeasurements(r.Context(), web.User(r), strings.NewReader(up.CSV), up.DryRun)
	lang := web.Lang(r)
	for i := range rep.Errors {
		rep.Errors[i].Message = h.Kit.Catalog.T(lang, rep.Errors[i].Key)
	}
	values := url.Values{"csv": {up.CSV}}
	if err == nil && len(rep.Errors) > 0 {
		err = kern.Errorf(kern.Invalid, "plan.import_refused", len(rep.Errors))
	}
	if err == nil && rep.Applied {
		h.Kit.Flash(w, "plan.import_done")
		web.Redirect(w, r, "/kpis")
		return
	}
	h.Kit.RenderForm(w, r, "plan/import", map[string]any{"Header": strings.Join(MeasurementHeader, ","), "Report": rep,
		"CSV": up.CSV}, values, err)
}

func (h *Web) kpiFormData(r *http.Request, k KPI) map[string]any {
	p := web.User(r)
	goals, _ := h.Plan.Goals(r.Context(), p, GoalFilter{})
	gopts := []web.Option{{Value: "", Label: h.t(r, "plan.none")}}
	for _, g := range goals {
		gopts = append(gopts, web.Option{Value: strconv.FormatInt(g.ID, 10), Label: g.PillarName + " — " + g.Title})
	}
	owners, _ := h.Plan.OwnerOptions(r.Context(), p)
	oopts := []web.Option{{Value: "", Label: h.t(r, "plan.none")}}
	for _, o := range owners {
		oopts = append(oopts, web.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}
	var targets []string
	for _, t := range k.Targets {
		targets = append(targets, t.On.Format(Date)+" "+strconv.FormatFloat(t.Value, 'f', -1, 64))
	}
	baseline := ""
	if !k.BaselineOn.IsZero() {
		baseline = k.BaselineOn.Format(Date)
	}
	return map[string]any{"KPI": k, "Goals": gopts, "Owners": oopts, "Targets": strings.Join(targets, "\n"),
		"BaselineOn": baseline, "Directions": h.options(r, "plan.direction.", "", Directions),
		"Cadences": h.options(r, "plan.cadence.", "", Cadences)}
}

// parseTargets reads one target a line: a date and a value, separated by spaces, ";" or "=".
func parseTargets(v *kern.Validation, s string) []Target {
	var out []Target
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		fields := strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == '\t' || r == ';' || r == '=' })
		if len(fields) != 2 {
			v.Add("targets", "plan.targets_format")
			return nil
		}
		on, err := time.Parse(Date, fields[0])
		value, ok := ParseNumber(fields[1])
		if err != nil || !ok {
			v.Add("targets", "plan.targets_format")
			return nil
		}
		out = append(out, Target{On: on, Value: value})
	}
	return out
}

func (h *Web) parseKPIForm(r *http.Request) (KPIInput, url.Values, error) {
	if err := r.ParseForm(); err != nil {
		return KPIInput{}, nil, err
	}
	f := r.PostForm
	var v kern.Validation
	in := KPIInput{Name: f.Get("name"), Definition: f.Get("definition"), Unit: f.Get("unit"), Direction: f.Get("direction"),
		Cadence: f.Get("cadence"), Public: f.Get("public") != ""}
	in.GoalID = web.FormID(&v, f, "goal_id", "plan.goal_unknown")
	in.OwnerID = web.FormID(&v, f, "owner_id", "plan.owner_unknown")
	in.Tolerance = formNumber(&v, f, "tolerance")
	v.Check(strings.TrimSpace(f.Get("baseline_value")) != "", "baseline_value", "field.required")
	in.BaselineValue = formNumber(&v, f, "baseline_value")
	if d := web.FormDate(&v, f, "baseline_on"); d != nil {
		in.BaselineOn = *d
	}
	in.Targets = parseTargets(&v, f.Get("targets"))
	return in, f, web.MergeErrors(&v, in.Validate(h.Plan.today()))
}

func (h *Web) newKPI(w http.ResponseWriter, r *http.Request) {
	if !CanEdit(web.User(r)) {
		h.Kit.Error(w, r, kern.Errorf(kern.Forbidden, "error.forbidden"))
		return
	}
	k := KPI{Direction: "higher", Cadence: "yearly"}
	if g := web.QueryID(r, "goal"); g > 0 {
		k.GoalID = &g
	}
	h.Kit.RenderForm(w, r, "plan/kpi_form", h.kpiFormData(r, k), nil, nil)
}

func (h *Web) createKPI(w http.ResponseWriter, r *http.Request) {
	in, values, err := h.parseKPIForm(r)
	var k KPI
	if err == nil {
		k, err = h.Plan.CreateKPI(r.Context(), web.User(r), in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "plan/kpi_form", h.kpiFormData(r, KPI{}), values, err)
		return
	}
	h.Kit.Flash(w, "plan.saved")
	web.Redirect(w, r, "/kpis/"+strconv.FormatInt(k.ID, 10))
}

func (h *Web) kpiPage(w http.ResponseWriter, r *http.Request, id int64, values url.Values, formErr error) {
	p := web.User(r)
	k, err := h.Plan.KPI(r.Context(), p, id)
	var ms []Measurement
	if err == nil {
		ms, err = h.Plan.Measurements(r.Context(), p, id, true)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	// Newest first in the table; corrected values stay, marked.
	for i, j := 0, len(ms)-1; i < j; i, j = i+1, j-1 {
		ms[i], ms[j] = ms[j], ms[i]
	}
	h.Kit.RenderForm(w, r, "plan/kpi", map[string]any{"KPI": k, "Measurements": ms, "CanEdit": CanEdit(p),
		"CanMeasure": CanMeasure(p, k), "Today": h.Plan.today().Format(Date)}, values, formErr)
}

var amsterdam = func() *time.Location {
	l, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.UTC
	}
	return l
}()

func (h *Web) showKPI(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.kpiPage(w, r, id, nil, nil)
}

func (h *Web) recordMeasurement(w http.ResponseWriter, r *http.Request) {
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
	in := MeasurementInput{Source: f.Get("source"), Note: f.Get("note")}
	if d := web.FormDate(&v, f, "on"); d != nil {
		in.On = *d
	} else {
		v.Check(v.Has("on"), "on", "field.required")
	}
	v.Check(strings.TrimSpace(f.Get("value")) != "", "value", "field.required")
	in.Value = formNumber(&v, f, "value")
	err = v.Err()
	if err == nil {
		_, err = h.Plan.RecordMeasurement(r.Context(), web.User(r), id, in)
	}
	if err != nil {
		if kern.ErrorCode(err) == kern.Forbidden {
			h.Kit.Error(w, r, err)
			return
		}
		h.kpiPage(w, r, id, f, err)
		return
	}
	h.Kit.Flash(w, "plan.measurement_saved")
	web.Redirect(w, r, "/kpis/"+strconv.FormatInt(id, 10))
}

func (h *Web) editKPI(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var k KPI
	if err == nil {
		k, err = h.Plan.KPI(r.Context(), web.User(r), id)
	}
	if err == nil && !CanEdit(web.User(r)) {
		err = kern.Errorf(kern.Forbidden, "error.forbidden")
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "plan/kpi_form", h.kpiFormData(r, k), nil, nil)
}

func (h *Web) updateKPI(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in, values, err := h.parseKPIForm(r)
	if err == nil {
		_, err = h.Plan.UpdateKPI(r.Context(), web.User(r), id, in)
	}
	if err != nil {
		k, gerr := h.Plan.KPI(r.Context(), web.User(r), id)
		if gerr != nil {
			h.Kit.Error(w, r, gerr)
			return
		}
		h.Kit.RenderForm(w, r, "plan/kpi_form", h.kpiFormData(r, k), values, err)
		return
	}
	h.Kit.Flash(w, "plan.saved")
	web.Redirect(w, r, "/kpis/"+strconv.FormatInt(id, 10))
}

func (h *Web) deleteKPI(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err == nil {
		err = h.Plan.DeleteKPI(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "plan.kpi_deleted")
	web.Redirect(w, r, "/kpis")
}

// kpiChart feeds the KPI's chart: its measurements, the target trajectory, and the bands where
// it is at risk and off track. The page has the same figures in a table.
func (h *Web) kpiChart(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var k KPI
	var ms []Measurement
	if err == nil {
		k, err = h.Plan.KPI(r.Context(), web.User(r), id)
	}
	if err == nil {
		ms, err = h.Plan.Measurements(r.Context(), web.User(r), id, false)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, map[string]any{"option": ChartOption(k, ms, func(key string) string { return h.t(r, key) })})
}

// ChartOption is the ECharts option of a KPI's chart: measurements as a line, the trajectory as
// a dashed line through the baseline and the targets, and the tolerance bands below (or, when
// lower is better, above) it.
func ChartOption(k KPI, ms []Measurement, t func(string) string) map[string]any {
	pt := func(d time.Time, v float64) []any { return []any{d.Format(Date), round(v)} }
	var measured, trajectory, risk, off [][]any
	for _, m := range ms {
		measured = append(measured, pt(m.On, m.Value))
	}
	sign := -1.0
	if k.Direction == "lower" {
		sign = 1
	}
	points := append([]Target{{On: k.BaselineOn, Value: k.BaselineValue}}, k.Targets...)
	for _, x := range points {
		trajectory = append(trajectory, pt(x.On, x.Value))
		risk = append(risk, pt(x.On, x.Value+sign*k.Tolerance))
		off = append(off, pt(x.On, x.Value+sign*2*k.Tolerance))
	}
	line := func(name string, data [][]any, color string, dashed bool) map[string]any {
		style := map[string]any{"color": color, "width": 2}
		if dashed {
			style["type"] = "dashed"
		}
		return map[string]any{"type": "line", "name": name, "data": data, "showSymbol": !dashed, "lineStyle": style,
			"itemStyle": map[string]any{"color": color}}
	}
	return map[string]any{
		"tooltip": map[string]any{"trigger": "axis"},
		"legend":  map[string]any{"bottom": 0},
		"grid":    map[string]any{"left": 8, "right": 16, "top": 16, "bottom": 40, "containLabel": true},
		"xAxis":   map[string]any{"type": "time"},
		"yAxis":   map[string]any{"type": "value", "name": k.Unit, "scale": true},
		"series": []any{
			line(t("plan.chart.measured"), measured, "#0b5cad", false),
			line(t("plan.chart.trajectory"), trajectory, "#2e7d32", true),
			line(t("plan.chart.at_risk"), risk, "#c77700", true),
			line(t("plan.chart.off_track"), off, "#b3261e", true),
		},
	}
}

func round(v float64) float64 {
	s := strconv.FormatFloat(v, 'f', 4, 64)
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// summaryChart feeds the dashboard's bar chart of how many KPIs have each status; the page has
// the same counts in a table.
func (h *Web) summaryChart(w http.ResponseWriter, r *http.Request) {
	f := kpiFilterFrom(r)
	f.Status = ""
	kpis, err := h.Plan.KPIs(r.Context(), web.User(r), f)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	labels, values := []string{}, []int{}
	for _, c := range summarize(kpis) {
		labels = append(labels, h.t(r, "plan.status."+string(c.Status)))
		values = append(values, c.Count)
	}
	web.JSON(w, http.StatusOK, map[string]any{"name": h.t(r, "plan.kpis.summary"), "labels": labels, "values": values})
}
