package app_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"kern/internal/app/apptest"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
)

func demoOrgID(t *testing.T, d *db.DB, short string) int64 {
	t.Helper()
	var id int64
	if err := d.Read.QueryRow(`SELECT id FROM organizations WHERE short_name = $1`, short).Scan(&id); err != nil {
		t.Fatalf("the demo has no organisation %q: %v", short, err)
	}
	return id
}

func demoOrderID(t *testing.T, d *db.DB, reference string) int64 {
	t.Helper()
	var id int64
	if err := d.Read.QueryRow(`SELECT id FROM orders WHERE reference = $1`, reference).Scan(&id); err != nil {
		t.Fatalf("the demo has no order %q: %v", reference, err)
	}
	return id
}

func demoProductID(t *testing.T, d *db.DB, name string) int64 {
	t.Helper()
	var id int64
	if err := d.Read.QueryRow(`SELECT id FROM products WHERE name = $1 ORDER BY id LIMIT 1`, name).Scan(&id); err != nil {
		t.Fatalf("the demo has no product %q: %v", name, err)
	}
	return id
}

// TestDemandPages: each role sees its part of the demand: the coordination office the national
// totals, a hospital its own orders, a producer the demand for its products.
func TestDemandPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		radboud := demoOrgID(t, d, "Radboudumc")
		for _, tc := range []struct {
			who, path, want, not string
		}{
			{"coordinatie@kern.example", "/demand", "National demand per nuclide per week", ""},
			{"coordinatie@kern.example", "/demand/totals.json", `"series"`, ""},
			{"coordinatie@kern.example", fmt.Sprintf("/demand/routes?for=%d", radboud), "route of the pair", ""},
			{"coordinatie@kern.example", "/demand/routes", "BV Cyclotron VU", ""},
			{"coordinatie@kern.example", "/demand/standing?nuclide=Lu-177", "Lu-177", "— Mo-99/Tc-99m-generator</td>"},
			{"coordinatie@kern.example", "/demand/standing/export.csv", "org_id,hospital,product_id", ""},
			{"coordinatie@kern.example", "/orders?period=all", "UMCG-88120", ""},
			{"coordinatie@kern.example", "/orders/export.csv?q=RAD", "RAD-2026-0141", "UMCG-88120"},
			{"coordinatie@kern.example", "/demand/generator", "bone_scan", ""},
			{"afdeling@radboudumc.example", "/demand", "RAD-2026-0141", "UMCG-88120"},
			{"afdeling@radboudumc.example", "/orders", "RAD-2026-0142", "UMCG-88121"},
			{"afdeling@radboudumc.example", "/demand/standing", "Radboudumc", "Universitair Medisch Centrum Groningen"},
			{"planning@nrg.example", "/demand", "Demand for your products", ""},
			{"planning@nrg.example", "/demand/standing", "Lu-177", "— Mo-99/Tc-99m-generator</td>"},
			{"lid@kern.example", "/demand", "do not order for a hospital", ""},
			{"lid@kern.example", "/orders", "No orders found", ""},
		} {
			c := p.LogIn(t, tc.who)
			status, body := p.Do(t, c, http.MethodGet, tc.path, "", "")
			if status != 200 || !strings.Contains(body, tc.want) || (tc.not != "" && strings.Contains(body, tc.not)) {
				t.Errorf("%s GET %s: %d, want 200 with %q and without %q", tc.who, tc.path, status, tc.want, tc.not)
			}
		}
	})
}

