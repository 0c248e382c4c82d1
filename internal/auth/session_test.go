package auth_test

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
)

// logIn signs email in with the test password and returns the cookie value.
func (o *office) logIn(t *testing.T, email, userAgent string) string {
	t.Helper()
	cookie, _, err := o.auth.LogIn(o.ctx, email, password, officeIP, userAgent)
	if err != nil {
		t.Fatalf("log in %s: %v", email, err)
	}
	return cookie
}

func (o *office) session(t *testing.T, cookie string) *auth.Principal {
	t.Helper()
	p, err := o.auth.SessionPrincipal(o.ctx, cookie)
	if err != nil {
		t.Fatalf("session %q: %v", cookie, err)
	}
	return p
}

func TestASessionSecretIsStoredOnlyAsAHash(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		o.account(t, "bea@example.org", auth.Member)
		id, secret, _ := strings.Cut(o.logIn(t, "bea@example.org", "Firefox"), ".")

		var storedID, hash string
		if err := d.Read.QueryRow(`SELECT id, secret_hash FROM sessions`).Scan(&storedID, &hash); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte(secret))
		if storedID != id || hash == secret || strings.Contains(hash, secret) || hash != hex.EncodeToString(sum[:]) {
			t.Fatalf("stored %s / %s for cookie %s.%s, want the id and sha256 of the secret", storedID, hash, id, secret)
		}
	})
}

func TestATamperedCookieOpensNoSession(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		o.account(t, "bea@example.org", auth.Member)
		o.account(t, "cas@example.org", auth.Member)
		bea := o.logIn(t, "bea@example.org", "Firefox")
		cas := o.logIn(t, "cas@example.org", "Firefox")
		beaID, beaSecret, _ := strings.Cut(bea, ".")
		_, casSecret, _ := strings.Cut(cas, ".")
		flipped := []byte(beaSecret)
		flipped[0] ^= 1
		for _, tc := range []struct{ name, cookie string }{
			{"one character of the secret changed", beaID + "." + string(flipped)},
			{"the secret of another session", beaID + "." + casSecret},
			{"the secret cut short", beaID + "." + beaSecret[:10]},
			{"the id alone", beaID},
			{"the id and a dot", beaID + "."},
			{"an unknown id", "nosuchsession." + beaSecret},
			{"nothing", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p, err := o.auth.SessionPrincipal(o.ctx, tc.cookie)
				wantError(t, err, kern.Unauthorized, "error.unauthorized")
				if p != nil {
					t.Fatalf("principal %+v", p)
				}
			})
		}
		// A wrong guess does not end the real session.
		o.session(t, bea)
	})
}

func TestASessionEndsWhenIdle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		o.auth.IdleTimeout = 30 * time.Minute
		o.account(t, "bea@example.org", auth.Member)
		cookie := o.logIn(t, "bea@example.org", "Firefox")

		o.clock.Advance(30*time.Minute - time.Second)
		o.session(t, cookie) // just in time, and touched
		o.clock.Advance(30*time.Minute - time.Second)
		o.session(t, cookie)

		o.clock.Advance(30*time.Minute + time.Second)
		_, err := o.auth.SessionPrincipal(o.ctx, cookie)
		wantError(t, err, kern.Unauthorized, "auth.session_expired")
		if n := o.count(t, `SELECT count(*) FROM sessions`); n != 0 {
			t.Fatalf("%d sessions left after the idle time-out", n)
		}
	})
}

func TestASessionEndsAtItsAbsoluteTimeOutHoweverBusy(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d) // default time-outs: 2 hours idle, 24 hours absolute
		o.account(t, "bea@example.org", auth.Member)
		cookie := o.logIn(t, "bea@example.org", "Firefox")
		for h := 1; h <= 24; h++ {
			o.clock.Advance(time.Hour)
			if _, err := o.auth.SessionPrincipal(o.ctx, cookie); err != nil {
				t.Fatalf("after %d hours of hourly use: %v", h, err)
			}
		}
		o.clock.Advance(time.Hour)
		_, err := o.auth.SessionPrincipal(o.ctx, cookie)
		wantError(t, err, kern.Unauthorized, "auth.session_expired")
	})
}

func TestLogOutEndsTheSession(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		o.account(t, "bea@example.org", auth.Member)
		cookie := o.logIn(t, "bea@example.org", "Firefox")
		other := o.logIn(t, "bea@example.org", "Safari")
		p := o.session(t, cookie)

		if err := o.auth.LogOut(o.ctx, p); err != nil {
			t.Fatal(err)
		}
		_, err := o.auth.SessionPrincipal(o.ctx, cookie)
		wantError(t, err, kern.Unauthorized, "")
		o.session(t, other) // the other browser stays signed in
		if n := o.count(t, `SELECT count(*) FROM audit_log WHERE action = 'logout' AND entity_id = $1`, p.SessionID); n != 1 {
			t.Fatalf("%d logout rows, want 1", n)
		}
		if err := o.auth.LogOut(o.ctx, nil); err != nil {
			t.Fatalf("log out without a session: %v", err)
		}
	})
}

func TestSessionsListsOnlyOwnSessionsAndMarksTheCurrent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		o.account(t, "bea@example.org", auth.Member)
		o.account(t, "cas@example.org", auth.Member)
		laptop := o.session(t, o.logIn(t, "bea@example.org", "Firefox"))
		o.clock.Advance(time.Hour)
		phoneCookie := o.logIn(t, "bea@example.org", "Safari")
		phone := o.session(t, phoneCookie)
		casCookie := o.logIn(t, "cas@example.org", "Edge")
		cas := o.session(t, casCookie)

		list, err := o.auth.Sessions(o.ctx, laptop)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 {
			t.Fatalf("Bea sees %d sessions, want her 2: %+v", len(list), list)
		}
		// Newest first: the phone, then the laptop, which is the current one.
		if list[0].ID != phone.SessionID || list[0].Current || list[0].UserAgent != "Safari" || list[0].IP != officeIP {
			t.Fatalf("first session = %+v, want the phone, not current", list[0])
		}
		if list[1].ID != laptop.SessionID || !list[1].Current {
			t.Fatalf("second session = %+v, want the laptop, current", list[1])
		}
		if !list[1].ExpiresAt.Equal(list[1].CreatedAt.Add(24 * time.Hour)) {
			t.Fatalf("session expires %v, created %v: want 24 hours later", list[1].ExpiresAt, list[1].CreatedAt)
		}

		err = o.auth.EndSession(o.ctx, laptop, cas.SessionID)
		wantError(t, err, kern.NotFound, "error.not_found")
		o.session(t, casCookie) // Cas is still signed in

		if err := o.auth.EndSession(o.ctx, laptop, phone.SessionID); err != nil {
			t.Fatal(err)
		}
		_, err = o.auth.SessionPrincipal(o.ctx, phoneCookie)
		wantError(t, err, kern.Unauthorized, "")
		err = o.auth.EndSession(o.ctx, laptop, phone.SessionID)
		wantError(t, err, kern.NotFound, "")
	})
}
