package meetings

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kern"
	"kern/internal/web"
)

func (h *Web) meetingRoutes(mux *http.ServeMux) {
	in := h.Kit.LoggedIn
	mux.HandleFunc("GET /meetings/{id}", in(h.show))
	mux.HandleFunc("GET /meetings/{id}/edit", in(h.edit))
	mux.HandleFunc("POST /meetings/{id}", in(h.update))
	mux.HandleFunc("POST /meetings/{id}/delete", in(h.delete))
	mux.HandleFunc("POST /meetings/{id}/state", in(h.state))
	mux.HandleFunc("POST /meetings/{id}/agenda", in(h.addItem))
	mux.HandleFunc("POST /meetings/{id}/agenda/{item}/park", in(h.parkItem))
	mux.HandleFunc("POST /meetings/{id}/agenda/{item}/move", in(h.moveItem))
	mux.HandleFunc("POST /meetings/{id}/agenda/{item}/delete", in(h.deleteItem))
	mux.HandleFunc("POST /meetings/{id}/attendance", in(h.attendance))
	mux.HandleFunc("POST /meetings/{id}/outcomes", in(h.addOutcome))
	mux.HandleFunc("POST /meetings/{id}/minutes", in(h.saveMinutes))
	mux.HandleFunc("POST /meetings/{id}/minutes/amend", in(h.amendMinutes))
}

// version is a version of the minutes with its rendering.
type version struct {
	Minutes
	HTML template.HTML
}

func (h *Web) show(w http.ResponseWriter, r *http.Request) { h.renderMeeting(w, r, nil, nil) }

