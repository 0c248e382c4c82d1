package supply_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"kern/internal/supply"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// TestBuildCalendar: a reactor on 28 days, off 9; a cyclotron every day; a reactor still to
// come; an outage reducing part of a week.
func TestBuildCalendar(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	product := int64(7)
	reactor := supply.Facility{ID: 1, Name: "HFR"}
	cyclotron := supply.Facility{ID: 2, Name: "Cyclotron"}
	future := supply.Facility{ID: 3, Name: "PALLAS", StartsOn: ptr(date(2030, 7, 1))}
	unscheduled := supply.Facility{ID: 4, Name: "Radiopharmacy"}
	// Week 1 starts on Monday 2 November 2026: the reactor's cycle began on 5 October, so days
	// 28..36 (2..10 November) are off and it is on again from 11 November.
	schedules := []supply.Schedule{
		{FacilityID: 1, StartsOn: date(2026, 10, 5), OnDays: 28, OffDays: 9, ProductID: &product, ProductName: "Mo-99",
			Activity: 100, RunWeekdays: 1 << time.Monday},
		{FacilityID: 2, StartsOn: date(2026, 1, 5), OnDays: 7, OffDays: 0, ProductID: &product, ProductName: "FDG", Activity: 10},
		{FacilityID: 3, StartsOn: date(2030, 7, 1), OnDays: 28, OffDays: 7},
	}
	outages := []supply.Outage{
		// Half of Wednesday and all of Thursday 19 November: the cyclotron at 40 %.
		{FacilityID: 2, StartsAt: time.Date(2026, 11, 18, 12, 0, 0, 0, ams), EndsAt: time.Date(2026, 11, 20, 0, 0, 0, 0, ams), Reduction: 60},
	}
	cal := supply.BuildCalendar([]supply.Facility{reactor, cyclotron, future, unscheduled}, schedules, outages,
		time.Date(2026, 11, 4, 15, 0, 0, 0, time.UTC), 3)
	if len(cal.Weeks) != 3 || !cal.Weeks[0].Equal(time.Date(2026, 11, 2, 0, 0, 0, 0, ams)) {
		t.Fatalf("weeks %v, want three from Monday 2 November", cal.Weeks)
	}
	for _, tc := range []struct {
		row, week int
		state     string
		onDays    int
		capacity  int
		activity  float64
	}{
		{0, 0, supply.WeekOff, 0, 0, 0},
		{0, 1, supply.WeekOn, 5, 100, 0}, // on again from Wednesday 11 November: no Monday run
		{0, 2, supply.WeekOn, 7, 100, 100},
		{1, 0, supply.WeekOn, 7, 100, 70},
		{1, 2, supply.WeekOutage, 7, 83, 58}, // 5 full days + 2 at 40 %: 5.8/7; 10 × 5.8 GBq
		{2, 0, supply.WeekFuture, 0, 0, 0},
		{3, 0, supply.WeekNoSchedule, 0, 0, 0},
	} {
		c := cal.Rows[tc.row].Cells[tc.week]
		var activity float64
		for _, a := range c.Activity {
			activity += float64(a)
		}
		if c.State != tc.state || c.OnDays != tc.onDays || c.CapacityPct != tc.capacity || int(activity+0.5) != int(tc.activity) {
			t.Errorf("%s week %d: %s, %d days on, %d %%, activity %.1f; want %s, %d, %d %%, %.0f", cal.Rows[tc.row].Facility.Name,
				tc.week+1, c.State, c.OnDays, c.CapacityPct, activity, tc.state, tc.onDays, tc.capacity, tc.activity)
		}
	}
	if c := cal.Rows[1].Cells[2]; c.Reduction != 60 {
		t.Errorf("the outage week shows a reduction of %d %%, want 60", c.Reduction)
	}
}

func ptr[T any](v T) *T { return &v }

// BenchmarkBuildCalendar: 200 facilities (a European-scale chain), two cycles and two outages
// each, over 12 weeks.
func BenchmarkBuildCalendar(b *testing.B) {
	product := int64(1)
	var fs []supply.Facility
	var ss []supply.Schedule
	var os []supply.Outage
	from := date(2026, 11, 23)
	for i := int64(1); i <= 200; i++ {
		fs = append(fs, supply.Facility{ID: i, Name: "F"})
		ss = append(ss, supply.Schedule{FacilityID: i, StartsOn: date(2026, 1, 5), OnDays: 28, OffDays: 9, ProductID: &product, ProductName: "Mo-99", Activity: 1e12},
			supply.Schedule{FacilityID: i, StartsOn: date(2026, 1, 5), OnDays: 7, ProductID: &product, ProductName: "Lu-177", Activity: 1e11, RunWeekdays: 1 << time.Tuesday})
		os = append(os, supply.Outage{FacilityID: i, StartsAt: from.AddDate(0, 0, 10), EndsAt: from.AddDate(0, 0, 20), Reduction: 50},
			supply.Outage{FacilityID: i, StartsAt: from.AddDate(0, 0, 40), EndsAt: from.AddDate(0, 0, 44), Reduction: 100})
	}
	b.ResetTimer()
	for b.Loop() {
		supply.BuildCalendar(fs, ss, os, from, supply.CalendarWeeks)
	}
}

// TestProductionRuns: runs fall at RunHour on the cycle's on days and run weekdays, inside the
// window and while the facility is in operation; a schedule without a product yields nothing.
func TestProductionRuns(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	product, vial := int64(7), int64(8)
	facilities := []supply.Facility{{ID: 1, Name: "HFR"}, {ID: 2, Name: "Cyclotron", EndsOn: ptr(date(2026, 11, 6))}}
	schedules := []supply.Schedule{
		// Off from 2 to 10 November, on again from Wednesday 11 November; runs on Mondays and Wednesdays.
		{FacilityID: 1, StartsOn: date(2026, 10, 5), OnDays: 28, OffDays: 9, ProductID: &product, Activity: 100,
			RunWeekdays: 1<<time.Monday | 1<<time.Wednesday},
		// Every day, but the cyclotron stops on 6 November.
		{FacilityID: 2, StartsOn: date(2026, 1, 5), OnDays: 7, ProductID: &vial, Activity: 10},
		{FacilityID: 1, StartsOn: date(2026, 1, 5), OnDays: 7, Activity: 5},
		// A facility that is not listed yields nothing.
		{FacilityID: 9, StartsOn: date(2026, 1, 5), OnDays: 7, ProductID: &vial, Activity: 10},
	}
	from := time.Date(2026, 11, 4, 7, 0, 0, 0, ams) // after Wednesday's run hour
	to := time.Date(2026, 11, 16, 6, 0, 0, 0, ams)  // Monday 16th's run is excluded
	var got []string
	for _, r := range supply.ProductionRuns(facilities, schedules, from, to) {
		got = append(got, fmt.Sprintf("%d/%d %s %v", r.FacilityID, r.ProductID, r.At.In(ams).Format("Mon 02 15:04"), float64(r.Activity)))
	}
	want := []string{"2/8 Thu 05 06:00 10", "1/7 Wed 11 06:00 100"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("runs\n got %v\nwant %v", got, want)
	}
}
