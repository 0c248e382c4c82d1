package outlook

import (
	"embed"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/forecast"
	"kern/internal/web"
	"kern/internal/web/i18n"
)

//go:embed templates/*.html
var templates embed.FS

// Web serves the outlook's pages.
type Web struct {
	Outlook *Service
	Kit     *web.Kit
}

// Routes registers the pages on mux.
func (h *Web) Routes(mux *http.ServeMux) error {
	if err := h.Kit.Parse("outlook", templates, "templates"); err != nil {
		return err
	}
	mux.HandleFunc("GET /outlook", h.Kit.LoggedIn(h.list))
	mux.HandleFunc("GET /outlook/export.csv", h.Kit.LoggedIn(h.export))
	mux.HandleFunc("POST /outlook", h.Kit.LoggedIn(h.create))
	mux.HandleFunc("GET /outlook/{id}", h.Kit.LoggedIn(h.show))
	mux.HandleFunc("GET /outlook/{id}/chart.json", h.Kit.LoggedIn(h.chart))
	mux.HandleFunc("GET /outlook/{id}/scenario.json", h.Kit.LoggedIn(h.download))
	mux.HandleFunc("GET /outlook/{id}/edit", h.Kit.LoggedIn(h.edit))
	mux.HandleFunc("POST /outlook/{id}", h.Kit.LoggedIn(h.updateParams))
	mux.HandleFunc("POST /outlook/{id}/scenario", h.Kit.LoggedIn(h.updateJSON))
	mux.HandleFunc("GET /outlook/{id}/delete", h.Kit.LoggedIn(h.confirmDelete))
	mux.HandleFunc("POST /outlook/{id}/delete", h.Kit.LoggedIn(h.delete))
	return nil
}

func (h *Web) t(r *http.Request, key string, args ...any) string {
	return h.Kit.Catalog.T(web.Lang(r), key, args...)
}

func filterFrom(r *http.Request) Filter {
	q := r.URL.Query()
	return Filter{Q: q.Get("q"), Sort: q.Get("sort"), Page: web.QueryInt(r, "page", 1), PerPage: web.QueryInt(r, "per_page", 25)}
}

func (h *Web) listData(r *http.Request) (map[string]any, error) {
	f := filterFrom(r)
	list, total, err := h.Outlook.Scenarios(r.Context(), web.User(r), f)
	if kern.ErrorCode(err) == kern.Invalid {
		f = Filter{Q: f.Q}
		list, total, err = h.Outlook.Scenarios(r.Context(), web.User(r), f)
	}
	if err != nil {
		return nil, err
	}
	f.Normalize()
	all, _ := h.Outlook.ExportScenarios(r.Context(), web.User(r), Filter{})
	from := []web.Option{{Value: "", Label: h.t(r, "outlook.from_defaults")}}
	for _, s := range all {
		from = append(from, web.Option{Value: strconv.FormatInt(s.ID, 10), Label: h.t(r, "outlook.from_copy", s.Name)})
	}
	return map[string]any{"Items": list, "Total": total, "Filter": f, "CanEdit": CanEdit(web.User(r)), "From": from,
		"Export": "/outlook/export.csv?" + r.URL.RawQuery}, nil
}

func (h *Web) list(w http.ResponseWriter, r *http.Request) {
	data, err := h.listData(r)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "outlook/list", data, nil, nil)
}

