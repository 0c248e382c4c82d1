package supply

import (
	"context"
	"sort"
	"time"

	"kern/internal/auth"
	"kern/internal/nuclide"
	"kern/internal/web"
)

// CalendarWeeks is how far the calendar looks ahead.
const CalendarWeeks = 12

// Week states of a facility in the calendar.
const (
	WeekOn         = "on"          // producing, no outage
	WeekOff        = "off"         // between cycles
	WeekOutage     = "outage"      // an outage reduces what it makes
	WeekFuture     = "future"      // not yet in operation (or ended)
	WeekNoSchedule = "no_schedule" // no operating cycle published
)

// CalendarCell is one facility in one week.
type CalendarCell struct {
	Week        time.Time                   `json:"week"` // Monday 00:00, Amsterdam
	State       string                      `json:"state"`
	OnDays      int                         `json:"on_days"`
	Reduction   int                         `json:"reduction_pct"` // the largest outage reduction in the week
	CapacityPct int                         `json:"capacity_pct"`  // share of a full week's production still made
	Activity    map[string]nuclide.Activity `json:"activity_bq"`   // per product name: the runs of the week after outages
	Products    []CalendarProduct           `json:"products"`      // the same, in order, with a short label for the page
}

// CalendarProduct is what a facility makes of one product in a week, after outages.
type CalendarProduct struct {
	Name     string           `json:"name"`
	Label    string           `json:"label"` // the nuclide, or the product's name when the cell has two of one nuclide
	Activity nuclide.Activity `json:"activity_bq"`
}

// Text is the product as a calendar cell shows it: "Mo-99 229.4 TBq".
func (p CalendarProduct) Text() string { return p.Label + " " + p.Activity.String() }

// CalendarRow is one facility across the weeks.
type CalendarRow struct {
	Facility Facility       `json:"facility"`
	Cells    []CalendarCell `json:"cells"`
}

// Calendar is who produces what, week by week.
type Calendar struct {
	Weeks []time.Time   `json:"weeks"`
	Rows  []CalendarRow `json:"rows"`
}

// MondayOf is 00:00 Amsterdam time of the Monday of t's week.
func MondayOf(t time.Time) time.Time {
	t = t.In(web.Amsterdam)
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, web.Amsterdam)
	back := (int(d.Weekday()) + 6) % 7
	return d.AddDate(0, 0, -back)
}

// dateOf is the civil date of an Amsterdam midnight as UTC midnight, the way DATE columns come back.
func dateOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// BuildCalendar lays the cycles and outages of the facilities over weeks weeks from the Monday of
// from. A day counts as on when any cycle of the facility has it on; an outage reduces that day
// by its largest overlapping reduction. It is pure: the same inputs give the same calendar.
func BuildCalendar(facilities []Facility, schedules []Schedule, outages []Outage, from time.Time, weeks int) Calendar {
	start := MondayOf(from)
	cal := Calendar{}
	for w := 0; w < weeks; w++ {
		cal.Weeks = append(cal.Weeks, start.AddDate(0, 0, 7*w))
	}
	byFacility := map[int64][]Schedule{}
	for _, s := range schedules {
		byFacility[s.FacilityID] = append(byFacility[s.FacilityID], s)
	}
	outagesOf := map[int64][]Outage{}
	for _, o := range outages {
		outagesOf[o.FacilityID] = append(outagesOf[o.FacilityID], o)
	}
	for _, f := range facilities {
		row := CalendarRow{Facility: f}
		for _, week := range cal.Weeks {
			row.Cells = append(row.Cells, weekCell(f, byFacility[f.ID], outagesOf[f.ID], week))
		}
		cal.Rows = append(cal.Rows, row)
	}
	return cal
}

func weekCell(f Facility, cycles []Schedule, outages []Outage, week time.Time) CalendarCell {
	c := CalendarCell{Week: week, Activity: map[string]nuclide.Activity{}}
	var capacity float64
	inOperation := 0
	for i := 0; i < 7; i++ {
		day := week.AddDate(0, 0, i)
		next := week.AddDate(0, 0, i+1)
		date := dateOf(day)
		if (f.StartsOn != nil && date.Before(f.StartsOn.UTC())) || (f.EndsOn != nil && !date.Before(f.EndsOn.UTC())) {
			continue
		}
		inOperation++
		on := false
		for _, s := range cycles {
			if s.On(date) {
				on = true
			}
		}
		if !on {
			continue
		}
		c.OnDays++
		reduction := 0
		for _, o := range outages {
			if o.StartsAt.Before(next) && o.EndsAt.After(day) && o.Reduction > reduction {
				reduction = o.Reduction
			}
		}
		c.Reduction = max(c.Reduction, reduction)
		left := 1 - float64(reduction)/100
		capacity += left
		for _, s := range cycles {
			if s.On(date) && s.ProductID != nil && s.Activity > 0 && s.RunWeekdays.Has(date.Weekday()) {
				c.Activity[s.ProductName] += s.Activity * nuclide.Activity(left)
			}
		}
	}
	c.Products = cellProducts(c.Activity, cycles)
	// Capacity is measured against the days the cycles have the facility on at all in a full
	// week, so a reactor between cycles is "off", not "reduced".
	if c.OnDays > 0 {
		c.CapacityPct = int(capacity/float64(c.OnDays)*100 + 0.5)
	}
	switch {
	case inOperation == 0:
		c.State = WeekFuture
	case len(cycles) == 0:
		c.State = WeekNoSchedule
	case c.OnDays > 0 && c.Reduction > 0:
		c.State = WeekOutage
	case c.OnDays > 0:
		c.State = WeekOn
	default:
		c.State = WeekOff
	}
	return c
}

