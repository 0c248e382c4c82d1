package reports

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
	"kern/internal/gov"
	"kern/internal/gov/meetings"
	"kern/internal/notify"
	"kern/internal/plan"
	"kern/internal/plan/actions"
	"kern/internal/web"
	"kern/internal/web/i18n"
)

// fixture is a migrated database with an action group (chaired through a seat), the society's
// board, a goal with a public KPI measured twice, an action, and four accounts.
type fixture struct {
	s                                *Service
	d                                *db.DB
	now                              time.Time
	coord, chair, board, stranger    *auth.Principal
	group, boardBody, goal, kpi, act int64
	chairPerson, boardPerson         int64
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{d: d, now: time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC)}
	cat, err := i18n.Load(web.CatalogFS, notify.CatalogFS, CatalogFS)
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return f.now }
	ns := &notify.Service{DB: d, Catalog: cat, Now: clock}
	gs := &gov.Service{DB: d, Notify: ns, Catalog: cat, Now: clock}
	f.s = &Service{DB: d, Gov: gs, Actions: &actions.Service{DB: d, Now: clock}, Plan: &plan.Service{DB: d, Now: clock},
		Meetings: &meetings.Service{DB: d, Gov: gs, Notify: ns, Now: clock}, Notify: ns, Now: clock}
	id := func(query string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := d.Write.QueryRowContext(ctx, query+" RETURNING id", args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return id
	}
	person := func(given string) int64 {
		return id(`INSERT INTO people (given_name, family_name, email, created_at, updated_at) VALUES ($1, 'Test', $2, $3, $3)`,
			given, strings.ToLower(given)+"@people.example", f.now)
	}
	user := func(email string, role auth.Role, personID int64) *auth.Principal {
		var pid any
		if personID > 0 {
			pid = personID
		}
		uid := id(`INSERT INTO users (email, name, role, person_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)`,
			email, strings.Split(email, "@")[0], string(role), pid, f.now)
		return &auth.Principal{User: auth.User{ID: uid, Email: email, Name: strings.Split(email, "@")[0], Role: role}}
	}
	f.chairPerson, f.boardPerson = person("Anna"), person("Bert")
	f.coord = user("coordinatie@test.example", auth.Coordinator, 0)
	f.chair = user("voorzitter@test.example", auth.Member, f.chairPerson)
	f.board = user("bestuur@test.example", auth.Member, f.boardPerson)
	f.stranger = user("ander@test.example", auth.Member, person("Carla"))
	f.group = id(`INSERT INTO bodies (kind, name, rhythm, created_at, updated_at) VALUES ('action_group', 'Actiegroep Isotopen', 'monthly', $1, $1)`, f.now)
	f.boardBody = id(`INSERT INTO bodies (kind, name, rhythm, created_at, updated_at) VALUES ('board', 'Bestuur NVNG', 'monthly', $1, $1)`, f.now)
	start, end := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	id(`INSERT INTO seats (body_id, person_id, role, term_start, term_end, created_at, updated_at) VALUES ($1, $2, 'leader', $3, $4, $5, $5)`,
		f.group, f.chairPerson, start, end, f.now)
	id(`INSERT INTO seats (body_id, person_id, role, term_start, created_at, updated_at) VALUES ($1, $2, 'chair', $3, $4, $4)`,
		f.boardBody, f.boardPerson, start, f.now)
	pillar := id(`INSERT INTO pillars (position, name, created_at, updated_at) VALUES (1, 'Pijler', $1, $1)`, f.now)
	f.goal = id(`INSERT INTO goals (pillar_id, title, accountable_body, created_at, updated_at) VALUES ($1, 'Leveringszekerheid', 'Actiegroep Isotopen', $2, $2)`, pillar, f.now)
	f.kpi = id(`INSERT INTO kpis (goal_id, name, unit, direction, cadence, baseline_value, baseline_on, public, created_at, updated_at)
VALUES ($1, 'Dagen met tekort', 'dagen', 'lower', 'quarterly', 20, $2, TRUE, $3, $3)`, f.goal, start, f.now)
	id(`INSERT INTO kpi_targets (kpi_id, target_on, value) VALUES ($1, $2, 5)`, f.kpi, time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC))
	for i, v := range []float64{18, 14} {
		id(`INSERT INTO kpi_measurements (kpi_id, measured_on, value, entered_by, entered_at) VALUES ($1, $2, $3, 'test', $4)`,
			f.kpi, time.Date(2025, time.Month(6+i*6), 30, 0, 0, 0, 0, time.UTC), v, f.now)
	}
	// A meeting in the first quarter with a decision, and one next month.
	for i, at := range []time.Time{time.Date(2026, 2, 10, 14, 0, 0, 0, time.UTC), time.Date(2026, 5, 12, 14, 0, 0, 0, time.UTC)} {
		m := id(`INSERT INTO meetings (body_id, title, starts_at, ends_at, state, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`,
			f.group, "Overleg "+strconv.Itoa(i+1), at, at.Add(2*time.Hour), []string{"closed", "open"}[i], f.now)
		if i == 0 {
			id(`INSERT INTO meeting_outcomes (meeting_id, body_id, kind, text, decision_year, decision_seq, decided_on, created_at)
VALUES ($1, $2, 'decision', 'Het noodplan wordt vastgesteld.', 2026, 1, $3, $4)`, m, f.group, time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC), f.now)
		}
	}
	due := time.Date(2026, 2, 15, 0, 0, 0, 0, time.UTC)
	f.act = id(`INSERT INTO actions (title, owner_group, status, due_on, quick_win, public, created_at, updated_at)
VALUES ('Noodplan tekorten', 'Actiegroep Isotopen', 'done', $1, TRUE, TRUE, $2, $2)`, due, f.now)
	return f
}

