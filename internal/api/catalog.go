package api

import (
	"embed"
	"io/fs"
)

//go:embed catalog/*.json
var catalogFS embed.FS

// CatalogFS holds the API page's messages.
var CatalogFS, _ = fs.Sub(catalogFS, "catalog")
