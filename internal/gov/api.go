package gov

import "kern/internal/api"

// API serves the JSON operations of bodies and seats.
type API struct {
	Gov *Service
	Kit *api.Kit
}

// Routes registers the operations.
func (a *API) Routes() {}
