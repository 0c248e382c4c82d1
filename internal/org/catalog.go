package org

import (
	"embed"
	"io/fs"
)

//go:embed catalog/*.json
var catalogFS embed.FS

// CatalogFS holds the registry's messages.
var CatalogFS, _ = fs.Sub(catalogFS, "catalog")
