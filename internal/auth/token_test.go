package auth_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
)

var tokenShape = regexp.MustCompile(`^kern_([a-z0-9]+)_([A-Za-z0-9_-]{43})$`)

func (o *office) token(t *testing.T, p *auth.Principal, in auth.NewToken) (auth.Token, string) {
	t.Helper()
	tok, bearer, err := o.auth.CreateToken(o.ctx, p, in)
	if err != nil {
		t.Fatalf("create token %q: %v", in.Name, err)
	}
	return tok, bearer
}

func TestATokenOpensTheAPIWithItsScope(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		bea := o.account(t, "bea@example.org", auth.Member)
		tok, bearer := o.token(t, as(bea), auth.NewToken{Name: " nightly export ", Scope: auth.ScopeReadWrite})

		m := tokenShape.FindStringSubmatch(bearer)
		if m == nil || m[1] != tok.Prefix || tok.Name != "nightly export" || tok.ExpiresAt != nil {
			t.Fatalf("token %+v with secret %q", tok, bearer)
		}
		var hash string
		d.Read.QueryRow(`SELECT secret_hash FROM api_tokens WHERE id = $1`, tok.ID).Scan(&hash)
		if hash == "" || strings.Contains(hash, m[2]) {
			t.Fatalf("stored secret %q for %q", hash, m[2])
		}

		p, err := o.auth.TokenPrincipal(o.ctx, bearer)
		if err != nil {
			t.Fatal(err)
		}
		if p.User.ID != bea.ID || p.TokenID != tok.ID || p.Scope != auth.ScopeReadWrite || p.SessionID != "" {
			t.Fatalf("token principal = %+v", p)
		}
		if err := auth.RequireWrite(p); err != nil {
			t.Fatalf("a read-write token may not write: %v", err)
		}
		list, err := o.auth.Tokens(o.ctx, as(bea))
		if err != nil || len(list) != 1 || list[0].LastUsedAt == nil || !list[0].Active(o.clock.Now()) {
			t.Fatalf("Bea's tokens after use = %+v, %v", list, err)
		}
	})
}

func TestAReadTokenMayNotWrite(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		bea := o.account(t, "bea@example.org", auth.Coordinator)
		_, bearer := o.token(t, as(bea), auth.NewToken{Name: "dashboard", Scope: auth.ScopeRead})
		p, err := o.auth.TokenPrincipal(o.ctx, bearer)
		if err != nil {
			t.Fatal(err)
		}
		if p.Scope != auth.ScopeRead {
			t.Fatalf("scope = %q", p.Scope)
		}
		wantError(t, auth.RequireWrite(p), kern.Forbidden, "auth.read_only_token")
		wantError(t, auth.RequireWrite(nil), kern.Unauthorized, "")
		_, _, err = o.auth.CreateToken(o.ctx, p, auth.NewToken{Name: "more", Scope: auth.ScopeRead})
		wantError(t, err, kern.Forbidden, "")
		wantError(t, o.auth.GrantOrgRole(o.ctx, p, bea.ID, 1, auth.OrgMember), kern.Forbidden, "auth.read_only_token")
	})
}

func TestATokenCannotMakeAToken(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		bea := o.account(t, "bea@example.org", auth.Admin)
		_, bearer := o.token(t, as(bea), auth.NewToken{Name: "script", Scope: auth.ScopeReadWrite})
		p, err := o.auth.TokenPrincipal(o.ctx, bearer)
		if err != nil {
			t.Fatal(err)
		}
		_, secret, err := o.auth.CreateToken(o.ctx, p, auth.NewToken{Name: "child", Scope: auth.ScopeReadWrite})
		wantError(t, err, kern.Forbidden, "auth.token_cannot_make_token")
		if secret != "" || o.count(t, `SELECT count(*) FROM api_tokens`) != 1 {
			t.Fatal("a token made a token")
		}
	})
}

func TestARevokedTokenIsRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		bea := o.account(t, "bea@example.org", auth.Member)
		cas := o.account(t, "cas@example.org", auth.Member)
		tok, bearer := o.token(t, as(bea), auth.NewToken{Name: "laptop", Scope: auth.ScopeRead})

		wantError(t, o.auth.RevokeToken(o.ctx, as(cas), tok.ID), kern.NotFound, "error.not_found")
		if _, err := o.auth.TokenPrincipal(o.ctx, bearer); err != nil {
			t.Fatalf("Cas's failed revocation ended Bea's token: %v", err)
		}

		if err := o.auth.RevokeToken(o.ctx, as(bea), tok.ID); err != nil {
			t.Fatal(err)
		}
		_, err := o.auth.TokenPrincipal(o.ctx, bearer)
		wantError(t, err, kern.Unauthorized, "auth.token_invalid")
		wantError(t, o.auth.RevokeToken(o.ctx, as(bea), tok.ID), kern.NotFound, "")
		if n := o.count(t, `SELECT count(*) FROM audit_log WHERE action = 'revoke' AND entity = 'api_token'`); n != 1 {
			t.Fatalf("%d revoke rows, want 1", n)
		}
	})
}

func TestATokenExpires(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		bea := o.account(t, "bea@example.org", auth.Member)
		tok, bearer := o.token(t, as(bea), auth.NewToken{Name: "week", Scope: auth.ScopeRead, Expires: 7 * 24 * time.Hour})
		if tok.ExpiresAt == nil || !tok.ExpiresAt.Equal(o.clock.Now().Add(7*24*time.Hour)) {
			t.Fatalf("expires at %v", tok.ExpiresAt)
		}
		o.clock.Advance(7*24*time.Hour - time.Second)
		if _, err := o.auth.TokenPrincipal(o.ctx, bearer); err != nil {
			t.Fatalf("a second before expiry: %v", err)
		}
		o.clock.Advance(time.Second)
		_, err := o.auth.TokenPrincipal(o.ctx, bearer)
		wantError(t, err, kern.Unauthorized, "auth.token_invalid")
	})
}

func TestCreateTokenRefusesInvalidTokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		bea := o.account(t, "bea@example.org", auth.Member)
		for _, tc := range []struct {
			name       string
			in         auth.NewToken
			field, key string
		}{
			{"no name", auth.NewToken{Name: "  ", Scope: auth.ScopeRead}, "name", "field.required"},
			{"a name too long", auth.NewToken{Name: strings.Repeat("n", 101), Scope: auth.ScopeRead}, "name", "field.too_long"},
			{"no scope", auth.NewToken{Name: "x"}, "scope", "auth.scope_unknown"},
			{"an unknown scope", auth.NewToken{Name: "x", Scope: "admin"}, "scope", "auth.scope_unknown"},
			{"a negative expiry", auth.NewToken{Name: "x", Scope: auth.ScopeRead, Expires: -time.Hour}, "expires", "auth.expiry_out_of_range"},
			{"an expiry beyond the maximum", auth.NewToken{Name: "x", Scope: auth.ScopeRead, Expires: auth.MaxTokenLifetime + time.Hour}, "expires", "auth.expiry_out_of_range"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, _, err := o.auth.CreateToken(o.ctx, as(bea), tc.in)
				wantField(t, err, tc.field, tc.key)
			})
		}
		_, _, err := o.auth.CreateToken(o.ctx, nil, auth.NewToken{Name: "x", Scope: auth.ScopeRead})
		wantError(t, err, kern.Unauthorized, "")
		if n := o.count(t, `SELECT count(*) FROM api_tokens`); n != 0 {
			t.Fatalf("%d tokens written by refused requests", n)
		}
	})
}

func TestAMalformedBearerIsRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		bea := o.account(t, "bea@example.org", auth.Member)
		_, bearer := o.token(t, as(bea), auth.NewToken{Name: "x", Scope: auth.ScopeRead})
		m := tokenShape.FindStringSubmatch(bearer)
		for _, tc := range []struct{ name, bearer string }{
			{"no kern_ prefix", strings.TrimPrefix(bearer, "kern_")},
			{"no secret", "kern_" + m[1] + "_"},
			{"no prefix", "kern__" + m[2]},
			{"a wrong secret", "kern_" + m[1] + "_" + strings.Repeat("A", 43)},
			{"an unknown prefix", "kern_zzzzzzzz_" + m[2]},
			{"nothing", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p, err := o.auth.TokenPrincipal(o.ctx, tc.bearer)
				wantError(t, err, kern.Unauthorized, "auth.token_invalid")
				if p != nil {
					t.Fatalf("principal %+v", p)
				}
			})
		}
	})
}
