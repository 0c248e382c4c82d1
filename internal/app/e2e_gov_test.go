package app_test

import (
	"strings"
	"testing"
	"time"

	"kern/internal/app/apptest"
	"kern/internal/db/dbtest"
)

// TestE2ESteeringGroupStory: a coordinator sets up a steering group and sees the warning for a
// missing stakeholder group until its seat is filled; a member sees no controls to change it.
func TestE2ESteeringGroupStory(t *testing.T) {
	chrome := findChromium(t)
	p := apptest.Start(t, dbtest.SQLite(t))
	b := newBrowser(t, chrome, p.URL, 120*time.Second)
	b.setHeaders(map[string]string{"Accept-Language": "nl"})
	b.logIn("coordinatie@kern.example")

	if st := b.open("/bodies/new?kind=steering_group"); st != 200 {
		t.Fatalf("GET /bodies/new: %d", st)
	}
	b.retype("#f-name", "Stuurgroep Proef")
	b.retype("#f-goal", "Richting geven aan het actieplan.")
	if st := b.follow(`main form button.primary`); st != 200 {
		t.Fatalf("create the steering group: %d: %s", st, b.text("main"))
	}
	warnings := b.text("#warnings")
	for _, want := range []string{"Patiëntenorganisaties", "Zorgverleners", "neutrale voorzitter"} {
		if !strings.Contains(warnings, want) {
			t.Fatalf("a new steering group's warnings lack %q: %q", want, warnings)
		}
	}
	bodyURL := eval[string](b, `location.pathname`)

	seat := func(person, role, group string, neutral bool) {
		t.Helper()
		b.follow(`a[href$="/seats/new"]`)
		b.choose("#f-person_id", person)
		b.choose("#f-role", role)
		if group != "" {
			b.choose("#f-stakeholder_group", group)
		}
		if neutral {
			b.do("neutral chair", click("#f-neutral"))
		}
		b.setDate("#f-term_start", time.Now().AddDate(0, -1, 0).Format("2006-01-02"))
		if st := b.follow(`main form button.primary`); st != 200 {
			t.Fatalf("seat %s as %s: %d: %s", person, role, st, b.text("main"))
		}
	}
	b.follow(`a[href$="/seats/new"]`)
	people := eval[[]string](b, `Array.from(document.querySelectorAll("#f-person_id option")).map(o => o.value).filter(v => v).slice(0, 7)`)
	b.open(bodyURL)
	seat(people[0], "chair", "", true)
	groups := []string{"companies", "governments", "researchers", "isotope_production", "care_providers"}
	for i, g := range groups {
		seat(people[i+1], "member", g, false)
	}
	warnings = b.text("#warnings")
	if !strings.Contains(warnings, "Patiëntenorganisaties") || strings.Contains(warnings, "Zorgverleners") || strings.Contains(warnings, "neutrale voorzitter") {
		t.Fatalf("with five groups and a neutral chair seated the warnings are %q", warnings)
	}
	b.shot("gov-steering-group-warning")
	seat(people[6], "member", "patient_organisations", false)
	if n := eval[int](b, `document.querySelectorAll("#warnings").length`); n != 0 {
		t.Fatalf("with every group seated a warning remains: %q", b.text("#warnings"))
	}
	b.shot("gov-steering-group")

	// A member reads the body but finds no control to change it.
	b.do("open the account menu", click("details.menu summary"))
	b.follow(`form[action="/logout"] button`)
	b.logIn("lid@kern.example")
	b.open(bodyURL)
	if n := eval[int](b, `document.querySelectorAll('a[href$="/seats/new"], a[href$="/edit"]').length`); n != 0 {
		t.Fatalf("a member sees %d controls to change the body", n)
	}
	if st := b.open(bodyURL + "/seats/new"); st != 403 {
		t.Fatalf("a member opens the seat form: %d, want 403", st)
	}
}
