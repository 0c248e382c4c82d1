package app_test

import (
	"encoding/json"
	"fmt"
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

// demoFacility is the id of the demo facility with this name.
func demoFacility(t *testing.T, d *db.DB, name string) int64 {
	t.Helper()
	var id int64
	if err := d.Read.QueryRow(`SELECT id FROM facilities WHERE name = $1`, name).Scan(&id); err != nil {
		t.Fatalf("the demo has no facility %q: %v", name, err)
	}
	return id
}

// demoOutage is the id of the demo's outage of the facility.
func demoOutage(t *testing.T, d *db.DB, facility int64) int64 {
	t.Helper()
	var id int64
	if err := d.Read.QueryRow(`SELECT id FROM outages WHERE facility_id = $1 ORDER BY id LIMIT 1`, facility).Scan(&id); err != nil {
		t.Fatalf("the demo has no outage of facility %d: %v", facility, err)
	}
	return id
}

func countRows(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSupplyPages: every logged-in user sees the chain, its outages and the calendar; the CSV
// exports carry the demo's facilities.
func TestSupplyPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		hfr := demoFacility(t, d, "Hoge Flux Reactor (HFR)")
		c := p.LogIn(t, "lid@kern.example")
		for _, tc := range []struct {
			path, want string
		}{
			{"/supply", "Production calendar"},
			{"/supply/facilities", "BR2"},
			{"/supply/facilities?kind=cyclotron", "BV Cyclotron VU"},
			{"/supply/facilities?country=BE", "IRE Fleurus"},
			{"/supply/facilities/export.csv", "Curium Petten (generatoren)"},
			{fmt.Sprintf("/supply/facilities/%d", hfr), "Mo-99 bestraalde targets"},
			{"/supply/outages", "Unplanned"},
			{"/supply/outages/export.csv", "facility_id,facility,starts_at"},
			{"/supply/calendar", "not yet"},
			{"/supply/calendar.csv", "outage"},
			{"/supply/calendar.json", `"heatmap"`},
		} {
			status, body := p.Do(t, c, http.MethodGet, tc.path, "", "")
			if status != 200 || !strings.Contains(body, tc.want) {
				t.Errorf("GET %s: %d, want 200 with %q", tc.path, status, tc.want)
			}
		}
		if status, _ := p.Do(t, nil, http.MethodGet, "/supply/calendar", "", ""); status != http.StatusSeeOther {
			t.Errorf("GET /supply/calendar without logging in: %d, want 303 to the login", status)
		}
		status, body := p.Do(t, c, http.MethodGet, "/supply/facilities?kind=cyclotron", "", "")
		if status != 200 || strings.Contains(body, ">BR2</a>") {
			t.Errorf("the cyclotron filter shows BR2")
		}
	})
}

// TestSupplyOutageBadInput: an outage that ends before it starts, or reduces capacity outside
// 0–100 %, is refused with the field named, in the form and in the API, and nothing is written.
func TestSupplyOutageBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		hfr := demoFacility(t, d, "Hoge Flux Reactor (HFR)")
		before := countRows(t, d, `SELECT count(*) FROM outages`)
		tok := p.Token(t, "planning@nrg.example", auth.ScopeReadWrite)
		start := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Hour)
		for _, tc := range []struct {
			name      string
			end       time.Time
			reduction int
			field     string
		}{
			{"ends before it starts", start.Add(-time.Hour), 100, "ends_at"},
			{"ends when it starts", start, 100, "ends_at"},
			{"reduction above 100", start.Add(time.Hour), 101, "reduction_pct"},
			{"negative reduction", start.Add(time.Hour), -5, "reduction_pct"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				body := fmt.Sprintf(`{"facility_id": %d, "starts_at": %q, "ends_at": %q, "reduction_pct": %d, "kind": "planned"}`,
					hfr, start.Format(time.RFC3339), tc.end.Format(time.RFC3339), tc.reduction)
				status, got := p.Do(t, nil, http.MethodPost, "/api/v1/outages", tok, body)
				if status != http.StatusUnprocessableEntity || !strings.Contains(got, tc.field) {
					t.Errorf("API: %d %s, want 422 naming %s", status, got, tc.field)
				}
				c := p.LogIn(t, "planning@nrg.example")
				form := url.Values{"facility_id": {fmt.Sprint(hfr)}, "starts_at": {start.In(amsterdam).Format("2006-01-02T15:04")},
					"ends_at": {tc.end.In(amsterdam).Format("2006-01-02T15:04")}, "reduction_pct": {fmt.Sprint(tc.reduction)}, "kind": {"planned"}}
				res, err := c.PostForm(p.URL+"/supply/outages", form)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != http.StatusUnprocessableEntity {
					t.Errorf("form: %d, want 422", res.StatusCode)
				}
			})
		}
		if after := countRows(t, d, `SELECT count(*) FROM outages`); after != before {
			t.Errorf("outages %d → %d: bad input was written", before, after)
		}
	})
}

