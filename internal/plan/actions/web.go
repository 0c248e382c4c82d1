package actions

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

//go:embed static/actions.css
var stylesheet []byte

// stylesheetURL carries the content hash, so the file is cached for good and a new release is
// fetched at once (like the web kit's assets).
var stylesheetURL = func() string {
	sum := sha256.Sum256(stylesheet)
	return "/actions/assets/" + hex.EncodeToString(sum[:6]) + "/actions.css"
}()

// Routes registers the pages on mux and parses their templates.
func (h *Web) Routes(mux *http.ServeMux) error {
	if err := h.Kit.Parse("actions", templates, "templates"); err != nil {
		return err
	}
	in := h.Kit.LoggedIn
	mux.HandleFunc("GET /actions/assets/{hash}/actions.css", h.css)
	mux.HandleFunc("GET /actions", in(h.list))
	mux.HandleFunc("GET /actions/export.csv", in(h.export))
	mux.HandleFunc("GET /actions/new", in(h.newAction))
	mux.HandleFunc("POST /actions", in(h.create))
	mux.HandleFunc("GET /actions/roadmap", in(h.roadmap))
	mux.HandleFunc("GET /actions/roadmap.json", in(h.roadmapJSON))
	mux.HandleFunc("GET /actions/matrix", in(h.matrix))
	mux.HandleFunc("GET /actions/progress", in(h.progress))
	mux.HandleFunc("GET /actions/plan", in(h.document))
	mux.HandleFunc("GET /actions/{id}", in(h.show))
	mux.HandleFunc("GET /actions/{id}/edit", in(h.edit))
	mux.HandleFunc("POST /actions/{id}", in(h.update))
	mux.HandleFunc("POST /actions/{id}/delete", in(h.delete))
	mux.HandleFunc("POST /actions/{id}/checkins", in(h.addCheckIn))
	mux.HandleFunc("POST /actions/{id}/relations", in(h.addRelation))
	mux.HandleFunc("POST /actions/{id}/relations/{rid}/delete", in(h.deleteRelation))
	return nil
}

