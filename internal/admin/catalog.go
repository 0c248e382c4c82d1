package admin

import (
	"embed"
	"io/fs"
)

//go:embed catalog/*.json
var catalogFS embed.FS

// CatalogFS holds the admin pages' messages.
var CatalogFS, _ = fs.Sub(catalogFS, "catalog")
