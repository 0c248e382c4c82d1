package app_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
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
	"kern/internal/supply/runs"
	"kern/internal/supply/scenarios"
)

// demoScenario is the id of the demo scenario "Petten: ongeplande uitval, twee weken". Should the
// demo have no baseline run (and so no scenario), it makes both as the demo does.
func demoScenario(t *testing.T, p *apptest.Platform, d *db.DB) int64 {
	t.Helper()
	find := func() (int64, error) {
		var id int64
		err := d.Read.QueryRow(`SELECT id FROM supply_scenarios WHERE name = $1`, scenarios.DemoName).Scan(&id)
		return id, err
	}
	id, err := find()
	if errors.Is(err, sql.ErrNoRows) {
		ctx := context.Background()
		now := time.Now().In(amsterdam)
		start := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, amsterdam).AddDate(0, 0, 1)
		if _, err := p.App.Runs.StartBaseline(ctx, auth.System(), start, 28,
			runs.RunInput{Kind: runs.KindBaseline, Policy: runs.Policy{Kind: runs.PolicyStrict}}); err != nil {
			t.Fatal(err)
		}
		if err := scenarios.LoadDemo(ctx, p.App.Scenarios); err != nil {
			t.Fatal(err)
		}
		id, err = find()
	}
	if err != nil {
		t.Fatalf("the demo scenario: %v", err)
	}
	return id
}

type comparisonBody struct {
	Ran           bool  `json:"ran"`
	BaselineRunID int64 `json:"baseline_run_id"`
	RunID         int64 `json:"run_id"`
	Totals        struct {
		BaselineDeferred int `json:"baseline_deferred_doses"`
		ScenarioDeferred int `json:"scenario_deferred_doses"`
		ScenarioShort    int `json:"scenario_hospitals_short"`
	} `json:"totals"`
	Nuclides []struct {
		Nuclide string `json:"nuclide"`
	} `json:"nuclides"`
	Classes   []json.RawMessage `json:"classes"`
	Hospitals []struct {
		OrgID    int64   `json:"org_id"`
		Hospital string  `json:"hospital"`
		Fill     float64 `json:"scenario_fill"`
	} `json:"hospitals"`
	Deferred []struct {
		OrgID int64 `json:"org_id"`
	} `json:"deferred"`
	Bottlenecks []json.RawMessage `json:"bottlenecks"`
}

// TestScenarioPages: the demo scenario is in the list and its export; its comparison shows the
// charts' feeds and tables; the per-hospital table is the coordination office's; anonymous
// visitors go to the login.
func TestScenarioPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		id := demoScenario(t, p, d)
		coord := p.LogIn(t, "coordinatie@kern.example")
		member := p.LogIn(t, "lid@kern.example")
		show := fmt.Sprintf("/scenarios/%d", id)
		for _, tc := range []struct {
			who       *http.Client
			path      string
			want, not string
		}{
			{coord, "/scenarios", "Petten: ongeplande uitval", ""},
			{member, "/scenarios?q=petten", "Petten: ongeplande uitval", ""},
			{member, "/scenarios?q=nothing-like-it", "No scenario matches", "Petten: ongeplande"},
			{coord, "/scenarios/export.csv", "Petten: ongeplande uitval", ""},
			{coord, show, `id="fills"`, ""},
			{coord, show, "data-chart=\"/scenarios/", ""},
			{coord, show, `id="classes"`, ""},
			{coord, show + "?short=1", `class="short"`, ""},
			{coord, show + "/chart.json?nuclide=Mo-99", `"option"`, ""},
			{coord, show + "/hospitals.csv", "org_id,hospital,nuclide", ""},
			{member, show, `id="totals"`, `id="fills"`},
			{coord, "/scenarios/new", `name="name"`, ""},
			{coord, show + "/edit", `<option value="Petten" selected>`, ""},
			{coord, show + "/edit", `name="c0_reduction_pct" value="100"`, ""},
		} {
			status, body := p.Do(t, tc.who, http.MethodGet, tc.path, "", "")
			if status != 200 || !strings.Contains(body, tc.want) || tc.not != "" && strings.Contains(body, tc.not) {
				t.Errorf("GET %s: %d, want 200 with %q and without %q", tc.path, status, tc.want, tc.not)
			}
		}
		status, doc := p.Do(t, nil, http.MethodGet, "/api/v1/openapi.json", "", "")
		for _, want := range []string{`/scenarios/{id}/comparison"`, `/scenarios/{id}/run"`, `"ScenarioChangeBody"`, `"ScenarioComparisonOut"`} {
			if status != 200 || !strings.Contains(doc, want) {
				t.Errorf("the OpenAPI document lacks %s", want)
			}
		}
		if status, _ := p.Do(t, nil, http.MethodGet, "/scenarios", "", ""); status != http.StatusSeeOther {
			t.Errorf("GET /scenarios without logging in: %d, want 303 to the login", status)
		}
		res, err := coord.PostForm(p.URL+show+"/run", url.Values{})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != show {
			t.Errorf("run from the page: %d to %q, want 303 to the comparison", res.StatusCode, res.Header.Get("Location"))
		}
		if status, _ := p.Do(t, member, http.MethodGet, "/scenarios/new", "", ""); status != http.StatusForbidden {
			t.Errorf("a member opens the new-scenario form: %d, want 403", status)
		}
		// Without a baseline run the new-scenario page says how to get one.
		if _, err := d.Write.Exec(`DELETE FROM alloc_runs WHERE kind = 'baseline'`); err != nil {
			t.Fatal(err)
		}
		if status, body := p.Do(t, coord, http.MethodGet, "/scenarios/new", "", ""); status != 200 ||
			!strings.Contains(body, `href="/allocation"`) || strings.Contains(body, `name="rows"`) {
			t.Errorf("new scenario without a baseline run: %d, want the empty state linking to /allocation", status)
		}
	})
}

