package app_test

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kern/internal/app/apptest"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
)

// demoVacancies are the ids of the demo's published and draft vacancies.
func demoVacancies(t *testing.T, d *db.DB) (published, draft int64) {
	t.Helper()
	if err := d.Read.QueryRow(`SELECT id FROM vacancies WHERE state = 'published' ORDER BY id LIMIT 1`).Scan(&published); err != nil {
		t.Fatalf("the demo has no published vacancy: %v", err)
	}
	if err := d.Read.QueryRow(`SELECT id FROM vacancies WHERE state = 'draft' ORDER BY id LIMIT 1`).Scan(&draft); err != nil {
		t.Fatalf("the demo has no draft vacancy: %v", err)
	}
	return published, draft
}

// TestVacanciesPublicPages: visitors without an account see published vacancies, their feed
// and the application form, never drafts or applications.
func TestVacanciesPublicPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		pub, draft := demoVacancies(t, d)
		for _, tc := range []struct {
			path        string
			status      int
			want, never string
		}{
			{"/vacancies", 200, "Lid Communicatiecommissie (zorgaanbieders)", "Secretaris Commissie Beroepsbelangen"},
			{"/vacancies?kind=board", 200, "", "Lid Communicatiecommissie"},
			{fmt.Sprintf("/vacancies/%d", pub), 200, `action="/vacancies/` + fmt.Sprint(pub) + `/apply"`, "Sanne de Wit"},
			{fmt.Sprintf("/vacancies/%d", draft), 404, "", "Secretaris Commissie Beroepsbelangen"},
			{fmt.Sprintf("/vacancies/%d/applications", pub), 303, "", "Sanne"},
			{"/terms", 303, "", ""},
			{"/vacancies/manage", 303, "", ""},
		} {
			status, body := p.Do(t, nil, http.MethodGet, tc.path, "", "")
			if status != tc.status || !strings.Contains(body, tc.want) || (tc.never != "" && strings.Contains(body, tc.never)) {
				t.Errorf("GET %s: %d, want %d with %q and without %q", tc.path, status, tc.status, tc.want, tc.never)
			}
		}
		res, err := p.Client().Get(p.URL + "/vacancies.atom")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
			t.Errorf("feed content type %q", ct)
		}
		var feed struct {
			XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
			Entries []struct {
				Title string `xml:"title"`
			} `xml:"entry"`
		}
		if err := xml.NewDecoder(res.Body).Decode(&feed); err != nil {
			t.Fatalf("feed is not well-formed Atom: %v", err)
		}
		if len(feed.Entries) != 1 || feed.Entries[0].Title != "Lid Communicatiecommissie (zorgaanbieders)" {
			t.Errorf("feed entries %+v, want only the published vacancy", feed.Entries)
		}
	})
}

// TestVacanciesApplicationForm: a visitor applies through the form; a bad address and a
// second application from the same address are refused next to the field, nothing written.
func TestVacanciesApplicationForm(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		pub, _ := demoVacancies(t, d)
		c := p.Client()
		path := fmt.Sprintf("%s/vacancies/%d/apply", p.URL, pub)
		form := func(email string) url.Values {
			return url.Values{"name": {"Joost van Dam"}, "email": {email}, "motivation": {"Ik wil graag bijdragen."}}
		}
		for _, tc := range []struct {
			name, email string
			status      int
			want        string
		}{
			{"a bad address", "joost@", 422, "e-mail address"},
			{"a good application", "joost@example.org", 303, ""},
			{"the same address again", "Joost@Example.org", 422, "already been sent"},
		} {
			before := roundsCount(t, d, `SELECT count(*) FROM vacancy_applications`)
			res, err := c.PostForm(path, form(tc.email))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tc.status || !strings.Contains(string(b), tc.want) {
				t.Errorf("%s: %d, want %d with %q", tc.name, res.StatusCode, tc.status, tc.want)
			}
			wrote := roundsCount(t, d, `SELECT count(*) FROM vacancy_applications`) - before
			if (tc.status == 303) != (wrote == 1) {
				t.Errorf("%s: %d applications written", tc.name, wrote)
			}
		}
		if n := roundsCount(t, d, `SELECT count(*) FROM outbox WHERE to_addr = 'joost@example.org'`); n != 1 {
			t.Errorf("%d receipts to the applicant, want 1", n)
		}
	})
}

