package actions

import (
	"net/http"
	"slices"

	"kern"
	"kern/internal/web"
)

func (h *Web) monthNames(r *http.Request) [12]string {
	var m [12]string
	for i := range m {
		m[i] = h.t(r, "actions.month."+monthKeys[i])
	}
	return m
}

var monthKeys = [12]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// roadmap is the timeline with the dependencies, drawn on the server, and the table of the same
// actions beside it.
func (h *Web) roadmap(w http.ResponseWriter, r *http.Request) {
	b, list, f, err := h.filteredBy(r, "start")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	rm := BuildRoadmap(b, list, h.Actions.Today())
	var undated []View
	for _, v := range list {
		if v.Status != Dropped && v.StartOn == nil && v.DueOn == nil {
			undated = append(undated, v)
		}
	}
	titles := map[int64]string{}
	for _, a := range b.Actions {
		titles[a.ID] = a.Title
	}
	data := h.filterData(r, b, f, map[string]any{"Roadmap": rm, "SVG": rm.SVG(h.t(r, "actions.roadmap.title"), h.monthNames(r)),
		"Undated": undated, "Titles": titles, "Empty": len(b.Actions) == 0})
	h.Kit.Render(w, r, http.StatusOK, "actions/roadmap", h.page(r, data))
}

func (h *Web) roadmapJSON(w http.ResponseWriter, r *http.Request) {
	b, list, _, err := h.filteredBy(r, "start")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, BuildRoadmap(b, list, h.Actions.Today()))
}

// matrixCount is how many actions give a stakeholder group each role.
type matrixCount struct {
	Group  string
	Counts map[Role]int
}

func (h *Web) matrix(w http.ResponseWriter, r *http.Request) {
	b, list, f, err := h.filtered(r)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	var counts []matrixCount
	for _, g := range Groups {
		c := matrixCount{Group: g, Counts: map[Role]int{}}
		for _, v := range list {
			if ro := v.RoleOf(g); ro != "" {
				c.Counts[ro]++
			}
		}
		counts = append(counts, c)
	}
	data := h.filterData(r, b, f, map[string]any{"Items": list, "GroupCodes": Groups, "Counts": counts, "RoleList": Roles,
		"Empty": len(b.Actions) == 0})
	h.Kit.Render(w, r, http.StatusOK, "actions/matrix", h.page(r, data))
}

// progress shows the roll-up: each pillar and goal with the weighted progress of its actions.
func (h *Web) progress(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	tree, err := h.Actions.ProgressTree(r.Context(), p)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Render(w, r, http.StatusOK, "actions/progress", h.page(r, map[string]any{"Pillars": tree}))
}

// docSection is one challenge of a stage or enabler with the actions that answer it.
type docSection struct {
	Challenge Link
	Actions   []View
}

// document is the action plan as a printable document for one value-chain stage or enabler,
// grouped by the linked challenges; without either, the index of documents.
func (h *Web) document(w http.ResponseWriter, r *http.Request) {
	b, err := h.Actions.Board(r.Context(), web.User(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	stage, enabler := r.URL.Query().Get("stage"), r.URL.Query().Get("enabler")
	if (stage != "" && !contains(Stages, stage)) || (enabler != "" && !contains(Enablers, enabler)) {
		h.Kit.Error(w, r, kern.Errorf(kern.NotFound, "error.not_found"))
		return
	}
	if stage == "" && enabler == "" {
		stageCount, enablerCount := map[string]int{}, map[string]int{}
		for _, a := range b.Actions {
			if a.Status == Dropped {
				continue
			}
			for _, s := range a.stages {
				stageCount[s]++
			}
			for _, e := range a.enablers {
				enablerCount[e]++
			}
		}
		h.Kit.Render(w, r, http.StatusOK, "actions/plan_index", h.page(r, map[string]any{"Stages": Stages,
			"Enablers": Enablers, "StageCount": stageCount, "EnablerCount": enablerCount}))
		return
	}
	var sections []docSection
	at := map[int64]int{}
	for i := range b.Actions {
		a := &b.Actions[i]
		if a.Status == Dropped {
			continue
		}
		for _, c := range a.Challenges {
			if (stage != "" && c.Stage != stage) || (enabler != "" && !slices.Contains(c.Enablers, enabler)) {
				continue
			}
			k, ok := at[c.ID]
			if !ok {
				k = len(sections)
				at[c.ID] = k
				sections = append(sections, docSection{Challenge: c})
			}
			sections[k].Actions = append(sections[k].Actions, b.view(i))
		}
	}
	slices.SortStableFunc(sections, func(x, y docSection) int {
		if fold(x.Challenge.Title) < fold(y.Challenge.Title) {
			return -1
		}
		if fold(x.Challenge.Title) > fold(y.Challenge.Title) {
			return 1
		}
		return 0
	})
	title := ""
	if stage != "" {
		title = h.t(r, "plan.stage."+stage)
	} else {
		title = h.t(r, "plan.enabler."+enabler)
	}
	h.Kit.Render(w, r, http.StatusOK, "actions/plan", h.page(r, map[string]any{"Title": title, "Sections": sections,
		"GroupCodes": Groups, "Today": h.Actions.Today()}))
}
