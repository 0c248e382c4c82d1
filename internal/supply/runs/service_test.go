package runs_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
	"kern/internal/notify"
	"kern/internal/supply/runs"
	"kern/internal/web"
	"kern/internal/web/i18n"
)

func newService(t testing.TB, d *db.DB, now time.Time) *runs.Service {
	cat, err := i18n.Load(web.CatalogFS, notify.CatalogFS, runs.CatalogFS)
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return now }
	return &runs.Service{DB: d, Notify: &notify.Service{DB: d, Catalog: cat, Now: clock}, Now: clock}
}

// TestLoadExecuteAndRead: the situation comes from the database (runs after the feed's outage
// upstream, standing demand laid out, open orders, routes), the run is stored with its input,
// hospitals that fall short are notified, and a hospital reads only its own part.
func TestLoadExecuteAndRead(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		// 3 hospitals want 40 GBq of Mo-99 a week each; the processor makes 10 GBq a weekday: short.
		w := seed(t, d, 3, 10e9)
		s := newService(t, d, w.now)
		exec(t, d, `INSERT INTO orders (org_id, product_id, activity_bq, calibration_at, priority, divisible, status, created_at, updated_at)
VALUES ($1, $2, 5e9, $3, 1, TRUE, 'open', $4, $4)`, w.hospitals[0], w.mo99, w.now.Add(50*time.Hour), w.now)
		exec(t, d, `INSERT INTO orders (org_id, product_id, activity_bq, calibration_at, priority, divisible, status, created_at, updated_at)
VALUES ($1, $2, 5e9, $3, 1, TRUE, 'cancelled', $4, $4)`, w.hospitals[0], w.mo99, w.now.Add(50*time.Hour), w.now)
		exec(t, d, `INSERT INTO outages (facility_id, starts_at, ends_at, reduction_pct, planned, reason, created_at, updated_at)
VALUES ($1, $2, $3, 100, FALSE, 'leak', $4, $4)`, w.reactor, w.now.AddDate(0, 0, 7), w.now.AddDate(0, 0, 14), w.now)

		sit, err := s.Load(ctx, w.now, 14)
		if err != nil {
			t.Fatal(err)
		}
		if len(sit.Hospitals) != 3 || len(sit.Facilities) != 3 || len(sit.Feeds) != 1 || len(sit.Outages) != 1 {
			t.Fatalf("situation: %d hospitals, %d facilities, %d feeds, %d outages", len(sit.Hospitals), len(sit.Facilities), len(sit.Feeds), len(sit.Outages))
		}
		// Two weeks: Mo-99 on Mon and Thu, Lu-177 on Tue: 6 standing demands per hospital, plus one
		// open order; and the lead-in week before the horizon: 3 per hospital.
		if got := len(inHorizon(sit)); got != 3*6+1 {
			t.Fatalf("demands = %d, want 19", got)
		}
		if got := len(sit.Demands) - len(inHorizon(sit)); got != 3*3 || !sit.LeadIn.Equal(w.now.AddDate(0, 0, -runs.LeadInDays)) {
			t.Fatalf("lead-in demands = %d from %v, want 9 from a week before", got, sit.LeadIn)
		}
		if len(sit.Routes) != 3*3 {
			t.Fatalf("routes = %d, want 9", len(sit.Routes))
		}
		var key string
		for _, dm := range sit.Demands {
			if dm.OrderID != 0 {
				key = dm.Key
			}
		}
		if key == "" {
			t.Fatal("the open order is not a demand")
		}

		run, err := s.Execute(ctx, coordinator, sit, runs.RunInput{Kind: runs.KindBaseline, Name: "week 48", Policy: runs.Policy{Kind: "strict"}})
		if err != nil {
			t.Fatal(err)
		}
		if run.ID == 0 || run.Status != runs.StatusDone || run.Result == nil {
			t.Fatalf("run = %+v", run)
		}
		// The reactor's unplanned outage halves the processor's second week (share 0.5).
		var week1, week2 float64
		for _, u := range run.Result.Days {
			if u.Nuclide != "Mo-99" {
				continue
			}
			if u.Date < "2026-11-30" {
				week1 += u.SupplyBq
			} else {
				week2 += u.SupplyBq
			}
		}
		if week1 <= 0 || week2/week1 < 0.49 || week2/week1 > 0.51 {
			t.Errorf("Mo-99 supply week 1 %g, week 2 %g: want half in week 2", week1, week2)
		}
		if run.Result.HospitalsShort != 3 {
			t.Errorf("hospitals short = %d, want 3", run.Result.HospitalsShort)
		}

		got, err := s.Run(ctx, coordinator, run.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Situation == nil || len(got.Situation.Demands) != len(sit.Demands) || got.Policy.Kind != "strict" || got.Name != "week 48" {
			t.Fatalf("stored run = %+v", got)
		}
		latest, ok, err := s.Latest(ctx, runs.KindBaseline)
		if err != nil || !ok || latest.ID != run.ID {
			t.Fatalf("latest = %v %v %v", latest.ID, ok, err)
		}
		// The header and the result as other capabilities read them, without the situation.
		meta, err := s.Meta(ctx, run.ID)
		if err != nil || meta.ID != run.ID || meta.Kind != runs.KindBaseline || !meta.StartsAt.Equal(w.now) || meta.HorizonDays != 14 ||
			meta.Policy.Kind != "strict" || meta.Status != runs.StatusDone || meta.CreatedAt.IsZero() {
			t.Errorf("meta = %+v, %v", meta, err)
		}
		if lm, ok, err := s.LatestMeta(ctx, runs.KindBaseline); err != nil || !ok || lm.ID != meta.ID || !lm.StartsAt.Equal(meta.StartsAt) || lm.Policy.Kind != meta.Policy.Kind {
			t.Errorf("latest meta = %+v %v %v, want %+v", lm, ok, err, meta)
		}
		if _, ok, err := s.LatestMeta(ctx, runs.KindScenario); ok || err != nil {
			t.Errorf("latest scenario meta: %v %v, want none", ok, err)
		}
		res, err := s.ResultOf(ctx, run.ID)
		if err != nil || res.DeferredDoses != run.Result.DeferredDoses || len(res.Fills) != len(run.Result.Fills) {
			t.Errorf("result of: %d deferred, %d fills, %v", res.DeferredDoses, len(res.Fills), err)
		}
		if _, err := s.Meta(ctx, run.ID+1000); kern.ErrorCode(err) != kern.NotFound {
			t.Errorf("meta of no run: %v", err)
		}
		if _, err := s.ResultOf(ctx, run.ID+1000); kern.ErrorCode(err) != kern.NotFound {
			t.Errorf("result of no run: %v", err)
		}

		// Alerts: every hospital falls short of the threshold, each hospital's user is notified.
		var n int
		d.Read.QueryRow(`SELECT count(*) FROM notifications WHERE kind = 'supply_shortfall' AND link = '/allocation/mine'`).Scan(&n)
		if n != 3 {
			t.Errorf("notifications = %d, want 3", n)
		}

		// A hospital user reads its own allocation, not another's, not the whole run.
		user := &auth.Principal{User: auth.User{ID: w.users[0], Role: auth.Member}, OrgRoles: map[int64]auth.OrgRole{w.hospitals[0]: auth.OrgMember}}
		own, err := s.HospitalAllocation(ctx, user, run.ID, w.hospitals[0])
		if err != nil {
			t.Fatal(err)
		}
		if len(own.Fills) == 0 || len(own.Outcomes) != 7 {
			t.Errorf("own allocation: %d fills, %d outcomes", len(own.Fills), len(own.Outcomes))
		}
		for _, f := range own.Fills {
			if f.OrgID != w.hospitals[0] {
				t.Errorf("fill of another hospital: %+v", f)
			}
		}
		if _, err := s.HospitalAllocation(ctx, user, run.ID, w.hospitals[1]); kern.ErrorCode(err) != kern.NotFound {
			t.Errorf("another hospital's allocation: %v, want not found", err)
		}
		if _, err := s.Run(ctx, user, run.ID); kern.ErrorCode(err) != kern.NotFound {
			t.Errorf("whole run for a hospital user: %v, want not found", err)
		}
		if _, err := s.Execute(ctx, user, sit, runs.RunInput{}); kern.ErrorCode(err) != kern.Forbidden {
			t.Errorf("a hospital user starting a run: %v, want forbidden", err)
		}
		// A producer reads the demand for its own products.
		producer := &auth.Principal{User: auth.User{ID: 99, Role: auth.Member}, OrgRoles: map[int64]auth.OrgRole{w.producer: auth.OrgMember}}
		pv, err := s.ProducerAllocation(ctx, producer, run.ID, w.producer)
		if err != nil || len(pv.Fills) != 3*2+1 {
			t.Errorf("producer view: %d fills, %v", len(pv.Fills), err)
		}
		if _, err := s.ProducerAllocation(ctx, user, run.ID, w.producer); kern.ErrorCode(err) != kern.NotFound {
			t.Errorf("producer view for a hospital user: %v, want not found", err)
		}
	})
}

