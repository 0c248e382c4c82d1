package plan

import (
	"net/http"

	"kern/internal/auth"
	"kern/internal/web"
)

// Web serves the pages of the vision, goals, KPIs and challenges.
type Web struct {
	Plan *Service
	Auth *auth.Service
	Kit  *web.Kit
}

// Routes registers the pages on mux.
func (h *Web) Routes(mux *http.ServeMux) error { return nil }
