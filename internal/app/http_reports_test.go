package app_test

import (
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"

	"kern/internal/app/apptest"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
)

// TestReportsAPIScenarios runs progress reports through the API on both databases: who may
// draft, a period that ends before it starts, publishing once, and the frozen snapshot.
func TestReportsAPIScenarios(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		coord := p.Token(t, "coordinatie@kern.example", auth.ScopeReadWrite)
		member := p.Token(t, "lid@kern.example", auth.ScopeReadWrite)
		rows := func() string {
			return fmt.Sprint(count(t, d, `SELECT count(*) FROM progress_reports`), count(t, d, `SELECT count(*) FROM audit_log`))
		}
		draft := `{"period":"quarter","period_start":"2026-01-01","scope":"platform","intro":"Het **eerste** kwartaal."}`
		before := rows()
		for _, c := range []struct {
			name, token, body string
			status            int
			want              string
		}{
			{"a member drafts a platform report", member, draft, 403, ""},
			{"a period that ends before it starts", coord, `{"period":"quarter","period_start":"2026-04-01","period_end":"2026-03-01","scope":"platform"}`, 422, "body.period_end"},
			{"an unknown section", coord, `{"period":"month","period_start":"2026-04-01","scope":"platform","sections":["gossip"]}`, 422, "sections"},
			{"a body's report without a body", coord, `{"period":"month","period_start":"2026-04-01","scope":"body"}`, 422, "body.body_id"},
		} {
			st, body := p.Do(t, nil, "POST", "/api/v1/reports", c.token, c.body)
			if st != c.status || !strings.Contains(body, c.want) {
				t.Errorf("%s: %d %s", c.name, st, body)
			}
		}
		if rows() != before {
			t.Errorf("refused drafts wrote rows: %s → %s", before, rows())
		}

		st, body := p.Do(t, nil, "POST", "/api/v1/reports", coord, draft)
		id := createdID(t, st, body)
		path := fmt.Sprintf("/api/v1/reports/%d", id)
		if st, body := p.Do(t, nil, "PUT", path, member, draft); st != 403 {
			t.Errorf("a member edits a platform report: %d %s", st, body)
		}
		if st, body := p.Do(t, nil, "GET", fmt.Sprintf("/reports/%d", id), "", ""); st != 404 {
			t.Errorf("a visitor opens a draft: %d %.200s", st, body)
		}
		if st, body := p.Do(t, nil, "POST", path+"/publish", coord, `{"public":true}`); st != 200 || !strings.Contains(body, `"status":"published"`) {
			t.Fatalf("publish: %d %.300s", st, body)
		}
		before = rows()
		if st, body := p.Do(t, nil, "POST", path+"/publish", coord, `{"public":true}`); st != 409 {
			t.Errorf("publishing twice: %d %s", st, body)
		}
		if st, body := p.Do(t, nil, "PUT", path, coord, draft); st != 409 {
			t.Errorf("editing a published report: %d %s", st, body)
		}
		if rows() != before {
			t.Errorf("refused changes wrote rows")
		}
		st, body = p.Do(t, nil, "GET", fmt.Sprintf("/reports/%d", id), "", "")
		if st != 200 || !strings.Contains(body, "<strong>eerste</strong>") || !strings.Contains(body, "Q1 2026") {
			t.Errorf("a visitor opens the public report: %d %.300s", st, body)
		}
		if st, body := p.Do(t, nil, "GET", "/api/v1/openapi.json", "", ""); st != 200 || !strings.Contains(body, `"/api/v1/reports/{id}/publish"`) ||
			!strings.Contains(body, `"/api/v1/annual-plans/{id}/review"`) {
			t.Errorf("the OpenAPI document lacks the reports: %d", st)
		}
	})
}

