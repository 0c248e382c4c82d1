package actions

import (
	"math"
	"slices"
	"testing"
	"time"

	"kern/internal/plan"
)

func date(s string) *time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return &t
}

func pct(n int) *int { return &n }

var today = *date("2026-03-15")

func TestOverdue(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status Status
		due    *time.Time
		want   bool
	}{
		{"due yesterday, in progress", InProgress, date("2026-03-14"), true},
		{"due today is not yet overdue", InProgress, date("2026-03-15"), false},
		{"due tomorrow", Planned, date("2026-03-16"), false},
		{"no due date", Planned, nil, false},
		{"done late is not overdue", Done, date("2025-01-01"), false},
		{"dropped is never overdue", Dropped, date("2025-01-01"), false},
		{"a proposal past its date is overdue", Proposed, date("2026-01-01"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Overdue(tc.status, tc.due, today); got != tc.want {
				t.Errorf("Overdue = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestProgress(t *testing.T) {
	for _, tc := range []struct {
		name        string
		status      Status
		latest      *int
		want        float64
		wantCounted bool
	}{
		{"done is 100 whatever the last check-in said", Done, pct(40), 100, true},
		{"dropped counts nowhere", Dropped, pct(80), 0, false},
		{"the latest check-in", InProgress, pct(35), 35, true},
		{"no check-in yet", Planned, nil, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, counted := Progress(tc.status, tc.latest)
			if got != tc.want || counted != tc.wantCounted {
				t.Errorf("Progress = %v, %v; want %v, %v", got, counted, tc.want, tc.wantCounted)
			}
		})
	}
}

func TestBlocked(t *testing.T) {
	items := []Item{
		{ID: 1, Status: InProgress}, {ID: 2, Status: Planned}, {ID: 3, Status: Done}, {ID: 4, Status: Planned},
		{ID: 5, Status: Dropped}, {ID: 6, Status: Planned}, {ID: 7, Status: Done},
	}
	edges := []Edge{
		{From: 1, To: 2, Kind: Blocks},    // unfinished blocker: 2 is blocked
		{From: 3, To: 4, Kind: Precedes},  // done predecessor: 4 may go on
		{From: 5, To: 6, Kind: Blocks},    // dropped predecessor does not block
		{From: 1, To: 6, Kind: Relates},   // relates never blocks
		{From: 1, To: 7, Kind: Blocks},    // a done action is not blocked
		{From: 2, To: 4, Kind: Precedes},  // 4 waits for 2
		{From: 99, To: 4, Kind: Precedes}, // unknown action: ignored
	}
	d := Derive(items, edges, today)
	for id, want := range map[int64][]int64{1: {}, 2: {1}, 4: {2}, 6: {}, 7: {}} {
		if got := d[id].BlockedBy; !slices.Equal(got, want) || d[id].Blocked != (len(want) > 0) {
			t.Errorf("action %d: blocked %v by %v, want by %v", id, d[id].Blocked, got, want)
		}
	}
}

func TestFindCycle(t *testing.T) {
	edges := []Edge{{1, 2, Blocks, 0}, {2, 3, Precedes, 5}, {3, 4, Blocks, 0}, {4, 5, Relates, 0}}
	for _, tc := range []struct {
		name     string
		from, to int64
		want     []int64
	}{
		{"closing 1→2→3 with 3→1", 3, 1, []int64{3, 1, 2, 3}},
		{"closing the long way 4→1", 4, 1, []int64{4, 1, 2, 3, 4}},
		{"a relates edge does not order: 5→1 is fine", 5, 1, nil},
		{"parallel edge 1→3", 1, 3, nil},
		{"onto itself", 2, 2, []int64{2, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := FindCycle(edges, tc.from, tc.to); !slices.Equal(got, tc.want) {
				t.Errorf("FindCycle(%d→%d) = %v, want %v", tc.from, tc.to, got, tc.want)
			}
		})
	}
}

func TestCriticalPath(t *testing.T) {
	// 1 (10 days) precedes 2 with a 5-day lag (20 days); 3 (5 days) blocks 2; 4 runs on its own
	// and ends earlier; 5 is dropped; 6 has no dates.
	items := []Item{
		{ID: 1, Status: Done, StartOn: date("2026-01-01"), DueOn: date("2026-01-11")},
		{ID: 2, Status: Planned, StartOn: date("2026-01-10"), DueOn: date("2026-01-30")},
		{ID: 3, Status: InProgress, StartOn: date("2026-01-01"), DueOn: date("2026-01-06")},
		{ID: 4, Status: Planned, StartOn: date("2026-01-01"), DueOn: date("2026-02-01")},
		{ID: 5, Status: Dropped, StartOn: date("2026-01-01"), DueOn: date("2027-01-01")},
		{ID: 6, Status: Planned},
	}
	edges := []Edge{{1, 2, Precedes, 5}, {3, 2, Blocks, 0}, {5, 2, Blocks, 0}, {6, 2, Blocks, 0}}
	sched, critical := CriticalPath(items, edges)
	// 2 cannot start before 1's finish (11 Jan) + 5 = 16 Jan, so it ends 5 Feb, after 4 (1 Feb).
	if got := fromDayNumber(sched[2].Start).Format("2006-01-02"); got != "2026-01-16" {
		t.Errorf("early start of 2 = %s, want 2026-01-16", got)
	}
	if got := fromDayNumber(sched[2].Finish).Format("2006-01-02"); got != "2026-02-05" {
		t.Errorf("early finish of 2 = %s, want 2026-02-05", got)
	}
	for id, want := range map[int64]bool{1: true, 2: true, 3: false, 4: false, 5: false, 6: false} {
		if critical[id] != want {
			t.Errorf("action %d critical = %v, want %v", id, critical[id], want)
		}
	}
	if _, ok := sched[5]; ok {
		t.Error("a dropped action is in the schedule")
	}
	if _, ok := sched[6]; ok {
		t.Error("an action without dates is in the schedule")
	}

	t.Run("ties are all marked", func(t *testing.T) {
		items := []Item{
			{ID: 1, StartOn: date("2026-01-01"), DueOn: date("2026-01-10")},
			{ID: 2, StartOn: date("2026-01-01"), DueOn: date("2026-01-10")},
			{ID: 3, StartOn: date("2026-01-10"), DueOn: date("2026-01-20")},
		}
		_, critical := CriticalPath(items, []Edge{{1, 3, Blocks, 0}, {2, 3, Precedes, 0}})
		if !critical[1] || !critical[2] || !critical[3] {
			t.Errorf("critical = %v, want all three", critical)
		}
	})
	t.Run("a cycle in stored data does not hang", func(t *testing.T) {
		items := []Item{{ID: 1, StartOn: date("2026-01-01")}, {ID: 2, StartOn: date("2026-01-01")}}
		CriticalPath(items, []Edge{{1, 2, Blocks, 0}, {2, 1, Blocks, 0}})
	})
}

func TestRollUp(t *testing.T) {
	// Goals 10 and 11 are under pillar 1, goal 20 under pillar 2.
	pillarOf := map[int64]int64{10: 1, 11: 1, 20: 2}
	items := []Item{
		{ID: 1, Status: Done, Weight: 1, Goals: []int64{10}},                            // 100
		{ID: 2, Status: InProgress, Weight: 3, Latest: pct(20), Goals: []int64{10, 11}}, // 20, serves two goals of pillar 1
		{ID: 3, Status: Dropped, Weight: 5, Latest: pct(90), Goals: []int64{10, 20}},    // counts nowhere
		{ID: 4, Status: Planned, Weight: 2, Goals: []int64{20}},                         // 0
		{ID: 5, Status: InProgress, Weight: 2, Latest: pct(50), Goals: []int64{20}},     // 50
		{ID: 6, Status: Dropped, Goals: []int64{30}},                                    // goal with only a dropped action
	}
	goals, pillars := RollUp(items, pillarOf)
	want := func(m map[int64]plan.Progress, id int64, pct float64, n, done int) {
		t.Helper()
		got, ok := m[id]
		if !ok {
			t.Fatalf("%d missing", id)
		}
		if math.Abs(got.Percent-pct) > 1e-9 || got.Actions != n || got.Done != done {
			t.Errorf("%d: %+v, want %.2f%% of %d actions, %d done", id, got, pct, n, done)
		}
	}
	want(goals, 10, (1*100+3*20)/4.0, 2, 1)
	want(goals, 11, 20, 1, 0)
	want(goals, 20, (2*0+2*50)/4.0, 2, 0)
	// Action 2 serves two goals of pillar 1 but counts once there.
	want(pillars, 1, (1*100+3*20)/4.0, 2, 1)
	want(pillars, 2, 25, 2, 0)
	if _, ok := goals[30]; ok {
		t.Error("a goal with only dropped actions has a progress")
	}
}