// TestDemandTenantRule: a hospital user reads, changes and cancels only its own hospital's orders;
// another hospital's answer 404 in the pages and the API, and ordering for another hospital too.
func TestDemandTenantRule(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		umcg, umcgOrder := demoOrgID(t, d, "UMCG"), demoOrderID(t, d, "UMCG-88120")
		lu := demoProductID(t, d, "Lu-177 (n.c.a.) bulk")
		c := p.LogIn(t, "afdeling@radboudumc.example")
		tok := p.Token(t, "afdeling@radboudumc.example", auth.ScopeReadWrite)
		before := countRows(t, d, `SELECT count(*) FROM orders`)
		cal := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour)
		for _, tc := range []struct {
			method, path, body string
			api                bool
		}{
			{http.MethodGet, fmt.Sprintf("/orders/%d", umcgOrder), "", false},
			{http.MethodGet, fmt.Sprintf("/orders/%d/edit", umcgOrder), "", false},
			{http.MethodPost, fmt.Sprintf("/orders/%d/cancel", umcgOrder), "", false},
			{http.MethodGet, fmt.Sprintf("/api/v1/orders/%d", umcgOrder), "", true},
			{http.MethodPost, fmt.Sprintf("/api/v1/orders/%d/cancel", umcgOrder), "", true},
			{http.MethodPut, fmt.Sprintf("/api/v1/orders/%d", umcgOrder), fmt.Sprintf(`{"org_id": %d, "product_id": %d, "activity": "7.4 GBq", "calibration_at": %q, "priority": 1}`, umcg, lu, cal.Format(time.RFC3339)), true},
			{http.MethodPost, "/api/v1/orders", fmt.Sprintf(`{"org_id": %d, "product_id": %d, "activity": "7.4 GBq", "calibration_at": %q, "priority": 1}`, umcg, lu, cal.Format(time.RFC3339)), true},
		} {
			token, client := "", c
			if tc.api {
				token, client = tok, nil
			}
			if status, body := p.Do(t, client, tc.method, tc.path, token, tc.body); status != http.StatusNotFound {
				t.Errorf("%s %s as Radboudumc: %d %.200s, want 404", tc.method, tc.path, status, body)
			}
		}
		form := url.Values{"org_id": {fmt.Sprint(umcg)}, "product_id": {fmt.Sprint(lu)}, "activity": {"7.4 GBq"},
			"calibration_at": {cal.In(amsterdam).Format("2006-01-02T15:04")}, "priority": {"1"}}
		res, err := c.PostForm(p.URL+"/orders", form)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("the order form for UMCG as Radboudumc: %d, want 404", res.StatusCode)
		}
		if n := countRows(t, d, `SELECT count(*) FROM orders`); n != before {
			t.Errorf("%d orders after the refused requests, want %d", n, before)
		}
		if n := countRows(t, d, `SELECT count(*) FROM orders WHERE id = $1 AND status = 'open'`, umcgOrder); n != 1 {
			t.Errorf("UMCG's order was cancelled by Radboudumc")
		}
		// The API list shows only Radboudumc's own.
		status, body := p.Do(t, nil, http.MethodGet, "/api/v1/orders?per_page=200", tok, "")
		if status != 200 || strings.Contains(body, "UMCG-") || !strings.Contains(body, "RAD-2026-0141") {
			t.Errorf("Radboudumc's API list: %d, want its own orders only", status)
		}
		// A producer changes only its own facility's routes.
		var vuRoute int64
		if err := d.Read.QueryRow(`SELECT r.id FROM routes r JOIN facilities f ON f.id = r.facility_id WHERE f.name = 'BV Cyclotron VU' ORDER BY r.id LIMIT 1`).Scan(&vuRoute); err != nil {
			t.Fatal(err)
		}
		nrg := p.Token(t, "planning@nrg.example", auth.ScopeReadWrite)
		if status, _ := p.Do(t, nil, http.MethodPut, fmt.Sprintf("/api/v1/routes/%d", vuRoute), nrg, `{"transit_hours": 9}`); status != http.StatusNotFound {
			t.Errorf("NRG changing Cyclotron VU's route: %d, want 404", status)
		}
		if status, _ := p.Do(t, nil, http.MethodPost, "/api/v1/route-defaults", nrg, `{"from_country": "NL", "to_country": "DE", "transit_hours": 9}`); status != http.StatusForbidden {
			t.Errorf("NRG adding a route default: %d, want 403", status)
		}
		coord := p.Token(t, "coordinatie@kern.example", auth.ScopeReadWrite)
		if status, body := p.Do(t, nil, http.MethodPut, fmt.Sprintf("/api/v1/routes/%d", vuRoute), coord, `{"transit_hours": 1.25}`); status != 200 || !strings.Contains(body, `"transit_hours":1.25`) {
			t.Errorf("the coordination office changing a route: %d %s", status, body)
		}
	})
}

