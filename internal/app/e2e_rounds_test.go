package app_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kern/internal/app/apptest"
	"kern/internal/db/dbtest"
	"kern/internal/demo"
)

// TestE2ERoundStory drives Chromium through a prioritisation round end to end: the coordinator
// creates a round over three challenges, invites a person, opens it; the person answers through
// the personal link from the e-mail, in a fresh browser without an account (first with a score
// outside 1–5); the coordinator closes the round and sees the ranking.
func TestE2ERoundStory(t *testing.T) {
	chrome := findChromium(t)
	d := dbtest.SQLite(t)
	p := apptest.Start(t, d)
	ch := roundChallenges(t, d, 3)
	titles := map[int64]string{}
	for _, id := range ch {
		var title string
		d.Read.QueryRow(`SELECT title FROM challenges WHERE id = $1`, id).Scan(&title)
		titles[id] = title
	}
	b := newBrowser(t, chrome, p.URL, 120*time.Second)
	b.setHeaders(map[string]string{"Accept-Language": "en"})
	const respondent = "respondent.e2e@example.org"
	const title = "Prioritering testronde"
	// Forms with data-confirm ask window.confirm; the test answers yes.
	acceptConfirm := func(b *browser) {
		b.do("accept confirmations", chromedp.Evaluate[chromedp.Void](`window.confirm = function () { return true; }`))
	}
	var roundPath string

	t.Run("1 coordinator creates a round", func(t *testing.T) {
		b.t = t
		b.open("/login")
		b.retype("#f-email", "coordinatie@kern.example")
		b.retype("#f-password", demo.Password)
		b.follow(`main form[action="/login"] button.primary`)
		if st := b.open("/rounds"); st != 200 {
			t.Fatalf("GET /rounds: %d", st)
		}
		if h := b.text("main h1"); h != "Prioritisation rounds" {
			t.Errorf("heading %q", h)
		}
		b.follow(`main a.button[href="/rounds/new"]`)
		b.retype("#f-title", title)
		b.do("set dates",
			chromedp.SetValue(chromedp.CSS("#f-starts_on"), time.Now().Format(time.DateOnly)),
			chromedp.SetValue(chromedp.CSS("#f-ends_on"), time.Now().AddDate(0, 0, 14).Format(time.DateOnly)))
		for _, id := range ch {
			b.do("choose a challenge", click(fmt.Sprintf("#c-%d", id)))
		}
		b.follow("#save-round")
		if got := b.text("#round-state"); got != "Draft" {
			t.Fatalf("new round state %q, want Draft; page says %q", got, b.text("main"))
		}
		roundPath = eval[string](b, `location.pathname`)
	})
	if t.Failed() {
		return
	}

	t.Run("2 invite a person and open the round", func(t *testing.T) {
		b.t = t
		b.follow("#to-invitations")
		b.retype("#f-emails", respondent)
		b.choose("#f-stakeholder_group", "patient_organisations")
		b.follow("#send-invitations")
		if got := b.text("#invitations"); !strings.Contains(got, respondent) || !strings.Contains(got, "Not sent yet") {
			t.Fatalf("invitations list: %q", got)
		}
		b.shot("round-2-invitations")
		b.open(roundPath)
		acceptConfirm(b)
		b.follow("#open-round")
		if got := b.text("#round-state"); got != "Open" {
			t.Fatalf("state after opening %q; page says %q", got, b.text("main"))
		}
	})
	if t.Failed() {
		return
	}

	link := lastLink(t, d, respondent)
	t.Run("3 answer through the personal link without an account", func(t *testing.T) {
		r := newBrowser(t, chrome, p.URL, 60*time.Second) // a fresh profile: no cookies, no session
		r.setHeaders(map[string]string{"Accept-Language": "nl"})
		if st := r.open(link); st != 200 {
			t.Fatalf("GET personal link: %d; page says %q", st, r.text("main"))
		}
		if eval[bool](r, `!!document.querySelector("details.menu")`) {
			t.Fatal("the respondent's browser is logged in")
		}
		if h := r.text("main h1"); h != title {
			t.Errorf("questionnaire heading %q", h)
		}
		score := func(id int64, impact, urgency int) {
			r.do("score", click(fmt.Sprintf(`input[name="impact_%d"][value="%d"]`, id, impact)),
				click(fmt.Sprintf(`input[name="urgency_%d"][value="%d"]`, id, urgency)))
		}
		score(ch[0], 5, 5)
		score(ch[1], 2, 2)
		// A score of 7, as a hand-made form would send, is refused next to the field and nothing is saved.
		r.do("score 7", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
			`document.querySelector('input[name="impact_%d"]:checked').value = "7"`, ch[0])))
		r.follow("#send-answers")
		if got := r.text(fmt.Sprintf("#e-impact_%d", ch[0])); got != "Geef een score van 1 tot en met 5." {
			t.Errorf("error next to the field %q", got)
		}
		r.shot("round-3-questionnaire-refused")
		var roundID int64
		fmt.Sscanf(roundPath, "/rounds/%d", &roundID)
		if n := roundsCount(t, d, `SELECT count(*) FROM round_scores WHERE round_id = $1`, roundID); n != 0 {
			t.Errorf("%d scores saved from a refused answer", n)
		}
		score(ch[0], 5, 5)
		score(ch[1], 2, 2)
		score(ch[2], 3, 4)
		r.do("comment", chromedp.SendKeys(chromedp.CSS(fmt.Sprintf("#f-comment_%d", ch[0])), "Eerst aanpakken."))
		r.follow("#send-answers")
		if got := r.text("#thanks"); !strings.Contains(got, "ontvangen") {
			t.Fatalf("after sending: %q", got)
		}
		// The link is used up.
		if st := r.open(link); st != 409 || !strings.Contains(r.text("#refused"), "al gebruikt") {
			t.Errorf("opening the used link: %d %q", st, r.text("main"))
		}
		r.shot("round-3-used-link")
	})
	if t.Failed() {
		return
	}

	t.Run("4 close and see the balanced ranking", func(t *testing.T) {
		b.t = t
		b.open(roundPath)
		acceptConfirm(b)
		b.follow("#close-round")
		if got := b.text("#round-state"); got != "Closed" {
			t.Fatalf("state after closing %q", got)
		}
		b.follow("#to-results")
		rows := eval[[]string](b, `Array.from(document.querySelectorAll("#ranking-table tbody tr")).map(r => r.innerText)`)
		if len(rows) != 3 || !strings.Contains(rows[0], titles[ch[0]]) || !strings.Contains(rows[0], "25.00") ||
			!strings.Contains(rows[1], titles[ch[2]]) || !strings.Contains(rows[2], titles[ch[1]]) {
			t.Errorf("ranking %q, want %s (25), %s (12), %s (4)", rows, titles[ch[0]], titles[ch[2]], titles[ch[1]])
		}
		b.waitFor("the ranking chart", `!!document.querySelector(".chart[data-chart$='results.json'] svg")`, "main", 10*time.Second)
		if got := b.text("#comments"); !strings.Contains(got, "Eerst aanpakken.") || strings.Contains(got, respondent) {
			t.Errorf("comments %q: want the comment without who wrote it", got)
		}
		b.shot("round-4-results")
	})
}
