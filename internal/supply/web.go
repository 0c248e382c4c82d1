package supply

import (
	"embed"
	"net/http"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Routes registers the pages on mux and parses their templates.
func (h *Web) Routes(mux *http.ServeMux) error {
	if err := h.Kit.Parse("supply", templates, "templates"); err != nil {
		return err
	}
	in := h.Kit.LoggedIn
	mux.HandleFunc("GET /supply", in(h.overview))
	mux.HandleFunc("GET /supply/facilities", in(h.listFacilities))
	mux.HandleFunc("GET /supply/facilities/export.csv", in(h.exportFacilities))
	mux.HandleFunc("GET /supply/facilities/new", in(h.forPublishers(h.newFacility)))
	mux.HandleFunc("POST /supply/facilities", in(h.createFacility))
	mux.HandleFunc("GET /supply/facilities/{id}", in(h.showFacility))
	mux.HandleFunc("GET /supply/facilities/{id}/edit", in(h.editFacility))
	mux.HandleFunc("POST /supply/facilities/{id}", in(h.updateFacility))
	mux.HandleFunc("GET /supply/facilities/{id}/feeds", in(h.editFeeds))
	mux.HandleFunc("POST /supply/facilities/{id}/feeds", in(h.updateFeeds))
	mux.HandleFunc("GET /supply/facilities/{id}/products/new", in(h.newProduct))
	mux.HandleFunc("POST /supply/facilities/{id}/products", in(h.createProduct))
	mux.HandleFunc("GET /supply/products/{id}/edit", in(h.editProduct))
	mux.HandleFunc("POST /supply/products/{id}", in(h.updateProduct))
	mux.HandleFunc("GET /supply/facilities/{id}/schedules/new", in(h.newSchedule))
	mux.HandleFunc("POST /supply/facilities/{id}/schedules", in(h.createSchedule))
	mux.HandleFunc("GET /supply/schedules/{id}/edit", in(h.editSchedule))
	mux.HandleFunc("POST /supply/schedules/{id}", in(h.updateSchedule))
	mux.HandleFunc("POST /supply/schedules/{id}/delete", in(h.deleteSchedule))
	mux.HandleFunc("GET /supply/schedules/export.csv", in(h.exportSchedules))
	mux.HandleFunc("GET /supply/schedules/import", in(h.forPublishers(h.scheduleImportForm)))
	mux.HandleFunc("POST /supply/schedules/import", in(h.importSchedules))
	h.outageRoutes(mux)
	return nil
}

func (h *Web) t(r *http.Request, key string, args ...any) string {
	return h.Kit.Catalog.T(web.Lang(r), key, args...)
}

// publisher reports whether the page should offer publishing to the user.
func (h *Web) publisher(r *http.Request) bool {
	st, err := h.Supply.Standing(r.Context(), web.User(r))
	return err == nil && st.Publisher
}

// forPublishers answers 403 to a user who publishes for no producer, instead of an empty form.
func (h *Web) forPublishers(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h.Supply.requirePublisher(r.Context(), web.User(r)); err != nil {
			h.Kit.Error(w, r, err)
			return
		}
		next(w, r)
	}
}

func (h *Web) overview(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	st, err := h.Supply.Standing(r.Context(), p)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	facilities, err := h.Supply.AllFacilities(r.Context(), p, FacilityFilter{})
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	now := h.Supply.now()
	outages, err := h.Supply.Outages(r.Context(), p, OutageFilter{From: now, To: now.AddDate(0, 0, 7*CalendarWeeks)})
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	products, err := h.Supply.Products(r.Context(), p, ProductFilter{})
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Render(w, r, http.StatusOK, "supply/overview", map[string]any{
		"Facilities": len(facilities), "Products": len(products), "Outages": outages, "CanPublish": st.Publisher,
		"Standing": st,
	})
}

func facilityFilterFrom(r *http.Request) FacilityFilter {
	q := r.URL.Query()
	return FacilityFilter{Q: q.Get("q"), Kind: q.Get("kind"), Country: q.Get("country"), OrgID: web.QueryID(r, "producer"),
		Sort: q.Get("sort"), Page: web.QueryInt(r, "page", 1), PerPage: web.QueryInt(r, "per_page", 50)}
}

