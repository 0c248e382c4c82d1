package app_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kern/internal/app/apptest"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
)

// actionRows counts what a refused change must leave alone (every change adds an audit row too).
func actionRows(t *testing.T, d *db.DB) string {
	t.Helper()
	return fmt.Sprint(count(t, d, `SELECT count(*) FROM actions`), count(t, d, `SELECT count(*) FROM action_relations`),
		count(t, d, `SELECT count(*) FROM action_checkins`), count(t, d, `SELECT count(*) FROM action_roles`),
		count(t, d, `SELECT count(*) FROM audit_log`))
}

func createdID(t *testing.T, status int, body string) int64 {
	t.Helper()
	if status != http.StatusCreated {
		t.Fatalf("create: status %d: %s", status, body)
	}
	var x struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal([]byte(body), &x); err != nil || x.ID == 0 {
		t.Fatalf("create: %v in %s", err, body)
	}
	return x.ID
}

// TestActionsAPIScenarios runs the action plan's API through the whole stack on both databases:
// each scenario names a request and what the caller must get back; refused ones write nothing.
func TestActionsAPIScenarios(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		coord := p.Token(t, "coordinatie@kern.example", auth.ScopeReadWrite)
		ro := p.Token(t, "coordinatie@kern.example", auth.ScopeRead)
		member := p.Token(t, "lid@kern.example", auth.ScopeReadWrite)
		other := p.Token(t, "hotlab@umcg.example", auth.ScopeReadWrite)

		mk := func(token, body string) int64 {
			st, b := p.Do(t, nil, "POST", "/api/v1/actions", token, body)
			return createdID(t, st, b)
		}
		a := mk(coord, `{"title":"Registratie nucleair radiologen","status":"in_progress","owner_group":"Actiegroep Zorg en toegang",
			"start_on":"2026-01-01","due_on":"2026-06-30","weight":2,
			"roles":[{"stakeholder_group":"care_providers","role":"accountable"},{"stakeholder_group":"governments","role":"informed"}]}`)
		b := mk(coord, `{"title":"Herregistratie invoeren","status":"planned","start_on":"2026-07-01","due_on":"2026-12-31"}`)
		proposal := mk(member, `{"title":"Kennisplatform tracers","status":"done"}`)
		if st, _ := p.Do(t, nil, "POST", fmt.Sprintf("/api/v1/actions/%d/relations", a), coord, fmt.Sprintf(`{"to_id":%d,"kind":"blocks"}`, b)); st != 201 {
			t.Fatalf("relation a blocks b: %d", st)
		}
		path := func(id int64, rest string) string { return fmt.Sprintf("/api/v1/actions/%d%s", id, rest) }
		update := `{"title":"Gekaapt","status":"planned"}`
		for _, tc := range []struct {
			name, method, path, token, body string
			status                          int
			contains, notContains           []string
			writes                          bool
		}{
			{"no token", "GET", "/api/v1/actions", "", "", 401, nil, nil, false},
			{"a proposal by a member", "GET", path(proposal, ""), member, "", 200,
				[]string{`"status":"proposed"`, `"owner_name":"Lid Lezer"`}, nil, false},
			{"derived fields in the representation", "GET", path(b, ""), ro, "", 200,
				[]string{`"blocked":true`, fmt.Sprintf(`"blocked_by":[%d]`, a), `"early_finish":"2026-12-31"`, `"progress":0`, `"overdue":false`}, nil, false},
			{"roles inside the action", "GET", path(a, ""), ro, "", 200,
				[]string{`{"stakeholder_group":"care_providers","role":"accountable"}`, `"start_on":"2026-01-01"`}, nil, false},
			{"list filtered on blocked", "GET", "/api/v1/actions?blocked=true", ro, "", 200,
				[]string{`"Herregistratie invoeren"`}, []string{`"Registratie nucleair radiologen"`}, false},
			{"list filtered on a stakeholder group's role", "GET", "/api/v1/actions?stakeholder_group=care_providers&role=accountable", ro, "", 200,
				[]string{`"Registratie nucleair radiologen"`}, []string{`"Herregistratie invoeren"`}, false},
			{"unknown filter value", "GET", "/api/v1/actions?stage=moon", ro, "", 422, []string{"query.stage"}, nil, false},
			{"the roadmap", "GET", "/api/v1/actions/roadmap", ro, "", 200,
				[]string{`"rows":[`, fmt.Sprintf(`{"from":%d,"to":%d,"kind":"blocks"`, a, b)}, nil, false},
			{"a dependency that closes a cycle", "POST", path(b, "/relations"), coord, fmt.Sprintf(`{"to_id":%d,"kind":"precedes","lag_days":3}`, a), 422,
				[]string{`"location":"body.to_id"`, "would close a cycle", "“Herregistratie invoeren” → “Registratie nucleair radiologen” → “Herregistratie invoeren”"}, nil, false},
			{"a non-coordinator edits another's action", "PUT", path(a, ""), other, update, 403, []string{"owner contact"}, nil, false},
			{"a non-coordinator checks in on another's action", "POST", path(a, "/checkins"), other, `{"progress":50}`, 403, nil, nil, false},
			{"a member deletes", "DELETE", path(proposal, ""), member, "", 403, nil, nil, false},
			{"read-only token", "POST", "/api/v1/actions", ro, `{"title":"x"}`, 403, nil, nil, false},
			{"due date before start", "POST", "/api/v1/actions", coord, `{"title":"x","start_on":"2026-05-01","due_on":"2026-04-01"}`, 422,
				[]string{`"location":"body.due_on"`, "before the start date"}, nil, false},
			{"progress outside 0-100", "POST", path(a, "/checkins"), coord, `{"progress":150}`, 422,
				[]string{`"location":"body.progress"`, "0 to 100"}, nil, false},
			{"negative progress", "POST", path(a, "/checkins"), coord, `{"progress":-1}`, 422, []string{`"location":"body.progress"`}, nil, false},
			{"dropped without a reason", "PUT", path(a, ""), coord, `{"title":"Registratie nucleair radiologen","status":"dropped"}`, 422,
				[]string{`"location":"body.drop_reason"`}, nil, false},
			{"two accountable groups", "POST", "/api/v1/actions", coord,
				`{"title":"x","roles":[{"stakeholder_group":"companies","role":"accountable"},{"stakeholder_group":"researchers","role":"accountable"}]}`, 422,
				[]string{`"location":"body.roles"`}, nil, false},
			{"unknown action", "GET", "/api/v1/actions/999999", ro, "", 404, nil, nil, false},
			{"the owner checks in", "POST", path(proposal, "/checkins"), member, `{"progress":30,"confidence":"low","note":"Eerste overleg"}`, 201,
				[]string{`"progress":30`, `"entered_by":"Lid Lezer"`}, nil, true},
			{"the progress after the check-in", "GET", path(proposal, ""), member, "", 200,
				[]string{`"progress":30`, `"latest_checkin":{`}, nil, false},
			{"the check-ins", "GET", path(proposal, "/checkins"), ro, "", 200, []string{`"Eerste overleg"`}, nil, false},
			{"the relations", "GET", path(a, "/relations"), ro, "", 200, []string{`"kind":"blocks"`, `"to_title":"Herregistratie invoeren"`}, nil, false},
			{"the coordinator accepts the proposal", "PUT", path(proposal, ""), coord, `{"title":"Kennisplatform tracers","status":"planned"}`, 200,
				[]string{`"status":"planned"`, `"owner_name":"Lid Lezer"`}, nil, true},
			{"the owner drops it with a reason", "PUT", path(proposal, ""), member,
				`{"title":"Kennisplatform tracers","status":"dropped","drop_reason":"Opgegaan in het landelijke kennisplatform"}`, 200,
				[]string{`"status":"dropped"`, `"counted":false`}, nil, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := actionRows(t, d)
				st, body := p.Do(t, nil, tc.method, tc.path, tc.token, tc.body)
				if st != tc.status {
					t.Fatalf("status %d, want %d: %s", st, tc.status, body)
				}
				for _, s := range tc.contains {
					if !strings.Contains(body, s) {
						t.Errorf("body lacks %s: %s", s, body)
					}
				}
				for _, s := range tc.notContains {
					if strings.Contains(body, s) {
						t.Errorf("body has %s: %s", s, body)
					}
				}
				if after := actionRows(t, d); !tc.writes && after != before {
					t.Errorf("rows went from %s to %s", before, after)
				}
			})
		}
		if n := count(t, d, `SELECT count(*) FROM actions WHERE title = 'Gekaapt'`); n != 0 {
			t.Error("the refused edit was written")
		}
	})
}

