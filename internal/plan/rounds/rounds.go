// Package rounds is the prioritisation of challenges by every stakeholder group: a coordinator
// opens a round (the e-survey) over a set of challenges, invites people with a personal link,
// respondents score impact and urgency, and the results weigh every stakeholder group the same.
package rounds

import (
	"embed"
	"io/fs"
	"time"

	"kern/internal/api"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/web"
)

//go:embed catalog/*.json
var catalogFS embed.FS

// CatalogFS holds the messages of prioritisation rounds.
var CatalogFS, _ = fs.Sub(catalogFS, "catalog")

// Service is the use cases of prioritisation rounds.
type Service struct {
	DB      *db.DB
	BaseURL string // for the personal links in invitations
	Now     func() time.Time
}

// Web serves the pages of prioritisation rounds.
type Web struct {
	Rounds *Service
	Auth   *auth.Service
	Kit    *web.Kit
}

// API serves the JSON operations of prioritisation rounds.
type API struct {
	Rounds *Service
	Kit    *api.Kit
}
