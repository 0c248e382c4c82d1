package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/web/i18n"
)

// MaxFormBytes bounds a form or API body.
const MaxFormBytes = 1 << 20

// Handler wraps the application's mux with the kit's middleware, outermost first: request id and
// recovery, access log, security headers, cross-origin protection, then who is asking.
func (k *Kit) Handler(mux *http.ServeMux) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k.Error(w, r, errCrossOrigin)
	}))
	var h http.Handler = k.Metrics.wrap(mux)
	h = k.identify(h)
	h = cop.Handler(h)
	h = securityHeaders(h)
	h = k.logRequests(h)
	return k.recoverAndTag(h)
}

func newRequestID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (k *Kit) recoverAndTag(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := newRequestID()
		w.Header().Set("X-Request-Id", id)
		r = r.WithContext(audit.WithRequestID(r.Context(), id))
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				k.Log.Error("panic", "request_id", id, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if sw.status == 0 {
					k.Error(sw, r, fmt.Errorf("panic: %v", p))
				}
			}
		}()
		next.ServeHTTP(sw, r)
	})
}

func (k *Kit) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw, _ := w.(*statusWriter)
		next.ServeHTTP(w, r)
		status := 0
		if sw != nil {
			status = sw.status
		}
		// The path only: queries may hold search terms about people, and a reset link's token
		// is in its path, so /reset/ paths are cut.
		path := r.URL.Path
		if strings.HasPrefix(path, "/reset/") {
			path = "/reset/…"
		} else if strings.HasPrefix(path, "/r/") { // a prioritisation round's personal link
			path = "/r/…"
		} else if strings.HasPrefix(path, "/calendar/") { // a personal calendar link
			path = "/calendar/…"
		}
		k.Log.Info("request", "request_id", audit.RequestID(r.Context()), "method", r.Method, "path", path,
			"status", status, "ms", time.Since(start).Milliseconds())
	})
}

// securityHeaders sets a CSP with no inline script, refuses framing, and keeps URLs out of
// Referer headers sent elsewhere.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// SessionCookie is the name of the session cookie.
func (k *Kit) SessionCookie() string {
	if k.Secure {
		return "__Host-kern_session"
	}
	return "kern_session"
}

// identify finds who is asking — a bearer token on the API, else a session cookie — and in which
// language to answer: the user's own setting, else the language switch's cookie, else the browser's
// Accept-Language, else the server default.
func (k *Kit) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var p *auth.Principal
		if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			var err error
			if p, err = k.Auth.TokenPrincipal(ctx, strings.TrimSpace(bearer)); err != nil {
				ctx = context.WithValue(ctx, langKey, k.requestLang(r, nil))
				k.Error(w, r.WithContext(ctx), err)
				return
			}
		} else if c, err := r.Cookie(k.SessionCookie()); err == nil {
			p, err = k.Auth.SessionPrincipal(ctx, c.Value)
			if err != nil {
				k.clearCookie(w, k.SessionCookie())
				p = nil
			}
		}
		if p != nil {
			ctx = auth.WithPrincipal(ctx, p)
		}
		ctx = context.WithValue(ctx, langKey, k.requestLang(r, p))
		if c, err := r.Cookie("kern_flash"); err == nil && k.Catalog.Has(c.Value) {
			ctx = context.WithValue(ctx, flashKey, c.Value)
			k.clearCookie(w, "kern_flash")
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, MaxFormBytes)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (k *Kit) requestLang(r *http.Request, p *auth.Principal) i18n.Lang {
	if l, ok := i18n.Parse(p.Lang()); ok {
		return l
	}
	if c, err := r.Cookie("kern_lang"); err == nil {
		if l, ok := i18n.Parse(c.Value); ok {
			return l
		}
	}
	return i18n.Match(r.Header.Get("Accept-Language"), k.DefaultLang)
}

// SetCookie sets a cookie with Kern's defaults: HttpOnly, SameSite=Lax, Secure over https.
func (k *Kit) SetCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, Secure: k.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(maxAge.Seconds())})
}

func (k *Kit) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", HttpOnly: true, Secure: k.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// Flash shows the message key on the next page.
func (k *Kit) Flash(w http.ResponseWriter, key string) {
	k.SetCookie(w, "kern_flash", key, time.Minute)
}

// ClientIP is the address a request came from, for throttling; behind a proxy, the proxy's
// address unless the operator sets up X-Forwarded-For handling at the proxy.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
