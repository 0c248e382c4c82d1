package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// assets serves the embedded static files under /static/<hash>/<name>: the hash of the content is
// in the URL, so a file can be cached for a year and a new release is fetched at once.
type assets struct {
	hash  map[string]string // name → short content hash
	files map[string][]byte
}

func loadAssets() (*assets, error) {
	a := &assets{hash: map[string]string{}, files: map[string][]byte{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(b)
		a.hash[name] = hex.EncodeToString(sum[:6])
		a.files[name] = b
		return nil
	})
	return a, err
}

func (a *assets) url(name string) string {
	return "/static/" + a.hash[name] + "/" + name
}

// Static serves GET /static/{hash}/{name...}.
func (k *Kit) Static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	b, ok := k.assets.files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	if r.PathValue("hash") == k.assets.hash[name] {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Write(b)
}
