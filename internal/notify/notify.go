// Package notify delivers the platform's reminders and notices to people: an in-app list for
// those with an account, and e-mail through the outbox as each account prefers per kind —
// immediately, in a daily or weekly digest, or not at all. A person without an account gets the
// e-mail at the address in the registry.
package notify

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/outbox"
	"kern/internal/web/i18n"
)

//go:embed catalog/*.json
var catalogFS embed.FS

// CatalogFS holds the messages of notifications.
var CatalogFS, _ = fs.Sub(catalogFS, "catalog")

// Kinds of notification a person can set a preference for; each has the message key
// notify.kind.<kind>.
var Kinds = []string{"kpi_overdue", "action_overdue", "term_ending", "vacancy_application", "meeting_scheduled",
	"minutes_missing", "annual_plan", "report_draft", "supply_shortfall"}

// Modes of e-mail delivery.
var Modes = []string{"immediate", "daily", "weekly", "off"}

// DefaultMode is the preference of a person who has not chosen.
const DefaultMode = "immediate"

// DigestJob is the job kind that sends the daily digests, and on Mondays the weekly ones.
const DigestJob = "digest.notifications"

// Service sends and lists notifications.
type Service struct {
	DB      *db.DB
	Catalog *i18n.Catalog
	BaseURL string
	Now     func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// To names the recipient: an account, or a person in the registry (reached through their
// account when they have one, else at their registry e-mail address).
type To struct {
	UserID   int64
	PersonID int64
}

// Note is a notification: message keys of the subject and text with their arguments (translated
// into the recipient's language; the text's first argument is the recipient's name, then Args)
// and a link into the platform (a path).
type Note struct {
	Kind        string
	SubjectKey  string
	SubjectArgs []any
	TextKey     string
	Args        []any
	Link        string
}

// Send notifies the recipient through q, usually the transaction of the change that causes it.
// It reports whether anybody could be reached.
func (s *Service) Send(ctx context.Context, q db.Q, to To, n Note) (bool, error) {
	if !slices.Contains(Kinds, n.Kind) {
		return false, fmt.Errorf("notify: unknown kind %q", n.Kind)
	}
	userID, email, name, lang, err := resolve(ctx, q, to)
	if err != nil || (userID == 0 && email == "") {
		return false, err
	}
	l, ok := i18n.Parse(lang)
	if !ok {
		l = i18n.NL
	}
	args := append([]any{name}, n.Args...)
	subject := s.Catalog.T(l, n.SubjectKey, n.SubjectArgs...)
	text := s.Catalog.T(l, n.TextKey, args...)
	link := ""
	if n.Link != "" {
		link = s.BaseURL + n.Link
	}
	now := s.now()
	if userID == 0 {
		return true, outbox.Enqueue(ctx, q, outbox.Message{To: email, Subject: subject, Text: withLink(text, link)})
	}
	mode, err := Preference(ctx, q, userID, n.Kind)
	if err != nil {
		return false, err
	}
	var mailed any
	if mode == "immediate" {
		if err := outbox.Enqueue(ctx, q, outbox.Message{To: email, Subject: subject, Text: withLink(text, link)}); err != nil {
			return false, err
		}
		mailed = now
	}
	_, err = q.ExecContext(ctx, `INSERT INTO notifications (user_id, kind, subject, body, link, created_at, mailed_at, mail_mode)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, userID, n.Kind, subject, text, n.Link, now, mailed, mode)
	return true, err
}

func withLink(text, link string) string {
	if link == "" {
		return text
	}
	return text + "\n\n" + link
}

// resolve finds the account of the recipient, or the person's registry address.
func resolve(ctx context.Context, q db.Q, to To) (userID int64, email, name, lang string, err error) {
	if to.UserID == 0 && to.PersonID != 0 {
		err = q.QueryRowContext(ctx, `SELECT id FROM users WHERE person_id = $1 AND NOT disabled`, to.PersonID).Scan(&to.UserID)
		if errors.Is(err, sql.ErrNoRows) {
			err = q.QueryRowContext(ctx, `SELECT email, given_name || ' ' || family_name FROM people WHERE id = $1`, to.PersonID).Scan(&email, &name)
			if errors.Is(err, sql.ErrNoRows) {
				err = nil
			}
			return 0, email, name, "", err
		}
		if err != nil {
			return 0, "", "", "", err
		}
	}
	if to.UserID == 0 {
		return 0, "", "", "", nil
	}
	var disabled bool
	err = q.QueryRowContext(ctx, `SELECT email, name, lang, disabled FROM users WHERE id = $1`, to.UserID).Scan(&email, &name, &lang, &disabled)
	if errors.Is(err, sql.ErrNoRows) || disabled {
		return 0, "", "", "", nil
	}
	return to.UserID, email, name, lang, err
}

// Preference is how the account wants e-mail of this kind.
func Preference(ctx context.Context, q db.Q, userID int64, kind string) (string, error) {
	var mode string
	err := q.QueryRowContext(ctx, `SELECT mode FROM notification_prefs WHERE user_id = $1 AND kind = $2`, userID, kind).Scan(&mode)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultMode, nil
	}
	return mode, err
}

// Notification is one entry of a person's in-app list.
type Notification struct {
	ID        int64      `json:"id"`
	Kind      string     `json:"kind"`
	Subject   string     `json:"subject"`
	Body      string     `json:"body"`
	Link      string     `json:"link"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at,omitempty"`
}

// List returns p's notifications, newest first (at most 200), and how many are unread.
func (s *Service) List(ctx context.Context, p *auth.Principal, unreadOnly bool) ([]Notification, int, error) {
	if p == nil {
		return nil, 0, kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	q := s.DB.Reader(ctx)
	cond := ""
	if unreadOnly {
		cond = " AND read_at IS NULL"
	}
	rows, err := q.QueryContext(ctx, `SELECT id, kind, subject, body, link, created_at, read_at FROM notifications
WHERE user_id = $1`+cond+` ORDER BY created_at DESC, id DESC LIMIT 200`, p.User.ID)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Notification{}
	for rows.Next() {
		var n Notification
		if err := rows.Scan(&n.ID, &n.Kind, &n.Subject, &n.Body, &n.Link, &n.CreatedAt, &n.ReadAt); err != nil {
			return nil, 0, err
		}
		out = append(out, n)
	}
	var unread int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, p.User.ID).Scan(&unread); err != nil {
		return nil, 0, err
	}
	return out, unread, rows.Err()
}

// MarkRead marks p's notifications read: the one with id, or all of them when id is 0.
func (s *Service) MarkRead(ctx context.Context, p *auth.Principal, id int64) error {
	if err := auth.RequireWrite(p); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		query, args := `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL`, []any{s.now(), p.User.ID}
		if id != 0 {
			query, args = query+` AND id = $3`, append(args, id)
		}
		_, err := q.ExecContext(ctx, query, args...)
		return err
	})
}

