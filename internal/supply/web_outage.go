package supply

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/nuclide"
	"kern/internal/web"
)

func (h *Web) outageRoutes(mux *http.ServeMux) {
	in := h.Kit.LoggedIn
	mux.HandleFunc("GET /supply/outages", in(h.listOutages))
	mux.HandleFunc("GET /supply/outages/export.csv", in(h.exportOutages))
	mux.HandleFunc("GET /supply/outages/new", in(h.forPublishers(h.newOutage)))
	mux.HandleFunc("POST /supply/outages", in(h.createOutage))
	mux.HandleFunc("GET /supply/outages/import", in(h.forPublishers(h.importForm)))
	mux.HandleFunc("POST /supply/outages/import", in(h.importOutages))
	mux.HandleFunc("GET /supply/outages/{id}/edit", in(h.editOutage))
	mux.HandleFunc("POST /supply/outages/{id}", in(h.updateOutage))
	mux.HandleFunc("POST /supply/outages/{id}/delete", in(h.deleteOutage))
	mux.HandleFunc("GET /supply/calendar", in(h.calendar))
	mux.HandleFunc("GET /supply/calendar.csv", in(h.calendarCSV))
	mux.HandleFunc("GET /supply/calendar.json", in(h.calendarChart))
}

// Schedules.

func (h *Web) scheduleFormData(r *http.Request, f Facility, s Schedule) map[string]any {
	products, _ := h.Supply.Products(r.Context(), web.User(r), ProductFilter{FacilityID: f.ID})
	opts := []web.Option{{Value: "", Label: h.t(r, "supply.none")}}
	for _, p := range products {
		opts = append(opts, web.Option{Value: strconv.FormatInt(p.ID, 10), Label: p.Name})
	}
	days := map[string]bool{}
	for _, c := range strings.Split(s.RunWeekdays.Codes(), ",") {
		days[c] = true
	}
	if r.Method == http.MethodPost {
		days = map[string]bool{}
		for _, c := range r.PostForm["run_weekdays"] {
			days[c] = true
		}
	}
	start := ""
	if !s.StartsOn.IsZero() {
		start = s.StartsOn.Format(time.DateOnly)
	}
	return map[string]any{"Facility": f, "Schedule": s, "Products": opts, "Activity": activityText(s.Activity),
		"StartsOn": start, "EndsOn": dateText(s.EndsOn), "Weekdays": WeekdayCodes, "Days": days}
}

func parseScheduleForm(r *http.Request) (ScheduleInput, error) {
	if err := r.ParseForm(); err != nil {
		return ScheduleInput{}, err
	}
	f := r.PostForm
	var v kern.Validation
	in := ScheduleInput{ProductID: web.FormID(&v, f, "product_id", "supply.product_not_of_facility"), EndsOn: web.FormDate(&v, f, "ends_on"),
		Note: f.Get("note"), FacilityID: 1}
	if d := web.FormDate(&v, f, "starts_on"); d != nil {
		in.StartsOn = *d
	}
	num := func(name string) int {
		n, err := strconv.Atoi(strings.TrimSpace(f.Get(name)))
		v.Check(err == nil, name, "field.invalid_number")
		return n
	}
	in.OnDays, in.OffDays = num("on_days"), num("off_days")
	if s := strings.TrimSpace(f.Get("activity")); s != "" {
		a, err := nuclide.ParseActivity(s)
		v.Check(err == nil, "activity", "supply.activity_invalid")
		in.Activity = a
	}
	days, ok := ParseWeekdays(f["run_weekdays"])
	v.Check(ok, "run_weekdays", "field.unknown_choice")
	in.RunWeekdays = days
	err := web.MergeErrors(&v, in.Validate())
	in.FacilityID = 0
	return in, err
}

