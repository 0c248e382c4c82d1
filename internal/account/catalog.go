package account

import (
	"embed"
	"io/fs"
)

//go:embed catalog/*.json
var catalogFS embed.FS

// CatalogFS holds the account pages' messages.
var CatalogFS, _ = fs.Sub(catalogFS, "catalog")