// renderMeeting shows the meeting page; after a refused form, with that form's values and
// errors (the hidden field "form" says which of the page's forms it was).
func (h *Web) renderMeeting(w http.ResponseWriter, r *http.Request, values url.Values, ferr error) {
	p := web.User(r)
	id, err := web.ID(r, "id")
	var d Details
	if err == nil {
		d, err = h.Meetings.Meeting(r.Context(), p, id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	manage := h.Meetings.CanManage(r.Context(), p, d.BodyID)
	data := map[string]any{"M": d, "CanManage": manage, "Edit": manage && d.State != Closed, "NextState": NextState(d.State),
		"Kinds": OutcomeKinds, "Statuses": AttendanceStatuses}
	var versions []version
	for _, v := range d.Versions {
		versions = append(versions, version{Minutes: v, HTML: web.Markdown(v.Text)})
	}
	data["Versions"] = versions
	if manage && d.State != Closed {
		acts, kpis, challenges, err := h.Meetings.LinkChoices(r.Context())
		if err != nil {
			h.Kit.Error(w, r, err)
			return
		}
		data["Actions"], data["KPIs"], data["Challenges"] = acts, kpis, challenges
	}
	if ferr != nil && values == nil {
		values = url.Values{}
	}
	h.Kit.RenderForm(w, r, "meetings/meeting", data, values, ferr)
}

// after answers a form of the meeting page: back to the page, or the page again with the error.
func (h *Web) after(w http.ResponseWriter, r *http.Request, err error, flash, anchor string) {
	if err != nil {
		if e := kern.AsError(err); e != nil && (e.Code == kern.Invalid || e.Code == kern.Conflict) {
			h.renderMeeting(w, r, r.PostForm, err)
			return
		}
		h.Kit.Error(w, r, err)
		return
	}
	if flash != "" {
		h.Kit.Flash(w, flash)
	}
	web.Redirect(w, r, "/meetings/"+r.PathValue("id")+anchor)
}

func (h *Web) edit(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var m Meeting
	if err == nil {
		m, err = h.Meetings.manageable(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "meetings/meeting_form", map[string]any{"Body": body{ID: m.BodyID, Name: m.BodyName}, "M": m}, nil, nil)
}

func (h *Web) update(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	m, err := h.Meetings.manageable(r.Context(), web.User(r), id)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in, err := parseMeetingForm(r)
	if err == nil {
		_, err = h.Meetings.UpdateMeeting(r.Context(), web.User(r), id, in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "meetings/meeting_form", map[string]any{"Body": body{ID: m.BodyID, Name: m.BodyName}, "M": m}, r.PostForm, err)
		return
	}
	h.Kit.Flash(w, "meetings.updated")
	web.Redirect(w, r, m.URL)
}

func (h *Web) delete(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var m Meeting
	if err == nil {
		m, err = h.Meetings.manageable(r.Context(), web.User(r), id)
	}
	if err == nil {
		err = h.Meetings.DeleteMeeting(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.after(w, r, err, "", "")
		return
	}
	h.Kit.Flash(w, "meetings.deleted")
	web.Redirect(w, r, "/bodies/"+strconv.FormatInt(m.BodyID, 10)+"/meetings")
}

func (h *Web) state(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err == nil {
		_, err = h.Meetings.SetState(r.Context(), web.User(r), id, r.PostForm.Get("state"))
	}
	h.after(w, r, err, "meetings.state_changed", "")
}

// optID reads an optional id field; a malformed one is a field error.
func optID(v *kern.Validation, f url.Values, name string) *int64 {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if !v.Check(err == nil && id > 0, name, "meetings.link_unknown") {
		return nil
	}
	return &id
}

func parseItemForm(r *http.Request) (ItemInput, error) {
	if err := r.ParseForm(); err != nil {
		return ItemInput{}, err
	}
	f := r.PostForm
	var v kern.Validation
	dur := 0
	if s := strings.TrimSpace(f.Get("duration_minutes")); s != "" {
		n, err := strconv.Atoi(s)
		v.Check(err == nil, "duration_minutes", "field.invalid_number")
		dur = n
	}
	in := ItemInput{Title: f.Get("title"), DurationMinutes: dur, PresenterID: optID(&v, f, "presenter_person_id"),
		PresenterText: f.Get("presenter_text")}
	// One picker says what the item is about: "action:12", "kpi:3" or "challenge:7".
	if kind, idText, ok := strings.Cut(f.Get("link"), ":"); ok {
		id, err := strconv.ParseInt(idText, 10, 64)
		if v.Check(err == nil && id > 0, "link", "meetings.link_unknown") {
			switch kind {
			case "action":
				in.ActionID = &id
			case "kpi":
				in.KPIID = &id
			case "challenge":
				in.ChallengeID = &id
			default:
				v.Add("link", "meetings.link_unknown")
			}
		}
	}
	return in, web.MergeErrors(&v, in.Validate())
}

func (h *Web) addItem(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var in ItemInput
	if err == nil {
		in, err = parseItemForm(r)
	}
	if err == nil || kern.ErrorCode(err) == kern.Invalid {
		if _, aerr := h.Meetings.manageable(r.Context(), web.User(r), id); aerr != nil {
			err = aerr
		}
	}
	if err == nil {
		_, err = h.Meetings.AddItem(r.Context(), web.User(r), id, in)
	}
	h.after(w, r, err, "", "#agenda")
}

func (h *Web) itemIDs(r *http.Request) (int64, int64, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return 0, 0, err
	}
	item, err := web.ID(r, "item")
	if err == nil {
		err = r.ParseForm()
	}
	return id, item, err
}

func (h *Web) parkItem(w http.ResponseWriter, r *http.Request) {
	id, item, err := h.itemIDs(r)
	if err == nil {
		_, err = h.Meetings.ParkItem(r.Context(), web.User(r), id, item, r.PostForm.Get("park") == "1")
	}
	h.after(w, r, err, "", "#agenda")
}

func (h *Web) moveItem(w http.ResponseWriter, r *http.Request) {
	id, item, err := h.itemIDs(r)
	if err == nil {
		dir := 1
		if r.PostForm.Get("dir") == "up" {
			dir = -1
		}
		err = h.Meetings.MoveItem(r.Context(), web.User(r), id, item, dir)
	}
	h.after(w, r, err, "", "#agenda")
}

func (h *Web) deleteItem(w http.ResponseWriter, r *http.Request) {
	id, item, err := h.itemIDs(r)
	if err == nil {
		err = h.Meetings.DeleteItem(r.Context(), web.User(r), id, item)
	}
	h.after(w, r, err, "", "#agenda")
}

func (h *Web) attendance(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in := AttendanceInput{Statuses: map[int64]string{}}
	for k, vals := range r.PostForm {
		if s, ok := strings.CutPrefix(k, "status_"); ok {
			if pid, err := strconv.ParseInt(s, 10, 64); err == nil && len(vals) > 0 {
				in.Statuses[pid] = vals[0]
			}
		}
	}
	for _, g := range strings.Split(r.PostForm.Get("guests"), "\n") {
		in.Guests = append(in.Guests, strings.TrimSpace(g))
	}
	_, err = h.Meetings.SetAttendance(r.Context(), web.User(r), id, in)
	h.after(w, r, err, "meetings.attendance_saved", "#attendance")
}

func (h *Web) addOutcome(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	f := r.PostForm
	var v kern.Validation
	in := OutcomeInput{Kind: f.Get("kind"), Text: f.Get("text"), ItemID: optID(&v, f, "agenda_item_id"), ActionTitle: f.Get("action_title")}
	if s := strings.TrimSpace(f.Get("due_on")); s != "" {
		d := parseDay(&v, "due_on", s)
		in.DueOn = &d
	}
	err = web.MergeErrors(&v, in.Validate())
	if err == nil || kern.ErrorCode(err) == kern.Invalid {
		if _, aerr := h.Meetings.manageable(r.Context(), web.User(r), id); aerr != nil {
			err = aerr
		}
	}
	if err == nil {
		_, err = h.Meetings.AddOutcome(r.Context(), web.User(r), id, in)
	}
	h.after(w, r, err, "meetings.outcome_recorded", "#outcomes")
}

func (h *Web) saveMinutes(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err == nil {
		_, err = h.Meetings.SaveMinutes(r.Context(), web.User(r), id, MinutesInput{Text: r.PostForm.Get("minutes")})
	}
	h.after(w, r, err, "meetings.minutes_saved", "#minutes")
}

func (h *Web) amendMinutes(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err == nil {
		_, err = h.Meetings.AmendMinutes(r.Context(), web.User(r), id, MinutesInput{Text: r.PostForm.Get("minutes"), Reason: r.PostForm.Get("reason")})
	}
	h.after(w, r, err, "meetings.minutes_amended", "#minutes")
}