// TestEngineInputError: an input the engine refuses is stored as a failed run and answered as an
// Invalid error naming the field; nobody is alerted.
func TestEngineInputError(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := seed(t, d, 1, 100e9)
		s := newService(t, d, w.now)
		sit, err := s.Load(ctx, w.now, 7)
		if err != nil {
			t.Fatal(err)
		}
		sit.Demands[0].ActivityBq = -1
		run, err := s.Execute(ctx, coordinator, sit, runs.RunInput{Kind: runs.KindBaseline})
		e := kern.AsError(err)
		if e == nil || e.Code != kern.Invalid || e.Fields["demands[0].activity_bq"] == "" {
			t.Fatalf("err = %v, want Invalid naming demands[0].activity_bq", err)
		}
		if run.ID == 0 {
			t.Fatal("the failed run is not stored")
		}
		got, err := s.Run(ctx, coordinator, run.ID)
		if err != nil || got.Status != runs.StatusFailed || !strings.Contains(got.Error, "demands[0].activity_bq") {
			t.Errorf("stored run = %+v, %v", got, err)
		}
		if _, ok, _ := s.Latest(ctx, runs.KindBaseline); ok {
			t.Error("a failed run is the latest baseline")
		}
		if m, err := s.Meta(ctx, run.ID); err != nil || !m.Failed() || m.Error != got.Error {
			t.Errorf("meta of the failed run = %+v, %v", m, err)
		}
		if _, ok, _ := s.LatestMeta(ctx, runs.KindBaseline); ok {
			t.Error("a failed run is the latest baseline's header")
		}
		var n int
		d.Read.QueryRow(`SELECT count(*) FROM notifications`).Scan(&n)
		if n != 0 {
			t.Errorf("%d notifications after a failed run", n)
		}
	})
}

