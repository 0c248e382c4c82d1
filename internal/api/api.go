// Package api is the kit of Kern's JSON API at /api/v1: huma on the standard mux, OpenAPI 3.1 at
// /api/v1/openapi.json, RFC 9457 problem+json errors whose messages are in the caller's language
// and name the field, and a readable API page served without internet.
//
// Who is calling was settled by the web kit's middleware (a bearer token, or the browser's
// session); operations ask User for the principal and services decide what it may do.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/web"
	"kern/internal/web/i18n"
)

// Prefix is where the API lives.
const Prefix = "/api/v1"

// MaxBodyBytes bounds a request body; larger ones answer 413.
const MaxBodyBytes = 1 << 20

// Kit is the API of one running server.
type Kit struct {
	API     huma.API
	Catalog *i18n.Catalog
	Log     *slog.Logger
}

// New creates the API on mux.
func New(mux *http.ServeMux, cat *i18n.Catalog, log *slog.Logger, version string) *Kit {
	cfg := huma.DefaultConfig("Kern API", version)
	cfg.Info.Description = "The JSON API of Kern, the coordination platform of the Dutch nuclear-medicine ecosystem. " +
		"Authenticate with `Authorization: Bearer <token>`; create a token on the API tokens page. " +
		"Lists take `page` and `per_page` and answer with `items`, `total` and `next`, the URL of the next page."
	cfg.OpenAPIPath = Prefix + "/openapi"
	cfg.DocsPath = ""    // our own page, which needs no CDN
	cfg.SchemasPath = "" // schemas are inlined in the document
	cfg.CreateHooks = nil
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", Description: "An API token: kern_<prefix>_<secret>"},
	}
	cfg.Security = []map[string][]string{{"bearer": {}}}
	return &Kit{API: humago.New(mux, cfg), Catalog: cat, Log: log}
}

// Op fills what every operation shares.
func Op(id, method, path, summary, tag string) huma.Operation {
	return huma.Operation{OperationID: id, Method: method, Path: Prefix + path, Summary: summary, Tags: []string{tag},
		MaxBodyBytes: MaxBodyBytes}
}

// User returns the caller, or a 401 problem.
func (k *Kit) User(ctx context.Context) (*auth.Principal, error) {
	p := auth.FromContext(ctx)
	if p == nil {
		return nil, k.Err(ctx, kern.Errorf(kern.Unauthorized, "error.unauthorized"))
	}
	return p, nil
}

// Err turns a service error into a problem: application errors with their message in the
// caller's language and each invalid field named as body.<field>; anything else is logged with
// the request id and answered as a bare 500.
func (k *Kit) Err(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	e := kern.AsError(err)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		e = kern.Errorf(kern.Invalid, "error.too_large")
		return huma.NewError(http.StatusRequestEntityTooLarge, k.Catalog.T(web.LangOf(ctx), e.Key))
	}
	if e == nil || e.Code == kern.Internal {
		k.Log.Error("internal error", "request_id", audit.RequestID(ctx), "err", err)
		e = kern.Errorf(kern.Internal, "error.internal")
	}
	lang := web.LangOf(ctx)
	status := web.Status(e.Code)
	details := make([]error, 0, len(e.Fields))
	for _, f := range e.FieldNames() {
		details = append(details, &huma.ErrorDetail{Message: k.Catalog.T(lang, e.Fields[f]), Location: "body." + f})
	}
	return huma.NewError(status, k.Catalog.T(lang, e.Key, e.Args...), details...)
}

// ListMeta is what every list answer carries besides its items.
type ListMeta struct {
	Total   int    `json:"total" doc:"How many items match in all"`
	Page    int    `json:"page"`
	PerPage int    `json:"per_page"`
	Next    string `json:"next,omitempty" doc:"URL of the next page; absent on the last page"`
}

// Meta builds the list metadata; next is the URL of the next page, if there is one.
func Meta(path string, query map[string]string, total, page, perPage int) ListMeta {
	m := ListMeta{Total: total, Page: page, PerPage: perPage}
	if page*perPage < total {
		q := make([]string, 0, len(query)+2)
		for k, v := range query {
			if v != "" && v != "0" && k != "page" {
				q = append(q, k+"="+url.QueryEscape(v))
			}
		}
		sort.Strings(q)
		q = append(q, "page="+strconv.Itoa(page+1))
		m.Next = Prefix + path + "?" + strings.Join(q, "&")
	}
	return m
}
