package rounds

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
)

var (
	coordinator = &auth.Principal{User: auth.User{ID: 1, Email: "coordinatie@kern.example", Role: auth.Coordinator}}
	member      = &auth.Principal{User: auth.User{ID: 2, Email: "lid@kern.example", Role: auth.Member}}
	readOnly    = &auth.Principal{User: auth.User{ID: 1, Email: "coordinatie@kern.example", Role: auth.Coordinator}, Scope: auth.ScopeRead}
)

// fixture is a database with challenges, organisations and people, and a clock.
type fixture struct {
	t          testing.TB
	d          *db.DB
	s          *Service
	now        time.Time
	challenges []int64
	people     map[string]int64 // e-mail → person id
}

func newFixture(t testing.TB, d *db.DB, challenges int) *fixture {
	f := &fixture{t: t, d: d, now: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC), people: map[string]int64{}}
	f.s = &Service{DB: d, BaseURL: "https://kern.example", Now: func() time.Time { return f.now }}
	ctx := context.Background()
	for i := 0; i < challenges; i++ {
		var id int64
		f.exec(`INSERT INTO challenges (title, stage, source, created_at, updated_at) VALUES ($1, 'market_access', 'report', $2, $2) RETURNING id`,
			&id, fmt.Sprintf("Challenge %03d", i+1), f.now)
		f.challenges = append(f.challenges, id)
	}
	var hospital, patients int64
	f.exec(`INSERT INTO organizations (kind, stakeholder_group, name, country, created_at, updated_at) VALUES ('hospital', 'care_providers', 'Ziekenhuis A', 'NL', $1, $1) RETURNING id`, &hospital, f.now)
	f.exec(`INSERT INTO organizations (kind, stakeholder_group, name, country, created_at, updated_at) VALUES ('patient_org', 'patient_organisations', 'Patiëntenvereniging B', 'NL', $1, $1) RETURNING id`, &patients, f.now)
	for _, p := range []struct {
		email string
		org   int64
	}{{"arts@zha.example", hospital}, {"fysicus@zha.example", hospital}, {"patient@pvb.example", patients}, {"los@example.org", 0}} {
		var id int64
		if d.Read.QueryRow(`SELECT id FROM people WHERE email = $1`, p.email).Scan(&id) == nil {
			f.people[p.email] = id // a second fixture on the same database
			continue
		}
		f.exec(`INSERT INTO people (given_name, family_name, email, search_text, created_at, updated_at) VALUES ('Test', $1, $1, $1, $2, $2) RETURNING id`,
			&id, p.email, f.now)
		f.people[p.email] = id
		if p.org != 0 {
			if _, err := d.Write.ExecContext(ctx, `INSERT INTO affiliations (person_id, org_id) VALUES ($1, $2)`, id, p.org); err != nil {
				t.Fatal(err)
			}
		}
	}
	return f
}

func (f *fixture) exec(sql string, id *int64, args ...any) {
	f.t.Helper()
	if err := f.d.Write.QueryRowContext(context.Background(), sql, args...).Scan(id); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) count(sql string, args ...any) int {
	f.t.Helper()
	var n int
	if err := f.d.Read.QueryRowContext(context.Background(), sql, args...).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

func day(s string) *time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return &t
}

// round creates a draft round over the fixture's challenges, from 10 to 31 March 2026.
func (f *fixture) round() Round {
	f.t.Helper()
	r, err := f.s.CreateRound(context.Background(), coordinator, RoundInput{Title: "Prioritering 2026",
		StartsOn: day("2026-03-10"), EndsOn: day("2026-03-31"), ChallengeIDs: f.challenges})
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

var linkRE = regexp.MustCompile(`https://kern\.example/r/([A-Za-z0-9_-]{43})`)

// links returns the personal links e-mailed to addr, oldest first.
func (f *fixture) links(addr string) []string {
	f.t.Helper()
	rows, err := f.d.Read.QueryContext(context.Background(), `SELECT body_text FROM outbox WHERE to_addr = $1 ORDER BY id`, addr)
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var body string
		rows.Scan(&body)
		if m := linkRE.FindStringSubmatch(body); m != nil {
			out = append(out, m[1])
		}
	}
	return out
}

