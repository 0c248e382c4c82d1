package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kern/internal/app/apptest"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
)

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func orgID(t *testing.T, d *db.DB, short string) int64 {
	t.Helper()
	var id int64
	if err := d.Read.QueryRow(`SELECT id FROM organizations WHERE short_name = $1`, short).Scan(&id); err != nil {
		t.Fatalf("organisation %s: %v", short, err)
	}
	return id
}

const hospital = `{"kind":"hospital","stakeholder_group":"care_providers","name":"Ziekenhuis Proef","country":"NL","pet_ct":2}`

// TestAPIScenarios runs the API through the whole stack on both databases: each scenario names a
// request and what the caller must get back, and which rows must not have been written.
func TestAPIScenarios(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		rw := p.Token(t, "coordinatie@kern.example", auth.ScopeReadWrite)
		ro := p.Token(t, "coordinatie@kern.example", auth.ScopeRead)
		member := p.Token(t, "lid@kern.example", auth.ScopeReadWrite)
		umcg := p.Token(t, "hotlab@umcg.example", auth.ScopeRead)
		revoked := p.Token(t, "lid@kern.example", auth.ScopeRead)
		if err := p.App.Auth.RevokeToken(context.Background(), &auth.Principal{User: auth.User{ID: userID(t, d, "lid@kern.example")}}, tokenID(t, d, revoked)); err != nil {
			t.Fatal(err)
		}
		radboud, umcgID := orgID(t, d, "Radboudumc"), orgID(t, d, "UMCG")
		var dept int64
		d.Read.QueryRow(`SELECT id FROM organizations WHERE parent_id = $1`, radboud).Scan(&dept)
		orgsBefore := count(t, d, `SELECT count(*) FROM organizations`)

		for _, tc := range []struct {
			name, method, path, token, body string
			status                          int
			contains, notContains           []string
		}{
			{"no token", "GET", "/api/v1/organizations", "", "", 401, []string{`"status":401`}, nil},
			{"malformed token", "GET", "/api/v1/organizations", "kern_nope_nope", "", 401, nil, nil},
			{"revoked token", "GET", "/api/v1/organizations", revoked, "", 401, []string{"revoked"}, nil},
			{"list with paging", "GET", "/api/v1/organizations?kind=hospital&per_page=5", ro, "", 200,
				[]string{`"items":[`, `"total":`, `"next":"/api/v1/organizations?`, `page=2`}, nil},
			{"search ignores accents", "GET", "/api/v1/organizations?q=patientenfederatie", ro, "", 200,
				[]string{"Patiëntenfederatie Nederland"}, nil},
			{"unknown filter value", "GET", "/api/v1/organizations?kind=castle", ro, "", 422, []string{"query.kind"}, nil},
			{"read-only token writes", "POST", "/api/v1/organizations", ro, hospital, 403, []string{"may only read"}, nil},
			{"member may not add an organisation", "POST", "/api/v1/organizations", member, hospital, 403, nil, nil},
			{"malformed JSON", "POST", "/api/v1/organizations", rw, `{"kind":`, 400, nil, nil},
			{"body over the limit", "POST", "/api/v1/organizations", rw,
				`{"name":"` + strings.Repeat("x", 1<<20+10) + `"}`, 413, nil, nil},
			{"negative PET/CT count", "POST", "/api/v1/organizations", rw,
				strings.Replace(hospital, `"pet_ct":2`, `"pet_ct":-1`, 1), 422, []string{`"location":"body.pet_ct"`}, nil},
			{"unknown country", "POST", "/api/v1/organizations", rw,
				strings.Replace(hospital, `"NL"`, `"XX"`, 1), 422, []string{`"location":"body.country"`, "does not exist"}, nil},
			{"department without parent", "POST", "/api/v1/organizations", rw,
				strings.Replace(hospital, `"hospital"`, `"department"`, 1), 422, []string{`"location":"body.parent_id"`}, nil},
			{"parent that makes a cycle", "PUT", fmt.Sprintf("/api/v1/organizations/%d", radboud), rw,
				fmt.Sprintf(`{"kind":"hospital","stakeholder_group":"care_providers","name":"Radboudumc","country":"NL","parent_id":%d}`, dept),
				422, []string{`"location":"body.parent_id"`}, nil},
			{"duplicate person e-mail", "POST", "/api/v1/people", rw,
				`{"given_name":"Dubbel","family_name":"Adres","email":"COORDINATIE-dup@example.org"}`, 201, nil, nil},
			{"duplicate person e-mail again", "POST", "/api/v1/people", rw,
				`{"given_name":"Dubbel","family_name":"Twee","email":"coordinatie-dup@example.org"}`, 422,
				[]string{`"location":"body.email"`, "already in use"}, nil},
			{"delete refused while people point at it", "DELETE", fmt.Sprintf("/api/v1/organizations/%d", umcgID), rw, "", 409,
				[]string{"departments", "people"}, nil},
			{"members of another organisation are not found", "GET", fmt.Sprintf("/api/v1/organizations/%d/members", radboud), umcg, "", 404, nil, nil},
			{"members of one's own organisation", "GET", fmt.Sprintf("/api/v1/organizations/%d/members", umcgID), umcg, "", 200,
				[]string{"hotlab@umcg.example"}, nil},
			{"notes hidden from outsiders", "GET", fmt.Sprintf("/api/v1/organizations/%d", radboud), umcg, "", 200, nil, []string{`"notes"`}},
			{"unknown organisation", "GET", "/api/v1/organizations/999999", ro, "", 404, nil, nil},
			{"e-mail hidden from a member", "GET", "/api/v1/people?per_page=3", member, "", 200, []string{`"given_name"`}, []string{`"email"`}},
			{"e-mail shown to the coordination office", "GET", "/api/v1/people?per_page=3", ro, "", 200, []string{`"email"`}, nil},
			{"audit for an admin only", "GET", "/api/v1/audit", ro, "", 403, nil, nil},
			{"who am I", "GET", "/api/v1/me", umcg, "", 200, []string{`"scope":"read"`, `"org_member"`, "hotlab@umcg.example"}, []string{"password"}},
			{"OpenAPI document", "GET", "/api/v1/openapi.json", "", "", 200, []string{`"openapi":"3.1`, "/api/v1/organizations", "bearer"}, nil},
			{"unknown API path", "GET", "/api/v1/nothing", ro, "", 404, []string{`"status":404`}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				status, body := p.Do(t, nil, tc.method, tc.path, tc.token, tc.body)
				if status != tc.status {
					t.Fatalf("status %d, want %d: %.400s", status, tc.status, body)
				}
				for _, s := range tc.contains {
					if !strings.Contains(body, s) {
						t.Errorf("answer lacks %q: %.600s", s, body)
					}
				}
				for _, s := range tc.notContains {
					if strings.Contains(body, s) {
						t.Errorf("answer contains %q: %.600s", s, body)
					}
				}
			})
		}
		if n := count(t, d, `SELECT count(*) FROM organizations`); n != orgsBefore {
			t.Errorf("refused requests changed the organisations: %d before, %d after", orgsBefore, n)
		}
		if n := count(t, d, `SELECT count(*) FROM people WHERE family_name = 'Twee'`); n != 0 {
			t.Error("the refused duplicate person was written")
		}
		if n := count(t, d, `SELECT count(*) FROM audit_log WHERE action = 'create' AND entity = 'person' AND actor_token_id IS NOT NULL`); n != 1 {
			t.Errorf("%d audited person creations through a token, want 1", n)
		}
	})
}

