// Package vacancies is the terms that end and the seats to fill: terms ending within six months
// with reminders to the person and the chair, vacancies published on a public page and an Atom
// feed, applications with or without an account, and the chair filling the seat with a new term.
package vacancies

import (
	"embed"
	"io/fs"
	"time"

	"kern/internal/db"
	"kern/internal/gov"
	"kern/internal/notify"
	"kern/internal/org"
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
	Org     *org.Service // the registry, for appointing someone not in it yet; made from DB when nil
	BaseURL string
	Now     func() time.Time
}
