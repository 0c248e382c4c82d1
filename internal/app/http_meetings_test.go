package app_test

import (
	"fmt"
	"io"
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

// meetingRows counts what a refused meeting change must leave alone.
func meetingRows(t *testing.T, d *db.DB) string {
	t.Helper()
	return fmt.Sprint(count(t, d, `SELECT count(*) FROM meetings`), count(t, d, `SELECT count(*) FROM agenda_items`),
		count(t, d, `SELECT count(*) FROM meeting_outcomes`), count(t, d, `SELECT count(*) FROM meeting_minutes`),
		count(t, d, `SELECT count(*) FROM actions`), count(t, d, `SELECT count(*) FROM audit_log`))
}

func bodyID(t *testing.T, d *db.DB, name string) int64 {
	t.Helper()
	var id int64
	if err := d.Read.QueryRow(`SELECT id FROM bodies WHERE name = $1`, name).Scan(&id); err != nil {
		t.Fatalf("body %s: %v", name, err)
	}
	return id
}

const steeringGroup = "Stuurgroep Nucleaire Geneeskunde"

// TestMeetingsAPIScenarios runs meetings through the whole stack on both databases: the chair
// runs a meeting; a member, another body's leader and a read-only token are refused with 403; a
// closed meeting refuses decisions and in-place minutes with 409; refused requests write nothing.
func TestMeetingsAPIScenarios(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		chair := p.Token(t, "voorzitter@kern.example", auth.ScopeReadWrite)
		ro := p.Token(t, "voorzitter@kern.example", auth.ScopeRead)
		member := p.Token(t, "lid@kern.example", auth.ScopeReadWrite)
		leader := p.Token(t, "actiegroep@kern.example", auth.ScopeReadWrite)
		sg := bodyID(t, d, steeringGroup)
		st, body := p.Do(t, nil, "POST", "/api/v1/meetings", chair, fmt.Sprintf(`{"body_id":%d,"title":"Stuurgroep testoverleg",
			"starts_at":"2031-03-12T14:00:00+01:00","ends_at":"2031-03-12T16:00:00+01:00","location":"Utrecht"}`, sg))
		m := createdID(t, st, body)
		st, body = p.Do(t, nil, "POST", "/api/v1/meetings", chair, fmt.Sprintf(`{"body_id":%d,"title":"Afgesloten overleg",
			"starts_at":"2031-02-12T14:00:00+01:00","ends_at":"2031-02-12T16:00:00+01:00"}`, sg))
		closed := createdID(t, st, body)
		for _, s := range []string{"in_progress", "closed"} {
			if st, body := p.Do(t, nil, "POST", fmt.Sprintf("/api/v1/meetings/%d/state", closed), chair, `{"state":"`+s+`"}`); st != 200 {
				t.Fatalf("state %s: %d %s", s, st, body)
			}
		}
		path := func(id int64, rest string) string { return fmt.Sprintf("/api/v1/meetings/%d%s", id, rest) }
		create := fmt.Sprintf(`{"body_id":%d,"title":"Gekaapt","starts_at":"2031-04-01T10:00:00Z","ends_at":"2031-04-01T11:00:00Z"}`, sg)
		for _, tc := range []struct {
			name, method, path, token, body string
			status                          int
			contains                        []string
			writes                          bool
		}{
			{"no token", "GET", "/api/v1/meetings", "", "", 401, nil, false},
			{"a member lists meetings of a body", "GET", fmt.Sprintf("/api/v1/meetings?body_id=%d&when=upcoming", sg), member, "", 200,
				[]string{`"Stuurgroep testoverleg"`, `"state":"open"`}, false},
			{"a member schedules a meeting", "POST", "/api/v1/meetings", member, create, 403, nil, false},
			{"another body's leader schedules a meeting", "POST", "/api/v1/meetings", leader, create, 403, nil, false},
			{"a read-only token schedules", "POST", "/api/v1/meetings", ro, create, 403, nil, false},
			{"a member moves the meeting", "PUT", path(m, ""), member, `{"title":"x","starts_at":"2031-04-01T10:00:00Z","ends_at":"2031-04-01T11:00:00Z"}`, 403, nil, false},
			{"a member starts the meeting", "POST", path(m, "/state"), member, `{"state":"in_progress"}`, 403, nil, false},
			{"a member adds an agenda item", "POST", path(m, "/agenda"), member, `{"title":"Gekaapt"}`, 403, nil, false},
			{"a member records a decision", "POST", path(m, "/outcomes"), member, `{"kind":"decision","text":"Gekaapt"}`, 403, nil, false},
			{"a member writes minutes", "PUT", path(m, "/minutes"), member, `{"text":"Gekaapt"}`, 403, nil, false},
			{"an end before the start", "POST", "/api/v1/meetings", chair,
				fmt.Sprintf(`{"body_id":%d,"title":"x","starts_at":"2031-04-01T10:00:00Z","ends_at":"2031-04-01T09:00:00Z"}`, sg), 422,
				[]string{`"location":"body.ends_at"`}, false},
			{"two links on one item", "POST", path(m, "/agenda"), chair, `{"title":"x","action_id":1,"kpi_id":1}`, 422, []string{`"location":"body.link"`}, false},
			{"a decision on a closed meeting", "POST", path(closed, "/outcomes"), chair, `{"kind":"decision","text":"Te laat"}`, 409,
				[]string{"closed"}, false},
			{"editing closed minutes in place", "PUT", path(closed, "/minutes"), chair, `{"text":"Herschreven"}`, 409, []string{"frozen"}, false},
			{"an amendment without a reason", "POST", path(closed, "/minutes/versions"), chair, `{"text":"x","reason":""}`, 422, nil, false},
			{"skipping a state", "POST", path(m, "/state"), chair, `{"state":"closed"}`, 422, []string{`"location":"body.state"`}, false},
			{"the chair adds an agenda item", "POST", path(m, "/agenda"), chair, `{"title":"Voortgang actieplan","duration_minutes":30,"presenter":"Coördinatiebureau"}`, 201,
				[]string{`"position":1`, `"presenter":"Coördinatiebureau"`}, true},
			{"the chair starts the meeting", "POST", path(m, "/state"), chair, `{"state":"in_progress"}`, 200, []string{`"state":"in_progress"`}, true},
			{"the chair records a decision", "POST", path(m, "/outcomes"), chair, `{"kind":"decision","text":"Het actieplan 2031 wordt vastgesteld."}`, 201,
				[]string{`"number":"D-2031-001"`, `"decided_on":"2031-03-12"`}, true},
			{"the chair records a new action", "POST", path(m, "/outcomes"), chair, `{"kind":"action","text":"Verkenning isotopenreserve"}`, 201,
				[]string{`"action_id":`, `"action_title":"Verkenning isotopenreserve"`}, true},
			{"the new action is in the action plan", "GET", "/api/v1/actions?q=isotopenreserve", member, "", 200,
				[]string{`"owner_group":"` + steeringGroup + `"`}, false},
			{"the chair writes minutes", "PUT", path(m, "/minutes"), chair, `{"text":"# Notulen"}`, 200, []string{`"version":1`}, true},
			{"the decisions list", "GET", fmt.Sprintf("/api/v1/decisions?body_id=%d&q=actieplan", sg), member, "", 200, []string{`"D-2031-001"`}, false},
			{"unknown meeting", "GET", "/api/v1/meetings/999999", member, "", 404, nil, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := meetingRows(t, d)
				st, body := p.Do(t, nil, tc.method, tc.path, tc.token, tc.body)
				if st != tc.status {
					t.Fatalf("status %d, want %d: %s", st, tc.status, body)
				}
				for _, s := range tc.contains {
					if !strings.Contains(body, s) {
						t.Errorf("body lacks %s: %s", s, body)
					}
				}
				if after := meetingRows(t, d); !tc.writes && after != before {
					t.Errorf("rows went from %s to %s", before, after)
				}
			})
		}
		if n := count(t, d, `SELECT count(*) FROM meetings WHERE title = 'Gekaapt'`) + count(t, d, `SELECT count(*) FROM agenda_items WHERE title = 'Gekaapt'`); n != 0 {
			t.Error("a refused change was written")
		}
	})
}

