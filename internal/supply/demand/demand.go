// Package demand is the demand side of medical isotopes: transit routes from producers'
// facilities to hospitals (defaults by country, overridden per pair), hospitals' standing weekly
// demand and concrete orders (UI, API, CSV import), and the Tc-99m planning aid that sizes a
// generator from a week of procedures.
package demand

import (
	"embed"
	"io/fs"
	"time"

	"kern/internal/api"
	"kern/internal/db"
	"kern/internal/web"
)

//go:embed catalog/*.json
var catalogFS embed.FS

// CatalogFS holds the messages of demand.
var CatalogFS, _ = fs.Sub(catalogFS, "catalog")

// Service is the use cases of routes, standing demand and orders.
type Service struct {
	DB  *db.DB
	Now func() time.Time
}

// Web serves the pages of demand.
type Web struct {
	Demand *Service
	Kit    *web.Kit
}

// API serves the JSON operations of demand.
type API struct {
	Demand *Service
	Kit    *api.Kit
}