func (f *fixture) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.d.Read.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func code(err error) kern.Code { return kern.ErrorCode(err) }

func field(err error) string {
	e := kern.AsError(err)
	if e == nil {
		return ""
	}
	for f := range e.Fields {
		return f
	}
	return ""
}

func TestAnnualPlanLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		in := PlanInput{BodyID: f.group, Year: 2026, Summary: "Wij zorgen voor **voorraad**.",
			Objectives: []ObjectiveInput{{Text: "Een landelijk noodplan", GoalIDs: []int64{f.goal}, ActionIDs: []int64{f.act}}, {Text: " "}}}
		if _, err := f.s.CreatePlan(ctx, f.stranger, in); code(err) != kern.Forbidden {
			t.Fatalf("a stranger starts a plan: %v, want forbidden", err)
		}
		p, err := f.s.CreatePlan(ctx, f.chair, in)
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != Draft || len(p.Objectives) != 1 || len(p.Objectives[0].Goals) != 1 || p.Objectives[0].Actions[0].Title != "Noodplan tekorten" {
			t.Fatalf("plan %+v", p)
		}
		if _, err := f.s.CreatePlan(ctx, f.coord, in); field(err) != "year" {
			t.Errorf("a second plan for the year: %v, want a field error on year", err)
		}
		bad := in
		bad.Objectives = []ObjectiveInput{{Text: "x", GoalIDs: []int64{99999}}}
		bad.Year = 2027
		if _, err := f.s.CreatePlan(ctx, f.chair, bad); field(err) != "objectives" {
			t.Errorf("an unknown goal: %v", err)
		}

		// The board cannot review a draft; the body submits; the board's chair hears of it.
		if _, err := f.s.ReviewPlan(ctx, f.board, p.ID, ""); code(err) != kern.Conflict {
			t.Errorf("review of a draft: %v", err)
		}
		if _, err := f.s.SubmitPlan(ctx, f.stranger, p.ID); code(err) != kern.Forbidden {
			t.Errorf("a stranger submits: %v", err)
		}
		if p, err = f.s.SubmitPlan(ctx, f.chair, p.ID); err != nil || p.Status != Submitted {
			t.Fatalf("submit: %v %v", p.Status, err)
		}
		if n := f.count(t, `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'annual_plan'`, f.board.User.ID); n != 1 {
			t.Errorf("the board's chair got %d notifications", n)
		}
		if _, err := f.s.UpdatePlan(ctx, f.chair, p.ID, in); code(err) != kern.Conflict {
			t.Errorf("editing a submitted plan: %v", err)
		}
		if _, err := f.s.Comment(ctx, f.stranger, p.ID, "Mooi"); code(err) != kern.Forbidden {
			t.Errorf("a non-board member comments: %v", err)
		}
		if _, err := f.s.ReturnPlan(ctx, f.board, p.ID, ""); field(err) != "comment" {
			t.Errorf("a return without a reason: %v", err)
		}
		if _, err := f.s.Comment(ctx, f.board, p.ID, "Graag een datum bij het noodplan."); err != nil {
			t.Fatal(err)
		}
		if p, err = f.s.ReviewPlan(ctx, f.board, p.ID, "Akkoord."); err != nil || p.Status != Reviewed || len(p.Comments) != 2 {
			t.Fatalf("review: %v, %d comments, %v", p.Status, len(p.Comments), err)
		}
		if n := f.count(t, `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'annual_plan'`, f.chair.User.ID); n != 1 {
			t.Errorf("the body's chair got %d notifications", n)
		}

		// Year end: every objective needs an outcome before the plan is reported.
		oid := p.Objectives[0].ID
		if _, err := f.s.RecordOutcomes(ctx, f.chair, p.ID, nil, true); field(err) != "outcome_"+itoa(oid) {
			t.Errorf("reporting without outcomes: %v", err)
		}
		if _, err := f.s.RecordOutcomes(ctx, f.chair, p.ID, []OutcomeInput{{ObjectiveID: oid, Outcome: "maybe"}}, false); field(err) != "outcome" {
			t.Errorf("an unknown outcome: %v", err)
		}
		p, err = f.s.RecordOutcomes(ctx, f.chair, p.ID, []OutcomeInput{{ObjectiveID: oid, Outcome: "partly", Note: "In concept"}}, true)
		if err != nil || p.Status != Reported || p.Objectives[0].Outcome != "partly" {
			t.Fatalf("report: %+v %v", p, err)
		}
		if n := f.count(t, `SELECT count(*) FROM audit_log WHERE entity = 'annual_plan' AND entity_id = $1`, itoa(p.ID)); n < 5 {
			t.Errorf("%d audit entries", n)
		}
	})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func TestProgressReportIsFrozenWhenPublished(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		q1 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		in := ReportInput{Period: "quarter", Start: q1, Scope: "platform", Intro: "## Samenvatting\n\nHet ging goed."}
		r, err := f.s.CreateReport(ctx, f.coord, in)
		if err != nil {
			t.Fatal(err)
		}
		if !r.End.Equal(time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)) || len(r.Sections) != len(Sections) || r.Label() != "Q1 2026" {
			t.Fatalf("draft: end %v, sections %v, label %s", r.End, r.Sections, r.Label())
		}
		latest := func(r Report) float64 {
			t.Helper()
			if len(r.Content.KPIs) != 1 || r.Content.KPIs[0].Latest == nil {
				t.Fatalf("KPIs %+v", r.Content.KPIs)
			}
			return *r.Content.KPIs[0].Latest
		}
		if r, err = f.s.Report(ctx, f.coord, r.ID); err != nil || latest(r) != 14 {
			t.Fatalf("draft content: %v", err)
		}
		if len(r.Content.Done) != 1 || len(r.Content.QuickWins) != 1 || !r.Content.MeetingsKnown {
			t.Errorf("actions done %d, quick wins %d, meetings known %v", len(r.Content.Done), len(r.Content.QuickWins), r.Content.MeetingsKnown)
		}
		if c := r.Content; len(c.Decisions) != 1 || c.Decisions[0].Number != "D-2026-001" || len(c.MeetingsAhead) != 1 || c.MeetingsAhead[0].Title != "Overleg 2" {
			t.Errorf("decisions %+v, meetings ahead %+v", c.Decisions, c.MeetingsAhead)
		}
		if len(r.Content.TermsEnding) != 1 || r.Content.TermsEnding[0].PersonName != "Anna Test" {
			t.Errorf("terms ending %+v", r.Content.TermsEnding)
		}
		if _, err := f.s.PublishReport(ctx, f.chair, r.ID, true); code(err) != kern.Forbidden {
			t.Errorf("a chair publishes the platform report: %v", err)
		}
		pub, err := f.s.PublishReport(ctx, f.coord, r.ID, true)
		if err != nil || pub.Status != ReportPublished || pub.PublishedAt == nil {
			t.Fatalf("publish: %v", err)
		}
		// A measurement after publication changes a new draft, not the published report.
		if _, err := d.Write.ExecContext(ctx, `INSERT INTO kpi_measurements (kpi_id, measured_on, value, entered_by, entered_at)
VALUES ($1, $2, 9, 'test', $3)`, f.kpi, time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), f.now); err != nil {
			t.Fatal(err)
		}
		again, err := f.s.Report(ctx, nil, r.ID)
		if err != nil {
			t.Fatalf("a visitor reads the public report: %v", err)
		}
		if latest(again) != 14 || len(again.Content.KPIs[0].Points) != 2 {
			t.Errorf("the published report moved with the KPI: latest %v, %d points", latest(again), len(again.Content.KPIs[0].Points))
		}
		if again.Content.TermsEnding[0].PersonName != "" {
			t.Errorf("a public report names %q", again.Content.TermsEnding[0].PersonName)
		}
		fresh, _ := f.s.CreateReport(ctx, f.coord, in)
		if fresh, err = f.s.Report(ctx, f.coord, fresh.ID); err != nil || latest(fresh) != 9 {
			t.Errorf("a new draft does not see the new measurement: %v", err)
		}

		// Frozen: publishing twice, editing and deleting are refused, and nothing changes.
		audits := f.count(t, `SELECT count(*) FROM audit_log`)
		if _, err := f.s.PublishReport(ctx, f.coord, r.ID, true); code(err) != kern.Conflict {
			t.Errorf("publishing twice: %v", err)
		}
		if _, err := f.s.UpdateReport(ctx, f.coord, r.ID, in); code(err) != kern.Conflict {
			t.Errorf("editing a published report: %v", err)
		}
		if err := f.s.DeleteReport(ctx, f.coord, r.ID); code(err) != kern.Conflict {
			t.Errorf("deleting a published report: %v", err)
		}
		if n := f.count(t, `SELECT count(*) FROM audit_log`); n != audits {
			t.Errorf("refused changes wrote %d audit entries", n-audits)
		}
	})
}

