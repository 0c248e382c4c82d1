package app_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kern/internal/app/apptest"
	"kern/internal/db/dbtest"
	"kern/internal/supply"
)

// TestE2ESupplyOutageStory drives Chromium through a producer's story: NRG's planner publishes
// an outage of the High Flux Reactor (first with the end before the start, which the form
// refuses next to the field), sees it in the production calendar, and is refused (404) when
// opening BR2's outage, which belongs to SCK CEN.
func TestE2ESupplyOutageStory(t *testing.T) {
	chrome := findChromium(t)
	d := dbtest.SQLite(t)
	p := apptest.Start(t, d)
	hfr := demoFacility(t, d, "Hoge Flux Reactor (HFR)")
	br2Outage := demoOutage(t, d, demoFacility(t, d, "BR2"))
	b := newBrowser(t, chrome, p.URL, 150*time.Second)
	b.setHeaders(map[string]string{"Accept-Language": "en"})
	b.logIn("planning@nrg.example")

	// Six weeks ahead, for three weeks: HFR's cycle (on 28 days, off 9) has it on in at least
	// one of them, whatever today is.
	monday := supply.MondayOf(time.Now())
	start, end := monday.AddDate(0, 0, 42).Add(6*time.Hour), monday.AddDate(0, 0, 63).Add(6*time.Hour)
	local := func(t time.Time) string { return t.In(amsterdam).Format("2006-01-02T15:04") }
	setValue := func(sel, v string) {
		b.do("set "+sel, chromedp.WaitVisible(chromedp.CSS(sel)),
			chromedp.Evaluate[chromedp.Void](`document.querySelector(`+jsString(sel)+`).value = `+jsString(v)))
	}

	t.Run("1 the planner publishes an outage of HFR", func(t *testing.T) {
		b.t = t
		if st := b.open("/supply"); st != 200 {
			t.Fatalf("GET /supply: %d", st)
		}
		if st := b.follow(`main a[href="/supply/outages/new"]`); st != 200 {
			t.Fatalf("the outage form: %d", st)
		}
		if got := b.choose("#f-facility_id", fmt.Sprint(hfr)); !strings.Contains(got, "HFR") {
			t.Fatalf("chose %q, want HFR", got)
		}
		if n := eval[int](b, `document.querySelectorAll("#f-facility_id option").length`); n != 3 {
			t.Errorf("the planner may choose from %d options, want NRG's two facilities and the blank", n)
		}
		setValue("#f-starts_at", local(start))
		setValue("#f-ends_at", local(start.Add(-24*time.Hour)))
		b.retype("#f-reduction_pct", "50")
		b.choose("#f-kind", "unplanned")
		b.retype("#f-reason", "Storing in de primaire koelkring (e2e)")
		if st := b.follow(`main form button.primary`); st != 422 {
			t.Fatalf("an outage ending before it starts: %d, want 422", st)
		}
		if got := b.text("#e-ends_at"); !strings.Contains(got, "end must be later") {
			t.Errorf("the error next to the end says %q", got)
		}
		b.shot("supply-0-bad-outage")
		setValue("#f-ends_at", local(end))
		if st := b.follow(`main form button.primary`); st != 200 {
			t.Fatalf("publish: %d; page says %q", st, b.text("main"))
		}
		if loc := eval[string](b, `location.pathname`); loc != "/supply/calendar" {
			t.Errorf("after publishing: %s, want the calendar", loc)
		}
	})
	if t.Failed() {
		return
	}

	t.Run("2 the outage shows in the calendar", func(t *testing.T) {
		b.t = t
		row := b.text(fmt.Sprintf("#cal-%d", hfr))
		if !strings.Contains(row, "outage −50 %") {
			t.Errorf("HFR's calendar row shows no 50 %% outage: %q", row)
		}
		if !strings.Contains(row, "Mo-99 ") {
			t.Errorf("HFR's calendar row does not say it makes Mo-99: %q", row)
		}
		b.shot("supply-1-calendar")
		if st := b.open("/supply/outages"); st != 200 {
			t.Fatalf("GET /supply/outages: %d", st)
		}
		if got := b.text("#outages"); !strings.Contains(got, "Storing in de primaire koelkring (e2e)") {
			t.Errorf("the outage list lacks the new outage: %q", got)
		}
	})

	t.Run("3 changing BR2's outage is refused", func(t *testing.T) {
		b.t = t
		if st := b.open(fmt.Sprintf("/supply/outages/%d/edit", br2Outage)); st != 404 {
			t.Errorf("NRG's planner opens BR2's outage: %d, want 404", st)
		}
		var n int
		d.Read.QueryRow(`SELECT count(*) FROM outages WHERE id = $1 AND reduction_pct = 60`, br2Outage).Scan(&n)
		if n != 1 {
			t.Errorf("BR2's outage changed")
		}
	})
}
