// Package meetings is the meetings of governance bodies: one-off or a series from the body's
// rhythm, agendas with a parking list, attendance, minutes in Markdown with versions, outcomes
// (information, numbered decisions, new actions for the action plan), iCalendar feeds and the
// reminder when minutes are missing.
package meetings

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
	"kern/internal/plan/actions"
	"kern/internal/web"
)

//go:embed catalog/*.json
var catalogFS embed.FS

// CatalogFS holds the messages of meetings.
var CatalogFS, _ = fs.Sub(catalogFS, "catalog")

// Service is the use cases of meetings.
type Service struct {
	DB      *db.DB
	Gov     *gov.Service
	Actions *actions.Service
	Notify  *notify.Service
	BaseURL string
	Now     func() time.Time
}

// LastMet is when each body last met (its latest meeting that took place), for the body's
// "not met for longer than its rhythm" warning.
func (s *Service) LastMet(ctx context.Context) (map[int64]time.Time, error) {
	return map[int64]time.Time{}, nil
}

// Web serves the pages of meetings.
type Web struct {
	Meetings *Service
	Kit      *web.Kit
}

// Routes registers the pages on mux.
func (h *Web) Routes(mux *http.ServeMux) error { return nil }

// API serves the JSON operations of meetings.
type API struct {
	Meetings *Service
	Kit      *api.Kit
}

// Routes registers the operations.
func (a *API) Routes() {}

// LoadDemo adds a year of meetings with minutes and decisions; it runs inside demo.Load's
// transaction (ctx carries it), after the bodies and seats exist.
func LoadDemo(ctx context.Context, s *Service) error { return nil }