// TestAlerts: after a baseline run, the users of each hospital whose class 1 is below 100 % or
// any class below the threshold are notified; scenario runs alert nobody.
func TestAlerts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		// 2 hospitals × 40 GBq of Mo-99 a week (class 2) against 50 GBq a week, decaying: about 40 %;
		// Lu-177 (class 1): 40 GBq on Mondays for two doses of 7.4 GBq: whole.
		w := seed(t, d, 2, 10e9)
		s := newService(t, d, w.now)
		sit, err := s.Load(ctx, w.now, 7)
		if err != nil {
			t.Fatal(err)
		}
		count := func() int {
			var n int
			d.Read.QueryRow(`SELECT count(*) FROM notifications WHERE kind = 'supply_shortfall'`).Scan(&n)
			return n
		}
		tests := []struct {
			name      string
			kind      string
			threshold float64
			want      int
		}{
			{"a scenario run alerts nobody", runs.KindScenario, 80, 0},
			{"class 2 above a low threshold, class 1 whole", runs.KindBaseline, 30, 0},
			{"class 2 below the threshold", runs.KindBaseline, 80, 2},
		}
		scenario := int64(0)
		exec(t, d, `INSERT INTO supply_scenarios (name, starts_at, horizon_days, created_at, updated_at) VALUES ('s', $1, 7, $1, $1)`, w.now)
		d.Read.QueryRow(`SELECT id FROM supply_scenarios`).Scan(&scenario)
		for _, tc := range tests {
			before := count()
			in := runs.RunInput{Kind: tc.kind, Threshold: tc.threshold}
			if tc.kind == runs.KindScenario {
				in.ScenarioID = &scenario
			}
			run, err := s.Execute(ctx, coordinator, sit, in)
			if err != nil {
				t.Fatal(err)
			}
			if got := count() - before; got != tc.want {
				t.Errorf("%s: %d notifications, want %d (class-1 %.2f, short %d, %+v)", tc.name, got, tc.want, run.Result.Class1Fill, run.Result.HospitalsShort, run.Result.Classes)
			}
		}
		var subject, body, link string
		d.Read.QueryRow(`SELECT subject, body, link FROM notifications ORDER BY id DESC LIMIT 1`).Scan(&subject, &body, &link)
		if !strings.Contains(subject, "Hospital 00") || link != "/allocation/mine" {
			t.Errorf("notification %q → %q", subject, link)
		}
		// Plainly what the hospital gets: per class the share of what it asked, and its deferred
		// doses; class 1 is whole, class 2 is short, there is no class 3.
		m := regexp.MustCompile(`\(routine\) (\d+) %`).FindStringSubmatch(body)
		if m == nil || m[1] == "100" || !regexp.MustCompile(`\) 100 %, `).MatchString(body) || !strings.Contains(body, ") –.") ||
			strings.Contains(body, "laagste") || strings.Contains(body, "lowest") || !regexp.MustCompile(`: 0\.`).MatchString(body) {
			t.Errorf("alert text: %q", body)
		}
	})
}