// openWith creates a round, invites the addresses (with the group, if not empty) and opens it;
// it returns the round and each address's personal link.
func (f *fixture) openWith(group string, addrs ...string) (Round, map[string]string) {
	f.t.Helper()
	ctx := context.Background()
	r := f.round()
	var in []Invitee
	for _, a := range addrs {
		in = append(in, Invitee{Email: a, Group: group})
	}
	if _, _, err := f.s.Invite(ctx, coordinator, r.ID, in); err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.s.OpenRound(ctx, coordinator, r.ID); err != nil {
		f.t.Fatal(err)
	}
	links := map[string]string{}
	for _, a := range addrs {
		l := f.links(a)
		if len(l) == 0 {
			f.t.Fatalf("no personal link e-mailed to %s", a)
		}
		links[a] = l[len(l)-1]
	}
	return r, links
}

func (f *fixture) answers(impact, urgency int) []Answer {
	out := make([]Answer, len(f.challenges))
	for i, c := range f.challenges {
		out[i] = Answer{ChallengeID: c, Impact: impact, Urgency: urgency}
	}
	return out
}

func wantCode(t testing.TB, err error, code kern.Code, key string) {
	t.Helper()
	e := kern.AsError(err)
	if e == nil || e.Code != code || (key != "" && e.Key != key && !hasFieldKey(e, key)) {
		t.Fatalf("error %v, want %s %s", err, code, key)
	}
}

func hasFieldKey(e *kern.Error, key string) bool {
	for _, k := range e.Fields {
		if k == key {
			return true
		}
	}
	return false
}

