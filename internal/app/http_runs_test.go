package app_test

import (
	"encoding/csv"
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

// runsLatestBaseline is the id of the demo's latest baseline run.
func runsLatestBaseline(t *testing.T, d *db.DB) int64 {
	t.Helper()
	var id int64
	if err := d.Read.QueryRow(`SELECT id FROM alloc_runs WHERE kind = 'baseline' ORDER BY id DESC LIMIT 1`).Scan(&id); err != nil {
		t.Fatalf("the demo has no baseline run: %v", err)
	}
	return id
}

// TestRunsAccess: whole runs are the coordination office's; a hospital user reads only its own
// hospital's part (404 for another's); a plain member gets 403 or 404; the public status needs
// no login and names no hospital.
func TestRunsAccess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		run := runsLatestBaseline(t, d)
		radboud, umcg := orgID(t, d, "Radboudumc"), orgID(t, d, "UMCG")
		coord := p.LogIn(t, "coordinatie@kern.example")
		hospitalUser := p.LogIn(t, "afdeling@radboudumc.example")
		member := p.LogIn(t, "lid@kern.example")
		memberTok := p.Token(t, "lid@kern.example", auth.ScopeReadWrite)
		hospitalTok := p.Token(t, "afdeling@radboudumc.example", auth.ScopeRead)
		coordTok := p.Token(t, "coordinatie@kern.example", auth.ScopeReadWrite)
		tests := []struct {
			name   string
			c      *http.Client
			tok    string
			method string
			path   string
			body   string
			status int
			want   string
		}{
			{"coordinator lists runs", coord, "", "GET", "/allocation", "", 200, "Basisverdeling (demo)"},
			{"coordinator reads a run", coord, "", "GET", fmt.Sprintf("/allocation/%d", run), "", 200, "Basisverdeling (demo)"},
			{"coordinator exports runs", coord, "", "GET", "/allocation/export.csv", "", 200, "id,kind,name"},
			{"coordinator exports fills", coord, "", "GET", fmt.Sprintf("/allocation/%d/fills.csv", run), "", 200, "org_id,hospital"},
			{"coordinator downloads the input", coord, "", "GET", fmt.Sprintf("/allocation/%d/input.json", run), "", 200, `"situation"`},
			{"coordinator reads a hospital's part", coord, "", "GET", fmt.Sprintf("/allocation/%d/hospitals/%d", run, umcg), "", 200, "Groningen"},
			{"hospital reads its own part", hospitalUser, "", "GET", fmt.Sprintf("/allocation/%d/hospitals/%d", run, radboud), "", 200, "Radboud"},
			{"hospital reads its own allocation", hospitalUser, "", "GET", "/allocation/mine", "", 200, "Radboud"},
			{"hospital reads another hospital's part", hospitalUser, "", "GET", fmt.Sprintf("/allocation/%d/hospitals/%d", run, umcg), "", 404, ""},
			{"hospital reads the whole run", hospitalUser, "", "GET", fmt.Sprintf("/allocation/%d", run), "", 404, ""},
			{"hospital input download", hospitalUser, "", "GET", fmt.Sprintf("/allocation/%d/input.json", run), "", 404, ""},
			{"hospital API: another hospital", nil, hospitalTok, "GET", fmt.Sprintf("/api/v1/runs/%d/hospitals/%d", run, umcg), "", 404, ""},
			{"hospital API: its own", nil, hospitalTok, "GET", fmt.Sprintf("/api/v1/runs/%d/hospitals/%d", run, radboud), "", 200, `"org_id"`},
			{"member lists runs", member, "", "GET", "/allocation", "", 403, ""},
			{"member reads a run", member, "", "GET", fmt.Sprintf("/allocation/%d", run), "", 404, ""},
			{"member reads a hospital's part", member, "", "GET", fmt.Sprintf("/allocation/%d/hospitals/%d", run, radboud), "", 404, ""},
			{"member API list", nil, memberTok, "GET", "/api/v1/runs", "", 403, ""},
			{"member API run", nil, memberTok, "GET", fmt.Sprintf("/api/v1/runs/%d", run), "", 404, ""},
			{"member API input", nil, memberTok, "GET", fmt.Sprintf("/api/v1/runs/%d/input", run), "", 404, ""},
			{"member API start", nil, memberTok, "POST", "/api/v1/runs", `{}`, 403, ""},
			{"coordinator API list", nil, coordTok, "GET", "/api/v1/runs?kind=baseline", "", 200, "Basisverdeling (demo)"},
			{"coordinator API run", nil, coordTok, "GET", fmt.Sprintf("/api/v1/runs/%d", run), "", 200, `"result"`},
			{"coordinator API input", nil, coordTok, "GET", fmt.Sprintf("/api/v1/runs/%d/input", run), "", 200, `"situation"`},
			{"coordinator API start", nil, coordTok, "POST", "/api/v1/runs", `{"horizon_days": 7, "name": "api run"}`, 201, `"status":"done"`},
			{"bad policy", nil, coordTok, "POST", "/api/v1/runs", `{"policy": {"kind": "lottery"}}`, 422, "body.policy"},
			{"bad floor", nil, coordTok, "POST", "/api/v1/runs", `{"policy": {"kind": "floor", "floor_pct": 130}}`, 422, "body.floor_pct"},
			{"bad threshold", nil, coordTok, "POST", "/api/v1/runs", `{"threshold_pct": 150}`, 422, "body.threshold"},
			{"anonymous run", nil, "", "GET", fmt.Sprintf("/api/v1/runs/%d", run), "", 401, ""},
			{"public status page", nil, "", "GET", "/supply-status", "", 200, "Isotope supply status"},
			{"public status API", nil, "", "GET", "/api/v1/supply-status", "", 200, `"weeks"`},
		}
		for _, tc := range tests {
			status, body := p.Do(t, tc.c, tc.method, tc.path, tc.tok, tc.body)
			if status != tc.status || !strings.Contains(body, tc.want) {
				t.Errorf("%s: %s %s = %d, want %d with %q\n%.300s", tc.name, tc.method, tc.path, status, tc.status, tc.want, body)
			}
		}
		// The public status names no hospital.
		for _, path := range []string{"/supply-status", "/api/v1/supply-status", "/supply-status/chart.json"} {
			_, body := p.Do(t, nil, "GET", path, "", "")
			for _, name := range []string{"Radboud", "UMCG", "Erasmus"} {
				if strings.Contains(body, name) {
					t.Errorf("%s names %s", path, name)
				}
			}
		}
	})
}

