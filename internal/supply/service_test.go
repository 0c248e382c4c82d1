package supply_test

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
	"kern/internal/nuclide"
	"kern/internal/supply"
)

// chain is two producers, each with a reactor, and a publisher of each.
type chain struct {
	s           *supply.Service
	nrg, sck    *auth.Principal
	coordinator *auth.Principal
	hfr, br2    supply.Facility
	br2Outage   supply.Outage
	br2Schedule supply.Schedule
	now         time.Time
}

func newChain(t *testing.T, d *db.DB) chain {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	c := chain{s: &supply.Service{DB: d, Now: func() time.Time { return now }}, now: now}
	var nrgID, sckID int64
	for _, x := range []struct {
		name string
		id   *int64
	}{{"NRG", &nrgID}, {"SCK CEN", &sckID}} {
		if err := d.Write.QueryRowContext(ctx, `INSERT INTO organizations (kind, stakeholder_group, name, country, created_at, updated_at)
VALUES ('producer', 'isotope_production', $1, 'NL', $2, $2) RETURNING id`, x.name, now).Scan(x.id); err != nil {
			t.Fatal(err)
		}
	}
	c.nrg = &auth.Principal{User: auth.User{ID: 1, Role: auth.Member, Email: "planning@nrg.example"}, OrgRoles: map[int64]auth.OrgRole{nrgID: auth.OrgMember}}
	c.sck = &auth.Principal{User: auth.User{ID: 2, Role: auth.Member, Email: "planning@sckcen.example"}, OrgRoles: map[int64]auth.OrgRole{sckID: auth.OrgMember}}
	c.coordinator = &auth.Principal{User: auth.User{ID: 3, Role: auth.Coordinator, Email: "coordinatie@kern.example"}}
	var err error
	if c.hfr, err = c.s.CreateFacility(ctx, c.nrg, supply.FacilityInput{OrgID: nrgID, Kind: "research_reactor", Name: "HFR", Site: "Petten", Country: "NL"}); err != nil {
		t.Fatal(err)
	}
	if c.br2, err = c.s.CreateFacility(ctx, c.sck, supply.FacilityInput{OrgID: sckID, Kind: "research_reactor", Name: "BR2", Site: "Mol", Country: "BE"}); err != nil {
		t.Fatal(err)
	}
	if c.br2Schedule, err = c.s.CreateSchedule(ctx, c.sck, supply.ScheduleInput{FacilityID: c.br2.ID, StartsOn: time.Date(2026, 1, 26, 0, 0, 0, 0, time.UTC), OnDays: 28, OffDays: 42}); err != nil {
		t.Fatal(err)
	}
	if c.br2Outage, err = c.s.CreateOutage(ctx, c.sck, supply.OutageInput{FacilityID: c.br2.ID, StartsAt: now.AddDate(0, 0, 7),
		EndsAt: now.AddDate(0, 0, 14), Reduction: 60, Reason: "storing"}); err != nil {
		t.Fatal(err)
	}
	return c
}

func fieldOf(err error) string {
	if e := kern.AsError(err); e != nil && e.Code == kern.Invalid {
		return strings.Join(e.FieldNames(), ",")
	}
	return ""
}

func count(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.Read.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestOutageBadInput: an outage that ends before (or when) it starts, or a reduction outside
// 0–100 %, is refused naming the field; nothing is written.
func TestOutageBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		c := newChain(t, d)
		start := c.now.AddDate(0, 0, 3)
		before := count(t, d, "outages")
		for _, tc := range []struct {
			name  string
			in    supply.OutageInput
			field string
		}{
			{"ends before it starts", supply.OutageInput{StartsAt: start, EndsAt: start.Add(-time.Hour), Reduction: 100}, "ends_at"},
			{"ends when it starts", supply.OutageInput{StartsAt: start, EndsAt: start, Reduction: 100}, "ends_at"},
			{"reduction above 100 %", supply.OutageInput{StartsAt: start, EndsAt: start.Add(time.Hour), Reduction: 101}, "reduction_pct"},
			{"negative reduction", supply.OutageInput{StartsAt: start, EndsAt: start.Add(time.Hour), Reduction: -1}, "reduction_pct"},
			{"no start", supply.OutageInput{EndsAt: start, Reduction: 10}, "starts_at"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				tc.in.FacilityID = c.hfr.ID
				_, err := c.s.CreateOutage(context.Background(), c.nrg, tc.in)
				if got := fieldOf(err); got != tc.field {
					t.Errorf("error %v on %q, want one on %q", err, got, tc.field)
				}
				_, err = c.s.UpdateOutage(context.Background(), c.sck, c.br2Outage.ID, tc.in)
				if kern.ErrorCode(err) != kern.Invalid {
					t.Errorf("update: %v, want invalid", err)
				}
			})
		}
		if n := count(t, d, "outages"); n != before {
			t.Errorf("outages %d → %d", before, n)
		}
	})
}