// TestScenarioDemoShowsShortage: with Petten out for two weeks, doses are deferred and
// hospitals fall short, more than in the baseline.
func TestScenarioDemoShowsShortage(t *testing.T) {
	d := dbtest.SQLite(t)
	p := apptest.Start(t, d)
	id := demoScenario(t, p, d)
	tok := p.Token(t, "coordinatie@kern.example", auth.ScopeRead)
	status, body := p.Do(t, nil, http.MethodGet, fmt.Sprintf("/api/v1/scenarios/%d/comparison", id), tok, "")
	var c comparisonBody
	if status != 200 || json.Unmarshal([]byte(body), &c) != nil {
		t.Fatalf("comparison: %d %s", status, body)
	}
	if !c.Ran || len(c.Nuclides) == 0 || len(c.Classes) == 0 || len(c.Hospitals) == 0 {
		t.Fatalf("the demo comparison is empty: %s", body)
	}
	t.Logf("Petten out for two weeks: %d hospitals short, patient doses deferred %d → %d", c.Totals.ScenarioShort,
		c.Totals.BaselineDeferred, c.Totals.ScenarioDeferred)
	// The comparison's deferred doses are the runs' own, as the runs' API answers them.
	for _, x := range []struct {
		run  int64
		want int
	}{{c.BaselineRunID, c.Totals.BaselineDeferred}, {c.RunID, c.Totals.ScenarioDeferred}} {
		status, body := p.Do(t, nil, http.MethodGet, fmt.Sprintf("/api/v1/runs/%d", x.run), tok, "")
		var run struct {
			DeferredDoses int `json:"deferred_doses"`
		}
		if status != 200 || json.Unmarshal([]byte(body), &run) != nil || run.DeferredDoses != x.want {
			t.Errorf("run %d: %d deferred doses (status %d), the comparison says %d", x.run, run.DeferredDoses, status, x.want)
		}
	}
	if len(c.Deferred) != c.Totals.ScenarioDeferred {
		t.Errorf("the coordinator's list has %d deferred doses of %d", len(c.Deferred), c.Totals.ScenarioDeferred)
	}
	if c.Totals.ScenarioShort == 0 || c.Totals.ScenarioDeferred <= c.Totals.BaselineDeferred {
		t.Errorf("Petten out for two weeks: %d hospitals short, deferred %d → %d; want a shortage", c.Totals.ScenarioShort,
			c.Totals.BaselineDeferred, c.Totals.ScenarioDeferred)
	}
	if len(c.Bottlenecks) == 0 {
		t.Errorf("the coordinator sees no bottleneck explanation")
	}
}

