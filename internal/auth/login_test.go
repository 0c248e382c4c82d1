package auth_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
)

const (
	officeIP = "192.0.2.10"
	homeIP   = "198.51.100.7"
)

var cookieShape = regexp.MustCompile(`^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$`)

func TestLogInStartsASession(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		bea := o.account(t, "bea@example.org", auth.Member)

		cookie, u, err := o.auth.LogIn(o.ctx, " BEA@example.org", password, officeIP, "Firefox")
		if err != nil {
			t.Fatal(err)
		}
		if !cookieShape.MatchString(cookie) || u.ID != bea.ID {
			t.Fatalf("log-in gave cookie %q for %+v", cookie, u)
		}
		p, err := o.auth.SessionPrincipal(o.ctx, cookie)
		if err != nil {
			t.Fatal(err)
		}
		if p.User.ID != bea.ID || p.SessionID == "" || p.TokenID != 0 || !p.CanWrite() {
			t.Fatalf("session principal = %+v, want Bea in a browser session", p)
		}
		if n := o.count(t, `SELECT count(*) FROM audit_log WHERE action = 'login' AND actor_user_id = $1`, bea.ID); n != 1 {
			t.Fatalf("%d login rows in the audit log, want 1", n)
		}
	})
}

func TestLogInRefusesWithOneAnswer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		o.account(t, "bea@example.org", auth.Member)
		o.account(t, "gone@example.org", auth.Member)
		if _, err := d.Write.Exec(`UPDATE users SET disabled = TRUE WHERE email = 'gone@example.org'`); err != nil {
			t.Fatal(err)
		}
		// Each attempt comes from its own address, so no attempt meets an earlier one's failure.
		for _, tc := range []struct{ name, email, password, ip string }{
			{"no password", "bea@example.org", "", "192.0.2.1"},
			{"no address", "", password, "192.0.2.2"},
			{"a wrong password", "bea@example.org", "correct horse battery!", "192.0.2.3"},
			{"an address without an account", "nobody@example.org", password, "192.0.2.4"},
			{"a disabled account", "gone@example.org", password, "192.0.2.5"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				cookie, u, err := o.auth.LogIn(o.ctx, tc.email, tc.password, tc.ip, "Firefox")
				wantError(t, err, kern.Unauthorized, "auth.login_failed")
				if cookie != "" || u.ID != 0 {
					t.Fatalf("a refused log-in returned %q and %+v", cookie, u)
				}
			})
		}
		if n := o.count(t, `SELECT count(*) FROM sessions`); n != 0 {
			t.Fatalf("%d sessions after refused log-ins", n)
		}
	})
}

func TestAnAccountIsLockedAfterRepeatedFailures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		o.account(t, "bea@example.org", auth.Member)
		for i := 0; i < auth.AccountFailures; i++ {
			_, _, err := o.auth.LogIn(o.ctx, "bea@example.org", "guess "+fmt.Sprint(i), officeIP, "curl")
			wantError(t, err, kern.Unauthorized, "auth.login_failed")
		}
		// The lock is on the account, so another address does not help.
		_, _, err := o.auth.LogIn(o.ctx, "bea@example.org", password, homeIP, "Firefox")
		wantError(t, err, kern.TooMany, "auth.too_many_attempts")

		o.clock.Advance(auth.FailureWindow - time.Second)
		_, _, err = o.auth.LogIn(o.ctx, "bea@example.org", password, homeIP, "Firefox")
		wantError(t, err, kern.TooMany, "auth.too_many_attempts")

		o.clock.Advance(2 * time.Second)
		if _, _, err := o.auth.LogIn(o.ctx, "bea@example.org", password, homeIP, "Firefox"); err != nil {
			t.Fatalf("log-in after the window: %v", err)
		}
	})
}

func TestOneTypoDoesNotLockTheAccount(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		o.account(t, "bea@example.org", auth.Member)
		_, _, err := o.auth.LogIn(o.ctx, "bea@example.org", "correct horse batery", officeIP, "Firefox")
		wantError(t, err, kern.Unauthorized, "auth.login_failed")
		if _, _, err := o.auth.LogIn(o.ctx, "bea@example.org", password, officeIP, "Firefox"); err != nil {
			t.Fatalf("log-in after one typo: %v", err)
		}
	})
}

// The package documents that a locked account "refuses log-ins until the window has passed since
// the last failure".
func TestALockLastsAWindowFromTheLastFailure(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		o.account(t, "bea@example.org", auth.Member)
		for i := 0; i < auth.AccountFailures; i++ {
			o.auth.LogIn(o.ctx, "bea@example.org", "guess", officeIP, "curl")
			o.clock.Advance(time.Minute)
		}
		// The failures came at minutes 0 to 4; at minute 16 a window has passed since the first
		// failure but not since the last.
		o.clock.Advance(auth.FailureWindow - 4*time.Minute)
		_, _, err := o.auth.LogIn(o.ctx, "bea@example.org", password, officeIP, "Firefox")
		wantError(t, err, kern.TooMany, "auth.too_many_attempts")
	})
}

func TestAnAddressIsLockedAfterFailuresAcrossAccounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		o.account(t, "bea@example.org", auth.Member)
		// One failure for each of many addresses: no account reaches its own limit.
		for i := 0; i < auth.AddressFailures; i++ {
			_, _, err := o.auth.LogIn(o.ctx, fmt.Sprintf("guess%d@example.org", i), password, officeIP, "curl")
			wantError(t, err, kern.Unauthorized, "auth.login_failed")
		}
		_, _, err := o.auth.LogIn(o.ctx, "bea@example.org", password, officeIP, "Firefox")
		wantError(t, err, kern.TooMany, "auth.too_many_attempts")

		if _, _, err := o.auth.LogIn(o.ctx, "bea@example.org", password, homeIP, "Firefox"); err != nil {
			t.Fatalf("log-in from another address: %v", err)
		}
		o.clock.Advance(auth.FailureWindow + time.Second)
		if _, _, err := o.auth.LogIn(o.ctx, "bea@example.org", password, officeIP, "Firefox"); err != nil {
			t.Fatalf("log-in from the office after the window: %v", err)
		}
	})
}

func TestASuccessfulLogInClearsTheAccountsFailures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		o.account(t, "bea@example.org", auth.Member)
		fail := func() {
			t.Helper()
			for i := 0; i < auth.AccountFailures-1; i++ {
				_, _, err := o.auth.LogIn(o.ctx, "bea@example.org", "typo", officeIP, "Firefox")
				wantError(t, err, kern.Unauthorized, "auth.login_failed")
			}
		}
		fail()
		if _, _, err := o.auth.LogIn(o.ctx, "bea@example.org", password, officeIP, "Firefox"); err != nil {
			t.Fatal(err)
		}
		if n := o.count(t, `SELECT count(*) FROM login_failures WHERE key = 'account:bea@example.org'`); n != 0 {
			t.Fatalf("%d account failures left after a successful log-in", n)
		}
		fail()
		if _, _, err := o.auth.LogIn(o.ctx, "bea@example.org", password, officeIP, "Firefox"); err != nil {
			t.Fatalf("second round: %v", err)
		}
	})
}