var amsterdam, _ = time.LoadLocation("Europe/Amsterdam")

// TestSupplyTenantRule: a producer changes only its own facilities' schedules and outages;
// another producer's answers 404 and nothing is written. The coordination office may change all.
func TestSupplyTenantRule(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		hfr := demoFacility(t, d, "Hoge Flux Reactor (HFR)")
		br2 := demoFacility(t, d, "BR2")
		br2Outage := demoOutage(t, d, br2)
		var br2Schedule int64
		d.Read.QueryRow(`SELECT id FROM facility_schedules WHERE facility_id = $1 ORDER BY id LIMIT 1`, br2).Scan(&br2Schedule)
		tok := p.Token(t, "planning@nrg.example", auth.ScopeReadWrite)
		audits := countRows(t, d, `SELECT count(*) FROM audit_log WHERE entity IN ('outage', 'schedule', 'facility', 'product')`)
		start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour)
		outage := func(facility int64) string {
			return fmt.Sprintf(`{"facility_id": %d, "starts_at": %q, "ends_at": %q, "reduction_pct": 50, "kind": "unplanned"}`,
				facility, start.Format(time.RFC3339), start.Add(48*time.Hour).Format(time.RFC3339))
		}
		schedule := `{"starts_on": "2026-01-05", "on_days": 7, "off_days": 0}`
		for _, tc := range []struct {
			method, path, body string
			status             int
		}{
			{http.MethodPut, fmt.Sprintf("/api/v1/outages/%d", br2Outage), outage(br2), 404},
			{http.MethodDelete, fmt.Sprintf("/api/v1/outages/%d", br2Outage), "", 404},
			{http.MethodPost, "/api/v1/outages", outage(br2), 404},
			{http.MethodPut, fmt.Sprintf("/api/v1/schedules/%d", br2Schedule), schedule, 404},
			{http.MethodDelete, fmt.Sprintf("/api/v1/schedules/%d", br2Schedule), "", 404},
			{http.MethodPut, fmt.Sprintf("/api/v1/facilities/%d", br2),
				`{"org_id": 1, "kind": "research_reactor", "name": "Overgenomen", "country": "BE"}`, 404},
		} {
			if status, body := p.Do(t, nil, tc.method, tc.path, tok, tc.body); status != tc.status {
				t.Errorf("%s %s: %d %s, want %d", tc.method, tc.path, status, body, tc.status)
			}
		}
		c := p.LogIn(t, "planning@nrg.example")
		for _, path := range []string{fmt.Sprintf("/supply/outages/%d/edit", br2Outage), fmt.Sprintf("/supply/schedules/%d/edit", br2Schedule),
			fmt.Sprintf("/supply/facilities/%d/edit", br2)} {
			if status, _ := p.Do(t, c, http.MethodGet, path, "", ""); status != 404 {
				t.Errorf("GET %s as NRG: %d, want 404", path, status)
			}
		}
		res, err := c.PostForm(p.URL+fmt.Sprintf("/supply/outages/%d/delete", br2Outage), url.Values{})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 404 {
			t.Errorf("POST delete of BR2's outage as NRG: %d, want 404", res.StatusCode)
		}
		if n := countRows(t, d, `SELECT count(*) FROM audit_log WHERE entity IN ('outage', 'schedule', 'facility', 'product')`); n != audits {
			t.Errorf("audit rows %d → %d: a refused change was written", audits, n)
		}
		if n := countRows(t, d, `SELECT count(*) FROM outages WHERE id = $1 AND reduction_pct = 60`, br2Outage); n != 1 {
			t.Errorf("BR2's outage changed")
		}
		// Its own facility: accepted.
		if status, body := p.Do(t, nil, http.MethodPost, "/api/v1/outages", tok, outage(hfr)); status != 201 {
			t.Errorf("NRG publishes an outage of HFR: %d %s", status, body)
		}
		coord := p.Token(t, "coordinatie@kern.example", auth.ScopeReadWrite)
		if status, body := p.Do(t, nil, http.MethodPut, fmt.Sprintf("/api/v1/outages/%d", br2Outage), coord, outage(br2)); status != 200 {
			t.Errorf("the coordination office changes BR2's outage: %d %s", status, body)
		}
	})
}

