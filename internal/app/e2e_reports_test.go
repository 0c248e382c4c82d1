package app_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	cdproto "github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"kern/internal/app/apptest"
	"kern/internal/auth"
	"kern/internal/db/dbtest"
	"kern/internal/plan"
)

// TestE2EProgressReportStory drives a real Chromium through a quarterly report: a coordinator
// drafts it, writes the introduction in Markdown, publishes it publicly; a visitor without login
// opens it and it prints without the navigation; a KPI measured afterwards leaves it unchanged.
func TestE2EProgressReportStory(t *testing.T) {
	chrome := findChromium(t)
	p := apptest.Start(t, dbtest.SQLite(t))
	b := newBrowser(t, chrome, p.URL, 120*time.Second)
	b.setHeaders(map[string]string{"Accept-Language": "en"})
	ctx := context.Background()
	var kpi string
	if err := p.App.DB.Read.QueryRowContext(ctx, `SELECT min(k.id) FROM kpis k WHERE k.public
AND EXISTS (SELECT 1 FROM kpi_measurements m WHERE m.kpi_id = k.id AND m.replaced_at IS NULL)`).Scan(&kpi); err != nil {
		t.Fatal(err)
	}
	b.logIn("coordinatie@kern.example")

	var id string
	t.Run("1 draft a quarterly report", func(t *testing.T) {
		b.t = t
		b.open("/reports")
		b.follow(`main a.button[href="/reports/new"]`)
		if h := b.text("main h1"); h != "Draft a report" {
			t.Errorf("form heading %q", h)
		}
		b.choose("#f-period", "quarter")
		b.do("set the first day", chromedp.SetValue(chromedp.CSS("#f-period_start"), "2026-01-01"))
		b.do("clear the last day", chromedp.SetValue(chromedp.CSS("#f-period_end"), ""))
		b.choose("#f-scope", "platform")
		if st := b.follow(`#report-form button.primary`); st != 200 {
			t.Fatalf("save: %d; page says %q", st, b.text("main"))
		}
		m := regexp.MustCompile(`^/reports/(\d+)$`).FindStringSubmatch(eval[string](b, `location.pathname`))
		if m == nil {
			t.Fatalf("after drafting the browser is on %s: %q", eval[string](b, `location.pathname`), b.text("main"))
		}
		id = m[1]
		if flash := b.text("main p.flash"); flash != "The draft has been created." {
			t.Errorf("flash %q", flash)
		}
		if h := b.text("main h1"); h != "Progress report Q1 2026" {
			t.Errorf("heading %q", h)
		}
		if !eval[bool](b, `!!document.querySelector('tr.kpi[data-id="`+kpi+`"] svg.spark')`) {
			t.Errorf("no sparkline for KPI %s in the draft", kpi)
		}
	})
	if t.Failed() {
		return
	}

	t.Run("2 edit the introduction", func(t *testing.T) {
		b.t = t
		b.follow(`main a.button[href="/reports/` + id + `/edit"]`)
		b.retype("#f-intro", "## Highlights\n\nThe **first** quarter went well.")
		b.follow(`#report-form button.primary`)
		if flash := b.text("main p.flash"); flash != "The report has been saved." {
			t.Errorf("flash %q; page says %q", flash, b.text("main"))
		}
		if got := b.text("#intro h2"); got != "Highlights" {
			t.Errorf("introduction heading %q", got)
		}
		if got := b.text("#intro strong"); got != "first" {
			t.Errorf("introduction bold %q", got)
		}
	})

	var before string
	t.Run("3 publish publicly", func(t *testing.T) {
		b.t = t
		before = b.text(`tr.kpi[data-id="` + kpi + `"] td.latest`)
		b.do("tick public", click(`.publish-form input[name="public"]`))
		if !eval[bool](b, `document.querySelector('.publish-form input[name="public"]').checked`) {
			b.do("tick public again", click(`.publish-form input[name="public"]`))
		}
		if st := b.follow(`#publish`); st != 200 {
			t.Fatalf("publish: %d", st)
		}
		if flash := b.text("main p.flash"); flash != "The report has been published." {
			t.Errorf("flash %q; page says %q", flash, b.text("main"))
		}
		if eval[bool](b, `!!document.querySelector('a[href="/reports/`+id+`/edit"], #publish')`) {
			t.Error("a published report still offers editing or publishing")
		}
	})
	if t.Failed() {
		return
	}

	t.Run("4 a later measurement leaves it alone", func(t *testing.T) {
		b.t = t
		today := time.Now().UTC().Truncate(24 * time.Hour)
		var k int64
		p.App.DB.Read.QueryRowContext(ctx, `SELECT id FROM kpis WHERE id = $1`, kpi).Scan(&k)
		if _, err := p.App.Plan.RecordMeasurement(ctx, auth.System(), k, plan.MeasurementInput{On: today, Value: 987654}); err != nil {
			t.Fatal(err)
		}
		b.open("/reports/" + id)
		if got := b.text(`tr.kpi[data-id="` + kpi + `"] td.latest`); got != before || strings.Contains(got, "987") {
			t.Errorf("the published report shows %q, was %q", got, before)
		}
	})

	t.Run("5 a visitor opens it and prints it", func(t *testing.T) {
		b.t = t
		devtools(b, "log out", func(ctx context.Context) error {
			_, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdpEmpty{})
			return err
		})
		if st := b.open("/reports/" + id); st != 200 {
			t.Fatalf("a visitor opens the report: %d", st)
		}
		if got := b.text("#intro strong"); got != "first" {
			t.Errorf("the visitor sees %q", got)
		}
		if got := b.text(`tr.kpi[data-id="` + kpi + `"] td.latest`); got != before {
			t.Errorf("the visitor sees %q, was %q", got, before)
		}
		if !eval[bool](b, `!!document.querySelector('a[href="/login"]')`) {
			t.Error("the visitor's page has no log-in link")
		}
		media := func(m string) func(ctx context.Context) error {
			return func(ctx context.Context) error {
				_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m})
				return err
			}
		}
		devtools(b, "print media", media("print"))
		if d := eval[string](b, `getComputedStyle(document.querySelector('header.top')).display`); d != "none" {
			t.Errorf("the navigation prints (display %s)", d)
		}
		if br := eval[string](b, `getComputedStyle(document.querySelector('#actions_overdue')).breakBefore`); br != "page" {
			t.Errorf("a section does not start a new page (break-before %s)", br)
		}
		b.shot("report-print")
		devtools(b, "screen media", media(""))
		if st := b.open("/reports"); st != 200 || !strings.Contains(b.text("main"), "Q1 2026") {
			t.Errorf("the public list: %d %q", st, b.text("main"))
		}
	})
}

type cdpEmpty = cdproto.Empty

// devtools runs one DevTools command in the tab and fails the test on an error.
func devtools(b *browser, what string, fn func(ctx context.Context) error) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := fn(ctx); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}
