package demand

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/web"
)

func (h *Web) orderRoutes(mux *http.ServeMux) {
	in := h.Kit.LoggedIn
	mux.HandleFunc("GET /orders", in(h.listOrders))
	mux.HandleFunc("GET /orders/export.csv", in(h.exportOrders))
	mux.HandleFunc("GET /orders/new", in(h.newOrder))
	mux.HandleFunc("POST /orders", in(h.createOrder))
	mux.HandleFunc("GET /orders/import", in(h.importForm))
	mux.HandleFunc("POST /orders/import", in(h.importOrders))
	mux.HandleFunc("GET /orders/{id}", in(h.showOrder))
	mux.HandleFunc("GET /orders/{id}/edit", in(h.editOrder))
	mux.HandleFunc("POST /orders/{id}", in(h.updateOrder))
	mux.HandleFunc("POST /orders/{id}/cancel", in(h.cancelOrder))
}

// orderFilterFrom reads the list's filters; period is "coming" (default), "past" or "all", or
// from/to dates.
func orderFilterFrom(r *http.Request, now time.Time) OrderFilter {
	q := r.URL.Query()
	f := OrderFilter{Q: q.Get("q"), OrgID: web.QueryID(r, "hospital"), ProductID: web.QueryID(r, "product"), Nuclide: q.Get("nuclide"),
		Status: q.Get("status"), Page: web.QueryInt(r, "page", 1), PerPage: web.QueryInt(r, "per_page", 50)}
	f.Priority, _ = strconv.Atoi(q.Get("priority"))
	switch q.Get("period") {
	case "past":
		f.To = now
	case "all":
	default:
		f.From = now
	}
	if d, err := time.ParseInLocation(time.DateOnly, q.Get("from"), web.Amsterdam); err == nil {
		f.From = d
	}
	if d, err := time.ParseInLocation(time.DateOnly, q.Get("to"), web.Amsterdam); err == nil {
		f.To = d.AddDate(0, 0, 1)
	}
	return f
}

