package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"kern"
	"kern/internal/audit"
	"kern/internal/db"
)

// Failed log-ins are throttled per account and per address: after AccountFailures failures within
// FailureWindow the account refuses log-ins until the window has passed since the last failure;
// an address gets AddressFailures, more because offices share one.
const (
	AccountFailures = 5
	AddressFailures = 30
	FailureWindow   = 15 * time.Minute
)

// Session is a browser session as its owner sees it.
type Session struct {
	ID         string    `json:"id"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	IP         string    `json:"ip"`
	UserAgent  string    `json:"user_agent"`
	Current    bool      `json:"current"`
}

// touches makes sure that, of the many requests of one session or token arriving together once its
// last-seen time is a minute old, only one writes the new time (per node): the others would queue
// on the database's writer for nothing.
type touches struct {
	m      sync.Map
	claims atomic.Int64
}

// claim reports whether the caller is the one to touch key now.
func (t *touches) claim(key string, now time.Time) bool {
	if t.claims.Add(1)%1000 == 0 { // forget sessions and tokens not seen for ten minutes
		t.m.Range(func(k, v any) bool {
			if now.Sub(v.(time.Time)) > 10*time.Minute {
				t.m.Delete(k)
			}
			return true
		})
	}
	prev, loaded := t.m.LoadOrStore(key, now)
	if !loaded {
		return true
	}
	if now.Sub(prev.(time.Time)) < time.Minute {
		return false
	}
	return t.m.CompareAndSwap(key, prev, now)
}

func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

func (s *Service) idle() time.Duration {
	if s.IdleTimeout > 0 {
		return s.IdleTimeout
	}
	return 2 * time.Hour
}

func (s *Service) absolute() time.Duration {
	if s.AbsoluteTimeout > 0 {
		return s.AbsoluteTimeout
	}
	return 24 * time.Hour
}

// LogIn checks e-mail and password, with throttling per account and per address, and on success
// starts a new session and returns its cookie value. Any session the browser had before is ended
// by the caller, so a session id is never carried across a log-in.
func (s *Service) LogIn(ctx context.Context, email, password, ip, userAgent string) (cookie string, u User, err error) {
	email = NormalizeEmail(email)
	if email == "" || password == "" {
		return "", u, kern.Errorf(kern.Unauthorized, "auth.login_failed")
	}
	accountKey, addressKey := "account:"+email, "address:"+ip
	r := s.DB.Reader(ctx)
	for _, limit := range []struct {
		key string
		n   int
	}{{accountKey, AccountFailures}, {addressKey, AddressFailures}} {
		locked, err := s.locked(ctx, r, limit.key, limit.n)
		if err != nil {
			return "", u, err
		}
		if locked {
			return "", u, kern.Errorf(kern.TooMany, "auth.too_many_attempts", int(FailureWindow.Minutes()))
		}
	}
	u, hash, err := userByEmail(ctx, r, email)
	if err != nil && kern.ErrorCode(err) != kern.NotFound {
		return "", u, err
	}
	if err != nil {
		hash = dummyHash
	}
	if !CheckPassword(hash, password) || err != nil || u.Disabled {
		s.recordFailure(ctx, accountKey, addressKey)
		return "", User{}, kern.Errorf(kern.Unauthorized, "auth.login_failed")
	}
	err = s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		if _, err := q.ExecContext(ctx, `DELETE FROM login_failures WHERE key = $1`, accountKey); err != nil {
			return err
		}
		id, secret := randomToken(16), randomToken(32)
		now := s.now()
		_, err := q.ExecContext(ctx, `
INSERT INTO sessions (id, user_id, secret_hash, created_at, last_seen_at, expires_at, ip, user_agent)
VALUES ($1, $2, $3, $4, $4, $5, $6, $7)`, id, u.ID, hashSecret(secret), now, now.Add(s.absolute()), ip, truncate(userAgent, 300))
		if err != nil {
			return fmt.Errorf("start session: %w", err)
		}
		cookie = id + "." + secret
		return audit.Record(ctx, q, audit.Actor{UserID: u.ID, Label: u.Email}, "login", "session", id, nil, map[string]string{"ip": ip})
	})
	return cookie, u, err
}

// locked reports whether key has had n failures within one FailureWindow and the last of them is
// less than a window ago. While locked no failure is recorded, so the lock ends one window after
// the failure that set it.
func (s *Service) locked(ctx context.Context, q db.Q, key string, n int) (bool, error) {
	times, err := recentFailures(ctx, q, key, n)
	if err != nil || len(times) < n {
		return false, err
	}
	last, nth := times[0], times[n-1]
	return last.Sub(nth) <= FailureWindow && s.now().Before(last.Add(FailureWindow)), nil
}

func (s *Service) recordFailure(ctx context.Context, keys ...string) {
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		now := s.now()
		for _, k := range keys {
			if _, err := q.ExecContext(ctx, `INSERT INTO login_failures (key, at) VALUES ($1, $2)`, k, now); err != nil {
				return err
			}
		}
		_, err := q.ExecContext(ctx, `DELETE FROM login_failures WHERE at < $1`, now.Add(-24*time.Hour))
		return err
	})
	if err != nil && s.Log != nil {
		s.Log.Error("record login failure", "err", err)
	}
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// SessionPrincipal returns the principal of a session cookie value, or Unauthorized when the
// session is unknown, ended, idle too long or past its absolute time-out.
func (s *Service) SessionPrincipal(ctx context.Context, cookie string) (*Principal, error) {
	id, secret, ok := strings.Cut(cookie, ".")
	if !ok || id == "" || secret == "" {
		return nil, kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	var hash string
	var lastSeen, expires time.Time
	var u User
	r := s.DB.Reader(ctx)
	err := r.QueryRowContext(ctx, `
SELECT s.secret_hash, s.last_seen_at, s.expires_at, u.id, u.email, u.name, u.lang, u.role, u.disabled, u.created_at
FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`, id).
		Scan(&hash, &lastSeen, &expires, &u.ID, &u.Email, &u.Name, &u.Lang, &u.Role, &u.Disabled, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	if err != nil {
		return nil, fmt.Errorf("load session: %w", err)
	}
	now := s.now()
	if subtle.ConstantTimeCompare([]byte(hash), []byte(hashSecret(secret))) != 1 || u.Disabled {
		return nil, kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	if now.After(expires) || now.Sub(lastSeen) > s.idle() {
		s.DB.Write.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, id)
		return nil, kern.Errorf(kern.Unauthorized, "auth.session_expired")
	}
	userID := u.ID
	if now.Sub(lastSeen) > time.Minute && s.touches.claim("s:"+id, now) {
		if _, err := s.DB.Write.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id = $2`, now, id); err != nil {
			return nil, fmt.Errorf("touch session: %w", err)
		}
	}
	roles, err := orgRolesOf(ctx, r, userID)
	if err != nil {
		return nil, err
	}
	return &Principal{User: u, SessionID: id, OrgRoles: roles}, nil
}

