package demand

import (
	"embed"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/nuclide"
	"kern/internal/web"
	"kern/internal/web/i18n"
)

//go:embed templates/*.html
var templates embed.FS

// Routes registers the pages and parses their templates.
func (h *Web) Routes(mux *http.ServeMux) error {
	if err := h.Kit.Parse("demand", templates, "templates"); err != nil {
		return err
	}
	in := h.Kit.LoggedIn
	mux.HandleFunc("GET /demand", in(h.overview))
	mux.HandleFunc("GET /demand/totals.json", in(h.totalsChart))
	mux.HandleFunc("GET /demand/routes", in(h.routesPage))
	mux.HandleFunc("GET /demand/routes/export.csv", in(h.exportRoutes))
	mux.HandleFunc("POST /demand/route-defaults", in(h.saveDefault))
	mux.HandleFunc("POST /demand/route-defaults/{id}", in(h.saveDefault))
	mux.HandleFunc("POST /demand/route-defaults/{id}/delete", in(h.deleteDefault))
	mux.HandleFunc("GET /demand/routes/new", in(h.newRoute))
	mux.HandleFunc("POST /demand/routes", in(h.createRoute))
	mux.HandleFunc("GET /demand/routes/{id}/edit", in(h.editRoute))
	mux.HandleFunc("POST /demand/routes/{id}", in(h.updateRoute))
	mux.HandleFunc("POST /demand/routes/{id}/delete", in(h.deleteRoute))
	mux.HandleFunc("GET /demand/standing", in(h.listStanding))
	mux.HandleFunc("GET /demand/standing/export.csv", in(h.exportStanding))
	mux.HandleFunc("GET /demand/standing/import", in(h.standingImportForm))
	mux.HandleFunc("POST /demand/standing/import", in(h.importStanding))
	mux.HandleFunc("GET /demand/standing/new", in(h.newStanding))
	mux.HandleFunc("POST /demand/standing", in(h.createStanding))
	mux.HandleFunc("GET /demand/standing/{id}/edit", in(h.editStanding))
	mux.HandleFunc("POST /demand/standing/{id}", in(h.updateStanding))
	mux.HandleFunc("POST /demand/standing/{id}/delete", in(h.deleteStanding))
	mux.HandleFunc("GET /demand/generator", in(h.generator))
	mux.HandleFunc("POST /demand/generator", in(h.generator))
	h.orderRoutes(mux)
	return nil
}

func (h *Web) t(r *http.Request, key string, args ...any) string {
	return h.Kit.Catalog.T(web.Lang(r), key, args...)
}

func (h *Web) hospitalOptions(r *http.Request, blank string, mine bool) []web.Option {
	out := []web.Option{}
	if blank != "" {
		out = append(out, web.Option{Value: "", Label: blank})
	}
	list, _ := h.Demand.Hospitals(r.Context(), web.User(r), mine)
	for _, c := range list {
		out = append(out, web.Option{Value: strconv.FormatInt(c.ID, 10), Label: c.Name})
	}
	return out
}

func (h *Web) productOptions(r *http.Request, blank string, generatorsOnly bool) []web.Option {
	out := []web.Option{{Value: "", Label: blank}}
	var list []ProductChoice
	if generatorsOnly {
		list, _ = h.Demand.GeneratorProducts(r.Context(), web.User(r))
	} else {
		list, _ = h.Demand.Products(r.Context(), web.User(r))
	}
	for _, p := range list {
		out = append(out, web.Option{Value: strconv.FormatInt(p.ID, 10), Label: p.Label() + " (" + h.t(r, "supply.form."+p.Form) + ")"})
	}
	return out
}

func (h *Web) nuclideOptions(r *http.Request) []web.Option {
	out := []web.Option{{Value: "", Label: h.t(r, "list.all")}}
	seen := map[string]bool{}
	list, _ := h.Demand.Products(r.Context(), web.User(r))
	for _, p := range list {
		if !seen[p.Nuclide] {
			seen[p.Nuclide] = true
			out = append(out, web.Option{Value: p.Nuclide, Label: p.Nuclide})
		}
	}
	return out
}

