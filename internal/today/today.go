// Package today is the page a person opens in the morning: their unread notifications, the KPIs
// and actions that need attention, the bodies with warnings they can act on, and the meetings
// ahead. It only reads, through the services of the capabilities it shows.
package today

import (
	"embed"
	"io/fs"
	"net/http"
	"slices"

	"kern/internal/gov"
	"kern/internal/gov/meetings"
	"kern/internal/notify"
	"kern/internal/plan"
	"kern/internal/plan/actions"
	"kern/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

//go:embed catalog/*.json
var catalogFS embed.FS

// CatalogFS holds the page's messages.
var CatalogFS, _ = fs.Sub(catalogFS, "catalog")

// Web serves /today.
type Web struct {
	Plan     *plan.Service
	Actions  *actions.Service
	Gov      *gov.Service
	Meetings *meetings.Service
	Notify   *notify.Service
	Kit      *web.Kit
}

// Routes registers the page.
func (h *Web) Routes(mux *http.ServeMux) error {
	if err := h.Kit.Parse("today", templates, "templates"); err != nil {
		return err
	}
	mux.HandleFunc("GET /today", h.Kit.LoggedIn(h.page))
	return nil
}

// attention are the statuses of a KPI that ask for someone to act.
var attention = []plan.Status{plan.OffTrack, plan.Overdue, plan.AtRisk}

func (h *Web) page(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), web.User(r)
	coordinator := p.IsCoordinator()
	notes, unread, err := h.Notify.List(ctx, p, true)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	if len(notes) > 5 {
		notes = notes[:5]
	}
	kf := plan.KPIFilter{}
	if !coordinator {
		kf.OwnerID = p.User.ID // a member sees the KPIs they own
	}
	all, err := h.Plan.KPIs(ctx, p, kf)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	var kpis []plan.KPI
	for _, st := range attention {
		for _, k := range all {
			if k.Status == st {
				kpis = append(kpis, k)
			}
		}
	}
	af := actions.Filter{Overdue: true, PerPage: 10}
	if !coordinator {
		af.OwnerID = p.User.ID
	}
	overdue, overdueTotal, err := h.Actions.Actions(ctx, p, af)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	bodies, err := h.Gov.Bodies(ctx, p, gov.BodyFilter{})
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	person, err := h.Gov.PersonOf(ctx, p)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	var warned, mine []gov.Body
	for _, b := range bodies {
		seated := person != 0 && slices.ContainsFunc(b.Seats, func(s gov.Seat) bool { return s.PersonID == person && s.Current })
		if seated {
			mine = append(mine, b)
		}
		if len(b.Warnings) == 0 {
			continue
		}
		if can, err := h.Gov.CanManage(ctx, p, b.ID); err == nil && can {
			warned = append(warned, b)
		}
	}
	var ahead []meetings.Meeting
	if coordinator {
		ahead, _, err = h.Meetings.Meetings(ctx, p, meetings.Filter{When: "upcoming", PerPage: 6})
	} else {
		for _, b := range mine {
			ms, _, e := h.Meetings.Meetings(ctx, p, meetings.Filter{BodyID: b.ID, When: "upcoming", PerPage: 2})
			if e != nil {
				err = e
				break
			}
			ahead = append(ahead, ms...)
		}
		slices.SortFunc(ahead, func(a, b meetings.Meeting) int { return a.StartsAt.Compare(b.StartsAt) })
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Render(w, r, http.StatusOK, "today/today", map[string]any{
		"Notes": notes, "Unread": unread, "KPIs": kpis, "Overdue": overdue, "OverdueTotal": overdueTotal,
		"Warned": warned, "Mine": mine, "Ahead": ahead, "Coordinator": coordinator,
	})
}