// TestScenarioBadInput: an outage that ends before it starts is refused naming the field, in
// the API (body.changes[1].ends_at) and next to the field in the form; nothing is written.
func TestScenarioBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		demoScenario(t, p, d)
		br2 := demoFacility(t, d, "BR2")
		before := countRows(t, d, `SELECT count(*) FROM supply_scenarios`)
		tok := p.Token(t, "coordinatie@kern.example", auth.ScopeReadWrite)
		start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour)
		for _, tc := range []struct {
			name, change, field string
		}{
			{"outage ends before it starts", fmt.Sprintf(`{"kind": "outage", "facility_id": %d, "starts_at": %q, "ends_at": %q, "reduction_pct": 100}`,
				br2, start.Format(time.RFC3339), start.Add(-time.Hour).Format(time.RFC3339)), "body.changes[1].ends_at"},
			{"reduction above 100", fmt.Sprintf(`{"kind": "outage", "site": "Mol", "starts_at": %q, "ends_at": %q, "reduction_pct": 120}`,
				start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339)), "body.changes[1].reduction_pct"},
			{"factor above 10", `{"kind": "demand", "nuclide": "Mo-99", "factor": 12}`, "body.changes[1].factor"},
			{"unknown region", `{"kind": "demand", "nuclide": "Mo-99", "region": "Randstad", "factor": 1.2}`, "body.changes[1].region"},
			{"transport without hours", fmt.Sprintf(`{"kind": "transport", "country": "BE", "starts_at": %q, "ends_at": %q}`,
				start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339)), "body.changes[1].extra_hours"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				body := `{"name": "bad", "changes": [{"kind": "demand", "nuclide": "Lu-177", "factor": 1.1}, ` + tc.change + `]}`
				status, got := p.Do(t, nil, http.MethodPost, "/api/v1/scenarios", tok, body)
				if status != http.StatusUnprocessableEntity || !strings.Contains(got, `"`+tc.field+`"`) {
					t.Errorf("API: %d %s, want 422 naming %s", status, got, tc.field)
				}
			})
		}
		c := p.LogIn(t, "coordinatie@kern.example")
		local := func(t time.Time) string { return t.In(amsterdam).Format("2006-01-02T15:04") }
		form := url.Values{"name": {"BR2 valt uit"}, "rows": {"1"}, "then": {"run"}, "c0_kind": {"outage"}, "c0_facility_id": {fmt.Sprint(br2)},
			"c0_starts_at": {local(start)}, "c0_ends_at": {local(start.Add(-24 * time.Hour))}, "c0_reduction_pct": {"100"}}
		res, err := c.PostForm(p.URL+"/scenarios", form)
		if err != nil {
			t.Fatal(err)
		}
		page := readBody(t, res)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `id="e-c0_ends_at"`) ||
			!strings.Contains(page, "The end must be later than the start") {
			t.Errorf("form: %d, want 422 with the message next to c0_ends_at", res.StatusCode)
		}
		if n := countRows(t, d, `SELECT count(*) FROM supply_scenarios`); n != before {
			t.Errorf("%d scenarios after bad input, want %d", n, before)
		}
		// Adding a row shows the form again with an empty row, saving nothing.
		res, err = c.PostForm(p.URL+"/scenarios", url.Values{"name": {"x"}, "rows": {"0"}, "add": {"transport"}})
		if err != nil {
			t.Fatal(err)
		}
		page = readBody(t, res)
		if res.StatusCode != 200 || !strings.Contains(page, `name="c0_extra_hours"`) {
			t.Errorf("add a transport row: %d", res.StatusCode)
		}
		// Fixed, it saves and runs.
		form.Set("c0_ends_at", local(start.Add(7*24*time.Hour)))
		res, err = c.PostForm(p.URL+"/scenarios", form)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("fixed form: %d, want 303", res.StatusCode)
		}
		var runID sql.NullInt64
		if err := d.Read.QueryRow(`SELECT run_id FROM supply_scenarios WHERE name = 'BR2 valt uit'`).Scan(&runID); err != nil || !runID.Valid {
			t.Errorf("the saved scenario has run: %v %v", runID, err)
		}
	})
}

