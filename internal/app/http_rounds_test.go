package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"kern/internal/app/apptest"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
)

func roundsCount(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// roundChallenges returns up to n challenge ids, adding test challenges when the demo has none.
func roundChallenges(t *testing.T, d *db.DB, n int) []int64 {
	t.Helper()
	for roundsCount(t, d, `SELECT count(*) FROM challenges`) < n {
		if _, err := d.Write.Exec(`INSERT INTO challenges (title, stage, source, created_at, updated_at)
VALUES ('Testuitdaging', 'market_access', 'report', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := d.Read.Query(`SELECT id FROM challenges ORDER BY id LIMIT $1`, n)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	return ids
}

var personalLink = regexp.MustCompile(`/r/([A-Za-z0-9_-]{43})`)

// lastLink is the personal link most recently e-mailed to addr, read from the outbox.
func lastLink(t *testing.T, d *db.DB, addr string) string {
	t.Helper()
	var body string
	if err := d.Read.QueryRow(`SELECT body_text FROM outbox WHERE to_addr = $1 ORDER BY id DESC LIMIT 1`, addr).Scan(&body); err != nil {
		t.Fatalf("no e-mail to %s: %v", addr, err)
	}
	m := personalLink.FindString(body)
	if m == "" {
		t.Fatalf("no personal link in the e-mail to %s:\n%s", addr, body)
	}
	return m
}

func idOf(t *testing.T, body string) int64 {
	t.Helper()
	var x struct{ ID int64 }
	if err := json.Unmarshal([]byte(body), &x); err != nil || x.ID == 0 {
		t.Fatalf("no id in %s", body)
	}
	return x.ID
}

// TestRoundsAPI: the coordination office runs a round through the API; anyone else is refused
// with 403 and nothing is written.
func TestRoundsAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		rw := p.Token(t, "coordinatie@kern.example", auth.ScopeReadWrite)
		ro := p.Token(t, "coordinatie@kern.example", auth.ScopeRead)
		member := p.Token(t, "lid@kern.example", auth.ScopeReadWrite)
		ch := roundChallenges(t, d, 3)
		body := fmt.Sprintf(`{"title":"API-ronde","starts_on":"2026-11-01","ends_on":"2099-12-31","challenge_ids":[%d,%d,%d]}`, ch[0], ch[1], ch[2])
		st, res := p.Do(t, nil, "POST", "/api/v1/rounds", rw, body)
		if st != http.StatusCreated || !strings.Contains(res, `"state":"draft"`) || !strings.Contains(res, `"ends_on":"2099-12-31"`) {
			t.Fatalf("create: %d %s", st, res)
		}
		id := idOf(t, res)
		base := fmt.Sprintf("/api/v1/rounds/%d", id)
		rounds, audits := roundsCount(t, d, `SELECT count(*) FROM rounds`), roundsCount(t, d, `SELECT count(*) FROM audit_log`)
		for _, tc := range []struct {
			name, method, path, token, body string
			status                          int
			contains                        string
		}{
			{"member creates", "POST", "/api/v1/rounds", member, body, 403, "not allowed"},
			{"read-only token creates", "POST", "/api/v1/rounds", ro, body, 403, ""},
			{"member edits", "PUT", base, member, body, 403, ""},
			{"member opens", "POST", base + "/open", member, "", 403, ""},
			{"member closes", "POST", base + "/close", member, "", 403, ""},
			{"member publishes", "POST", base + "/publish", member, `{"published":true,"public":false}`, 403, ""},
			{"member invites", "POST", base + "/invitations", member, `{"invitees":[{"email":"x@example.org","stakeholder_group":"companies"}]}`, 403, ""},
			{"member lists invitations", "GET", base + "/invitations", member, "", 403, ""},
			{"member reads a draft", "GET", base, member, "", 404, ""},
			{"a bad date names the field", "POST", "/api/v1/rounds", rw, strings.Replace(body, "2026-11-01", "1-11-2026", 1), 422, "body.starts_on"},
			{"no challenges", "POST", "/api/v1/rounds", rw, `{"title":"x","starts_on":"2026-11-01","ends_on":"2026-11-30","challenge_ids":[]}`, 422, "challenge_ids"},
			{"an invitee without a group", "POST", base + "/invitations", rw, `{"invitees":[{"email":"onbekend@example.org"}]}`, 422, "body.invitees[0].stakeholder_group"},
			{"publishing a draft", "POST", base + "/publish", rw, `{"published":true,"public":false}`, 409, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				st, res := p.Do(t, nil, tc.method, tc.path, tc.token, tc.body)
				if st != tc.status || !strings.Contains(res, tc.contains) {
					t.Errorf("%s %s: %d %s; want %d containing %q", tc.method, tc.path, st, res, tc.status, tc.contains)
				}
			})
		}
		if n := roundsCount(t, d, `SELECT count(*) FROM rounds`); n != rounds {
			t.Errorf("rounds grew from %d to %d", rounds, n)
		}
		if n := roundsCount(t, d, `SELECT count(*) FROM audit_log`); n != audits {
			t.Errorf("audit log grew from %d to %d by refused requests", audits, n)
		}
		if n := roundsCount(t, d, `SELECT count(*) FROM round_invitations WHERE round_id = $1`, id); n != 0 {
			t.Errorf("%d invitations written by refused requests", n)
		}

		st, res = p.Do(t, nil, "POST", base+"/invitations", rw,
			`{"invitees":[{"email":"respondent@example.org","stakeholder_group":"patient_organisations","lang":"en"},{"email":"respondent@example.org","stakeholder_group":"companies"}]}`)
		if st != http.StatusCreated || !strings.Contains(res, `"skipped":1`) || !strings.Contains(res, `"status":"pending"`) {
			t.Fatalf("invite: %d %s", st, res)
		}
		if st, res = p.Do(t, nil, "POST", base+"/open", rw, ""); st != 200 || !strings.Contains(res, `"state":"open"`) {
			t.Fatalf("open: %d %s", st, res)
		}
		link := lastLink(t, d, "respondent@example.org")
		// The personal link needs no account.
		form := url.Values{}
		for _, c := range ch {
			form.Set(fmt.Sprintf("impact_%d", c), "4")
			form.Set(fmt.Sprintf("urgency_%d", c), "3")
		}
		form.Set(fmt.Sprintf("comment_%d", ch[0]), "Toegang voor iedereen")
		c := p.Client()
		resp, err := c.PostForm(p.URL+link, form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("answer: status %d", resp.StatusCode)
		}
		if st, res = p.Do(t, nil, "GET", base+"/responses", rw, ""); st != 200 || !strings.Contains(res, "respondent@example.org") {
			t.Errorf("responses for the coordinator: %d %s", st, res)
		}
		if st, res = p.Do(t, nil, "POST", base+"/close", rw, ""); st != 200 || !strings.Contains(res, `"state":"closed"`) {
			t.Fatalf("close: %d %s", st, res)
		}
		if st, res = p.Do(t, nil, "POST", base+"/publish", rw, `{"published":true,"public":false}`); st != 200 {
			t.Fatalf("publish: %d %s", st, res)
		}
		st, res = p.Do(t, nil, "GET", base+"/results", member, "")
		if st != 200 || !strings.Contains(res, `"priority":12`) || !strings.Contains(res, `"responded":1`) {
			t.Errorf("results for a member: %d %s", st, res)
		}
		st, res = p.Do(t, nil, "GET", base+"/responses", member, "")
		if st != 200 || strings.Contains(res, "respondent@example.org") || !strings.Contains(res, "Toegang voor iedereen") {
			t.Errorf("a member sees comments without who wrote them: %d %s", st, res)
		}
		if st, _ = p.Do(t, nil, "PUT", base, rw, body); st != 409 {
			t.Errorf("editing a closed round: %d, want 409", st)
		}
	})
}

// TestRoundsPersonalLink answers through the personal link without an account, in the
// respondent's language, and checks every refusal writes nothing.
func TestRoundsPersonalLink(t *testing.T) {
	d := dbtest.SQLite(t)
	p := apptest.Start(t, d)
	rw := p.Token(t, "coordinatie@kern.example", auth.ScopeReadWrite)
	ch := roundChallenges(t, d, 2)
	_, res := p.Do(t, nil, "POST", "/api/v1/rounds", rw,
		fmt.Sprintf(`{"title":"Linkronde","starts_on":"2026-11-01","ends_on":"2099-12-31","challenge_ids":[%d,%d]}`, ch[0], ch[1]))
	id := idOf(t, res)
	base := fmt.Sprintf("/api/v1/rounds/%d", id)
	p.Do(t, nil, "POST", base+"/invitations", rw, `{"invitees":[{"email":"a@example.org","stakeholder_group":"researchers"},{"email":"b@example.org","stakeholder_group":"researchers"}]}`)
	p.Do(t, nil, "POST", base+"/open", rw, "")
	linkA, linkB := lastLink(t, d, "a@example.org"), lastLink(t, d, "b@example.org")

	send := func(method, path, lang string, form url.Values) (int, string) {
		t.Helper()
		var req *http.Request
		if form != nil {
			req, _ = http.NewRequest(method, p.URL+path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		} else {
			req, _ = http.NewRequest(method, p.URL+path, nil)
		}
		req.Header.Set("Accept-Language", lang)
		resp, err := p.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var sb strings.Builder
		buf := make([]byte, 32<<10)
		for {
			n, err := resp.Body.Read(buf)
			sb.Write(buf[:n])
			if err != nil {
				break
			}
		}
		return resp.StatusCode, sb.String()
	}
	scores := func(impact string) url.Values {
		f := url.Values{}
		for _, c := range ch {
			f.Set(fmt.Sprintf("impact_%d", c), impact)
			f.Set(fmt.Sprintf("urgency_%d", c), "2")
		}
		return f
	}
	nothingWritten := func(t *testing.T) {
		t.Helper()
		if n := roundsCount(t, d, `SELECT count(*) FROM round_scores WHERE round_id = $1 AND impact <> 5`, id); n != 0 {
			t.Errorf("%d scores written", n)
		}
	}

	if st, body := send("GET", linkA, "nl", nil); st != 200 || !strings.Contains(body, "Linkronde") || !strings.Contains(body, "Onderzoekers") {
		t.Fatalf("questionnaire in Dutch: %d", st)
	}
	t.Run("a score outside 1-5 is refused next to the field", func(t *testing.T) {
		st, body := send("POST", linkA, "nl", scores("7"))
		if st != 422 || !strings.Contains(body, "Geef een score van 1 tot en met 5.") || !strings.Contains(body, fmt.Sprintf(`id="e-impact_%d"`, ch[0])) {
			t.Errorf("status %d; want 422 with the Dutch message by the field", st)
		}
		st, body = send("POST", linkA, "en", scores("0"))
		if st != 422 || !strings.Contains(body, "Give a score from 1 to 5.") {
			t.Errorf("status %d; want 422 in English", st)
		}
		nothingWritten(t)
		if n := roundsCount(t, d, `SELECT count(*) FROM round_invitations WHERE answered_at IS NOT NULL AND round_id = $1`, id); n != 0 {
			t.Errorf("the link was used up by a refused answer")
		}
	})
	if st, body := send("POST", linkA, "nl", scores("5")); st != 200 || !strings.Contains(body, "Hartelijk dank") {
		t.Fatalf("answer: %d", st)
	}
	t.Run("a link already used", func(t *testing.T) {
		st, body := send("POST", linkA, "en", scores("1"))
		if st != 409 || !strings.Contains(body, "This link has already been used") {
			t.Errorf("status %d; want 409 saying the link was used", st)
		}
		if n := roundsCount(t, d, `SELECT count(*) FROM round_responses WHERE round_id = $1`, id); n != 1 {
			t.Errorf("%d responses, want 1", n)
		}
		nothingWritten(t)
	})
	t.Run("a revoked link", func(t *testing.T) {
		var inv int64
		d.Read.QueryRow(`SELECT id FROM round_invitations WHERE email = 'b@example.org'`).Scan(&inv)
		if st, res := p.Do(t, nil, "POST", fmt.Sprintf("%s/invitations/%d/revoke", base, inv), rw, ""); st != 200 {
			t.Fatalf("revoke: %d %s", st, res)
		}
		st, body := send("POST", linkB, "nl", scores("1"))
		if st != 409 || !strings.Contains(body, "ingetrokken") {
			t.Errorf("status %d; want 409 saying the invitation was withdrawn", st)
		}
		nothingWritten(t)
	})
	t.Run("an answer after the round closed", func(t *testing.T) {
		p.Do(t, nil, "POST", base+"/invitations", rw, `{"invitees":[{"email":"c@example.org","stakeholder_group":"companies"}]}`)
		linkC := lastLink(t, d, "c@example.org")
		if st, res := p.Do(t, nil, "POST", base+"/close", rw, ""); st != 200 {
			t.Fatalf("close: %d %s", st, res)
		}
		st, body := send("POST", linkC, "en", scores("1"))
		if st != 409 || !strings.Contains(body, "This round is closed") {
			t.Errorf("status %d; want 409 saying the round is closed", st)
		}
		nothingWritten(t)
	})
	t.Run("results are public only when published as public", func(t *testing.T) {
		path := fmt.Sprintf("/rounds/%d/results", id)
		if st, _ := send("GET", path, "en", nil); st != http.StatusSeeOther {
			t.Errorf("anonymous results of an unpublished round: %d, want a redirect to log in", st)
		}
		p.Do(t, nil, "POST", base+"/publish", rw, `{"published":true,"public":true}`)
		st, body := send("GET", path, "en", nil)
		if st != 200 || !strings.Contains(body, "Linkronde") || strings.Contains(body, "a@example.org") {
			t.Errorf("anonymous results of a public round: %d", st)
		}
		if st, body := send("GET", path+".csv", "en", nil); st != 200 || !strings.Contains(body, "priority") {
			t.Errorf("CSV of public results: %d %s", st, body)
		}
	})
}

// TestRoundsDemo: the demo holds a closed, published round in which the uneven groups show why
// every stakeholder group weighs the same.
func TestRoundsDemo(t *testing.T) {
	d := dbtest.SQLite(t)
	p := apptest.Start(t, d)
	if roundsCount(t, d, `SELECT count(*) FROM challenges`) == 0 {
		t.Skip("the demo has no challenges yet")
	}
	member := p.Token(t, "lid@kern.example", auth.ScopeRead)
	st, res := p.Do(t, nil, "GET", "/api/v1/rounds", member, "")
	if st != 200 || !strings.Contains(res, "Prioritering uitdagingen 2026") || !strings.Contains(res, `"state":"closed"`) {
		t.Fatalf("demo rounds for a member: %d %s", st, res)
	}
	var list struct{ Items []struct{ ID int64 } }
	json.Unmarshal([]byte(res), &list)
	_, res = p.Do(t, nil, "GET", fmt.Sprintf("/api/v1/rounds/%d/results", list.Items[0].ID), member, "")
	var results struct {
		Challenges []struct {
			Rank     int        `json:"rank"`
			Priority float64    `json:"priority"`
			Pooled   float64    `json:"pooled_priority"`
			Groups   []struct{} `json:"groups"`
		} `json:"challenges"`
		Rates []struct {
			Group     string `json:"stakeholder_group"`
			Responded int    `json:"responded"`
		} `json:"response_rates"`
	}
	if err := json.Unmarshal([]byte(res), &results); err != nil {
		t.Fatal(err)
	}
	if n := roundsCount(t, d, `SELECT count(*) FROM round_invitations`); n != 57 {
		t.Errorf("%d demo invitations, want 57", n)
	}
	if n := roundsCount(t, d, `SELECT count(*) FROM outbox WHERE body_text LIKE '%/r/%'`); n != 0 {
		t.Errorf("the demo round e-mailed %d fictitious people", n)
	}
	for _, r := range results.Rates {
		t.Logf("%s: %d responded", r.Group, r.Responded)
		if r.Responded == 0 {
			t.Errorf("no response from %s", r.Group)
		}
	}
	differs := false
	for _, c := range results.Challenges {
		if len(c.Groups) != 6 {
			t.Errorf("challenge with %d groups, want all 6", len(c.Groups))
		}
		differs = differs || c.Priority != c.Pooled
		t.Logf("rank %d: balanced %.2f, pooled %.2f", c.Rank, c.Priority, c.Pooled)
	}
	if !differs {
		t.Error("the balanced and pooled scores never differ: the demo does not show the equal weighting")
	}
}
