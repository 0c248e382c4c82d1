package runs

import (
	"embed"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/web"
	"kern/internal/web/i18n"
)

//go:embed templates/*.html
var templates embed.FS

// Routes registers the pages.
func (h *Web) Routes(mux *http.ServeMux) error {
	if err := h.Kit.Parse("runs", templates, "templates"); err != nil {
		return err
	}
	in := h.Kit.LoggedIn
	mux.HandleFunc("GET /allocation", in(h.list))
	mux.HandleFunc("GET /allocation/export.csv", in(h.exportRuns))
	mux.HandleFunc("POST /allocation", in(h.start))
	mux.HandleFunc("GET /allocation/mine", in(h.mine))
	mux.HandleFunc("GET /allocation/producer", in(h.producerLatest))
	mux.HandleFunc("GET /allocation/{id}", in(h.show))
	mux.HandleFunc("GET /allocation/{id}/chart.json", in(h.chart))
	mux.HandleFunc("GET /allocation/{id}/fills.csv", in(h.exportFills))
	mux.HandleFunc("GET /allocation/{id}/input.json", in(h.input))
	mux.HandleFunc("POST /allocation/{id}/rerun", in(h.rerun))
	mux.HandleFunc("GET /allocation/{id}/hospitals/{org}", in(h.hospital))
	mux.HandleFunc("GET /allocation/{id}/producers/{org}", in(h.producer))
	mux.HandleFunc("GET /supply-status", h.status)
	mux.HandleFunc("GET /supply-status/chart.json", h.statusChart)
	return nil
}

func (h *Web) t(r *http.Request, key string, args ...any) string {
	return h.Kit.Catalog.T(web.Lang(r), key, args...)
}

// texts formats numbers, days and sentences in the request's language.
func (h *Web) texts(r *http.Request) Texts { return NewTexts(h.Kit.Catalog, web.Lang(r)) }

// NewTexts formats numbers, days and the runs' sentences (reasons, bottlenecks, names) in lang,
// for pages that show parts of runs, such as a scenario's comparison.
func NewTexts(cat *i18n.Catalog, lang i18n.Lang) Texts {
	return Texts{Fmt: fmtOf(lang), t: func(key string, args ...any) string { return cat.T(lang, key, args...) }}
}

// render renders a page with its texts ("X" in the data).
func (h *Web) render(w http.ResponseWriter, r *http.Request, name string, data map[string]any) {
	data["X"] = h.texts(r)
	h.Kit.Render(w, r, http.StatusOK, name, data)
}

// list is the coordination office's runs; a hospital's users go to their own allocation, a
// producer's to the demand for its products.
func (h *Web) list(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	if !p.IsCoordinator() {
		h.elsewhere(w, r, p)
		return
	}
	h.renderList(w, r, nil, nil)
}

func (h *Web) elsewhere(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if hs, _ := h.Runs.MyOrganisations(r.Context(), p, "hospital"); len(hs) > 0 {
		web.Redirect(w, r, "/allocation/mine")
		return
	}
	if ps, _ := h.Runs.MyOrganisations(r.Context(), p, "producer"); len(ps) > 0 {
		web.Redirect(w, r, "/allocation/producer")
		return
	}
	h.Kit.Error(w, r, kern.Errorf(kern.Forbidden, "error.forbidden"))
}

func runFilterFrom(r *http.Request) RunFilter {
	q := r.URL.Query()
	return RunFilter{Q: q.Get("q"), Kind: q.Get("kind"), Status: q.Get("status"), Page: web.QueryInt(r, "page", 1),
		PerPage: web.QueryInt(r, "per_page", 25)}
}