// TestScenarioAccess: a plain member cannot create, run or delete a scenario (403) but reads the
// aggregate comparison without hospital rows; a hospital user sees only its own hospital's rows.
func TestScenarioAccess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		id := demoScenario(t, p, d)
		umcg := orgID(t, d, "UMCG")
		member := p.Token(t, "lid@kern.example", auth.ScopeReadWrite)
		for _, tc := range []struct{ method, path, body string }{
			{http.MethodPost, "/api/v1/scenarios", `{"name": "mine", "changes": []}`},
			{http.MethodPost, fmt.Sprintf("/api/v1/scenarios/%d/run", id), ""},
			{http.MethodPut, fmt.Sprintf("/api/v1/scenarios/%d", id), `{"name": "mine", "changes": []}`},
			{http.MethodDelete, fmt.Sprintf("/api/v1/scenarios/%d", id), ""},
		} {
			if status, body := p.Do(t, nil, tc.method, tc.path, member, tc.body); status != http.StatusForbidden {
				t.Errorf("member %s %s: %d %s, want 403", tc.method, tc.path, status, body)
			}
		}
		lid := p.LogIn(t, "lid@kern.example")
		res, err := lid.PostForm(p.URL+fmt.Sprintf("/scenarios/%d/run", id), url.Values{})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("member runs a scenario in the browser: %d, want 403", res.StatusCode)
		}

		comparison := func(email string) comparisonBody {
			t.Helper()
			tok := p.Token(t, email, auth.ScopeRead)
			status, body := p.Do(t, nil, http.MethodGet, fmt.Sprintf("/api/v1/scenarios/%d/comparison", id), tok, "")
			var c comparisonBody
			if status != 200 || json.Unmarshal([]byte(body), &c) != nil {
				t.Fatalf("comparison as %s: %d %s", email, status, body)
			}
			return c
		}
		all := comparison("coordinatie@kern.example")
		plain := comparison("lid@kern.example")
		if len(plain.Hospitals) != 0 || len(plain.Deferred) != 0 || len(plain.Bottlenecks) != 0 {
			t.Errorf("a plain member sees %d hospital rows, %d deferred doses, %d bottlenecks; want none",
				len(plain.Hospitals), len(plain.Deferred), len(plain.Bottlenecks))
		}
		if len(plain.Nuclides) != len(all.Nuclides) || plain.Totals != all.Totals {
			t.Errorf("a plain member sees other aggregates than the coordinator")
		}
		own := comparison("hotlab@umcg.example")
		if len(own.Hospitals) == 0 {
			t.Errorf("UMCG's user sees no row of its own")
		}
		for _, h := range own.Hospitals {
			if h.OrgID != umcg {
				t.Errorf("UMCG's user sees the row of %s", h.Hospital)
			}
		}
		for _, x := range own.Deferred {
			if x.OrgID != umcg {
				t.Errorf("UMCG's user sees a deferred dose of organisation %d", x.OrgID)
			}
		}
		hotlab := p.LogIn(t, "hotlab@umcg.example")
		_, page := p.Do(t, hotlab, http.MethodGet, fmt.Sprintf("/scenarios/%d", id), "", "")
		if !strings.Contains(page, "Universitair Medisch Centrum Groningen") || strings.Contains(page, "Radboudumc</th>") {
			t.Errorf("UMCG's user's page does not show only UMCG's rows")
		}

		// The coordinator runs it again through the API: a new run replaces the scenario's run.
		coord := p.Token(t, "coordinatie@kern.example", auth.ScopeReadWrite)
		var before sql.NullInt64
		d.Read.QueryRow(`SELECT run_id FROM supply_scenarios WHERE id = $1`, id).Scan(&before)
		status, body := p.Do(t, nil, http.MethodPost, fmt.Sprintf("/api/v1/scenarios/%d/run", id), coord, "")
		if status != 200 || !strings.Contains(body, `"ran":true`) {
			t.Fatalf("run: %d %s", status, body)
		}
		var after sql.NullInt64
		d.Read.QueryRow(`SELECT run_id FROM supply_scenarios WHERE id = $1`, id).Scan(&after)
		if !after.Valid || after.Int64 == before.Int64 {
			t.Errorf("run_id %v → %v, want a new run", before, after)
		}
	})
}

func readBody(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return b.String()
}