func TestProgressReportRefusals(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		before := start.AddDate(0, 0, -1)
		body := f.group
		for _, c := range []struct {
			name  string
			who   *auth.Principal
			in    ReportInput
			code  kern.Code
			field string
		}{
			{"end before start", f.coord, ReportInput{Period: "quarter", Start: start, End: &before, Scope: "platform"}, kern.Invalid, "period_end"},
			{"no start", f.coord, ReportInput{Period: "quarter", Scope: "platform"}, kern.Invalid, "period_start"},
			{"unknown period", f.coord, ReportInput{Period: "week", Start: start, Scope: "platform"}, kern.Invalid, "period"},
			{"body scope without a body", f.coord, ReportInput{Period: "month", Start: start, Scope: "body"}, kern.Invalid, "body_id"},
			{"unknown section", f.coord, ReportInput{Period: "month", Start: start, Scope: "platform", Sections: []string{"gossip"}}, kern.Invalid, "sections"},
			{"a member drafts a platform report", f.chair, ReportInput{Period: "quarter", Start: start, Scope: "platform"}, kern.Forbidden, ""},
			{"a stranger drafts a body's report", f.stranger, ReportInput{Period: "quarter", Start: start, Scope: "body", BodyID: &body}, kern.Forbidden, ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				n := f.count(t, `SELECT count(*) FROM progress_reports`)
				_, err := f.s.CreateReport(ctx, c.who, c.in)
				if code(err) != c.code || (c.field != "" && field(err) != c.field) {
					t.Errorf("got %v, want %s on %q", err, c.code, c.field)
				}
				if f.count(t, `SELECT count(*) FROM progress_reports`) != n {
					t.Error("a refused report was written")
				}
			})
		}
		// The body's leader drafts the body's report; it holds the body's goal's KPI and action.
		r, err := f.s.CreateReport(ctx, f.chair, ReportInput{Period: "quarter", Start: start, Scope: "body", BodyID: &body})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.UpdateReport(ctx, f.coord, r.ID, ReportInput{Period: "quarter", Start: start, Scope: "platform"}); err != nil {
			t.Errorf("the coordination office moves it to the platform: %v", err)
		}
		if _, err := f.s.UpdateReport(ctx, f.chair, r.ID, ReportInput{Period: "quarter", Start: start, Scope: "platform"}); code(err) != kern.Forbidden {
			t.Errorf("a non-coordinator edits a platform report: %v", err)
		}
		// A visitor finds neither a draft nor an unpublished report.
		if _, err := f.s.Report(ctx, nil, r.ID); code(err) != kern.NotFound {
			t.Errorf("a visitor reads a draft: %v", err)
		}
		if _, err := f.s.PublishReport(ctx, f.coord, r.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Report(ctx, nil, r.ID); code(err) != kern.NotFound {
			t.Errorf("a visitor reads a published report that is not public: %v", err)
		}
	})
}

