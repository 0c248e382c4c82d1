package supply_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
	"kern/internal/nuclide"
	"kern/internal/supply"
)

// TestScheduleImport: a CSV of operating cycles with bad rows is refused with every bad row by
// line and column, and nothing is written; another producer's facility is refused on its line;
// a dry run writes nothing; a good file creates the cycles, each audited; the export reads back
// in.
func TestScheduleImport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		c := newChain(t, d)
		ctx := context.Background()
		mo99, err := c.s.CreateProduct(ctx, c.nrg, supply.ProductInput{FacilityID: c.hfr.ID, Nuclide: "Mo-99", Form: "bulk_solution"})
		if err != nil {
			t.Fatal(err)
		}
		var br2Product supply.Product
		if br2Product, err = c.s.CreateProduct(ctx, c.sck, supply.ProductInput{FacilityID: c.br2.ID, Nuclide: "Lu-177", Form: "bulk_solution"}); err != nil {
			t.Fatal(err)
		}
		head := strings.Join(supply.ScheduleHeader, ",") + "\n"
		hfr, mo := itoa(c.hfr.ID), itoa(mo99.ID)
		good := head + hfr + ",HFR," + mo + ",Mo-99,2027-01-04,,28,9,6200 Ci,mon thu,cycle 1\n"
		bad := good +
			hfr + ",HFR," + mo + ",Mo-99,2027-03-01,2027-02-01,28,9,6200 Ci,mon,backwards\n" + // line 3: ends before start
			itoa(c.br2.ID) + ",BR2,,,2027-01-04,,28,9,,,not NRG's\n" + // line 4: another producer's facility
			hfr + ",HFR," + itoa(br2Product.ID) + ",Lu-177,2027-01-04,,28,9,100 GBq,,\n" + // line 5: BR2's product
			hfr + ",HFR,,,4 januari,,0,x,,maandag,\n" + // line 6: date, on_days, off_days, weekday
			hfr + ",HFR,,,2027-01-04,,7,0,20 GBq,,\n" // line 7: an activity without a product
		before, audits := count(t, d, "facility_schedules"), count(t, d, "audit_log")
		rep, err := c.s.ImportSchedules(ctx, c.nrg, strings.NewReader(bad), false)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, e := range rep.Errors {
			got[itoa(int64(e.Line))+"."+e.Field] = true
		}
		for _, want := range []string{"3.ends_on", "4.facility_id", "5.product_id", "6.starts_on", "6.off_days", "6.run_weekdays", "7.product_id"} {
			if !got[want] {
				t.Errorf("no error at %s; errors %v", want, got)
			}
		}
		if got["2.facility_id"] || got["2.starts_on"] {
			t.Errorf("the good line 2 is reported as bad: %v", got)
		}
		if rep.Applied || count(t, d, "facility_schedules") != before || count(t, d, "audit_log") != audits {
			t.Errorf("a refused import wrote schedules or audit rows")
		}
		semi := strings.ReplaceAll(good, ",", ";")
		rep, err = c.s.ImportSchedules(ctx, c.nrg, strings.NewReader(semi), true)
		if err != nil || len(rep.Rows) != 1 || rep.Applied || count(t, d, "facility_schedules") != before {
			t.Fatalf("dry run: %+v %v", rep, err)
		}
		if r := rep.Rows[0]; r.StartsOn != "2027-01-04" || strings.Join(r.RunWeekdays, " ") != "mon thu" || r.Product == "" {
			t.Errorf("dry-run row %+v", r)
		}
		rep, err = c.s.ImportSchedules(ctx, c.nrg, strings.NewReader(good), false)
		if err != nil || !rep.Applied || count(t, d, "facility_schedules") != before+1 || count(t, d, "audit_log") != audits+1 {
			t.Fatalf("import: %+v %v", rep, err)
		}
		list, _ := c.s.Schedules(ctx, c.nrg, c.hfr.ID)
		if len(list) != 1 || list[0].OnDays != 28 || list[0].RunWeekdays != 1<<time.Monday|1<<time.Thursday ||
			list[0].Activity != nuclide.Activity(6200*3.7e10) || list[0].ProductID == nil || *list[0].ProductID != mo99.ID {
			t.Fatalf("imported cycle %+v", list)
		}
		// The export's rows import as they are.
		var sb strings.Builder
		sb.WriteString(head)
		for _, row := range supply.ScheduleRows(list) {
			sb.WriteString(strings.Join(row, ",") + "\n")
		}
		if rep, err := c.s.ImportSchedules(ctx, c.nrg, strings.NewReader(sb.String()), true); err != nil || len(rep.Errors) != 0 || len(rep.Rows) != 1 {
			t.Errorf("the export does not import back: %+v %v\n%s", rep, err, sb.String())
		}
		// A read-only token writes nothing.
		ro := *c.nrg
		ro.Scope = auth.ScopeRead
		if _, err := c.s.ImportSchedules(ctx, &ro, strings.NewReader(good), false); err == nil {
			t.Errorf("a read-only token imported schedules")
		}
	})
}

