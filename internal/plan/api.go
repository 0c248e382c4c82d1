package plan

import "kern/internal/api"

// API serves the JSON operations of the vision, goals, KPIs and challenges.
type API struct {
	Plan *Service
	Kit  *api.Kit
}

// Routes registers the operations.
func (a *API) Routes() {}