func TestRoundEndToEnd(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 3)
		r := f.round()
		if r.State != Draft || len(r.Challenges) != 3 {
			t.Fatalf("new round: state %s with %d challenges, want a draft with 3", r.State, len(r.Challenges))
		}
		// A person of the registry brings the group of their organisation; an unknown address needs one.
		created, skipped, err := f.s.Invite(ctx, coordinator, r.ID, []Invitee{
			{PersonID: f.people["arts@zha.example"]}, {Email: "Patient@PVB.example"},
			{Email: "nieuw@bedrijf.example", Group: "companies", Lang: "en"}, {Email: "arts@zha.example"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(created) != 3 || skipped != 1 {
			t.Fatalf("created %d, skipped %d; want 3 and the duplicate skipped", len(created), skipped)
		}
		groups := map[string]string{}
		for _, i := range created {
			groups[i.Email] = i.Group
			if i.Status != "pending" {
				t.Errorf("%s: status %s before the round opens, want pending", i.Email, i.Status)
			}
		}
		if groups["arts@zha.example"] != "care_providers" || groups["patient@pvb.example"] != "patient_organisations" ||
			groups["nieuw@bedrijf.example"] != "companies" {
			t.Errorf("groups %v", groups)
		}
		if n := f.count(`SELECT count(*) FROM outbox`); n != 0 {
			t.Fatalf("%d e-mails sent for a draft round, want none before it opens", n)
		}
		if _, err := f.s.OpenRound(ctx, coordinator, r.ID); err != nil {
			t.Fatal(err)
		}
		if n := f.count(`SELECT count(*) FROM outbox`); n != 3 {
			t.Fatalf("%d e-mails after opening, want 3", n)
		}
		var subject, body string
		d.Read.QueryRow(`SELECT subject, body_text FROM outbox WHERE to_addr = 'nieuw@bedrijf.example'`).Scan(&subject, &body)
		if subject != "Invitation: Prioritering 2026" || !strings.Contains(body, "Companies") || !strings.Contains(body, "2026-03-31") {
			t.Errorf("English invitation: %q\n%s", subject, body)
		}
		if n := f.count(`SELECT count(*) FROM round_invitations WHERE token_hash IS NULL`); n != 0 {
			t.Errorf("%d sent invitations without a token hash", n)
		}
		link := f.links("arts@zha.example")[0]
		if n := f.count(`SELECT count(*) FROM round_invitations WHERE token_hash = $1`, link); n != 0 {
			t.Error("the token itself is stored; only its hash may be")
		}
		q, err := f.s.Questionnaire(ctx, link)
		if err != nil || q.Group != "care_providers" || len(q.Round.Challenges) != 3 {
			t.Fatalf("questionnaire: %+v, %v", q, err)
		}
		ans := f.answers(4, 5)
		ans[0].Comment = "  Belangrijk voor de zorg  "
		if err := f.s.Answer(ctx, link, ans); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Answer(ctx, f.links("patient@pvb.example")[0], f.answers(2, 1)[:2]); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.CloseRound(ctx, coordinator, r.ID); err != nil {
			t.Fatal(err)
		}
		kept, _ := tallies(ctx, d.Read, r.ID)
		fresh, _ := talliesFromScores(ctx, d.Read, r.ID)
		if len(kept) != 5 || !sameTallies(kept, fresh) {
			t.Errorf("kept tallies %+v differ from the scores' %+v", kept, fresh)
		}
		got, res, err := f.s.ResultsOf(ctx, coordinator, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != Closed || got.Responded != 2 || got.Invited != 3 {
			t.Errorf("round after closing: state %s, %d of %d responded", got.State, got.Responded, got.Invited)
		}
		if top := res.Challenges[0]; top.Challenge.ID != f.challenges[2] || top.Rank != 1 || top.Priority != 20 || top.Respondents != 1 {
			t.Errorf("top challenge %+v, want the third, scored 4×5 by care providers only", top)
		}
		for _, c := range res.Challenges[1:] {
			if c.Rank != 2 || c.Respondents != 2 || c.Priority != 11 || c.Pooled != 11 || c.Disagreement != 9 || c.Range != 18 {
				t.Errorf("challenge %+v, want rank 2 shared: group priorities 20 and 2, balanced 11, disagreement 9", c)
			}
		}
		if r := res.Rates; r[4].Group != "care_providers" || r[4].Invited != 1 || r[4].Responded != 1 || res.Invited != 3 || res.Responded != 2 {
			t.Errorf("response rates %+v", res.Rates)
		}
		_, comments, _, err := f.s.Responses(ctx, coordinator, r.ID, 1, 50)
		if err != nil {
			t.Fatal(err)
		}
		list, _, total, _ := f.s.Responses(ctx, coordinator, r.ID, 1, 50)
		if total != 2 || list[0].Email != "arts@zha.example" || len(list[0].Answers) != 3 || list[0].Answers[0].Comment != "Belangrijk voor de zorg" {
			t.Errorf("responses for the coordinator: %d, %+v", total, list)
		}
		if len(comments) != 0 {
			t.Errorf("coordinator got %d bare comments, want the responses instead", len(comments))
		}
	})
}

// Each refused answer writes nothing: no response, no score, the link not used up.
func TestAnswerRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, tc := range []struct {
			name    string
			prepare func(f *fixture, r Round, link string) string // returns the link to answer with
			answers func(f *fixture) []Answer
			code    kern.Code
			key     string
		}{
			{"impact above 5", nil, func(f *fixture) []Answer { a := f.answers(3, 3); a[1].Impact = 6; return a },
				kern.Invalid, "round.score_range"},
			{"urgency of 0", nil, func(f *fixture) []Answer { a := f.answers(3, 3); a[0].Urgency = 0; return a },
				kern.Invalid, "round.score_range"},
			{"a challenge outside the round", nil, func(f *fixture) []Answer {
				return append(f.answers(3, 3), Answer{ChallengeID: 999999, Impact: 3, Urgency: 3})
			}, kern.Invalid, "round.challenge_not_in_round"},
			{"nothing scored", nil, func(f *fixture) []Answer { return nil }, kern.Invalid, "round.answer_empty"},
			{"after the round was closed by hand", func(f *fixture, r Round, link string) string {
				if _, err := f.s.CloseRound(ctx, coordinator, r.ID); err != nil {
					t.Fatal(err)
				}
				return link
			}, nil, kern.Conflict, "round.closed"},
			{"after the end date passed", func(f *fixture, r Round, link string) string {
				f.now = time.Date(2026, 3, 31, 23, 0, 0, 0, time.UTC) // 1 April 01:00 in Amsterdam
				return link
			}, nil, kern.Conflict, "round.closed"},
			{"through a revoked link", func(f *fixture, r Round, link string) string {
				if _, err := f.s.RevokeInvitation(ctx, coordinator, r.ID, f.invitationID(r.ID, "arts@zha.example")); err != nil {
					t.Fatal(err)
				}
				return link
			}, nil, kern.Conflict, "round.link_revoked"},
			{"through the old link of a re-sent invitation", func(f *fixture, r Round, link string) string {
				if _, err := f.s.ResendInvitation(ctx, coordinator, r.ID, f.invitationID(r.ID, "arts@zha.example")); err != nil {
					t.Fatal(err)
				}
				if l := f.links("arts@zha.example"); len(l) != 2 || l[1] == link {
					t.Fatalf("re-sent links %v, want a second, new one", l)
				}
				return link
			}, nil, kern.NotFound, "round.link_unknown"},
			{"through an unknown link", func(f *fixture, r Round, link string) string { return newToken() },
				nil, kern.NotFound, "round.link_unknown"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				f := newFixture(t, d, 3)
				f.d.Write.Exec(`DELETE FROM outbox`)
				r, links := f.openWith("", "arts@zha.example")
				link := links["arts@zha.example"]
				if tc.prepare != nil {
					link = tc.prepare(f, r, link)
				}
				ans := f.answers(3, 3)
				if tc.answers != nil {
					ans = tc.answers(f)
				}
				err := f.s.Answer(ctx, link, ans)
				wantCode(t, err, tc.code, tc.key)
				f.assertNothingAnswered(r.ID)
			})
		}
		t.Run("through a link already used", func(t *testing.T) {
			f := newFixture(t, d, 2)
			r, links := f.openWith("", "fysicus@zha.example")
			if err := f.s.Answer(ctx, links["fysicus@zha.example"], f.answers(5, 5)); err != nil {
				t.Fatal(err)
			}
			err := f.s.Answer(ctx, links["fysicus@zha.example"], f.answers(1, 1))
			wantCode(t, err, kern.Conflict, "round.link_used")
			if n := f.count(`SELECT count(*) FROM round_scores WHERE round_id = $1 AND impact = 1`, r.ID); n != 0 {
				t.Errorf("%d scores of the second answer written", n)
			}
			if n := f.count(`SELECT count(*) FROM round_responses WHERE round_id = $1`, r.ID); n != 1 {
				t.Errorf("%d responses, want the first one only", n)
			}
		})
	})
}