func (h *Web) dayOptions(r *http.Request) []web.Option {
	var out []web.Option
	for _, d := range []int{1, 2, 3, 4, 5, 6, 0} {
		out = append(out, web.Option{Value: strconv.Itoa(d), Label: h.t(r, "supply.day."+DayCodes[d])})
	}
	return out
}

func (h *Web) priorityOptions(r *http.Request, blank string) []web.Option {
	var out []web.Option
	if blank != "" {
		out = append(out, web.Option{Value: "", Label: blank})
	}
	for _, p := range Priorities {
		out = append(out, web.Option{Value: strconv.Itoa(p), Label: h.t(r, "demand.priority."+strconv.Itoa(p))})
	}
	return out
}

func (h *Web) divisibleOptions(r *http.Request) []web.Option {
	return []web.Option{{Value: "", Label: h.t(r, "demand.divisible.default")}, {Value: "1", Label: h.t(r, "demand.divisible.yes")},
		{Value: "0", Label: h.t(r, "demand.divisible.no")}}
}

// Overview.

func (h *Web) overview(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	ctx := r.Context()
	data := map[string]any{"Coordinator": p.IsCoordinator()}
	mine, err := h.Demand.Hospitals(ctx, p, true)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	if p.IsCoordinator() {
		mine = nil
	}
	data["Hospitals"] = mine
	if len(mine) > 0 {
		var ownStanding []StandingDemand
		var ownOrders []Order
		for _, hosp := range mine {
			st, err := h.Demand.StandingDemands(ctx, p, StandingFilter{OrgID: hosp.ID})
			if err != nil {
				h.Kit.Error(w, r, err)
				return
			}
			ownStanding = append(ownStanding, st...)
			os, _, err := h.Demand.Orders(ctx, p, OrderFilter{OrgID: hosp.ID, Status: StatusOpen, From: h.Demand.now(), PerPage: 20})
			if err != nil {
				h.Kit.Error(w, r, err)
				return
			}
			ownOrders = append(ownOrders, os...)
		}
		data["Standing"], data["Orders"] = ownStanding, ownOrders
	}
	if p.IsCoordinator() {
		tot, err := h.Demand.Totals(ctx, p, TotalsFilter{})
		if err != nil {
			h.Kit.Error(w, r, err)
			return
		}
		data["National"] = tot
	}
	if producer, _ := h.Demand.IsProducer(ctx, p); producer {
		tot, err := h.Demand.Totals(ctx, p, TotalsFilter{ByProduct: true, ProducerOnly: true})
		if err != nil {
			h.Kit.Error(w, r, err)
			return
		}
		data["Producer"] = tot
	}
	h.Kit.Render(w, r, http.StatusOK, "demand/overview", data)
}

// totalsChart feeds the chart beside the national totals: demand per nuclide per week (TBq).
func (h *Web) totalsChart(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	f := TotalsFilter{}
	if !p.IsCoordinator() {
		f = TotalsFilter{ByProduct: true, ProducerOnly: true}
	}
	tot, err := h.Demand.Totals(r.Context(), p, f)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	weeks := []string{}
	for _, wk := range tot.Weeks {
		_, n := wk.ISOWeek()
		weeks = append(weeks, h.t(r, "supply.week_short", n))
	}
	series := []any{}
	names := []string{}
	for _, row := range tot.Rows {
		data := make([]float64, len(row.PerWeek))
		for i, v := range row.PerWeek {
			data[i] = float64(int64(v/1e9*100)) / 100 // GBq, two decimals
		}
		names = append(names, row.Label)
		series = append(series, map[string]any{"name": row.Label, "type": "bar", "data": data})
	}
	option := map[string]any{
		"tooltip": map[string]any{"trigger": "axis"},
		"legend":  map[string]any{"data": names, "bottom": 0},
		"grid":    map[string]any{"left": 60, "right": 20, "top": 20, "bottom": 60, "containLabel": true},
		"xAxis":   map[string]any{"type": "category", "data": weeks},
		"yAxis":   map[string]any{"type": "log", "name": "GBq"},
		"series":  series,
	}
	web.JSON(w, http.StatusOK, map[string]any{"option": option})
}

// Routes.

