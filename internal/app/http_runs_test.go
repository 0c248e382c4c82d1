package app_test

import (
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
			{"coordinator lists runs", coord, "", "GET", "/allocation", "", 200, "Baseline (demo)"},
			{"coordinator reads a run", coord, "", "GET", fmt.Sprintf("/allocation/%d", run), "", 200, "Baseline (demo)"},
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
			{"coordinator API list", nil, coordTok, "GET", "/api/v1/runs?kind=baseline", "", 200, "Baseline (demo)"},
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
