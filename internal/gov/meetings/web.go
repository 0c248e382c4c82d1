package meetings

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
	if err := h.Kit.Parse("meetings", templates, "templates"); err != nil {
		return err
	}
	in := h.Kit.LoggedIn
	mux.HandleFunc("GET /bodies/{id}/meetings", in(h.bodyMeetings))
	mux.HandleFunc("GET /bodies/{id}/meetings.ics", h.bodyFeed) // a session or a calendar token
	mux.HandleFunc("GET /bodies/{id}/meetings/new", in(h.newMeeting))
	mux.HandleFunc("POST /bodies/{id}/meetings", in(h.createMeeting))
	mux.HandleFunc("POST /bodies/{id}/meetings/series", in(h.createSeries))
	mux.HandleFunc("GET /meetings", in(h.list))
	mux.HandleFunc("GET /meetings/export.csv", in(h.export))
	mux.HandleFunc("GET /meetings/calendar", in(h.calendar))
	mux.HandleFunc("POST /meetings/calendar", in(h.newToken))
	mux.HandleFunc("POST /meetings/calendar/delete", in(h.revokeToken))
	mux.HandleFunc("GET /calendar/{file}", h.personFeed) // the private token is the credential
	mux.HandleFunc("GET /decisions", in(h.decisions))
	mux.HandleFunc("GET /decisions/export.csv", in(h.exportDecisions))
	h.meetingRoutes(mux)
	return nil
}

func (h *Web) bodyMeetings(w http.ResponseWriter, r *http.Request) {
	h.renderBodyMeetings(w, r, nil, nil)
}

// renderBodyMeetings shows a body's upcoming and past meetings, with the forms to schedule a
// meeting or a series for those who may.
func (h *Web) renderBodyMeetings(w http.ResponseWriter, r *http.Request, values map[string][]string, ferr error) {
	p := web.User(r)
	id, err := web.ID(r, "id")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	ctx := r.Context()
	b, err := getBody(ctx, h.Meetings.DB.Reader(ctx), id)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	upcoming, _, err := h.Meetings.Meetings(ctx, p, Filter{BodyID: id, When: "upcoming", PerPage: MaxPerPage})
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	past, pastTotal, err := h.Meetings.Meetings(ctx, p, Filter{BodyID: id, When: "past", PerPage: 24, Page: web.QueryInt(r, "page", 1)})
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	today := time.Now().In(amsterdam)
	rhythm := b.Rhythm
	if rhythm == "none" {
		rhythm = "monthly"
	}
	h.Kit.RenderForm(w, r, "meetings/body", map[string]any{
		"Body": b, "Upcoming": upcoming, "Past": past, "PastTotal": pastTotal, "Page": max(1, web.QueryInt(r, "page", 1)),
		"CanManage": h.Meetings.CanManage(ctx, p, id), "Rhythm": rhythm, "Rhythms": h.rhythmOptions(r),
		"From": today.Format("2006-01-02"), "To": time.Date(today.Year(), 12, 31, 0, 0, 0, 0, time.UTC).Format("2006-01-02"),
	}, values, ferr)
}

// parseLocal reads a datetime-local value as Amsterdam time; "" is the zero time.
func parseLocal(v *kern.Validation, field, s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation("2006-01-02T15:04", s, amsterdam)
	if err != nil {
		t, err = time.ParseInLocation("2006-01-02 15:04", s, amsterdam)
	}
	v.Check(err == nil, field, "field.invalid_date")
	return t
}

func parseDay(v *kern.Validation, field, s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse("2006-01-02", s)
	v.Check(err == nil, field, "field.invalid_date")
	return t
}

func parseMeetingForm(r *http.Request) (Input, error) {
	if err := r.ParseForm(); err != nil {
		return Input{}, err
	}
	f := r.PostForm
	var v kern.Validation
	in := Input{Title: f.Get("title"), StartsAt: parseLocal(&v, "starts_at", f.Get("starts_at")),
		EndsAt: parseLocal(&v, "ends_at", f.Get("ends_at")), Location: f.Get("location"), VideoURL: f.Get("video_url")}
	if !v.Has("starts_at") && !v.Has("ends_at") {
		return in, web.MergeErrors(&v, in.Validate())
	}
	return in, v.Err()
}