// BenchmarkScenario: the comparison page of the demo scenario for the coordinator (all rows) and
// a member (aggregates), and running the scenario (apply, solve, summarise, store).
func BenchmarkScenario(b *testing.B) {
	d := dbtest.SQLite(b)
	p := apptest.Start(b, d)
	var id int64
	if err := d.Read.QueryRow(`SELECT id FROM supply_scenarios WHERE name = $1`, scenarios.DemoName).Scan(&id); err != nil {
		b.Skipf("no demo scenario: %v", err)
	}
	path := fmt.Sprintf("/scenarios/%d", id)
	for _, who := range []string{"coordinatie@kern.example", "lid@kern.example"} {
		c := p.LogIn(b, who)
		b.Run("page/"+strings.Split(who, "@")[0], func(b *testing.B) {
			for b.Loop() {
				if st, body := p.Do(b, c, http.MethodGet, path, "", ""); st != 200 || !strings.Contains(body, `id="totals"`) {
					b.Fatalf("GET %s: %d", path, st)
				}
			}
		})
	}
	tok := p.Token(b, "coordinatie@kern.example", auth.ScopeReadWrite)
	b.Run("run", func(b *testing.B) {
		for b.Loop() {
			if st, body := p.Do(b, nil, http.MethodPost, "/api/v1"+path+"/run", tok, ""); st != 200 {
				b.Fatalf("run: %d %s", st, body)
			}
		}
	})
}

// getIn fetches path in a language (Accept-Language).
func getIn(t *testing.T, p *apptest.Platform, c *http.Client, path, lang string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, p.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Language", lang)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, readBody(t, res)
}

// TestScenarioPageFormats: the demo's outage starts on a whole hour in Amsterdam time, and the
// comparison shows instants, days and figures as the page's language writes them: in Dutch
// "25-11-2026 06:00", day rows "23-11-2026", "92,07 %"; no ISO dates, no decimal points. The
// baseline links to its run for the coordination office only.
func TestScenarioPageFormats(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		id := demoScenario(t, p, d)
		tok := p.Token(t, "coordinatie@kern.example", auth.ScopeRead)
		status, body := p.Do(t, nil, http.MethodGet, fmt.Sprintf("/api/v1/scenarios/%d", id), tok, "")
		var sc struct {
			BaselineRunID int64 `json:"baseline_run_id"`
			Changes       []struct {
				StartsAt time.Time `json:"starts_at"`
				EndsAt   time.Time `json:"ends_at"`
			} `json:"changes"`
		}
		if status != 200 || json.Unmarshal([]byte(body), &sc) != nil || len(sc.Changes) != 1 {
			t.Fatalf("the demo scenario: %d %s", status, body)
		}
		from, to := sc.Changes[0].StartsAt.In(amsterdam), sc.Changes[0].EndsAt.In(amsterdam)
		if from.Minute() != 0 || from.Second() != 0 || to.Minute() != 0 || to.Hour() != from.Hour() {
			t.Errorf("the demo outage runs %s – %s; want whole hours in Amsterdam, 14 days apart", from, to)
		}

		coord := p.LogIn(t, "coordinatie@kern.example")
		show := fmt.Sprintf("/scenarios/%d", id)
		_, nl := getIn(t, p, coord, show, "nl")
		period := from.Format("02-01-2006 15:04") + " – " + to.Format("02-01-2006 15:04")
		isoDay := regexp.MustCompile(`<th scope="row" class="nowrap">\d{4}-\d\d-\d\d</th>`)
		nlDay := regexp.MustCompile(`<th scope="row" class="nowrap">\d\d-\d\d-\d{4}</th>`)
		for _, tc := range []struct {
			what string
			ok   bool
		}{
			{"the change's period " + period, strings.Contains(nl, period)},
			{"no ISO instant", !regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d`).MatchString(nl)},
			{"day rows in Dutch", nlDay.MatchString(nl) && !isoDay.MatchString(nl)},
			{"a decimal comma", regexp.MustCompile(`\d,\d+ %`).MatchString(nl)},
			{"no decimal point", !regexp.MustCompile(`<td class="num">[\d.]*\d\.\d\d? %`).MatchString(nl)},
			{"the baseline linked", strings.Contains(nl, fmt.Sprintf(`<a href="/allocation/%d">Verdeling %d</a>`, sc.BaselineRunID, sc.BaselineRunID))},
			{"no formatting error", !strings.Contains(nl, "%!")},
			{"no leftover of a search-and-replace", !strings.Contains(nl, "basisverdeling van de verdeling") && !strings.Contains(nl, "basisrun")},
		} {
			if !tc.ok {
				t.Errorf("Dutch comparison page: want %s", tc.what)
			}
		}
		_, en := getIn(t, p, coord, show, "en")
		if !isoDay.MatchString(en) || !strings.Contains(en, from.Format("2006-01-02 15:04")) || strings.Contains(en, "%!") {
			t.Errorf("English comparison page: want ISO days and instants")
		}
		_, list := getIn(t, p, coord, "/scenarios", "nl")
		if strings.Contains(list, "basisverdeling van de verdeling") || !strings.Contains(list, "een basisverdeling, verandert die") {
			t.Errorf("the Dutch list's intro reads badly")
		}
		member := p.LogIn(t, "lid@kern.example")
		if _, page := getIn(t, p, member, show, "nl"); strings.Contains(page, `href="/allocation/`) ||
			!strings.Contains(page, fmt.Sprintf("Verdeling %d", sc.BaselineRunID)) {
			t.Errorf("a member sees the baseline run's number without a link to the coordination office's run page")
		}
	})
}

