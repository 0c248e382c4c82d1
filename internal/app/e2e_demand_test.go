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

// TestE2EDemandOrderStory drives Chromium through a hospital's story: Radboudumc's department
// places an order (first with a calibration in the past, which the form refuses next to the field),
// sees it in its list without UMCG's orders, is refused (404) when opening UMCG's order, and the
// Tc-99m planning aid gives it a generator size.
func TestE2EDemandOrderStory(t *testing.T) {
	chrome := findChromium(t)
	d := dbtest.SQLite(t)
	p := apptest.Start(t, d)
	radboud := demoOrgID(t, d, "Radboudumc")
	gen := demoProductID(t, d, "Mo-99/Tc-99m-generator")
	umcgOrder := demoOrderID(t, d, "UMCG-88120")
	b := newBrowser(t, chrome, p.URL, 150*time.Second)
	b.setHeaders(map[string]string{"Accept-Language": "en"})
	b.logIn("afdeling@radboudumc.example")
	local := func(t time.Time) string { return t.In(amsterdam).Format("2006-01-02T15:04") }
	setValue := func(sel, v string) {
		b.do("set "+sel, chromedp.WaitVisible(chromedp.CSS(sel)),
			chromedp.Evaluate[chromedp.Void](`document.querySelector(`+jsString(sel)+`).value = `+jsString(v)))
	}

	t.Run("1 the department places an order", func(t *testing.T) {
		b.t = t
		if st := b.open("/demand"); st != 200 {
			t.Fatalf("GET /demand: %d", st)
		}
		if st := b.follow(`#own a[href="/orders/new"]`); st != 200 {
			t.Fatalf("the order form: %d", st)
		}
		if got := b.value("#f-org_id"); got != fmt.Sprint(radboud) {
			t.Errorf("the hospital preselected is %q, want Radboudumc (%d)", got, radboud)
		}
		if n := eval[int](b, `document.querySelectorAll("#f-org_id option").length`); n != 2 {
			t.Errorf("the department may choose from %d hospitals (with the blank), want its own only", n)
		}
		if got := b.choose("#f-product_id", fmt.Sprint(gen)); !strings.Contains(got, "Curium Petten (generatoren)") {
			t.Errorf("the product picker says %q, want the facility's name", got)
		}
		b.retype("#f-activity", "270 mCi")
		setValue("#f-calibration_at", local(time.Now().Add(-3*time.Hour)))
		b.choose("#f-priority", "1")
		b.retype("#f-reference", "RAD-E2E-1")
		if st := b.follow(`main form button.primary`); st != 422 {
			t.Fatalf("an order calibrated in the past: %d, want 422", st)
		}
		if got := b.text("#e-calibration_at"); !strings.Contains(got, "has passed") {
			t.Errorf("the error next to the calibration says %q", got)
		}
		b.shot("demand-0-past-calibration")
		setValue("#f-calibration_at", local(time.Now().Add(50*time.Hour)))
		if st := b.follow(`main form button.primary`); st != 200 {
			t.Fatalf("place the order: %d; page says %q", st, b.text("main"))
		}
		if got := b.text("#order"); !strings.Contains(got, "9.99 GBq") || !strings.Contains(got, "Radboudumc") {
			t.Errorf("the order page says %q, want the activity as 9.99 GBq for Radboudumc", got)
		}
		b.shot("demand-1-order")
	})
	if t.Failed() {
		return
	}

	t.Run("2 it is in the list, UMCG's are not", func(t *testing.T) {
		b.t = t
		if st := b.open("/orders"); st != 200 {
			t.Fatalf("GET /orders: %d", st)
		}
		list := b.text("#orders")
		if !strings.Contains(list, "RAD-E2E-1") || !strings.Contains(list, "RAD-2026-0141") {
			t.Errorf("the list lacks the department's orders: %q", list)
		}
		if strings.Contains(list, "UMCG") || strings.Contains(list, "Groningen") {
			t.Errorf("the list shows another hospital's orders: %q", list)
		}
		b.retype("#f-q", "E2E")
		b.follow(`form.filters button.primary`)
		if got := b.text("#orders"); !strings.Contains(got, "RAD-E2E-1") || strings.Contains(got, "RAD-2026-0141") {
			t.Errorf("searching E2E shows %q", got)
		}
		if st := b.open(fmt.Sprintf("/orders/%d", umcgOrder)); st != 404 {
			t.Errorf("UMCG's order: %d, want 404", st)
		}
	})

	t.Run("3 the planning aid sizes a generator", func(t *testing.T) {
		b.t = t
		if st := b.open("/demand/generator"); st != 200 {
			t.Fatalf("GET /demand/generator: %d", st)
		}
		b.choose("#f-product_id", fmt.Sprint(gen))
		if st := b.follow(`#compute`); st != 200 {
			t.Fatalf("compute: %d; page says %q", st, b.text("main"))
		}
		if got := b.text("#generator-size"); !strings.Contains(got, "GBq") {
			t.Errorf("the size says %q", got)
		}
		if got := b.text("#generator-nominal"); !strings.Contains(got, "GBq") {
			t.Errorf("the nominal size says %q", got)
		}
		if n := eval[int](b, `document.querySelectorAll("#elutions tbody tr").length`); n != 5 {
			t.Errorf("%d elutions, want 5 (Monday to Friday)", n)
		}
		b.shot("demand-2-generator")
		if st := b.follow(`#to-standing`); st != 200 {
			t.Fatalf("to the standing demand form: %d", st)
		}
		if got := b.value("#f-product_id"); got != fmt.Sprint(gen) {
			t.Errorf("the standing demand form has product %q, want the generator", got)
		}
		if got := b.value("#f-activity"); !strings.Contains(got, "GBq") {
			t.Errorf("the standing demand form has activity %q, want the nominal size", got)
		}
	})
}