func (h *Web) renderList(w http.ResponseWriter, r *http.Request, values url.Values, formErr error) {
	p := web.User(r)
	f := runFilterFrom(r)
	list, total, err := h.Runs.List(r.Context(), p, f, false)
	if kern.ErrorCode(err) == kern.Invalid {
		f = RunFilter{Q: f.Q}
		list, total, err = h.Runs.List(r.Context(), p, f, false)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	f.Normalize()
	lang := web.Lang(r)
	all := h.t(r, "list.all")
	now := h.Runs.now().In(web.Amsterdam)
	if values == nil {
		values = url.Values{"starts_at": {now.Format("2006-01-02T15:04")}, "horizon_days": {strconv.Itoa(DefaultHorizonDays)},
			"policy": {PolicyStrict}, "floor_pct": {"30"}, "floor_weekly_gbq": {"2"}, "nuclides": {"Mo-99"},
			"threshold": {strconv.Itoa(DefaultThresholdPct)}}
	}
	h.Kit.RenderForm(w, r, "runs/list", map[string]any{
		"X": h.texts(r), "Items": list, "Total": total, "Filter": f,
		"Kinds":    web.Options(h.Kit.Catalog, lang, "runs.kind.", all, []string{KindBaseline, KindScenario}),
		"Policies": web.Options(h.Kit.Catalog, lang, "runs.policy.", "", []string{PolicyStrict, PolicyFloor}),
		"Export":   "/allocation/export.csv?" + r.URL.RawQuery,
	}, values, formErr)
}

func (h *Web) exportRuns(w http.ResponseWriter, r *http.Request) {
	list, _, err := h.Runs.List(r.Context(), web.User(r), runFilterFrom(r), true)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	tx := h.texts(r)
	rows := make([][]string, len(list))
	for i, x := range list {
		mf := ""
		if x.MinFillClass1 != nil {
			mf = strconv.FormatFloat(*x.MinFillClass1, 'f', 4, 64)
		}
		rows[i] = []string{strconv.FormatInt(x.ID, 10), x.Kind, tx.RunName(x), x.StartsAt.Format(time.RFC3339), strconv.Itoa(x.HorizonDays),
			x.Policy.Text(), x.Status, mf, strconv.Itoa(x.DeferredDoses), tx.StartedBy(x), x.CreatedAt.Format(time.RFC3339)}
	}
	web.CSV(w, "allocation-runs-"+time.Now().Format(time.DateOnly)+".csv", []string{"id", "kind", "name", "starts_at",
		"horizon_days", "policy", "status", "min_fill_class1", "deferred_doses", "started_by", "created_at"}, rows)
}

// parseStart reads the form that starts a run.
func parseStart(r *http.Request) (time.Time, int, RunInput, error) {
	if err := r.ParseForm(); err != nil {
		return time.Time{}, 0, RunInput{}, err
	}
	f := r.PostForm
	var v kern.Validation
	var start time.Time
	if s := strings.TrimSpace(f.Get("starts_at")); s == "" {
		v.Add("starts_at", "field.required")
	} else if t, err := time.ParseInLocation("2006-01-02T15:04", s, web.Amsterdam); err != nil {
		v.Add("starts_at", "runs.instant_invalid")
	} else {
		start = t.UTC()
	}
	days, err := strconv.Atoi(strings.TrimSpace(f.Get("horizon_days")))
	v.Check(err == nil && days >= 1 && days <= MaxHorizonDays, "horizon_days", "runs.horizon_range")
	number := func(name, key string) float64 {
		s := strings.ReplaceAll(strings.TrimSpace(f.Get(name)), ",", ".")
		if s == "" {
			return 0
		}
		x, err := strconv.ParseFloat(s, 64)
		v.Check(err == nil, name, key)
		return x
	}
	in := RunInput{Kind: KindBaseline, Name: f.Get("name"), Policy: Policy{Kind: f.Get("policy")}}
	in.Threshold = number("threshold", "runs.threshold_range")
	if strings.TrimSpace(f.Get("threshold")) == "" {
		v.Add("threshold", "runs.threshold_range")
	}
	if in.Policy.Kind == PolicyFloor {
		in.Policy.FloorPct = number("floor_pct", "runs.floor_pct_range")
		in.Policy.FloorWeeklyBq = number("floor_weekly_gbq", "runs.floor_weekly_range") * 1e9
		for _, n := range strings.FieldsFunc(f.Get("nuclides"), func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			in.Policy.Nuclides = append(in.Policy.Nuclides, n)
		}
	}
	if in.Threshold == 0 && !v.Has("threshold") {
		in.Threshold = 1e-9 // an explicit 0 %: alert on class 1 only
	}
	if err := in.Validate(); err != nil {
		for f, k := range kern.AsError(err).Fields {
			if f == "floor_weekly_bq" {
				f = "floor_weekly_gbq" // the form asks in GBq
			}
			v.Add(f, k)
		}
	}
	return start, days, in, v.Err()
}

func (h *Web) start(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	if !p.IsCoordinator() {
		h.Kit.Error(w, r, kern.Errorf(kern.Forbidden, "error.forbidden"))
		return
	}
	start, days, in, err := parseStart(r)
	var run AllocRun
	if err == nil {
		run, err = h.Runs.StartBaseline(r.Context(), p, start, days, in)
	}
	if err != nil && run.ID != 0 {
		// The engine refused the input: the failed run is stored; show it.
		web.Redirect(w, r, "/allocation/"+strconv.FormatInt(run.ID, 10))
		return
	}
	if err != nil {
		h.renderList(w, r, r.PostForm, err)
		return
	}
	h.Kit.Flash(w, "runs.started")
	web.Redirect(w, r, "/allocation/"+strconv.FormatInt(run.ID, 10))
}

// maxBottlenecks is how many bottlenecks the result page explains.
const maxBottlenecks = 12

// fillsPerPage is how many rows of the fill table the result page shows at a time.
const fillsPerPage = 100

// maxDeferred is how many deferred doses the result page lists (the earliest first).
const maxDeferred = 100

// fillFilter selects rows of the fill table.
type fillFilter struct {
	Q        string
	Priority int
	Nuclide  string
	Short    bool
}

func fillFilterFrom(r *http.Request) fillFilter {
	q := r.URL.Query()
	pr, _ := strconv.Atoi(q.Get("class"))
	return fillFilter{Q: strings.TrimSpace(q.Get("q")), Priority: pr, Nuclide: q.Get("nuclide"), Short: q.Get("short") == "1"}
}

func (f fillFilter) apply(list []Fill) []Fill {
	out := []Fill{}
	q := strings.ToLower(f.Q)
	for _, x := range list {
		if q != "" && !strings.Contains(strings.ToLower(x.Hospital+" "+x.Product), q) {
			continue
		}
		if f.Priority != 0 && x.Priority != f.Priority {
			continue
		}
		if f.Nuclide != "" && x.Nuclide != f.Nuclide {
			continue
		}
		if f.Short && !x.Short() {
			continue
		}
		out = append(out, x)
	}
	return out
}

func nuclidesOf(res *Result) []string {
	var out []string
	for _, d := range res.Days {
		if !slices.Contains(out, d.Nuclide) {
			out = append(out, d.Nuclide)
		}
	}
	return out
}

func (h *Web) runOf(w http.ResponseWriter, r *http.Request) (AllocRun, bool) {
	id, err := web.ID(r, "id")
	var run AllocRun
	if err == nil {
		run, err = h.Runs.Summary(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return AllocRun{}, false
	}
	return run, true
}

func (h *Web) show(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	if !p.IsCoordinator() {
		h.Kit.Error(w, r, kern.Errorf(kern.NotFound, "error.not_found"))
		return
	}
	run, ok := h.runOf(w, r)
	if !ok {
		return
	}
	res := run.Result
	f := fillFilterFrom(r)
	nuclides := nuclidesOf(res)
	chartNuclide := r.URL.Query().Get("chart")
	if !slices.Contains(nuclides, chartNuclide) && len(nuclides) > 0 {
		chartNuclide = nuclides[0]
	}
	var days []NuclideDay
	for _, d := range res.Days {
		if d.Nuclide == chartNuclide {
			days = append(days, d)
		}
	}
	nucOptions := []web.Option{{Value: "", Label: h.t(r, "list.all")}}
	for _, n := range nuclides {
		nucOptions = append(nucOptions, web.Option{Value: n, Label: n})
	}
	classOptions := []web.Option{{Value: "", Label: h.t(r, "list.all")}}
	for _, c := range res.Classes {
		classOptions = append(classOptions, web.Option{Value: strconv.Itoa(c.Priority), Label: h.t(r, "runs.class", c.Priority)})
	}
	// The fill table is paged: a national run has hundreds of rows, and rendering them all is most
	// of the page's time.
	fills := f.apply(res.Fills)
	fillsTotal, fillsPage := len(fills), max(web.QueryInt(r, "page", 1), 1)
	if lo := (fillsPage - 1) * fillsPerPage; lo >= len(fills) {
		fillsPage, fills = 1, fills[:min(fillsPerPage, len(fills))]
	} else {
		fills = fills[lo:min(lo+fillsPerPage, len(fills))]
	}
	deferred, moreDeferred := res.Deferred, 0
	if len(deferred) > maxDeferred {
		deferred, moreDeferred = deferred[:maxDeferred], len(deferred)-maxDeferred
	}
	// The tightest bottlenecks first; a long run repeats the same one day after day.
	bottlenecks, more := res.Bottlenecks, 0
	if len(bottlenecks) > maxBottlenecks {
		bottlenecks, more = bottlenecks[:maxBottlenecks], len(bottlenecks)-maxBottlenecks
	}
	h.render(w, r, "runs/show", map[string]any{
		"Run": run, "Result": res, "Fills": fills, "FillsTotal": fillsTotal, "FillsPage": fillsPage, "FillsPerPage": fillsPerPage, "Bottlenecks": bottlenecks, "MoreBottlenecks": more,
		"Deferred": deferred, "MoreDeferred": moreDeferred, "Filter": f, "Class": strconv.Itoa(f.Priority),
		"Nuclides": nuclides, "ChartNuclide": chartNuclide, "Days": days,
		"NuclideOptions": nucOptions, "ClassOptions": classOptions,
		"FillsCSV": "/allocation/" + strconv.FormatInt(run.ID, 10) + "/fills.csv?" + r.URL.RawQuery,
	})
}

// chart feeds the supply against demand chart of one nuclide: supply after outages, demand and
// filled activity per day.
func (h *Web) chart(w http.ResponseWriter, r *http.Request) {
	run, ok := h.runOf(w, r)
	if !ok {
		return
	}
	nuc := r.URL.Query().Get("nuclide")
	var labels []string
	var supply, req, fill, nominal []float64
	for _, d := range run.Result.Days {
		if d.Nuclide != nuc {
			continue
		}
		labels = append(labels, d.Date[5:])
		supply = append(supply, gbq(d.SupplyBq))
		nominal = append(nominal, gbq(d.NominalBq))
		req = append(req, gbq(d.RequestedBq))
		fill = append(fill, gbq(d.FilledBq))
	}
	web.JSON(w, http.StatusOK, map[string]any{"option": supplyDemandOption(h.t(r, "runs.chart.supply"), h.t(r, "runs.chart.nominal"),
		h.t(r, "runs.chart.requested"), h.t(r, "runs.chart.filled"), labels, supply, nominal, req, fill)})
}

func gbq(x float64) float64 { return float64(int64(x/1e7+0.5)) / 100 }

func supplyDemandOption(sName, nName, rName, fName string, labels []string, supply, nominal, req, fill []float64) map[string]any {
	if labels == nil {
		labels = []string{}
	}
	return map[string]any{
		"tooltip": map[string]any{"trigger": "axis"},
		"legend":  map[string]any{"bottom": 0},
		"grid":    map[string]any{"left": 8, "right": 16, "top": 24, "bottom": 40, "containLabel": true},
		"xAxis":   map[string]any{"type": "category", "data": labels},
		"yAxis":   map[string]any{"type": "value", "name": "GBq"},
		"series": []any{
			map[string]any{"name": nName, "type": "line", "data": nominal, "lineStyle": map[string]any{"type": "dashed"}, "itemStyle": map[string]any{"color": "#8a94a6"}},
			map[string]any{"name": sName, "type": "line", "data": supply, "itemStyle": map[string]any{"color": "#0b5cad"}},
			map[string]any{"name": rName, "type": "bar", "data": req, "itemStyle": map[string]any{"color": "#f4a582"}},
			map[string]any{"name": fName, "type": "bar", "data": fill, "itemStyle": map[string]any{"color": "#2166ac"}},
		},
	}
}

func (h *Web) exportFills(w http.ResponseWriter, r *http.Request) {
	run, ok := h.runOf(w, r)
	if !ok {
		return
	}
	fills := fillFilterFrom(r).apply(run.Result.Fills)
	rows := make([][]string, len(fills))
	for i, f := range fills {
		rows[i] = []string{strconv.FormatInt(f.OrgID, 10), f.Hospital, strconv.FormatInt(f.ProductID, 10), f.Product, f.Facility, f.Nuclide,
			strconv.Itoa(f.Priority), strconv.Itoa(f.Demands), strconv.FormatFloat(f.RequestedBq, 'g', -1, 64),
			strconv.FormatFloat(f.FilledBq, 'g', -1, 64), strconv.FormatFloat(f.MinFillRatio, 'f', 4, 64), strconv.Itoa(f.DeferredDoses)}
	}
	web.CSV(w, "allocation-"+strconv.FormatInt(run.ID, 10)+"-fills.csv", []string{"org_id", "hospital", "product_id", "product",
		"facility", "nuclide", "priority", "demands", "requested_bq", "filled_bq", "min_fill_ratio", "deferred_doses"}, rows)
}

func (h *Web) input(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var doc RunInputDoc
	if err == nil {
		doc, err = h.Runs.Input(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="allocation-`+strconv.FormatInt(id, 10)+`-input.json"`)
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	enc.Encode(doc)
}

func (h *Web) rerun(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var run AllocRun
	if err == nil {
		run, err = h.Runs.Rerun(r.Context(), web.User(r), id)
	}
	if err != nil && run.ID == 0 {
		h.Kit.Error(w, r, err)
		return
	}
	if err == nil {
		h.Kit.Flash(w, "runs.rerun_done")
	}
	web.Redirect(w, r, "/allocation/"+strconv.FormatInt(run.ID, 10))
}

// mine is a hospital user's own allocation in the latest baseline run.
func (h *Web) mine(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	hospitals, err := h.Runs.MyOrganisations(r.Context(), p, "hospital")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	if len(hospitals) == 0 {
		if p.IsCoordinator() {
			web.Redirect(w, r, "/allocation")
			return
		}
		h.Kit.Error(w, r, kern.Errorf(kern.NotFound, "error.not_found"))
		return
	}
	orgID := web.QueryID(r, "org")
	if !slices.ContainsFunc(hospitals, func(c db.Choice) bool { return c.ID == orgID }) {
		orgID = hospitals[0].ID
	}
	latest, ok, err := h.Runs.latest(r.Context(), KindBaseline, false)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	data := map[string]any{"Hospitals": hospitals, "OrgID": orgID, "HasRun": ok}
	if ok {
		v, err := h.Runs.HospitalAllocation(r.Context(), p, latest.ID, orgID)
		if err != nil {
			h.Kit.Error(w, r, err)
			return
		}
		nuc := r.URL.Query().Get("nuclide")
		data["NuclideList"], data["Nuclide"], data["CSV"] = listNuclides(v.Fills), nuc, csvLink(r)
		filterHospital(&v, nuc)
		if h.partCSV(w, r, "allocation-mine-"+strconv.FormatInt(orgID, 10)+".csv", v.Fills) {
			return
		}
		data["View"] = v
		data["Days"] = hospitalDays(v)
	}
	h.render(w, r, "runs/mine", data)
}

// HospitalDay is a hospital's demand of one product on one day.
type HospitalDay struct {
	Date        time.Time
	Product     string
	Demands     int
	RequestedBq float64
	FilledBq    float64
	Deferred    int
}

// RatioPct is the day's fill.
func (d HospitalDay) RatioPct() string { return pctText(min(ratio(d.FilledBq, d.RequestedBq), 1)) }

// RequestedText is the day's demand.
func (d HospitalDay) RequestedText() string { return bqText(d.RequestedBq) }

// FilledText is the day's fill.
func (d HospitalDay) FilledText() string { return bqText(d.FilledBq) }

// Short reports whether the day is not filled whole.
func (d HospitalDay) Short() bool { return d.FilledBq < d.RequestedBq*(1-1e-6) }

func hospitalDays(v HospitalView) []HospitalDay {
	var out []HospitalDay
	idx := map[string]int{}
	for _, o := range v.Outcomes {
		at := o.At.In(web.Amsterdam)
		day := time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, web.Amsterdam)
		k := day.Format("2006-01-02") + "|" + strconv.FormatInt(o.ProductID, 10)
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, HospitalDay{Date: day, Product: v.Products[o.ProductID]})
		}
		out[i].Demands++
		out[i].RequestedBq += o.RequestedBq
		out[i].FilledBq += o.FilledBq
		if o.Deferred {
			out[i].Deferred++
		}
	}
	slices.SortStableFunc(out, func(a, b HospitalDay) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return strings.Compare(a.Product, b.Product)
	})
	return out
}

// hospital is one hospital's part of a run: the coordination office or that hospital.
func (h *Web) hospital(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var org int64
	if err == nil {
		org, err = web.ID(r, "org")
	}
	var v HospitalView
	if err == nil {
		v, err = h.Runs.HospitalAllocation(r.Context(), web.User(r), id, org)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	nuc := r.URL.Query().Get("nuclide")
	nucs := listNuclides(v.Fills)
	filterHospital(&v, nuc)
	if h.partCSV(w, r, "allocation-"+strconv.FormatInt(id, 10)+"-hospital-"+strconv.FormatInt(org, 10)+".csv", v.Fills) {
		return
	}
	h.render(w, r, "runs/hospital", map[string]any{"View": v, "Days": hospitalDays(v), "NuclideList": nucs, "Nuclide": nuc, "CSV": csvLink(r)})
}

// producerLatest is a producer's view of the latest baseline run.
func (h *Web) producerLatest(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	producers, err := h.Runs.MyOrganisations(r.Context(), p, "producer")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	if len(producers) == 0 {
		h.Kit.Error(w, r, kern.Errorf(kern.NotFound, "error.not_found"))
		return
	}
	orgID := web.QueryID(r, "org")
	if !slices.ContainsFunc(producers, func(c db.Choice) bool { return c.ID == orgID }) {
		orgID = producers[0].ID
	}
	latest, ok, err := h.Runs.latest(r.Context(), KindBaseline, false)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	data := map[string]any{"Producers": producers, "OrgID": orgID, "HasRun": ok}
	if ok {
		v, err := h.Runs.ProducerAllocation(r.Context(), p, latest.ID, orgID)
		if err != nil {
			h.Kit.Error(w, r, err)
			return
		}
		nuc := r.URL.Query().Get("nuclide")
		data["NuclideList"], data["Nuclide"], data["CSV"] = listNuclides(v.Fills), nuc, csvLink(r)
		if nuc != "" {
			v.Fills = slices.DeleteFunc(v.Fills, func(f Fill) bool { return f.Nuclide != nuc })
		}
		if h.partCSV(w, r, "allocation-producer-"+strconv.FormatInt(orgID, 10)+".csv", v.Fills) {
			return
		}
		data["View"] = v
	}
	h.render(w, r, "runs/producer", data)
}

func (h *Web) producer(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var org int64
	if err == nil {
		org, err = web.ID(r, "org")
	}
	var v ProducerView
	if err == nil {
		v, err = h.Runs.ProducerAllocation(r.Context(), web.User(r), id, org)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	nuc := r.URL.Query().Get("nuclide")
	nucs := listNuclides(v.Fills)
	if nuc != "" {
		v.Fills = slices.DeleteFunc(v.Fills, func(f Fill) bool { return f.Nuclide != nuc })
	}
	if h.partCSV(w, r, "allocation-"+strconv.FormatInt(id, 10)+"-producer-"+strconv.FormatInt(org, 10)+".csv", v.Fills) {
		return
	}
	h.render(w, r, "runs/producer", map[string]any{"View": v, "HasRun": true, "OrgID": org, "NuclideList": nucs, "Nuclide": nuc, "CSV": csvLink(r)})
}

// status is the public supply status: no login, no hospital.
func (h *Web) status(w http.ResponseWriter, r *http.Request) {
	st, ok, err := h.Runs.Status(r.Context())
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.render(w, r, "runs/status", map[string]any{"Status": st, "HasRun": ok,
		"TightPct": int(TightMargin * 100), "ShortPct": int(ShortUnmet * 100)})
}

func (h *Web) statusChart(w http.ResponseWriter, r *http.Request) {
	st, _, err := h.Runs.Status(r.Context())
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	labels := []string{}
	for _, wk := range st.Weeks {
		labels = append(labels, h.t(r, "runs.status.week", wk.Week+1))
	}
	series := []any{}
	for _, n := range st.Nuclides {
		data := make([]any, len(st.Weeks))
		for i := range st.Weeks {
			if c := st.Cell(n, i); c != nil {
				data[i] = float64(int(c.FillPct*10+0.5)) / 10
			}
		}
		series = append(series, map[string]any{"name": n, "type": "bar", "data": data})
	}
	web.JSON(w, http.StatusOK, map[string]any{"option": map[string]any{
		"tooltip": map[string]any{"trigger": "axis"},
		"legend":  map[string]any{"bottom": 0},
		"grid":    map[string]any{"left": 8, "right": 16, "top": 24, "bottom": 40, "containLabel": true},
		"xAxis":   map[string]any{"type": "category", "data": labels},
		"yAxis":   map[string]any{"type": "value", "name": "%", "max": 100},
		"series":  series,
	}})
}

// listNuclides are the nuclides of a part's fills, for its filter.
func listNuclides(fills []Fill) []string {
	var out []string
	for _, f := range fills {
		if !slices.Contains(out, f.Nuclide) {
			out = append(out, f.Nuclide)
		}
	}
	slices.Sort(out)
	return out
}

// filterHospital keeps a hospital part's rows of one nuclide ("" keeps all).
func filterHospital(v *HospitalView, nuc string) {
	if nuc == "" {
		return
	}
	of := map[int64]string{}
	for _, f := range v.Fills {
		of[f.ProductID] = f.Nuclide
	}
	v.Fills = slices.DeleteFunc(v.Fills, func(f Fill) bool { return f.Nuclide != nuc })
	v.Outcomes = slices.DeleteFunc(v.Outcomes, func(o DemandOutcome) bool { return of[o.ProductID] != nuc })
	v.Deferred = slices.DeleteFunc(v.Deferred, func(d DeferredDose) bool { return of[d.ProductID] != nuc })
}

// partData adds a part's nuclide filter and CSV link to a page's data; it reports whether the
// request asks for the CSV, which it then writes: the rows of the table per product and class.
func (h *Web) partCSV(w http.ResponseWriter, r *http.Request, name string, fills []Fill) bool {
	if r.URL.Query().Get("format") != "csv" {
		return false
	}
	rows := make([][]string, len(fills))
	for i, f := range fills {
		rows[i] = []string{strconv.FormatInt(f.OrgID, 10), f.Hospital, strconv.FormatInt(f.ProductID, 10), f.Product, f.Facility, f.Nuclide,
			strconv.Itoa(f.Priority), strconv.Itoa(f.Demands), strconv.FormatFloat(f.RequestedBq, 'g', -1, 64),
			strconv.FormatFloat(f.FilledBq, 'g', -1, 64), strconv.FormatFloat(min(f.Ratio(), 1), 'f', 4, 64),
			strconv.FormatFloat(f.MinFillRatio, 'f', 4, 64), strconv.Itoa(f.DeferredDoses)}
	}
	web.CSV(w, name, []string{"org_id", "hospital", "product_id", "product", "facility", "nuclide", "priority", "demands",
		"requested_bq", "filled_bq", "fill_ratio", "min_fill_ratio", "deferred_doses"}, rows)
	return true
}

func csvLink(r *http.Request) string {
	q := r.URL.Query()
	q.Set("format", "csv")
	return r.URL.Path + "?" + q.Encode()
}
