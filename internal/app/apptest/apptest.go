// Package apptest starts the whole platform for a test: a migrated database (SQLite, or
// PostgreSQL through dbtest), the demonstration data, and an HTTP server on a loopback port.
package apptest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"kern/internal/app"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/demo"
)

// Platform is a running Kern with demo data.
type Platform struct {
	App    *app.App
	Server *httptest.Server
	URL    string
}

// Start runs the platform on d with the demo data loaded.
func Start(t testing.TB, d *db.DB) *Platform {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.Assemble(app.Config{Addr: "127.0.0.1:0", Data: t.TempDir(), Lang: "en"}, log, d)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(context.Background(), d, a.Auth, a.Org); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	return &Platform{App: a, Server: srv, URL: srv.URL}
}

// Client is a browser-like client with a cookie jar that sends the Origin header of the site,
// as a browser does on a form post.
func (p *Platform) Client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Transport: originTransport{p.URL}, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

type originTransport struct{ origin string }

func (o originTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodGet && r.Header.Get("Origin") == "" {
		r.Header.Set("Origin", o.origin)
	}
	return http.DefaultTransport.RoundTrip(r)
}

// LogIn returns a client logged in as the demo account with this e-mail.
func (p *Platform) LogIn(t testing.TB, email string) *http.Client {
	t.Helper()
	c := p.Client()
	res, err := c.PostForm(p.URL+"/login", url.Values{"email": {email}, "password": {demo.Password}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("log in %s: status %d", email, res.StatusCode)
	}
	return c
}

// Token makes an API token for the demo account with this e-mail.
func (p *Platform) Token(t testing.TB, email string, scope auth.Scope) string {
	t.Helper()
	_, secret, err := p.App.Auth.CreateTokenFor(context.Background(), auth.System(), email, auth.NewToken{Name: "test", Scope: scope})
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

// Do sends a request with an optional bearer token and JSON body and returns status and body.
func (p *Platform) Do(t testing.TB, c *http.Client, method, path, token, body string) (int, string) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, p.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c == nil {
		c = p.Client()
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}