func TestBodyReportScope(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		body := f.boardBody
		r, err := f.s.CreateReport(ctx, f.coord, ReportInput{Period: "year", Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Scope: "body", BodyID: &body})
		if err != nil {
			t.Fatal(err)
		}
		if r, err = f.s.Report(ctx, f.coord, r.ID); err != nil {
			t.Fatal(err)
		}
		if len(r.Content.KPIs)+len(r.Content.Done)+len(r.Content.TermsEnding) != 0 {
			t.Errorf("the board's report shows another body's KPIs, actions or terms: %+v", r.Content)
		}
		group := f.group
		r, _ = f.s.CreateReport(ctx, f.coord, ReportInput{Period: "year", Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Scope: "body", BodyID: &group})
		if r, err = f.s.Report(ctx, f.coord, r.ID); err != nil || len(r.Content.KPIs) != 1 || len(r.Content.QuickWins) != 1 {
			t.Errorf("the action group's report: %v %+v", err, r.Content)
		}
	})
}

func TestDraftDueDraftsTheLastQuarterOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		for range 2 {
			if err := f.s.DraftDue(ctx, ""); err != nil {
				t.Fatal(err)
			}
		}
		list, err := f.s.Reports(ctx, f.coord, ReportFilter{})
		if err != nil || len(list) != 1 {
			t.Fatalf("%d reports, %v", len(list), err)
		}
		if r := list[0]; r.Label() != "Q1 2026" || !r.Scheduled || r.Status != ReportDraft || r.Scope != "platform" {
			t.Errorf("drafted %+v", r)
		}
		if n := f.count(t, `SELECT count(*) FROM notifications WHERE kind = 'report_draft' AND user_id = $1`, f.coord.User.ID); n != 1 {
			t.Errorf("the coordinator got %d notifications", n)
		}
		if n := f.count(t, `SELECT count(*) FROM notifications WHERE kind = 'report_draft'`); n != 1 {
			t.Errorf("%d notifications in all; only coordinators are told", n)
		}
	})
}

