package web

import (
	"embed"
	"io/fs"
)

//go:embed catalog/*.json
var catalogFS embed.FS

// CatalogFS holds the kit's own messages: navigation, lists, forms, errors.
var CatalogFS, _ = fs.Sub(catalogFS, "catalog")
