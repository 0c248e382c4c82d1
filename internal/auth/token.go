package auth

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"kern"
	"kern/internal/audit"
	"kern/internal/db"
)

// Token is an API token as its owner sees it; the secret is shown once, at creation.
type Token struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	Scope      Scope      `json:"scope"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  *time.Time `json:"expires_at,omitempty"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

// Active reports whether the token still opens the API at now.
func (t Token) Active(now time.Time) bool {
	return t.RevokedAt == nil && (t.ExpiresAt == nil || now.Before(*t.ExpiresAt))
}

// NewToken is what creating a token takes; Expires 0 means it never expires.
type NewToken struct {
	Name    string
	Scope   Scope
	Expires time.Duration
}

// MaxTokenLifetime bounds how long a token may live.
const MaxTokenLifetime = 2 * 366 * 24 * time.Hour

// CreateToken makes an API token for p's own account and returns it with its secret, which is
// stored only as a hash. The secret reads "kern_<prefix>_<secret>".
func (s *Service) CreateToken(ctx context.Context, p *Principal, in NewToken) (Token, string, error) {
	if err := RequireWrite(p); err != nil {
		return Token{}, "", err
	}
	if p.TokenID != 0 {
		return Token{}, "", kern.Errorf(kern.Forbidden, "auth.token_cannot_make_token")
	}
	var v kern.Validation
	in.Name = strings.TrimSpace(in.Name)
	v.Check(in.Name != "", "name", "field.required")
	v.Check(len(in.Name) <= 100, "name", "field.too_long")
	v.Check(in.Scope == ScopeRead || in.Scope == ScopeReadWrite, "scope", "auth.scope_unknown")
	v.Check(in.Expires >= 0 && in.Expires <= MaxTokenLifetime, "expires", "auth.expiry_out_of_range")
	if err := v.Err(); err != nil {
		return Token{}, "", err
	}
	prefix, secret := strings.ToLower(randomToken(6)), randomToken(32)
	prefix = strings.NewReplacer("-", "x", "_", "y").Replace(prefix)
	now := s.now()
	t := Token{Name: in.Name, Prefix: prefix, Scope: in.Scope, CreatedAt: now}
	if in.Expires > 0 {
		e := now.Add(in.Expires)
		t.ExpiresAt = &e
	}
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		err := q.QueryRowContext(ctx, `
INSERT INTO api_tokens (user_id, name, prefix, secret_hash, scope, created_at, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, p.User.ID, t.Name, prefix, hashSecret(secret), t.Scope, now, t.ExpiresAt).Scan(&t.ID)
		if err != nil {
			return fmt.Errorf("create token: %w", err)
		}
		return audit.Record(ctx, q, p.Actor(), "create", "api_token", t.ID, nil, t)
	})
	return t, "kern_" + prefix + "_" + secret, err
}

// CreateTokenFor makes a token for the account with the given e-mail (the command line).
func (s *Service) CreateTokenFor(ctx context.Context, p *Principal, email string, in NewToken) (Token, string, error) {
	if err := s.requireAdmin(p); err != nil {
		return Token{}, "", err
	}
	u, _, err := userByEmail(ctx, s.DB.Reader(ctx), email)
	if err != nil {
		return Token{}, "", err
	}
	return s.CreateToken(ctx, &Principal{User: u}, in)
}

// Tokens lists p's own tokens, newest first.
func (s *Service) Tokens(ctx context.Context, p *Principal) ([]Token, error) {
	if p == nil {
		return nil, kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	rows, err := s.DB.Reader(ctx).QueryContext(ctx, `
SELECT id, name, prefix, scope, created_at, expires_at, last_used_at, revoked_at FROM api_tokens
WHERE user_id = $1 ORDER BY id DESC`, p.User.ID)
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		if err := rows.Scan(&t.ID, &t.Name, &t.Prefix, &t.Scope, &t.CreatedAt, &t.ExpiresAt, &t.LastUsedAt, &t.RevokedAt); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken ends one of p's own tokens; someone else's token id answers NotFound.
func (s *Service) RevokeToken(ctx context.Context, p *Principal, id int64) error {
	if err := RequireWrite(p); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		res, err := q.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL`,
			s.now(), id, p.User.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return kern.Errorf(kern.NotFound, "error.not_found")
		}
		return audit.Record(ctx, q, p.Actor(), "revoke", "api_token", id, nil, nil)
	})
}

// TokenPrincipal returns the principal of a bearer token, or Unauthorized when it is unknown,
// revoked or expired.
func (s *Service) TokenPrincipal(ctx context.Context, bearer string) (*Principal, error) {
	rest, ok := strings.CutPrefix(bearer, "kern_")
	prefix, secret, ok2 := strings.Cut(rest, "_")
	if !ok || !ok2 || prefix == "" || secret == "" {
		return nil, kern.Errorf(kern.Unauthorized, "auth.token_invalid")
	}
	r := s.DB.Reader(ctx)
	var t Token
	var hash string
	var u User
	err := r.QueryRowContext(ctx, `
SELECT t.id, t.secret_hash, t.scope, t.expires_at, t.revoked_at, t.last_used_at,
       u.id, u.email, u.name, u.lang, u.role, u.disabled, u.created_at
FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.prefix = $1`, prefix).
		Scan(&t.ID, &hash, &t.Scope, &t.ExpiresAt, &t.RevokedAt, &t.LastUsedAt,
			&u.ID, &u.Email, &u.Name, &u.Lang, &u.Role, &u.Disabled, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kern.Errorf(kern.Unauthorized, "auth.token_invalid")
	}
	if err != nil {
		return nil, fmt.Errorf("load token: %w", err)
	}
	now := s.now()
	if subtle.ConstantTimeCompare([]byte(hash), []byte(hashSecret(secret))) != 1 || !t.Active(now) || u.Disabled {
		return nil, kern.Errorf(kern.Unauthorized, "auth.token_invalid")
	}
	userID := u.ID
	if (t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute) && s.touches.claim("t:"+prefix, now) {
		if _, err := s.DB.Write.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, now, t.ID); err != nil {
			return nil, fmt.Errorf("touch token: %w", err)
		}
	}
	roles, err := orgRolesOf(ctx, r, userID)
	if err != nil {
		return nil, err
	}
	return &Principal{User: u, TokenID: t.ID, Scope: t.Scope, OrgRoles: roles}, nil
}