// TestRerunAndNightly: a run again with its stored input gives the same result; the nightly job
// stores a four-week baseline run as the system.
func TestRerunAndNightly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := seed(t, d, 3, 20e9)
		s := newService(t, d, w.now)
		if err := s.RunNightly(ctx, nil); err != nil {
			t.Fatal(err)
		}
		first, ok, err := s.Latest(ctx, runs.KindBaseline)
		if err != nil || !ok || first.HorizonDays != 28 || first.StartedByName != "system" || first.Name != "" || !first.Nightly() {
			t.Fatalf("nightly run = %+v %v %v", first, ok, err)
		}
		// A baseline run stored in the last 12 hours (here the nightly one): the job does nothing,
		// so a start-up next to the demo's baseline neither runs twice nor alerts twice.
		countRuns := func() int {
			var n int
			d.Read.QueryRow(`SELECT count(*) FROM alloc_runs`).Scan(&n)
			return n
		}
		for _, tc := range []struct {
			name  string
			after time.Duration
			want  int
		}{{"an hour later", time.Hour, 1}, {"11 hours later", 11 * time.Hour, 1}, {"13 hours later", 13 * time.Hour, 2}} {
			if err := newService(t, d, w.now.Add(tc.after)).RunNightly(ctx, nil); err != nil {
				t.Fatal(err)
			}
			if got := countRuns(); got != tc.want {
				t.Errorf("%s: %d runs, want %d", tc.name, got, tc.want)
			}
		}
		exec(t, d, `DELETE FROM alloc_run_fills WHERE run_id <> $1`, first.ID)
		exec(t, d, `DELETE FROM alloc_runs WHERE id <> $1`, first.ID)
		// The database changes; the rerun keeps to the stored input.
		exec(t, d, `DELETE FROM standing_demands`)
		again, err := s.Rerun(ctx, coordinator, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := json.Marshal(first.Result)
		b, _ := json.Marshal(again.Result)
		if again.ID == first.ID || string(a) != string(b) {
			t.Errorf("the rerun differs from the run")
		}
		list, total, err := s.List(ctx, coordinator, runs.RunFilter{Q: "again"}, false)
		if err != nil || total != 1 || list[0].ID != again.ID {
			t.Errorf("search by name: %d runs, %v", total, err)
		}
	})
}

// TestLoadBadInput: the horizon is 1–56 days.
func TestLoadBadInput(t *testing.T) {
	d := dbtest.SQLite(t)
	s := newService(t, d, time.Now())
	for _, days := range []int{0, -1, 57} {
		if _, err := s.Load(context.Background(), time.Now(), days); kern.AsError(err) == nil || kern.AsError(err).Fields["horizon_days"] == "" {
			t.Errorf("%d days: %v, want horizon_days", days, err)
		}
	}
	if _, err := s.StartBaseline(context.Background(), coordinator, time.Now(), 7, runs.RunInput{Policy: runs.Policy{Kind: "floor", FloorPct: 200}}); kern.AsError(err) == nil || kern.AsError(err).Fields["floor_pct"] == "" {
		t.Errorf("floor 200 %%: %v", err)
	}
}

