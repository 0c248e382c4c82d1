// Package auth is who may do what in Kern: users with argon2id passwords, sessions stored as
// hashed split tokens, API tokens with a scope and an expiry, platform roles (admin, coordinator,
// member) and roles within an organisation (organisation admin, organisation member).
//
// Authorization is decided in the services with the predicates on Principal, never only in a
// handler, so an API call and a form post get the same answer.
package auth

import (
	"context"
	"net/mail"
	"strings"
	"time"

	"kern"
	"kern/internal/audit"
	"kern/internal/web/i18n"
)

// Role is a platform role.
type Role string

const (
	Admin       Role = "admin"       // everything, including accounts
	Coordinator Role = "coordinator" // the coordination office: edits the whole registry
	Member      Role = "member"      // reads; edits what their organisation roles allow
)

// Roles lists the platform roles, most powerful first.
var Roles = []Role{Admin, Coordinator, Member}

// OrgRole is a role within one organisation.
type OrgRole string

const (
	OrgAdmin  OrgRole = "org_admin"
	OrgMember OrgRole = "org_member"
)

// Scope is what an API token may do.
type Scope string

const (
	ScopeRead      Scope = "read"
	ScopeReadWrite Scope = "read-write"
)

// User is an account.
type User struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Lang      string    `json:"lang"`
	Role      Role      `json:"role"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
}

// Principal is the user behind a request, with how they came in.
type Principal struct {
	User      User
	SessionID string // set for a browser session
	TokenID   int64  // set for an API token
	Scope     Scope  // the token's scope; empty for a session
	OrgRoles  map[int64]OrgRole
}

// IsAdmin reports whether p may manage accounts and read the audit log.
func (p *Principal) IsAdmin() bool { return p != nil && p.User.Role == Admin }

// IsCoordinator reports whether p works for the coordination office (admins do too).
func (p *Principal) IsCoordinator() bool {
	return p != nil && (p.User.Role == Admin || p.User.Role == Coordinator)
}

// CanWrite reports whether p's credentials allow changes at all: a read-only token does not.
func (p *Principal) CanWrite() bool { return p != nil && p.Scope != ScopeRead }

// InOrg reports whether p holds any role in the organisation.
func (p *Principal) InOrg(orgID int64) bool { _, ok := p.orgRole(orgID); return ok }

// IsOrgAdmin reports whether p administers the organisation.
func (p *Principal) IsOrgAdmin(orgID int64) bool { r, _ := p.orgRole(orgID); return r == OrgAdmin }

func (p *Principal) orgRole(orgID int64) (OrgRole, bool) {
	if p == nil {
		return "", false
	}
	r, ok := p.OrgRoles[orgID]
	return r, ok
}

// Actor is p as the audit log names it.
func (p *Principal) Actor() audit.Actor {
	if p == nil {
		return audit.System
	}
	return audit.Actor{UserID: p.User.ID, TokenID: p.TokenID, Label: p.User.Email}
}

// Lang is p's chosen language, or "" when they have not chosen.
func (p *Principal) Lang() string {
	if p == nil {
		return ""
	}
	return p.User.Lang
}

// RequireWrite returns Forbidden unless p may write.
func RequireWrite(p *Principal) error {
	if p == nil {
		return kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	if !p.CanWrite() {
		return kern.Errorf(kern.Forbidden, "auth.read_only_token")
	}
	return nil
}

type ctxKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// FromContext returns the principal in ctx, or nil for an anonymous request.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(ctxKey{}).(*Principal)
	return p
}

// NewUser is what creating an account takes.
type NewUser struct {
	Email    string
	Name     string
	Lang     string
	Role     Role
	Password string
}

// NormalizeEmail lower-cases and trims an address, so that one person has one account.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidEmail reports whether s is a bare e-mail address.
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s, "@")
}

// MinPasswordLength is the shortest password accepted (NIST SP 800-63B asks for at least 8).
const MinPasswordLength = 10

func (in *NewUser) validate() error {
	var v kern.Validation
	in.Email = NormalizeEmail(in.Email)
	in.Name = strings.TrimSpace(in.Name)
	v.Check(in.Email != "", "email", "field.required")
	v.Check(v.Has("email") || ValidEmail(in.Email), "email", "field.email_invalid")
	v.Check(in.Name != "", "name", "field.required")
	if in.Role == "" {
		in.Role = Member
	}
	v.Check(validRole(in.Role), "role", "auth.role_unknown")
	l, langOK := i18n.Parse(in.Lang)
	v.Check(in.Lang == "" || langOK, "lang", "field.lang_unknown")
	if langOK {
		in.Lang = string(l)
	}
	v.Check(len([]rune(in.Password)) >= MinPasswordLength, "password", "auth.password_too_short")
	return v.Err()
}

func validRole(r Role) bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}
