package plan_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"kern"
	"kern/internal/app"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
	"kern/internal/notify"
	"kern/internal/plan"
)

var (
	coordinator = &auth.Principal{User: auth.User{ID: 0, Role: auth.Coordinator, Email: "c@example.org"}, SessionID: "s"}
	member      = &auth.Principal{User: auth.User{ID: 0, Role: auth.Member, Email: "m@example.org"}, SessionID: "s"}
	readOnly    = &auth.Principal{User: auth.User{ID: 0, Role: auth.Coordinator, Email: "t@example.org"}, TokenID: 1, Scope: auth.ScopeRead}
)

func today() time.Time { return time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC) }

func day(s string) time.Time {
	t, err := time.Parse(plan.Date, s)
	if err != nil {
		panic(err)
	}
	return t
}

func count(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.Read.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func fieldOf(err error) string {
	if e := kern.AsError(err); e != nil {
		for f := range e.Fields {
			return f
		}
	}
	return ""
}

func newKPI(t *testing.T, s *plan.Service) plan.KPI {
	t.Helper()
	k, err := s.CreateKPI(context.Background(), coordinator, plan.KPIInput{Name: "PET/CT-scans per maand", Direction: "higher",
		Cadence: "monthly", Tolerance: 10, BaselineValue: 100, BaselineOn: day("2026-01-31"),
		Targets: []plan.Target{{On: day("2027-01-31"), Value: 220}}})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestDemoLoadsAndShowsEveryStatus(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := &plan.Service{DB: d, Now: today}
		if err := plan.LoadDemo(context.Background(), s); err != nil {
			t.Fatal(err)
		}
		ks, err := s.KPIs(context.Background(), member, plan.KPIFilter{})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[plan.Status]int{}
		for _, k := range ks {
			seen[k.Status]++
			if k.Latest == nil || !k.Latest.Demo {
				t.Errorf("%s: the latest demo measurement is not marked as demonstration data", k.Name)
			}
		}
		for _, st := range []plan.Status{plan.OnTrack, plan.AtRisk, plan.OffTrack, plan.Overdue} {
			if seen[st] == 0 {
				t.Errorf("no demo KPI is %s: %v", st, seen)
			}
		}
		if n := count(t, d, "challenges"); n < 8 {
			t.Errorf("%d demo challenges, want the report's eight at least", n)
		}
	})
}

func TestBadInputChangesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := &plan.Service{DB: d, Now: today}
		k := newKPI(t, s)
		for _, c := range []struct {
			name  string
			run   func() error
			code  kern.Code
			field string
		}{
			{"a target dated before the baseline", func() error {
				_, err := s.CreateKPI(ctx, coordinator, plan.KPIInput{Name: "x", Direction: "higher", Cadence: "yearly", BaselineValue: 1,
					BaselineOn: day("2025-01-01"), Targets: []plan.Target{{On: day("2024-12-31"), Value: 2}}})
				return err
			}, kern.Invalid, "targets"},
			{"a measurement for a date in the future", func() error {
				_, err := s.RecordMeasurement(ctx, coordinator, k.ID, plan.MeasurementInput{On: day("2026-11-23"), Value: 1})
				return err
			}, kern.Invalid, "on"},
			{"a measurement before the baseline", func() error {
				_, err := s.RecordMeasurement(ctx, coordinator, k.ID, plan.MeasurementInput{On: day("2025-12-31"), Value: 1})
				return err
			}, kern.Invalid, "on"},
			{"a member who does not own the KPI measures it", func() error {
				_, err := s.RecordMeasurement(ctx, member, k.ID, plan.MeasurementInput{On: day("2026-02-28"), Value: 1})
				return err
			}, kern.Forbidden, ""},
			{"a read-only token creates a goal", func() error {
				_, err := s.CreateGoal(ctx, readOnly, plan.GoalInput{PillarID: 1, Title: "x"})
				return err
			}, kern.Forbidden, ""},
			{"a member creates a challenge", func() error {
				_, err := s.CreateChallenge(ctx, member, plan.ChallengeInput{Title: "x", Stage: "market_access", Source: "report"})
				return err
			}, kern.Forbidden, ""},
			{"a goal under a pillar that does not exist", func() error {
				_, err := s.CreateGoal(ctx, coordinator, plan.GoalInput{PillarID: 999, Title: "x"})
				return err
			}, kern.Invalid, "pillar_id"},
			{"a challenge with an unknown enabler", func() error {
				_, err := s.CreateChallenge(ctx, coordinator, plan.ChallengeInput{Title: "x", Stage: "market_access", Source: "report", Enablers: []string{"luck"}})
				return err
			}, kern.Invalid, "enablers"},
		} {
			before := count(t, d, "kpis") + count(t, d, "kpi_targets") + count(t, d, "kpi_measurements") + count(t, d, "goals") + count(t, d, "challenges") + count(t, d, "audit_log")
			err := c.run()
			if kern.ErrorCode(err) != c.code || fieldOf(err) != c.field {
				t.Errorf("%s: got %v (field %q), want %s on %q", c.name, err, fieldOf(err), c.code, c.field)
			}
			after := count(t, d, "kpis") + count(t, d, "kpi_targets") + count(t, d, "kpi_measurements") + count(t, d, "goals") + count(t, d, "challenges") + count(t, d, "audit_log")
			if after != before {
				t.Errorf("%s: %d rows before, %d after", c.name, before, after)
			}
		}
	})
}