func TestPeriods(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	for _, c := range []struct {
		period, today, start, end string
	}{
		{"quarter", "2026-04-02", "2026-01-01", "2026-03-31"},
		{"quarter", "2026-01-01", "2025-10-01", "2025-12-31"},
		{"month", "2026-03-15", "2026-02-01", "2026-02-28"},
		{"year", "2026-06-01", "2025-01-01", "2025-12-31"},
	} {
		s, e := PreviousPeriod(c.period, day(c.today))
		if !s.Equal(day(c.start)) || !e.Equal(day(c.end)) {
			t.Errorf("%s before %s: %v – %v", c.period, c.today, s, e)
		}
	}
}

func TestSparklineIsPlainSVG(t *testing.T) {
	target := 5.0
	svg := string(Sparkline([]ReportPoint{{On: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Value: 20}, {On: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), Value: 10}},
		&target, `Trend of "<b>"`))
	for _, want := range []string{"<svg", "<polyline", "stroke-dasharray", `aria-label="Trend of &#34;&lt;b&gt;&#34;"`} {
		if !strings.Contains(svg, want) {
			t.Errorf("missing %s in %s", want, svg)
		}
	}
	if strings.Contains(svg, "style=") || strings.Contains(svg, "<script") {
		t.Errorf("inline style or script: %s", svg)
	}
	if Sparkline(nil, nil, "x") != "" {
		t.Error("a chart without points")
	}
}