// TestRunsStartForm: the coordinator starts a run from the form; bad input answers 422 with the
// message next to the field and stores nothing.
func TestRunsStartForm(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		coord := p.LogIn(t, "coordinatie@kern.example")
		before := countRows(t, d, `SELECT count(*) FROM alloc_runs`)
		good := url.Values{"starts_at": {"2026-11-23T08:00"}, "horizon_days": {"14"}, "policy": {"floor"}, "floor_pct": {"30"},
			"floor_weekly_gbq": {"2"}, "nuclides": {"Mo-99"}, "threshold": {"80"}, "name": {"form run"}}
		for _, tc := range []struct {
			field, value, want string
		}{
			{"horizon_days", "0", "1 to 56 days"},
			{"horizon_days", "57", "1 to 56 days"},
			{"starts_at", "tomorrow", "Enter a date and time"},
			{"policy", "lottery", "Choose strict priority"},
			{"floor_pct", "101", "from 0 to 100"},
			{"floor_weekly_gbq", "-2", "cannot be negative"},
			{"threshold", "120", "alert threshold"},
		} {
			form := url.Values{}
			for k, v := range good {
				form[k] = v
			}
			form.Set(tc.field, tc.value)
			res, err := coord.PostForm(p.URL+"/allocation", form)
			if err != nil {
				t.Fatal(err)
			}
			b := runsBody(res)
			if res.StatusCode != 422 || !strings.Contains(b, tc.want) || !strings.Contains(b, `id="e-`+tc.field+`"`) {
				t.Errorf("%s = %q: %d, want 422 with %q next to the field", tc.field, tc.value, res.StatusCode, tc.want)
			}
		}
		if n := countRows(t, d, `SELECT count(*) FROM alloc_runs`); n != before {
			t.Errorf("bad input stored %d runs", n-before)
		}
		res, err := coord.PostForm(p.URL+"/allocation", good)
		if err != nil {
			t.Fatal(err)
		}
		runsBody(res)
		loc := res.Header.Get("Location")
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/allocation/") {
			t.Fatalf("start: %d to %q, want 303 to the run", res.StatusCode, loc)
		}
		status, body := p.Do(t, coord, "GET", loc, "", "")
		if status != 200 || !strings.Contains(body, "form run") || !strings.Contains(body, "Guaranteed floor first") {
			t.Errorf("the new run: %d\n%.500s", status, body)
		}
		if n := countRows(t, d, `SELECT count(*) FROM alloc_runs WHERE name = 'form run' AND status = 'done'`); n != 1 {
			t.Errorf("form run stored %d times", n)
		}
	})
}

