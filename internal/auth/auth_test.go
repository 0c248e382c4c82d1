package auth_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
	"kern/internal/web/i18n"
)

// clock is the service's time, moved by the test.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }

// office is a Kern installation with an auth service on a fresh database and a clock at a Monday
// morning in March 2026.
type office struct {
	ctx   context.Context
	d     *db.DB
	auth  *auth.Service
	clock *clock
}

var catalog = func() *i18n.Catalog {
	c, err := i18n.Load(fstest.MapFS{
		"nl.json": {Data: []byte(`{"mail.reset.subject": "Nieuw wachtwoord voor Kern",
			"mail.reset.body": "Beste %s, kies een nieuw wachtwoord via %s (de link werkt %d minuten)."}`)},
		"en.json": {Data: []byte(`{"mail.reset.subject": "New password for Kern",
			"mail.reset.body": "Dear %s, choose a new password at %s (the link works for %d minutes)."}`)},
	})
	if err != nil {
		panic(err)
	}
	return c
}()

func newOffice(t *testing.T, d *db.DB) *office {
	t.Helper()
	c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	return &office{
		ctx:   context.Background(),
		d:     d,
		auth:  &auth.Service{DB: d, Catalog: catalog, BaseURL: "http://kern.test", Now: c.Now},
		clock: c,
	}
}

const password = "correct horse battery"

// account creates a user through the command line's principal, with the shared test password.
func (o *office) account(t *testing.T, email string, role auth.Role) auth.User {
	t.Helper()
	u, err := o.auth.CreateUser(o.ctx, auth.System(), auth.NewUser{Email: email, Name: nameOf(email), Role: role, Password: password})
	if err != nil {
		t.Fatalf("create %s: %v", email, err)
	}
	return u
}

func nameOf(email string) string {
	n, _, _ := strings.Cut(email, "@")
	return strings.ToUpper(n[:1]) + n[1:]
}

// as is u signed in through a browser session, without the cost of a password check.
func as(u auth.User) *auth.Principal { return &auth.Principal{User: u, SessionID: "test"} }

func (o *office) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := o.d.Read.QueryRowContext(o.ctx, query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// wantError fails unless err is an application error with code and, when key is set, that key.
func wantError(t *testing.T, err error, code kern.Code, key string) {
	t.Helper()
	e := kern.AsError(err)
	if e == nil {
		t.Fatalf("error = %v, want %s %s", err, code, key)
	}
	if e.Code != code || (key != "" && e.Key != key) {
		t.Fatalf("error = %s %s, want %s %s", e.Code, e.Key, code, key)
	}
}

// wantField fails unless err is Invalid with key for field.
func wantField(t *testing.T, err error, field, key string) {
	t.Helper()
	wantError(t, err, kern.Invalid, "")
	if got := kern.AsError(err).Fields[field]; got != key {
		t.Fatalf("field %s = %q, want %q (all: %v)", field, got, key, kern.AsError(err).Fields)
	}
}

func TestCreateUserRefusesInvalidAccounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		o.account(t, "anna@example.org", auth.Member)
		for _, tc := range []struct {
			name         string
			in           auth.NewUser
			field, error string
		}{
			{"an address already in use", auth.NewUser{Email: "anna@example.org"}, "email", "field.email_taken"},
			{"the same address in capitals", auth.NewUser{Email: "  Anna@Example.ORG "}, "email", "field.email_taken"},
			{"no address", auth.NewUser{Email: " "}, "email", "field.required"},
			{"not an address", auth.NewUser{Email: "anna.example.org"}, "email", "field.email_invalid"},
			{"an address with a display name", auth.NewUser{Email: "Bea <bea@example.org>"}, "email", "field.email_invalid"},
			{"no name", auth.NewUser{Name: "   "}, "name", "field.required"},
			{"a role Kern does not know", auth.NewUser{Role: "owner"}, "role", "auth.role_unknown"},
			{"a language Kern does not speak", auth.NewUser{Lang: "de"}, "lang", "field.lang_unknown"},
			{"a password one short of the minimum", auth.NewUser{Password: strings.Repeat("x", auth.MinPasswordLength-1)}, "password", "auth.password_too_short"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				in := auth.NewUser{Email: "bea@example.org", Name: "Bea", Password: password}
				if tc.in.Email != "" {
					in.Email = tc.in.Email
				}
				if tc.in.Name != "" {
					in.Name = tc.in.Name
				}
				if tc.in.Password != "" {
					in.Password = tc.in.Password
				}
				in.Role, in.Lang = tc.in.Role, tc.in.Lang
				_, err := o.auth.CreateUser(o.ctx, auth.System(), in)
				wantField(t, err, tc.field, tc.error)
				if n := o.count(t, `SELECT count(*) FROM users`); n != 1 {
					t.Fatalf("%d users after a refused creation, want 1", n)
				}
				if n := o.count(t, `SELECT count(*) FROM audit_log WHERE action = 'create'`); n != 1 {
					t.Fatalf("%d create rows in the audit log, want 1", n)
				}
			})
		}
	})
}

func TestOnlyAnAdminCreatesAccounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		member := o.account(t, "mees@example.org", auth.Member)
		coordinator := o.account(t, "coco@example.org", auth.Coordinator)
		admin := o.account(t, "ada@example.org", auth.Admin)
		for _, tc := range []struct {
			name string
			p    *auth.Principal
			want kern.Code
		}{
			{"a member", as(member), kern.Forbidden},
			{"a coordinator", as(coordinator), kern.Forbidden},
			{"an admin through a read-only token", &auth.Principal{User: admin, TokenID: 1, Scope: auth.ScopeRead}, kern.Forbidden},
			{"nobody", nil, kern.Unauthorized},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := o.auth.CreateUser(o.ctx, tc.p, auth.NewUser{Email: "new@example.org", Name: "New", Password: password})
				wantError(t, err, tc.want, "")
				if n := o.count(t, `SELECT count(*) FROM users WHERE email = 'new@example.org'`); n != 0 {
					t.Fatal("the refused account was written")
				}
			})
		}
		u, err := o.auth.CreateUser(o.ctx, as(admin), auth.NewUser{Email: "new@example.org", Name: "New", Password: password})
		if err != nil || u.Role != auth.Member {
			t.Fatalf("admin creates an account: %+v, %v; want a member", u, err)
		}
	})
}

func TestCreateUserIsAuditedWithoutThePasswordHash(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		u, err := o.auth.CreateUser(o.ctx, auth.System(), auth.NewUser{Email: " Bea@Example.org", Name: " Bea ", Lang: "nl", Password: password})
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != "bea@example.org" || u.Name != "Bea" || u.Role != auth.Member || u.ID == 0 {
			t.Fatalf("created %+v, want a member bea@example.org named Bea", u)
		}
		var hash string
		o.d.Read.QueryRow(`SELECT password_hash FROM users WHERE id = $1`, u.ID).Scan(&hash)
		if !strings.HasPrefix(hash, "$argon2id$") || !auth.CheckPassword(hash, password) {
			t.Fatalf("stored hash %q does not check the password", hash)
		}
		rows, err := o.d.Read.Query(`SELECT actor, entity_id, before_json, after_json FROM audit_log WHERE action = 'create' AND entity = 'user'`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var n int
		for rows.Next() {
			n++
			var actor, id, before, after string
			if err := rows.Scan(&actor, &id, &before, &after); err != nil {
				t.Fatal(err)
			}
			if actor != "system" || id != idText(u.ID) || before != "" || !strings.Contains(after, "bea@example.org") {
				t.Errorf("audit row = %s %s %q %q", actor, id, before, after)
			}
			for _, secret := range []string{hash, "argon2", password} {
				if strings.Contains(after, secret) {
					t.Errorf("after_json %s reveals %q", after, secret)
				}
			}
		}
		if n != 1 {
			t.Fatalf("%d create rows for the user, want 1", n)
		}
	})
}

// idText is an id as the audit log stores it.
func idText(id int64) string { return strconv.FormatInt(id, 10) }

