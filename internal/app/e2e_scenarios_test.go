package app_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kern/internal/app/apptest"
	"kern/internal/db/dbtest"
)

// TestE2EScenarioStory drives Chromium through the coordination office's story: the coordinator
// opens the demo scenario "Petten: ongeplande uitval, twee weken", sees the comparison with the
// baseline in charts and tables and which hospitals fall short, then creates a scenario with an
// outage of BR2 — first with the end before the start, which the form refuses next to the
// field — fixes it and runs it; the form chose the latest baseline run, and the comparison links
// to it.
func TestE2EScenarioStory(t *testing.T) {
	chrome := findChromium(t)
	d := dbtest.SQLite(t)
	p := apptest.Start(t, d)
	id := demoScenario(t, p, d)
	br2 := demoFacility(t, d, "BR2")
	b := newBrowser(t, chrome, p.URL, 180*time.Second)
	b.setHeaders(map[string]string{"Accept-Language": "en"})
	b.logIn("coordinatie@kern.example")
	setValue := func(sel, v string) {
		b.do("set "+sel, chromedp.WaitVisible(chromedp.CSS(sel)),
			chromedp.Evaluate[chromedp.Void](`document.querySelector(`+jsString(sel)+`).value = `+jsString(v)))
	}

	t.Run("1 the coordinator compares Petten out for two weeks with the baseline", func(t *testing.T) {
		b.t = t
		if st := b.open("/scenarios"); st != 200 {
			t.Fatalf("GET /scenarios: %d", st)
		}
		if st := b.follow(fmt.Sprintf(`main a[href="/scenarios/%d"]`, id)); st != 200 {
			t.Fatalf("the demo scenario: %d", st)
		}
		if h := b.text("main h1"); !strings.Contains(h, "Petten") {
			t.Errorf("the page is %q", h)
		}
		b.waitFor("the charts", `document.querySelectorAll(".chart svg").length > 0`, "main", 20*time.Second)
		if n := eval[int](b, `document.querySelectorAll("section.nuclide table.days tbody tr").length`); n == 0 {
			t.Errorf("no table of supply against demand beside the charts")
		}
		if got := b.text("#totals"); !strings.Contains(got, "patient doses deferred") {
			t.Errorf("the totals say %q", got)
		}
		if n := eval[int](b, `document.querySelectorAll("#classes tbody tr").length`); n == 0 {
			t.Errorf("no class totals")
		}
		short := eval[int](b, `document.querySelectorAll("#fills tbody tr.short").length`)
		if short == 0 {
			t.Errorf("no hospital falls short with Petten out for two weeks")
		}
		first := b.text("#fills tbody tr th")
		b.shot("scenarios-1-comparison")
		// Only the hospitals that fall short.
		b.do("only short", click("#f-short"))
		if st := b.follow(`form.filters button.primary`); st != 200 {
			t.Fatalf("filter: %d", st)
		}
		if all, s := eval[int](b, `document.querySelectorAll("#fills tbody tr").length`),
			eval[int](b, `document.querySelectorAll("#fills tbody tr.short").length`); all != s || s != short {
			t.Errorf("short only: %d rows, %d short; want the %d short ones", all, s, short)
		}
		if got := b.text("#fills tbody tr th"); got != first {
			t.Errorf("the worst hospital is %q, before the filter %q", got, first)
		}
	})
	if t.Failed() {
		return
	}

	t.Run("2 the coordinator creates and runs a scenario with BR2 out", func(t *testing.T) {
		b.t = t
		if st := b.open("/scenarios"); st != 200 {
			t.Fatalf("GET /scenarios: %d", st)
		}
		if st := b.follow(`main a[href="/scenarios/new"]`); st != 200 {
			t.Fatalf("the new-scenario form: %d", st)
		}
		if got := b.value("#f-baseline_run_id"); got == "" {
			t.Errorf("the form chose no baseline run")
		}
		b.retype("#f-name", "BR2 valt een week uit (e2e)")
		if st := b.follow("#add-outage"); st != 200 {
			t.Fatalf("add an outage: %d", st)
		}
		if got := b.choose("#f-c0_facility_id", fmt.Sprint(br2)); !strings.Contains(got, "BR2") {
			t.Fatalf("chose %q, want BR2", got)
		}
		start := time.Now().AddDate(0, 0, 3).Truncate(time.Hour)
		local := func(t time.Time) string { return t.In(amsterdam).Format("2006-01-02T15:04") }
		setValue("#f-c0_starts_at", local(start))
		setValue("#f-c0_ends_at", local(start.Add(-48*time.Hour)))
		if st := b.follow("#save-run"); st != 422 {
			t.Fatalf("an outage ending before it starts: %d, want 422", st)
		}
		if got := b.text("#e-c0_ends_at"); !strings.Contains(got, "end must be later") {
			t.Errorf("the error next to the end says %q", got)
		}
		if got := b.value("#f-name"); got != "BR2 valt een week uit (e2e)" {
			t.Errorf("the name was lost: %q", got)
		}
		b.shot("scenarios-2-bad-outage")
		setValue("#f-c0_ends_at", local(start.AddDate(0, 0, 7)))
		if st := b.follow("#save-run"); st != 200 {
			t.Fatalf("save and run: %d; page says %q", st, b.text("main"))
		}
		if h := b.text("main h1"); h != "BR2 valt een week uit (e2e)" {
			t.Errorf("landed on %q", h)
		}
		if got := b.text(".flash"); !strings.Contains(got, "has run") {
			t.Errorf("the flash says %q", got)
		}
		if got := b.text("ol.changes"); !strings.Contains(got, "BR2") {
			t.Errorf("the changes say %q", got)
		}
		if n := eval[int](b, `document.querySelectorAll('#baseline a[href^="/allocation/"]').length`); n != 1 {
			t.Errorf("the baseline run is not linked to its run page for the coordinator")
		}
		b.waitFor("the charts", `document.querySelectorAll(".chart svg").length > 0`, "main", 20*time.Second)
		if n := eval[int](b, `document.querySelectorAll("#fills tbody tr").length`); n == 0 {
			t.Errorf("no fill per hospital")
		}
		b.shot("scenarios-3-br2")
	})
}
