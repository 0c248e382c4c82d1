// Package actions is the integrated action plan: actions linked to challenges and goals, owned by
// an action group, with roles per stakeholder group, dependencies, check-ins, the roadmap and the
// progress rolled up to goals and pillars.
package actions

import (
	"embed"
	"io/fs"
	"time"

	"kern/internal/api"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/notify"
	"kern/internal/web"
	"kern/internal/web/i18n"
)

//go:embed catalog/*.json
var catalogFS embed.FS

// CatalogFS holds the messages of the action plan.
var CatalogFS, _ = fs.Sub(catalogFS, "catalog")

// Service is the use cases of the action plan.
type Service struct {
	DB      *db.DB
	Now     func() time.Time
	Catalog *i18n.Catalog   // for messages
	Notify  *notify.Service // for reminders; without it none are sent
	BaseURL string          // for links in e-mails
}

// Web serves the pages of the action plan.
type Web struct {
	Actions *Service
	Auth    *auth.Service
	Kit     *web.Kit
}

// API serves the JSON operations of the action plan.
type API struct {
	Actions *Service
	Kit     *api.Kit
}
