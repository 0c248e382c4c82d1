package notify

import (
	"context"
	"embed"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"kern/internal/api"
	"kern/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Web serves a person's notifications and preferences.
type Web struct {
	Notify *Service
	Kit    *web.Kit
}

// Routes registers the pages on mux.
func (h *Web) Routes(mux *http.ServeMux) error {
	if err := h.Kit.Parse("notify", templates, "templates"); err != nil {
		return err
	}
	mux.HandleFunc("GET /notifications", h.Kit.LoggedIn(h.list))
	mux.HandleFunc("POST /notifications/read", h.Kit.LoggedIn(h.read))
	mux.HandleFunc("GET /account/notifications", h.Kit.LoggedIn(h.prefs))
	mux.HandleFunc("POST /account/notifications", h.Kit.LoggedIn(h.savePrefs))
	return nil
}

func (h *Web) list(w http.ResponseWriter, r *http.Request) {
	list, unread, err := h.Notify.List(r.Context(), web.User(r), r.URL.Query().Get("unread") != "")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Render(w, r, http.StatusOK, "notify/list", map[string]any{"Items": list, "Unread": unread,
		"OnlyUnread": r.URL.Query().Get("unread") != ""})
}

func (h *Web) read(w http.ResponseWriter, r *http.Request) {
	var id int64
	if s := r.FormValue("id"); s != "" {
		id, _ = strconv.ParseInt(s, 10, 64)
	}
	if err := h.Notify.MarkRead(r.Context(), web.User(r), id); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	if next := r.FormValue("next"); id != 0 && len(next) > 1 && next[0] == '/' && next[1] != '/' {
		web.Redirect(w, r, next)
		return
	}
	web.Redirect(w, r, "/notifications")
}

func (h *Web) prefs(w http.ResponseWriter, r *http.Request) {
	prefs, err := h.Notify.Preferences(r.Context(), web.User(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "notify/prefs", map[string]any{"Prefs": prefs, "Kinds": Kinds, "Modes": Modes}, nil, nil)
}

func (h *Web) savePrefs(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	prefs := map[string]string{}
	for _, k := range Kinds {
		if m := r.PostForm.Get(k); m != "" {
			prefs[k] = m
		}
	}
	if err := h.Notify.SetPreferences(r.Context(), web.User(r), prefs); err != nil {
		cur, _ := h.Notify.Preferences(r.Context(), web.User(r))
		h.Kit.RenderForm(w, r, "notify/prefs", map[string]any{"Prefs": cur, "Kinds": Kinds, "Modes": Modes}, r.PostForm, err)
		return
	}
	h.Kit.Flash(w, "notify.saved")
	web.Redirect(w, r, "/account/notifications")
}

// API serves the notification operations.
type API struct {
	Notify *Service
	Kit    *api.Kit
}

// Routes registers the operations.
func (a *API) Routes() {
	h := a.Kit.API
	const tag = "Notifications"
	huma.Register(h, api.Op("list-notifications", http.MethodGet, "/notifications", "List my notifications, newest first", tag),
		func(ctx context.Context, in *struct {
			Unread bool `query:"unread"`
		}) (*struct {
			Body struct {
				Items  []Notification `json:"items"`
				Unread int            `json:"unread"`
			}
		}, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			list, unread, err := a.Notify.List(ctx, p, in.Unread)
			out := &struct {
				Body struct {
					Items  []Notification `json:"items"`
					Unread int            `json:"unread"`
				}
			}{}
			out.Body.Items, out.Body.Unread = list, unread
			return out, a.Kit.Err(ctx, err)
		})
	read := api.Op("read-notifications", http.MethodPost, "/notifications/read", "Mark my notifications read (one, or all)", tag)
	read.DefaultStatus = http.StatusNoContent
	huma.Register(h, read, func(ctx context.Context, in *struct {
		Body struct {
			ID int64 `json:"id,omitempty" doc:"0 or absent: all"`
		}
	}) (*struct{}, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		return nil, a.Kit.Err(ctx, a.Notify.MarkRead(ctx, p, in.Body.ID))
	})
	huma.Register(h, api.Op("get-notification-preferences", http.MethodGet, "/notifications/preferences", "My e-mail preference per kind", tag),
		func(ctx context.Context, _ *struct{}) (*struct{ Body map[string]string }, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			prefs, err := a.Notify.Preferences(ctx, p)
			return &struct{ Body map[string]string }{prefs}, a.Kit.Err(ctx, err)
		})
	put := api.Op("set-notification-preferences", http.MethodPut, "/notifications/preferences", "Set my e-mail preference per kind", tag)
	put.Description = "Kinds: kpi_overdue, action_overdue, term_ending, vacancy_application, meeting_scheduled, minutes_missing, annual_plan, report_draft. Modes: immediate, daily, weekly (Monday), off (in Kern only)."
	huma.Register(h, put, func(ctx context.Context, in *struct{ Body map[string]string }) (*struct{ Body map[string]string }, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		if err := a.Notify.SetPreferences(ctx, p, in.Body); err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		prefs, err := a.Notify.Preferences(ctx, p)
		return &struct{ Body map[string]string }{prefs}, a.Kit.Err(ctx, err)
	})
}