// TestActionsPages renders every page of the action plan and refuses a stranger's edit on the page.
func TestActionsPages(t *testing.T) {
	d := dbtest.SQLite(t)
	p := apptest.Start(t, d)
	coord := p.Token(t, "coordinatie@kern.example", auth.ScopeReadWrite)
	st, body := p.Do(t, nil, "POST", "/api/v1/actions", coord, `{"title":"Testcommissie voorlichting","status":"planned",
		"start_on":"2026-02-01","due_on":"2026-05-01","quick_win":true,"roles":[{"stakeholder_group":"patient_organisations","role":"consulted"}]}`)
	a := createdID(t, st, body)
	st, body = p.Do(t, nil, "POST", "/api/v1/actions", coord, `{"title":"Nieuwsbrief starten","status":"planned","start_on":"2026-05-02","due_on":"2026-06-01"}`)
	b := createdID(t, st, body)
	if st, body := p.Do(t, nil, "POST", fmt.Sprintf("/api/v1/actions/%d/relations", a), coord, fmt.Sprintf(`{"to_id":%d,"kind":"precedes","lag_days":1}`, b)); st != 201 {
		t.Fatalf("relation: %d %s", st, body)
	}
	c := p.LogIn(t, "coordinatie@kern.example")
	stranger := p.LogIn(t, "hotlab@umcg.example")
	get := func(c *http.Client, path string) (int, string) {
		t.Helper()
		res, err := c.Get(p.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	for _, tc := range []struct {
		path     string
		contains []string
	}{
		{"/actions", []string{"Testcommissie voorlichting", "Export (CSV)"}},
		{"/actions?quick_win=1", []string{"Testcommissie voorlichting"}},
		{"/actions?q=testcommissie", []string{"Testcommissie voorlichting", "1 result"}},
		{"/actions/roadmap", []string{"<svg class=\"roadmap\"", "class=\"dep\"", "Nieuwsbrief starten"}},
		{"/actions/roadmap.json", []string{`"links":[{"from":`}},
		{"/actions/matrix", []string{"role-consulted"}},
		{"/actions/progress", nil},
		{"/actions/plan", []string{"/actions/plan?stage=market_access"}},
		{"/actions/plan?stage=market_access", []string{"Action plan: Market access"}},
		{"/actions/new", []string{`name="role_companies"`}},
		{fmt.Sprintf("/actions/%d", a), []string{"Testcommissie voorlichting", "precedes", "Report progress"}},
		{fmt.Sprintf("/actions/%d/edit", a), []string{`value="Testcommissie voorlichting"`}},
		{"/actions/export.csv", []string{"id,title,status", "Testcommissie voorlichting"}},
	} {
		st, body := get(c, tc.path)
		if st != 200 {
			t.Errorf("GET %s: status %d: %.3000s", tc.path, st, body)
			continue
		}
		for _, s := range tc.contains {
			if !strings.Contains(body, s) {
				t.Errorf("GET %s lacks %q", tc.path, s)
			}
		}
	}
	// A non-coordinator editing another's action: refused on the page, nothing written.
	before := actionRows(t, d)
	if st, body := get(stranger, fmt.Sprintf("/actions/%d/edit", a)); st != 403 || !strings.Contains(body, "owner contact") {
		t.Errorf("stranger opens the edit form: %d", st)
	}
	res, err := stranger.PostForm(p.URL+fmt.Sprintf("/actions/%d", a), url.Values{"title": {"Gekaapt"}, "status": {"planned"}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 403 || !strings.Contains(string(page), "Nothing has been saved") {
		t.Errorf("stranger posts the edit form: %d", res.StatusCode)
	}
	// A cycle through the page: shown again with the message, nothing written.
	res, err = c.PostForm(p.URL+fmt.Sprintf("/actions/%d/relations", b), url.Values{"to_id": {fmt.Sprint(a)}, "kind": {"blocks"}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 422 || !strings.Contains(string(page), "would close a cycle") {
		t.Errorf("cycle on the page: %d", res.StatusCode)
	}
	if after := actionRows(t, d); after != before {
		t.Errorf("rows went from %s to %s", before, after)
	}
}
