package gov

import (
	"net/http"

	"kern/internal/web"
)

// Web serves the pages of bodies and seats.
type Web struct {
	Gov *Service
	Kit *web.Kit
}

// Routes registers the pages on mux.
func (h *Web) Routes(mux *http.ServeMux) error { return nil }