// TestSupplyOutageImport: a dry run writes nothing; a file with bad rows is refused by line
// with nothing imported; a good file is imported.
func TestSupplyOutageImport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		hfr := demoFacility(t, d, "Hoge Flux Reactor (HFR)")
		br2 := demoFacility(t, d, "BR2")
		tok := p.Token(t, "planning@nrg.example", auth.ScopeReadWrite)
		before := countRows(t, d, `SELECT count(*) FROM outages`)
		good := fmt.Sprintf("facility_id,facility,starts_at,ends_at,reduction_pct,kind,reason\n%d,HFR,2027-02-01 06:00,2027-02-08 06:00,100,planned,Onderhoud\n", hfr)
		bad := good + fmt.Sprintf("%d,HFR,2027-03-08 06:00,2027-03-01 06:00,100,planned,Verkeerd om\n", hfr) +
			fmt.Sprintf("%d,HFR,2027-03-08 06:00,2027-03-09 06:00,140,unplanned,Te veel\n", hfr) +
			fmt.Sprintf("%d,BR2,2027-03-08 06:00,2027-03-09 06:00,50,unplanned,Niet van NRG\n", br2)
		jsonBody := func(csv string, dry bool) string {
			return fmt.Sprintf(`{"csv": %q, "dry_run": %t}`, csv, dry)
		}
		status, body := p.Do(t, nil, http.MethodPost, "/api/v1/outages/import", tok, jsonBody(bad, false))
		if status != 422 {
			t.Fatalf("bad import: %d %s", status, body)
		}
		for _, want := range []string{"line_3.ends_at", "line_4.reduction_pct", "line_5.facility_id"} {
			if !strings.Contains(body, want) {
				t.Errorf("the refusal does not name %s: %s", want, body)
			}
		}
		if strings.Contains(body, "line_2") {
			t.Errorf("the good row is reported as bad: %s", body)
		}
		if n := countRows(t, d, `SELECT count(*) FROM outages`); n != before {
			t.Errorf("a refused import wrote %d outages", n-before)
		}
		status, body = p.Do(t, nil, http.MethodPost, "/api/v1/outages/import", tok, jsonBody(good, true))
		if status != 200 || !strings.Contains(body, `"applied":false`) || countRows(t, d, `SELECT count(*) FROM outages`) != before {
			t.Errorf("dry run: %d %s", status, body)
		}
		// The browser form shows the bad rows by line.
		c := p.LogIn(t, "planning@nrg.example")
		res, err := c.PostForm(p.URL+"/supply/outages/import", url.Values{"csv": {bad}})
		if err != nil {
			t.Fatal(err)
		}
		var sb strings.Builder
		buf := make([]byte, 1<<16)
		for {
			n, err := res.Body.Read(buf)
			sb.Write(buf[:n])
			if err != nil {
				break
			}
		}
		res.Body.Close()
		if res.StatusCode != 422 || !strings.Contains(sb.String(), "import-errors") {
			t.Errorf("form import of bad rows: %d", res.StatusCode)
		}
		status, body = p.Do(t, nil, http.MethodPost, "/api/v1/outages/import", tok, jsonBody(good, false))
		if status != 200 || countRows(t, d, `SELECT count(*) FROM outages`) != before+1 {
			t.Errorf("good import: %d %s", status, body)
		}
	})
}