func (f *fixture) invitationID(roundID int64, email string) int64 {
	f.t.Helper()
	var id int64
	f.exec(`SELECT id FROM round_invitations WHERE round_id = $1 AND email = $2`, &id, roundID, email)
	return id
}

func (f *fixture) assertNothingAnswered(roundID int64) {
	f.t.Helper()
	if n := f.count(`SELECT count(*) FROM round_responses WHERE round_id = $1`, roundID); n != 0 {
		f.t.Errorf("%d responses written", n)
	}
	if n := f.count(`SELECT count(*) FROM round_scores WHERE round_id = $1`, roundID); n != 0 {
		f.t.Errorf("%d scores written", n)
	}
	if n := f.count(`SELECT count(*) FROM round_invitations WHERE round_id = $1 AND answered_at IS NOT NULL`, roundID); n != 0 {
		f.t.Errorf("%d links used up", n)
	}
}

// Only the coordination office changes rounds; anyone else is refused and nothing is written.
func TestNonCoordinatorRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 2)
		draft := f.round()
		open, _ := f.openWith("", "arts@zha.example")
		inv := f.invitationID(open.ID, "arts@zha.example")
		in := RoundInput{Title: "Nieuw", StartsOn: day("2026-04-01"), EndsOn: day("2026-04-30"), ChallengeIDs: f.challenges}
		audits := f.count(`SELECT count(*) FROM audit_log`)
		outbox := f.count(`SELECT count(*) FROM outbox`)
		for _, p := range []struct {
			name string
			p    *auth.Principal
			code kern.Code
		}{{"member", member, kern.Forbidden}, {"read-only token", readOnly, kern.Forbidden}, {"nobody", nil, kern.Unauthorized}} {
			for _, op := range []struct {
				name string
				do   func() error
			}{
				{"create", func() error { _, err := f.s.CreateRound(ctx, p.p, in); return err }},
				{"update", func() error { _, err := f.s.UpdateRound(ctx, p.p, draft.ID, in); return err }},
				{"open", func() error { _, err := f.s.OpenRound(ctx, p.p, draft.ID); return err }},
				{"close", func() error { _, err := f.s.CloseRound(ctx, p.p, open.ID); return err }},
				{"publish", func() error { _, err := f.s.PublishRound(ctx, p.p, open.ID, Publication{}); return err }},
				{"invite", func() error {
					_, _, err := f.s.Invite(ctx, p.p, open.ID, []Invitee{{Email: "x@example.org", Group: "companies"}})
					return err
				}},
				{"revoke", func() error { _, err := f.s.RevokeInvitation(ctx, p.p, open.ID, inv); return err }},
				{"resend", func() error { _, err := f.s.ResendInvitation(ctx, p.p, open.ID, inv); return err }},
			} {
				t.Run(p.name+" "+op.name, func(t *testing.T) { wantCode(t, op.do(), p.code, "") })
			}
		}
		if n := f.count(`SELECT count(*) FROM rounds`); n != 2 {
			t.Errorf("%d rounds, want the 2 of the fixture", n)
		}
		if n := f.count(`SELECT count(*) FROM audit_log`); n != audits {
			t.Errorf("audit log grew from %d to %d", audits, n)
		}
		if n := f.count(`SELECT count(*) FROM outbox`); n != outbox {
			t.Errorf("outbox grew from %d to %d", outbox, n)
		}
		if n := f.count(`SELECT count(*) FROM round_invitations WHERE revoked_at IS NOT NULL OR email = 'x@example.org'`); n != 0 {
			t.Errorf("%d invitations changed", n)
		}
		var title, state string
		d.Read.QueryRow(`SELECT title, state FROM rounds WHERE id = $1`, draft.ID).Scan(&title, &state)
		if title != "Prioritering 2026" || state != "draft" {
			t.Errorf("draft round now %q, %s", title, state)
		}
	})
}

func TestRoundRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 2)
		for _, tc := range []struct {
			name  string
			in    RoundInput
			field string
			key   string
		}{
			{"no title", RoundInput{StartsOn: day("2026-04-01"), EndsOn: day("2026-04-30"), ChallengeIDs: f.challenges}, "title", "field.required"},
			{"ends before it starts", RoundInput{Title: "x", StartsOn: day("2026-04-30"), EndsOn: day("2026-04-01"), ChallengeIDs: f.challenges}, "ends_on", "round.ends_before_start"},
			{"no challenges", RoundInput{Title: "x", StartsOn: day("2026-04-01"), EndsOn: day("2026-04-30")}, "challenge_ids", "round.challenges_required"},
			{"an unknown challenge", RoundInput{Title: "x", StartsOn: day("2026-04-01"), EndsOn: day("2026-04-30"), ChallengeIDs: []int64{424242}}, "challenge_ids", "round.challenge_unknown"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := f.s.CreateRound(ctx, coordinator, tc.in)
				e := kern.AsError(err)
				if e == nil || e.Fields[tc.field] != tc.key {
					t.Fatalf("error %v, want %s on %s", err, tc.key, tc.field)
				}
				if n := f.count(`SELECT count(*) FROM rounds`); n != 0 {
					t.Errorf("%d rounds written", n)
				}
			})
		}
		t.Run("an invitee without a known group", func(t *testing.T) {
			r := f.round()
			_, _, err := f.s.Invite(ctx, coordinator, r.ID, []Invitee{{Email: "ok@example.org", Group: "researchers"}, {Email: "los@example.org"}})
			e := kern.AsError(err)
			if e == nil || e.Fields["invitees[1].stakeholder_group"] != "round.invite.group_required" {
				t.Fatalf("error %v, want the second invitee's group required", err)
			}
			if n := f.count(`SELECT count(*) FROM round_invitations WHERE round_id = $1`, r.ID); n != 0 {
				t.Errorf("%d invitations written", n)
			}
		})
		t.Run("a closed round is frozen and publishes in order", func(t *testing.T) {
			r, _ := f.openWith("researchers", "onderzoeker@example.org")
			if _, err := f.s.PublishRound(ctx, coordinator, r.ID, Publication{Published: true}); kern.ErrorCode(err) != kern.Conflict {
				t.Errorf("publishing an open round: %v, want a conflict", err)
			}
			if _, err := f.s.CloseRound(ctx, coordinator, r.ID); err != nil {
				t.Fatal(err)
			}
			in := RoundInput{Title: "Anders", StartsOn: day("2026-03-10"), EndsOn: day("2026-03-31"), ChallengeIDs: f.challenges}
			if _, err := f.s.UpdateRound(ctx, coordinator, r.ID, in); kern.ErrorCode(err) != kern.Conflict {
				t.Errorf("editing a closed round: %v, want a conflict", err)
			}
			if _, _, err := f.s.Invite(ctx, coordinator, r.ID, []Invitee{{Email: "laat@example.org", Group: "companies"}}); kern.ErrorCode(err) != kern.Conflict {
				t.Errorf("inviting to a closed round: %v, want a conflict", err)
			}
			if _, err := f.s.PublishRound(ctx, coordinator, r.ID, Publication{Public: true}); kern.ErrorCode(err) != kern.Invalid {
				t.Errorf("public without published: %v, want invalid", err)
			}
			if _, _, err := f.s.ResultsOf(ctx, member, r.ID); kern.ErrorCode(err) != kern.NotFound {
				t.Errorf("member sees unpublished results: %v", err)
			}
			if _, err := f.s.PublishRound(ctx, coordinator, r.ID, Publication{Published: true}); err != nil {
				t.Fatal(err)
			}
			if _, _, err := f.s.ResultsOf(ctx, member, r.ID); err != nil {
				t.Errorf("member and published results: %v", err)
			}
			if _, _, err := f.s.ResultsOf(ctx, nil, r.ID); kern.ErrorCode(err) != kern.NotFound {
				t.Errorf("visitor and results that are not public: %v, want not found", err)
			}
			if _, err := f.s.PublishRound(ctx, coordinator, r.ID, Publication{Published: true, Public: true}); err != nil {
				t.Fatal(err)
			}
			if _, _, err := f.s.ResultsOf(ctx, nil, r.ID); err != nil {
				t.Errorf("visitor and public results: %v", err)
			}
		})
	})
}

func sameTallies(a, b []Tally) bool {
	key := func(t Tally) string { return fmt.Sprint(t.ChallengeID, t.Group) }
	m := map[string]Tally{}
	for _, t := range a {
		m[key(t)] = t
	}
	if len(a) != len(b) {
		return false
	}
	for _, t := range b {
		if m[key(t)] != t {
			return false
		}
	}
	return true
}