// LogOut ends the session of the cookie value, if any.
func (s *Service) LogOut(ctx context.Context, p *Principal) error {
	if p == nil || p.SessionID == "" {
		return nil
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		if _, err := q.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1 AND user_id = $2`, p.SessionID, p.User.ID); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "logout", "session", p.SessionID, nil, nil)
	})
}

// Sessions lists p's own sessions, newest first.
func (s *Service) Sessions(ctx context.Context, p *Principal) ([]Session, error) {
	if p == nil {
		return nil, kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	rows, err := s.DB.Reader(ctx).QueryContext(ctx, `
SELECT id, created_at, last_seen_at, expires_at, ip, user_agent FROM sessions WHERE user_id = $1
ORDER BY last_seen_at DESC`, p.User.ID)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		var x Session
		if err := rows.Scan(&x.ID, &x.CreatedAt, &x.LastSeenAt, &x.ExpiresAt, &x.IP, &x.UserAgent); err != nil {
			return nil, err
		}
		x.Current = x.ID == p.SessionID
		out = append(out, x)
	}
	return out, rows.Err()
}

// EndSession ends one of p's own sessions; another user's session id answers NotFound.
func (s *Service) EndSession(ctx context.Context, p *Principal, id string) error {
	if err := RequireWrite(p); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		res, err := q.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1 AND user_id = $2`, id, p.User.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return kern.Errorf(kern.NotFound, "error.not_found")
		}
		return audit.Record(ctx, q, p.Actor(), "end_session", "session", id, nil, nil)
	})
}