// TestSupplyAPI: facilities, products and the calendar through /api/v1, in the OpenAPI document.
func TestSupplyAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		tok := p.Token(t, "planning@nrg.example", auth.ScopeReadWrite)
		hfr := demoFacility(t, d, "Hoge Flux Reactor (HFR)")
		for _, tc := range []struct {
			method, path, body string
			status             int
			want               string
		}{
			{http.MethodGet, "/api/v1/facilities?kind=research_reactor", "", 200, "BR2"},
			{http.MethodGet, fmt.Sprintf("/api/v1/facilities/%d", hfr), "", 200, "Petten"},
			{http.MethodGet, "/api/v1/products?nuclide=lu177", "", 200, "Lu-177"},
			{http.MethodGet, "/api/v1/outages?kind=unplanned", "", 200, "BR2"},
			{http.MethodGet, "/api/v1/supply/calendar?weeks=4", "", 200, "capacity_pct"},
			{http.MethodPost, "/api/v1/products", fmt.Sprintf(`{"facility_id": %d, "nuclide": "Xx-999", "form": "capsule"}`, hfr), 422, "nuclide"},
			{http.MethodPost, "/api/v1/products", fmt.Sprintf(`{"facility_id": %d, "nuclide": "ho166", "form": "bulk_solution", "nominal": ["20 GBq", "5,5 GBq"]}`, hfr), 201, `"Ho-166"`},
			{http.MethodPost, "/api/v1/products", fmt.Sprintf(`{"facility_id": %d, "nuclide": "Ho-166", "form": "capsule", "nominal": ["20"]}`, hfr), 422, "nominal"},
			{http.MethodPost, "/api/v1/schedules", fmt.Sprintf(`{"facility_id": %d, "starts_on": "2027-01-04", "on_days": 0, "off_days": 3}`, hfr), 422, "on_days"},
			{http.MethodGet, "/api/v1/openapi.json", "", 200, "/outages/import"},
		} {
			if status, body := p.Do(t, nil, tc.method, tc.path, tok, tc.body); status != tc.status || !strings.Contains(body, tc.want) {
				t.Errorf("%s %s: %d %.300s, want %d with %q", tc.method, tc.path, status, body, tc.status, tc.want)
			}
		}
	})
}

// TestSupplyFeeds: the facility page shows its suppliers; a producer changes its own facility's
// feeds through the form (a bad share is refused next to its row) and the API; another
// producer's facility answers 404 and nothing is written.
func TestSupplyFeeds(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		hfr := demoFacility(t, d, "Hoge Flux Reactor (HFR)")
		br2 := demoFacility(t, d, "BR2")
		processor := demoFacility(t, d, "Curium Petten (verwerking)")
		pallas := demoFacility(t, d, "PALLAS-reactor")
		lid := p.LogIn(t, "lid@kern.example")
		if status, body := p.Do(t, lid, http.MethodGet, fmt.Sprintf("/supply/facilities/%d", processor), "", ""); status != 200 ||
			!strings.Contains(body, "Hoge Flux Reactor (HFR)") || !strings.Contains(body, "70 %") {
			t.Errorf("processor page: %d, want its supplier HFR at 70 %%", status)
		}
		before := countRows(t, d, `SELECT count(*) FROM facility_feeds`)
		nrg := p.LogIn(t, "planning@nrg.example")
		res, err := nrg.PostForm(p.URL+fmt.Sprintf("/supply/facilities/%d/feeds", pallas),
			url.Values{"upstream_0": {fmt.Sprint(hfr)}, "share_0": {"50"}, "upstream_1": {fmt.Sprint(br2)}, "share_1": {"0"}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a zero share: %d, want 422", res.StatusCode)
		}
		if n := countRows(t, d, `SELECT count(*) FROM facility_feeds`); n != before {
			t.Errorf("feeds %d → %d after a refused form", before, n)
		}
		tok := p.Token(t, "planning@nrg.example", auth.ScopeReadWrite)
		for _, tc := range []struct {
			facility int64
			body     string
			status   int
			want     string
		}{
			{br2, fmt.Sprintf(`{"feeds": [{"upstream_id": %d, "share": 0.5}]}`, hfr), 404, ""},
			{pallas, fmt.Sprintf(`{"feeds": [{"upstream_id": %d, "share": 0.6}, {"upstream_id": %d, "share": 0.6}]}`, hfr, br2), 422, `"body.feeds"`},
			{pallas, fmt.Sprintf(`{"feeds": [{"upstream_id": %d, "share": 0.5}]}`, pallas), 422, "feeds[0].upstream_id"},
			{pallas, fmt.Sprintf(`{"feeds": [{"upstream_id": %d, "share": 0.25}]}`, hfr), 200, `"share":0.25`},
		} {
			status, body := p.Do(t, nil, http.MethodPut, fmt.Sprintf("/api/v1/facilities/%d/feeds", tc.facility), tok, tc.body)
			if status != tc.status || !strings.Contains(body, tc.want) {
				t.Errorf("PUT feeds of %d with %s: %d %s, want %d with %s", tc.facility, tc.body, status, body, tc.status, tc.want)
			}
		}
		if n := countRows(t, d, `SELECT count(*) FROM facility_feeds WHERE facility_id = $1`, br2); n != 0 {
			t.Errorf("BR2 got %d feeds from another producer", n)
		}
	})
}

