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
	"kern/internal/web/i18n"
)

var resetLink = regexp.MustCompile(`http://kern\.test/reset/([A-Za-z0-9_-]+)`)

const newPassword = "a brand new passphrase"

// mail is one message in the outbox.
type mail struct{ to, subject, body string }

func (o *office) outbox(t *testing.T) []mail {
	t.Helper()
	rows, err := o.d.Read.Query(`SELECT to_addr, subject, body_text FROM outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []mail
	for rows.Next() {
		var m mail
		if err := rows.Scan(&m.to, &m.subject, &m.body); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// requestReset asks for a reset link for email and returns the token in the newest message.
func (o *office) requestReset(t *testing.T, email string) string {
	t.Helper()
	if err := o.auth.RequestPasswordReset(o.ctx, email, i18n.EN); err != nil {
		t.Fatal(err)
	}
	box := o.outbox(t)
	if len(box) == 0 {
		t.Fatal("no reset mail")
	}
	m := resetLink.FindStringSubmatch(box[len(box)-1].body)
	if m == nil {
		t.Fatalf("no reset link in %q", box[len(box)-1].body)
	}
	return m[1]
}

// passwordIs reports whether the stored hash of email's account checks pw; it does not log in, so
// it leaves the log-in throttle alone.
func (o *office) passwordIs(t *testing.T, email, pw string) bool {
	t.Helper()
	var hash string
	if err := o.d.Read.QueryRow(`SELECT password_hash FROM users WHERE email = $1`, email).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	return auth.CheckPassword(hash, pw)
}

func TestAResetRequestForAnUnknownAddressSendsNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		o.account(t, "bea@example.org", auth.Member)
		o.account(t, "gone@example.org", auth.Member)
		d.Write.Exec(`UPDATE users SET disabled = TRUE WHERE email = 'gone@example.org'`)
		for _, email := range []string{"nobody@example.org", "gone@example.org", ""} {
			if err := o.auth.RequestPasswordReset(o.ctx, email, i18n.NL); err != nil {
				t.Fatalf("reset for %q answered %v, want the same nil as for an account", email, err)
			}
		}
		if n := len(o.outbox(t)); n != 0 {
			t.Fatalf("%d messages in the outbox", n)
		}
		if n := o.count(t, `SELECT count(*) FROM password_resets`); n != 0 {
			t.Fatalf("%d reset links stored", n)
		}
	})
}

func TestAPasswordResetWorksOnceAndEndsEverySession(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		o.account(t, "bea@example.org", auth.Member)
		laptop := o.logIn(t, "bea@example.org", "Firefox")
		phone := o.logIn(t, "bea@example.org", "Safari")

		token := o.requestReset(t, " Bea@Example.org ")
		box := o.outbox(t)
		if len(box) != 1 {
			t.Fatalf("%d messages, want 1", len(box))
		}
		m := box[0]
		if m.to != "bea@example.org" || m.subject != "New password for Kern" ||
			!strings.Contains(m.body, "Dear Bea,") || !strings.Contains(m.body, "http://kern.test/reset/"+token) ||
			!strings.Contains(m.body, "60 minutes") {
			t.Fatalf("reset mail = %+v", m)
		}
		var hash string
		d.Read.QueryRow(`SELECT token_hash FROM password_resets`).Scan(&hash)
		if hash == "" || strings.Contains(hash, token) {
			t.Fatalf("stored reset token %q for %q", hash, token)
		}

		o.clock.Advance(auth.ResetLifetime - time.Minute)
		if err := o.auth.ResetPassword(o.ctx, token, newPassword); err != nil {
			t.Fatal(err)
		}
		for _, cookie := range []string{laptop, phone} {
			_, err := o.auth.SessionPrincipal(o.ctx, cookie)
			wantError(t, err, kern.Unauthorized, "")
		}
		if _, _, err := o.auth.LogIn(o.ctx, "bea@example.org", newPassword, homeIP, "Firefox"); err != nil {
			t.Fatalf("log-in with the new password: %v", err)
		}
		if o.passwordIs(t, "bea@example.org", password) {
			t.Fatal("the old password still works")
		}

		err := o.auth.ResetPassword(o.ctx, token, "yet another passphrase")
		wantError(t, err, kern.Invalid, "auth.reset_link_invalid")
		if !o.passwordIs(t, "bea@example.org", newPassword) {
			t.Fatal("the second use of the link changed the password")
		}
	})
}

func TestTheResetMailIsInTheAccountsLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		if _, err := o.auth.CreateUser(o.ctx, auth.System(), auth.NewUser{Email: "daan@example.nl", Name: "Daan", Lang: "nl", Password: password}); err != nil {
			t.Fatal(err)
		}
		o.requestReset(t, "daan@example.nl") // asked from an English page
		m := o.outbox(t)[0]
		if m.subject != "Nieuw wachtwoord voor Kern" || !strings.HasPrefix(m.body, "Beste Daan,") {
			t.Fatalf("mail = %+v, want Dutch", m)
		}
	})
}

func TestAnExpiredOrUnknownResetLinkIsRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		o.account(t, "bea@example.org", auth.Member)
		token := o.requestReset(t, "bea@example.org")

		wantError(t, o.auth.ResetPassword(o.ctx, "not-a-token", newPassword), kern.Invalid, "auth.reset_link_invalid")
		wantError(t, o.auth.ResetPassword(o.ctx, "", newPassword), kern.Invalid, "auth.reset_link_invalid")

		o.clock.Advance(auth.ResetLifetime + time.Second)
		wantError(t, o.auth.ResetPassword(o.ctx, token, newPassword), kern.Invalid, "auth.reset_link_invalid")
		if !o.passwordIs(t, "bea@example.org", password) {
			t.Fatal("a refused link changed the password")
		}
	})
}

func TestAResetWithAShortPasswordKeepsTheLink(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		o.account(t, "bea@example.org", auth.Member)
		token := o.requestReset(t, "bea@example.org")

		wantField(t, o.auth.ResetPassword(o.ctx, token, "short"), "password", "auth.password_too_short")
		if err := o.auth.ResetPassword(o.ctx, token, newPassword); err != nil {
			t.Fatalf("the link after a refused password: %v", err)
		}
	})
}

// Two links requested one after the other: once the password is reset with one, the other should
// no longer work, or a link in an old or intercepted e-mail still takes over the account.
func TestAResetEndsTheOtherResetLinks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		o.account(t, "bea@example.org", auth.Member)
		first := o.requestReset(t, "bea@example.org")
		second := o.requestReset(t, "bea@example.org")
		if err := o.auth.ResetPassword(o.ctx, second, newPassword); err != nil {
			t.Fatal(err)
		}
		wantError(t, o.auth.ResetPassword(o.ctx, first, "an attacker's passphrase"), kern.Invalid, "auth.reset_link_invalid")
	})
}