// TestVacanciesAPI: anyone lists open vacancies and applies; only a body's managers create,
// publish and read applications (403 for others, nothing written); bad input names its field.
func TestVacanciesAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		pub, draft := demoVacancies(t, d)
		coord := p.Token(t, "coordinatie@kern.example", auth.ScopeReadWrite)
		member := p.Token(t, "lid@kern.example", auth.ScopeReadWrite)
		chair := p.Token(t, "voorzitter@kern.example", auth.ScopeReadWrite) // the steering group's, not the committee's
		var committee int64
		d.Read.QueryRow(`SELECT body_id FROM vacancies WHERE id = $1`, pub).Scan(&committee)
		tomorrow := time.Now().AddDate(0, 0, 1).Format(time.DateOnly)
		newVacancy := fmt.Sprintf(`{"body_id": %d, "role": "member", "title": "Lid via de API", "closes_on": %q}`, committee, tomorrow)
		past := fmt.Sprintf(`{"body_id": %d, "role": "member", "title": "Te laat", "closes_on": "2020-01-01"}`, committee)
		apply := `{"name": "Iris Jansen", "email": "%s", "motivation": "Graag."}`
		for _, tc := range []struct {
			name, method, path, token, body string
			status                          int
			want                            string
			writes                          bool
		}{
			{"the operations are in the OpenAPI document", "GET", "/api/v1/openapi.json", "", "", 200, `"accept-vacancy-application"`, false},
			{"open vacancies without a token", "GET", "/api/v1/vacancies", "", "", 200, `"total":1`, false},
			{"a draft without a token", "GET", fmt.Sprintf("/api/v1/vacancies/%d", draft), "", "", 404, "", false},
			{"create by a member", "POST", "/api/v1/vacancies", member, newVacancy, 403, "", false},
			{"create by another body's chair", "POST", "/api/v1/vacancies", chair, newVacancy, 403, "", false},
			{"create by the coordination office", "POST", "/api/v1/vacancies", coord, newVacancy, 201, `"state":"draft"`, true},
			{"publish by a member", "POST", fmt.Sprintf("/api/v1/vacancies/%d/publish", draft), member, "", 403, "", false},
			{"close by a member", "POST", fmt.Sprintf("/api/v1/vacancies/%d/close", pub), member, "", 403, "", false},
			{"applications without a token", "GET", fmt.Sprintf("/api/v1/vacancies/%d/applications", pub), "", "", 401, "", false},
			{"applications by a member", "GET", fmt.Sprintf("/api/v1/vacancies/%d/applications", pub), member, "", 403, "", false},
			{"applications by another body's chair", "GET", fmt.Sprintf("/api/v1/vacancies/%d/applications", pub), chair, "", 403, "", false},
			{"applications by the coordination office", "GET", fmt.Sprintf("/api/v1/vacancies/%d/applications", pub), coord, "", 200, "sanne.dewit@voorbeeld.example", true},
			{"apply with a bad address", "POST", fmt.Sprintf("/api/v1/vacancies/%d/applications", pub), "", fmt.Sprintf(apply, "iris"), 422, "body.email", false},
			{"apply to a draft", "POST", fmt.Sprintf("/api/v1/vacancies/%d/applications", draft), "", fmt.Sprintf(apply, "iris@example.org"), 404, "", false},
			{"apply without a token", "POST", fmt.Sprintf("/api/v1/vacancies/%d/applications", pub), "", fmt.Sprintf(apply, "iris@example.org"), 201, `"state":"received"`, true},
			{"apply twice", "POST", fmt.Sprintf("/api/v1/vacancies/%d/applications", pub), "", fmt.Sprintf(apply, "iris@example.org"), 422, "body.email", false},
			{"terms ending for a member", "GET", "/api/v1/terms", member, "", 200, `"body_name"`, false},
			{"terms ending without a token", "GET", "/api/v1/terms", "", "", 401, "", false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				audits := roundsCount(t, d, `SELECT count(*) FROM audit_log`)
				status, body := p.Do(t, nil, tc.method, tc.path, tc.token, tc.body)
				if status != tc.status || !strings.Contains(body, tc.want) {
					t.Fatalf("%s %s: %d %s; want %d with %q", tc.method, tc.path, status, body, tc.status, tc.want)
				}
				if wrote := roundsCount(t, d, `SELECT count(*) FROM audit_log`) > audits; wrote != tc.writes {
					t.Errorf("audit written: %v, want %v", wrote, tc.writes)
				}
			})
		}
		// Publishing with a closing date in the past names the field.
		_, body := p.Do(t, nil, "POST", "/api/v1/vacancies", coord, past)
		id := idOf(t, body)
		status, body := p.Do(t, nil, "POST", fmt.Sprintf("/api/v1/vacancies/%d/publish", id), coord, "")
		if status != 422 || !strings.Contains(body, "body.closes_on") {
			t.Errorf("publishing with a past closing date: %d %s", status, body)
		}
		var got struct{ State string }
		_, body = p.Do(t, nil, "GET", fmt.Sprintf("/api/v1/vacancies/%d", id), coord, "")
		json.Unmarshal([]byte(body), &got)
		if got.State != "draft" {
			t.Errorf("after the refused publication the state is %q", got.State)
		}
	})
}