// TestDemandOrderBadInput: a calibration in the past, a zero or negative activity, an unknown
// product, a window ending before calibration: 422 naming the field, in the API and the form,
// and nothing is written.
func TestDemandOrderBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		radboud := demoOrgID(t, d, "Radboudumc")
		gen := demoProductID(t, d, "Mo-99/Tc-99m-generator")
		tok := p.Token(t, "afdeling@radboudumc.example", auth.ScopeReadWrite)
		c := p.LogIn(t, "afdeling@radboudumc.example")
		before := countRows(t, d, `SELECT count(*) FROM orders`)
		future := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Hour)
		for _, tc := range []struct {
			name, activity string
			product        int64
			cal            time.Time
			window         *time.Time
			field          string
		}{
			{"calibration in the past", "10 GBq", gen, time.Now().Add(-2 * time.Hour).UTC().Truncate(time.Minute), nil, "calibration_at"},
			{"zero activity", "0 GBq", gen, future, nil, "activity"},
			{"negative activity", "-5 GBq", gen, future, nil, "activity"},
			{"unknown product", "10 GBq", 999999, future, nil, "product_id"},
			{"window before calibration", "10 GBq", gen, future, ptrTime(future.Add(-time.Hour)), "window_end"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				window := ""
				if tc.window != nil {
					window = fmt.Sprintf(`, "window_end": %q`, tc.window.Format(time.RFC3339))
				}
				body := fmt.Sprintf(`{"org_id": %d, "product_id": %d, "activity": %q, "calibration_at": %q, "priority": 2%s}`,
					radboud, tc.product, tc.activity, tc.cal.Format(time.RFC3339), window)
				status, got := p.Do(t, nil, http.MethodPost, "/api/v1/orders", tok, body)
				if status != http.StatusUnprocessableEntity || !strings.Contains(got, tc.field) {
					t.Errorf("API: %d %s, want 422 naming %s", status, got, tc.field)
				}
				form := url.Values{"org_id": {fmt.Sprint(radboud)}, "product_id": {fmt.Sprint(tc.product)}, "activity": {tc.activity},
					"calibration_at": {tc.cal.In(amsterdam).Format("2006-01-02T15:04")}, "priority": {"2"}}
				if tc.window != nil {
					form.Set("window_end", tc.window.In(amsterdam).Format("2006-01-02T15:04"))
				}
				res, err := c.PostForm(p.URL+"/orders", form)
				if err != nil {
					t.Fatal(err)
				}
				page, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(page), `id="e-`+tc.field+`"`) {
					t.Errorf("form: %d, want 422 with the error next to %s", res.StatusCode, tc.field)
				}
			})
		}
		if n := countRows(t, d, `SELECT count(*) FROM orders`); n != before {
			t.Errorf("%d orders after bad input, want %d", n, before)
		}
		// A good order: the activity comes back in readable units, the product's form sets divisible.
		status, got := p.Do(t, nil, http.MethodPost, "/api/v1/orders", tok, fmt.Sprintf(
			`{"org_id": %d, "product_id": %d, "activity": "270 mCi", "calibration_at": %q, "priority": 1}`, radboud, gen, future.Format(time.RFC3339)))
		var o struct {
			ID         int64   `json:"id"`
			ActivityBq float64 `json:"activity_bq"`
			Divisible  bool    `json:"divisible"`
		}
		json.Unmarshal([]byte(got), &o)
		if status != http.StatusCreated || o.ActivityBq != 270e-3*3.7e10 || !o.Divisible {
			t.Errorf("a good order: %d %s", status, got)
		}
		if status, page := p.Do(t, c, http.MethodGet, fmt.Sprintf("/orders/%d", o.ID), "", ""); status != 200 || !strings.Contains(page, "9.99 GBq") {
			t.Errorf("the order page: %d, want the activity as 9.99 GBq", status)
		}
	})
}

func ptrTime(t time.Time) *time.Time { return &t }

