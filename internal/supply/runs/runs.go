// Package runs is allocation runs: the fair-allocation engine (internal/alloc) on the current
// supply and demand for a horizon, stored with its inputs so it can be reproduced and compared;
// the results per hospital, class and product with the bottleneck explanation; each hospital's
// own allocation; the demand producers see for their products; alerts when a hospital falls
// short; and the public supply status per nuclide.
package runs

import (
	"embed"
	"io/fs"
	"time"

	"kern/internal/api"
	"kern/internal/db"
	"kern/internal/notify"
	"kern/internal/web"
)

//go:embed catalog/*.json
var catalogFS embed.FS

// CatalogFS holds the messages of runs.
var CatalogFS, _ = fs.Sub(catalogFS, "catalog")

// Service is the use cases of allocation runs.
type Service struct {
	DB     *db.DB
	Notify *notify.Service
	Now    func() time.Time
}

// Web serves the pages of runs and the public supply status.
type Web struct {
	Runs *Service
	Kit  *web.Kit
}

// API serves the JSON operations of runs.
type API struct {
	Runs *Service
	Kit  *api.Kit
}
