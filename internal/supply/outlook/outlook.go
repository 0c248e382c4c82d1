// Package outlook is the long-term outlook to 2040 in the platform: forecast scenarios (the
// pure engine internal/forecast) saved by name, edited, run with their uncertainty and shown as a
// fan chart with the investment gap.
package outlook

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"time"

	"kern/internal/api"
	"kern/internal/db"
	"kern/internal/web"
)

//go:embed catalog/*.json
var catalogFS embed.FS

// CatalogFS holds the messages of the outlook.
var CatalogFS, _ = fs.Sub(catalogFS, "catalog")

// Service is the use cases of forecast scenarios.
type Service struct {
	DB  *db.DB
	Now func() time.Time
}

// Web serves the outlook's pages.
type Web struct {
	Outlook *Service
	Kit     *web.Kit
}

// Routes registers the pages on mux.
func (h *Web) Routes(mux *http.ServeMux) error { return nil }

// API serves the outlook's JSON operations.
type API struct {
	Outlook *Service
	Kit     *api.Kit
}

// Routes registers the operations.
func (a *API) Routes() {}

// LoadDemo saves the default scenario and a variant; it runs inside demo.Load's transaction.
func LoadDemo(ctx context.Context, s *Service) error { return nil }