func meetingsGet(t *testing.T, p *apptest.Platform, c *http.Client, path string) (int, http.Header, string) {
	t.Helper()
	res, err := c.Get(p.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(b)
}

// TestMeetingsPages renders the meetings pages, leaves the controls out for a member, renders
// hostile Markdown harmless, and serves the calendar feeds.
func TestMeetingsPages(t *testing.T) {
	d := dbtest.SQLite(t)
	p := apptest.Start(t, d)
	chairToken := p.Token(t, "voorzitter@kern.example", auth.ScopeReadWrite)
	sg := bodyID(t, d, steeringGroup)
	// The demo's year of meetings.
	for _, c := range []struct {
		what  string
		query string
		min   int
		max   int
	}{
		{"meetings", `SELECT count(*) FROM meetings`, 80, 200},
		{"steering group meetings in the past year", `SELECT count(*) FROM meetings m JOIN bodies b ON b.id = m.body_id WHERE b.name = '` + steeringGroup + `' AND m.state = 'closed'`, 4, 4},
		{"upcoming meetings", `SELECT count(*) FROM meetings WHERE state = 'open'`, 14, 40},
		{"numbered decisions", `SELECT count(*) FROM meeting_outcomes WHERE kind = 'decision'`, 20, 100},
		{"new actions in the action plan", `SELECT count(*) FROM meeting_outcomes o JOIN actions a ON a.id = o.action_id`, 3, 3},
		{"parked items carried on", `SELECT count(*) FROM agenda_items WHERE carried_from IS NOT NULL`, 5, 100},
		{"closed meetings with minutes", `SELECT count(*) FROM meetings m WHERE m.state = 'closed' AND EXISTS (SELECT 1 FROM meeting_minutes x WHERE x.meeting_id = m.id)`, 40, 200},
		{"past meetings without minutes", `SELECT count(*) FROM meetings m WHERE m.state <> 'open' AND NOT EXISTS (SELECT 1 FROM meeting_minutes x WHERE x.meeting_id = m.id)`, 1, 1},
	} {
		if n := count(t, d, c.query); n < c.min || n > c.max {
			t.Errorf("demo %s: %d, want %d to %d", c.what, n, c.min, c.max)
		}
	}
	st, body := p.Do(t, nil, "POST", "/api/v1/meetings", chairToken, fmt.Sprintf(`{"body_id":%d,"title":"Stuurgroep paginatest",
		"starts_at":"2031-03-12T14:00:00+01:00","ends_at":"2031-03-12T16:00:00+01:00","location":"Utrecht, zaal 1"}`, sg))
	m := createdID(t, st, body)
	hostile := "# Notulen\n\n<script>alert('x')</script>\n\n[klik](javascript:alert(1)) en <img src=x onerror=alert(1)>\n\n**Vet**"
	if st, body := p.Do(t, nil, "PUT", fmt.Sprintf("/api/v1/meetings/%d/minutes", m), chairToken, fmt.Sprintf(`{"text":%q}`, hostile)); st != 200 {
		t.Fatalf("minutes: %d %s", st, body)
	}
	chair := p.LogIn(t, "voorzitter@kern.example")
	member := p.LogIn(t, "lid@kern.example")
	for _, tc := range []struct {
		client   *http.Client
		path     string
		contains []string
		absent   []string
	}{
		{chair, fmt.Sprintf("/bodies/%d/meetings", sg), []string{"Stuurgroep paginatest", `id="new-meeting"`, `action="/bodies/` + fmt.Sprint(sg) + `/meetings/series"`}, nil},
		{member, fmt.Sprintf("/bodies/%d/meetings", sg), []string{"Stuurgroep paginatest", "meetings.ics"}, []string{`id="new-meeting"`, "/meetings/series"}},
		{chair, fmt.Sprintf("/meetings/%d", m), []string{`id="to-in_progress"`, `id="agenda-form"`, `id="minutes-form"`, "<h1>Notulen</h1>", "<strong>Vet</strong>"},
			[]string{"<script>alert", `href="javascript:`, "<img src=x"}},
		{member, fmt.Sprintf("/meetings/%d", m), []string{"<h1>Notulen</h1>", "Utrecht, zaal 1"},
			[]string{`id="to-in_progress"`, `id="agenda-form"`, `id="minutes-form"`, `id="outcome-form"`, `id="attendance-form"`, "<script>alert", `href="javascript:`}},
		{chair, fmt.Sprintf("/bodies/%d/meetings/new", sg), []string{`name="starts_at"`}, nil},
		{chair, fmt.Sprintf("/meetings/%d/edit", m), []string{`value="2031-03-12T14:00"`}, nil},
		{member, "/meetings?when=upcoming&q=paginatest", []string{"Stuurgroep paginatest", "1 result"}, nil},
		{member, "/meetings/export.csv?q=paginatest", []string{"id,body,title", "Stuurgroep paginatest"}, nil},
		{member, "/decisions", []string{"Decisions"}, nil},
		{member, "/decisions/export.csv", []string{"number,decided_on,body"}, nil},
		{member, "/meetings/calendar", []string{"Create calendar link"}, nil},
	} {
		st, _, body := meetingsGet(t, p, tc.client, tc.path)
		if st != 200 {
			t.Errorf("GET %s: status %d: %.2000s", tc.path, st, body)
			continue
		}
		for _, s := range tc.contains {
			if !strings.Contains(body, s) {
				t.Errorf("GET %s lacks %q", tc.path, s)
			}
		}
		for _, s := range tc.absent {
			if strings.Contains(body, s) {
				t.Errorf("GET %s has %q", tc.path, s)
			}
		}
	}
	// A member cannot open the forms or post them: 403, nothing written.
	before := meetingRows(t, d)
	if st, _, _ := meetingsGet(t, p, member, fmt.Sprintf("/bodies/%d/meetings/new", sg)); st != 403 {
		t.Errorf("a member opens the new-meeting form: %d", st)
	}
	for _, post := range []struct {
		path string
		form url.Values
	}{
		{fmt.Sprintf("/bodies/%d/meetings", sg), url.Values{"title": {"Gekaapt"}, "starts_at": {"2031-04-01T10:00"}, "ends_at": {"2031-04-01T11:00"}}},
		{fmt.Sprintf("/meetings/%d/agenda", m), url.Values{"title": {"Gekaapt"}}},
		{fmt.Sprintf("/meetings/%d/state", m), url.Values{"state": {"in_progress"}}},
		{fmt.Sprintf("/meetings/%d/minutes", m), url.Values{"minutes": {"Gekaapt"}}},
	} {
		res, err := member.PostForm(p.URL+post.path, post.form)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 403 {
			t.Errorf("a member posts %s: %d", post.path, res.StatusCode)
		}
	}
	if after := meetingRows(t, d); after != before {
		t.Errorf("refused posts wrote: %s → %s", before, after)
	}
	// A refused agenda item shows its message next to the field, status 422.
	res, err := chair.PostForm(p.URL+fmt.Sprintf("/meetings/%d/agenda", m), url.Values{"form": {"agenda"}, "title": {""}, "duration_minutes": {"999"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 422 || !strings.Contains(string(b), "Give a duration of 0 to 480 minutes.") {
		t.Errorf("a bad agenda item: %d", res.StatusCode)
	}

	// The body's feed, for a session and with a calendar token; the personal feed.
	st, h, ics := meetingsGet(t, p, member, fmt.Sprintf("/bodies/%d/meetings.ics", sg))
	if st != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/calendar") || !strings.Contains(ics, "BEGIN:VEVENT\r\n") ||
		!strings.Contains(ics, fmt.Sprintf("/meetings/%d\r\n", m)) || !strings.Contains(ics, "DTSTART:20310312T130000Z\r\n") {
		t.Fatalf("body feed: %d %s\n%s", st, h.Get("Content-Type"), ics)
	}
	if st, _, _ := meetingsGet(t, p, p.Client(), fmt.Sprintf("/bodies/%d/meetings.ics", sg)); st != 401 && st != 303 {
		t.Errorf("the body feed without a session or token: %d", st)
	}
	res, err = chair.PostForm(p.URL+"/meetings/calendar", nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	link := regexp.MustCompile(`/calendar/[A-Za-z0-9_-]{43}\.ics`).FindString(string(b))
	if link == "" {
		t.Fatalf("no calendar link shown: %.2000s", b)
	}
	st, h, ics = meetingsGet(t, p, p.Client(), link)
	if st != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/calendar") || !strings.Contains(ics, "Stuurgroep paginatest") {
		t.Fatalf("personal feed: %d\n%s", st, ics)
	}
	token := strings.TrimSuffix(strings.TrimPrefix(link, "/calendar/"), ".ics")
	if st, _, ics := meetingsGet(t, p, p.Client(), fmt.Sprintf("/bodies/%d/meetings.ics?token=%s", sg, token)); st != 200 || !strings.Contains(ics, "BEGIN:VCALENDAR") {
		t.Errorf("body feed with a token: %d", st)
	}
	if n := count(t, d, `SELECT count(*) FROM calendar_tokens WHERE token_hash = $1`, token); n != 0 {
		t.Error("the calendar token is stored in the clear")
	}
	res, err = chair.PostForm(p.URL+"/meetings/calendar/delete", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if st, _, _ := meetingsGet(t, p, p.Client(), link); st != 404 {
		t.Errorf("a revoked link: %d", st)
	}
	// The OpenAPI document carries the operations.
	_, _, doc := meetingsGet(t, p, member, "/api/v1/openapi.json")
	for _, op := range []string{`"/api/v1/meetings"`, `"/api/v1/meetings/{id}/outcomes"`, `"/api/v1/meetings/{id}/minutes"`,
		`"/api/v1/meetings/{id}/minutes/versions"`, `"/api/v1/meetings/series"`, `"/api/v1/decisions"`} {
		if !strings.Contains(doc, op) {
			t.Errorf("OpenAPI lacks %s", op)
		}
	}
}
