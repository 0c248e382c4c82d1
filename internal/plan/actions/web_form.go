package actions

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/web"
)

// Suggested names of the thematic action groups, offered beside those already in use.
var suggestedGroups = []string{"Actiegroep Isotopenvoorziening", "Actiegroep Data en registries",
	"Actiegroep Onderzoek en innovatie", "Actiegroep Zorg en toegang", "Actiegroep Communicatie en dialoog"}

// choiceGroup is a heading with the challenges or goals under it, for the form's checkboxes.
type choiceGroup struct {
	Label   string
	Choices []Choice
}

func (h *Web) formData(r *http.Request, a Action) (map[string]any, error) {
	p := web.User(r)
	lang := web.Lang(r)
	cat := h.Kit.Catalog
	challenges, goals, err := h.Actions.Choices(r.Context(), p)
	if err != nil {
		return nil, err
	}
	var chGroups, goalGroups []choiceGroup
	for _, c := range challenges {
		label := cat.T(lang, "plan.stage."+c.Group)
		if n := len(chGroups); n == 0 || chGroups[n-1].Label != label {
			chGroups = append(chGroups, choiceGroup{Label: label})
		}
		chGroups[len(chGroups)-1].Choices = append(chGroups[len(chGroups)-1].Choices, c)
	}
	for _, g := range goals {
		if n := len(goalGroups); n == 0 || goalGroups[n-1].Label != g.Group {
			goalGroups = append(goalGroups, choiceGroup{Label: g.Group})
		}
		goalGroups[len(goalGroups)-1].Choices = append(goalGroups[len(goalGroups)-1].Choices, g)
	}
	data := map[string]any{"A": a, "ChallengeGroups": chGroups, "GoalGroups": goalGroups,
		"Statuses":    web.Options(cat, lang, "actions.status.", cat.T(lang, "actions.choose"), statusCodes())[1:],
		"RoleOptions": web.Options(cat, lang, "actions.role.", cat.T(lang, "actions.role.none"), roleCodes()),
		"GroupCodes":  Groups, "Suggested": suggestedGroups}
	if p.IsCoordinator() {
		owners, err := h.Actions.Owners(r.Context(), p)
		if err != nil {
			return nil, err
		}
		opts := []web.Option{{Value: "", Label: cat.T(lang, "actions.owner_me")}}
		for _, o := range owners {
			opts = append(opts, web.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
		}
		data["Owners"] = opts
	}
	return h.page(r, data), nil
}

// checkedIDs and role choices of the form being shown: the submitted ones after an error, else
// the action's.
func linkIDs(links []Link) map[int64]bool {
	m := map[int64]bool{}
	for _, l := range links {
		m[l.ID] = true
	}
	return m
}

func (h *Web) renderForm(w http.ResponseWriter, r *http.Request, a Action, values url.Values, formErr error) {
	data, err := h.formData(r, a)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	checked := map[string]map[int64]bool{"challenge_ids": linkIDs(a.Challenges), "goal_ids": linkIDs(a.Goals)}
	roles := map[string]string{}
	for _, ro := range a.Roles {
		roles[ro.Group] = string(ro.Role)
	}
	if values != nil {
		for name := range checked {
			checked[name] = map[int64]bool{}
			for _, s := range values[name] {
				if id, err := strconv.ParseInt(s, 10, 64); err == nil {
					checked[name][id] = true
				}
			}
		}
		for _, g := range Groups {
			roles[g] = values.Get("role_" + g)
		}
	}
	data["Checked"], data["RoleOf"] = checked, roles
	h.Kit.RenderForm(w, r, "actions/action_form", data, values, formErr)
}

func (h *Web) newAction(w http.ResponseWriter, r *http.Request) {
	if !CanProposeAction(web.User(r)) {
		h.Kit.Error(w, r, kern.Errorf(kern.Forbidden, "error.forbidden"))
		return
	}
	a := Action{Status: Planned, Weight: 1}
	if !web.User(r).IsCoordinator() {
		a.Status = Proposed
	}
	// Linked from a goal or challenge page: that link ticked already.
	if id := web.QueryID(r, "goal"); id > 0 {
		a.Goals = []Link{{ID: id}}
	}
	if id := web.QueryID(r, "challenge"); id > 0 {
		a.Challenges = []Link{{ID: id}}
	}
	h.renderForm(w, r, a, nil, nil)
}

// parseForm reads the action form; what does not parse becomes a field error, shown together
// with the model's.
func parseForm(r *http.Request) (Input, url.Values, error) {
	if err := r.ParseForm(); err != nil {
		return Input{}, nil, kern.Errorf(kern.Invalid, "error.bad_request")
	}
	f := r.PostForm
	var v kern.Validation
	in := Input{Title: f.Get("title"), Description: f.Get("description"), OwnerGroup: f.Get("owner_group"),
		Status: Status(f.Get("status")), DropReason: f.Get("drop_reason"), QuickWin: f.Get("quick_win") != "",
		Public: f.Get("public") != ""}
	dateField := func(name string) *time.Time {
		s := strings.TrimSpace(f.Get(name))
		if s == "" {
			return nil
		}
		d, err := time.Parse("2006-01-02", s)
		if !v.Check(err == nil, name, "field.invalid_date") {
			return nil
		}
		return &d
	}
	in.StartOn, in.DueOn = dateField("start_on"), dateField("due_on")
	if s := strings.TrimSpace(strings.ReplaceAll(f.Get("weight"), ",", ".")); s != "" {
		wt, err := strconv.ParseFloat(s, 64)
		if v.Check(err == nil, "weight", "actions.weight_positive") {
			in.Weight = wt
			v.Check(wt != 0, "weight", "actions.weight_positive")
		}
	}
	if s := f.Get("owner_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if v.Check(err == nil, "owner_id", "actions.owner_unknown") {
			in.OwnerID = &id
		}
	}
	for _, pair := range []struct {
		name string
		ids  *[]int64
	}{{"challenge_ids", &in.ChallengeIDs}, {"goal_ids", &in.GoalIDs}} {
		for _, s := range f[pair.name] {
			id, err := strconv.ParseInt(s, 10, 64)
			if v.Check(err == nil, pair.name, "actions.link_unknown") {
				*pair.ids = append(*pair.ids, id)
			}
		}
	}
	for _, g := range Groups {
		if role := f.Get("role_" + g); role != "" {
			in.Roles = append(in.Roles, RoleAssignment{Group: g, Role: Role(role)})
		}
	}
	if e := kern.AsError(in.Validate()); e != nil {
		for field, key := range e.Fields {
			v.Add(field, key)
		}
	}
	return in, f, v.Err()
}

