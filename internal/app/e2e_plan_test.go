package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kern/internal/app/apptest"
	"kern/internal/db/dbtest"
)

// TestE2EGoalKPIStory: a coordinator sets up a goal with a KPI in the browser, enters
// measurements and sees the status change; a bad measurement is refused next to its field; a
// visitor without an account sees the public KPI on the transparency page.
func TestE2EGoalKPIStory(t *testing.T) {
	chrome := findChromium(t)
	p := apptest.Start(t, dbtest.SQLite(t))
	b := newBrowser(t, chrome, p.URL, 120*time.Second)
	b.setHeaders(map[string]string{"Accept-Language": "nl"})
	b.logIn("coordinatie@kern.example")

	// A goal under the first pillar, with a deadline; the SMART check lists what it lacks.
	if st := b.open("/goals/new"); st != 200 {
		t.Fatalf("GET /goals/new: %d", st)
	}
	pillar := b.choose("#f-pillar_id", "1")
	b.retype("#f-title", "Wachttijd PSMA-therapie korter")
	b.retype("#f-statement", "In 2028 wacht geen patiënt langer dan vier weken op een PSMA-therapie.")
	b.setDate("#f-deadline", "2028-12-31")
	if st := b.follow(`main form button.primary`); st != 200 {
		t.Fatalf("create goal: %d: %s", st, b.text("main"))
	}
	if h := b.text("h1"); h != "Wachttijd PSMA-therapie korter" {
		t.Fatalf("after creating the goal the page is %q (pillar %q)", h, pillar)
	}
	smart := b.text("ul.smart")
	if !strings.Contains(smart, "er is nog geen KPI aan gekoppeld") || !strings.Contains(smart, "niemand is aanspreekbaar") {
		t.Fatalf("the SMART check does not name what the goal lacks: %q", smart)
	}
	b.shot("plan-goal")

	// A KPI for it: lower is better, monthly, a target a year after the baseline.
	b.follow(`a[href^="/kpis/new?goal="]`)
	b.retype("#f-name", "Wachttijd PSMA-therapie")
	b.choose("#f-direction", "lower")
	b.choose("#f-cadence", "monthly")
	b.retype("#f-baseline_value", "9")
	// Dates relative to today, so the story holds whenever it runs: a baseline 20 days ago, a
	// measurement 5 days ago (expected 9 − 6·15/365 ≈ 8.75 days, tolerance 0.5).
	today := time.Now()
	baseline, measured := today.AddDate(0, 0, -20).Format("2006-01-02"), today.AddDate(0, 0, -5).Format("2006-01-02")
	b.setDate("#f-baseline_on", baseline)
	b.retype("#f-targets", "2025-01-01 4")
	b.retype("#f-tolerance", "0,5")
	b.do("make the KPI public", click("#f-public"))
	// A target before the baseline is refused next to the field, and nothing is stored.
	if st := b.follow(`main form button.primary`); st != 422 {
		t.Fatalf("a target before the baseline: status %d", st)
	}
	if e := b.text(".field.invalid .error"); !strings.Contains(e, "na de datum van de nulmeting") {
		t.Fatalf("the target's error says %q", e)
	}
	b.retype("#f-targets", today.AddDate(0, 0, 345).Format("2006-01-02")+" 3")
	if st := b.follow(`main form button.primary`); st != 200 {
		t.Fatalf("create KPI: %d: %s", st, b.text("main"))
	}
	if s := b.text("#kpi-status"); s != "nog geen gegevens" {
		t.Fatalf("a new KPI's status is %q", s)
	}

	// Measurements move the status: on the line is on track, far above it (lower is better) off track.
	measure := func(on, value, want string) {
		t.Helper()
		b.setDate("#f-on", on)
		b.retype("#f-value", value)
		if st := b.follow(`form[action$="/measurements"] button.primary`); st != 200 {
			t.Fatalf("measure %s on %s: %d: %s", value, on, st, b.text("main"))
		}
		if s := b.text("#kpi-status"); s != want {
			t.Fatalf("after %s on %s the status is %q, want %q", value, on, s, want)
		}
	}
	measure(measured, "8,5", "op koers")
	measure(measured, "10", "niet op koers") // a correction of the same month
	b.shot("plan-kpi")
	if rows := eval[int](b, `document.querySelectorAll("main table tbody tr").length`); rows != 2 {
		t.Fatalf("the correction should keep the first value in the history: %d rows", rows)
	}
	// A measurement dated in the future is refused next to its field.
	b.setDate("#f-on", "2099-01-01")
	b.retype("#f-value", "1")
	if st := b.follow(`form[action$="/measurements"] button.primary`); st != 422 {
		t.Fatalf("a future measurement: status %d", st)
	}
	if e := b.text(".field.invalid .error"); !strings.Contains(e, "toekomst") {
		t.Fatalf("the date's error says %q", e)
	}
	var n int
	p.App.DB.Read.QueryRowContext(context.Background(), `SELECT count(*) FROM kpi_measurements m JOIN kpis k ON k.id = m.kpi_id WHERE k.name = 'Wachttijd PSMA-therapie'`).Scan(&n)
	if n != 2 {
		t.Fatalf("%d measurements stored, want 2", n)
	}

	// The dashboard shows the KPI under its goal with its status.
	b.open("/kpis?status=off_track")
	if txt := b.text("#results"); !strings.Contains(txt, "Wachttijd PSMA-therapie") {
		t.Fatalf("the dashboard filtered on off track lacks the KPI: %q", txt)
	}

	// A visitor without an account sees it on the public page (after logging out).
	b.do("open the account menu", click("details.menu summary"))
	b.follow(`form[action="/logout"] button`)
	if st := b.open("/public"); st != 200 {
		t.Fatalf("GET /public without login: %d", st)
	}
	if txt := b.text("main"); !strings.Contains(txt, "Wachttijd PSMA-therapie") || !strings.Contains(txt, "niet op koers") {
		t.Fatalf("the public page lacks the public KPI and its status: %.400q", txt)
	}
	b.shot("plan-public")
	if st := b.open("/kpis"); st == 200 && eval[string](b, `location.pathname`) == "/kpis" {
		t.Fatal("the KPI dashboard is open without login")
	}
}

// setDate sets a date field's value (yyyy-mm-dd) directly: typing into a date picker depends on
// the browser's locale.
func (b *browser) setDate(sel, value string) {
	b.t.Helper()
	b.do("set "+sel, chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.SetValue(chromedp.CSS(sel), value))
}