// cellProducts lists a cell's activity per product, ordered by label, labelled by nuclide.
func cellProducts(activity map[string]nuclide.Activity, cycles []Schedule) []CalendarProduct {
	nuclideOf := map[string]string{}
	for _, s := range cycles {
		nuclideOf[s.ProductName] = s.Nuclide
	}
	perNuclide := map[string]int{}
	for name := range activity {
		perNuclide[nuclideOf[name]]++
	}
	out := []CalendarProduct{}
	for name, a := range activity {
		label := nuclideOf[name]
		if label == "" || perNuclide[label] > 1 {
			label = name
		}
		out = append(out, CalendarProduct{Name: name, Label: label, Activity: a})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Label != out[j].Label {
			return out[i].Label < out[j].Label
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// Calendar is the calendar of the facilities matching f for the coming weeks.
func (s *Service) Calendar(ctx context.Context, p *auth.Principal, f FacilityFilter, weeks int) (Calendar, error) {
	if weeks < 1 || weeks > 52 {
		weeks = CalendarWeeks
	}
	facilities, err := s.AllFacilities(ctx, p, f)
	if err != nil {
		return Calendar{}, err
	}
	schedules, err := s.Schedules(ctx, p, 0)
	if err != nil {
		return Calendar{}, err
	}
	start := MondayOf(s.now())
	outages, err := s.Outages(ctx, p, OutageFilter{From: start, To: start.AddDate(0, 0, 7*weeks)})
	if err != nil {
		return Calendar{}, err
	}
	return BuildCalendar(facilities, schedules, outages, start, weeks), nil
}

// RunHour is the hour (Amsterdam) at which a production run's activity is available on its day;
// schedules name days, not hours.
const RunHour = 6

// ProductionRun is the activity of a product available at an instant at its facility, as a
// schedule yields it, before outages.
type ProductionRun struct {
	FacilityID int64
	ProductID  int64
	At         time.Time
	Activity   nuclide.Activity
}

// ProductionRuns lays the schedules of the facilities out as runs from from (inclusive) to to
// (exclusive): one run per schedule on each day the cycle has the facility on, on the schedule's
// run weekdays, while the facility is in operation. Outages are not applied: an allocation run
// applies them together with the outages upstream. It is pure and ordered by instant, facility
// and product.
func ProductionRuns(facilities []Facility, schedules []Schedule, from, to time.Time) []ProductionRun {
	inOperation := map[int64]Facility{}
	for _, f := range facilities {
		inOperation[f.ID] = f
	}
	var runs []ProductionRun
	start := from.In(web.Amsterdam)
	day := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, web.Amsterdam)
	for ; day.Before(to); day = day.AddDate(0, 0, 1) {
		at := day.Add(RunHour * time.Hour)
		if at.Before(from) || !at.Before(to) {
			continue
		}
		date := dateOf(day)
		for _, s := range schedules {
			f, ok := inOperation[s.FacilityID]
			if !ok || s.ProductID == nil || !(s.Activity > 0) || !s.On(date) || !s.RunWeekdays.Has(date.Weekday()) {
				continue
			}
			if (f.StartsOn != nil && date.Before(f.StartsOn.UTC())) || (f.EndsOn != nil && !date.Before(f.EndsOn.UTC())) {
				continue
			}
			runs = append(runs, ProductionRun{FacilityID: s.FacilityID, ProductID: *s.ProductID, At: at, Activity: s.Activity})
		}
	}
	sort.SliceStable(runs, func(i, j int) bool {
		a, b := runs[i], runs[j]
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		if a.FacilityID != b.FacilityID {
			return a.FacilityID < b.FacilityID
		}
		return a.ProductID < b.ProductID
	})
	return runs
}