// TestDemandOrderImport: a CSV with bad rows is refused whole, every bad row named by line; a dry
// run writes nothing; a good file places its orders.
func TestDemandOrderImport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		umcg := demoOrgID(t, d, "UMCG")
		gen := demoProductID(t, d, "Mo-99/Tc-99m-generator")
		tok := p.Token(t, "afdeling@radboudumc.example", auth.ScopeReadWrite)
		before := countRows(t, d, `SELECT count(*) FROM orders`)
		future := time.Now().AddDate(0, 0, 3).In(amsterdam).Format("2006-01-02") + " 07:00"
		past := time.Now().AddDate(0, 0, -3).In(amsterdam).Format("2006-01-02") + " 07:00"
		bad := strings.Join([]string{
			"org_id,product_id,activity,calibration_at,window_end,priority,reference",
			fmt.Sprintf(",%d,10 GBq,%s,,2,IMP-1", gen, future),
			fmt.Sprintf(",%d,10 GBq,%s,,2,IMP-2", gen, past),
			fmt.Sprintf(",%d,0 GBq,%s,,2,IMP-3", gen, future),
			fmt.Sprintf(",999999,10 GBq,%s,,2,IMP-4", future),
			fmt.Sprintf("%d,%d,10 GBq,%s,,2,IMP-5", umcg, gen, future),
			fmt.Sprintf(",%d,10 GBq,%s,%s,2,IMP-6", gen, future, past),
		}, "\n")
		req, _ := http.NewRequest(http.MethodPost, p.URL+"/api/v1/orders/import", strings.NewReader(bad))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "text/csv")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a CSV with bad rows: %d %s, want 422", res.StatusCode, body)
		}
		for _, want := range []string{"csv.line_3.calibration_at", "csv.line_4.activity", "csv.line_5.product_id", "csv.line_6.org_id", "csv.line_7.window_end"} {
			if !strings.Contains(string(body), want) {
				t.Errorf("the answer does not name %s: %s", want, body)
			}
		}
		if strings.Contains(string(body), "line_2.") {
			t.Errorf("the good line 2 is reported: %s", body)
		}
		// The browser form lists the bad lines too.
		c := p.LogIn(t, "afdeling@radboudumc.example")
		fres, err := c.PostForm(p.URL+"/orders/import", url.Values{"csv": {bad}})
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(fres.Body)
		fres.Body.Close()
		if fres.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(page), `id="import-errors"`) {
			t.Errorf("the import form with bad rows: %d", fres.StatusCode)
		}
		good := strings.Join([]string{
			"org_id,product_id,activity,calibration_at,priority,divisible,reference",
			fmt.Sprintf(",%d,10 GBq,%s,2,,IMP-OK-1", gen, future),
			fmt.Sprintf(",%d,270 mCi,%s,1,true,IMP-OK-2", gen, future),
		}, "\n")
		status, got := p.Do(t, nil, http.MethodPost, "/api/v1/orders/import", tok, fmt.Sprintf(`{"csv": %q, "dry_run": true}`, good))
		if status != 200 || !strings.Contains(got, `"dry_run":true`) {
			t.Errorf("dry run: %d %s", status, got)
		}
		if n := countRows(t, d, `SELECT count(*) FROM orders`); n != before {
			t.Fatalf("%d orders after a refused import and a dry run, want %d", n, before)
		}
		status, got = p.Do(t, nil, http.MethodPost, "/api/v1/orders/import", tok, fmt.Sprintf(`{"csv": %q}`, good))
		if status != 200 || !strings.Contains(got, `"applied":true`) {
			t.Errorf("import: %d %s", status, got)
		}
		if n := countRows(t, d, `SELECT count(*) FROM orders WHERE reference LIKE 'IMP-OK-%' AND org_id = $1`, demoOrgID(t, d, "Radboudumc")); n != 2 {
			t.Errorf("%d imported orders for Radboudumc, want 2", n)
		}
	})
}

