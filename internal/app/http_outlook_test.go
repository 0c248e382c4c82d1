package app_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"kern/internal/app/apptest"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
	"kern/internal/supply/outlook"
)

// TestOutlookAPI runs /api/v1/forecasts on both databases: reading and running for everyone,
// saving for the coordination office, bad scenarios refused naming the field, nothing written.
func TestOutlookAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		coord := p.Token(t, "coordinatie@kern.example", auth.ScopeReadWrite)
		member := p.Token(t, "lid@kern.example", auth.ScopeReadWrite)
		var demoID int64
		d.Read.QueryRow(`SELECT id FROM forecast_scenarios WHERE name = $1`, "Basisverwachting 2040").Scan(&demoID)
		if demoID == 0 {
			t.Fatal("demo scenario missing")
		}
		id := func(path string) string { return strings.ReplaceAll(path, "{id}", strconv.FormatInt(demoID, 10)) }
		before := count(t, d, `SELECT count(*) FROM forecast_scenarios`)
		badRate := `{"name":"Te laag","scenario":` + strings.Replace(defaultsJSON(t, p, coord), `"rate":{"value":0.1`, `"rate":{"value":-1.5`, 1) + `}`
		for _, tc := range []struct {
			name, method, path, token, body string
			status                          int
			contains                        []string
		}{
			{"list", "GET", "/api/v1/forecasts?q=twee+jaar", member, "", 200, []string{`"PALLAS twee jaar later"`, `"total":1`}},
			{"get", "GET", id("/api/v1/forecasts/{id}"), member, "", 200, []string{`"Basisverwachting 2040"`, `"baseline_year":2025`}},
			{"result", "GET", id("/api/v1/forecasts/{id}/result"), member, "", 200, []string{`"years":[`, `"therapy_rooms"`, `"runs":1000`}},
			{"run saved", "POST", id("/api/v1/forecasts/{id}/run"), member, "", 200, []string{`"p90"`}},
			{"run unsaved defaults", "POST", "/api/v1/forecasts/run", member, `{"runs":50,"seed":3}`, 200, []string{`"runs":50`, `"seed":3`}},
			{"run unsaved bad", "POST", "/api/v1/forecasts/run", member, `{"scenario":{"baseline_year":2030,"end_year":2020}}`, 422,
				[]string{`body.scenario.end_year`}},
			{"member may not save", "POST", "/api/v1/forecasts", member, `{"name":"Van een lid"}`, 403, nil},
			{"member may not delete", "DELETE", id("/api/v1/forecasts/{id}"), member, "", 403, nil},
			{"growth below -100 %", "POST", "/api/v1/forecasts", coord, badRate, 422,
				[]string{`body.scenario.applications[1].growth.rate`}},
			{"start year after end year", "POST", "/api/v1/forecasts", coord,
				`{"name":"Omgekeerd","scenario":{"baseline_year":2025,"products":[{"name":"Mo-99","unit":"6-day Ci"}],"applications":[],` +
					`"facilities":[{"name":"X","product":"Mo-99","capacity_per_week":1,"weeks_per_year":1,"start_year":2035,"end_year":2030}],` +
					`"resources":{"room_days_per_year":250,"staff_hours_per_year":1500,"hotlab_hours_per_year":2000}}}`, 422,
				[]string{`body.scenario.facilities[0].start_year`}},
			{"unknown field", "POST", "/api/v1/forecasts", coord, `{"name":"X","scenario":{"baseline_yaer":2025}}`, 422, []string{`body.scenario.baseline_yaer`}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				st, body := p.Do(t, nil, tc.method, tc.path, tc.token, tc.body)
				if st != tc.status {
					t.Fatalf("status %d, want %d: %s", st, tc.status, body)
				}
				for _, s := range tc.contains {
					if !strings.Contains(body, s) {
						t.Errorf("answer lacks %s: %.400s", s, body)
					}
				}
				if n := count(t, d, `SELECT count(*) FROM forecast_scenarios`); n != before {
					t.Fatalf("scenarios %d, want %d", n, before)
				}
			})
		}
		// A coordinator saves (the defaults when no scenario is sent), changes and deletes.
		st, body := p.Do(t, nil, "POST", "/api/v1/forecasts", coord, `{"name":"Proef","runs":200,"seed":9}`)
		if st != http.StatusCreated || !strings.Contains(body, `"runs":200`) {
			t.Fatalf("create: %d %s", st, body)
		}
		newID := body[strings.Index(body, `"id":`)+5 : strings.Index(body, `,`)]
		st, body = p.Do(t, nil, "PUT", "/api/v1/forecasts/"+newID, coord, `{"name":"Proef 2","runs":300}`)
		if st != 200 || !strings.Contains(body, `"Proef 2"`) {
			t.Fatalf("update: %d %s", st, body)
		}
		if st, body = p.Do(t, nil, "DELETE", "/api/v1/forecasts/"+newID, coord, ""); st != http.StatusNoContent {
			t.Fatalf("delete: %d %s", st, body)
		}
	})
}

