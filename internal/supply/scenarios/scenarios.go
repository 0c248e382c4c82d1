// Package scenarios is shortage scenarios: copy the current supply and demand, change it (an
// outage of a facility or a site for a period, a demand change by product or region, a transport
// disruption), run the allocation and compare it with a baseline run side by side.
package scenarios

import (
	"embed"
	"io/fs"
	"time"

	"kern/internal/api"
	"kern/internal/db"
	"kern/internal/supply/runs"
	"kern/internal/web"
)

//go:embed catalog/*.json
var catalogFS embed.FS

// CatalogFS holds the messages of scenarios.
var CatalogFS, _ = fs.Sub(catalogFS, "catalog")

// Service is the use cases of shortage scenarios.
type Service struct {
	DB   *db.DB
	Runs *runs.Service
	Now  func() time.Time
}

// Web serves the pages of scenarios.
type Web struct {
	Scenarios *Service
	Kit       *web.Kit
}

// API serves the JSON operations of scenarios.
type API struct {
	Scenarios *Service
	Kit       *api.Kit
}
