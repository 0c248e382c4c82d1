package app_test

import (
	"strings"
	"testing"

	"kern/internal/app/apptest"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
)

// TestPlanAPI runs the vision, goal, KPI and challenge operations through the whole stack on
// both databases: each bad request names its field (or is refused) and writes nothing.
func TestPlanAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		rw := p.Token(t, "coordinatie@kern.example", auth.ScopeReadWrite)
		member := p.Token(t, "lid@kern.example", auth.ScopeReadWrite)
		var kpi, goal string
		d.Read.QueryRow(`SELECT CAST(id AS TEXT), CAST(goal_id AS TEXT) FROM kpis WHERE name = 'Radionuclidetherapieën per jaar'`).Scan(&kpi, &goal)
		rows := func() int {
			return count(t, d, `SELECT (SELECT count(*) FROM kpis) + (SELECT count(*) FROM kpi_targets) + (SELECT count(*) FROM kpi_measurements)
+ (SELECT count(*) FROM goals) + (SELECT count(*) FROM challenges) + (SELECT count(*) FROM audit_log)`)
		}
		for _, tc := range []struct {
			name, method, path, token, body string
			status                          int
			contains                        []string
			writes                          bool
		}{
			{"list KPIs with their status", "GET", "/api/v1/kpis", rw, "", 200, []string{`"status":"at_risk"`, `"baseline_on":"2022-12-31"`, `"on":"2030-12-31"`}, false},
			{"filter KPIs by status", "GET", "/api/v1/kpis?status=off_track", member, "", 200, []string{`"status":"off_track"`}, false},
			{"a goal with its SMART check", "GET", "/api/v1/goals/" + goal, member, "", 200, []string{`"smart_missing":[]`, `"deadline":"2030-12-31"`}, false},
			{"a target dated before the baseline", "POST", "/api/v1/kpis", rw,
				`{"name":"Scans","direction":"higher","cadence":"yearly","baseline_value":1,"baseline_on":"2025-01-01","targets":[{"on":"2024-06-30","value":2}]}`,
				422, []string{`body.targets`, "after the baseline"}, false},
			{"a measurement for a date in the future", "POST", "/api/v1/kpis/" + kpi + "/measurements", rw, `{"on":"2099-01-01","value":3}`,
				422, []string{`body.on`, "future"}, false},
			{"a malformed date", "POST", "/api/v1/kpis/" + kpi + "/measurements", rw, `{"on":"31-12-2025","value":3}`, 422, []string{`body.on`}, false},
			{"a member who does not own the KPI measures it", "POST", "/api/v1/kpis/" + kpi + "/measurements", member, `{"on":"2025-12-31","value":3}`, 403, nil, false},
			{"a member adds a challenge", "POST", "/api/v1/challenges", member, `{"title":"x","stage":"market_access","source":"report"}`, 403, nil, false},
			{"an unknown enabler", "POST", "/api/v1/challenges", rw, `{"title":"x","stage":"market_access","source":"report","enablers":["luck"]}`, 422, []string{"body.enablers"}, false},
			{"a non-numeric value in a CSV row", "POST", "/api/v1/kpis/measurements/import", rw,
				`{"csv":"kpi_id,date,value\n` + kpi + `,2025-12-31,2700\n` + kpi + `,2024-12-31,veel\n"}`, 422, []string{"line_3.value"}, false},
			{"a dry run of a good CSV", "POST", "/api/v1/kpis/measurements/import", rw,
				`{"csv":"kpi_id,date,value\n` + kpi + `,2025-12-31,2700\n","dry_run":true}`, 200, []string{`"corrections":1`, `"applied":false`}, false},
			{"a correction", "POST", "/api/v1/kpis/" + kpi + "/measurements", rw, `{"on":"2025-12-31","value":2760,"source":"NVNG-enquête"}`, 201, []string{`"value":2760`}, true},
			{"the corrected value keeps its history", "GET", "/api/v1/kpis/" + kpi + "/measurements?history=true", member, "", 200, []string{`"replaced_by"`, `"value":2640`, `"value":2760`}, false},
			{"a challenge", "POST", "/api/v1/challenges", rw, `{"title":"Wachttijd voor PSMA-therapie","stage":"treatment_rwd","source":"round_table","enablers":["reimbursement_hta"],"stakeholder_groups":["patient_organisations"]}`, 201, []string{`"enablers":["reimbursement_hta"]`}, true},
			{"challenges filtered by enabler", "GET", "/api/v1/challenges?enabler=reimbursement_hta", member, "", 200, []string{"Wachttijd voor PSMA-therapie", `"total":2`}, false},
		} {
			before := rows()
			status, body := p.Do(t, nil, tc.method, tc.path, tc.token, tc.body)
			if status != tc.status {
				t.Errorf("%s: status %d, want %d: %s", tc.name, status, tc.status, body)
				continue
			}
			for _, s := range tc.contains {
				if !strings.Contains(body, s) {
					t.Errorf("%s: the answer lacks %q: %.600s", tc.name, s, body)
				}
			}
			if wrote := rows() != before; wrote != tc.writes {
				t.Errorf("%s: wrote %v, want %v", tc.name, wrote, tc.writes)
			}
		}
	})
}

// TestPublicPagesNeedNoLogin: the transparency page and open data answer without an account and
// show only what is public, nothing about the people who enter the figures.
func TestPublicPagesNeedNoLogin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		var hidden string
		d.Read.QueryRow(`SELECT CAST(id AS TEXT) FROM kpis WHERE NOT public`).Scan(&hidden)
		for _, tc := range []struct {
			path          string
			status        int
			contains, not []string
		}{
			{"/public", 200, []string{`id="action-plan"`, "Prioritering uitdagingen 2026", "Radionuclidetherapieën per jaar", "Leveringszekerheid medische isotopen"},
				[]string{"Nieuwe tracers in klinische studie", "coordinatie@kern.example", "Coördinatiebureau Kern"}},
			{"/public/kpis/" + hidden, 404, nil, nil},
			{"/open-data", 200, []string{"kpis.csv", "actions.csv", "measurements.csv"}, nil},
			{"/open-data/measurements.csv", 200, []string{"Radionuclidetherapieën per jaar,2025-12-31,2640,therapieën,Demonstratiegegevens,,yes"}, []string{"Nieuwe tracers in klinische studie"}},
			{"/open-data/kpis.csv", 200, []string{"Radionuclidetherapieën per jaar"}, []string{"Nieuwe tracers in klinische studie"}},
			{"/open-data/actions.csv", 200, []string{"id,title,owner_group,status"}, []string{"@"}},
			{"/open-data/round_results.csv", 200, []string{"round_id,round,challenge_id", "care_providers"}, []string{"@"}},
			{"/open-data/secrets.csv", 404, nil, nil},
			{"/kpis", 303, nil, nil}, // the dashboard itself sends to the login page
		} {
			status, body := p.Do(t, nil, "GET", tc.path, "", "")
			if status != tc.status {
				t.Errorf("GET %s: %d, want %d", tc.path, status, tc.status)
				continue
			}
			for _, s := range tc.contains {
				if !strings.Contains(body, s) {
					t.Errorf("GET %s lacks %q", tc.path, s)
				}
			}
			for _, s := range tc.not {
				if strings.Contains(body, s) {
					t.Errorf("GET %s shows %q, which is not public", tc.path, s)
				}
			}
		}
	})
}
