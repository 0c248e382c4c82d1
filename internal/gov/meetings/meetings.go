// Package meetings is the meetings of governance bodies: one-off or a series from the body's
// rhythm, agendas with a parking list, attendance, minutes in Markdown with versions, outcomes
// (information, numbered decisions, new actions for the action plan), iCalendar feeds and the
// reminder when minutes are missing.
package meetings

import (
	"embed"
	"io/fs"
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

// Web serves the pages of meetings.
type Web struct {
	Meetings *Service
	Kit      *web.Kit
}

// API serves the JSON operations of meetings.
type API struct {
	Meetings *Service
	Kit      *api.Kit
}
