// Package admin is the administrator's room: accounts with their platform and organisation roles,
// and the audit log of every change.
package admin

import (
	"crypto/rand"
	"embed"
	"encoding/base64"
	"net/http"
	"strconv"
	"time"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/org"
	"kern/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Web serves the admin pages.
type Web struct {
	Auth *auth.Service
	Org  *org.Service
	Kit  *web.Kit
}

// Routes registers the pages on mux.
func (h *Web) Routes(mux *http.ServeMux) error {
	if err := h.Kit.Parse("admin", templates, "templates"); err != nil {
		return err
	}
	mux.HandleFunc("GET /admin/users", h.Kit.LoggedIn(h.users))
	mux.HandleFunc("POST /admin/users", h.Kit.LoggedIn(h.createUser))
	mux.HandleFunc("POST /admin/users/{id}/role", h.Kit.LoggedIn(h.grantRole))
	mux.HandleFunc("POST /admin/users/{id}/org-roles", h.Kit.LoggedIn(h.grantOrgRole))
	mux.HandleFunc("GET /admin/audit", h.Kit.LoggedIn(h.audit))
	mux.HandleFunc("GET /admin/audit/export.csv", h.Kit.LoggedIn(h.exportAudit))
	mux.HandleFunc("GET /admin/users/export.csv", h.Kit.LoggedIn(h.exportUsers))
	return nil
}

func (h *Web) usersPage(w http.ResponseWriter, r *http.Request, values map[string][]string, err error) {
	p := web.User(r)
	list, lerr := h.Auth.Users(r.Context(), p, r.URL.Query().Get("q"))
	if lerr != nil {
		h.Kit.Error(w, r, lerr)
		return
	}
	lang := web.Lang(r)
	roles := []web.Option{}
	for _, role := range auth.Roles {
		roles = append(roles, web.Option{Value: string(role), Label: h.Kit.Catalog.T(lang, "role."+string(role))})
	}
	orgs := []web.Option{{Value: "", Label: h.Kit.Catalog.T(lang, "org.choose")}}
	if all, err := h.Org.ExportOrganizations(r.Context(), p, org.OrgFilter{}); err == nil {
		for _, o := range all {
			orgs = append(orgs, web.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
		}
	}
	orgRoles := []web.Option{{Value: string(auth.OrgMember), Label: h.Kit.Catalog.T(lang, "orgrole.org_member")},
		{Value: string(auth.OrgAdmin), Label: h.Kit.Catalog.T(lang, "orgrole.org_admin")},
		{Value: "", Label: h.Kit.Catalog.T(lang, "admin.orgrole_remove")}}
	h.Kit.RenderForm(w, r, "admin/users", map[string]any{"Users": list, "Roles": roles, "Orgs": orgs, "OrgRoles": orgRoles},
		values, err)
}

func (h *Web) users(w http.ResponseWriter, r *http.Request) { h.usersPage(w, r, nil, nil) }

// createUser makes an account with an unguessable password nobody knows and mails the person a
// link to choose their own: the administrator never handles someone else's password.
func (h *Web) createUser(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	f := r.PostForm
	secret := make([]byte, 24)
	rand.Read(secret)
	u, err := h.Auth.CreateUser(r.Context(), web.User(r), auth.NewUser{Email: f.Get("email"), Name: f.Get("name"),
		Role: auth.Role(f.Get("role")), Password: base64.RawURLEncoding.EncodeToString(secret)})
	if err == nil {
		err = h.Auth.RequestPasswordReset(r.Context(), u.Email, web.Lang(r))
	}
	if err != nil {
		h.usersPage(w, r, f, err)
		return
	}
	h.Kit.Flash(w, "admin.user_created")
	web.Redirect(w, r, "/admin/users")
}

func (h *Web) grantRole(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err == nil {
		_, err = h.Auth.GrantRole(r.Context(), web.User(r), id, auth.Role(r.PostForm.Get("role")))
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "admin.role_changed")
	web.Redirect(w, r, "/admin/users")
}

func (h *Web) grantOrgRole(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	var orgID int64
	if err == nil {
		orgID, err = strconv.ParseInt(r.PostForm.Get("org_id"), 10, 64)
		if err != nil {
			err = kern.FieldError("org_id", "field.required")
		}
	}
	if err == nil {
		err = h.Auth.GrantOrgRole(r.Context(), web.User(r), id, orgID, auth.OrgRole(r.PostForm.Get("org_role")))
	}
	if err != nil {
		h.usersPage(w, r, r.PostForm, err)
		return
	}
	h.Kit.Flash(w, "admin.role_changed")
	web.Redirect(w, r, "/admin/users")
}

// AuditActions are the actions the audit log records, for its filter.
var AuditActions = []string{"create", "update", "delete", "export", "add_affiliation", "remove_affiliation", "login", "logout",
	"end_session", "revoke", "grant_role", "grant_org_role", "set_lang", "set_password", "request_reset"}

// AuditFilter reads the audit filters of a request.
func AuditFilter(r *http.Request) audit.Filter {
	q := r.URL.Query()
	f := audit.Filter{Entity: q.Get("entity"), EntityID: q.Get("entity_id"), Actor: q.Get("actor"), Action: q.Get("action"),
		Page: web.QueryInt(r, "page", 1), PerPage: 50}
	if t, err := time.ParseInLocation("2006-01-02", q.Get("from"), web.Amsterdam); err == nil {
		f.From = t
	}
	if t, err := time.ParseInLocation("2006-01-02", q.Get("to"), web.Amsterdam); err == nil {
		f.To = t.AddDate(0, 0, 1)
	}
	return f
}

// requireAdmin answers for anybody who is not an admin and reports whether to go on.
func (h *Web) requireAdmin(w http.ResponseWriter, r *http.Request) bool {
	p := web.User(r)
	if p == nil {
		h.Kit.Error(w, r, kern.Errorf(kern.Unauthorized, "error.unauthorized"))
		return false
	}
	if !p.IsAdmin() {
		h.Kit.Error(w, r, kern.Errorf(kern.Forbidden, "error.forbidden"))
		return false
	}
	return true
}

func (h *Web) audit(w http.ResponseWriter, r *http.Request) {
	if !h.requireAdmin(w, r) {
		return
	}
	f := AuditFilter(r)
	page, err := audit.List(r.Context(), h.Auth.DB.Read, f)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Render(w, r, http.StatusOK, "admin/audit", map[string]any{"Entries": page.Entries, "Total": page.Total, "Filter": f,
		"Entities": []string{"organization", "person", "user", "session", "api_token"}, "Actions": AuditActions,
		"Export": "/admin/audit/export.csv?" + r.URL.RawQuery})
}

// exportAudit downloads the filtered log, newest first, up to MaxAuditExport lines.
func (h *Web) exportAudit(w http.ResponseWriter, r *http.Request) {
	if !h.requireAdmin(w, r) {
		return
	}
	f := AuditFilter(r)
	f.Page, f.PerPage = 1, MaxAuditExport
	page, err := audit.List(r.Context(), h.Auth.DB.Read, f)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	rows := make([][]string, len(page.Entries))
	for i, e := range page.Entries {
		rows[i] = []string{strconv.FormatInt(e.ID, 10), e.At.Format(time.RFC3339), e.Actor, strconv.FormatInt(e.TokenID, 10),
			e.Action, e.Entity, e.EntityID, e.Before, e.After, e.RequestID}
	}
	web.CSV(w, "audit-"+time.Now().Format("2006-01-02")+".csv",
		[]string{"id", "at", "actor", "token_id", "action", "entity", "entity_id", "before", "after", "request_id"}, rows)
}

// MaxAuditExport bounds one download of the audit log; narrow the dates for more.
const MaxAuditExport = 100000

func (h *Web) exportUsers(w http.ResponseWriter, r *http.Request) {
	list, err := h.Auth.Users(r.Context(), web.User(r), r.URL.Query().Get("q"))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	rows := make([][]string, len(list))
	for i, u := range list {
		rows[i] = []string{strconv.FormatInt(u.ID, 10), u.Email, u.Name, string(u.Role), u.Lang, strconv.FormatBool(u.Disabled),
			u.CreatedAt.Format(time.RFC3339)}
	}
	web.CSV(w, "accounts-"+time.Now().Format("2006-01-02")+".csv",
		[]string{"id", "email", "name", "role", "lang", "disabled", "created_at"}, rows)
}