// TestScheduleJSON: a schedule and a facility read in the shapes writes take: dates as
// YYYY-MM-DD, run weekdays as codes, the activity with a unit.
func TestScheduleJSON(t *testing.T) {
	product := int64(3)
	end := date(2027, 6, 30)
	s := supply.Schedule{ID: 1, FacilityID: 2, ProductID: &product, StartsOn: date(2027, 1, 4), EndsOn: &end, OnDays: 28, OffDays: 9,
		Activity: 200e9, RunWeekdays: 1<<time.Monday | 1<<time.Thursday}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	json.Unmarshal(b, &got)
	if got["starts_on"] != "2027-01-04" || got["ends_on"] != "2027-06-30" || got["activity"] != "200.0 GBq" {
		t.Errorf("schedule JSON %s", b)
	}
	if days, _ := got["run_weekdays"].([]any); len(days) != 2 || days[0] != "mon" || days[1] != "thu" {
		t.Errorf("run_weekdays %v, want [mon thu]", got["run_weekdays"])
	}
	every, _ := json.Marshal(supply.Schedule{StartsOn: date(2027, 1, 4)})
	if !strings.Contains(string(every), `"run_weekdays":[]`) || strings.Contains(string(every), "ends_on") {
		t.Errorf("every day on: %s", every)
	}
	var w supply.Weekdays
	if err := json.Unmarshal([]byte(`["thu","mon"]`), &w); err != nil || w != 1<<time.Monday|1<<time.Thursday {
		t.Errorf("unmarshal weekdays: %v %v", w, err)
	}
	if err := json.Unmarshal([]byte(`["moon"]`), &w); err == nil {
		t.Errorf("an unknown day is accepted")
	}
	start := date(2030, 7, 1)
	f, _ := json.Marshal(supply.Facility{ID: 1, Name: "PALLAS", StartsOn: &start})
	if !strings.Contains(string(f), `"starts_on":"2030-07-01"`) || strings.Contains(string(f), `"ends_on"`) {
		t.Errorf("facility JSON %s", f)
	}
}