// TestAnnualPlansAPI: only the body's managers start its plan; the board reviews it.
func TestAnnualPlansAPI(t *testing.T) {
	d := dbtest.SQLite(t)
	p := apptest.Start(t, d)
	coord := p.Token(t, "coordinatie@kern.example", auth.ScopeReadWrite)
	member := p.Token(t, "lid@kern.example", auth.ScopeReadWrite)
	var body int64
	d.Read.QueryRow(`SELECT id FROM bodies WHERE kind = 'theme_group' ORDER BY id LIMIT 1`).Scan(&body)
	if body == 0 {
		d.Read.QueryRow(`SELECT min(id) FROM bodies`).Scan(&body)
	}
	if body == 0 {
		t.Skip("no bodies in the demo yet")
	}
	plan := fmt.Sprintf(`{"body_id":%d,"year":2027,"objectives":[{"text":"Een themadag"}]}`, body)
	if st, b := p.Do(t, nil, "POST", "/api/v1/annual-plans", member, plan); st != 403 {
		t.Errorf("a member starts a body's plan: %d %s", st, b)
	}
	st, b := p.Do(t, nil, "POST", "/api/v1/annual-plans", coord, plan)
	id := createdID(t, st, b)
	if st, b := p.Do(t, nil, "POST", "/api/v1/annual-plans", coord, plan); st != 422 || !strings.Contains(b, "body.year") {
		t.Errorf("a second plan for the year: %d %s", st, b)
	}
	path := fmt.Sprintf("/api/v1/annual-plans/%d", id)
	if st, b := p.Do(t, nil, "POST", path+"/review", coord, `{}`); st != 409 {
		t.Errorf("review of a draft: %d %s", st, b)
	}
	for _, step := range []string{"/submit", "/review"} {
		if st, b := p.Do(t, nil, "POST", path+step, coord, `{"comment":"Akkoord."}`); st != 200 {
			t.Fatalf("%s: %d %s", step, st, b)
		}
	}
	if st, b := p.Do(t, nil, "GET", path, member, ""); st != 200 || !strings.Contains(b, `"status":"reviewed"`) || !strings.Contains(b, "Akkoord.") {
		t.Errorf("the reviewed plan: %d %s", st, b)
	}
}

// TestReportPagesRender opens every page of reports and annual plans as a coordinator, and the
// public ones as a visitor.
func TestReportPagesRender(t *testing.T) {
	d := dbtest.SQLite(t)
	p := apptest.Start(t, d)
	c := p.LogIn(t, "coordinatie@kern.example")
	var report, plan int64
	d.Read.QueryRow(`SELECT min(id) FROM progress_reports WHERE status = 'published' AND public`).Scan(&report)
	d.Read.QueryRow(`SELECT coalesce(min(id), 0) FROM annual_plans`).Scan(&plan)
	if report == 0 {
		t.Fatal("the demo has no published public report")
	}
	pages := []string{"/reports", "/reports/new", fmt.Sprintf("/reports/%d", report), "/annual-plans", "/annual-plans/new",
		"/annual-plans/export.csv", "/reports/export.csv"}
	if plan > 0 {
		pages = append(pages, fmt.Sprintf("/annual-plans/%d", plan))
	}
	for _, path := range pages {
		if st, body := p.Do(t, c, "GET", path, "", ""); st != 200 {
			t.Errorf("GET %s: %d %.300s", path, st, body)
		}
	}
	// Refused forms come back with the message next to the field and the rows as submitted.
	var body int64
	d.Read.QueryRow(`SELECT min(id) FROM bodies`).Scan(&body)
	form := url.Values{"body_id": {fmt.Sprint(body)}, "year": {"1999"}, "rows": {"2"}, "objective_0_text": {"Een themadag"},
		"objective_1_text": {"Een nieuwsbrief"}}
	res, err := c.PostForm(p.URL+"/annual-plans", form)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 422 || !strings.Contains(string(page), "Choose a year from 2000") || !strings.Contains(string(page), "Een nieuwsbrief") {
		t.Errorf("a plan for 1999: %d %.300s", res.StatusCode, page)
	}
	res, err = c.PostForm(p.URL+"/reports", url.Values{"period": {"quarter"}, "period_start": {"2026-04-01"}, "period_end": {"2026-03-01"},
		"scope": {"platform"}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 422 || !strings.Contains(string(page), "The last day is before the first day.") {
		t.Errorf("a report ending before it starts: %d %.300s", res.StatusCode, page)
	}
	for _, c := range []struct {
		path   string
		status int
	}{{"/reports", 200}, {fmt.Sprintf("/reports/%d", report), 200}, {"/reports/new", 303}, {"/annual-plans", 303}} {
		if st, body := p.Do(t, nil, "GET", c.path, "", ""); st != c.status {
			t.Errorf("a visitor GET %s: %d, want %d: %.200s", c.path, st, c.status, body)
		}
	}
}