func TestStatusFollowsMeasurementsAndCorrectionsKeepHistory(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := day("2026-03-05")
		s := &plan.Service{DB: d, Now: func() time.Time { return now }}
		k := newKPI(t, s)
		if k.Status != plan.NoData {
			t.Fatalf("a new KPI is %s, want no_data", k.Status)
		}
		// 2026-02-28: 28 of 365 days, expected 100 + 120*28/365 ≈ 109.2; tolerance 10.
		steps := []struct {
			value float64
			want  plan.Status
		}{{110, plan.OnTrack}, {95, plan.AtRisk}, {80, plan.OffTrack}, {109, plan.OnTrack}}
		for _, st := range steps {
			if _, err := s.RecordMeasurement(ctx, coordinator, k.ID, plan.MeasurementInput{On: day("2026-02-28"), Value: st.value, Source: "DBC"}); err != nil {
				t.Fatal(err)
			}
			got, err := s.KPI(ctx, member, k.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != st.want || got.Latest.Value != st.value {
				t.Errorf("after %v: status %s (latest %v), want %s", st.value, got.Status, got.Latest.Value, st.want)
			}
		}
		all, err := s.Measurements(ctx, member, k.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		current, _ := s.Measurements(ctx, member, k.ID, false)
		if len(all) != 4 || len(current) != 1 || current[0].Value != 109 {
			t.Fatalf("history %d rows, current %v; want 4 rows and one current of 109", len(all), current)
		}
		for _, m := range all[:3] {
			if m.ReplacedAt == nil || m.ReplacedBy == nil {
				t.Errorf("corrected measurement %v has no replacement recorded", m)
			}
		}
		// Two months later without a new figure, past the grace: overdue.
		now = day("2026-04-20")
		got, _ := s.KPI(ctx, member, k.ID)
		if got.Status != plan.Overdue {
			t.Errorf("a month's figure missing past the grace: %s, want overdue", got.Status)
		}
	})
}