// TestDemandGeneratorAPI: the planning aid answers a size and the smallest covering nominal size.
func TestDemandGeneratorAPI(t *testing.T) {
	d := dbtest.SQLite(t)
	p := apptest.Start(t, d)
	gen := demoProductID(t, d, "Mo-99/Tc-99m-generator")
	tok := p.Token(t, "afdeling@radboudumc.example", auth.ScopeRead)
	status, got := p.Do(t, nil, http.MethodPost, "/api/v1/generator-sizing", tok, fmt.Sprintf(`{"procedures": [
  {"weekday": 1, "time": "08:00", "procedure": "bone_scan", "count": 6},
  {"weekday": 3, "time": "09:00", "procedure": "myocardial_perfusion", "count": 4, "activity_mbq": 800}],
  "calibration_weekday": 1, "calibration_time": "06:00", "product_id": %d}`, gen))
	if status != 200 || !strings.Contains(got, `"size_bq"`) || !strings.Contains(got, `"nominal_bq":1075`) {
		t.Errorf("generator sizing: %d %s", status, got)
	}
	status, got = p.Do(t, nil, http.MethodPost, "/api/v1/generator-sizing", tok, `{"procedures": [], "calibration_weekday": 1, "calibration_time": "06:00", "efficiency": 1.5}`)
	if status != http.StatusUnprocessableEntity || !strings.Contains(got, "efficiency") {
		t.Errorf("bad efficiency: %d %s", status, got)
	}
}

func getLang(t *testing.T, c *http.Client, u, lang string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Accept-Language", lang)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res.StatusCode, string(b)
}

// TestDemandStandingImport: standing weekly demand is imported in the export's format; a file with
// bad rows is refused whole, each bad row named by line and column (another hospital's row too);
// a dry run writes nothing; the import writes every row with its audit entry.
func TestDemandStandingImport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		radboud, umcg := demoOrgID(t, d, "Radboudumc"), demoOrgID(t, d, "UMCG")
		gen := demoProductID(t, d, "Mo-99/Tc-99m-generator")
		tok := p.Token(t, "afdeling@radboudumc.example", auth.ScopeReadWrite)
		countStanding := func() int { return countRows(t, d, `SELECT count(*) FROM standing_demands`) }
		before := countStanding()
		head := "org_id,product_id,weekday,at_time,activity,priority,divisible,window_hours,starts_on,ends_on,note"
		bad := strings.Join([]string{
			head,
			fmt.Sprintf(",%d,mon,07:00,10 GBq,2,,4,2026-01-05,,ok", gen),
			fmt.Sprintf(",%d,someday,07:00,10 GBq,2,,4,2026-01-05,,bad day", gen),
			fmt.Sprintf(",%d,tue,07:00,0 GBq,2,,4,2026-01-05,,zero", gen),
			",999999,wed,07:00,10 GBq,2,,4,2026-01-05,,unknown product",
			fmt.Sprintf("%d,%d,thu,07:00,10 GBq,2,,4,2026-01-05,,another hospital", umcg, gen),
			fmt.Sprintf(",%d,fri,07:00,10 GBq,2,,4,5 January,,bad date", gen),
			fmt.Sprintf(",%d,fri,07:00,10 GBq,2,,4,2026-01-05,2026-01-01,ends before", gen),
		}, "\n")
		req, _ := http.NewRequest(http.MethodPost, p.URL+"/api/v1/demand/import", strings.NewReader(bad))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "text/csv")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a CSV with bad rows: %d %s, want 422", res.StatusCode, body)
		}
		for _, want := range []string{"csv.line_3.weekday", "csv.line_4.activity", "csv.line_5.product_id", "csv.line_6.org_id",
			"csv.line_7.starts_on", "csv.line_8.ends_on"} {
			if !strings.Contains(string(body), want) {
				t.Errorf("the answer does not name %s: %s", want, body)
			}
		}
		if strings.Contains(string(body), "line_2.") {
			t.Errorf("the good line 2 is reported: %s", body)
		}
		if n := countStanding(); n != before {
			t.Fatalf("%d standing demands after a refused import, want %d", n, before)
		}
		// The browser page lists the bad lines too, and the list links to it.
		c := p.LogIn(t, "afdeling@radboudumc.example")
		if status, page := p.Do(t, c, http.MethodGet, "/demand/standing", "", ""); status != 200 || !strings.Contains(page, `href="/demand/standing/import"`) {
			t.Errorf("the standing demand list does not link to the import: %d", status)
		}
		fres, err := c.PostForm(p.URL+"/demand/standing/import", url.Values{"csv": {bad}})
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(fres.Body)
		fres.Body.Close()
		if fres.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(page), `id="import-errors"`) || !strings.Contains(string(page), "<td>weekday</td>") {
			t.Errorf("the import page with bad rows: %d", fres.StatusCode)
		}
		// What the export gives can be read back (a dry run: the same rows, nothing written).
		_, export := p.Do(t, c, http.MethodGet, "/demand/standing/export.csv", "", "")
		lines := len(strings.Split(strings.TrimSpace(export), "\n")) - 1
		status, got := p.Do(t, nil, http.MethodPost, "/api/v1/demand/import", tok, fmt.Sprintf(`{"csv": %q, "dry_run": true}`, export))
		var rep struct {
			DryRun bool              `json:"dry_run"`
			Rows   []json.RawMessage `json:"rows"`
		}
		json.Unmarshal([]byte(got), &rep)
		if status != 200 || !rep.DryRun || len(rep.Rows) != lines || lines == 0 {
			t.Errorf("the export read back as a dry run: %d, %d rows of %d: %.300s", status, len(rep.Rows), lines, got)
		}
		if n := countStanding(); n != before {
			t.Fatalf("%d standing demands after a dry run, want %d", n, before)
		}
		// The import writes every row, for the user's own hospital, each audited.
		audited := countRows(t, d, `SELECT count(*) FROM audit_log WHERE entity = 'standing_demand' AND action = 'create'`)
		good := strings.Join([]string{head,
			fmt.Sprintf(",%d,mon,07:00,10 GBq,2,,4,2026-01-05,,IMP-STANDING", gen),
			fmt.Sprintf("%d,%d,3,06:30,\"7,5 GBq\",1,true,,2026-01-05,2026-12-31,IMP-STANDING", radboud, gen),
		}, "\n")
		status, got = p.Do(t, nil, http.MethodPost, "/api/v1/demand/import", tok, fmt.Sprintf(`{"csv": %q}`, good))
		if status != 200 || !strings.Contains(got, `"applied":true`) {
			t.Fatalf("import: %d %s", status, got)
		}
		if n := countRows(t, d, `SELECT count(*) FROM standing_demands WHERE note = 'IMP-STANDING' AND org_id = $1`, radboud); n != 2 {
			t.Errorf("%d imported standing demands for Radboudumc, want 2", n)
		}
		if n := countRows(t, d, `SELECT count(*) FROM standing_demands WHERE note = 'IMP-STANDING' AND weekday = 3 AND activity_bq = 7.5e9`); n != 1 {
			t.Errorf("the row with weekday 3 and 7,5 GBq was not imported as written")
		}
		if n := countRows(t, d, `SELECT count(*) FROM audit_log WHERE entity = 'standing_demand' AND action = 'create'`); n != audited+2 {
			t.Errorf("%d audit entries for created standing demand, want %d", n, audited+2)
		}
	})
}