func (h *Web) routesPage(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	ctx := r.Context()
	defaults, err := h.Demand.RouteDefaults(ctx, p)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	f := routeFilterFrom(r)
	routes, err := h.Demand.Routes(ctx, p, f)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	hospital := web.QueryID(r, "for")
	if hospital == 0 {
		if mine, _ := h.Demand.Hospitals(ctx, p, true); len(mine) == 1 && !p.IsCoordinator() {
			hospital = mine[0].ID
		}
	}
	var effective []EffectiveRoute
	if hospital != 0 {
		if effective, err = h.Demand.EffectiveRoutes(ctx, p, hospital); kern.ErrorCode(err) == kern.NotFound {
			hospital, effective = 0, nil
		} else if err != nil {
			h.Kit.Error(w, r, err)
			return
		}
	}
	editable := map[int64]bool{}
	for _, x := range routes {
		editable[x.ID] = p.IsCoordinator() || p.InOrg(x.FacilityOrgID)
	}
	producer, _ := h.Demand.IsProducer(ctx, p)
	h.Kit.Render(w, r, http.StatusOK, "demand/routes", map[string]any{
		"Defaults": defaults, "Routes": routes, "Editable": editable, "Coordinator": p.IsCoordinator(),
		"CanAddRoute": p.IsCoordinator() || producer, "EffectiveRoute": effective, "For": strconv.FormatInt(hospital, 10),
		"Hospitals": h.hospitalOptions(r, h.t(r, "supply.choose"), false), "Filter": f,
		"HospitalFilter": strconv.FormatInt(f.OrgID, 10), "Export": "/demand/routes/export.csv?" + r.URL.RawQuery,
	})
}

func routeFilterFrom(r *http.Request) RouteFilter {
	return RouteFilter{Q: r.URL.Query().Get("q"), FacilityID: web.QueryID(r, "facility"), OrgID: web.QueryID(r, "hospital")}
}

// exportRoutes writes the defaults and the overrides matching the page's search as CSV.
func (h *Web) exportRoutes(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	defaults, err := h.Demand.RouteDefaults(r.Context(), p)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	routes, err := h.Demand.Routes(r.Context(), p, routeFilterFrom(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	web.CSV(w, "routes-"+time.Now().Format(time.DateOnly)+".csv", RouteHeader, RouteRows(defaults, routes))
}

func formFloat(v *kern.Validation, s, field string) float64 {
	x, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(s), ",", "."), 64)
	v.Check(err == nil, field, "field.invalid_number")
	return x
}

func (h *Web) saveDefault(w http.ResponseWriter, r *http.Request) {
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = web.ID(r, "id"); err != nil {
			h.Kit.Error(w, r, err)
			return
		}
	}
	if err := r.ParseForm(); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	var v kern.Validation
	in := RouteDefaultInput{FromCountry: r.PostForm.Get("from_country"), ToCountry: r.PostForm.Get("to_country"),
		TransitHours: formFloat(&v, r.PostForm.Get("transit_hours"), "transit_hours")}
	err := v.Err()
	if err == nil {
		_, err = h.Demand.SaveRouteDefault(r.Context(), web.User(r), id, in)
	}
	if kern.ErrorCode(err) == kern.Invalid {
		h.Kit.Flash(w, "demand.route_default_refused")
		web.Redirect(w, r, "/demand/routes")
		return
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "demand.route_saved")
	web.Redirect(w, r, "/demand/routes")
}