func runsBody(res *http.Response) string {
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

// runsGet reads a page in a language.
func runsGet(t *testing.T, p *apptest.Platform, c *http.Client, path, lang string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", p.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Language", lang)
	if c == nil {
		c = http.DefaultClient
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, runsBody(res)
}

// TestRunsInTheReadersLanguage: the demo baseline's page explains the horizon's real shortfall
// (class-1 Lu-177 doses deferred), not the lead-in's; reasons, numbers, days and the system's
// name are in the page's language.
func TestRunsInTheReadersLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		run := runsLatestBaseline(t, d)
		coord := p.LogIn(t, "coordinatie@kern.example")
		status, nl := runsGet(t, p, coord, fmt.Sprintf("/allocation/%d", run), "nl")
		if status != 200 {
			t.Fatalf("run page: %d", status)
		}
		visible := regexp.MustCompile(`(?s)<details>.*?</details>`).ReplaceAllString(nl, "")
		for _, tc := range []struct {
			name string
			ok   bool
		}{
			{"the Lu-177 shortfall is explained", strings.Contains(visible, "Klasse 1, Lu-177: ") && strings.Contains(visible, "patiëntdoses uitgesteld bij")},
			{"no bottleneck of the lead-in's Mo-99", !strings.Contains(visible, "Klasse 2, Mo-99")},
			{"the system is Kern", strings.Contains(visible, "Kern (automatisch)") && !strings.Contains(visible, "door system")},
			{"a deferred dose's reason in Dutch", strings.Contains(visible, "Uitgesteld: de partijen")},
			{"the engine's English behind details", strings.Contains(nl, "(Engels)</summary>")},
			{"percentages with a decimal comma", regexp.MustCompile(`\d,\d %`).MatchString(visible) && !regexp.MustCompile(`\d\.\d %`).MatchString(visible)},
			{"activities with a decimal comma", !regexp.MustCompile(`\d\.\d+ [kMGT]?Bq`).MatchString(visible)},
			{"days as 23-11-2026", !regexp.MustCompile(`<td>\d{4}-\d\d-\d\d</td>`).MatchString(visible) && regexp.MustCompile(`<td>\d\d-\d\d-\d{4}</td>`).MatchString(visible)},
		} {
			if !tc.ok {
				t.Errorf("%s", tc.name)
			}
		}
		_, en := runsGet(t, p, coord, fmt.Sprintf("/allocation/%d", run), "en")
		if !strings.Contains(en, "Kern (automatic)") || !strings.Contains(en, "Class 1, Lu-177: ") || regexp.MustCompile(`\d,\d %`).MatchString(en) {
			t.Errorf("the English page is not English")
		}
		_, st := runsGet(t, p, nil, "/supply-status", "nl")
		if regexp.MustCompile(`<span class="muted">\d{4}-`).MatchString(st) || !regexp.MustCompile(`<span class="muted">\d\d-\d\d-\d{4}`).MatchString(st) {
			t.Errorf("the status's week headers are not Dutch dates")
		}
	})
}

// TestRunsPartsExport: a hospital's and a producer's parts filter by nuclide and export the rows
// of their table as CSV, for their own organisation only.
func TestRunsPartsExport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		run := runsLatestBaseline(t, d)
		radboud, umcg := orgID(t, d, "Radboudumc"), orgID(t, d, "UMCG")
		coord := p.LogIn(t, "coordinatie@kern.example")
		hospitalUser := p.LogIn(t, "afdeling@radboudumc.example")
		producer := p.LogIn(t, "planning@nrg.example")
		rowsOf := func(body string) [][]string {
			r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
			all, err := r.ReadAll()
			if err != nil || len(all) == 0 || all[0][0] != "org_id" {
				t.Fatalf("not the CSV: %v %.200q", err, body)
			}
			return all[1:]
		}
		for _, tc := range []struct {
			name string
			c    *http.Client
			path string
			org  int64 // every row's hospital, 0 for any
		}{
			{"mine", hospitalUser, "/allocation/mine", radboud},
			{"hospital part", coord, fmt.Sprintf("/allocation/%d/hospitals/%d", run, umcg), umcg},
			{"producer", producer, "/allocation/producer", 0},
		} {
			status, page := runsGet(t, p, tc.c, tc.path, "en")
			if status != 200 || !strings.Contains(page, `id="part-csv"`) || !strings.Contains(page, `name="nuclide"`) {
				t.Errorf("%s: %d, no export or filter", tc.name, status)
				continue
			}
			_, all := runsGet(t, p, tc.c, tc.path+"?format=csv", "en")
			rows := rowsOf(all)
			nuclides := map[string]bool{}
			for _, r := range rows {
				nuclides[r[5]] = true
				if tc.org != 0 && r[0] != fmt.Sprint(tc.org) {
					t.Errorf("%s: a row of organisation %s", tc.name, r[0])
				}
			}
			if len(rows) == 0 {
				t.Errorf("%s: no rows", tc.name)
				continue
			}
			var one string
			for n := range nuclides {
				one = n
				break
			}
			_, some := runsGet(t, p, tc.c, tc.path+"?format=csv&nuclide="+url.QueryEscape(one), "en")
			filtered := rowsOf(some)
			if len(filtered) == 0 || (len(nuclides) > 1 && len(filtered) >= len(rows)) {
				t.Errorf("%s: %s keeps %d of %d rows", tc.name, one, len(filtered), len(rows))
			}
			for _, r := range filtered {
				if r[5] != one {
					t.Errorf("%s: filtered on %s, a row of %s", tc.name, one, r[5])
				}
			}
		}
		// Another hospital's part stays 404, CSV or not.
		if status, _ := runsGet(t, p, hospitalUser, fmt.Sprintf("/allocation/%d/hospitals/%d?format=csv", run, umcg), "en"); status != 404 {
			t.Errorf("another hospital's CSV: %d, want 404", status)
		}
	})
}