func (h *Web) create(w http.ResponseWriter, r *http.Request) {
	in, values, err := parseForm(r)
	var a Action
	if err == nil {
		a, err = h.Actions.CreateAction(r.Context(), web.User(r), in)
	}
	if err != nil {
		h.renderForm(w, r, Action{}, values, err)
		return
	}
	h.Kit.Flash(w, "actions.created")
	web.Redirect(w, r, "/actions/"+strconv.FormatInt(a.ID, 10))
}

func (h *Web) edit(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var v View
	if err == nil {
		v, err = h.Actions.Action(r.Context(), web.User(r), id)
	}
	if err == nil && !CanEditAction(web.User(r), v.Action) {
		err = errEditForbidden
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.renderForm(w, r, v.Action, nil, nil)
}

func (h *Web) update(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in, values, err := parseForm(r)
	if err == nil {
		_, err = h.Actions.UpdateAction(r.Context(), web.User(r), id, in)
	}
	if err != nil {
		v, gerr := h.Actions.Action(r.Context(), web.User(r), id)
		if gerr != nil {
			h.Kit.Error(w, r, gerr)
			return
		}
		h.renderForm(w, r, v.Action, values, err)
		return
	}
	h.Kit.Flash(w, "actions.updated")
	web.Redirect(w, r, "/actions/"+strconv.FormatInt(id, 10))
}