// TestDemandAPIRoundTrip: what a read answers can be written back as it is; activity_bq is an
// alternative to activity; neither, or both disagreeing, is refused naming the field.
func TestDemandAPIRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		radboud := demoOrgID(t, d, "Radboudumc")
		order := demoOrderID(t, d, "RAD-2026-0141")
		tok := p.Token(t, "afdeling@radboudumc.example", auth.ScopeReadWrite)
		var standing int64
		if err := d.Read.QueryRow(`SELECT id FROM standing_demands WHERE org_id = $1 ORDER BY id LIMIT 1`, radboud).Scan(&standing); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{fmt.Sprintf("/api/v1/orders/%d", order), fmt.Sprintf("/api/v1/demand/%d", standing)} {
			status, got := p.Do(t, nil, http.MethodGet, path, tok, "")
			var x map[string]any
			if err := json.Unmarshal([]byte(got), &x); status != 200 || err != nil {
				t.Fatalf("GET %s: %d %s", path, status, got)
			}
			if _, ok := x["activity_bq"].(float64); !ok {
				t.Errorf("GET %s has no number activity_bq: %s", path, got)
			}
			if s, _ := x["activity"].(string); !strings.HasSuffix(s, "Bq") {
				t.Errorf("GET %s has no readable activity: %s", path, got)
			}
			if status, back := p.Do(t, nil, http.MethodPut, path, tok, got); status != 200 {
				t.Errorf("PUT %s with what GET answered: %d %s", path, status, back)
			}
			edit := func(f func(map[string]any)) string {
				y := map[string]any{}
				for k, v := range x {
					y[k] = v
				}
				f(y)
				b, _ := json.Marshal(y)
				return string(b)
			}
			// activity_bq alone, in becquerel.
			status, back := p.Do(t, nil, http.MethodPut, path, tok, edit(func(y map[string]any) { delete(y, "activity"); y["activity_bq"] = 3.7e9 }))
			if status != 200 || !strings.Contains(back, `"activity_bq":3700000000`) || !strings.Contains(back, `"activity":"3.700 GBq"`) {
				t.Errorf("PUT %s with activity_bq only: %d %s", path, status, back)
			}
			for _, tc := range []struct {
				name  string
				f     func(map[string]any)
				field string
			}{
				{"neither", func(y map[string]any) { delete(y, "activity"); delete(y, "activity_bq") }, `"body.activity"`},
				{"both disagreeing", func(y map[string]any) { y["activity"] = "1 GBq"; y["activity_bq"] = 5e9 }, `"body.activity_bq"`},
				{"activity_bq not a number", func(y map[string]any) { delete(y, "activity"); y["activity_bq"] = "5 GBq" }, "activity_bq"},
			} {
				status, back := p.Do(t, nil, http.MethodPut, path, tok, edit(tc.f))
				if status != http.StatusUnprocessableEntity || !strings.Contains(back, tc.field) {
					t.Errorf("PUT %s with %s: %d %s, want 422 naming %s", path, tc.name, status, back, tc.field)
				}
			}
		}
		if n := countRows(t, d, `SELECT count(*) FROM orders WHERE id = $1 AND activity_bq = 3.7e9`, order); n != 1 {
			t.Errorf("the order's activity was not written from activity_bq")
		}
	})
}

