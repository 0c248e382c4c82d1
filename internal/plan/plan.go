// Package plan is the shared vision and its measures: the pillars of the vision, SMART goals under
// them, KPIs with a baseline, a target trajectory and measurements (status derived, never typed),
// and the inventory of challenges on the value chain and the enablers. Prioritisation rounds
// (package plan/rounds) and actions (package plan/actions) build on it.
package plan

import (
	"context"
	"embed"
	"io/fs"
	"time"

	"kern/internal/db"
	"kern/internal/notify"
	"kern/internal/web/i18n"
)

//go:embed catalog/*.json
var catalogFS embed.FS

// CatalogFS holds the messages of the vision, goals, KPIs and challenges.
var CatalogFS, _ = fs.Sub(catalogFS, "catalog")

// Progress is the progress of the actions behind a goal or a pillar: the weighted mean of their
// progress (0–100) and how many there are.
type Progress struct {
	Percent float64 `json:"percent"`
	Actions int     `json:"actions"`
	Done    int     `json:"done"`
}

// ProgressSource rolls the action plan's progress up to goals and pillars (package plan/actions
// provides it; the vision does not depend on the action plan).
type ProgressSource interface {
	RollUp(ctx context.Context) (goals, pillars map[int64]Progress, err error)
}

// Service is the use cases of the vision, goals, KPIs and challenges.
type Service struct {
	DB       *db.DB
	Now      func() time.Time
	Progress ProgressSource  // may be nil
	Notify   *notify.Service // for reminders; without it none are sent
	Catalog  *i18n.Catalog   // for reminders
	BaseURL  string          // for links in reminders
	// The transparency page's other sections; either may be nil.
	PublicActions PublicActions
	PublicRounds  PublicRounds
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// today is the calendar day in the Netherlands (the platform's users' day), as a date at
// midnight UTC like every stored day: a measurement "of today" entered at half past midnight
// in Amsterdam is not in the future.
func (s *Service) today() time.Time {
	return day(s.now().In(amsterdam))
}
