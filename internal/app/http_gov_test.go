package app_test

import (
	"strings"
	"testing"

	"kern/internal/app/apptest"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
)

// TestGovernanceAPI: bodies and seats through the whole stack on both databases. Only the body's
// chair (an account linked to the person in the chair) or the coordination office changes seats;
// bad seats name their field; nothing is written when refused.
func TestGovernanceAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		coord := p.Token(t, "coordinatie@kern.example", auth.ScopeReadWrite)
		chair := p.Token(t, "voorzitter@kern.example", auth.ScopeReadWrite)
		leader := p.Token(t, "actiegroep@kern.example", auth.ScopeReadWrite)
		member := p.Token(t, "lid@kern.example", auth.ScopeReadWrite)
		var sg, person, chairPerson string
		d.Read.QueryRow(`SELECT CAST(id AS TEXT) FROM bodies WHERE kind = 'steering_group'`).Scan(&sg)
		d.Read.QueryRow(`SELECT CAST(id AS TEXT) FROM people WHERE id NOT IN (SELECT person_id FROM seats) ORDER BY id LIMIT 1`).Scan(&person)
		d.Read.QueryRow(`SELECT CAST(person_id AS TEXT) FROM users WHERE email = 'voorzitter@kern.example'`).Scan(&chairPerson)
		rows := func() int {
			return count(t, d, `SELECT (SELECT count(*) FROM seats) + (SELECT count(*) FROM bodies) + (SELECT count(*) FROM audit_log)`)
		}
		seat := func(person, role, start, end string) string {
			s := `{"person_id":` + person + `,"role":"` + role + `","term_start":"` + start + `"`
			if end != "" {
				s += `,"term_end":"` + end + `"`
			}
			return s + `}`
		}
		for _, tc := range []struct {
			name, method, path, token, body string
			status                          int
			contains                        []string
			writes                          bool
		}{
			{"the steering group with its seats and no warnings", "GET", "/api/v1/bodies/" + sg, member, "", 200, []string{`"requires_all_groups":true`, `"warnings":[]`, `"term_start":"`}, false},
			{"the operational steering group warns", "GET", "/api/v1/bodies?kind=operational_steering_group", member, "", 200, []string{`"kind":"osg_out_of_step"`}, false},
			{"a member adds a seat", "POST", "/api/v1/bodies/" + sg + "/seats", member, seat(person, "member", "2026-01-01", ""), 403, nil, false},
			{"another body's leader adds a seat", "POST", "/api/v1/bodies/" + sg + "/seats", leader, seat(person, "member", "2026-01-01", ""), 403, nil, false},
			{"a term that ends before it starts", "POST", "/api/v1/bodies/" + sg + "/seats", chair, seat(person, "member", "2026-06-01", "2026-05-01"), 422, []string{"body.term_end"}, false},
			{"a second chair at the same time", "POST", "/api/v1/bodies/" + sg + "/seats", chair, seat(person, "chair", "2026-06-01", ""), 422, []string{"body.role"}, false},
			{"the chair twice in the body", "POST", "/api/v1/bodies/" + sg + "/seats", chair, seat(chairPerson, "member", "2026-06-01", ""), 422, []string{"body.person_id"}, false},
			{"the chair adds a delegate", "POST", "/api/v1/bodies/" + sg + "/seats", chair, seat(person, "delegate", "2026-06-01", "2028-05-31"), 201, []string{`"role":"delegate"`, `"term_end":"2028-05-31"`}, true},
			{"a member creates a body", "POST", "/api/v1/bodies", member, `{"kind":"working_group","name":"Werkgroep FAPI"}`, 403, nil, false},
			{"the coordination office creates a working group", "POST", "/api/v1/bodies", coord, `{"kind":"working_group","name":"Werkgroep FAPI","rhythm":"monthly"}`, 201, []string{`"name":"Werkgroep FAPI"`}, true},
			{"the chair may not make the steering group something else", "PUT", "/api/v1/bodies/" + sg, chair, `{"kind":"committee","name":"Stuurgroep"}`, 403, nil, false},
		} {
			before := rows()
			status, body := p.Do(t, nil, tc.method, tc.path, tc.token, tc.body)
			if status != tc.status {
				t.Errorf("%s: status %d, want %d: %.400s", tc.name, status, tc.status, body)
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
