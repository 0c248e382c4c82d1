// Package supply is the supply side of medical isotopes: producers' facilities (research
// reactors, processors, cyclotrons, generator makers, radiopharmacies) and their products,
// operating schedules and the production runs they yield, planned and unplanned outages, and the
// week-by-week calendar of who produces what across all producers.
package supply

import (
	"embed"
	"io/fs"
	"time"

	"kern/internal/api"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/notify"
	"kern/internal/web"
)

//go:embed catalog/*.json
var catalogFS embed.FS

// CatalogFS holds the messages of supply.
var CatalogFS, _ = fs.Sub(catalogFS, "catalog")

// Service is the use cases of facilities, products, schedules and outages.
type Service struct {
	DB     *db.DB
	Notify *notify.Service
	Now    func() time.Time
}

// Web serves the pages of supply.
type Web struct {
	Supply *Service
	Auth   *auth.Service
	Kit    *web.Kit
}

// API serves the JSON operations of supply.
type API struct {
	Supply *Service
	Kit    *api.Kit
}