func (h *Web) producerOptions(r *http.Request, blank string, all bool) []web.Option {
	out := []web.Option{{Value: "", Label: blank}}
	p := web.User(r)
	// The filter offers every producer; the form only those p publishes for.
	list, err := h.Supply.Producers(r.Context(), p, !all)
	if err == nil {
		for _, c := range list {
			out = append(out, web.Option{Value: strconv.FormatInt(c.ID, 10), Label: c.Name})
		}
	}
	return out
}

func (h *Web) listFacilities(w http.ResponseWriter, r *http.Request) {
	f := facilityFilterFrom(r)
	list, total, err := h.Supply.Facilities(r.Context(), web.User(r), f)
	if kern.ErrorCode(err) == kern.Invalid {
		f = FacilityFilter{Q: f.Q}
		list, total, err = h.Supply.Facilities(r.Context(), web.User(r), f)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	f.Normalize()
	lang := web.Lang(r)
	all := h.t(r, "list.all")
	h.Kit.Render(w, r, http.StatusOK, "supply/facilities", map[string]any{
		"Items": list, "Total": total, "Filter": f, "Producer": strconv.FormatInt(f.OrgID, 10),
		"Kinds":     web.Options(h.Kit.Catalog, lang, "supply.kind.", all, FacilityKinds),
		"Producers": h.producerOptions(r, all, true),
		"CanCreate": h.publisher(r),
		"Export":    "/supply/facilities/export.csv?" + r.URL.RawQuery,
	})
}

func (h *Web) exportFacilities(w http.ResponseWriter, r *http.Request) {
	list, err := h.Supply.AllFacilities(r.Context(), web.User(r), facilityFilterFrom(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	rows := make([][]string, len(list))
	for i, f := range list {
		rows[i] = []string{strconv.FormatInt(f.ID, 10), f.Name, f.Kind, strconv.FormatInt(f.OrgID, 10), f.OrgName, f.Site, f.Country,
			dateText(f.StartsOn), dateText(f.EndsOn)}
	}
	web.CSV(w, "facilities-"+time.Now().Format(time.DateOnly)+".csv",
		[]string{"id", "name", "kind", "org_id", "producer", "site", "country", "starts_on", "ends_on"}, rows)
}

func (h *Web) showFacility(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	id, err := web.ID(r, "id")
	var f Facility
	if err == nil {
		f, err = h.Supply.Facility(r.Context(), p, id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	products, err := h.Supply.Products(r.Context(), p, ProductFilter{FacilityID: id})
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	schedules, err := h.Supply.Schedules(r.Context(), p, id)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	outages, err := h.Supply.Outages(r.Context(), p, OutageFilter{FacilityID: id, From: h.Supply.now().AddDate(0, 0, -30)})
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	feeds, err := h.Supply.Feeds(r.Context(), p, id)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Render(w, r, http.StatusOK, "supply/facility", map[string]any{
		"Facility": f, "Products": products, "Schedules": schedules, "Outages": outages, "Feeds": feeds, "CanEdit": CanPublish(p, f.OrgID),
	})
}

func (h *Web) facilityFormData(r *http.Request, f Facility) map[string]any {
	choose := h.t(r, "supply.choose")
	return map[string]any{"Facility": f, "Producers": h.producerOptions(r, choose, false),
		"Kinds": web.Options(h.Kit.Catalog, web.Lang(r), "supply.kind.", choose, FacilityKinds)}
}

func (h *Web) newFacility(w http.ResponseWriter, r *http.Request) {
	h.Kit.RenderForm(w, r, "supply/facility_form", h.facilityFormData(r, Facility{Country: "NL"}), nil, nil)
}

func parseFacilityForm(r *http.Request) (FacilityInput, error) {
	if err := r.ParseForm(); err != nil {
		return FacilityInput{}, err
	}
	f := r.PostForm
	var v kern.Validation
	in := FacilityInput{Kind: f.Get("kind"), Name: f.Get("name"), Site: f.Get("site"), Country: f.Get("country"),
		StartsOn: web.FormDate(&v, f, "starts_on"), EndsOn: web.FormDate(&v, f, "ends_on"), Notes: f.Get("notes")}
	if id := web.FormID(&v, f, "org_id", "supply.producer_unknown"); id != nil {
		in.OrgID = *id
	}
	return in, web.MergeErrors(&v, in.Validate())
}

func (h *Web) createFacility(w http.ResponseWriter, r *http.Request) {
	in, err := parseFacilityForm(r)
	var f Facility
	if err == nil {
		f, err = h.Supply.CreateFacility(r.Context(), web.User(r), in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "supply/facility_form", h.facilityFormData(r, Facility{}), r.PostForm, err)
		return
	}
	h.Kit.Flash(w, "supply.facility_saved")
	web.Redirect(w, r, "/supply/facilities/"+strconv.FormatInt(f.ID, 10))
}

func (h *Web) editFacility(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var f Facility
	if err == nil {
		f, err = h.Supply.EditableFacility(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "supply/facility_form", h.facilityFormData(r, f), nil, nil)
}

func (h *Web) updateFacility(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in, err := parseFacilityForm(r)
	if err == nil {
		_, err = h.Supply.UpdateFacility(r.Context(), web.User(r), id, in)
	}
	if err != nil {
		f, gerr := h.Supply.EditableFacility(r.Context(), web.User(r), id)
		if gerr != nil {
			h.Kit.Error(w, r, gerr)
			return
		}
		h.Kit.RenderForm(w, r, "supply/facility_form", h.facilityFormData(r, f), r.PostForm, err)
		return
	}
	h.Kit.Flash(w, "supply.facility_saved")
	web.Redirect(w, r, "/supply/facilities/"+strconv.FormatInt(id, 10))
}

// Products.

func (h *Web) productFormData(r *http.Request, f Facility, p Product) map[string]any {
	return map[string]any{"Facility": f, "Product": p, "NominalText": p.NominalText(),
		"Forms": web.Options(h.Kit.Catalog, web.Lang(r), "supply.form.", h.t(r, "supply.choose"), Forms)}
}

func (h *Web) newProduct(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var f Facility
	if err == nil {
		f, err = h.Supply.EditableFacility(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "supply/product_form", h.productFormData(r, f, Product{}), nil, nil)
}

func parseProductForm(r *http.Request) (ProductInput, error) {
	if err := r.ParseForm(); err != nil {
		return ProductInput{}, err
	}
	f := r.PostForm
	var v kern.Validation
	in := ProductInput{Name: f.Get("name"), Nuclide: f.Get("nuclide"), Form: f.Get("form")}
	nominal, ok := ParseActivities(f.Get("nominal"))
	v.Check(ok, "nominal", "supply.activity_invalid")
	in.Nominal = nominal
	if s := strings.TrimSpace(f.Get("shelf_life_hours")); s != "" {
		x, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		v.Check(err == nil, "shelf_life_hours", "field.invalid_number")
		in.ShelfLifeHours = x
	}
	in.FacilityID = 1 // set by the handler; keeps Validate from flagging it here
	err := web.MergeErrors(&v, in.Validate())
	in.FacilityID = 0
	return in, err
}

func (h *Web) createProduct(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var f Facility
	if err == nil {
		f, err = h.Supply.EditableFacility(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in, err := parseProductForm(r)
	if err == nil {
		in.FacilityID = id
		_, err = h.Supply.CreateProduct(r.Context(), web.User(r), in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "supply/product_form", h.productFormData(r, f, Product{}), r.PostForm, err)
		return
	}
	h.Kit.Flash(w, "supply.product_saved")
	web.Redirect(w, r, "/supply/facilities/"+strconv.FormatInt(id, 10))
}

func (h *Web) editProduct(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var p Product
	var f Facility
	if err == nil {
		p, err = h.Supply.EditableProduct(r.Context(), web.User(r), id)
	}
	if err == nil {
		f, err = h.Supply.Facility(r.Context(), web.User(r), p.FacilityID)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "supply/product_form", h.productFormData(r, f, p), nil, nil)
}

func (h *Web) updateProduct(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var p Product
	var f Facility
	if err == nil {
		p, err = h.Supply.EditableProduct(r.Context(), web.User(r), id)
	}
	if err == nil {
		f, err = h.Supply.Facility(r.Context(), web.User(r), p.FacilityID)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in, err := parseProductForm(r)
	if err == nil {
		_, err = h.Supply.UpdateProduct(r.Context(), web.User(r), id, in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "supply/product_form", h.productFormData(r, f, p), r.PostForm, err)
		return
	}
	h.Kit.Flash(w, "supply.product_saved")
	web.Redirect(w, r, "/supply/facilities/"+strconv.FormatInt(f.ID, 10))
}
