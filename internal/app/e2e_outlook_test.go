package app_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"kern/internal/app/apptest"
	"kern/internal/db/dbtest"
)

// TestE2EOutlookStory: the coordination office opens the demo scenario, sees the fan chart with
// its table and the investment gap (therapy rooms, staff, hotlabs), types a growth rate below −100 % (refused next to the field, nothing saved), then a
// valid growth with a wider band and sees the numbers change.
func TestE2EOutlookStory(t *testing.T) {
	chrome := findChromium(t)
	p := apptest.Start(t, dbtest.SQLite(t))
	b := newBrowser(t, chrome, p.URL, 90*time.Second)
	b.setHeaders(map[string]string{"Accept-Language": "nl"})
	b.logIn("coordinatie@kern.example")

	const f18 = `section[id="product-F-18"] tbody tr:last-child td:nth-of-type(2)` // P50 in 2040
	var before string
	t.Run("1 open the demo scenario", func(t *testing.T) {
		b.t = t
		if st := b.open("/outlook"); st != 200 {
			t.Fatalf("GET /outlook: %d", st)
		}
		if st := b.follow(`#results a[href^="/outlook/"]`); st != 200 {
			t.Fatalf("open scenario: %d", st)
		}
		if h := b.text("main h1"); h != "Basisverwachting 2040" {
			t.Fatalf("heading %q", h)
		}
		b.waitFor("the fan chart", `document.querySelector('section[id="product-Mo-99"] .chart svg') !== null`, "main", 20*time.Second)
		if got := b.text(`section[id="product-Mo-99"] caption`); !strings.Contains(got, "Mo-99") {
			t.Errorf("table caption %q", got)
		}
		if got := b.text(`section[id="product-Mo-99"] tbody tr:first-child th`); got != "2025" {
			t.Errorf("first year %q", got)
		}
		// The investment gap: therapy rooms, staff and hotlabs a year, with how many more than in
		// the baseline year; by 2040 the growth needs more of each.
		if got := b.text(`#investment h2`); got != "Investeringsbehoefte" {
			t.Errorf("investment heading %q", got)
		}
		if got := b.text(`#investment tbody tr:first-child th`); got != "2025" {
			t.Errorf("investment table's first year %q", got)
		}
		if got := b.text(`#investment tbody tr:last-child th`); got != "2040" {
			t.Errorf("investment table's last year %q", got)
		}
		number := regexp.MustCompile(`^-?[0-9][0-9.]*(,[0-9]+)?`)
		for i, what := range []string{"therapy rooms", "more rooms", "FTE", "more FTE", "hotlabs", "more hotlabs"} {
			got := b.text(fmt.Sprintf(`#investment tbody tr:last-child td:nth-of-type(%d)`, i+1))
			if !number.MatchString(got) {
				t.Errorf("2040 %s: %q, want a number", what, got)
			}
			if i%2 == 1 && (got == "0" || strings.HasPrefix(got, "-")) {
				t.Errorf("2040 %s than in 2025: %q, want more", what, got)
			}
		}
		before = b.text(f18)
		if before == "" {
			t.Fatal("no F-18 median for 2040")
		}
	})
	if t.Failed() {
		return
	}
	t.Run("2 a growth below −100 % is refused next to the field", func(t *testing.T) {
		b.t = t
		if st := b.follow(`a[href$="/edit"]`); st != 200 {
			t.Fatalf("edit: %d", st)
		}
		b.retype("#f-app1_rate", "-150")
		if st := b.follow(`form#params button.primary`); st != 422 {
			t.Fatalf("save: status %d, want 422", st)
		}
		if got := b.text("#e-app1_rate"); !strings.Contains(got, "−100 %") {
			t.Errorf("message next to the field: %q", got)
		}
		if v := b.value("#f-app1_rate"); v != "-150" {
			t.Errorf("field shows %q, want the typed value", v)
		}
	})
	if t.Failed() {
		return
	}
	t.Run("3 a valid growth changes the numbers", func(t *testing.T) {
		b.t = t
		b.retype("#f-app1_rate", "20")
		b.retype("#f-app1_low", "15")
		b.retype("#f-app1_high", "25")
		if st := b.follow(`form#params button.primary`); st != 200 {
			t.Fatalf("save: status %d; page says %q", st, b.text("main"))
		}
		if h := b.text("main h1"); h != "Basisverwachting 2040" {
			t.Fatalf("after saving: heading %q", h)
		}
		if after := b.text(f18); after == before {
			t.Errorf("F-18 median in 2040 still %s", after)
		}
		if got := b.text(`table.params`); !strings.Contains(got, "gewijzigd in het platform") {
			t.Errorf("the changed growth is not marked as an assumption")
		}
	})
}
