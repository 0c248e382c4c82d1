package supply

import (
	"context"
	"fmt"
	"time"

	"kern/internal/auth"
	"kern/internal/nuclide"
)

// DemoNote marks every demo figure: the cycles follow ../shared/data/mo99-reactors.csv (weeks of
// Mo-99 production a year), the activities are illustrative, not any producer's real figures.
const DemoNote = "Illustratieve waarden (demo), geen gegevens van de producent."

type demoProduct struct {
	nuclide, form, name string
	nominal             []string
	shelfLife           float64
	// the product's operating cycle
	onDays, offDays int
	activity        string
	weekdays        []string
}

type demoFacility struct {
	org, kind, name, site, country string
	startsOn                       *time.Time
	cycleStart                     time.Time
	products                       []demoProduct
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func ptr[T any](v T) *T { return &v }

// demoFacilities is the Dutch–Belgian chain. HFR produces Mo-99 about 39 weeks a year and BR2
// about 21 (mo99-reactors.csv): on 28 days, off 9, and on 28 days, off 42.
var demoFacilities = []demoFacility{
	{org: "NRG", kind: "research_reactor", name: "Hoge Flux Reactor (HFR)", site: "Petten", country: "NL", cycleStart: day(2026, 1, 5),
		products: []demoProduct{
			{nuclide: "Mo-99", form: "bulk_solution", name: "Mo-99 bestraalde targets", nominal: []string{"6200 Ci"}, shelfLife: 66,
				onDays: 28, offDays: 9, activity: "6200 Ci", weekdays: []string{"mon"}},
			{nuclide: "Lu-177", form: "bulk_solution", name: "Lu-177 (n.c.a.) bulk", nominal: []string{"100 GBq", "500 GBq"}, shelfLife: 160,
				onDays: 28, offDays: 9, activity: "2 TBq", weekdays: []string{"tue"}},
		}},
	{org: "CuriumNL", kind: "processor", name: "Curium Petten (verwerking)", site: "Petten", country: "NL", cycleStart: day(2026, 1, 5),
		products: []demoProduct{
			{nuclide: "Mo-99", form: "bulk_solution", name: "Mo-99 bulkoplossing", nominal: []string{"1000 Ci"}, shelfLife: 66,
				onDays: 7, offDays: 0, activity: "2500 Ci", weekdays: []string{"tue", "fri"}},
			{nuclide: "I-131", form: "capsule", name: "I-131 capsule", nominal: []string{"370 MBq", "3.7 GBq", "7.4 GBq"}, shelfLife: 336,
				onDays: 7, offDays: 0, activity: "200 GBq", weekdays: []string{"wed"}},
		}},
	{org: "CuriumNL", kind: "generator_maker", name: "Curium Petten (generatoren)", site: "Petten", country: "NL", cycleStart: day(2026, 1, 5),
		products: []demoProduct{
			{nuclide: "Mo-99", form: "generator", name: "Mo-99/Tc-99m-generator", nominal: []string{"2.15 GBq", "10.75 GBq", "21.5 GBq"},
				shelfLife: 336, onDays: 7, offDays: 0, activity: "1.5 TBq", weekdays: []string{"thu", "sun"}},
		}},
	{org: "SCKCEN", kind: "research_reactor", name: "BR2", site: "Mol", country: "BE", cycleStart: day(2026, 1, 26),
		products: []demoProduct{
			{nuclide: "Mo-99", form: "bulk_solution", name: "Mo-99 bestraalde targets", nominal: []string{"6500 Ci"}, shelfLife: 66,
				onDays: 28, offDays: 42, activity: "6500 Ci", weekdays: []string{"mon"}},
			{nuclide: "Lu-177", form: "bulk_solution", name: "Lu-177 bulk", nominal: []string{"200 GBq"}, shelfLife: 160,
				onDays: 28, offDays: 42, activity: "1 TBq", weekdays: []string{"wed"}},
		}},
	{org: "IRE", kind: "processor", name: "IRE Fleurus (verwerking)", site: "Fleurus", country: "BE", cycleStart: day(2026, 1, 5),
		products: []demoProduct{
			{nuclide: "Mo-99", form: "bulk_solution", name: "Mo-99 bulkoplossing", nominal: []string{"1000 Ci"}, shelfLife: 66,
				onDays: 7, offDays: 0, activity: "2000 Ci", weekdays: []string{"mon", "thu"}},
			{nuclide: "Ge-68", form: "generator", name: "Ge-68/Ga-68-generator", nominal: []string{"1.85 GBq"}, shelfLife: 24 * 365,
				onDays: 7, offDays: 0, activity: "20 GBq", weekdays: []string{"wed"}},
		}},
	{org: "IRE", kind: "generator_maker", name: "IRE ELiT Fleurus (generatoren)", site: "Fleurus", country: "BE", cycleStart: day(2026, 1, 5),
		products: []demoProduct{
			{nuclide: "Mo-99", form: "generator", name: "Elumatic III Mo-99/Tc-99m-generator", nominal: []string{"4 GBq", "10 GBq", "20 GBq"},
				shelfLife: 336, onDays: 7, offDays: 0, activity: "300 GBq", weekdays: []string{"mon", "thu"}},
		}},
	{org: "CyclotronVU", kind: "cyclotron", name: "BV Cyclotron VU", site: "Amsterdam", country: "NL", cycleStart: day(2026, 1, 5),
		products: []demoProduct{
			{nuclide: "F-18", form: "multi_dose_vial", name: "[18F]FDG", nominal: []string{"10 GBq", "20 GBq"}, shelfLife: 10,
				onDays: 7, offDays: 0, activity: "700 GBq", weekdays: []string{"mon", "tue", "wed", "thu", "fri"}},
		}},
	{org: "MARIA", kind: "research_reactor", name: "MARIA-reactor", site: "Otwock", country: "PL", cycleStart: day(2026, 1, 5),
		products: []demoProduct{
			{nuclide: "Lu-177", form: "bulk_solution", name: "Lu-177 (c.a.) bulk", nominal: []string{"100 GBq"}, shelfLife: 160,
				onDays: 7, offDays: 0, activity: "600 GBq", weekdays: []string{"mon"}},
		}},
	{org: "NRG", kind: "research_reactor", name: "PALLAS-reactor", site: "Petten", country: "NL", startsOn: ptr(day(2030, 7, 1)),
		cycleStart: day(2030, 7, 1), products: []demoProduct{
			{nuclide: "Mo-99", form: "bulk_solution", name: "Mo-99 bestraalde targets", nominal: []string{"8000 Ci"}, shelfLife: 66,
				onDays: 28, offDays: 7, activity: "8000 Ci", weekdays: []string{"mon"}},
		}},
	{org: "SHINE", kind: "processor", name: "SHINE Europe", site: "Veendam", country: "NL", startsOn: ptr(day(2028, 1, 1)),
		cycleStart: day(2028, 1, 3), products: []demoProduct{
			{nuclide: "Lu-177", form: "bulk_solution", name: "Lu-177 (n.c.a.) bulk", nominal: []string{"100 GBq"}, shelfLife: 160,
				onDays: 7, offDays: 0, activity: "3 TBq", weekdays: []string{"tue"}},
		}},
}

// LoadDemo adds the Dutch–Belgian production chain; it runs inside demo.Load's transaction.
// Outages are placed relative to the current week, on production days, so the calendar always
// shows them.
func LoadDemo(ctx context.Context, s *Service) error {
	sys := auth.System()
	q := s.DB.Reader(ctx)
	facilityIDs := map[string]int64{}
	cycles := map[string]Schedule{}
	for _, df := range demoFacilities {
		var orgID int64
		if err := q.QueryRowContext(ctx, `SELECT id FROM organizations WHERE short_name = $1 AND kind = 'producer'`, df.org).Scan(&orgID); err != nil {
			return fmt.Errorf("demo producer %s: %w", df.org, err)
		}
		f, err := s.CreateFacility(ctx, sys, FacilityInput{OrgID: orgID, Kind: df.kind, Name: df.name, Site: df.site,
			Country: df.country, StartsOn: df.startsOn, Notes: DemoNote})
		if err != nil {
			return fmt.Errorf("demo facility %s: %w", df.name, err)
		}
		facilityIDs[df.name] = f.ID
		for _, dp := range df.products {
			var nominal []nuclide.Activity
			for _, a := range dp.nominal {
				x, err := nuclide.ParseActivity(a)
				if err != nil {
					return err
				}
				nominal = append(nominal, x)
			}
			pr, err := s.CreateProduct(ctx, sys, ProductInput{FacilityID: f.ID, Name: dp.name, Nuclide: dp.nuclide, Form: dp.form,
				Nominal: nominal, ShelfLifeHours: dp.shelfLife})
			if err != nil {
				return fmt.Errorf("demo product %s: %w", dp.name, err)
			}
			activity, err := nuclide.ParseActivity(dp.activity)
			if err != nil {
				return err
			}
			days, _ := ParseWeekdays(dp.weekdays)
			cycle, err := s.CreateSchedule(ctx, sys, ScheduleInput{FacilityID: f.ID, ProductID: &pr.ID, StartsOn: df.cycleStart,
				OnDays: dp.onDays, OffDays: dp.offDays, Activity: activity, RunWeekdays: days, Note: DemoNote})
			if err != nil {
				return fmt.Errorf("demo schedule %s: %w", dp.name, err)
			}
			cycles[df.name] = cycle
		}
	}
	// Who depends on whom (illustrative shares): the processors take irradiated targets from both
	// reactors, the generator makers Mo-99 from their processor.
	for _, feed := range []struct {
		facility, upstream string
		share              float64
	}{
		{"Curium Petten (verwerking)", "Hoge Flux Reactor (HFR)", 0.7},
		{"Curium Petten (verwerking)", "BR2", 0.3},
		{"Curium Petten (generatoren)", "Curium Petten (verwerking)", 1},
		{"IRE Fleurus (verwerking)", "BR2", 0.6},
		{"IRE Fleurus (verwerking)", "Hoge Flux Reactor (HFR)", 0.4},
		{"IRE ELiT Fleurus (generatoren)", "IRE Fleurus (verwerking)", 1},
	} {
		id := facilityIDs[feed.facility]
		feeds, err := s.Feeds(ctx, sys, id)
		if err != nil {
			return err
		}
		in := []FeedInput{{UpstreamID: facilityIDs[feed.upstream], Share: feed.share}}
		for _, f := range feeds {
			in = append(in, FeedInput{UpstreamID: f.UpstreamID, Share: f.Share})
		}
		if _, err := s.SetFeeds(ctx, sys, id, in, APIFeedField); err != nil {
			return fmt.Errorf("demo feeds of %s: %w", feed.facility, err)
		}
	}
	// Each outage starts on the first production day from a given week on, so the calendar
	// shows it whatever day the demo is loaded.
	monday := MondayOf(s.now())
	firstOn := func(name string, fromDay int) time.Time {
		cycle := cycles[name]
		d := dateOf(monday.AddDate(0, 0, fromDay))
		for i := 0; i < 70 && !cycle.On(d); i++ {
			d = d.AddDate(0, 0, 1)
		}
		return time.Date(d.Year(), d.Month(), d.Day(), 6, 0, 0, 0, monday.Location())
	}
	hfrStop := firstOn("Hoge Flux Reactor (HFR)", 21)
	br2Fault := firstOn("BR2", 7)
	for _, o := range []OutageInput{
		{FacilityID: facilityIDs["Hoge Flux Reactor (HFR)"], StartsAt: hfrStop, EndsAt: hfrStop.AddDate(0, 0, 10).Add(12 * time.Hour),
			Reduction: 100, Planned: true, Reason: "Gepland onderhoud van het koelsysteem (demo, illustratief)."},
		{FacilityID: facilityIDs["BR2"], StartsAt: br2Fault.Add(-3 * time.Hour), EndsAt: br2Fault.AddDate(0, 0, 11).Add(6 * time.Hour),
			Reduction: 60, Planned: false, Reason: "Ongeplande storing in een bestralingskanaal (demo, illustratief)."},
	} {
		if _, err := s.CreateOutage(ctx, sys, o); err != nil {
			return fmt.Errorf("demo outage: %w", err)
		}
	}
	return nil
}