func TestOverdueKPIRemindsItsOwnerOncePerMissingMeasurement(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		cat, err := app.Catalog()
		if err != nil {
			t.Fatal(err)
		}
		now := day("2026-03-20")
		s := &plan.Service{DB: d, Now: func() time.Time { return now }, Catalog: cat, BaseURL: "https://kern.example"}
		s.Notify = &notify.Service{DB: d, Catalog: cat, BaseURL: s.BaseURL, Now: s.Now}
		var owner int64
		if err := d.Write.QueryRow(`INSERT INTO users (email, name, lang, role, created_at, updated_at) VALUES ('eigenaar@example.org', 'Eigenaar', 'nl', 'member', $1, $1) RETURNING id`, now).Scan(&owner); err != nil {
			t.Fatal(err)
		}
		k, err := s.CreateKPI(ctx, coordinator, plan.KPIInput{Name: "Scans", Direction: "higher", Cadence: "monthly", BaselineValue: 1,
			BaselineOn: day("2026-01-31"), OwnerID: &owner})
		if err != nil {
			t.Fatal(err)
		}
		mails := func() int { return count(t, d, "outbox") }
		for _, step := range []struct {
			now  string
			want int
		}{
			{"2026-03-10", 0}, // due 2026-02-28, within the 15-day grace
			{"2026-03-20", 1}, // overdue: remind
			{"2026-03-21", 1}, // the same missing measurement: no second reminder
		} {
			now = day(step.now)
			if err := s.RemindOverdue(ctx, ""); err != nil {
				t.Fatal(err)
			}
			if got := mails(); got != step.want {
				t.Fatalf("on %s: %d reminders, want %d", step.now, got, step.want)
			}
		}
		var to, subject string
		d.Read.QueryRow(`SELECT to_addr, subject FROM outbox`).Scan(&to, &subject)
		if to != "eigenaar@example.org" || subject != `Kern: meting van "Scans" is te laat` {
			t.Errorf("reminder to %q about %q", to, subject)
		}
		// The February figure arrives; March's is due 2026-03-31 and late after 15 April.
		if _, err := s.RecordMeasurement(ctx, coordinator, k.ID, plan.MeasurementInput{On: day("2026-02-28"), Value: 2}); err != nil {
			t.Fatal(err)
		}
		now = day("2026-04-16")
		if err := s.RemindOverdue(ctx, ""); err != nil {
			t.Fatal(err)
		}
		if got := mails(); got != 2 {
			t.Fatalf("the next missing measurement sent %d reminders in all, want 2", got)
		}
	})
}

func TestImportRefusesBadRowsByLineAndAppliesAllOrNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := &plan.Service{DB: d, Now: today}
		k := newKPI(t, s)
		if _, err := s.RecordMeasurement(ctx, coordinator, k.ID, plan.MeasurementInput{On: day("2026-02-28"), Value: 100}); err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(k.ID, 10)
		bad := "kpi_id;kpi;date;value\n" + id + ";x;2026-03-31;120\n" + id + ";x;2026-04-30;veel\n999;x;2026-04-30;1\n" + id + ";x;2027-01-01;5\n"
		before := count(t, d, "kpi_measurements")
		rep, err := s.ImportMeasurements(ctx, coordinator, strings.NewReader(bad), false)
		if err != nil {
			t.Fatal(err)
		}
		got := map[int]string{}
		for _, e := range rep.Errors {
			got[e.Line] = e.Field + ":" + e.Key
		}
		want := map[int]string{3: "value:field.invalid_number", 4: "kpi_id:plan.kpi_unknown", 5: "on:plan.date_in_future"}
		if len(got) != len(want) {
			t.Fatalf("errors %v, want %v", got, want)
		}
		for line, w := range want {
			if got[line] != w {
				t.Errorf("line %d: %q, want %q", line, got[line], w)
			}
		}
		if rep.Applied || count(t, d, "kpi_measurements") != before {
			t.Fatal("a refused import wrote measurements")
		}
		good := "\ufeffkpi_id,kpi,date,value,unit,source,note,demo\n" + id + ",x,2026-02-28,101,,DBC,,\n" + id + ",x,2026-03-31,\"120,5\",,DBC,,\n"
		dry, err := s.ImportMeasurements(ctx, coordinator, strings.NewReader(good), true)
		if err != nil || len(dry.Errors) != 0 || dry.New != 1 || dry.Corrections != 1 || dry.Applied {
			t.Fatalf("dry run: %+v, %v; want one new, one correction, nothing applied", dry, err)
		}
		if count(t, d, "kpi_measurements") != before {
			t.Fatal("a dry run wrote measurements")
		}
		done, err := s.ImportMeasurements(ctx, coordinator, strings.NewReader(good), false)
		if err != nil || !done.Applied {
			t.Fatalf("import: %+v, %v", done, err)
		}
		ms, _ := s.Measurements(ctx, member, k.ID, false)
		if len(ms) != 2 || ms[0].Value != 101 || ms[1].Value != 120.5 {
			t.Fatalf("after the import: %+v", ms)
		}
		if n := count(t, d, "kpi_measurements"); n != before+2 {
			t.Fatalf("%d rows, want %d (one correction keeps the old row)", n, before+2)
		}
	})
}
