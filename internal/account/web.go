// Package account is what a person does with their own account: log in and out, choose the
// language, reset a forgotten password, see and end their sessions, and make API tokens.
package account

import (
	"embed"
	"net/http"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/web"
	"kern/internal/web/i18n"
)

//go:embed templates/*.html
var templates embed.FS

// Web serves the account pages.
type Web struct {
	Auth *auth.Service
	Kit  *web.Kit
}

// Routes registers the pages on mux.
func (h *Web) Routes(mux *http.ServeMux) error {
	if err := h.Kit.Parse("account", templates, "templates"); err != nil {
		return err
	}
	mux.HandleFunc("GET /login", h.loginForm)
	mux.HandleFunc("POST /login", h.login)
	mux.HandleFunc("POST /logout", h.logout)
	mux.HandleFunc("POST /lang", h.setLang)
	mux.HandleFunc("GET /password/forgot", h.forgotForm)
	mux.HandleFunc("POST /password/forgot", h.forgot)
	mux.HandleFunc("GET /reset/{token}", h.resetForm)
	mux.HandleFunc("POST /reset/{token}", h.reset)
	mux.HandleFunc("GET /account/sessions", h.Kit.LoggedIn(h.sessions))
	mux.HandleFunc("POST /account/sessions/{id}/end", h.Kit.LoggedIn(h.endSession))
	mux.HandleFunc("GET /account/tokens", h.Kit.LoggedIn(h.tokens))
	mux.HandleFunc("POST /account/tokens", h.Kit.LoggedIn(h.createToken))
	mux.HandleFunc("POST /account/tokens/{id}/revoke", h.Kit.LoggedIn(h.revokeToken))
	return nil
}

// localPath keeps a redirect target on this site: "/x" yes, "//evil.example" and "https://…" no.
func localPath(next string) string {
	if strings.HasPrefix(next, "/") && !strings.HasPrefix(next, "//") && !strings.HasPrefix(next, "/\\") {
		return next
	}
	return "/"
}

func (h *Web) loginForm(w http.ResponseWriter, r *http.Request) {
	if web.User(r) != nil {
		web.Redirect(w, r, localPath(r.URL.Query().Get("next")))
		return
	}
	h.Kit.RenderForm(w, r, "account/login", map[string]any{"Next": localPath(r.URL.Query().Get("next"))}, nil, nil)
}

func (h *Web) login(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	email, password, next := r.PostForm.Get("email"), r.PostForm.Get("password"), localPath(r.PostForm.Get("next"))
	cookie, _, err := h.Auth.LogIn(r.Context(), email, password, web.ClientIP(r), r.UserAgent())
	if err != nil {
		values := r.PostForm
		values.Del("password")
		h.Kit.RenderForm(w, r, "account/login", map[string]any{"Next": next}, values, err)
		return
	}
	// A session the browser had before the log-in ends: its id is never carried across.
	if old := web.User(r); old != nil {
		h.Auth.LogOut(r.Context(), old)
	}
	h.Kit.SetCookie(w, h.Kit.SessionCookie(), cookie, 0)
	web.Redirect(w, r, next)
}

func (h *Web) logout(w http.ResponseWriter, r *http.Request) {
	if err := h.Auth.LogOut(r.Context(), web.User(r)); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.SetCookie(w, h.Kit.SessionCookie(), "", -time.Second)
	h.Kit.Flash(w, "account.logged_out")
	web.Redirect(w, r, "/login")
}

// setLang switches the language: stored on the account when logged in, in a cookie otherwise.
func (h *Web) setLang(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	lang, ok := i18n.Parse(r.PostForm.Get("lang"))
	if !ok {
		h.Kit.Error(w, r, kern.FieldError("lang", "field.lang_unknown"))
		return
	}
	if p := web.User(r); p != nil && p.CanWrite() {
		if err := h.Auth.SetLang(r.Context(), p, string(lang)); err != nil {
			h.Kit.Error(w, r, err)
			return
		}
	}
	h.Kit.SetCookie(w, "kern_lang", string(lang), 365*24*time.Hour)
	web.Redirect(w, r, localPath(r.PostForm.Get("next")))
}