// TestSupplyScheduleImport: operating cycles import through the API and the page: bad rows are
// refused by line and column with nothing written (another producer's facility on its line), a
// dry run writes nothing, a good file creates the cycles with an audit row each; the export has
// the import's columns.
func TestSupplyScheduleImport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		hfr := demoFacility(t, d, "Hoge Flux Reactor (HFR)")
		br2 := demoFacility(t, d, "BR2")
		tok := p.Token(t, "planning@nrg.example", auth.ScopeReadWrite)
		head := "facility_id,facility,product_id,product,starts_on,ends_on,on_days,off_days,activity,run_weekdays,note\n"
		good := head + fmt.Sprintf("%d,HFR,,,2027-02-01,2027-06-01,28,9,,mon thu,imported\n", hfr)
		bad := good + fmt.Sprintf("%d,HFR,,,2027-02-01,2027-01-01,28,9,,,backwards\n", hfr) +
			fmt.Sprintf("%d,BR2,,,2027-02-01,,28,9,,,not NRG's\n", br2) +
			fmt.Sprintf("%d,HFR,,,2027-02-01,,28,9,,someday,\n", hfr)
		jsonBody := func(csv string, dry bool) string { return fmt.Sprintf(`{"csv": %q, "dry_run": %t}`, csv, dry) }
		before := countRows(t, d, `SELECT count(*) FROM facility_schedules`)
		audits := countRows(t, d, `SELECT count(*) FROM audit_log WHERE entity = 'schedule'`)
		status, body := p.Do(t, nil, http.MethodPost, "/api/v1/schedules/import", tok, jsonBody(bad, false))
		if status != 422 {
			t.Fatalf("bad import: %d %s", status, body)
		}
		for _, want := range []string{"line_3.ends_on", "line_4.facility_id", "line_5.run_weekdays"} {
			if !strings.Contains(body, want) {
				t.Errorf("the refusal does not name %s: %s", want, body)
			}
		}
		if strings.Contains(body, "line_2") {
			t.Errorf("the good row is reported as bad: %s", body)
		}
		if n := countRows(t, d, `SELECT count(*) FROM facility_schedules`); n != before {
			t.Errorf("a refused import wrote %d schedules", n-before)
		}
		status, body = p.Do(t, nil, http.MethodPost, "/api/v1/schedules/import", tok, jsonBody(good, true))
		if status != 200 || !strings.Contains(body, `"applied":false`) || countRows(t, d, `SELECT count(*) FROM facility_schedules`) != before {
			t.Errorf("dry run: %d %s", status, body)
		}
		// The page: a producer opens it and sees bad rows by line; a hospital's user is refused.
		c := p.LogIn(t, "planning@nrg.example")
		if status, body := p.Do(t, c, http.MethodGet, "/supply/schedules/import", "", ""); status != 200 || !strings.Contains(body, "run_weekdays") {
			t.Errorf("GET the import page as NRG: %d", status)
		}
		res, err := c.PostForm(p.URL+"/supply/schedules/import", url.Values{"csv": {bad}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 422 {
			t.Errorf("form import of bad rows: %d, want 422", res.StatusCode)
		}
		hospital := p.LogIn(t, "afdeling@radboudumc.example")
		if status, _ := p.Do(t, hospital, http.MethodGet, "/supply/schedules/import", "", ""); status != 403 {
			t.Errorf("GET the import page as a hospital: %d, want 403", status)
		}
		status, body = p.Do(t, nil, http.MethodPost, "/api/v1/schedules/import", tok, jsonBody(good, false))
		if status != 200 || countRows(t, d, `SELECT count(*) FROM facility_schedules`) != before+1 ||
			countRows(t, d, `SELECT count(*) FROM audit_log WHERE entity = 'schedule'`) != audits+1 {
			t.Errorf("good import: %d %s", status, body)
		}
		status, body = p.Do(t, c, http.MethodGet, fmt.Sprintf("/supply/schedules/export.csv?facility=%d", hfr), "", "")
		if status != 200 || !strings.HasPrefix(strings.TrimPrefix(body, "\ufeff"), strings.TrimSpace(head)) || !strings.Contains(body, "2027-02-01,2027-06-01,28,9,,mon thu,imported") {
			t.Errorf("export: %d %s", status, body)
		}
	})
}