// TestProducerChangesOnlyItsOwn: another producer's facility, schedule or outage is not found,
// and nothing is written; the coordination office may change all.
func TestProducerChangesOnlyItsOwn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		c := newChain(t, d)
		ctx := context.Background()
		audits := count(t, d, "audit_log")
		ok := supply.OutageInput{FacilityID: c.br2.ID, StartsAt: c.now, EndsAt: c.now.Add(time.Hour), Reduction: 100}
		cycle := supply.ScheduleInput{StartsOn: c.now, OnDays: 7}
		for _, tc := range []struct {
			name string
			do   func() error
		}{
			{"update another's outage", func() error { _, err := c.s.UpdateOutage(ctx, c.nrg, c.br2Outage.ID, ok); return err }},
			{"delete another's outage", func() error { return c.s.DeleteOutage(ctx, c.nrg, c.br2Outage.ID) }},
			{"publish an outage of another's facility", func() error { _, err := c.s.CreateOutage(ctx, c.nrg, ok); return err }},
			{"update another's schedule", func() error { _, err := c.s.UpdateSchedule(ctx, c.nrg, c.br2Schedule.ID, cycle); return err }},
			{"delete another's schedule", func() error { return c.s.DeleteSchedule(ctx, c.nrg, c.br2Schedule.ID) }},
			{"add a schedule to another's facility", func() error {
				in := cycle
				in.FacilityID = c.br2.ID
				_, err := c.s.CreateSchedule(ctx, c.nrg, in)
				return err
			}},
			{"add a product to another's facility", func() error {
				_, err := c.s.CreateProduct(ctx, c.nrg, supply.ProductInput{FacilityID: c.br2.ID, Nuclide: "Mo-99", Form: "bulk_solution"})
				return err
			}},
			{"update another's facility", func() error {
				_, err := c.s.UpdateFacility(ctx, c.nrg, c.br2.ID, supply.FacilityInput{OrgID: c.br2.OrgID, Kind: "processor", Name: "X", Country: "BE"})
				return err
			}},
		} {
			if err := tc.do(); kern.ErrorCode(err) != kern.NotFound {
				t.Errorf("%s: %v, want not found", tc.name, err)
			}
		}
		if n := count(t, d, "audit_log"); n != audits {
			t.Errorf("audit rows %d → %d: a refused change was written", audits, n)
		}
		if _, err := c.s.UpdateOutage(ctx, c.coordinator, c.br2Outage.ID, ok); err != nil {
			t.Errorf("the coordination office changes BR2's outage: %v", err)
		}
		if _, err := c.s.CreateFacility(ctx, c.nrg, supply.FacilityInput{OrgID: c.br2.OrgID, Kind: "processor", Name: "X", Country: "BE"}); fieldOf(err) != "org_id" {
			t.Errorf("NRG adds a facility to SCK CEN: %v, want a refusal on org_id", err)
		}
	})
}

// TestOutageImport: a CSV with bad rows is refused by line and imports nothing; a dry run
// writes nothing; a good file is imported.
func TestOutageImport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		c := newChain(t, d)
		ctx := context.Background()
		before := count(t, d, "outages")
		hfr := func(rest string) string { return itoa(c.hfr.ID) + "," + rest + "\n" }
		head := "facility_id;facility;starts_at;ends_at;reduction_pct;kind;reason\n"
		bad := strings.ReplaceAll(head+hfr("HFR,2027-01-04 06:00,2027-01-11 06:00,100,planned,ok")+
			hfr("HFR,2027-02-04 06:00,2027-02-01 06:00,100,planned,backwards")+
			hfr("HFR,2027-02-04 06:00,2027-02-05 06:00,120,planned,too much")+
			itoa(c.br2.ID)+",BR2,2027-02-04 06:00,2027-02-05 06:00,50,unplanned,not NRG's\n"+
			hfr("HFR,yesterday,2027-02-05 06:00,50,sometimes,bad"), ",", ";")
		rep, err := c.s.ImportOutages(ctx, c.nrg, strings.NewReader(bad), false)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, e := range rep.Errors {
			got[itoa(int64(e.Line))+"."+e.Field] = true
		}
		for _, want := range []string{"3.ends_at", "4.reduction_pct", "5.facility_id", "6.starts_at", "6.kind"} {
			if !got[want] {
				t.Errorf("no error at %s; errors %v", want, got)
			}
		}
		if rep.Applied || count(t, d, "outages") != before {
			t.Errorf("a refused import wrote outages")
		}
		good := head + strings.ReplaceAll(hfr("HFR,2027-01-04 06:00,2027-01-11T06:00:00+01:00,100,unplanned,ok"), ",", ";")
		if rep, err := c.s.ImportOutages(ctx, c.nrg, strings.NewReader(good), true); err != nil || len(rep.Rows) != 1 || rep.Applied || count(t, d, "outages") != before {
			t.Errorf("dry run: %+v %v", rep, err)
		}
		rep, err = c.s.ImportOutages(ctx, c.nrg, strings.NewReader(good), false)
		if err != nil || !rep.Applied || count(t, d, "outages") != before+1 {
			t.Fatalf("import: %+v %v", rep, err)
		}
		list, _ := c.s.Outages(ctx, c.nrg, supply.OutageFilter{FacilityID: c.hfr.ID})
		if len(list) != 1 || list[0].Planned || !list[0].StartsAt.Equal(time.Date(2027, 1, 4, 5, 0, 0, 0, time.UTC)) {
			t.Errorf("imported outage %+v: want unplanned from 05:00 UTC (06:00 Amsterdam)", list)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestProductValidation: the nuclide is checked against the nuclide table and put in its
// spelling; activities must be positive.
func TestProductValidation(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      supply.ProductInput
		field   string
		nuclide string
	}{
		{"known nuclide, other spelling", supply.ProductInput{Nuclide: "177Lu", Form: "bulk_solution"}, "", "Lu-177"},
		{"unknown nuclide", supply.ProductInput{Nuclide: "Xx-1", Form: "capsule"}, "nuclide", ""},
		{"unknown form", supply.ProductInput{Nuclide: "I-131", Form: "pill"}, "form", "I-131"},
		{"zero activity", supply.ProductInput{Nuclide: "F-18", Form: "multi_dose_vial", Nominal: []nuclide.Activity{0}}, "nominal", "F-18"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.FacilityID = 1
			err := tc.in.Validate()
			if fieldOf(err) != tc.field || (tc.nuclide != "" && tc.in.Nuclide != tc.nuclide) {
				t.Errorf("error %v, nuclide %q; want field %q, nuclide %q", err, tc.in.Nuclide, tc.field, tc.nuclide)
			}
		})
	}
	got, ok := supply.ParseActivities("2,5 GBq; 20 GBq")
	if !ok || len(got) != 2 || got[0] != 2.5e9 || got[1] != 20e9 {
		t.Errorf("ParseActivities: %v %v", got, ok)
	}
	if _, ok := supply.ParseActivities("20"); ok {
		t.Errorf("an activity without a unit was accepted")
	}
}

