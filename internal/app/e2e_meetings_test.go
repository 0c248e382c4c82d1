package app_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kern/internal/app/apptest"
	"kern/internal/db/dbtest"
	"kern/internal/gov"
)

// TestE2EMeetingStory drives a real Chromium through a chair's meeting: the steering group's
// chair schedules a meeting, sets its agenda and parks an item, records attendance, starts the
// meeting, records a numbered decision and a new action, writes the minutes and closes the
// meeting; the minutes are then frozen, the parked item is on the next meeting's agenda and the
// new action is in the action plan.
func TestE2EMeetingStory(t *testing.T) {
	chrome := findChromium(t)
	p := apptest.Start(t, dbtest.SQLite(t))
	b := newBrowser(t, chrome, p.URL, 150*time.Second)
	b.setHeaders(map[string]string{"Accept-Language": "en"})
	var sg int64
	if err := p.App.DB.Read.QueryRowContext(context.Background(), `SELECT id FROM bodies WHERE name = $1`, steeringGroup).Scan(&sg); err != nil {
		t.Fatal(err)
	}
	b.logIn("voorzitter@kern.example")
	set := func(sel, v string) {
		b.do("set "+sel, chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.SetValue(chromedp.CSS(sel), v))
	}

	// Schedule a meeting for tomorrow morning.
	if st := b.open(fmt.Sprintf("/bodies/%d/meetings", sg)); st != 200 {
		t.Fatalf("body meetings: %d", st)
	}
	b.follow("#new-meeting")
	day := time.Now().In(gov.Amsterdam).AddDate(0, 0, 1).Format("2006-01-02")
	b.retype("#f-title", "Extra stuurgroepoverleg isotopen")
	set("#f-starts_at", day+"T09:00")
	set("#f-ends_at", day+"T10:30")
	b.retype("#f-location", "Utrecht, zaal 2")
	b.follow(`main form button.primary`)
	path := eval[string](b, `location.pathname`)
	if !regexp.MustCompile(`^/meetings/\d+$`).MatchString(path) {
		t.Fatalf("after scheduling on %s: %q", path, b.text("main"))
	}
	if h := b.text("main h1"); !strings.Contains(h, "Extra stuurgroepoverleg isotopen") || !strings.Contains(h, "open") {
		t.Errorf("heading %q", h)
	}

	// The agenda: two items, the second parked.
	addItem := func(title, minutes string) {
		b.do("open the agenda form", chromedp.Evaluate[chromedp.Void](`document.querySelector("#agenda details").open = true`))
		b.retype("#f-item-title", title)
		b.retype("#f-item-duration", minutes)
		b.follow("#agenda-form button.primary")
	}
	addItem("Leveringszekerheid molybdeen-99", "30")
	addItem("Begroting coördinatiebureau", "20")
	if agenda := b.text("#agenda table"); !strings.Contains(agenda, "Leveringszekerheid molybdeen-99") || !strings.Contains(agenda, "30 min") {
		t.Errorf("agenda shows %q", agenda)
	}
	b.follow(`#agenda tbody tr:nth-child(2) button.park`)
	if parking := b.text("#parking"); !strings.Contains(parking, "Begroting coördinatiebureau") {
		t.Errorf("parking list shows %q", parking)
	}

	// Attendance: the chair is present, the rest excused.
	b.do("mark attendance", chromedp.Evaluate[chromedp.Void](`
		document.querySelectorAll('#attendance-form tbody tr').forEach(function (tr, i) {
			tr.querySelector('input[value="' + (i === 0 ? 'present' : 'excused') + '"]').checked = true;
		})`))
	b.follow("#attendance-form button.primary")
	if att := b.text("#attendance"); !strings.Contains(att, "chair") {
		t.Errorf("attendance shows %q", att)
	}
	if n := eval[int](b, `document.querySelectorAll('#attendance-form input[value="excused"]:checked').length`); n < 5 {
		t.Errorf("%d seat holders excused after saving, want the rest of the steering group", n)
	}

	// Start the meeting, record a decision and a new action.
	b.follow("#to-in_progress")
	if s := b.text("#state"); s != "in progress" {
		t.Errorf("state %q, want in progress", s)
	}
	outcome := func(kind, text string) {
		b.do("open the outcome form", chromedp.Evaluate[chromedp.Void](`document.querySelector("#outcomes details").open = true`))
		b.choose("#f-kind", kind)
		b.retype("#f-text", text)
		b.follow("#outcome-form button.primary")
	}
	outcome("decision", "De stuurgroep vraagt een noodplan voor de levering van molybdeen-99.")
	outcome("action", "Noodplan molybdeen-99 opstellen")
	outcomes := b.text("#outcomes ul")
	number := regexp.MustCompile(`D-\d{4}-\d{3}`).FindString(outcomes)
	if number == "" || !strings.Contains(outcomes, "noodplan voor de levering") {
		t.Errorf("outcomes show %q", outcomes)
	}
	actionHref, ok := b.attr(`#outcomes a[href^="/actions/"]`, "href")
	if !ok {
		t.Fatalf("the new action is not linked: %q", outcomes)
	}

	// The minutes, then closing.
	b.retype("#f-minutes", "# Verslag extra overleg\n\nBesluit "+number+" over het **noodplan**.")
	b.follow("#minutes-form button.primary")
	if h := b.text("#minutes-text h1"); h != "Verslag extra overleg" {
		t.Errorf("rendered minutes heading %q", h)
	}
	b.do("accept the confirmation", chromedp.Evaluate[chromedp.Void](`window.confirm = function () { return true; }`))
	b.follow("#to-closed")
	if s := b.text("#state"); s != "closed" {
		t.Errorf("state %q, want closed", s)
	}
	if n := eval[int](b, `document.querySelectorAll('#minutes-form, #outcome-form, #agenda-form, #to-closed').length`); n != 0 {
		t.Errorf("%d editing controls left on the closed meeting", n)
	}
	if n := eval[int](b, `document.querySelectorAll('#amend-form').length`); n != 1 {
		t.Error("no amendment form on the closed meeting")
	}
	if m := b.text("#minutes"); !strings.Contains(m, "frozen") {
		t.Errorf("minutes not shown frozen: %q", m)
	}

	// An amendment keeps the first version.
	b.do("open the amendment form", chromedp.Evaluate[chromedp.Void](`document.querySelector("#minutes details").open = true`))
	b.retype("#f-reason", "Tikfout in de kop")
	b.retype("#f-amend-minutes", "# Verslag extra stuurgroepoverleg\n\nBesluit "+number+".")
	b.follow("#amend-form button.primary")
	if h := b.text("#minutes-text h1"); h != "Verslag extra stuurgroepoverleg" {
		t.Errorf("amended heading %q", h)
	}
	if n := eval[int](b, `document.querySelectorAll('#minutes details.version').length`); n != 1 {
		t.Errorf("%d earlier versions shown, want 1", n)
	}

	// The parked item went to the next meeting.
	b.follow(`main a[rel="next"]`)
	if agenda := b.text("#agenda table"); !strings.Contains(agenda, "Begroting coördinatiebureau") || !strings.Contains(agenda, "from the parking list") {
		t.Errorf("next meeting's agenda %q", agenda)
	}

	// The new action is in the action plan.
	if st := b.open("/actions?q=molybdeen"); st != 200 {
		t.Fatalf("/actions: %d", st)
	}
	if list := b.text("main"); !strings.Contains(list, "Noodplan molybdeen-99 opstellen") {
		t.Errorf("/actions lacks the new action: %q", list)
	}
	if st := b.open(actionHref); st != 200 || !strings.Contains(b.text("main"), steeringGroup) {
		t.Errorf("the new action's page: %d %q", st, b.text("main"))
	}
	b.shot("meeting-closed")
}