// TestLoadRules: standing demand is laid out on its weekday (Sunday = 0) at its time in Amsterdam
// while starts_on ≤ date < ends_on, with its window; only open orders in the horizon count; the
// effective route is the pair's override, else the countries' default, else none.
func TestLoadRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := seed(t, d, 2, 10e9)
		s := newService(t, d, w.now)
		exec(t, d, `DELETE FROM standing_demands`)
		h0, h1 := w.hospitals[0], w.hospitals[1]
		date := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
		// Sundays from 29 November, at 09:30 Amsterdam, until 13 December (exclusive), 6 h window.
		exec(t, d, `INSERT INTO standing_demands (org_id, product_id, weekday, at_time, activity_bq, priority, divisible, window_hours,
  starts_on, ends_on, created_at, updated_at) VALUES ($1, $2, 0, '09:30', 1e9, 2, TRUE, 6, $3, $4, $5, $5)`, h0, w.mo99,
			date(2026, 11, 29), date(2026, 12, 13), w.now)
		// Mondays, from before the horizon: the first Monday is the horizon's first day.
		exec(t, d, `INSERT INTO standing_demands (org_id, product_id, weekday, at_time, activity_bq, priority, divisible, window_hours,
  starts_on, created_at, updated_at) VALUES ($1, $2, 1, '07:00', 1e9, 2, TRUE, 0, $3, $4, $4)`, h1, w.mo99, date(2026, 1, 1), w.now)
		// Orders: open in, open after, cancelled in.
		for _, o := range []struct {
			at     time.Time
			status string
		}{{w.now.Add(30 * time.Hour), "open"}, {w.now.AddDate(0, 0, 30), "open"}, {w.now.Add(40 * time.Hour), "cancelled"}} {
			exec(t, d, `INSERT INTO orders (org_id, product_id, activity_bq, calibration_at, priority, divisible, status, created_at, updated_at)
VALUES ($1, $2, 1e9, $3, 1, TRUE, $4, $5, $5)`, h1, w.lu177, o.at, o.status, w.now)
		}
		// Routes: a German hospital; an override for h1 from the pharmacy.
		exec(t, d, `UPDATE organizations SET country = 'DE' WHERE id = $1`, h0)
		exec(t, d, `INSERT INTO routes (facility_id, org_id, transit_hours, created_at, updated_at) VALUES ($1, $2, 1.5, $3, $3)`, w.pharm, h1, w.now)
		exec(t, d, `INSERT INTO routes (facility_id, org_id, transit_hours, created_at, updated_at) VALUES ($1, $2, 9, $3, $3)`, w.processor, h0, w.now)

		sit, err := s.Load(ctx, w.now, 21)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, dm := range inHorizon(sit) {
			keys = append(keys, dm.Key)
			if dm.StandingID != 0 && dm.OrgID == h0 {
				at := dm.CalibrationAt.In(web.Amsterdam)
				if at.Weekday() != time.Sunday || at.Hour() != 9 || at.Minute() != 30 || dm.WindowEnd == nil || dm.WindowEnd.Sub(dm.CalibrationAt) != 6*time.Hour {
					t.Errorf("%s at %v, window %v", dm.Key, at, dm.WindowEnd)
				}
			}
		}
		got := strings.Join(keys, " ")
		for _, k := range []string{"-2026-11-23", "-2026-11-29", "-2026-11-30", "-2026-12-06", "-2026-12-07", "o1"} {
			if !strings.Contains(got, k) {
				t.Errorf("demands %s: missing %s", got, k)
			}
		}
		for _, k := range []string{"-2026-12-13", "o2", "o3"} {
			if strings.Contains(got, k) {
				t.Errorf("demands %s: %s should not be there", got, k)
			}
		}
		if len(inHorizon(sit)) != 6 {
			t.Errorf("demands = %s, want 6", got)
		}
		// The lead-in has last week's Monday.
		if lead := len(sit.Demands) - len(inHorizon(sit)); lead != 1 || sit.Demands[0].Key != fmt.Sprintf("s%d-2026-11-16", sit.Demands[0].StandingID) {
			t.Errorf("lead-in: %d demands, first %s; want last Monday's", lead, sit.Demands[0].Key)
		}
		transit := map[[2]int64]float64{}
		for _, r := range sit.Routes {
			transit[[2]int64{r.FacilityID, r.OrgID}] = r.TransitHours
		}
		for _, tc := range []struct {
			facility, org int64
			want          float64
			ok            bool
		}{
			{w.pharm, h1, 1.5, true},   // the override
			{w.processor, h1, 3, true}, // the NL–NL default
			{w.processor, h0, 9, true}, // an override where no default exists
			{w.pharm, h0, 0, false},    // NL–DE: no default, no override
		} {
			got, ok := transit[[2]int64{tc.facility, tc.org}]
			if ok != tc.ok || got != tc.want {
				t.Errorf("route %d → %d = %v %v, want %v %v", tc.facility, tc.org, got, ok, tc.want, tc.ok)
			}
		}
	})
}

// inHorizon is the situation's demand from its start, without the lead-in.
func inHorizon(sit runs.Situation) []runs.Demand {
	var out []runs.Demand
	for _, d := range sit.Demands {
		if !d.CalibrationAt.Before(sit.StartsAt) {
			out = append(out, d)
		}
	}
	return out
}