func (h *Web) newSchedule(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var f Facility
	if err == nil {
		f, err = h.Supply.EditableFacility(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	s := Schedule{StartsOn: dateOf(MondayOf(h.Supply.now())), OnDays: 7}
	h.Kit.RenderForm(w, r, "supply/schedule_form", h.scheduleFormData(r, f, s), nil, nil)
}

func (h *Web) createSchedule(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var f Facility
	if err == nil {
		f, err = h.Supply.EditableFacility(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in, err := parseScheduleForm(r)
	if err == nil {
		in.FacilityID = id
		_, err = h.Supply.CreateSchedule(r.Context(), web.User(r), in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "supply/schedule_form", h.scheduleFormData(r, f, Schedule{}), r.PostForm, err)
		return
	}
	h.Kit.Flash(w, "supply.schedule_saved")
	web.Redirect(w, r, "/supply/facilities/"+strconv.FormatInt(id, 10))
}

func (h *Web) loadSchedule(w http.ResponseWriter, r *http.Request) (Schedule, Facility, bool) {
	id, err := web.ID(r, "id")
	var s Schedule
	var f Facility
	if err == nil {
		s, err = h.Supply.EditableSchedule(r.Context(), web.User(r), id)
	}
	if err == nil {
		f, err = h.Supply.Facility(r.Context(), web.User(r), s.FacilityID)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return s, f, false
	}
	return s, f, true
}

func (h *Web) editSchedule(w http.ResponseWriter, r *http.Request) {
	if s, f, ok := h.loadSchedule(w, r); ok {
		h.Kit.RenderForm(w, r, "supply/schedule_form", h.scheduleFormData(r, f, s), nil, nil)
	}
}

func (h *Web) updateSchedule(w http.ResponseWriter, r *http.Request) {
	s, f, ok := h.loadSchedule(w, r)
	if !ok {
		return
	}
	in, err := parseScheduleForm(r)
	if err == nil {
		_, err = h.Supply.UpdateSchedule(r.Context(), web.User(r), s.ID, in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "supply/schedule_form", h.scheduleFormData(r, f, s), r.PostForm, err)
		return
	}
	h.Kit.Flash(w, "supply.schedule_saved")
	web.Redirect(w, r, "/supply/facilities/"+strconv.FormatInt(f.ID, 10))
}

func (h *Web) deleteSchedule(w http.ResponseWriter, r *http.Request) {
	s, f, ok := h.loadSchedule(w, r)
	if !ok {
		return
	}
	if err := h.Supply.DeleteSchedule(r.Context(), web.User(r), s.ID); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "supply.schedule_deleted")
	web.Redirect(w, r, "/supply/facilities/"+strconv.FormatInt(f.ID, 10))
}

// Outages.

func outageFilterFrom(r *http.Request, now time.Time) OutageFilter {
	q := r.URL.Query()
	f := OutageFilter{FacilityID: web.QueryID(r, "facility"), OrgID: web.QueryID(r, "producer"), Kind: q.Get("kind"),
		Q: strings.TrimSpace(q.Get("q"))}
	if q.Get("past") == "" {
		f.From = now
	}
	return f
}

func (h *Web) listOutages(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	f := outageFilterFrom(r, h.Supply.now())
	list, err := h.Supply.Outages(r.Context(), p, f)
	if kern.ErrorCode(err) == kern.Invalid {
		f.Kind = ""
		list, err = h.Supply.Outages(r.Context(), p, f)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	facilities, _ := h.Supply.AllFacilities(r.Context(), p, FacilityFilter{})
	all := h.t(r, "list.all")
	fopts := []web.Option{{Value: "", Label: all}}
	for _, x := range facilities {
		fopts = append(fopts, web.Option{Value: strconv.FormatInt(x.ID, 10), Label: x.Name})
	}
	h.Kit.Render(w, r, http.StatusOK, "supply/outages", map[string]any{
		"Items": list, "Filter": f, "Facility": strconv.FormatInt(f.FacilityID, 10), "Past": r.URL.Query().Get("past") != "",
		"Facilities": fopts, "Kinds": web.Options(h.Kit.Catalog, web.Lang(r), "supply.outage_kind.", all, []string{"planned", "unplanned"}),
		"CanPublish": h.publisher(r), "Export": "/supply/outages/export.csv?" + r.URL.RawQuery,
	})
}

func (h *Web) exportOutages(w http.ResponseWriter, r *http.Request) {
	list, err := h.Supply.Outages(r.Context(), web.User(r), outageFilterFrom(r, h.Supply.now()))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	web.CSV(w, "outages-"+time.Now().Format(time.DateOnly)+".csv", OutageHeader, OutageRows(list))
}

func (h *Web) outageFormData(r *http.Request, o Outage) map[string]any {
	facilities, _ := h.Supply.WritableFacilities(r.Context(), web.User(r))
	opts := []web.Option{{Value: "", Label: h.t(r, "supply.choose")}}
	for _, f := range facilities {
		opts = append(opts, web.Option{Value: strconv.FormatInt(f.ID, 10), Label: f.Name + " (" + f.OrgName + ")"})
	}
	local := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(web.Amsterdam).Format("2006-01-02T15:04")
	}
	kind := "planned"
	if o.ID != 0 && !o.Planned {
		kind = "unplanned"
	}
	return map[string]any{"Outage": o, "Facilities": opts, "StartsAt": local(o.StartsAt), "EndsAt": local(o.EndsAt), "Kind": kind,
		"Kinds": web.Options(h.Kit.Catalog, web.Lang(r), "supply.outage_kind.", "", []string{"planned", "unplanned"})}
}

func (h *Web) newOutage(w http.ResponseWriter, r *http.Request) {
	o := Outage{FacilityID: web.QueryID(r, "facility"), Reduction: 100, Planned: true}
	h.Kit.RenderForm(w, r, "supply/outage_form", h.outageFormData(r, o), nil, nil)
}

func parseOutageForm(r *http.Request) (OutageInput, error) {
	if err := r.ParseForm(); err != nil {
		return OutageInput{}, err
	}
	f := r.PostForm
	var v kern.Validation
	in := OutageInput{Reason: f.Get("reason"), Planned: f.Get("kind") != "unplanned"}
	if id := web.FormID(&v, f, "facility_id", "supply.facility_unknown"); id != nil {
		in.FacilityID = *id
	}
	for _, x := range []struct {
		name string
		to   *time.Time
	}{{"starts_at", &in.StartsAt}, {"ends_at", &in.EndsAt}} {
		if s := strings.TrimSpace(f.Get(x.name)); s != "" {
			t, ok := ParseInstant(s)
			v.Check(ok, x.name, "supply.instant_invalid")
			*x.to = t
		}
	}
	n, err := strconv.Atoi(strings.TrimSpace(f.Get("reduction_pct")))
	v.Check(err == nil, "reduction_pct", "field.invalid_number")
	in.Reduction = n
	return in, web.MergeErrors(&v, in.Validate())
}

func (h *Web) createOutage(w http.ResponseWriter, r *http.Request) {
	in, err := parseOutageForm(r)
	if err == nil {
		_, err = h.Supply.CreateOutage(r.Context(), web.User(r), in)
	}
	if kern.ErrorCode(err) == kern.NotFound {
		err = kern.FieldError("facility_id", "supply.facility_unknown")
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "supply/outage_form", h.outageFormData(r, Outage{}), r.PostForm, err)
		return
	}
	h.Kit.Flash(w, "supply.outage_saved")
	web.Redirect(w, r, "/supply/calendar")
}

func (h *Web) editOutage(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var o Outage
	if err == nil {
		o, err = h.Supply.EditableOutage(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "supply/outage_form", h.outageFormData(r, o), nil, nil)
}

func (h *Web) updateOutage(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var o Outage
	if err == nil {
		o, err = h.Supply.EditableOutage(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in, err := parseOutageForm(r)
	if err == nil {
		_, err = h.Supply.UpdateOutage(r.Context(), web.User(r), id, in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "supply/outage_form", h.outageFormData(r, o), r.PostForm, err)
		return
	}
	h.Kit.Flash(w, "supply.outage_saved")
	web.Redirect(w, r, "/supply/outages")
}

func (h *Web) deleteOutage(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err == nil {
		err = h.Supply.DeleteOutage(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "supply.outage_deleted")
	web.Redirect(w, r, "/supply/outages")
}

// MaxUpload bounds an uploaded CSV file.
const MaxUpload = 4 << 20

func (h *Web) importData(rep *OutageImportReport, src string) map[string]any {
	return map[string]any{"Header": strings.Join(OutageHeader, ","), "Report": rep, "CSV": src}
}

func (h *Web) importForm(w http.ResponseWriter, r *http.Request) {
	h.Kit.RenderForm(w, r, "supply/import", h.importData(nil, ""), nil, nil)
}

// importOutages runs a dry run ("preview") or the import ("apply") of an uploaded or pasted CSV;
// a refused import shows every bad row by line and writes nothing.
func (h *Web) importOutages(w http.ResponseWriter, r *http.Request) {
	up, err := web.ReadUpload(w, r, MaxUpload)
	if err != nil {
		h.Kit.RenderForm(w, r, "supply/import", h.importData(nil, ""), url.Values{}, kern.FieldError("file", "supply.import_unreadable"))
		return
	}
	src := up.CSV
	rep, err := h.Supply.ImportOutages(r.Context(), web.User(r), strings.NewReader(src), up.DryRun)
	for i := range rep.Errors {
		rep.Errors[i].Message = h.t(r, rep.Errors[i].Key)
	}
	if err == nil && len(rep.Errors) > 0 {
		err = kern.Errorf(kern.Invalid, "supply.import_refused", len(rep.Errors))
	}
	if err == nil && rep.Applied {
		h.Kit.Flash(w, "supply.import_done")
		web.Redirect(w, r, "/supply/outages")
		return
	}
	h.Kit.RenderForm(w, r, "supply/import", h.importData(&rep, src), url.Values{"csv": {src}}, err)
}