func (h *Web) deleteDefault(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err == nil {
		err = h.Demand.DeleteRouteDefault(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "demand.route_deleted")
	web.Redirect(w, r, "/demand/routes")
}

func (h *Web) routeFormData(r *http.Request, x Route) map[string]any {
	p := web.User(r)
	// Coordinators may route from every facility; a producer only from its own.
	facilities := []web.Option{{Value: "", Label: h.t(r, "supply.choose")}}
	type facility struct {
		id, org int64
		name    string
	}
	list, err := queryAll(r.Context(), h.Demand.DB.Reader(r.Context()), `SELECT id, org_id, name FROM facilities ORDER BY lower(name), id`, nil,
		func(s scanner) (facility, error) {
			var f facility
			err := s.Scan(&f.id, &f.org, &f.name)
			return f, err
		})
	if err != nil {
		h.Kit.Log.Error("route form: facilities", "err", err)
	}
	for _, f := range list {
		if p.IsCoordinator() || p.InOrg(f.org) {
			facilities = append(facilities, web.Option{Value: strconv.FormatInt(f.id, 10), Label: f.name})
		}
	}
	hours := ""
	if x.TransitHours > 0 {
		hours = localDecimal(web.Lang(r), strconv.FormatFloat(x.TransitHours, 'f', -1, 64))
	}
	return map[string]any{"Route": x, "Facilities": facilities, "Hospitals": h.hospitalOptions(r, h.t(r, "supply.choose"), false), "Hours": hours}
}

func parseRouteForm(r *http.Request) (RouteInput, error) {
	if err := r.ParseForm(); err != nil {
		return RouteInput{}, err
	}
	f := r.PostForm
	var v kern.Validation
	in := RouteInput{Note: f.Get("note")}
	if id := web.FormID(&v, f, "facility_id", "supply.facility_unknown"); id != nil {
		in.FacilityID = *id
	}
	if id := web.FormID(&v, f, "org_id", "demand.hospital_unknown"); id != nil {
		in.OrgID = *id
	}
	in.TransitHours = formFloat(&v, f.Get("transit_hours"), "transit_hours")
	return in, web.MergeErrors(&v, in.Validate())
}

func (h *Web) newRoute(w http.ResponseWriter, r *http.Request) {
	h.Kit.RenderForm(w, r, "demand/route_form", h.routeFormData(r, Route{FacilityID: web.QueryID(r, "facility"), OrgID: web.QueryID(r, "hospital")}), nil, nil)
}

func (h *Web) createRoute(w http.ResponseWriter, r *http.Request) {
	in, err := parseRouteForm(r)
	if err == nil {
		_, err = h.Demand.SaveRoute(r.Context(), web.User(r), 0, in)
	}
	if kern.ErrorCode(err) == kern.NotFound {
		err = kern.FieldError("facility_id", "supply.facility_unknown")
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "demand/route_form", h.routeFormData(r, Route{}), r.PostForm, err)
		return
	}
	h.Kit.Flash(w, "demand.route_saved")
	web.Redirect(w, r, "/demand/routes")
}

