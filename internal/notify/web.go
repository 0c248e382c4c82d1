package notify

import (
	"net/http"

	"kern/internal/api"
	"kern/internal/web"
)

// Web serves a person's notifications and preferences.
type Web struct {
	Notify *Service
	Kit    *web.Kit
}

// Routes registers the pages on mux.
func (h *Web) Routes(mux *http.ServeMux) error { return nil }

// API serves the notification operations.
type API struct {
	Notify *Service
	Kit    *api.Kit
}

// Routes registers the operations.
func (a *API) Routes() {}