// TestFeeds: a facility names its suppliers with shares; bad shares, itself, a duplicate, more
// than the whole and a cycle are refused naming the field and change nothing; another producer's
// facility answers 404.
func TestFeeds(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := newChain(t, d)
		processor, err := c.s.CreateFacility(ctx, c.nrg, supply.FacilityInput{OrgID: c.hfr.OrgID, Kind: "processor", Name: "Verwerking", Site: "Petten", Country: "NL"})
		if err != nil {
			t.Fatal(err)
		}
		saved, err := c.s.SetFeeds(ctx, c.nrg, processor.ID, []supply.FeedInput{{UpstreamID: c.hfr.ID, Share: 0.7}, {UpstreamID: c.br2.ID, Share: 0.3}}, supply.APIFeedField)
		if err != nil {
			t.Fatal(err)
		}
		if len(saved) != 2 || saved[0].UpstreamName != "HFR" || saved[0].Percent() != 70 {
			t.Fatalf("saved %+v", saved)
		}
		for _, tc := range []struct {
			name     string
			p        *auth.Principal
			facility int64
			in       []supply.FeedInput
			field    string
		}{
			{"a zero share", c.nrg, processor.ID, []supply.FeedInput{{UpstreamID: c.hfr.ID, Share: 0}}, "feeds[0].share"},
			{"a share above the whole", c.nrg, processor.ID, []supply.FeedInput{{UpstreamID: c.hfr.ID, Share: 1.5}}, "feeds[0].share"},
			{"itself", c.nrg, processor.ID, []supply.FeedInput{{UpstreamID: processor.ID, Share: 0.5}}, "feeds[0].upstream_id"},
			{"twice the same", c.nrg, processor.ID, []supply.FeedInput{{UpstreamID: c.hfr.ID, Share: 0.5}, {UpstreamID: c.hfr.ID, Share: 0.2}}, "feeds[1].upstream_id"},
			{"more than the whole together", c.nrg, processor.ID, []supply.FeedInput{{UpstreamID: c.hfr.ID, Share: 0.8}, {UpstreamID: c.br2.ID, Share: 0.3}}, "feeds"},
			{"an unknown facility", c.nrg, processor.ID, []supply.FeedInput{{UpstreamID: 999999, Share: 0.5}}, "feeds[0].upstream_id"},
			// The reactor would depend on the processor that depends on it.
			{"a cycle", c.nrg, c.hfr.ID, []supply.FeedInput{{UpstreamID: processor.ID, Share: 0.5}}, "feeds[0].upstream_id"},
			{"another producer's facility", c.sck, processor.ID, []supply.FeedInput{{UpstreamID: c.br2.ID, Share: 0.5}}, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := c.s.SetFeeds(ctx, tc.p, tc.facility, tc.in, supply.APIFeedField)
				if tc.field == "" {
					if e := kern.AsError(err); e == nil || e.Code != kern.NotFound {
						t.Fatalf("err %v, want not found", err)
					}
				} else if got := fieldOf(err); got != tc.field {
					t.Fatalf("field %q (err %v), want %q", got, err, tc.field)
				}
				if n := count(t, d, "facility_feeds"); n != 2 {
					t.Errorf("%d feeds stored, want the 2 saved before", n)
				}
			})
		}
	})
}
