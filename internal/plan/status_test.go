package plan

import (
	"math"
	"testing"
	"time"
)

func d(s string) time.Time {
	t, err := time.Parse(Date, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestExpectedInterpolatesTheTrajectory(t *testing.T) {
	targets := []Target{{On: d("2025-01-01"), Value: 200}, {On: d("2027-01-01"), Value: 100}}
	for _, c := range []struct {
		on   string
		want float64
	}{
		{"2023-06-01", 100}, // before the baseline: the baseline
		{"2024-01-01", 100},
		{"2024-07-02", 150}, // half-way through 2024 (leap year: 183 of 366 days)
		{"2025-01-01", 200},
		{"2026-01-01", 150}, // 365 of 730 days from 200 to 100
		{"2025-04-02", 200 - 100*91.0/730},
		{"2027-01-01", 100},
		{"2030-01-01", 100}, // after the last target: hold it
	} {
		// An independent formula: the straight line between the two surrounding points.
		got := Expected(d("2024-01-01"), 100, targets, d(c.on))
		if math.Abs(got-c.want) > 1e-9 {
			t.Errorf("Expected(%s) = %v, want %v", c.on, got, c.want)
		}
	}
}

func TestAssess(t *testing.T) {
	base := KPI{Direction: "higher", Cadence: "monthly", Tolerance: 5, BaselineValue: 100, BaselineOn: d("2026-01-01"),
		Targets: []Target{{On: d("2027-01-01"), Value: 220}}}
	lower := base
	lower.Direction = "lower"
	lower.Targets = []Target{{On: d("2027-01-01"), Value: -20}} // falls 10 a month
	m := func(on string, v float64) *Measurement { return &Measurement{On: d(on), Value: v} }
	// On 2026-07-02, 182 of 365 days: expected 100 + 120*182/365 = 159.84.
	exp := 100 + 120*182.0/365
	for _, c := range []struct {
		name   string
		k      KPI
		latest *Measurement
		today  string
		want   Status
	}{
		{"nothing measured, nothing due yet", base, nil, "2026-01-20", NoData},
		{"nothing measured, first month's figure not in after the grace", base, nil, "2026-02-17", Overdue},
		{"nothing measured, within the grace", base, nil, "2026-02-16", NoData},
		{"meets the trajectory", base, m("2026-07-02", exp), "2026-07-10", OnTrack},
		{"beats it", base, m("2026-07-02", 300), "2026-07-10", OnTrack},
		{"short by the tolerance exactly", base, m("2026-07-02", exp-5), "2026-07-10", OnTrack},
		{"short by more than the tolerance", base, m("2026-07-02", exp-5.01), "2026-07-10", AtRisk},
		{"short by twice the tolerance", base, m("2026-07-02", exp-10), "2026-07-10", AtRisk},
		{"short by more than twice", base, m("2026-07-02", exp-10.01), "2026-07-10", OffTrack},
		{"good value but the next one is late", base, m("2026-07-02", exp), "2026-08-18", Overdue},
		{"lower is better, above the line", lower, m("2026-07-02", 100-120*182.0/365+11), "2026-07-10", OffTrack},
		{"lower is better, below the line", lower, m("2026-07-02", 0), "2026-07-10", OnTrack},
	} {
		got, _, _ := Assess(c.k, c.latest, d(c.today))
		if got != c.want {
			t.Errorf("%s: status %s, want %s", c.name, got, c.want)
		}
	}
}

func TestGoalCheckNamesWhatIsMissing(t *testing.T) {
	dl := d("2030-01-01")
	org := int64(1)
	full := Goal{Statement: "Double the number of radionuclide therapies by 2030", Rationale: "capacity is planned",
		KPIs: 1, AccountableOrg: &org, Deadline: &dl}
	if m := full.Check(); len(m) != 0 {
		t.Fatalf("a SMART goal lacks %v", m)
	}
	empty := Goal{Statement: "Better care"}
	got := empty.Check()
	want := []string{"specific", "measurable", "acceptable", "realistic", "time_bound"}
	if len(got) != len(want) {
		t.Fatalf("Check() = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Check() = %v, want %v", got, want)
		}
	}
}

func TestNextDueKeepsMonthEnds(t *testing.T) {
	for _, c := range []struct{ cadence, from, want string }{
		{"monthly", "2026-01-31", "2026-02-28"},
		{"monthly", "2026-02-28", "2026-03-31"},
		{"monthly", "2026-01-15", "2026-02-15"},
		{"quarterly", "2026-06-30", "2026-09-30"},
		{"quarterly", "2025-11-30", "2026-02-28"},
		{"yearly", "2024-02-29", "2025-02-28"},
		{"yearly", "2025-12-31", "2026-12-31"},
	} {
		from := d(c.from)
		if got := NextDue(c.cadence, d("2020-01-01"), &from); !got.Equal(d(c.want)) {
			t.Errorf("%s after %s: %s, want %s", c.cadence, c.from, got.Format(Date), c.want)
		}
	}
}
