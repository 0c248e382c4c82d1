package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"kern"
	"kern/internal/audit"
	"kern/internal/db"
	"kern/internal/outbox"
	"kern/internal/web/i18n"
)

// ResetLifetime is how long a password-reset link works.
const ResetLifetime = time.Hour

// RequestPasswordReset e-mails a one-time reset link to the account with this address, if there
// is one. It answers the same either way, so the form does not reveal who has an account.
func (s *Service) RequestPasswordReset(ctx context.Context, email string, lang i18n.Lang) error {
	u, _, err := userByEmail(ctx, s.DB.Reader(ctx), email)
	if kern.ErrorCode(err) == kern.NotFound || (err == nil && u.Disabled) {
		return nil
	}
	if err != nil {
		return err
	}
	if l, ok := i18n.Parse(u.Lang); ok {
		lang = l
	}
	token := randomToken(32)
	now := s.now()
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		if _, err := q.ExecContext(ctx, `INSERT INTO password_resets (user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
			u.ID, hashSecret(token), now, now.Add(ResetLifetime)); err != nil {
			return fmt.Errorf("password reset: %w", err)
		}
		link := s.BaseURL + "/reset/" + token
		msg := outbox.Message{
			To:      u.Email,
			Subject: s.Catalog.T(lang, "mail.reset.subject"),
			Text:    s.Catalog.T(lang, "mail.reset.body", u.Name, link, int(ResetLifetime.Minutes())),
		}
		if err := outbox.Enqueue(ctx, q, msg); err != nil {
			return err
		}
		return audit.Record(ctx, q, audit.Actor{UserID: u.ID, Label: u.Email}, "request_reset", "user", u.ID, nil, nil)
	})
}

// ResetPassword sets a new password with a reset token, once; it ends every session of the user.
func (s *Service) ResetPassword(ctx context.Context, token, password string) error {
	var userID int64
	var expires time.Time
	var used *time.Time
	err := s.DB.Reader(ctx).QueryRowContext(ctx, `SELECT user_id, expires_at, used_at FROM password_resets WHERE token_hash = $1`,
		hashSecret(token)).Scan(&userID, &expires, &used)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (used != nil || s.now().After(expires))) {
		return kern.Errorf(kern.Invalid, "auth.reset_link_invalid")
	}
	if err != nil {
		return err
	}
	u, err := userByID(ctx, s.DB.Reader(ctx), userID)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		res, err := q.ExecContext(ctx, `UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL`, s.now(), hashSecret(token))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return kern.Errorf(kern.Invalid, "auth.reset_link_invalid")
		}
		return s.setPassword(ctx, audit.Actor{UserID: u.ID, Label: u.Email}, userID, password)
	})
}
