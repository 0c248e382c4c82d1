package app_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"kern/internal/app/apptest"
	"kern/internal/db/dbtest"
)

// TestE2EAllocationRunStory drives Chromium through the allocation story: the coordination
// office starts a run (first with a horizon out of range, which the form refuses next to the
// field) and sees which hospitals fall short and why; a hospital user sees only its own
// allocation and gets 404 on another hospital's; a visitor sees the public supply status.
func TestE2EAllocationRunStory(t *testing.T) {
	chrome := findChromium(t)
	d := dbtest.SQLite(t)
	p := apptest.Start(t, d)
	umcg := orgID(t, d, "UMCG")
	var runID int64

	t.Run("1 the coordinator starts a run and sees who falls short and why", func(t *testing.T) {
		b := newBrowser(t, chrome, p.URL, 150*time.Second)
		b.setHeaders(map[string]string{"Accept-Language": "en"})
		b.logIn("coordinatie@kern.example")
		if st := b.open("/allocation"); st != 200 {
			t.Fatalf("GET /allocation: %d", st)
		}
		b.retype("#f-horizon_days", "90")
		b.retype("#f-name", "Week ahead (e2e)")
		if st := b.follow(`#start-run button.primary`); st != 422 {
			t.Fatalf("a horizon of 90 days: %d, want 422", st)
		}
		if got := b.text("#e-horizon_days"); !strings.Contains(got, "1 to 56 days") {
			t.Errorf("the error next to the horizon says %q", got)
		}
		b.retype("#f-horizon_days", "14")
		if st := b.follow(`#start-run button.primary`); st != 200 {
			t.Fatalf("start: %d; page says %.300q", st, b.text("main"))
		}
		path := eval[string](b, `location.pathname`)
		if _, err := fmt.Sscanf(path, "/allocation/%d", &runID); err != nil {
			t.Fatalf("after starting: %s, want the run's page", path)
		}
		if got := b.text("h1"); !strings.Contains(got, "Week ahead (e2e)") {
			t.Errorf("the run's title is %q", got)
		}
		if got := b.text("#tile-short"); !strings.Contains(got, "hospitals short") {
			t.Errorf("the tile of hospitals short says %q", got)
		}
		why := b.text("#bottlenecks")
		// The shortfall of the horizon is the class-1 Lu-177 doses deferred; nothing of the lead-in.
		if !strings.Contains(why, "used up") || !strings.Contains(why, "Class 1, Lu-177") || !strings.Contains(why, "patient doses deferred") {
			t.Errorf("the bottlenecks do not say why: %.300q", why)
		}
		b.waitFor("the supply and demand chart", `document.querySelector(".chart svg") !== null`, "main", 20*time.Second)
		// Short only: every row shown falls short.
		b.do("short only", click("#f-short"))
		b.waitFor("the filtered fills", `location.search.includes("short=1")`, "#fills", 10*time.Second)
		rows := eval[int](b, `document.querySelectorAll("#fills tbody tr").length`)
		short := eval[int](b, `document.querySelectorAll("#fills tbody tr.short").length`)
		if rows == 0 || rows != short {
			t.Errorf("short only shows %d rows of which %d short", rows, short)
		}
		b.shot("runs-1-result")
	})
	if t.Failed() || runID == 0 {
		return
	}

	t.Run("2 a hospital user sees only its own allocation", func(t *testing.T) {
		b := newBrowser(t, chrome, p.URL, 120*time.Second)
		b.setHeaders(map[string]string{"Accept-Language": "en"})
		b.logIn("afdeling@radboudumc.example")
		if st := b.open("/allocation"); st != 200 {
			t.Fatalf("GET /allocation: %d", st)
		}
		if loc := eval[string](b, `location.pathname`); loc != "/allocation/mine" {
			t.Errorf("a hospital user lands on %s, want /allocation/mine", loc)
		}
		if got := b.text("#own-hospital"); !strings.Contains(got, "Radboud") {
			t.Errorf("own allocation of %q", got)
		}
		if main := b.text("main"); strings.Contains(main, "Groningen") || strings.Contains(main, "Erasmus") {
			t.Errorf("the own allocation shows another hospital")
		}
		if n := eval[int](b, `document.querySelectorAll("#own-days tbody tr").length`); n == 0 {
			t.Errorf("no allocation per day")
		}
		b.shot("runs-2-mine")
		if st := b.open(fmt.Sprintf("/allocation/%d/hospitals/%d", runID, umcg)); st != 404 {
			t.Errorf("another hospital's allocation: %d, want 404", st)
		}
		if st := b.open(fmt.Sprintf("/allocation/%d", runID)); st != 404 {
			t.Errorf("the whole run: %d, want 404", st)
		}
	})

	t.Run("3 a visitor sees the public supply status", func(t *testing.T) {
		b := newBrowser(t, chrome, p.URL, 60*time.Second)
		b.setHeaders(map[string]string{"Accept-Language": "en"})
		if st := b.open("/supply-status"); st != 200 {
			t.Fatalf("GET /supply-status: %d", st)
		}
		table := b.text("#status-table")
		if !strings.Contains(table, "Mo-99") || !(strings.Contains(table, "short") || strings.Contains(table, "tight") || strings.Contains(table, "sufficient")) {
			t.Errorf("the status table says %.300q", table)
		}
		if main := b.text("main"); strings.Contains(main, "Radboud") || strings.Contains(main, "Groningen") {
			t.Errorf("the public status names a hospital")
		}
		b.waitFor("the status chart", `document.querySelector(".chart svg") !== null`, "main", 20*time.Second)
		b.shot("runs-3-status")
	})
}