func (h *Web) editRoute(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var x Route
	if err == nil {
		x, err = h.Demand.EditableRoute(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "demand/route_form", h.routeFormData(r, x), nil, nil)
}

func (h *Web) updateRoute(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var x Route
	if err == nil {
		x, err = h.Demand.EditableRoute(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in, err := parseRouteForm(r)
	if err == nil {
		_, err = h.Demand.SaveRoute(r.Context(), web.User(r), id, in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "demand/route_form", h.routeFormData(r, x), r.PostForm, err)
		return
	}
	h.Kit.Flash(w, "demand.route_saved")
	web.Redirect(w, r, "/demand/routes")
}

func (h *Web) deleteRoute(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err == nil {
		err = h.Demand.DeleteRoute(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "demand.route_deleted")
	web.Redirect(w, r, "/demand/routes")
}

// Standing demand.

func standingFilterFrom(r *http.Request) StandingFilter {
	q := r.URL.Query()
	return StandingFilter{Q: q.Get("q"), OrgID: web.QueryID(r, "hospital"), ProductID: web.QueryID(r, "product"), Nuclide: q.Get("nuclide")}
}

func (h *Web) listStanding(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	f := standingFilterFrom(r)
	list, err := h.Demand.StandingDemands(r.Context(), p, f)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	all := h.t(r, "list.all")
	mine, _ := h.Demand.Hospitals(r.Context(), p, true)
	h.Kit.Render(w, r, http.StatusOK, "demand/standing", map[string]any{
		"Items": list, "Filter": f, "Hospital": strconv.FormatInt(f.OrgID, 10), "Product": strconv.FormatInt(f.ProductID, 10),
		"Hospitals": h.hospitalOptions(r, all, !p.IsCoordinator()), "Products": h.productOptions(r, all, false),
		"Nuclides": h.nuclideOptions(r), "CanCreate": p.IsCoordinator() || len(mine) > 0,
		"Export": "/demand/standing/export.csv?" + r.URL.RawQuery, "Can": func(orgID int64) bool { return CanOrder(p, orgID) },
	})
}

func (h *Web) exportStanding(w http.ResponseWriter, r *http.Request) {
	list, err := h.Demand.StandingDemands(r.Context(), web.User(r), standingFilterFrom(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	web.CSV(w, "standing-demand-"+time.Now().Format(time.DateOnly)+".csv", StandingHeader, StandingRows(list))
}

func (h *Web) standingFormData(r *http.Request, s StandingDemand) map[string]any {
	p := web.User(r)
	div := ""
	if s.ID != 0 {
		div = map[bool]string{true: "1", false: "0"}[s.Divisible]
	}
	starts := ""
	if !s.StartsOn.IsZero() {
		starts = s.StartsOn.Format(time.DateOnly)
	}
	ends := ""
	if s.EndsOn != nil {
		ends = s.EndsOn.Format(time.DateOnly)
	}
	return map[string]any{"Standing": s, "Hospitals": h.hospitalOptions(r, h.t(r, "supply.choose"), !p.IsCoordinator()),
		"Products": h.productOptions(r, h.t(r, "supply.choose"), false), "Days": h.dayOptions(r), "Priorities": h.priorityOptions(r, ""),
		"Divisibles": h.divisibleOptions(r), "Divisible": div, "Activity": activityText(web.Lang(r), s.Activity), "StartsOn": starts, "EndsOn": ends,
		"Window": localDecimal(web.Lang(r), strconv.FormatFloat(s.WindowHours, 'f', -1, 64))}
}

func parseDivisible(v *kern.Validation, s string) *bool {
	switch s {
	case "":
		return nil
	case "1", "true", "on":
		b := true
		return &b
	case "0", "false":
		b := false
		return &b
	}
	v.Add("divisible", "field.unknown_choice")
	return nil
}

func parseActivityField(v *kern.Validation, s string) nuclide.Activity {
	s = strings.TrimSpace(s)
	if s == "" {
		v.Add("activity", "field.required")
		return 0
	}
	a, err := nuclide.ParseActivity(s)
	v.Check(err == nil, "activity", "demand.activity_invalid")
	return a
}

func parseStandingForm(r *http.Request) (StandingInput, error) {
	if err := r.ParseForm(); err != nil {
		return StandingInput{}, err
	}
	f := r.PostForm
	var v kern.Validation
	in := StandingInput{AtTime: f.Get("at_time"), Note: f.Get("note"), EndsOn: web.FormDate(&v, f, "ends_on")}
	if id := web.FormID(&v, f, "org_id", "demand.hospital_unknown"); id != nil {
		in.OrgID = *id
	}
	if id := web.FormID(&v, f, "product_id", "demand.product_unknown"); id != nil {
		in.ProductID = *id
	}
	if d := web.FormDate(&v, f, "starts_on"); d != nil {
		in.StartsOn = *d
	}
	wd, err := strconv.Atoi(f.Get("weekday"))
	v.Check(err == nil, "weekday", "field.unknown_choice")
	in.Weekday = wd
	in.Priority, _ = strconv.Atoi(f.Get("priority"))
	in.Activity = parseActivityField(&v, f.Get("activity"))
	in.Divisible = parseDivisible(&v, f.Get("divisible"))
	if s := strings.TrimSpace(f.Get("window_hours")); s != "" {
		in.WindowHours = formFloat(&v, s, "window_hours")
	}
	return in, web.MergeErrors(&v, in.Validate())
}

func (h *Web) newStanding(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	today := h.Demand.now().In(web.Amsterdam)
	s := StandingDemand{Weekday: 1, AtTime: "07:00", Priority: 2, StartsOn: time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)}
	if mine, _ := h.Demand.Hospitals(r.Context(), p, true); len(mine) == 1 && !p.IsCoordinator() {
		s.OrgID = mine[0].ID
	}
	// The planning aid's button prefills the generator, its calibration and the nominal size.
	q := r.URL.Query()
	s.ProductID = web.QueryID(r, "product_id")
	if wd, err := strconv.Atoi(q.Get("weekday")); err == nil && wd >= 0 && wd <= 6 {
		s.Weekday = wd
	}
	if t, ok := ParseClock(q.Get("at_time")); ok {
		s.AtTime = t
	}
	if a, err := nuclide.ParseActivity(q.Get("activity")); err == nil {
		s.Activity = a
	}
	h.Kit.RenderForm(w, r, "demand/standing_form", h.standingFormData(r, s), nil, nil)
}

func (h *Web) createStanding(w http.ResponseWriter, r *http.Request) {
	in, err := parseStandingForm(r)
	if err == nil {
		_, err = h.Demand.CreateStanding(r.Context(), web.User(r), in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "demand/standing_form", h.standingFormData(r, StandingDemand{}), r.PostForm, err)
		return
	}
	h.Kit.Flash(w, "demand.standing_saved")
	web.Redirect(w, r, "/demand/standing")
}

func (h *Web) loadStanding(w http.ResponseWriter, r *http.Request) (StandingDemand, bool) {
	id, err := web.ID(r, "id")
	var s StandingDemand
	if err == nil {
		s, err = h.Demand.EditableStanding(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return s, false
	}
	return s, true
}

func (h *Web) editStanding(w http.ResponseWriter, r *http.Request) {
	if s, ok := h.loadStanding(w, r); ok {
		h.Kit.RenderForm(w, r, "demand/standing_form", h.standingFormData(r, s), nil, nil)
	}
}

func (h *Web) updateStanding(w http.ResponseWriter, r *http.Request) {
	s, ok := h.loadStanding(w, r)
	if !ok {
		return
	}
	in, err := parseStandingForm(r)
	if err == nil {
		_, err = h.Demand.UpdateStanding(r.Context(), web.User(r), s.ID, in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "demand/standing_form", h.standingFormData(r, s), r.PostForm, err)
		return
	}
	h.Kit.Flash(w, "demand.standing_saved")
	web.Redirect(w, r, "/demand/standing")
}

func (h *Web) deleteStanding(w http.ResponseWriter, r *http.Request) {
	s, ok := h.loadStanding(w, r)
	if !ok {
		return
	}
	if err := h.Demand.DeleteStanding(r.Context(), web.User(r), s.ID); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "demand.standing_deleted")
	web.Redirect(w, r, "/demand/standing")
}

// The Tc-99m planning aid.

// GeneratorRows is how many schedule rows the planning aid's form offers.
const GeneratorRows = 12

type procRow struct {
	Index                                int
	Weekday, Time, Procedure, Count, MBq string
}

func defaultProcRows() []procRow {
	rows := []procRow{
		{Weekday: "1", Time: "08:30", Procedure: "bone_scan", Count: "6"},
		{Weekday: "1", Time: "09:00", Procedure: "myocardial_perfusion", Count: "4"},
		{Weekday: "2", Time: "08:30", Procedure: "bone_scan", Count: "6"},
		{Weekday: "2", Time: "10:00", Procedure: "renography", Count: "2"},
		{Weekday: "3", Time: "08:30", Procedure: "myocardial_perfusion", Count: "5"},
		{Weekday: "3", Time: "11:00", Procedure: "lung_perfusion", Count: "2"},
		{Weekday: "4", Time: "08:30", Procedure: "bone_scan", Count: "6"},
		{Weekday: "4", Time: "13:00", Procedure: "sentinel_node", Count: "3"},
		{Weekday: "5", Time: "08:30", Procedure: "bone_scan", Count: "4"},
	}
	for len(rows) < GeneratorRows {
		rows = append(rows, procRow{Weekday: "1", Time: "08:00", Procedure: "bone_scan"})
	}
	for i := range rows {
		rows[i].Index = i
	}
	return rows
}

func (h *Web) generator(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	gens, _ := h.Demand.GeneratorProducts(r.Context(), p)
	presets := []web.Option{}
	for _, x := range Presets {
		presets = append(presets, web.Option{Value: x.Code, Label: h.t(r, "demand.preset."+x.Code) + " (" + localDecimal(web.Lang(r), strconv.FormatFloat(x.ActivityMBq, 'f', -1, 64)) + " MBq)"})
	}
	presets = append(presets, web.Option{Value: "other", Label: h.t(r, "demand.preset.other")})
	products := []web.Option{{Value: "", Label: h.t(r, "supply.choose")}}
	for _, g := range gens {
		products = append(products, web.Option{Value: strconv.FormatInt(g.ID, 10), Label: g.Label() + " (" + supplyNominal(web.Lang(r), g.Nominal) + ")"})
	}
	data := map[string]any{"Days": h.dayOptions(r), "Presets": presets, "Products": products, "Rows": defaultProcRows(),
		"CalWeekday": "1", "CalTime": "06:00", "Efficiency": "0.9", "Product": ""}
	if len(gens) > 0 {
		data["Product"] = strconv.FormatInt(gens[0].ID, 10)
	}
	if r.Method != http.MethodPost {
		h.Kit.RenderForm(w, r, "demand/generator", data, nil, nil)
		return
	}
	if err := r.ParseForm(); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	f := r.PostForm
	var v kern.Validation
	in := SizingInput{CalTime: f.Get("calibration_time")}
	in.CalWeekday, _ = strconv.Atoi(f.Get("calibration_weekday"))
	if s := strings.TrimSpace(f.Get("efficiency")); s != "" {
		in.Efficiency = formFloat(&v, s, "efficiency")
		if in.Efficiency == 0 {
			v.Add("efficiency", "demand.efficiency_range")
		}
	}
	if id := web.FormID(&v, f, "product_id", "demand.generator_unknown"); id != nil {
		in.ProductID = *id
	}
	var rows []procRow
	for i := 0; i < GeneratorRows; i++ {
		k := func(name string) string { return "p" + strconv.Itoa(i) + "_" + name }
		row := procRow{Index: i, Weekday: f.Get(k("weekday")), Time: f.Get(k("time")), Procedure: f.Get(k("procedure")), Count: f.Get(k("count")), MBq: f.Get(k("mbq"))}
		rows = append(rows, row)
		if strings.TrimSpace(row.Count) == "" {
			continue
		}
		pr := GeneratorProcedure{Time: row.Time, Procedure: row.Procedure}
		pr.Weekday, _ = strconv.Atoi(row.Weekday)
		n, err := strconv.Atoi(strings.TrimSpace(row.Count))
		v.Check(err == nil && n >= 0, k("count"), "demand.count_range")
		pr.Count = n
		if s := strings.TrimSpace(row.MBq); s != "" {
			pr.ActivityMBq = formFloat(&v, s, k("mbq"))
			v.Check(pr.ActivityMBq > 0, k("mbq"), "demand.activity_positive")
		}
		in.Procedures = append(in.Procedures, pr)
	}
	data["Rows"], data["CalWeekday"], data["CalTime"], data["Efficiency"], data["Product"] =
		rows, f.Get("calibration_weekday"), f.Get("calibration_time"), f.Get("efficiency"), f.Get("product_id")
	err := v.Err()
	var res GeneratorSizing
	if err == nil {
		res, err = h.Demand.SizeGenerator(r.Context(), p, in)
	}
	if err == nil {
		data["Result"], data["CalDay"] = res, DayCodes[res.CalWeekday]
		if res.Nominal > 0 {
			data["Prefill"] = "/demand/standing/new?product_id=" + strconv.FormatInt(res.ProductID, 10) + "&weekday=" +
				strconv.Itoa(res.CalWeekday) + "&at_time=" + res.CalTime + "&activity=" + url.QueryEscape(res.Nominal.String())
		}
	}
	h.Kit.RenderForm(w, r, "demand/generator", data, f, err)
}

func supplyNominal(lang i18n.Lang, list []nuclide.Activity) string {
	parts := make([]string, len(list))
	for i, a := range list {
		parts[i] = activityText(lang, a)
	}
	return strings.Join(parts, "; ")
}

// CanEditOrder is for the templates: may p change the order (its own hospital's, open)?
func CanEditOrder(p *auth.Principal, o Order) bool {
	return o.Status == StatusOpen && CanOrder(p, o.OrgID)
}
