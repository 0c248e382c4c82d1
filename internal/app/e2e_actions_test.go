package app_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kern/internal/app/apptest"
	"kern/internal/db/dbtest"
	"kern/internal/demo"
)

// TestE2EActionPlanStory drives a real Chromium through the action plan's main flow: a
// coordinator adds two actions with roles, makes the first precede the second, sees both on the
// roadmap with the dependency arrow, reports progress and sees it on the action and in the
// roll-up to the goal, and is refused a dependency that would close a cycle.
func TestE2EActionPlanStory(t *testing.T) {
	chrome := findChromium(t)
	p := apptest.Start(t, dbtest.SQLite(t))
	b := newBrowser(t, chrome, p.URL, 120*time.Second)
	b.setHeaders(map[string]string{"Accept-Language": "en"})
	ctx := context.Background()
	relations := func() int {
		var n int
		if err := p.App.DB.Read.QueryRowContext(ctx, `SELECT count(*) FROM action_relations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	var goalID string
	p.App.DB.Read.QueryRowContext(ctx, `SELECT min(id) FROM goals`).Scan(&goalID)

	if st := b.open("/login"); st != 200 {
		t.Fatalf("GET /login: %d", st)
	}
	b.retype("#f-email", "coordinatie@kern.example")
	b.retype("#f-password", demo.Password)
	b.follow(`main form[action="/login"] button.primary`)

	setDate := func(sel, v string) {
		b.do("set "+sel, chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.SetValue(chromedp.CSS(sel), v))
	}
	idOf := regexp.MustCompile(`^/actions/(\d+)$`)
	create := func(title, start, due string, roles map[string]string) string {
		t.Helper()
		b.open("/actions")
		b.follow(`main a.button[href="/actions/new"]`)
		if h := b.text("main h1"); h != "Add action" {
			t.Errorf("form heading %q, want Add action", h)
		}
		b.retype("#f-title", title)
		b.retype("#f-owner_group", "Actiegroep Zorg en toegang")
		b.choose("#f-status", "planned")
		setDate("#f-start_on", start)
		setDate("#f-due_on", due)
		for group, role := range roles {
			b.choose("#f-role_"+group, role)
		}
		if goalID != "" {
			b.do("tick the goal", click(`input[name="goal_ids"][value="`+goalID+`"]`))
		}
		if st := b.follow(`main form[action="/actions"] button.primary`); st != 200 {
			t.Fatalf("save %q: status %d; page says %q", title, st, b.text("main"))
		}
		m := idOf.FindStringSubmatch(eval[string](b, `location.pathname`))
		if m == nil {
			t.Fatalf("after saving %q the browser is on %s; page says %q", title, eval[string](b, `location.pathname`), b.text("main"))
		}
		if flash := b.text("main p.flash"); flash != "The action has been added." {
			t.Errorf("flash %q", flash)
		}
		return m[1]
	}

	var first, second string
	t.Run("1 two actions with roles", func(t *testing.T) {
		b.t = t
		first = create("Regieafspraken vastleggen", "2026-12-01", "2027-01-31",
			map[string]string{"care_providers": "accountable", "patient_organisations": "consulted"})
		if got := b.text(`table.roles td.role-accountable`); got != "Accountable" {
			t.Errorf("the roles table shows %q as accountable", got)
		}
		second = create("Regieafspraken invoeren", "2027-02-15", "2027-06-30",
			map[string]string{"care_providers": "responsible", "governments": "informed"})
	})
	if t.Failed() {
		return
	}

	t.Run("2 a dependency", func(t *testing.T) {
		b.t = t
		b.open("/actions/" + first)
		b.choose("#f-kind", "precedes")
		b.choose("#f-to_id", second)
		b.retype("#f-lag_days", "14")
		b.follow(`#relation-form button.primary`)
		if flash := b.text("main p.flash"); flash != "The dependency has been added." {
			t.Errorf("flash %q; page says %q", flash, b.text("main"))
		}
		if got := b.text("#relations + table tr.relation"); !strings.Contains(got, "precedes") || !strings.Contains(got, "Regieafspraken invoeren") {
			t.Errorf("relation row %q", got)
		}
	})
	if t.Failed() {
		return
	}

	t.Run("3 the roadmap", func(t *testing.T) {
		b.t = t
		b.open("/actions/roadmap")
		for _, id := range []string{first, second} {
			if !eval[bool](b, `!!document.querySelector('svg.roadmap rect.bar[data-id="`+id+`"]')`) {
				t.Errorf("no bar for action %s on the roadmap", id)
			}
		}
		if n := eval[int](b, `document.querySelectorAll('svg.roadmap path.dep').length`); n == 0 {
			t.Error("no dependency arrows on the roadmap")
		}
		if got := b.text(`table.roadmap-table tr[data-id="` + second + `"]`); !strings.Contains(got, "Regieafspraken vastleggen (+14 days)") {
			t.Errorf("the table row of the second action says %q, want its predecessor with the lag", got)
		}
		b.shot("actions-roadmap")
	})

	pct := func() string {
		return eval[string](b, `(document.querySelector('tr.goal-row[data-goal="`+goalID+`"] .pct')||{}).textContent||""`)
	}
	t.Run("4 a check-in and the roll-up", func(t *testing.T) {
		b.t = t
		before := ""
		if goalID != "" {
			b.open("/actions/progress")
			before = pct()
		}
		b.open("/actions/" + first)
		b.retype("#f-progress", "40")
		b.choose("#f-confidence", "high")
		b.retype("#f-note", "Concept besproken")
		b.follow(`#checkin-form button.primary`)
		if got := b.text("#progress .pct"); got != "40%" {
			t.Errorf("progress after the check-in %q, want 40%%; page says %q", got, b.text("main"))
		}
		if got := b.text("table.checkins tbody tr"); !strings.Contains(got, "Concept besproken") {
			t.Errorf("check-in row %q", got)
		}
		if goalID == "" {
			t.Log("no demo goals: roll-up not checked")
			return
		}
		b.open("/actions/progress")
		after := pct()
		bn, _ := strconv.Atoi(strings.TrimSuffix(before, "%"))
		an, err := strconv.Atoi(strings.TrimSuffix(after, "%"))
		if err != nil || an <= bn {
			t.Errorf("the goal's roll-up went from %q to %q, want it to rise", before, after)
		}
	})

	t.Run("5 a cycle is refused", func(t *testing.T) {
		b.t = t
		n := relations()
		b.open("/actions/" + second)
		b.choose("#f-kind", "blocks")
		b.choose("#f-to_id", first)
		if st := b.follow(`#relation-form button.primary`); st != 422 {
			t.Errorf("status %d, want 422", st)
		}
		msg := b.text("main .alert")
		if !strings.Contains(msg, "would close a cycle") || !strings.Contains(msg, "“Regieafspraken invoeren” → “Regieafspraken vastleggen” → “Regieafspraken invoeren”") {
			t.Errorf("alert %q, want the cycle named", msg)
		}
		if got := b.text("#e-to_id"); got != "This dependency makes a cycle." {
			t.Errorf("field error %q", got)
		}
		if relations() != n {
			t.Error("the refused dependency was written")
		}
		b.shot("actions-cycle")
	})
}
