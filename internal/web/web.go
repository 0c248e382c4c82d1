// Package web is Kern's web kit: the middleware every request passes (request id, logging,
// recovery, security headers, cross-origin protection, who is asking and in which language), the
// page renderer with its layout, forms with errors next to their fields, flash messages, error
// pages in the user's language, static files with content-hashed URLs, and request metrics.
//
// Capabilities register their own handlers and templates; the kit holds nothing of theirs.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"

	"kern"
	"kern/internal/auth"
	"kern/internal/web/i18n"
)

// Kit is the shared web machinery of one running server.
type Kit struct {
	Catalog     *i18n.Catalog
	Auth        *auth.Service
	Log         *slog.Logger
	DefaultLang i18n.Lang
	Secure      bool // served over https: cookies get the Secure flag and the __Host- prefix
	Metrics     *Metrics

	pages  map[string]*pageTemplate
	assets *assets
}

// New makes a kit; templates and assets are parsed once here.
func New(cat *i18n.Catalog, a *auth.Service, log *slog.Logger, def i18n.Lang, secure bool) (*Kit, error) {
	k := &Kit{Catalog: cat, Auth: a, Log: log, DefaultLang: def, Secure: secure, Metrics: NewMetrics(),
		pages: map[string]*pageTemplate{}}
	var err error
	if k.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if err := k.Parse("", layoutFS, "templates/pages"); err != nil {
		return nil, err
	}
	return k, nil
}

type ctxKey int

const (
	langKey ctxKey = iota
	flashKey
)

// User returns the principal of the request, or nil.
func User(r *http.Request) *auth.Principal { return auth.FromContext(r.Context()) }

// Lang returns the language of the request.
func Lang(r *http.Request) i18n.Lang {
	if l, ok := r.Context().Value(langKey).(i18n.Lang); ok {
		return l
	}
	return i18n.EN
}

// LangOf returns the language carried by ctx (set for every request), for API handlers.
func LangOf(ctx context.Context) i18n.Lang {
	if l, ok := ctx.Value(langKey).(i18n.Lang); ok {
		return l
	}
	return i18n.EN
}

// LoggedIn lets only logged-in users through; anyone else is sent to the log-in page (a GET) or
// told to log in (anything else).
func (k *Kit) LoggedIn(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if User(r) == nil {
			k.Error(w, r, kern.Errorf(kern.Unauthorized, "error.unauthorized"))
			return
		}
		h(w, r)
	}
}

// ID parses the path value name as an id; a malformed id is simply not found.
func ID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, kern.Errorf(kern.NotFound, "error.not_found")
	}
	return id, nil
}

// Redirect answers a form post with 303 See Other, so reloading the next page does not post again.
func Redirect(w http.ResponseWriter, r *http.Request, url string) {
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", url)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, url, http.StatusSeeOther)
}

// Status maps an application error code to its HTTP status.
func Status(code kern.Code) int {
	switch code {
	case kern.Invalid:
		return http.StatusUnprocessableEntity
	case kern.Unauthorized:
		return http.StatusUnauthorized
	case kern.Forbidden:
		return http.StatusForbidden
	case kern.NotFound:
		return http.StatusNotFound
	case kern.Conflict:
		return http.StatusConflict
	case kern.TooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}