// TestStanding: only the coordination office and those with a role in a producer (or an
// organisation owning a facility) publish; a hospital's users do not.
func TestStanding(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		c := newChain(t, d)
		ctx := context.Background()
		ids := map[string]int64{}
		for _, x := range []struct{ name, kind, group string }{
			{"Radboudumc", "hospital", "care_providers"}, {"Kennisinstituut", "knowledge_institute", "researchers"}} {
			var id int64
			if err := d.Write.QueryRowContext(ctx, `INSERT INTO organizations (kind, stakeholder_group, name, country, created_at, updated_at)
VALUES ($1, $2, $3, 'NL', $4, $4) RETURNING id`, x.kind, x.group, x.name, c.now).Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids[x.name] = id
		}
		// The institute owns a facility (the coordination office added it); the hospital owns none.
		if _, err := d.Write.ExecContext(ctx, `INSERT INTO facilities (org_id, kind, name, site, country, notes, search_text, created_at, updated_at)
VALUES ($1, 'cyclotron', 'Instituutscyclotron', '', 'NL', '', 'instituutscyclotron', $2, $2)`, ids["Kennisinstituut"], c.now); err != nil {
			t.Fatal(err)
		}
		user := func(org int64) *auth.Principal {
			return &auth.Principal{User: auth.User{ID: 9, Role: auth.Member}, OrgRoles: map[int64]auth.OrgRole{org: auth.OrgAdmin}}
		}
		for _, tc := range []struct {
			name string
			p    *auth.Principal
			want supply.Standing
		}{
			{"hospital", user(ids["Radboudumc"]), supply.Standing{Hospital: true}},
			{"producer", c.nrg, supply.Standing{Producer: true, Publisher: true}},
			{"owner of a facility", user(ids["Kennisinstituut"]), supply.Standing{Publisher: true}},
			{"coordinator", c.coordinator, supply.Standing{Coordinator: true, Publisher: true}},
			{"no organisation", &auth.Principal{User: auth.User{ID: 8, Role: auth.Member}}, supply.Standing{}},
		} {
			got, err := c.s.Standing(ctx, tc.p)
			if err != nil || got != tc.want {
				t.Errorf("%s: %+v %v, want %+v", tc.name, got, err, tc.want)
			}
		}
	})
}

// TestOutageSearch: the search matches the facility's name or the reason, case and accents
// folded; other filters still apply.
func TestOutageSearch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		c := newChain(t, d)
		ctx := context.Background()
		if _, err := c.s.CreateOutage(ctx, c.nrg, supply.OutageInput{FacilityID: c.hfr.ID, StartsAt: c.now.AddDate(0, 0, 3),
			EndsAt: c.now.AddDate(0, 0, 5), Reduction: 100, Planned: true, Reason: "Onderhoud koelcircuit"}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			q    string
			kind string
			want []string
		}{
			{"", "", []string{"HFR", "BR2"}},
			{"hfr", "", []string{"HFR"}},
			{"STÓRING", "", []string{"BR2"}}, // BR2's reason is "storing"
			{"koel", "", []string{"HFR"}},
			{"koel", "unplanned", nil},
			{"100%_", "", nil},
		} {
			list, err := c.s.Outages(ctx, c.nrg, supply.OutageFilter{Q: tc.q, Kind: tc.kind})
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, o := range list {
				names = append(names, o.FacilityName)
			}
			if strings.Join(names, ",") != strings.Join(tc.want, ",") {
				t.Errorf("q %q kind %q: %v, want %v", tc.q, tc.kind, names, tc.want)
			}
		}
	})
}

// TestCalendarProducts: a calendar cell names what the facility makes that week by nuclide,
// with the activity after outages.
func TestCalendarProducts(t *testing.T) {
	mo, lu, lu2 := int64(1), int64(2), int64(3)
	schedules := []supply.Schedule{
		{FacilityID: 1, StartsOn: date(2026, 1, 5), OnDays: 7, ProductID: &mo, ProductName: "Mo-99 targets", Nuclide: "Mo-99", Activity: 100e9,
			RunWeekdays: 1 << time.Monday},
		{FacilityID: 1, StartsOn: date(2026, 1, 5), OnDays: 7, ProductID: &lu, ProductName: "Lu-177 c.a.", Nuclide: "Lu-177", Activity: 10e9,
			RunWeekdays: 1 << time.Tuesday},
		{FacilityID: 1, StartsOn: date(2026, 1, 5), OnDays: 7, ProductID: &lu2, ProductName: "Lu-177 n.c.a.", Nuclide: "Lu-177", Activity: 20e9,
			RunWeekdays: 1 << time.Tuesday},
	}
	cal := supply.BuildCalendar([]supply.Facility{{ID: 1, Name: "HFR"}}, schedules, nil, date(2026, 11, 4), 1)
	var got []string
	for _, p := range cal.Rows[0].Cells[0].Products {
		got = append(got, p.Text())
	}
	want := "Lu-177 c.a. 10.00 GBq|Lu-177 n.c.a. 20.00 GBq|Mo-99 100.0 GBq"
	if strings.Join(got, "|") != want {
		t.Errorf("cell products %q, want %q", strings.Join(got, "|"), want)
	}
}
