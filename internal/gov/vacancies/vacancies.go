// Package vacancies is the terms that end and the seats to fill: terms ending within six months
// with reminders to the person and the chair, vacancies published on a public page and an Atom
// feed, applications with or without an account, and the chair filling the seat with a new term.
package vacancies

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"time"

	"kern/internal/api"
	"kern/internal/db"
	"kern/internal/gov"
	"kern/internal/notify"
	"kern/internal/web"
)

//go:embed catalog/*.json
var catalogFS embed.FS

// CatalogFS holds the messages of vacancies.
var CatalogFS, _ = fs.Sub(catalogFS, "catalog")

// Service is the use cases of vacancies.
type Service struct {
	DB      *db.DB
	Gov     *gov.Service
	Notify  *notify.Service
	BaseURL string
	Now     func() time.Time
}

// Web serves the pages of vacancies.
type Web struct {
	Vacancies *Service
	Kit       *web.Kit
}

// Routes registers the pages on mux.
func (h *Web) Routes(mux *http.ServeMux) error { return nil }

// API serves the JSON operations of vacancies.
type API struct {
	Vacancies *Service
	Kit       *api.Kit
}

// Routes registers the operations.
func (a *API) Routes() {}

// LoadDemo adds terms that end soon and a vacancy with an application; it runs inside demo.Load's
// transaction (ctx carries it), after the bodies and seats exist.
func LoadDemo(ctx context.Context, s *Service) error { return nil }
