package app_test

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"kern/internal/app/apptest"
	"kern/internal/db/dbtest"
	"kern/internal/demo"
)

// TestE2ERegistryStory drives a real Chromium through the registry's main flow: log in, switch
// to Dutch, add a hospital (first with a wrong country code), find it with the htmx search, and
// see the change in the admin's audit log.
func TestE2ERegistryStory(t *testing.T) {
	chrome := findChromium(t)
	start := time.Now()
	p := apptest.Start(t, dbtest.SQLite(t))
	b := newBrowser(t, chrome, p.URL, 90*time.Second)
	b.setHeaders(map[string]string{"Accept-Language": "en"})
	const coordinator, admin = "coordinatie@kern.example", "beheer@kern.example"
	const name = "Ziekenhuis Testeiland"

	countOrgs := func() int {
		b.t.Helper()
		var n int
		if err := p.App.DB.Read.QueryRowContext(context.Background(),
			`SELECT count(*) FROM organizations WHERE name = $1`, name).Scan(&n); err != nil {
			b.t.Fatal(err)
		}
		return n
	}

	logIn := func(email string) {
		b.t.Helper()
		if st := b.open("/login"); st != 200 {
			b.t.Fatalf("GET /login: status %d", st)
		}
		b.retype("#f-email", email)
		b.retype("#f-password", demo.Password)
		if st := b.follow(`main form[action="/login"] button.primary`); st != 200 {
			b.t.Fatalf("log in as %s: landed with status %d; page says %q", email, st, b.text("main"))
		}
		if loc := eval[string](b, `location.pathname`); loc != "/" {
			b.t.Fatalf("log in as %s: landed on %s, want /; page says %q", email, loc, b.text("main"))
		}
		if got := b.text("details.menu > summary"); got == "" {
			b.t.Fatalf("log in as %s: no account menu in the header", email)
		}
	}

	t.Run("1 log in in English", func(t *testing.T) {
		b.t = t
		if st := b.open("/login"); st != 200 {
			t.Fatalf("GET /login: status %d", st)
		}
		if lang := eval[string](b, `document.documentElement.lang`); lang != "en" {
			t.Errorf("login page: <html lang=%q>, want en", lang)
		}
		if h := b.text("main h1"); h != "Log in to Kern" {
			t.Errorf("login page heading %q, want Log in to Kern", h)
		}
		logIn(coordinator)
		if h := b.text("main h1"); h != "The ecosystem at a glance" {
			t.Errorf("home heading %q, want %q", h, "The ecosystem at a glance")
		}
		if got := b.text("details.menu > summary"); got != "Coördinatiebureau Kern" {
			t.Errorf("account menu shows %q, want the coordinator's name", got)
		}
	})
	if t.Failed() {
		return
	}

	t.Run("2 switch to Dutch", func(t *testing.T) {
		b.t = t
		if pressed, _ := b.attr(`form.lang button[value="en"]`, "aria-pressed"); pressed != "true" {
			t.Errorf("EN button aria-pressed=%q before the switch, want true", pressed)
		}
		b.follow(`form.lang button[value="nl"]`)
		if loc := eval[string](b, `location.pathname`); loc != "/" {
			t.Errorf("after the language switch the browser is on %s, want / (the page it was on)", loc)
		}
		if h := b.text("main h1"); h != "Het ecosysteem in één oogopslag" {
			t.Errorf("home heading after NL: %q, want %q", h, "Het ecosysteem in één oogopslag")
		}
		if nav := b.text("header.top nav"); !strings.Contains(nav, "Organisaties") {
			t.Errorf("nav after NL: %q, want it to contain Organisaties", nav)
		}
		if lang := eval[string](b, `document.documentElement.lang`); lang != "nl" {
			t.Errorf("<html lang=%q> after NL, want nl", lang)
		}
		if pressed, _ := b.attr(`form.lang button[value="nl"]`, "aria-pressed"); pressed != "true" {
			t.Errorf("NL button aria-pressed=%q after the switch, want true", pressed)
		}
		b.shot("2-home-nl")
	})
	if t.Failed() {
		return
	}

	t.Run("3 add with a wrong country code", func(t *testing.T) {
		b.t = t
		b.follow(`header.top nav a[href="/organizations"]`)
		if h := b.text("main h1"); h != "Organisaties" {
			t.Errorf("organisations heading %q, want Organisaties", h)
		}
		add := `main a.button[href="/organizations/new"]`
		if got := b.text(add); got != "Organisatie toevoegen" {
			t.Errorf("add button says %q, want Organisatie toevoegen", got)
		}
		b.follow(add)
		if h := b.text("main h1"); h != "Organisatie toevoegen" {
			t.Errorf("form heading %q, want Organisatie toevoegen", h)
		}
		b.retype("#f-name", name)
		if got := b.choose("#f-kind", "hospital"); got != "Ziekenhuis" {
			t.Errorf("kind hospital is labelled %q, want Ziekenhuis", got)
		}
		if got := b.choose("#f-stakeholder_group", "care_providers"); got != "Zorgverleners" {
			t.Errorf("group care_providers is labelled %q, want Zorgverleners", got)
		}
		b.retype("#f-country", "XX")
		st := b.follow(`main form[action="/organizations"] button.primary`)
		if st < 400 || st >= 500 {
			t.Errorf("invalid form: status %d, want a 4xx", st)
		}
		if msg := b.text("#e-country"); !strings.Contains(msg, "Deze landcode bestaat niet") {
			t.Errorf("#e-country says %q, want Deze landcode bestaat niet…", msg)
		}
		if inv, _ := b.attr("#f-country", "aria-invalid"); inv != "true" {
			t.Errorf("#f-country aria-invalid=%q, want true", inv)
		}
		if desc, _ := b.attr("#f-country", "aria-describedby"); !slices.Contains(strings.Fields(desc), "e-country") {
			t.Errorf("#f-country aria-describedby=%q, want it to name e-country", desc)
		}
		for sel, want := range map[string]string{"#f-name": name, "#f-kind": "hospital",
			"#f-stakeholder_group": "care_providers", "#f-country": "XX"} {
			if got := b.value(sel); got != want {
				t.Errorf("after the error %s holds %q, want %q (typed values must stay)", sel, got, want)
			}
		}
		if inv, ok := b.attr("#f-name", "aria-invalid"); ok {
			t.Errorf("#f-name aria-invalid=%q, want none (the name was fine)", inv)
		}
		if n := countOrgs(); n != 0 {
			t.Errorf("%d organisations named %q after the rejected form, want 0", n, name)
		}
		b.shot("3-form-error")
	})
	if t.Failed() {
		return
	}

	t.Run("4 fix the country and save", func(t *testing.T) {
		b.t = t
		b.retype("#f-country", "NL")
		if st := b.follow(`main form[action="/organizations"] button.primary`); st != 200 {
			t.Errorf("saved form landed with status %d", st)
		}
		if loc := eval[string](b, `location.pathname`); !regexp.MustCompile(`^/organizations/\d+$`).MatchString(loc) {
			t.Errorf("after saving the browser is on %s, want /organizations/{id}", loc)
		}
		if flash := b.text("main p.flash"); flash != "De organisatie is toegevoegd." {
			t.Errorf("flash %q, want De organisatie is toegevoegd.", flash)
		}
		if h := b.text("main h1"); h != name {
			t.Errorf("heading %q, want %q", h, name)
		}
		if n := countOrgs(); n != 1 {
			t.Errorf("%d organisations named %q after saving, want 1", n, name)
		}
		b.shot("4-created")
	})
	if t.Failed() {
		return
	}

	t.Run("5 live search", func(t *testing.T) {
		b.t = t
		b.open("/organizations")
		// A full page load would drop this mark; htmx's partial update keeps it.
		eval[bool](b, `window.kernE2ENoReload = true`)
		// The count is the catalog's list.result_one ("1 resultaat"), not "%d resultaten".
		b.retype("#f-q", "testeiland")
		b.waitFor("the search for testeiland",
			`(() => { const r = document.querySelector("#results"); if (!r) return false;
			  const s = r.querySelector("p[role=status]");
			  return r.querySelector("table") && r.querySelector("table").innerText.includes(`+jsString(name)+`)
			    && s && s.innerText.trim() === "1 resultaat"; })()`,
			"#results", 10*time.Second)
		if !eval[bool](b, `window.kernE2ENoReload === true`) {
			t.Errorf("the search reloaded the whole page; htmx should swap only #results")
		}
		if q := eval[string](b, `new URLSearchParams(location.search).get("q") || ""`); q != "testeiland" {
			t.Errorf("the address bar has q=%q after the search, want testeiland (hx-push-url)", q)
		}
		if rows := eval[int](b, `document.querySelectorAll("#results tbody tr").length`); rows != 1 {
			t.Errorf("%d result rows, want 1", rows)
		}
		if cell := b.text("#results tbody tr td:nth-child(2)"); cell != "Ziekenhuis" {
			t.Errorf("kind column says %q, want Ziekenhuis", cell)
		}
		b.shot("5-search-testeiland")

		// Accent-insensitive: "patienten" finds "Patiëntenfederatie Nederland".
		b.retype("#f-q", "patienten")
		b.waitFor("the search for patienten",
			`(() => { const t = document.querySelector("#results table");
			  return !!t && t.innerText.includes("Patiëntenfederatie Nederland") && !t.innerText.includes(`+jsString(name)+`); })()`,
			"#results", 10*time.Second)
		if !eval[bool](b, `window.kernE2ENoReload === true`) {
			t.Errorf("the second search reloaded the whole page")
		}
		b.shot("5-search-patienten")
	})
	if t.Failed() {
		return
	}

	t.Run("6 audit log as admin", func(t *testing.T) {
		b.t = t
		b.do("open the account menu", click("details.menu > summary"))
		logout := `details.menu form[action="/logout"] button`
		if got := b.text(logout); got != "Uitloggen" {
			t.Errorf("log-out button says %q, want Uitloggen", got)
		}
		b.follow(logout)
		if n := eval[int](b, `document.querySelectorAll("details.menu").length`); n != 0 {
			t.Fatalf("still logged in after Uitloggen (account menu present) on %s", eval[string](b, `location.pathname`))
		}
		logIn(admin)
		if st := b.open("/admin/audit?entity=organization"); st != 200 {
			t.Fatalf("GET /admin/audit: status %d; page says %q", st, b.text("main"))
		}
		if v := b.value("#f-entity"); v != "organization" {
			t.Errorf("entity filter shows %q, want organization", v)
		}
		row := "main table tbody tr:first-child"
		if actor := b.text(row + " td:nth-child(2)"); !strings.Contains(actor, coordinator) {
			t.Errorf("newest entry's actor %q, want %s", actor, coordinator)
		}
		if action := b.text(row + " td:nth-child(3)"); action != "toegevoegd" {
			t.Errorf("newest entry's action %q, want toegevoegd (create, in Dutch)", action)
		}
		// The after-JSON is folded in a <details>; open it as a person would and read it.
		after := row + " td:nth-child(5) details:last-of-type"
		b.do("open the after JSON", click(after+" > summary"))
		if got := b.text(after + " pre"); !strings.Contains(got, name) {
			t.Errorf("newest entry's after-JSON %q, want it to contain %q", got, name)
		}
		b.shot("6-audit")
	})
	t.Logf("story took %s", time.Since(start).Round(time.Millisecond))
}