func (h *Web) export(w http.ResponseWriter, r *http.Request) {
	list, err := h.Outlook.ExportScenarios(r.Context(), web.User(r), filterFrom(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	rows := make([][]string, len(list))
	for i, s := range list {
		rows[i] = []string{strconv.FormatInt(s.ID, 10), s.Name, s.Description, strconv.Itoa(s.Scenario.BaselineYear),
			strconv.Itoa(s.Scenario.EndYear), strconv.Itoa(s.Runs), strconv.FormatUint(s.Seed, 10), s.CreatedBy, s.UpdatedBy,
			s.UpdatedAt.Format(time.RFC3339)}
	}
	web.CSV(w, "forecast-scenarios-"+time.Now().Format("2006-01-02")+".csv", []string{"id", "name", "description",
		"baseline_year", "end_year", "runs", "seed", "created_by", "updated_by", "updated_at"}, rows)
}

// create saves a new scenario from the defaults or as a copy of another, then opens its editor.
func (h *Web) create(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in := Input{Name: r.PostForm.Get("name"), Scenario: forecast.DefaultScenario(), Runs: forecast.DefaultRuns, Seed: 1}
	var err error
	if from := r.PostForm.Get("from"); from != "" {
		id, perr := strconv.ParseInt(from, 10, 64)
		var src Saved
		if perr == nil {
			src, err = h.Outlook.Scenario(r.Context(), web.User(r), id)
		} else {
			err = kern.FieldError("from", "field.unknown_choice")
		}
		if kern.ErrorCode(err) == kern.NotFound {
			err = kern.FieldError("from", "field.unknown_choice")
		}
		in.Scenario, in.Runs, in.Seed, in.Description = src.Scenario, src.Runs, src.Seed, src.Description
	}
	if err == nil {
		in.Scenario.Name = strings.TrimSpace(in.Name)
	}
	var s Saved
	if err == nil {
		s, err = h.Outlook.Create(r.Context(), web.User(r), in)
	}
	if err != nil {
		data, lerr := h.listData(r)
		if lerr != nil {
			h.Kit.Error(w, r, lerr)
			return
		}
		h.Kit.RenderForm(w, r, "outlook/list", data, r.PostForm, err)
		return
	}
	h.Kit.Flash(w, "outlook.created")
	web.Redirect(w, r, fmt.Sprintf("/outlook/%d/edit", s.ID))
}

func (h *Web) saved(w http.ResponseWriter, r *http.Request) (Saved, bool) {
	id, err := web.ID(r, "id")
	var s Saved
	if err == nil {
		s, err = h.Outlook.Scenario(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return s, false
	}
	return s, true
}

// ShowData is what the result page needs; the benchmark renders it too.
func (h *Web) show(w http.ResponseWriter, r *http.Request) {
	s, ok := h.saved(w, r)
	if !ok {
		return
	}
	res, err := h.Outlook.Run(r.Context(), web.User(r), s.Scenario, s.Runs, s.Seed)
	var runErr string
	if err != nil {
		if kern.ErrorCode(err) != kern.Invalid {
			h.Kit.Error(w, r, err)
			return
		}
		e := kern.AsError(err)
		runErr = h.t(r, e.Key, e.Args...)
	}
	h.Kit.Render(w, r, http.StatusOK, "outlook/show", map[string]any{
		"S": s, "Result": res, "RunError": runErr, "Products": ProductTables(res), "Resources": ResourceTable(res),
		"Params": Params(s.Scenario, func(k string, a ...any) string { return h.t(r, k, a...) }, func(f float64) string { return NumIn(web.Lang(r), f) }), "CanEdit": CanEdit(web.User(r)),
	})
}

// chart feeds a product's fan chart; the page has the same figures in the table beside it.
func (h *Web) chart(w http.ResponseWriter, r *http.Request) {
	s, ok := h.saved(w, r)
	if !ok {
		return
	}
	res, err := h.Outlook.Run(r.Context(), web.User(r), s.Scenario, s.Runs, s.Seed)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	want := r.URL.Query().Get("product")
	for _, t := range ProductTables(res) {
		if t.Product == want {
			web.JSON(w, http.StatusOK, map[string]any{"option": FanOption(t, func(k string) string { return h.t(r, k) })})
			return
		}
	}
	h.Kit.NotFound(w, r)
}

func (h *Web) download(w http.ResponseWriter, r *http.Request) {
	s, ok := h.saved(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="forecast-scenario-%d.json"`, s.ID))
	w.Write([]byte(ScenarioJSON(s.Scenario) + "\n"))
}

// The parameter form: the growth rates (in % a year) of the constant-growth applications with
// their bands, the facilities' start and end years, and the Monte Carlo settings.

func pct(lang i18n.Lang, f float64) string {
	s := strconv.FormatFloat(f*100, 'g', 10, 64)
	if lang == i18n.NL {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func rateFields(i int) (rate, low, mode, high string) {
	p := fmt.Sprintf("app%d_", i)
	return p + "rate", p + "low", p + "mode", p + "high"
}

func facFields(j int) (start, end string) {
	p := fmt.Sprintf("fac%d_", j)
	return p + "start", p + "end"
}

// formValues are a saved scenario's values in the edit page's fields.
func formValues(lang i18n.Lang, s Saved) url.Values {
	v := url.Values{}
	v.Set("name", s.Name)
	v.Set("description", s.Description)
	v.Set("runs", strconv.Itoa(s.Runs))
	v.Set("seed", strconv.FormatUint(s.Seed, 10))
	for i, a := range s.Scenario.Applications {
		if g := a.Growth; g.Model == "constant" && g.Rate != nil {
			rate, low, mode, high := rateFields(i)
			v.Set(rate, pct(lang, g.Rate.Value))
			if b := g.Rate.Band; b != nil {
				v.Set(low, pct(lang, b.Low))
				v.Set(high, pct(lang, b.High))
				if b.Mode != nil {
					v.Set(mode, pct(lang, *b.Mode))
				}
			}
		}
	}
	for j, f := range s.Scenario.Facilities {
		start, end := facFields(j)
		if f.StartYear != nil {
			v.Set(start, num(f.StartYear.Value))
		}
		if f.EndYear != nil {
			v.Set(end, num(f.EndYear.Value))
		}
	}
	v.Set("scenario", ScenarioJSON(s.Scenario))
	return v
}

// RateField is a constant-growth application in the parameter form.
type RateField struct {
	Index                 int
	App                   string
	Rate, Low, Mode, High string // field names
	Band, Triangular      bool
}

// YearField is a facility in the parameter form.
type YearField struct {
	Facility   string
	Start, End string // field names
}

func (h *Web) editData(s Saved) map[string]any {
	var rates []RateField
	for i, a := range s.Scenario.Applications {
		if g := a.Growth; g.Model == "constant" && g.Rate != nil {
			rate, low, mode, high := rateFields(i)
			rf := RateField{Index: i, App: a.Name, Rate: rate, Low: low, Mode: mode, High: high, Band: g.Rate.Band != nil}
			rf.Triangular = rf.Band && g.Rate.Band.Mode != nil
			rates = append(rates, rf)
		}
	}
	var years []YearField
	for j, f := range s.Scenario.Facilities {
		start, end := facFields(j)
		years = append(years, YearField{Facility: f.Name, Start: start, End: end})
	}
	return map[string]any{"S": s, "Rates": rates, "Years": years}
}

func (h *Web) edit(w http.ResponseWriter, r *http.Request) {
	s, ok := h.saved(w, r)
	if !ok {
		return
	}
	if !CanEdit(web.User(r)) {
		h.Kit.Error(w, r, kern.Errorf(kern.Forbidden, "error.forbidden"))
		return
	}
	h.Kit.RenderForm(w, r, "outlook/edit", h.editData(s), formValues(web.Lang(r), s), nil)
}

// edited is the source of a value changed in the parameter form.
const edited = EditedSource

var decimalComma = strings.NewReplacer(",", ".", " ", "", "%", "")

func parseNum(v *kern.Validation, f url.Values, name string) (float64, bool) {
	s := decimalComma.Replace(strings.TrimSpace(f.Get(name)))
	x, err := strconv.ParseFloat(s, 64)
	if !v.Check(err == nil && s != "", name, "outlook.error.number") {
		return 0, false
	}
	return x, true
}

// applyParams reads the parameter form onto the saved scenario. A value that changes takes the
// source "assumption (changed in the platform)".
func applyParams(s Saved, f url.Values) (Input, error) {
	var v kern.Validation
	in := Input{Name: f.Get("name"), Description: f.Get("description"), Scenario: s.Scenario}
	runs, err := strconv.Atoi(strings.TrimSpace(f.Get("runs")))
	v.Check(err == nil, "runs", "outlook.error.runs")
	in.Runs = runs
	seed, err := strconv.ParseUint(strings.TrimSpace(f.Get("seed")), 10, 64)
	v.Check(err == nil, "seed", "outlook.error.seed")
	in.Seed = seed
	sc := &in.Scenario
	for i := range sc.Applications {
		g := &sc.Applications[i].Growth
		if g.Model != "constant" || g.Rate == nil {
			continue
		}
		rate, low, mode, high := rateFields(i)
		u := *g.Rate
		changed := false
		set := func(name string, dst *float64) {
			if x, ok := parseNum(&v, f, name); ok && x/100 != *dst {
				*dst, changed = x/100, true
			}
		}
		set(rate, &u.Value)
		if g.Rate.Band != nil {
			b := *g.Rate.Band
			set(low, &b.Low)
			set(high, &b.High)
			if b.Mode != nil {
				m := *b.Mode
				set(mode, &m)
				b.Mode = &m
			}
			u.Band = &b
		}
		if changed {
			u.Source = edited
		}
		g.Rate = &u
	}
	for j := range sc.Facilities {
		fc := &sc.Facilities[j]
		start, end := facFields(j)
		year := func(name string, cur *forecast.Value) *forecast.Value {
			s := strings.TrimSpace(f.Get(name))
			if s == "" {
				return nil
			}
			x, ok := parseNum(&v, f, name)
			if !ok {
				return cur
			}
			if cur != nil && cur.Value == x {
				return cur
			}
			return &forecast.Value{Value: x, Source: edited}
		}
		fc.StartYear, fc.EndYear = year(start, fc.StartYear), year(end, fc.EndYear)
	}
	return in, v.Err()
}

var (
	reRate = regexp.MustCompile(`^scenario\.applications\[(\d+)\]\.growth\.rate(\.value|\.band\.(low|high|mode))?$`)
	reYear = regexp.MustCompile(`^scenario\.facilities\[(\d+)\]\.(start|end)_year$`)
)

// formField maps an error's field to the parameter form's input for it; "" when the form has none.
func formField(field string) string {
	if m := reRate.FindStringSubmatch(field); m != nil {
		i, _ := strconv.Atoi(m[1])
		rate, low, mode, high := rateFields(i)
		switch m[3] {
		case "low":
			return low
		case "high":
			return high
		case "mode":
			return mode
		}
		return rate
	}
	if m := reYear.FindStringSubmatch(field); m != nil {
		j, _ := strconv.Atoi(m[1])
		start, end := facFields(j)
		if m[2] == "start" {
			return start
		}
		return end
	}
	switch field {
	case "name", "description", "runs", "seed":
		return field
	}
	return ""
}

// remap moves the errors of a scenario's fields to the form's fields: jsonForm sends every
// scenario error to the JSON editor; the parameter form to the input it has for the field.
func remap(err error, jsonForm bool) error {
	e := kern.AsError(err)
	if e == nil || e.Code != kern.Invalid {
		return err
	}
	out := &kern.Error{Code: e.Code, Key: e.Key, Args: e.Args, Fields: map[string]string{}}
	for f, key := range e.Fields {
		to := formField(f)
		if jsonForm && strings.HasPrefix(f, "scenario") {
			to = "scenario"
		}
		if to == "" {
			to = "scenario"
		}
		if _, seen := out.Fields[to]; !seen {
			out.Fields[to] = key
		}
	}
	return out
}

func (h *Web) updateParams(w http.ResponseWriter, r *http.Request) {
	s, ok := h.saved(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in, err := applyParams(s, r.PostForm)
	if err == nil {
		_, err = h.Outlook.Update(r.Context(), web.User(r), s.ID, in)
	}
	h.after(w, r, s, err, false)
}

func (h *Web) updateJSON(w http.ResponseWriter, r *http.Request) {
	s, ok := h.saved(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	sc, err := DecodeScenario([]byte(r.PostForm.Get("scenario")))
	if err == nil {
		_, err = h.Outlook.Update(r.Context(), web.User(r), s.ID, Input{Name: s.Name, Description: s.Description,
			Scenario: sc, Runs: s.Runs, Seed: s.Seed})
	}
	h.after(w, r, s, err, true)
}

// after shows the result page after a save, or the editor again with the submitted values and
// each message next to its field; the other form keeps the saved values.
func (h *Web) after(w http.ResponseWriter, r *http.Request, s Saved, err error, jsonForm bool) {
	if err == nil {
		h.Kit.Flash(w, "outlook.updated")
		web.Redirect(w, r, fmt.Sprintf("/outlook/%d", s.ID))
		return
	}
	values := formValues(web.Lang(r), s)
	for k, vs := range r.PostForm {
		values[k] = vs
	}
	h.Kit.RenderForm(w, r, "outlook/edit", h.editData(s), values, remap(err, jsonForm))
}

func (h *Web) confirmDelete(w http.ResponseWriter, r *http.Request) {
	s, ok := h.saved(w, r)
	if !ok {
		return
	}
	if !CanEdit(web.User(r)) {
		h.Kit.Error(w, r, kern.Errorf(kern.Forbidden, "error.forbidden"))
		return
	}
	h.Kit.RenderForm(w, r, "outlook/delete", map[string]any{"S": s}, nil, nil)
}

func (h *Web) delete(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err == nil {
		err = h.Outlook.Delete(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "outlook.deleted")
	web.Redirect(w, r, "/outlook")
}
