// Package gov is governance: the bodies of the platform and the society (steering group,
// operational steering group, coordination office, action groups, board, committees, theme and
// working groups) with their charters, seats and terms, and the warnings that tell the people who
// can act what is missing. Meetings (gov/meetings), vacancies (gov/vacancies) and annual plans and
// progress reports (gov/reports) build on it.
package gov

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

// CatalogFS holds the messages of governance.
var CatalogFS, _ = fs.Sub(catalogFS, "catalog")

// MeetingSource tells when each body last met (package gov/meetings provides it), for the
// warning about a body that has not met for longer than its rhythm.
type MeetingSource interface {
	LastMet(ctx context.Context) (map[int64]time.Time, error)
}

// Service is the use cases of bodies and seats.
type Service struct {
	DB       *db.DB
	Now      func() time.Time
	Notify   *notify.Service
	Catalog  *i18n.Catalog
	BaseURL  string
	Meetings MeetingSource // may be nil
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// Today is the calendar day in the Netherlands, as a date at midnight UTC like every stored day.
func (s *Service) Today() time.Time {
	return Day(s.now().In(Amsterdam))
}

// Day is t's calendar day at midnight UTC.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Amsterdam is the platform's time zone.
var Amsterdam = func() *time.Location {
	l, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.UTC
	}
	return l
}()
