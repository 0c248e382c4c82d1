// Package reports is annual plans (per body and year, objectives linked to goals and actions,
// draft → submitted → reviewed by the board → reported on) and progress reports (a period and a
// scope, drafted on a schedule, edited, published as a frozen snapshot that can be public).
package reports

import (
	"embed"
	"io/fs"
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

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// today is the calendar day in the Netherlands, as a date at midnight UTC like every stored day.
func (s *Service) today() time.Time { return gov.Day(s.now().In(gov.Amsterdam)) }

// Web serves the pages of reports.
type Web struct {
	Reports *Service
	Kit     *web.Kit
}

// API serves the JSON operations of reports.
type API struct {
	Reports *Service
	Kit     *api.Kit
}
