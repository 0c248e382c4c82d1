package plan

import (
	"time"
)

// Status is a KPI's state, derived from its trajectory and measurements, never typed.
type Status string

// The states of a KPI.
const (
	OnTrack  Status = "on_track"  // the latest value meets the trajectory, or misses it by at most the tolerance
	AtRisk   Status = "at_risk"   // it misses by more than the tolerance, at most twice the tolerance
	OffTrack Status = "off_track" // it misses by more than twice the tolerance
	NoData   Status = "no_data"   // nothing measured yet, and nothing due yet
	Overdue  Status = "overdue"   // a measurement is late for the KPI's cadence
)

// Statuses in the order a dashboard shows them, worst first.
var Statuses = []Status{OffTrack, Overdue, AtRisk, NoData, OnTrack}

// period is how far apart a cadence's measurements are, and the grace after which a missing
// measurement is overdue (figures arrive some time after the period they describe).
func period(cadence string) (months, graceDays int) {
	switch cadence {
	case "monthly":
		return 1, 15
	case "quarterly":
		return 3, 45
	default:
		return 12, 90
	}
}

// NextDue is the date the next measurement describes: one period after the latest one (or after
// the baseline when there is none).
func NextDue(cadence string, baseline time.Time, latest *time.Time) time.Time {
	from := baseline
	if latest != nil {
		from = *latest
	}
	m, _ := period(cadence)
	return addMonths(from, m)
}

// addMonths moves t by m calendar months, keeping month ends month ends: 31 January plus one
// month is 28 February (not 3 March), 30 June plus three months is 30 September.
func addMonths(t time.Time, m int) time.Time {
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, m, 0)
	last := first.AddDate(0, 1, -1).Day()
	d := t.Day()
	if d > last || t.AddDate(0, 0, 1).Day() == 1 {
		d = last
	}
	return time.Date(first.Year(), first.Month(), d, 0, 0, 0, 0, time.UTC)
}

// Expected is the trajectory's value on d: the line through the baseline and the targets in date
// order, the baseline before it starts and the last target after it ends.
func Expected(baselineOn time.Time, baseline float64, targets []Target, d time.Time) float64 {
	prevOn, prev := baselineOn, baseline
	if !d.After(prevOn) {
		return baseline
	}
	for _, t := range targets {
		if !d.After(t.On) {
			span := t.On.Sub(prevOn).Hours()
			if span <= 0 {
				return t.Value
			}
			f := d.Sub(prevOn).Hours() / span
			return prev + f*(t.Value-prev)
		}
		prevOn, prev = t.On, t.Value
	}
	return prev
}

// Shortfall is how far value falls short of expected in the KPI's good direction (negative or
// zero when it meets or beats it).
func Shortfall(direction string, expected, value float64) float64 {
	if direction == "lower" {
		return value - expected
	}
	return expected - value
}

// Assess derives the KPI's status on today from its trajectory and its latest measurement, and
// returns the value expected on that measurement's date (nil without one) and the next due date.
func Assess(k KPI, latest *Measurement, today time.Time) (Status, *float64, time.Time) {
	var latestOn *time.Time
	if latest != nil {
		latestOn = &latest.On
	}
	due := NextDue(k.Cadence, k.BaselineOn, latestOn)
	_, grace := period(k.Cadence)
	late := day(today).After(due.AddDate(0, 0, grace))
	if late {
		var exp *float64
		if latest != nil {
			e := Expected(k.BaselineOn, k.BaselineValue, k.Targets, latest.On)
			exp = &e
		}
		return Overdue, exp, due
	}
	if latest == nil {
		return NoData, nil, due
	}
	e := Expected(k.BaselineOn, k.BaselineValue, k.Targets, latest.On)
	return Band(k.Direction, k.Tolerance, e, latest.Value), &e, due
}

// Band places a value against the expected one: within the tolerance on track, within twice the
// tolerance at risk, beyond that off track.
func Band(direction string, tolerance, expected, value float64) Status {
	short := Shortfall(direction, expected, value)
	switch {
	case short <= tolerance*(1+1e-12):
		return OnTrack
	case short <= 2*tolerance*(1+1e-12):
		return AtRisk
	default:
		return OffTrack
	}
}