func (h *Web) newMeeting(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err == nil {
		err = h.Meetings.Gov.RequireManage(r.Context(), web.User(r), id)
	}
	var b body
	if err == nil {
		b, err = getBody(r.Context(), h.Meetings.DB.Reader(r.Context()), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "meetings/meeting_form", map[string]any{"Body": b, "M": Meeting{BodyID: id, Title: b.Name}}, nil, nil)
}

func (h *Web) createMeeting(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in, err := parseMeetingForm(r)
	if err == nil || kern.ErrorCode(err) == kern.Invalid {
		// Authorization first: someone who may not schedule sees 403, not field errors.
		if aerr := h.Meetings.Gov.RequireManage(r.Context(), web.User(r), id); aerr != nil {
			err = aerr
		}
	}
	var m Meeting
	if err == nil {
		m, err = h.Meetings.CreateMeeting(r.Context(), web.User(r), id, in)
	}
	if err != nil {
		b, berr := getBody(r.Context(), h.Meetings.DB.Reader(r.Context()), id)
		if berr != nil {
			h.Kit.Error(w, r, berr)
			return
		}
		h.Kit.RenderForm(w, r, "meetings/meeting_form", map[string]any{"Body": b, "M": Meeting{BodyID: id}}, r.PostForm, err)
		return
	}
	h.Kit.Flash(w, "meetings.created")
	web.Redirect(w, r, m.URL)
}

func (h *Web) createSeries(w http.ResponseWriter, r *http.Request) {
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
	minutes, nerr := strconv.Atoi(strings.TrimSpace(f.Get("minutes")))
	v.Check(nerr == nil, "minutes", "field.invalid_number")
	in := SeriesInput{Title: f.Get("title"), Rhythm: f.Get("rhythm"), From: parseDay(&v, "from", f.Get("from")),
		To: parseDay(&v, "to", f.Get("to")), Clock: f.Get("time"), Minutes: minutes, Location: f.Get("location"), VideoURL: f.Get("video_url")}
	err = v.Err()
	if err == nil {
		_, err = h.Meetings.CreateSeries(r.Context(), web.User(r), id, in)
	} else if aerr := h.Meetings.Gov.RequireManage(r.Context(), web.User(r), id); aerr != nil {
		err = aerr
	}
	if err != nil {
		h.renderBodyMeetings(w, r, f, err)
		return
	}
	h.Kit.Flash(w, "meetings.series_created")
	web.Redirect(w, r, "/bodies/"+strconv.FormatInt(id, 10)+"/meetings")
}

func (h *Web) rhythmOptions(r *http.Request) []web.Option {
	var out []web.Option
	for _, x := range SeriesRhythms {
		out = append(out, web.Option{Value: x, Label: h.Kit.Catalog.T(web.Lang(r), "meetings.rhythm."+x)})
	}
	return out
}

func filterFrom(r *http.Request) Filter {
	q := r.URL.Query()
	return Filter{BodyID: web.QueryID(r, "body"), Q: q.Get("q"), When: q.Get("when"), Page: web.QueryInt(r, "page", 1),
		PerPage: web.QueryInt(r, "per_page", 50)}
}

func (h *Web) bodyOptions(r *http.Request) []web.Option {
	ctx := r.Context()
	out := []web.Option{{Value: "", Label: h.Kit.Catalog.T(web.Lang(r), "list.all")}}
	list, err := h.Meetings.BodyChoices(ctx)
	if err != nil {
		return out
	}
	for _, c := range list {
		out = append(out, web.Option{Value: strconv.FormatInt(c.ID, 10), Label: c.Name})
	}
	return out
}

func (h *Web) list(w http.ResponseWriter, r *http.Request) {
	f := filterFrom(r)
	if f.When == "" && r.URL.Query().Get("when") == "" && len(r.URL.Query()) == 0 {
		f.When = "upcoming"
	}
	list, total, err := h.Meetings.Meetings(r.Context(), web.User(r), f)
	if kern.ErrorCode(err) == kern.Invalid {
		f = Filter{Q: f.Q, BodyID: f.BodyID}
		list, total, err = h.Meetings.Meetings(r.Context(), web.User(r), f)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	f.Normalize()
	h.Kit.Render(w, r, http.StatusOK, "meetings/meetings", map[string]any{"Items": list, "Total": total, "Filter": f,
		"Bodies": h.bodyOptions(r), "Export": "/meetings/export.csv?" + r.URL.RawQuery})
}

func (h *Web) export(w http.ResponseWriter, r *http.Request) {
	list, err := h.Meetings.ExportMeetings(r.Context(), web.User(r), filterFrom(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	rows := make([][]string, len(list))
	for i, m := range list {
		rows[i] = []string{strconv.FormatInt(m.ID, 10), m.BodyName, m.Title, m.StartsAt.In(amsterdam).Format("2006-01-02 15:04"),
			m.EndsAt.In(amsterdam).Format("2006-01-02 15:04"), m.Location, m.VideoURL, m.State, yesNo(m.HasMinute),
			h.Meetings.BaseURL + m.URL}
	}
	web.CSV(w, "meetings-"+time.Now().Format("2006-01-02")+".csv", []string{"id", "body", "title", "starts_at_amsterdam",
		"ends_at_amsterdam", "location", "video_url", "state", "minutes", "url"}, rows)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func decisionFilterFrom(r *http.Request) DecisionFilter {
	return DecisionFilter{BodyID: web.QueryID(r, "body"), Q: r.URL.Query().Get("q"), Page: max(1, web.QueryInt(r, "page", 1)), PerPage: 50}
}

func (h *Web) decisions(w http.ResponseWriter, r *http.Request) {
	f := decisionFilterFrom(r)
	list, total, err := h.Meetings.Decisions(r.Context(), web.User(r), f)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Render(w, r, http.StatusOK, "meetings/decisions", map[string]any{"Items": list, "Total": total, "Filter": f,
		"Bodies": h.bodyOptions(r), "Export": "/decisions/export.csv?" + r.URL.RawQuery})
}

func (h *Web) exportDecisions(w http.ResponseWriter, r *http.Request) {
	f := decisionFilterFrom(r)
	f.Page, f.PerPage = 0, 0
	list, _, err := h.Meetings.Decisions(r.Context(), web.User(r), f)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	rows := make([][]string, len(list))
	for i, o := range list {
		rows[i] = []string{o.Number, o.DecidedOn, o.BodyName, o.MeetingName, o.Text, h.Meetings.BaseURL + "/meetings/" + strconv.FormatInt(o.MeetingID, 10)}
	}
	web.CSV(w, "decisions-"+time.Now().Format("2006-01-02")+".csv", []string{"number", "decided_on", "body", "meeting", "text", "meeting_url"}, rows)
}

// writeICS answers with a calendar file; calendar programs poll it, so it may be cached briefly
// by the client only.
func writeICS(w http.ResponseWriter, name string, b []byte) {
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "private, max-age=300")
	w.Write(b)
}

func (h *Web) bodyFeed(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var name string
	var list []Meeting
	if err == nil {
		if p := web.User(r); p != nil {
			name, list, err = h.Meetings.BodyFeed(r.Context(), p, id)
		} else if token := r.URL.Query().Get("token"); token != "" {
			name, list, err = h.Meetings.BodyFeedWithToken(r.Context(), token, id)
		} else {
			err = kern.Errorf(kern.Unauthorized, "error.unauthorized")
		}
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	writeICS(w, "body-"+strconv.FormatInt(id, 10)+".ics", ICS(name, h.Meetings.BaseURL, list))
}

func (h *Web) personFeed(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		h.Kit.NotFound(w, r)
		return
	}
	name, list, err := h.Meetings.PersonFeed(r.Context(), token)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	writeICS(w, "kern.ics", ICS(name+" · Kern", h.Meetings.BaseURL, list))
}

func (h *Web) calendar(w http.ResponseWriter, r *http.Request) {
	h.renderCalendar(w, r, "")
}

func (h *Web) renderCalendar(w http.ResponseWriter, r *http.Request, token string) {
	since, err := h.Meetings.CalendarToken(r.Context(), web.User(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	link := ""
	if token != "" {
		link = h.Meetings.BaseURL + "/calendar/" + token + ".ics"
	}
	h.Kit.Render(w, r, http.StatusOK, "meetings/calendar", map[string]any{"Since": since, "Link": link})
}

func (h *Web) newToken(w http.ResponseWriter, r *http.Request) {
	token, err := h.Meetings.NewCalendarToken(r.Context(), web.User(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	// Shown once, on this answer to the post; only its hash is kept.
	h.renderCalendar(w, r, token)
}

func (h *Web) revokeToken(w http.ResponseWriter, r *http.Request) {
	if err := h.Meetings.RevokeCalendarToken(r.Context(), web.User(r)); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "meetings.calendar.revoked")
	web.Redirect(w, r, "/meetings/calendar")
}