func (h *Web) forgotForm(w http.ResponseWriter, r *http.Request) {
	h.Kit.RenderForm(w, r, "account/forgot", nil, nil, nil)
}

func (h *Web) forgot(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	email := auth.NormalizeEmail(r.PostForm.Get("email"))
	if !auth.ValidEmail(email) {
		h.Kit.RenderForm(w, r, "account/forgot", nil, r.PostForm, kern.FieldError("email", "field.email_invalid"))
		return
	}
	if err := h.Auth.RequestPasswordReset(r.Context(), email, web.Lang(r)); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Render(w, r, http.StatusOK, "account/forgot_sent", nil)
}

func (h *Web) resetForm(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	h.Kit.RenderForm(w, r, "account/reset", map[string]any{"Token": r.PathValue("token")}, nil, nil)
}

func (h *Web) reset(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	if err := r.ParseForm(); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	token, password := r.PathValue("token"), r.PostForm.Get("password")
	var err error
	if password != r.PostForm.Get("password2") {
		err = kern.FieldError("password2", "account.passwords_differ")
	} else {
		err = h.Auth.ResetPassword(r.Context(), token, password)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "account/reset", map[string]any{"Token": token}, nil, err)
		return
	}
	h.Kit.Flash(w, "account.password_changed")
	web.Redirect(w, r, "/login")
}

func (h *Web) sessions(w http.ResponseWriter, r *http.Request) {
	list, err := h.Auth.Sessions(r.Context(), web.User(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Render(w, r, http.StatusOK, "account/sessions", map[string]any{"Sessions": list})
}

func (h *Web) endSession(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	if err := h.Auth.EndSession(r.Context(), p, r.PathValue("id")); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	if p != nil && r.PathValue("id") == p.SessionID {
		web.Redirect(w, r, "/login")
		return
	}
	h.Kit.Flash(w, "account.session_ended")
	web.Redirect(w, r, "/account/sessions")
}

// Token lifetimes offered in the form, in days; 0 is "never expires".
var lifetimes = []int{30, 90, 365, 0}

func (h *Web) tokenPage(w http.ResponseWriter, r *http.Request, secret string, values map[string][]string, err error) {
	p := web.User(r)
	list, lerr := h.Auth.Tokens(r.Context(), p)
	if lerr != nil {
		h.Kit.Error(w, r, lerr)
		return
	}
	lang := web.Lang(r)
	scopes := []web.Option{{Value: string(auth.ScopeRead), Label: h.Kit.Catalog.T(lang, "scope.read")},
		{Value: string(auth.ScopeReadWrite), Label: h.Kit.Catalog.T(lang, "scope.read-write")}}
	days := []web.Option{}
	for _, d := range lifetimes {
		label := h.Kit.Catalog.T(lang, "account.token_days", d)
		if d == 0 {
			label = h.Kit.Catalog.T(lang, "account.token_never")
		}
		days = append(days, web.Option{Value: strconv.Itoa(d), Label: label})
	}
	h.Kit.RenderForm(w, r, "account/tokens", map[string]any{"Tokens": list, "Secret": secret, "Scopes": scopes,
		"Days": days, "Now": time.Now()}, values, err)
}

func (h *Web) tokens(w http.ResponseWriter, r *http.Request) {
	h.tokenPage(w, r, "", nil, nil)
}

func (h *Web) createToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	days, err := strconv.Atoi(r.PostForm.Get("days"))
	if err != nil || days < 0 {
		h.tokenPage(w, r, "", r.PostForm, kern.FieldError("days", "field.unknown_choice"))
		return
	}
	_, secret, err := h.Auth.CreateToken(r.Context(), web.User(r), auth.NewToken{Name: r.PostForm.Get("name"),
		Scope: auth.Scope(r.PostForm.Get("scope")), Expires: time.Duration(days) * 24 * time.Hour})
	if err != nil {
		h.tokenPage(w, r, "", r.PostForm, err)
		return
	}
	// Shown once, on this answer to the post; never put in a URL or a cookie.
	h.tokenPage(w, r, secret, nil, nil)
}

func (h *Web) revokeToken(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err == nil {
		err = h.Auth.RevokeToken(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "account.token_revoked")
	web.Redirect(w, r, "/account/tokens")
}