// defaultsJSON is the demo scenario's document as the API gives it.
func defaultsJSON(t *testing.T, p *apptest.Platform, token string) string {
	t.Helper()
	var id int64
	p.App.DB.Read.QueryRow(`SELECT id FROM forecast_scenarios WHERE name = $1`, "Basisverwachting 2040").Scan(&id)
	var doc string
	p.App.DB.Read.QueryRow(`SELECT scenario FROM forecast_scenarios WHERE id = $1`, id).Scan(&doc)
	if doc == "" {
		t.Fatal("no demo scenario")
	}
	return doc
}

// BenchmarkOutlookPage measures the result page of the demo's default scenario (1,000 runs)
// through the whole HTTP stack: "cold" runs the forecast on every request, "cached" is a second
// view of an unchanged scenario.
func BenchmarkOutlookPage(b *testing.B) {
	p := apptest.Start(b, dbtest.SQLite(b))
	c := p.LogIn(b, "lid@kern.example")
	var id int64
	p.App.DB.Read.QueryRow(`SELECT id FROM forecast_scenarios WHERE name = $1`, "Basisverwachting 2040").Scan(&id)
	path := "/outlook/" + strconv.FormatInt(id, 10)
	for _, cold := range []bool{true, false} {
		name := "cached"
		if cold {
			name = "cold"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if cold {
					outlook.ForgetResults()
				}
				if st, body := p.Do(b, c, "GET", path, "", ""); st != 200 || !strings.Contains(body, "P90") {
					b.Fatalf("GET %s: %d", path, st)
				}
			}
		})
	}
}

// TestOutlookLanguage: the assumptions table speaks the reader's language: its labels, the
// uncertainty bands, the source of a value changed in the platform and the numbers.
func TestOutlookLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		coord := p.Token(t, "coordinatie@kern.example", auth.ScopeReadWrite)
		var id int64
		d.Read.QueryRow(`SELECT id FROM forecast_scenarios WHERE name = $1`, "Basisverwachting 2040").Scan(&id)
		// Mark the first sourced value as changed in the platform, as the parameter form does.
		doc := defaultsJSON(t, p, coord)
		i := strings.Index(doc, `"source":"`)
		if i < 0 {
			t.Fatal("the demo scenario has no source")
		}
		j := i + len(`"source":"`)
		k := j + strings.Index(doc[j:], `"`)
		doc = doc[:j] + outlook.EditedSource + doc[k:]
		path := "/outlook/" + strconv.FormatInt(id, 10)
		if st, body := p.Do(t, nil, "PUT", "/api/v1/forecasts/"+strconv.FormatInt(id, 10), coord, `{"name":"Basisverwachting 2040","scenario":`+doc+`}`); st != 200 {
			t.Fatalf("update: %d %.300s", st, body)
		}
		c := p.LogIn(t, "lid@kern.example")
		for _, tc := range []struct {
			lang      string
			want, not []string
		}{
			{"nl", []string{"groei per jaar", "kamerdagen per therapiekamer per jaar", "verdeling", "aanname (gewijzigd in het platform)", "Startgetal"},
				[]string{"growth rate", "room-days", "triangular", "uniform ", "changed in the platform", "treatment options", "Seed"}},
			{"en", []string{"growth rate", "room-days per therapy room a year", "assumption (changed in the platform)", "Seed"},
				[]string{"groei per jaar", "verdeling", "gewijzigd in het platform"}},
		} {
			st, body := getLang(t, c, p.URL+path, tc.lang)
			if st != 200 {
				t.Fatalf("GET %s in %s: %d", path, tc.lang, st)
			}
			params := body[strings.Index(body, `class="params`):]
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s: the page lacks %q", tc.lang, w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(params, n) {
					t.Errorf("%s: the assumptions table has %q", tc.lang, n)
				}
			}
		}
		// Numbers: a decimal comma in Dutch (0.1 growth is 0,1), a point in English.
		_, nl := getLang(t, c, p.URL+path, "nl")
		if !strings.Contains(nl[strings.Index(nl, `class="params`):], "0,1") {
			t.Errorf("Dutch assumptions table without decimal commas")
		}
	})
}
