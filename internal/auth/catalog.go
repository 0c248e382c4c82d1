package auth

import (
	"embed"
	"io/fs"
)

//go:embed catalog/*.json
var catalogFS embed.FS

// CatalogFS holds the messages of auth's errors and e-mails.
var CatalogFS, _ = fs.Sub(catalogFS, "catalog")