// TestScenarioFailedReason: when the engine refused a scenario's input, every reader learns the
// run failed; only the coordination office reads the engine's error (as on the runs' pages), in
// the API and on the page.
func TestScenarioFailedReason(t *testing.T) {
	d := dbtest.SQLite(t)
	p := apptest.Start(t, d)
	id := demoScenario(t, p, d)
	const reason = "engine: product 4711 has no production run"
	if _, err := d.Write.Exec(`UPDATE alloc_runs SET status = 'failed', error = $1
WHERE id = (SELECT run_id FROM supply_scenarios WHERE id = $2)`, reason, id); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		email  string
		reason bool
	}{
		{"coordinatie@kern.example", true},
		{"lid@kern.example", false},
		{"hotlab@umcg.example", false},
	} {
		tok := p.Token(t, tc.email, auth.ScopeRead)
		status, body := p.Do(t, nil, http.MethodGet, fmt.Sprintf("/api/v1/scenarios/%d/comparison", id), tok, "")
		if status != 200 || !strings.Contains(body, `"run_failed":true`) || strings.Contains(body, reason) != tc.reason {
			t.Errorf("%s: comparison %d; want run_failed, the engine's error %v", tc.email, status, tc.reason)
		}
		c := p.LogIn(t, tc.email)
		_, page := getIn(t, p, c, fmt.Sprintf("/scenarios/%d", id), "en")
		if !strings.Contains(page, `id="failed"`) || strings.Contains(page, reason) != tc.reason {
			t.Errorf("%s: the page says the run failed: %v, with the engine's error: %v; want %v",
				tc.email, strings.Contains(page, `id="failed"`), strings.Contains(page, reason), tc.reason)
		}
	}
}