// TestSupplyScheduleRoundTrip: a schedule reads in the shapes a write takes (dates, weekday
// codes, the activity with a unit), so what GET returns can be written back unchanged.
func TestSupplyScheduleRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		hfr := demoFacility(t, d, "Hoge Flux Reactor (HFR)")
		tok := p.Token(t, "planning@nrg.example", auth.ScopeReadWrite)
		var product int64
		d.Read.QueryRow(`SELECT id FROM products WHERE facility_id = $1 ORDER BY id LIMIT 1`, hfr).Scan(&product)
		status, body := p.Do(t, nil, http.MethodPost, "/api/v1/schedules", tok, fmt.Sprintf(
			`{"facility_id": %d, "product_id": %d, "starts_on": "2027-01-04", "ends_on": "2027-12-31", "on_days": 28, "off_days": 9, "activity": "200 GBq", "run_weekdays": ["mon", "thu"]}`, hfr, product))
		if status != 201 {
			t.Fatalf("create: %d %s", status, body)
		}
		var created struct{ ID int64 }
		json.Unmarshal([]byte(body), &created)
		status, body = p.Do(t, nil, http.MethodGet, fmt.Sprintf("/api/v1/schedules/%d", created.ID), tok, "")
		var got struct {
			FacilityID  int64    `json:"facility_id"`
			ProductID   int64    `json:"product_id"`
			StartsOn    string   `json:"starts_on"`
			EndsOn      string   `json:"ends_on"`
			OnDays      int      `json:"on_days"`
			OffDays     int      `json:"off_days"`
			Activity    string   `json:"activity"`
			RunWeekdays []string `json:"run_weekdays"`
		}
		if err := json.Unmarshal([]byte(body), &got); status != 200 || err != nil {
			t.Fatalf("GET the schedule: %d %v %s", status, err, body)
		}
		if got.StartsOn != "2027-01-04" || got.EndsOn != "2027-12-31" || strings.Join(got.RunWeekdays, ",") != "mon,thu" || got.Activity != "200.0 GBq" {
			t.Errorf("GET the schedule: %s", body)
		}
		back, _ := json.Marshal(got)
		status, body = p.Do(t, nil, http.MethodPut, fmt.Sprintf("/api/v1/schedules/%d", created.ID), tok, string(back))
		if status != 200 || !strings.Contains(body, `"starts_on":"2027-01-04"`) || !strings.Contains(body, `"run_weekdays":["mon","thu"]`) {
			t.Errorf("PUT back what GET returned: %d %s", status, body)
		}
		if status, _ := p.Do(t, nil, http.MethodGet, "/api/v1/schedules/999999", tok, ""); status != 404 {
			t.Errorf("GET an unknown schedule: %d, want 404", status)
		}
		pallas := demoFacility(t, d, "PALLAS-reactor")
		if status, body := p.Do(t, nil, http.MethodGet, fmt.Sprintf("/api/v1/facilities/%d", pallas), tok, ""); status != 200 || !strings.Contains(body, `"starts_on":"2030-07-01"`) {
			t.Errorf("PALLAS's starts_on: %d %s", status, body)
		}
		if status, body := p.Do(t, nil, http.MethodGet, "/api/v1/openapi.json", "", ""); status != 200 || !strings.Contains(body, "/schedules/import") {
			t.Errorf("the OpenAPI document lacks the schedule import")
		}
	})
}