// TestDemandRoutesSearchExport: the routes page searches the overrides by facility or hospital
// and exports the defaults and the overrides as CSV.
func TestDemandRoutesSearchExport(t *testing.T) {
	d := dbtest.SQLite(t)
	p := apptest.Start(t, d)
	c := p.LogIn(t, "coordinatie@kern.example")
	for _, tc := range []struct{ path, want, not string }{
		{"/demand/routes?q=cyclotron+vu", "BV Cyclotron VU", ""},
		{"/demand/routes?q=no-such-place", "No route per pair matches your search", "BV Cyclotron VU"},
		{"/demand/routes", `href="/demand/routes/export.csv?"`, ""},
		{"/demand/routes/export.csv", "kind,id,from_country,to_country,facility_id,facility,org_id,hospital,transit_hours,note", ""},
		{"/demand/routes/export.csv", "\noverride,", ""},
		{"/demand/routes/export.csv", "\ndefault,", ""},
		{"/demand/routes/export.csv?q=no-such-place", "\ndefault,", "\noverride,"},
	} {
		status, body := p.Do(t, c, http.MethodGet, tc.path, "", "")
		if status != 200 || !strings.Contains(body, tc.want) || (tc.not != "" && strings.Contains(body, tc.not)) {
			t.Errorf("GET %s: %d, want %q and not %q", tc.path, status, tc.want, tc.not)
		}
	}
}

// TestDemandDutchNumbers: Dutch pages write activities with a decimal comma, English ones with a
// point.
func TestDemandDutchNumbers(t *testing.T) {
	d := dbtest.SQLite(t)
	p := apptest.Start(t, d)
	c := p.LogIn(t, "coordinatie@kern.example")
	pointDecimal := regexp.MustCompile(`\d\.\d{1,2} [kMGT]?Bq`)
	commaDecimal := regexp.MustCompile(`\d,\d{1,2} [kMGT]?Bq`)
	for _, path := range []string{"/demand", "/demand/standing", "/orders?period=all"} {
		status, nl := getLang(t, c, p.URL+path, "nl")
		if status != 200 || pointDecimal.MatchString(nl) || !commaDecimal.MatchString(nl) {
			t.Errorf("GET %s in Dutch: %d, point decimal %q, want decimal commas", path, status, pointDecimal.FindString(nl))
		}
		status, en := getLang(t, c, p.URL+path, "en")
		if status != 200 || commaDecimal.MatchString(en) {
			t.Errorf("GET %s in English: %d, comma decimal %q", path, status, commaDecimal.FindString(en))
		}
	}
}
