package gov

import (
	"embed"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/org"
	"kern/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Web serves the pages of bodies and seats.
type Web struct {
	Gov *Service
	Kit *web.Kit
}

// Routes registers the pages on mux and parses their templates.
func (h *Web) Routes(mux *http.ServeMux) error {
	if err := h.Kit.Parse("gov", templates, "templates"); err != nil {
		return err
	}
	in := h.Kit.LoggedIn
	mux.HandleFunc("GET /bodies", in(h.list))
	mux.HandleFunc("GET /bodies/export.csv", in(h.exportBodies))
	mux.HandleFunc("GET /bodies/seats.csv", in(h.exportSeats))
	mux.HandleFunc("GET /bodies/new", in(h.newBody))
	mux.HandleFunc("POST /bodies", in(h.createBody))
	mux.HandleFunc("GET /bodies/{id}", in(h.show))
	mux.HandleFunc("GET /bodies/{id}/edit", in(h.editBody))
	mux.HandleFunc("POST /bodies/{id}", in(h.updateBody))
	mux.HandleFunc("GET /bodies/{id}/seats/new", in(h.newSeat))
	mux.HandleFunc("POST /bodies/{id}/seats", in(h.createSeat))
	mux.HandleFunc("GET /bodies/{id}/seats/{seat}/edit", in(h.editSeat))
	mux.HandleFunc("POST /bodies/{id}/seats/{seat}", in(h.updateSeat))
	return nil
}

func (h *Web) t(r *http.Request, key string, args ...any) string {
	return h.Kit.Catalog.T(web.Lang(r), key, args...)
}

func (h *Web) options(r *http.Request, prefix, blank string, codes []string) []web.Option {
	return web.Options(h.Kit.Catalog, web.Lang(r), prefix, blank, codes)
}

func filterFrom(r *http.Request) BodyFilter {
	return BodyFilter{Q: strings.TrimSpace(r.URL.Query().Get("q")), Kind: r.URL.Query().Get("kind")}
}

func (h *Web) list(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	f := filterFrom(r)
	list, err := h.Gov.Bodies(r.Context(), p, f)
	if kern.ErrorCode(err) == kern.Invalid {
		f.Kind = ""
		list, err = h.Gov.Bodies(r.Context(), p, f)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	onlyWarnings := r.URL.Query().Get("warnings") != ""
	if onlyWarnings {
		kept := list[:0]
		for _, b := range list {
			if len(b.Warnings) > 0 {
				kept = append(kept, b)
			}
		}
		list = kept
	}
	ending := 0
	for _, b := range list {
		for _, s := range b.Seats {
			if s.EndsSoon {
				ending++
			}
		}
	}
	h.Kit.Render(w, r, http.StatusOK, "gov/bodies", map[string]any{"Items": list, "Total": len(list), "Filter": f,
		"OnlyWarnings": onlyWarnings, "Ending": ending, "Kinds": h.options(r, "gov.kind.", h.t(r, "list.all"), Kinds),
		"CanCreate": p.IsCoordinator() && p.CanWrite(), "Export": "/bodies/export.csv?" + r.URL.RawQuery})
}

func (h *Web) exportBodies(w http.ResponseWriter, r *http.Request) {
	list, err := h.Gov.Bodies(r.Context(), web.User(r), filterFrom(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	rows := make([][]string, len(list))
	for i, b := range list {
		current := 0
		for _, s := range b.Seats {
			if s.Current {
				current++
			}
		}
		warnings := h.warnings(r, b.Warnings)
		rows[i] = []string{strconv.FormatInt(b.ID, 10), b.Name, b.Kind, b.ReportsToName, b.Rhythm, strconv.Itoa(current),
			strings.Join(warnings, " | "), b.Goal}
	}
	web.CSV(w, "bodies-"+time.Now().Format("2006-01-02")+".csv",
		[]string{"id", "name", "kind", "reports_to", "rhythm", "current_seats", "warnings", "goal"}, rows)
}

func (h *Web) exportSeats(w http.ResponseWriter, r *http.Request) {
	list, err := h.Gov.Bodies(r.Context(), web.User(r), filterFrom(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	var rows [][]string
	for _, b := range list {
		for _, s := range b.Seats {
			end := ""
			if s.TermEnd != nil {
				end = s.TermEnd.Format("2006-01-02")
			}
			rows = append(rows, []string{strconv.FormatInt(s.ID, 10), b.Name, s.PersonName, s.Role, s.Group, s.OrgName,
				s.TermStart.Format("2006-01-02"), end, strconv.Itoa(s.TermNumber), strconv.Itoa(s.MaxTerms),
				strconv.FormatBool(s.Current), strconv.FormatBool(s.EndsSoon)})
		}
	}
	web.CSV(w, "seats-"+time.Now().Format("2006-01-02")+".csv", []string{"id", "body", "person", "role", "stakeholder_group",
		"organisation", "term_start", "term_end", "term_number", "max_terms", "current", "ends_soon"}, rows)
}

func (h *Web) show(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	id, err := web.ID(r, "id")
	var b Body
	if err == nil {
		b, err = h.Gov.Body(r.Context(), p, id)
	}
	var can bool
	if err == nil {
		can, err = h.Gov.CanManage(r.Context(), p, id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	var current, past []Seat
	for _, s := range b.Seats {
		if s.Current || s.TermStart.After(h.Gov.Today()) {
			current = append(current, s)
		} else {
			past = append(past, s)
		}
	}
	var missing []string
	for _, x := range b.Warnings {
		if x.Kind == "group_without_seat" {
			missing = x.Args
		}
	}
	h.Kit.Render(w, r, http.StatusOK, "gov/body", map[string]any{"Body": b, "Current": current, "Past": past, "MissingGroups": missing,
		"CanManage": can, "CanEditKind": p.IsCoordinator(), "Warnings": h.warnings(r, b.Warnings)})
}

// warnings are a body's warnings in the page's language.
func (h *Web) warnings(r *http.Request, ws []Warning) []string {
	var out []string
	for _, x := range ws {
		out = append(out, h.warningText(r, x))
	}
	return out
}

func (h *Web) warningText(r *http.Request, x Warning) string {
	switch x.Kind {
	case "group_without_seat":
		var names []string
		for _, g := range x.Args {
			names = append(names, h.t(r, "group."+g))
		}
		return h.t(r, "gov.warning.group_without_seat", strings.Join(names, ", "))
	case "osg_out_of_step":
		return h.t(r, "gov.warning.osg_out_of_step", or(x.Args[0], "—"), or(x.Args[1], "—"))
	case "not_met":
		if x.Args[0] == "" {
			return h.t(r, "gov.warning.never_met")
		}
		return h.t(r, "gov.warning.not_met", x.Args[0])
	}
	return h.t(r, "gov.warning."+x.Kind)
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (h *Web) bodyFormData(r *http.Request, b Body) map[string]any {
	p := web.User(r)
	none := h.t(r, "gov.none")
	bodies, _ := h.Gov.Bodies(r.Context(), p, BodyFilter{})
	reports := []web.Option{{Value: "", Label: none}}
	for _, x := range bodies {
		if x.ID != b.ID {
			reports = append(reports, web.Option{Value: strconv.FormatInt(x.ID, 10), Label: x.Name})
		}
	}
	people, _ := h.Gov.PersonChoices(r.Context(), p)
	liaisons := []web.Option{{Value: "", Label: none}}
	for _, x := range people {
		liaisons = append(liaisons, web.Option{Value: strconv.FormatInt(x.ID, 10), Label: x.Name})
	}
	return map[string]any{"Body": b, "Kinds": h.options(r, "gov.kind.", h.t(r, "gov.choose"), Kinds),
		"Rhythms": h.options(r, "gov.rhythm.", "", Rhythms), "ReportsTo": reports, "Liaisons": liaisons,
		"CanEditKind": p.IsCoordinator()}
}

func (h *Web) newBody(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	if !p.IsCoordinator() || !p.CanWrite() {
		h.Kit.Error(w, r, kern.Errorf(kern.Forbidden, "error.forbidden"))
		return
	}
	b := Body{Kind: r.URL.Query().Get("kind"), Rhythm: "monthly"}
	if b.Kind == "steering_group" {
		b.RequiresAllGroups, b.RequiresNeutralChair, b.Rhythm = true, true, "quarterly"
	}
	h.Kit.RenderForm(w, r, "gov/body_form", h.bodyFormData(r, b), nil, nil)
}

func parseBodyForm(r *http.Request) (BodyInput, url.Values, error) {
	if err := r.ParseForm(); err != nil {
		return BodyInput{}, nil, err
	}
	f := r.PostForm
	var v kern.Validation
	in := BodyInput{Kind: f.Get("kind"), Name: f.Get("name"), ShortName: f.Get("short_name"), Goal: f.Get("goal"),
		Scope: f.Get("scope"), Deliverables: f.Get("deliverables"), Rhythm: f.Get("rhythm"),
		RequiresAllGroups: f.Get("requires_all_groups") != "", RequiresNeutralChair: f.Get("requires_neutral_chair") != ""}
	in.ReportsTo = web.FormID(&v, f, "reports_to", "gov.body_unknown")
	in.LiaisonPersonID = web.FormID(&v, f, "liaison_person_id", "gov.person_unknown")
	return in, f, web.MergeErrors(&v, in.Validate())
}

func (h *Web) createBody(w http.ResponseWriter, r *http.Request) {
	in, values, err := parseBodyForm(r)
	var b Body
	if err == nil {
		b, err = h.Gov.CreateBody(r.Context(), web.User(r), in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "gov/body_form", h.bodyFormData(r, Body{}), values, err)
		return
	}
	h.Kit.Flash(w, "gov.saved")
	web.Redirect(w, r, "/bodies/"+strconv.FormatInt(b.ID, 10))
}

func (h *Web) editBody(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var b Body
	if err == nil {
		b, err = h.Gov.Body(r.Context(), web.User(r), id)
	}
	if err == nil {
		err = h.Gov.RequireManage(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "gov/body_form", h.bodyFormData(r, b), nil, nil)
}

func (h *Web) updateBody(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in, values, err := parseBodyForm(r)
	if err == nil {
		_, err = h.Gov.UpdateBody(r.Context(), web.User(r), id, in)
	}
	if err != nil {
		b, gerr := h.Gov.Body(r.Context(), web.User(r), id)
		if gerr != nil || kern.ErrorCode(err) == kern.Forbidden {
			h.Kit.Error(w, r, err)
			return
		}
		h.Kit.RenderForm(w, r, "gov/body_form", h.bodyFormData(r, b), values, err)
		return
	}
	h.Kit.Flash(w, "gov.saved")
	web.Redirect(w, r, "/bodies/"+strconv.FormatInt(id, 10))
}

func (h *Web) seatFormData(r *http.Request, b Body, s Seat) map[string]any {
	p := web.User(r)
	choose, none := h.t(r, "gov.choose"), h.t(r, "gov.none")
	people, _ := h.Gov.PersonChoices(r.Context(), p)
	popts := []web.Option{{Value: "", Label: choose}}
	for _, x := range people {
		popts = append(popts, web.Option{Value: strconv.FormatInt(x.ID, 10), Label: x.Name})
	}
	orgs, _ := h.Gov.OrgChoices(r.Context(), p)
	oopts := []web.Option{{Value: "", Label: none}}
	for _, x := range orgs {
		oopts = append(oopts, web.Option{Value: strconv.FormatInt(x.ID, 10), Label: x.Name})
	}
	start, end := "", ""
	if !s.TermStart.IsZero() {
		start = s.TermStart.Format("2006-01-02")
	}
	if s.TermEnd != nil {
		end = s.TermEnd.Format("2006-01-02")
	}
	return map[string]any{"Body": b, "Seat": s, "People": popts, "Orgs": oopts, "Roles": h.options(r, "gov.role.", choose, Roles),
		"Groups": h.options(r, "group.", none, org.Groups), "TermStart": start, "TermEnd": end}
}

func parseSeatForm(r *http.Request) (SeatInput, url.Values, error) {
	if err := r.ParseForm(); err != nil {
		return SeatInput{}, nil, err
	}
	f := r.PostForm
	var v kern.Validation
	in := SeatInput{Role: f.Get("role"), Group: f.Get("stakeholder_group"), Neutral: f.Get("neutral") != ""}
	if id := web.FormID(&v, f, "person_id", "gov.person_unknown"); id != nil {
		in.PersonID = *id
	}
	in.OrgID = web.FormID(&v, f, "org_id", "gov.org_unknown")
	if d := web.FormDate(&v, f, "term_start"); d != nil {
		in.TermStart = *d
	}
	in.TermEnd = web.FormDate(&v, f, "term_end")
	for name, dst := range map[string]*int{"term_number": &in.TermNumber, "max_terms": &in.MaxTerms} {
		if s := strings.TrimSpace(f.Get(name)); s != "" {
			n, err := strconv.Atoi(s)
			if v.Check(err == nil, name, "field.invalid_number") {
				*dst = n
			}
		}
	}
	return in, f, web.MergeErrors(&v, in.Validate())
}

func (h *Web) seatPage(w http.ResponseWriter, r *http.Request) (Body, bool) {
	id, err := web.ID(r, "id")
	var b Body
	if err == nil {
		b, err = h.Gov.Body(r.Context(), web.User(r), id)
	}
	if err == nil {
		err = h.Gov.RequireManage(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return b, false
	}
	return b, true
}

func (h *Web) newSeat(w http.ResponseWriter, r *http.Request) {
	b, ok := h.seatPage(w, r)
	if !ok {
		return
	}
	s := Seat{Role: r.URL.Query().Get("role"), Group: r.URL.Query().Get("group"), TermStart: h.Gov.Today(), TermNumber: 1}
	h.Kit.RenderForm(w, r, "gov/seat_form", h.seatFormData(r, b, s), nil, nil)
}

func (h *Web) createSeat(w http.ResponseWriter, r *http.Request) {
	b, ok := h.seatPage(w, r)
	if !ok {
		return
	}
	in, values, err := parseSeatForm(r)
	if err == nil {
		_, err = h.Gov.AddSeat(r.Context(), web.User(r), b.ID, in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "gov/seat_form", h.seatFormData(r, b, Seat{}), values, err)
		return
	}
	h.Kit.Flash(w, "gov.seat_saved")
	web.Redirect(w, r, "/bodies/"+strconv.FormatInt(b.ID, 10))
}

func (h *Web) editSeat(w http.ResponseWriter, r *http.Request) {
	b, ok := h.seatPage(w, r)
	if !ok {
		return
	}
	sid, err := web.ID(r, "seat")
	var s Seat
	if err == nil {
		s, err = h.Gov.Seat(r.Context(), web.User(r), b.ID, sid)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "gov/seat_form", h.seatFormData(r, b, s), nil, nil)
}

func (h *Web) updateSeat(w http.ResponseWriter, r *http.Request) {
	b, ok := h.seatPage(w, r)
	if !ok {
		return
	}
	sid, err := web.ID(r, "seat")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in, values, err := parseSeatForm(r)
	if err == nil {
		_, err = h.Gov.UpdateSeat(r.Context(), web.User(r), b.ID, sid, in)
	}
	if err != nil {
		s, _ := h.Gov.Seat(r.Context(), web.User(r), b.ID, sid)
		h.Kit.RenderForm(w, r, "gov/seat_form", h.seatFormData(r, b, s), values, err)
		return
	}
	h.Kit.Flash(w, "gov.seat_saved")
	web.Redirect(w, r, "/bodies/"+strconv.FormatInt(b.ID, 10))
}
