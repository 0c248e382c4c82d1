package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"kern/internal/app/apptest"
	"kern/internal/db/dbtest"
)

// TestE2EVacancyStory drives Chromium through the terms-and-vacancies story: the daily job
// reminds the steering group's chair of a term ending soon; the chair makes a vacancy of that
// seat from the terms overview and publishes it; a visitor without an account finds it on the
// public page and applies (first with a bad address); the chair sees the application and
// appoints the candidate, which fills the vacancy.
func TestE2EVacancyStory(t *testing.T) {
	chrome := findChromium(t)
	d := dbtest.SQLite(t)
	p := apptest.Start(t, d)
	const chair = "voorzitter@kern.example"
	var seatID, bodyID, chairUser int64
	var holder string
	err := d.Read.QueryRow(`SELECT s.id, s.body_id, p.given_name || ' ' || p.family_name FROM seats s JOIN bodies b ON b.id = s.body_id
JOIN people p ON p.id = s.person_id WHERE b.name = 'Stuurgroep Nucleaire Geneeskunde' AND s.stakeholder_group = 'patient_organisations'`).
		Scan(&seatID, &bodyID, &holder)
	if err != nil {
		t.Fatalf("the demo steering group has no patient organisations' seat: %v", err)
	}
	if err := d.Read.QueryRow(`SELECT id FROM users WHERE email = $1`, chair).Scan(&chairUser); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, chrome, p.URL, 150*time.Second)
	b.setHeaders(map[string]string{"Accept-Language": "en"})
	var vacancyPath string
	const applicant = "Noor Bakker"

	t.Run("1 a term ending soon reminds the chair", func(t *testing.T) {
		b.t = t
		if err := p.App.Vacancies.RemindTerms(context.Background(), ""); err != nil {
			t.Fatal(err)
		}
		var n int
		d.Read.QueryRow(`SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'term_ending' AND subject LIKE $2`,
			chairUser, "%"+holder+"%").Scan(&n)
		if n != 1 {
			t.Fatalf("the chair has %d reminders about %s, want 1", n, holder)
		}
		b.logIn(chair)
		if st := b.open("/notifications"); st != 200 {
			t.Fatalf("GET /notifications: %d", st)
		}
		if got := b.text("main"); !strings.Contains(got, holder) || !strings.Contains(got, "Stuurgroep Nucleaire Geneeskunde") {
			t.Errorf("the notifications page does not show the reminder about %s: %q", holder, got)
		}
	})
	if t.Failed() {
		return
	}

	t.Run("2 the chair publishes a vacancy from the ending seat", func(t *testing.T) {
		b.t = t
		if st := b.open("/terms"); st != 200 {
			t.Fatalf("GET /terms: %d", st)
		}
		if got := b.text(fmt.Sprintf("#term-%d", seatID)); !strings.Contains(got, holder) {
			t.Fatalf("terms overview row: %q", got)
		}
		b.shot("vacancy-0-terms")
		b.follow(fmt.Sprintf("#term-%d a.make-vacancy", seatID))
		if got := b.value("#f-body_id"); got != fmt.Sprint(bodyID) {
			t.Errorf("prefilled body %q, want %d", got, bodyID)
		}
		if got := b.value("#f-stakeholder_group"); got != "patient_organisations" {
			t.Errorf("prefilled stakeholder group %q", got)
		}
		b.retype("#f-title", "Lid Stuurgroep namens patiëntenorganisaties")
		b.retype("#f-description", "We zoeken een **lid** namens de patiëntenorganisaties.")
		b.follow("#save-vacancy")
		if got := b.text("#vacancy-state"); got != "Draft" {
			t.Fatalf("state after saving %q; page says %q", got, b.text("main"))
		}
		b.follow("#publish-vacancy")
		if got := b.text("#vacancy-state"); got != "Published" {
			t.Fatalf("state after publishing %q; page says %q", got, b.text("main"))
		}
		vacancyPath = eval[string](b, `location.pathname`)
		b.shot("vacancy-1-published")
	})
	if t.Failed() {
		return
	}

	t.Run("3 a visitor without an account applies", func(t *testing.T) {
		b.t = t
		ctx, cancel := b.step()
		if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
			t.Fatal(err)
		}
		cancel()
		if st := b.open("/vacancies"); st != 200 {
			t.Fatalf("GET /vacancies without login: %d", st)
		}
		b.shot("vacancy-2-public-list")
		b.follow(`#vacancy-list a[href="` + vacancyPath + `"]`)
		if got := b.text(".description"); !strings.Contains(got, "We zoeken een lid") {
			t.Errorf("description %q", got)
		}
		b.retype("#f-name", applicant)
		b.retype("#f-email", "noor@")
		b.retype("#f-motivation", "Ik vertegenwoordig een patiëntenvereniging.")
		if st := b.follow("#send-application"); st != 422 {
			t.Errorf("a bad address: status %d, want 422", st)
		}
		if got := b.text("#e-email"); got == "" {
			t.Error("no message next to the e-mail field")
		}
		b.retype("#f-email", "noor.bakker@example.org")
		b.follow("#send-application")
		if got := b.text("#applied"); !strings.Contains(got, "received") {
			t.Errorf("after applying: %q", got)
		}
		b.shot("vacancy-2-applied")
	})
	if t.Failed() {
		return
	}

	t.Run("4 the chair sees the application and appoints the candidate", func(t *testing.T) {
		b.t = t
		b.logIn(chair)
		if st := b.open(vacancyPath + "/applications"); st != 200 {
			t.Fatalf("applications: %d", st)
		}
		if got := b.text("#applications"); !strings.Contains(got, applicant) || !strings.Contains(got, "noor.bakker@example.org") {
			t.Fatalf("applications list %q", got)
		}
		b.follow(`#applications a[href^="` + vacancyPath + `/applications/"]`)
		b.shot("vacancy-3-application")
		b.follow("#accept-application")
		if loc := eval[string](b, `location.pathname`); loc != fmt.Sprintf("/bodies/%d", bodyID) {
			t.Errorf("after appointing: on %s; page says %q", loc, b.text("main"))
		}
		b.open(vacancyPath)
		if got := b.text("#vacancy-state"); got != "Filled" {
			t.Errorf("vacancy state %q, want Filled", got)
		}
		var n int
		d.Read.QueryRow(`SELECT count(*) FROM seats s JOIN people p ON p.id = s.person_id WHERE s.body_id = $1
AND p.email = 'noor.bakker@example.org' AND s.stakeholder_group = 'patient_organisations'`, bodyID).Scan(&n)
		if n != 1 {
			t.Errorf("%d seats for the candidate, want 1", n)
		}
		b.shot("vacancy-4-filled")
	})
}