func TestCheckPassword(t *testing.T) {
	hash := auth.HashPassword(password)
	if other := auth.HashPassword(password); other == hash {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	parts := strings.Split(hash, "$")
	for _, tc := range []struct {
		name     string
		hash     string
		password string
		want     bool
	}{
		{"the right password", hash, password, true},
		{"a wrong password", hash, "correct horse battery staple", false},
		{"an empty password", hash, "", false},
		{"an empty hash", "", password, false},
		{"a hash that is not PHC", "plaintext", password, false},
		{"another algorithm", strings.Replace(hash, "argon2id", "argon2i", 1), password, false},
		{"unreadable parameters", strings.Join([]string{"", parts[1], parts[2], "m=x,t=2,p=1", parts[4], parts[5]}, "$"), password, false},
		{"a salt that is not base64", strings.Join([]string{"", parts[1], parts[2], parts[3], "!!", parts[5]}, "$"), password, false},
		{"no key", strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], ""}, "$"), password, false},
		{"a part too many", hash + "$x", password, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := auth.CheckPassword(tc.hash, tc.password); got != tc.want {
				t.Fatalf("CheckPassword = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestGrantRoleIsAuditedBeforeAndAfter(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		admin := o.account(t, "ada@example.org", auth.Admin)
		bea := o.account(t, "bea@example.org", auth.Member)

		_, err := o.auth.GrantRole(o.ctx, as(bea), bea.ID, auth.Admin)
		wantError(t, err, kern.Forbidden, "")
		_, err = o.auth.GrantRole(o.ctx, as(admin), bea.ID, "owner")
		wantField(t, err, "role", "auth.role_unknown")
		_, err = o.auth.GrantRole(o.ctx, as(admin), bea.ID+100, auth.Coordinator)
		wantError(t, err, kern.NotFound, "")

		u, err := o.auth.GrantRole(o.ctx, as(admin), bea.ID, auth.Coordinator)
		if err != nil || u.Role != auth.Coordinator {
			t.Fatalf("grant coordinator: %+v, %v", u, err)
		}
		before, after := o.lastAudit(t, "grant_role", bea.ID)
		if !strings.Contains(before, `"role":"member"`) || !strings.Contains(after, `"role":"coordinator"`) {
			t.Fatalf("audit before %s after %s", before, after)
		}
		if o.count(t, `SELECT count(*) FROM users WHERE id = $1 AND role = 'coordinator'`, bea.ID) != 1 {
			t.Fatal("role not stored")
		}
	})
}

func TestSetLangIsAuditedBeforeAndAfter(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		bea := o.account(t, "bea@example.org", auth.Member)

		wantError(t, o.auth.SetLang(o.ctx, nil, "en"), kern.Unauthorized, "")
		wantField(t, o.auth.SetLang(o.ctx, as(bea), "de"), "lang", "field.lang_unknown")

		if err := o.auth.SetLang(o.ctx, as(bea), "en"); err != nil {
			t.Fatal(err)
		}
		before, after := o.lastAudit(t, "set_lang", bea.ID)
		if !strings.Contains(before, `"lang":""`) || !strings.Contains(after, `"lang":"en"`) {
			t.Fatalf("audit before %s after %s", before, after)
		}
		if o.count(t, `SELECT count(*) FROM users WHERE id = $1 AND lang = 'en'`, bea.ID) != 1 {
			t.Fatal("language not stored")
		}
	})
}

// lastAudit returns the before and after JSON of the newest audit row of action on a user.
func (o *office) lastAudit(t *testing.T, action string, userID int64) (before, after string) {
	t.Helper()
	err := o.d.Read.QueryRow(`SELECT before_json, after_json FROM audit_log WHERE action = $1 AND entity = 'user' AND entity_id = $2
ORDER BY id DESC LIMIT 1`, action, idText(userID)).Scan(&before, &after)
	if err != nil {
		t.Fatalf("audit row %s for user %d: %v", action, userID, err)
	}
	return before, after
}
