// Package reports is annual plans (per body and year, objectives linked to goals and actions,
// draft → submitted → reviewed by the board → reported on) and progress reports (a period and a
// scope, drafted on a schedule, edited, published as a frozen snapshot that can be public).
package reports

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"time"

	"kern/internal/api"
	"kern/internal/db"
	"kern/internal/gov"
	"kern/internal/gov/meetings"
	"kern/internal/notify"
	"kern/internal/plan"
	"kern/internal/plan/actions"
	"kern/internal/web"
)

//go:embed catalog/*.json
var catalogFS embed.FS

// CatalogFS holds the messages of reports.
var CatalogFS, _ = fs.Sub(catalogFS, "catalog")

// Service is the use cases of reports.
type Service struct {
	DB       *db.DB
	Gov      *gov.Service
	Actions  *actions.Service
	Plan     *plan.Service
	Meetings *meetings.Service
	Notify   *notify.Service
	BaseURL  string
	Now      func() time.Time
}

// Web serves the pages of reports.
type Web struct {
	Reports *Service
	Kit     *web.Kit
}

// Routes registers the pages on mux.
func (h *Web) Routes(mux *http.ServeMux) error { return nil }

// API serves the JSON operations of reports.
type API struct {
	Reports *Service
	Kit     *api.Kit
}

// Routes registers the operations.
func (a *API) Routes() {}

// LoadDemo adds annual plans and one published quarterly report; it runs inside demo.Load's
// transaction (ctx carries it), after the bodies and seats exist.
func LoadDemo(ctx context.Context, s *Service) error { return nil }