func (h *Web) css(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	if strings.Contains(stylesheetURL, "/"+r.PathValue("hash")+"/") {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Write(stylesheet)
}

// page is what every page of the action plan gets besides its own data.
func (h *Web) page(r *http.Request, data map[string]any) map[string]any {
	data["CSS"] = stylesheetURL
	data["CanPropose"] = CanProposeAction(web.User(r))
	data["IsCoordinator"] = web.User(r).IsCoordinator()
	return data
}

func (h *Web) t(r *http.Request, key string, args ...any) string {
	return h.Kit.Catalog.T(web.Lang(r), key, args...)
}

func statusCodes() []string {
	out := make([]string, len(Statuses))
	for i, s := range Statuses {
		out[i] = string(s)
	}
	return out
}

func roleCodes() []string {
	out := make([]string, len(Roles))
	for i, r := range Roles {
		out[i] = string(r)
	}
	return out
}

func flag(q url.Values, name string) bool {
	switch q.Get(name) {
	case "1", "true", "on", "yes":
		return true
	}
	return false
}

func filterFrom(r *http.Request) Filter {
	q := r.URL.Query()
	return Filter{Q: q.Get("q"), Status: q.Get("status"), OwnerGroup: q.Get("owner_group"), Group: q.Get("group"),
		Role: q.Get("role"), Stage: q.Get("stage"), Enabler: q.Get("enabler"), ChallengeID: web.QueryID(r, "challenge"),
		GoalID: web.QueryID(r, "goal"), PillarID: web.QueryID(r, "pillar"), OwnerID: web.QueryID(r, "owner"),
		QuickWin: flag(q, "quick_win"), Overdue: flag(q, "overdue"), Blocked: flag(q, "blocked"), Critical: flag(q, "critical"),
		Sort: q.Get("sort"), Page: web.QueryInt(r, "page", 1), PerPage: web.QueryInt(r, "per_page", 50)}
}

// filtered loads the board and the actions the request's filter selects; a hand-edited URL with
// an unknown value shows everything rather than fail.
func (h *Web) filtered(r *http.Request) (*Board, []View, Filter, error) {
	return h.filteredBy(r, "")
}

// filteredBy is filtered with another order than the list's when the request names none.
func (h *Web) filteredBy(r *http.Request, sort string) (*Board, []View, Filter, error) {
	f := filterFrom(r)
	if f.Sort == "" {
		f.Sort = sort
	}
	if f.Normalize() != nil {
		f = Filter{Q: f.Q}
		f.Normalize()
	}
	b, err := h.Actions.Board(r.Context(), web.User(r))
	if err != nil {
		return nil, nil, f, err
	}
	return b, f.Apply(b), f, nil
}

// filterData is what the filter form needs.
func (h *Web) filterData(r *http.Request, b *Board, f Filter, data map[string]any) map[string]any {
	lang := web.Lang(r)
	all := h.t(r, "list.all")
	cat := h.Kit.Catalog
	groups := []web.Option{{Value: "", Label: all}}
	for _, g := range b.OwnerGroups() {
		groups = append(groups, web.Option{Value: g, Label: g})
	}
	data["Filter"] = f
	data["Statuses"] = web.Options(cat, lang, "actions.status.", all, statusCodes())
	data["OwnerGroups"] = groups
	data["Groups"] = web.Options(cat, lang, "group.", all, Groups)
	data["Roles"] = web.Options(cat, lang, "actions.role.", all, roleCodes())
	data["Stages"] = web.Options(cat, lang, "plan.stage.", all, Stages)
	data["Enablers"] = web.Options(cat, lang, "plan.enabler.", all, Enablers)
	data["Query"] = r.URL.RawQuery
	return data
}

func (h *Web) list(w http.ResponseWriter, r *http.Request) {
	b, all, f, err := h.filtered(r)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	from := min((f.Page-1)*f.PerPage, len(all))
	to := min(from+f.PerPage, len(all))
	data := h.filterData(r, b, f, map[string]any{"Items": all[from:to], "Total": len(all), "Empty": len(b.Actions) == 0})
	h.Kit.Render(w, r, http.StatusOK, "actions/actions", h.page(r, data))
}

func dateCell(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format("2006-01-02")
}

func (h *Web) export(w http.ResponseWriter, r *http.Request) {
	_, list, _, err := h.filtered(r)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	rows := make([][]string, len(list))
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	for i, v := range list {
		var chs, goals, roles []string
		for _, c := range v.Challenges {
			chs = append(chs, c.Title)
		}
		for _, g := range v.Goals {
			goals = append(goals, g.Title)
		}
		for _, ro := range v.Roles {
			roles = append(roles, ro.Group+":"+string(ro.Role))
		}
		rows[i] = []string{strconv.FormatInt(v.ID, 10), v.Title, string(v.Status), v.DropReason, v.OwnerGroup, v.OwnerName,
			dateCell(v.StartOn), dateCell(v.DueOn), yes(v.QuickWin), strconv.FormatFloat(v.Weight, 'f', -1, 64), yes(v.Public),
			strconv.FormatFloat(v.Progress, 'f', 0, 64), yes(v.Overdue), yes(v.Blocked), yes(v.Critical),
			strings.Join(chs, "; "), strings.Join(goals, "; "), strings.Join(roles, "; ")}
	}
	web.CSV(w, "actions-"+h.Actions.Today().Format("2006-01-02")+".csv", []string{"id", "title", "status", "drop_reason",
		"owner_group", "owner", "start_on", "due_on", "quick_win", "weight", "public", "progress", "overdue", "blocked",
		"critical", "challenges", "goals", "roles"}, rows)
}

func (h *Web) show(w http.ResponseWriter, r *http.Request) {
	h.showWith(w, r, nil, nil)
}

// showWith renders the action page, with a check-in or relation form shown again on an error.
func (h *Web) showWith(w http.ResponseWriter, r *http.Request, values url.Values, formErr error) {
	p := web.User(r)
	id, err := web.ID(r, "id")
	var b *Board
	if err == nil {
		b, err = h.Actions.Board(r.Context(), p)
	}
	i, ok := 0, false
	if err == nil {
		if i, ok = b.byID[id]; !ok {
			err = kern.Errorf(kern.NotFound, "error.not_found")
		}
	}
	var checkins []CheckIn
	var rels []Relation
	if err == nil {
		checkins, err = h.Actions.CheckIns(r.Context(), p, id)
	}
	if err == nil {
		rels, err = h.Actions.Relations(r.Context(), p, id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	v := b.view(i)
	lang := web.Lang(r)
	targets := []web.Option{{Value: "", Label: h.t(r, "actions.choose")}}
	for _, a := range b.Actions {
		if a.ID != id {
			targets = append(targets, web.Option{Value: strconv.FormatInt(a.ID, 10), Label: a.Title})
		}
	}
	kinds := []web.Option{}
	for _, k := range RelationKinds {
		kinds = append(kinds, web.Option{Value: string(k), Label: h.Kit.Catalog.T(lang, "actions.relation."+string(k))})
	}
	conf := []web.Option{}
	for _, c := range Confidences {
		conf = append(conf, web.Option{Value: c, Label: h.Kit.Catalog.T(lang, "actions.confidence."+c)})
	}
	blockers := []Link{}
	for _, bid := range v.BlockedBy {
		if a, ok := b.Action(bid); ok {
			blockers = append(blockers, Link{ID: a.ID, Title: a.Title})
		}
	}
	data := h.page(r, map[string]any{"A": v, "CheckIns": checkins, "Relations": rels, "Blockers": blockers,
		"CanEdit": CanEditAction(p, v.Action), "CanDelete": CanDeleteAction(p), "Targets": targets, "Kinds": kinds,
		"Confidences": conf, "Today": h.Actions.Today(), "GroupCodes": Groups})
	h.Kit.RenderForm(w, r, "actions/action", data, values, formErr)
}

func (h *Web) addCheckIn(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		h.Kit.Error(w, r, kern.Errorf(kern.Invalid, "error.bad_request"))
		return
	}
	f := r.PostForm
	var v kern.Validation
	in := CheckInInput{Confidence: f.Get("confidence"), Note: f.Get("note")}
	in.Progress, err = strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(f.Get("progress")), "%")))
	v.Check(err == nil, "progress", "actions.progress_range")
	if s := strings.TrimSpace(f.Get("checked_on")); s != "" {
		d, err := time.Parse("2006-01-02", s)
		if v.Check(err == nil, "checked_on", "field.invalid_date") {
			in.CheckedOn = &d
		}
	}
	err = v.Err()
	if err == nil {
		_, err = h.Actions.AddCheckIn(r.Context(), web.User(r), id, in)
	}
	if err != nil {
		h.showWith(w, r, f, err)
		return
	}
	h.Kit.Flash(w, "actions.checkin_added")
	web.Redirect(w, r, "/actions/"+strconv.FormatInt(id, 10)+"#checkins")
}