func userID(t *testing.T, d *db.DB, email string) int64 {
	var id int64
	if err := d.Read.QueryRow(`SELECT id FROM users WHERE email = $1`, email).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func tokenID(t *testing.T, d *db.DB, secret string) int64 {
	prefix := strings.SplitN(strings.TrimPrefix(secret, "kern_"), "_", 2)[0]
	var id int64
	if err := d.Read.QueryRow(`SELECT id FROM api_tokens WHERE prefix = $1`, prefix).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestFormScenarios posts the registry's forms as a browser does.
func TestFormScenarios(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		coord := p.LogIn(t, "coordinatie@kern.example")
		before := count(t, d, `SELECT count(*) FROM organizations`)
		form := url.Values{"name": {"Ziekenhuis Formulier"}, "kind": {"hospital"}, "stakeholder_group": {"care_providers"},
			"country": {"XX"}, "pet_ct": {"-2"}, "city": {"Zwolle"}}

		post := func(c *http.Client, path string, v url.Values, lang string) (int, string) {
			req, _ := http.NewRequest("POST", p.URL+path, strings.NewReader(v.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if lang != "" {
				req.Header.Set("Accept-Language", lang)
			}
			res, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b := new(strings.Builder)
			_, _ = fmt.Fprint(b, "")
			buf := make([]byte, 1<<16)
			for {
				n, err := res.Body.Read(buf)
				b.Write(buf[:n])
				if err != nil {
					break
				}
			}
			return res.StatusCode, b.String()
		}

		status, body := post(coord, "/organizations", form, "en")
		if status != 422 {
			t.Fatalf("bad form: status %d", status)
		}
		for _, want := range []string{`id="e-country"`, "does not exist", `id="e-pet_ct"`, `aria-invalid="true"`, `value="Zwolle"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the form shown again lacks %q", want)
			}
		}
		// The user's own language setting wins over the browser's.
		coord2 := p.LogIn(t, "coordinatie@kern.example")
		if s, _ := post(coord2, "/lang", url.Values{"lang": {"nl"}, "next": {"/"}}, "en"); s != http.StatusSeeOther {
			t.Fatalf("language switch: %d", s)
		}
		_, body = post(coord2, "/organizations", form, "en-GB,en")
		if !strings.Contains(body, "Deze landcode bestaat niet") {
			t.Error("the Dutch setting of the account did not win over the English browser")
		}
		if n := count(t, d, `SELECT count(*) FROM organizations`); n != before {
			t.Fatal("a refused form wrote an organisation")
		}
		form.Set("country", "nl")
		form.Set("pet_ct", "2")
		status, _ = post(coord, "/organizations", form, "en")
		if status != http.StatusSeeOther {
			t.Fatalf("good form: status %d", status)
		}
		if n := count(t, d, `SELECT count(*) FROM organizations WHERE name = 'Ziekenhuis Formulier' AND country = 'NL'`); n != 1 {
			t.Fatal("the good form did not write the organisation")
		}

		// A form posted from another site is refused, and changes nothing.
		req, _ := http.NewRequest("POST", p.URL+"/organizations", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		res, err := coord.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-origin form: status %d, want 403", res.StatusCode)
		}
		if n := count(t, d, `SELECT count(*) FROM organizations WHERE name = 'Ziekenhuis Formulier'`); n != 1 {
			t.Error("the cross-origin form wrote something")
		}

		// Anonymous visitors are sent to the log-in page; a member cannot open the audit log.
		res, _ = p.Client().Get(p.URL + "/organizations")
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
			t.Errorf("anonymous: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		res, _ = p.LogIn(t, "lid@kern.example").Get(p.URL + "/admin/audit")
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("member on the audit log: %d", res.StatusCode)
		}
		// Security headers on every page.
		res, _ = coord.Get(p.URL + "/organizations")
		res.Body.Close()
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("CSP = %q", csp)
		}
		// The CSV export carries the filter and a byte-order mark.
		res, _ = coord.Get(p.URL + "/organizations/export.csv?kind=producer")
		buf := make([]byte, 1<<16)
		n, _ := res.Body.Read(buf)
		res.Body.Close()
		csv := string(buf[:n])
		if !strings.HasPrefix(csv, "\ufeffid,name") || !strings.Contains(csv, "Petten") || strings.Contains(csv, "Radboudumc") {
			t.Errorf("export: %.300s", csv)
		}
	})
}

// TestProblemBodiesNameTheField checks the shape of a 422 as a client library would read it.
func TestProblemBodiesNameTheField(t *testing.T) {
	p := apptest.Start(t, dbtest.SQLite(t))
	rw := p.Token(t, "coordinatie@kern.example", auth.ScopeReadWrite)
	req, _ := http.NewRequest("POST", p.URL+"/api/v1/organizations", strings.NewReader(strings.Replace(hospital, `"NL"`, `"QQ"`, 1)))
	req.Header.Set("Authorization", "Bearer "+rw)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", "nl")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("content type %q", ct)
	}
	var problem struct {
		Status int
		Detail string
		Errors []struct{ Message, Location string }
	}
	if err := json.NewDecoder(res.Body).Decode(&problem); err != nil {
		t.Fatal(err)
	}
	if problem.Status != 422 || len(problem.Errors) != 1 || problem.Errors[0].Location != "body.country" ||
		!strings.Contains(problem.Errors[0].Message, "landcode") {
		t.Fatalf("problem = %+v", problem)
	}
}

// Admins can take the audit log and the accounts away as CSV; nobody else can.
func TestAdminExports(t *testing.T) {
	p := apptest.Start(t, dbtest.SQLite(t))
	admin, member := p.LogIn(t, "beheer@kern.example"), p.LogIn(t, "lid@kern.example")
	for _, tc := range []struct {
		name   string
		c      *http.Client
		path   string
		status int
		want   string
	}{
		{"audit of organisations", admin, "/admin/audit/export.csv?entity=organization", 200, "Radboudumc"},
		{"audit filtered to nothing", admin, "/admin/audit/export.csv?entity=organization&actor=nobody", 200, "id,at,actor"},
		{"accounts", admin, "/admin/users/export.csv", 200, "coordinatie@kern.example"},
		{"audit for a member", member, "/admin/audit/export.csv", 403, ""},
		{"accounts for a member", member, "/admin/users/export.csv", 403, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := p.Do(t, tc.c, "GET", tc.path, "", "")
			if status != tc.status || !strings.Contains(body, tc.want) {
				t.Fatalf("status %d (want %d), body %.300s", status, tc.status, body)
			}
			if tc.name == "audit filtered to nothing" && strings.Count(body, "\n") != 1 {
				t.Errorf("an empty filter exported rows: %.300s", body)
			}
		})
	}
}