// TestSupplyByRole: the overview links the allocation pages and the publishing buttons only for
// those who may use them; a hospital's user is refused the outage form (403).
func TestSupplyByRole(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		for _, tc := range []struct {
			user       string
			has, lacks []string
		}{
			{"afdeling@radboudumc.example", []string{`href="/allocation/mine"`}, []string{`href="/allocation"`, `href="/allocation/producer"`,
				`href="/supply/outages/new"`, `href="/supply/outages/import"`, `href="/supply/schedules/import"`}},
			{"planning@nrg.example", []string{`href="/allocation/producer"`, `href="/supply/outages/new"`, `href="/supply/schedules/import"`},
				[]string{`href="/allocation"`, `href="/allocation/mine"`}},
			{"coordinatie@kern.example", []string{`href="/allocation"`, `href="/supply/outages/new"`}, []string{`href="/allocation/mine"`}},
			{"lid@kern.example", nil, []string{`href="/allocation"`, `href="/allocation/mine"`, `href="/allocation/producer"`, `href="/supply/outages/new"`}},
		} {
			c := p.LogIn(t, tc.user)
			status, body := p.Do(t, c, http.MethodGet, "/supply", "", "")
			if status != 200 {
				t.Fatalf("GET /supply as %s: %d", tc.user, status)
			}
			for _, s := range tc.has {
				if !strings.Contains(body, s) {
					t.Errorf("%s: the overview lacks %s", tc.user, s)
				}
			}
			for _, s := range tc.lacks {
				if strings.Contains(body, s) {
					t.Errorf("%s: the overview shows %s", tc.user, s)
				}
			}
		}
		hospital := p.LogIn(t, "afdeling@radboudumc.example")
		for _, path := range []string{"/supply/outages/new", "/supply/outages/import", "/supply/facilities/new"} {
			if status, _ := p.Do(t, hospital, http.MethodGet, path, "", ""); status != 403 {
				t.Errorf("GET %s as a hospital: %d, want 403", path, status)
			}
		}
		for _, path := range []string{"/supply/outages", "/supply/calendar"} {
			if _, body := p.Do(t, hospital, http.MethodGet, path, "", ""); strings.Contains(body, `href="/supply/outages/new"`) {
				t.Errorf("%s shows a hospital the outage button", path)
			}
		}
		nrg := p.LogIn(t, "planning@nrg.example")
		if status, _ := p.Do(t, nrg, http.MethodGet, "/supply/outages/new", "", ""); status != 200 {
			t.Errorf("GET /supply/outages/new as NRG: %d, want 200", status)
		}
	})
}

// TestSupplyOutageSearchAndCalendar: the outage list searches facility names and reasons
// (folded), in the page and the API; the calendar shows in each cell what is made.
func TestSupplyOutageSearchAndCalendar(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		hfr := demoFacility(t, d, "Hoge Flux Reactor (HFR)")
		c := p.LogIn(t, "lid@kern.example")
		tok := p.Token(t, "lid@kern.example", auth.ScopeRead)
		for _, tc := range []struct {
			path      string
			has, lack string
		}{
			{"/supply/outages?q=br2", ">BR2</a>", ">Hoge Flux Reactor (HFR)</a>"},
			{"/supply/outages?q=zzzz-geen", "zzzz-geen", "outage-"},
			{"/api/v1/outages?q=BR2", `"BR2"`, "Hoge Flux"},
			{"/api/v1/outages?q=zzzz", `"items":[]`, "BR2"},
		} {
			cl, token := c, ""
			if strings.HasPrefix(tc.path, "/api/") {
				cl, token = nil, tok
			}
			status, body := p.Do(t, cl, http.MethodGet, tc.path, token, "")
			if status != 200 || !strings.Contains(body, tc.has) || strings.Contains(body, tc.lack) {
				t.Errorf("GET %s: %d, want %q without %q", tc.path, status, tc.has, tc.lack)
			}
		}
		_, body := p.Do(t, c, http.MethodGet, "/supply/calendar", "", "")
		row := body[strings.Index(body, fmt.Sprintf(`id="cal-%d"`, hfr)):]
		row = row[:strings.Index(row, "</tr>")]
		if !strings.Contains(row, `class="product"`) || !strings.Contains(row, "Mo-99 ") {
			t.Errorf("HFR's calendar row names no product: %.600s", row)
		}
	})
}