func (h *Web) addRelation(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		h.Kit.Error(w, r, kern.Errorf(kern.Invalid, "error.bad_request"))
		return
	}
	f := r.PostForm
	var v kern.Validation
	in := RelationInput{Kind: RelationKind(f.Get("kind"))}
	if s := f.Get("to_id"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if v.Check(err == nil, "to_id", "actions.relation_unknown") {
			in.ToID = n
		}
	}
	if s := strings.TrimSpace(f.Get("lag_days")); s != "" {
		n, err := strconv.Atoi(s)
		if v.Check(err == nil, "lag_days", "actions.lag_range") {
			in.LagDays = n
		}
	}
	err = v.Err()
	if err == nil {
		_, err = h.Actions.AddRelation(r.Context(), web.User(r), id, in)
	}
	if err != nil {
		h.showWith(w, r, f, err)
		return
	}
	h.Kit.Flash(w, "actions.relation_added")
	web.Redirect(w, r, "/actions/"+strconv.FormatInt(id, 10)+"#relations")
}

func (h *Web) deleteRelation(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var rid int64
	if err == nil {
		rid, err = web.ID(r, "rid")
	}
	if err == nil {
		err = h.Actions.DeleteRelation(r.Context(), web.User(r), id, rid)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "actions.relation_deleted")
	web.Redirect(w, r, "/actions/"+strconv.FormatInt(id, 10)+"#relations")
}

func (h *Web) delete(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err == nil {
		err = h.Actions.DeleteAction(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "actions.deleted")
	web.Redirect(w, r, "/actions")
}