// Preferences are p's mode per kind, every kind listed.
func (s *Service) Preferences(ctx context.Context, p *auth.Principal) (map[string]string, error) {
	if p == nil {
		return nil, kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	out := map[string]string{}
	for _, k := range Kinds {
		m, err := Preference(ctx, s.DB.Reader(ctx), p.User.ID, k)
		if err != nil {
			return nil, err
		}
		out[k] = m
	}
	return out, nil
}

// SetPreferences stores p's modes; an unknown kind or mode is refused naming it.
func (s *Service) SetPreferences(ctx context.Context, p *auth.Principal, prefs map[string]string) error {
	if err := auth.RequireWrite(p); err != nil {
		return err
	}
	var v kern.Validation
	for k, m := range prefs {
		v.Check(slices.Contains(Kinds, k), k, "notify.unknown_kind")
		v.Check(slices.Contains(Modes, m), k, "field.unknown_choice")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before := map[string]string{}
		for k := range prefs {
			m, err := Preference(ctx, q, p.User.ID, k)
			if err != nil {
				return err
			}
			before[k] = m
		}
		if err := audit.Record(ctx, q, p.Actor(), "update", "notification_prefs", p.User.ID, before, prefs); err != nil {
			return err
		}
		for k, m := range prefs {
			if _, err := q.ExecContext(ctx, `DELETE FROM notification_prefs WHERE user_id = $1 AND kind = $2`, p.User.ID, k); err != nil {
				return err
			}
			if _, err := q.ExecContext(ctx, `INSERT INTO notification_prefs (user_id, kind, mode) VALUES ($1, $2, $3)`, p.User.ID, k, m); err != nil {
				return err
			}
		}
		return nil
	})
}

// Digest sends each account one e-mail with its notifications waiting for the daily digest, and
// on Mondays (in Amsterdam) for the weekly one. It runs as the daily job DigestJob.
func (s *Service) Digest(ctx context.Context, _ string) error {
	modes := []string{"daily"}
	if s.now().In(amsterdam).Weekday() == time.Monday {
		modes = append(modes, "weekly")
	}
	for _, mode := range modes {
		if err := s.digest(ctx, mode); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) digest(ctx context.Context, mode string) error {
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		rows, err := q.QueryContext(ctx, `SELECT n.id, n.user_id, n.subject, n.link, u.email, u.name, u.lang FROM notifications n
JOIN users u ON u.id = n.user_id WHERE n.mail_mode = $1 AND n.mailed_at IS NULL AND NOT u.disabled ORDER BY n.user_id, n.created_at, n.id`, mode)
		if err != nil {
			return err
		}
		type entry struct {
			id, user                         int64
			subject, link, email, name, lang string
		}
		var all []entry
		for rows.Next() {
			var e entry
			if err := rows.Scan(&e.id, &e.user, &e.subject, &e.link, &e.email, &e.name, &e.lang); err != nil {
				rows.Close()
				return err
			}
			all = append(all, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i := 0; i < len(all); {
			j := i
			var b strings.Builder
			for ; j < len(all) && all[j].user == all[i].user; j++ {
				b.WriteString("- " + all[j].subject)
				if all[j].link != "" {
					b.WriteString("\n  " + s.BaseURL + all[j].link)
				}
				b.WriteString("\n")
			}
			l, ok := i18n.Parse(all[i].lang)
			if !ok {
				l = i18n.NL
			}
			msg := outbox.Message{To: all[i].email, Subject: s.Catalog.T(l, "notify.digest_subject."+mode, j-i),
				Text: s.Catalog.T(l, "notify.digest_text", all[i].name, b.String(), s.BaseURL+"/notifications")}
			if err := outbox.Enqueue(ctx, q, msg); err != nil {
				return err
			}
			for k := i; k < j; k++ {
				if _, err := q.ExecContext(ctx, `UPDATE notifications SET mailed_at = $1 WHERE id = $2`, s.now(), all[k].id); err != nil {
					return err
				}
			}
			i = j
		}
		return nil
	})
}

var amsterdam = func() *time.Location {
	l, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.UTC
	}
	return l
}()