func (h *Web) listOrders(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	f := orderFilterFrom(r, h.Demand.now())
	list, total, err := h.Demand.Orders(r.Context(), p, f)
	if kern.ErrorCode(err) == kern.Invalid {
		f = OrderFilter{Q: f.Q, From: h.Demand.now()}
		list, total, err = h.Demand.Orders(r.Context(), p, f)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	f.Normalize()
	all := h.t(r, "list.all")
	mine, _ := h.Demand.Hospitals(r.Context(), p, true)
	q := r.URL.Query()
	period := q.Get("period")
	if period == "" {
		period = "coming"
	}
	h.Kit.Render(w, r, http.StatusOK, "demand/orders", map[string]any{
		"Items": list, "Total": total, "Filter": f, "Hospital": strconv.FormatInt(f.OrgID, 10), "Product": strconv.FormatInt(f.ProductID, 10),
		"Priority": q.Get("priority"), "Period": period, "From": q.Get("from"), "To": q.Get("to"),
		"Hospitals": h.hospitalOptions(r, all, !p.IsCoordinator()), "Products": h.productOptions(r, all, false),
		"Nuclides": h.nuclideOptions(r), "Priorities": h.priorityOptions(r, all),
		"Statuses": web.Options(h.Kit.Catalog, web.Lang(r), "demand.status.", all, Statuses),
		"Periods":  web.Options(h.Kit.Catalog, web.Lang(r), "demand.period.", "", []string{"coming", "past", "all"}),
		"CanOrder": p.IsCoordinator() || len(mine) > 0, "Export": "/orders/export.csv?" + r.URL.RawQuery,
	})
}

func (h *Web) exportOrders(w http.ResponseWriter, r *http.Request) {
	list, err := h.Demand.AllOrders(r.Context(), web.User(r), orderFilterFrom(r, h.Demand.now()))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	web.CSV(w, "orders-"+time.Now().Format(time.DateOnly)+".csv", OrderHeader, OrderRows(list))
}

func (h *Web) orderFormData(r *http.Request, o Order) map[string]any {
	p := web.User(r)
	div := ""
	if o.ID != 0 {
		div = map[bool]string{true: "1", false: "0"}[o.Divisible]
	}
	cal := ""
	if !o.CalibrationAt.IsZero() {
		cal = localText(&o.CalibrationAt)
	}
	return map[string]any{"Order": o, "Hospitals": h.hospitalOptions(r, h.t(r, "supply.choose"), !p.IsCoordinator()),
		"Products": h.productOptions(r, h.t(r, "supply.choose"), false), "Priorities": h.priorityOptions(r, ""),
		"Divisibles": h.divisibleOptions(r), "Divisible": div, "Activity": activityText(web.Lang(r), o.Activity), "CalibrationAt": cal,
		"WindowEnd": localText(o.WindowEnd)}
}

func parseOrderForm(r *http.Request) (OrderInput, error) {
	if err := r.ParseForm(); err != nil {
		return OrderInput{}, err
	}
	f := r.PostForm
	var v kern.Validation
	in := OrderInput{Reference: f.Get("reference"), Note: f.Get("note")}
	if id := web.FormID(&v, f, "org_id", "demand.hospital_unknown"); id != nil {
		in.OrgID = *id
	}
	if id := web.FormID(&v, f, "product_id", "demand.product_unknown"); id != nil {
		in.ProductID = *id
	}
	in.Activity = parseActivityField(&v, f.Get("activity"))
	if s := strings.TrimSpace(f.Get("calibration_at")); s != "" {
		t, ok := ParseInstant(s)
		v.Check(ok, "calibration_at", "demand.instant_invalid")
		in.CalibrationAt = t
	}
	if s := strings.TrimSpace(f.Get("window_end")); s != "" {
		t, ok := ParseInstant(s)
		if v.Check(ok, "window_end", "demand.instant_invalid") {
			in.WindowEnd = &t
		}
	}
	in.Priority, _ = strconv.Atoi(f.Get("priority"))
	in.Divisible = parseDivisible(&v, f.Get("divisible"))
	return in, web.MergeErrors(&v, in.Validate(time.Now()))
}

func (h *Web) newOrder(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	o := Order{Priority: 2, ProductID: web.QueryID(r, "product_id")}
	if mine, _ := h.Demand.Hospitals(r.Context(), p, true); len(mine) == 1 && !p.IsCoordinator() {
		o.OrgID = mine[0].ID
	}
	h.Kit.RenderForm(w, r, "demand/order_form", h.orderFormData(r, o), nil, nil)
}

func (h *Web) createOrder(w http.ResponseWriter, r *http.Request) {
	in, err := parseOrderForm(r)
	var o Order
	if err == nil {
		o, err = h.Demand.CreateOrder(r.Context(), web.User(r), in)
	}
	if err != nil {
		// Another hospital than p's own answers 404 (RenderForm shows it as the error page).
		h.Kit.RenderForm(w, r, "demand/order_form", h.orderFormData(r, Order{}), r.PostForm, err)
		return
	}
	h.Kit.Flash(w, "demand.order_saved")
	web.Redirect(w, r, "/orders/"+strconv.FormatInt(o.ID, 10))
}

func (h *Web) showOrder(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	id, err := web.ID(r, "id")
	var o Order
	if err == nil {
		o, err = h.Demand.Order(r.Context(), p, id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Render(w, r, http.StatusOK, "demand/order", map[string]any{"Order": o, "CanEdit": CanEditOrder(p, o)})
}

func (h *Web) loadOrder(w http.ResponseWriter, r *http.Request) (Order, bool) {
	id, err := web.ID(r, "id")
	var o Order
	if err == nil {
		o, err = h.Demand.EditableOrder(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return o, false
	}
	return o, true
}

func (h *Web) editOrder(w http.ResponseWriter, r *http.Request) {
	if o, ok := h.loadOrder(w, r); ok {
		h.Kit.RenderForm(w, r, "demand/order_form", h.orderFormData(r, o), nil, nil)
	}
}

func (h *Web) updateOrder(w http.ResponseWriter, r *http.Request) {
	o, ok := h.loadOrder(w, r)
	if !ok {
		return
	}
	in, err := parseOrderForm(r)
	if err == nil {
		_, err = h.Demand.UpdateOrder(r.Context(), web.User(r), o.ID, in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "demand/order_form", h.orderFormData(r, o), r.PostForm, err)
		return
	}
	h.Kit.Flash(w, "demand.order_saved")
	web.Redirect(w, r, "/orders/"+strconv.FormatInt(o.ID, 10))
}

func (h *Web) cancelOrder(w http.ResponseWriter, r *http.Request) {
	o, ok := h.loadOrder(w, r)
	if !ok {
		return
	}
	if _, err := h.Demand.CancelOrder(r.Context(), web.User(r), o.ID); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "demand.order_cancelled_done")
	web.Redirect(w, r, "/orders/"+strconv.FormatInt(o.ID, 10))
}

// MaxUpload bounds an uploaded CSV file.
const MaxUpload = 4 << 20

func (h *Web) importData(rep *OrderImportReport, src string) map[string]any {
	return map[string]any{"Header": strings.Join(OrderHeader, ","), "Report": rep, "CSV": src}
}

func (h *Web) importForm(w http.ResponseWriter, r *http.Request) {
	h.Kit.RenderForm(w, r, "demand/import", h.importData(nil, ""), nil, nil)
}

// importOrders runs a dry run (check) or the import (apply) of an uploaded or pasted CSV; a refused
// import shows every bad row by line and writes nothing.
func (h *Web) importOrders(w http.ResponseWriter, r *http.Request) {
	up, err := web.ReadUpload(w, r, MaxUpload)
	if err != nil {
		h.Kit.RenderForm(w, r, "demand/import", h.importData(nil, ""), url.Values{}, kern.FieldError("file", "demand.import_unreadable"))
		return
	}
	src := up.CSV
	rep, err := h.Demand.ImportOrders(r.Context(), web.User(r), strings.NewReader(src), up.DryRun)
	for i := range rep.Errors {
		rep.Errors[i].Message = h.t(r, rep.Errors[i].Key)
	}
	if err == nil && len(rep.Errors) > 0 {
		err = kern.Errorf(kern.Invalid, "demand.import_refused", len(rep.Errors))
	}
	if err == nil && rep.Applied {
		h.Kit.Flash(w, "demand.import_done")
		web.Redirect(w, r, "/orders")
		return
	}
	h.Kit.RenderForm(w, r, "demand/import", h.importData(&rep, src), url.Values{"csv": {src}}, err)
}

func (h *Web) standingImportData(rep *StandingImportReport, src string) map[string]any {
	return map[string]any{"Header": strings.Join(StandingHeader, ","), "Report": rep, "CSV": src}
}

func (h *Web) standingImportForm(w http.ResponseWriter, r *http.Request) {
	h.Kit.RenderForm(w, r, "demand/standing_import", h.standingImportData(nil, ""), nil, nil)
}

// importStanding runs a dry run (check) or the import (apply) of standing demand from an uploaded
// or pasted CSV; a refused import shows every bad row by line and column and writes nothing.
func (h *Web) importStanding(w http.ResponseWriter, r *http.Request) {
	up, err := web.ReadUpload(w, r, MaxUpload)
	if err != nil {
		h.Kit.RenderForm(w, r, "demand/standing_import", h.standingImportData(nil, ""), url.Values{}, kern.FieldError("file", "demand.import_unreadable"))
		return
	}
	src := up.CSV
	rep, err := h.Demand.ImportStanding(r.Context(), web.User(r), strings.NewReader(src), up.DryRun)
	for i := range rep.Errors {
		rep.Errors[i].Message = h.t(r, rep.Errors[i].Key)
	}
	if err == nil && len(rep.Errors) > 0 {
		err = kern.Errorf(kern.Invalid, "demand.import_refused", len(rep.Errors))
	}
	if err == nil && rep.Applied {
		h.Kit.Flash(w, "demand.standing_import_done")
		web.Redirect(w, r, "/demand/standing")
		return
	}
	h.Kit.RenderForm(w, r, "demand/standing_import", h.standingImportData(&rep, src), url.Values{"csv": {src}}, err)
}
