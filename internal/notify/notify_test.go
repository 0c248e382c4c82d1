package notify_test

import (
	"context"
	"testing"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
	"kern/internal/notify"
	"kern/internal/web/i18n"
)

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Notes follow each account's preference: at once, in the daily digest (one e-mail for all),
// in the weekly one on Mondays, or in Kern only; a person without an account is e-mailed.
func TestPreferencesDecideHowNotesAreMailed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		cat, err := i18n.Load(notify.CatalogFS)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 11, 24, 6, 0, 0, 0, time.UTC) // a Tuesday
		s := &notify.Service{DB: d, Catalog: cat, BaseURL: "https://kern.example", Now: func() time.Time { return now }}
		users := map[string]*auth.Principal{}
		for _, email := range []string{"direct@example.org", "daily@example.org", "weekly@example.org", "off@example.org"} {
			var id int64
			if err := d.Write.QueryRow(`INSERT INTO users (email, name, lang, role, created_at, updated_at) VALUES ($1, $1, 'nl', 'member', $2, $2) RETURNING id`, email, now).Scan(&id); err != nil {
				t.Fatal(err)
			}
			users[email] = &auth.Principal{User: auth.User{ID: id, Email: email}, SessionID: "s"}
		}
		for email, mode := range map[string]string{"daily@example.org": "daily", "weekly@example.org": "weekly", "off@example.org": "off"} {
			if err := s.SetPreferences(ctx, users[email], map[string]string{"term_ending": mode}); err != nil {
				t.Fatal(err)
			}
		}
		var person int64
		d.Write.QueryRow(`INSERT INTO people (given_name, family_name, email, created_at, updated_at) VALUES ('Zonder', 'Account', 'persoon@example.org', $1, $1) RETURNING id`, now).Scan(&person)
		note := notify.Note{Kind: "term_ending", SubjectKey: "notify.kind.term_ending", TextKey: "notify.lead", Link: "/bodies/1"}
		send := func(to notify.To) {
			t.Helper()
			err := d.InTx(ctx, func(ctx context.Context, q db.Q) error {
				_, err := s.Send(ctx, q, to, note)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, email := range []string{"direct@example.org", "daily@example.org", "daily@example.org", "weekly@example.org", "off@example.org"} {
			send(notify.To{UserID: users[email].User.ID})
		}
		send(notify.To{PersonID: person})
		mails := func(to string) int { return count(t, d, `SELECT count(*) FROM outbox WHERE to_addr = $1`, to) }
		if mails("direct@example.org") != 1 || mails("persoon@example.org") != 1 || mails("daily@example.org") != 0 {
			t.Fatalf("at once: direct %d, person %d, daily %d", mails("direct@example.org"), mails("persoon@example.org"), mails("daily@example.org"))
		}
		if err := s.Digest(ctx, ""); err != nil { // Tuesday: the daily digest only
			t.Fatal(err)
		}
		if mails("daily@example.org") != 1 || mails("weekly@example.org") != 0 {
			t.Fatalf("Tuesday's digest: daily %d (want one for both notes), weekly %d", mails("daily@example.org"), mails("weekly@example.org"))
		}
		now = time.Date(2026, 11, 30, 6, 0, 0, 0, time.UTC) // Monday
		if err := s.Digest(ctx, ""); err != nil {
			t.Fatal(err)
		}
		if mails("daily@example.org") != 1 || mails("weekly@example.org") != 1 || mails("off@example.org") != 0 {
			t.Fatalf("Monday's digest: daily %d, weekly %d, off %d", mails("daily@example.org"), mails("weekly@example.org"), mails("off@example.org"))
		}
		list, unread, err := s.List(ctx, users["off@example.org"], false)
		if err != nil || len(list) != 1 || unread != 1 {
			t.Fatalf("in Kern, the off account sees %d notes (%d unread), %v", len(list), unread, err)
		}
		if err := s.MarkRead(ctx, users["off@example.org"], 0); err != nil {
			t.Fatal(err)
		}
		if _, unread, _ := s.List(ctx, users["off@example.org"], false); unread != 0 {
			t.Fatalf("after marking all read: %d unread", unread)
		}
		// Somebody else's notes are not marked by mine.
		if _, unread, _ := s.List(ctx, users["daily@example.org"], false); unread != 2 {
			t.Fatalf("another account's notes: %d unread, want 2", unread)
		}
		if err := s.SetPreferences(ctx, users["direct@example.org"], map[string]string{"term_ending": "hourly"}); kern.ErrorCode(err) != kern.Invalid {
			t.Fatalf("an unknown mode: %v", err)
		}
	})
}
