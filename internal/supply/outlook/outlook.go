// Package outlook is the long-term outlook to 2040 in the platform: forecast scenarios (the
// pure engine internal/forecast) saved by name, edited, run with their uncertainty and shown as a
// fan chart with the investment gap.
package outlook

import (
	"embed"
	"io/fs"
	"time"

	"kern/internal/db"
)

//go:embed catalog/*.json
var catalogFS embed.FS

// CatalogFS holds the messages of the outlook.
var CatalogFS, _ = fs.Sub(catalogFS, "catalog")

// Service is the use cases of forecast scenarios.
type Service struct {
	DB  *db.DB
	Now func() time.Time
}