// TestScenarioFormRows: adding or removing a change row shows the form again with what was typed
// in the other rows and fields, saving nothing; the edit form offers the stored baseline runs,
// newest first, and a coordinator moves the scenario to another one.
func TestScenarioFormRows(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		id := demoScenario(t, p, d)
		br2 := demoFacility(t, d, "BR2")
		c := p.LogIn(t, "coordinatie@kern.example")
		before := countRows(t, d, `SELECT count(*) FROM supply_scenarios`)
		typed := url.Values{"name": {"Getypt"}, "description": {"Wat ik typte"}, "policy": {"floor"}, "floor_pct": {"25"},
			"rows": {"2"}, "c0_kind": {"outage"}, "c0_facility_id": {fmt.Sprint(br2)}, "c0_starts_at": {"2026-11-25T06:00"},
			"c0_ends_at": {"2026-11-30T18:00"}, "c0_reduction_pct": {"60"},
			"c1_kind": {"demand"}, "c1_nuclide": {"Lu-177"}, "c1_region": {"NL-ZH"}, "c1_factor": {"1,5"}}
		post := func(path string, v url.Values) (int, string) {
			t.Helper()
			res, err := c.PostForm(p.URL+path, v)
			if err != nil {
				t.Fatal(err)
			}
			return res.StatusCode, readBody(t, res)
		}
		kept := []string{`value="Getypt"`, "Wat ik typte", `<option value="floor" selected>`, `name="floor_pct" value="25"`,
			fmt.Sprintf(`<option value="%d" selected>`, br2), `name="c0_starts_at" value="2026-11-25T06:00"`,
			`name="c0_ends_at" value="2026-11-30T18:00"`, `name="c0_reduction_pct" value="60"`,
			`<option value="Lu-177" selected>`, `<option value="NL-ZH" selected>`, `name="c1_factor" value="1,5"`}
		for _, tc := range []struct {
			name, path, button, value string
			want                      []string
		}{
			{"add a transport row to a new scenario", "/scenarios", "add", "transport", append(kept, `name="c2_extra_hours"`)},
			{"add a demand row while editing", fmt.Sprintf("/scenarios/%d", id), "add", "demand", append(kept, `name="c2_factor" value="1"`)},
		} {
			v := url.Values{}
			for k, vs := range typed {
				v[k] = vs
			}
			v.Set(tc.button, tc.value)
			status, page := post(tc.path, v)
			if status != 200 {
				t.Errorf("%s: %d, want the form again", tc.name, status)
			}
			for _, w := range tc.want {
				if !strings.Contains(page, w) {
					t.Errorf("%s: the form lost %s", tc.name, w)
				}
			}
		}
		// Removing the first row moves the second up with its values.
		v := url.Values{}
		for k, vs := range typed {
			v[k] = vs
		}
		v.Set("remove", "0")
		status, page := post("/scenarios", v)
		if status != 200 || !strings.Contains(page, `name="c0_factor" value="1,5"`) || strings.Contains(page, `name="c1_kind"`) ||
			!strings.Contains(page, `value="Getypt"`) {
			t.Errorf("remove the first row: %d; want the demand row first, the name kept", status)
		}
		if n := countRows(t, d, `SELECT count(*) FROM supply_scenarios`); n != before {
			t.Errorf("%d scenarios after adding and removing rows, want %d", n, before)
		}

		// Another baseline run: the edit form offers both, newest first, the scenario's own chosen.
		var old int64
		if err := d.Read.QueryRow(`SELECT baseline_run_id FROM supply_scenarios WHERE id = $1`, id).Scan(&old); err != nil {
			t.Fatal(err)
		}
		start := time.Date(2026, 12, 1, 0, 0, 0, 0, amsterdam)
		newer, err := p.App.Runs.StartBaseline(context.Background(), auth.System(), start, 14,
			runs.RunInput{Kind: runs.KindBaseline, Name: "Tweede basis", Policy: runs.Policy{Kind: runs.PolicyStrict}})
		if err != nil {
			t.Fatal(err)
		}
		_, edit := getIn(t, p, c, fmt.Sprintf("/scenarios/%d/edit", id), "nl")
		iNew, iOld := strings.Index(edit, fmt.Sprintf(`<option value="%d">Verdeling %d: vanaf 01-12-2026 00:00, 14 dagen`, newer.ID, newer.ID)),
			strings.Index(edit, fmt.Sprintf(`<option value="%d" selected>Verdeling %d`, old, old))
		if iNew < 0 || iOld < 0 || iNew > iOld {
			t.Errorf("the edit form's baselines: the new run at %d, the scenario's at %d; want both, newest first", iNew, iOld)
		}
		tokw := p.Token(t, "coordinatie@kern.example", auth.ScopeRead)
		_, js := p.Do(t, nil, http.MethodGet, fmt.Sprintf("/api/v1/scenarios/%d", id), tokw, "")
		var sc struct {
			Changes []struct {
				StartsAt time.Time `json:"starts_at"`
				EndsAt   time.Time `json:"ends_at"`
			} `json:"changes"`
		}
		if err := json.Unmarshal([]byte(js), &sc); err != nil || len(sc.Changes) != 1 {
			t.Fatalf("the demo scenario: %s", js)
		}
		local := func(t time.Time) string { return t.In(amsterdam).Format("2006-01-02T15:04") }
		status, page = post(fmt.Sprintf("/scenarios/%d", id), url.Values{"name": {scenarios.DemoName}, "baseline_run_id": {fmt.Sprint(newer.ID)},
			"rows": {"1"}, "c0_kind": {"outage"}, "c0_site": {"Petten"}, "c0_starts_at": {local(sc.Changes[0].StartsAt)},
			"c0_ends_at": {local(sc.Changes[0].EndsAt)}, "c0_reduction_pct": {"100"}, "then": {"save"}})
		if status != 200 && status != http.StatusSeeOther {
			t.Fatalf("change the baseline: %d", status)
		}
		var base, days int64
		if err := d.Read.QueryRow(`SELECT baseline_run_id, horizon_days FROM supply_scenarios WHERE id = $1`, id).Scan(&base, &days); err != nil ||
			base != newer.ID || days != 14 {
			t.Errorf("after choosing run %d: baseline %d, %d days (%v); want the new run's 14 days", newer.ID, base, days, err)
		}
	})
}
