package actions

// What the action plan shows but never stores, derived from the actions, their relations and
// their latest check-ins. Pure functions: no I/O, no clock (today is an argument).
//
// Rules:
//   - overdue: the due date has passed and the action is neither done nor dropped;
//   - blocked: an unfinished action has a predecessor (a "blocks" or "precedes" relation pointing
//     at it) that is neither done nor dropped;
//   - progress: done is 100 %, dropped counts nowhere, otherwise the latest check-in (0 without one);
//   - roll-up: the weighted mean of the progress of the actions behind a goal, and behind all
//     the goals of a pillar, an action counted once however many of the pillar's goals it serves;
//   - critical path: the longest chain over "blocks" and "precedes" (with its lag) to the latest
//     early finish, where an action's early start is the later of its own start date and the
//     finish of each predecessor plus the lag, and its duration is due date minus start date.
//     Actions without dates and dropped actions are left out. Ties are all marked.

import (
	"slices"
	"time"

	"kern/internal/plan"
)

// Item is what the derivations need of an action.
type Item struct {
	ID      int64
	Status  Status
	StartOn *time.Time
	DueOn   *time.Time
	Weight  float64
	Latest  *int // progress of the latest check-in, percent
	Goals   []int64
}

// Edge is a relation as the derivations see it: From kind To.
type Edge struct {
	From, To int64
	Kind     RelationKind
	LagDays  int
}

// Derived is what is derived for one action.
type Derived struct {
	Overdue   bool    `json:"overdue"`
	Blocked   bool    `json:"blocked"`
	BlockedBy []int64 `json:"blocked_by"`
	Critical  bool    `json:"critical"`
	Progress  float64 `json:"progress" doc:"Percent: 100 when done, else the latest check-in's (0 without one)"`
	Counted   bool    `json:"counted" doc:"Whether the action counts in roll-ups (false when dropped)"`
	// The early schedule over the dependencies (empty for actions without dates).
	EarlyStart  *time.Time `json:"early_start,omitempty"`
	EarlyFinish *time.Time `json:"early_finish,omitempty"`
}

// Overdue reports whether the action's due date has passed unfinished.
func Overdue(status Status, due *time.Time, today time.Time) bool {
	if due == nil || status.Finished() {
		return false
	}
	return due.Before(*day(&today))
}

// Progress is the action's progress in percent and whether it counts in a roll-up.
func Progress(status Status, latest *int) (float64, bool) {
	switch {
	case status == Dropped:
		return 0, false
	case status == Done:
		return 100, true
	case latest == nil:
		return 0, true
	}
	return float64(min(max(*latest, 0), 100)), true
}

// FindCycle reports the cycle that adding the ordering relation from → to would close: the ids
// from, to, …, from; nil when there is none. Only "blocks" and "precedes" order actions.
func FindCycle(edges []Edge, from, to int64) []int64 {
	if from == to {
		return []int64{from, to}
	}
	next := map[int64][]int64{}
	for _, e := range edges {
		if e.Kind.Orders() {
			next[e.From] = append(next[e.From], e.To)
		}
	}
	// Breadth first from to: the shortest way back to from names the smallest cycle.
	parent := map[int64]int64{to: 0}
	queue := []int64{to}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if n == from {
			path := []int64{}
			for x := n; x != to; x = parent[x] {
				path = append(path, x)
			}
			path = append(path, to, from)
			slices.Reverse(path)
			return path
		}
		for _, m := range next[n] {
			if _, seen := parent[m]; !seen {
				parent[m] = n
				queue = append(queue, m)
			}
		}
	}
	return nil
}

// Span is an action's place in the early schedule, in days since 1970-01-01.
type Span struct{ Start, Finish int64 }

func dayNumber(t time.Time) int64 { return t.Unix() / 86400 }

func fromDayNumber(n int64) *time.Time {
	t := time.Unix(n*86400, 0).UTC()
	return &t
}

// CriticalPath computes the early schedule of the dated, not dropped actions over the ordering
// relations, and marks the actions on the longest path to the latest early finish.
func CriticalPath(items []Item, edges []Edge) (map[int64]Span, map[int64]bool) {
	own := make(map[int64]Span, len(items))
	for _, it := range items {
		if it.Status == Dropped || (it.StartOn == nil && it.DueOn == nil) {
			continue
		}
		s, f := it.StartOn, it.DueOn
		if s == nil {
			s = f
		}
		if f == nil {
			f = s
		}
		own[it.ID] = Span{dayNumber(*s), max(dayNumber(*f), dayNumber(*s))}
	}
	type pred struct {
		from int64
		lag  int64
	}
	preds := map[int64][]pred{}
	succs := map[int64][]int64{}
	indeg := map[int64]int{}
	for _, e := range edges {
		_, okF := own[e.From]
		_, okT := own[e.To]
		if !e.Kind.Orders() || !okF || !okT || e.From == e.To {
			continue
		}
		lag := int64(0)
		if e.Kind == Precedes {
			lag = int64(e.LagDays)
		}
		preds[e.To] = append(preds[e.To], pred{e.From, lag})
		succs[e.From] = append(succs[e.From], e.To)
		indeg[e.To]++
	}
	// Kahn's topological order, ids ascending among the ready, so the result is deterministic.
	var ready []int64
	for id := range own {
		if indeg[id] == 0 {
			ready = append(ready, id)
		}
	}
	slices.Sort(ready)
	sched := make(map[int64]Span, len(own))
	for len(ready) > 0 {
		n := ready[0]
		ready = ready[1:]
		sp := own[n]
		dur := sp.Finish - sp.Start
		es := sp.Start
		for _, p := range preds[n] {
			es = max(es, sched[p.from].Finish+p.lag)
		}
		sched[n] = Span{es, es + dur}
		for _, m := range succs[n] {
			indeg[m]--
			if indeg[m] == 0 {
				i, _ := slices.BinarySearch(ready, m)
				ready = slices.Insert(ready, i, m)
			}
		}
	}
	critical := map[int64]bool{}
	if len(sched) == 0 {
		return sched, critical
	}
	latest := int64(-1 << 62)
	for _, sp := range sched {
		latest = max(latest, sp.Finish)
	}
	var stack []int64
	for id, sp := range sched {
		if sp.Finish == latest {
			stack = append(stack, id)
		}
	}
	// Walk back along the predecessors that set each early start.
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if critical[n] {
			continue
		}
		critical[n] = true
		for _, p := range preds[n] {
			if ps, ok := sched[p.from]; ok && ps.Finish+p.lag == sched[n].Start {
				stack = append(stack, p.from)
			}
		}
	}
	return sched, critical
}

// Derive derives everything for every item.
func Derive(items []Item, edges []Edge, today time.Time) map[int64]Derived {
	status := make(map[int64]Status, len(items))
	for _, it := range items {
		status[it.ID] = it.Status
	}
	blockers := map[int64][]int64{}
	for _, e := range edges {
		if e.Kind.Orders() {
			if st, ok := status[e.From]; ok && !st.Finished() && !status[e.To].Finished() &&
				!slices.Contains(blockers[e.To], e.From) {
				blockers[e.To] = append(blockers[e.To], e.From)
			}
		}
	}
	sched, critical := CriticalPath(items, edges)
	out := make(map[int64]Derived, len(items))
	for _, it := range items {
		d := Derived{Overdue: Overdue(it.Status, it.DueOn, today), Critical: critical[it.ID], BlockedBy: blockers[it.ID]}
		slices.Sort(d.BlockedBy)
		d.Blocked = len(d.BlockedBy) > 0
		if d.BlockedBy == nil {
			d.BlockedBy = []int64{}
		}
		d.Progress, d.Counted = Progress(it.Status, it.Latest)
		if sp, ok := sched[it.ID]; ok {
			d.EarlyStart, d.EarlyFinish = fromDayNumber(sp.Start), fromDayNumber(sp.Finish)
		}
		out[it.ID] = d
	}
	return out
}

// RollUp is the weighted mean progress of the actions behind each goal and each pillar; pillarOf
// maps a goal to its pillar. Dropped actions count nowhere; goals and pillars without counted
// actions are absent.
func RollUp(items []Item, pillarOf map[int64]int64) (goals, pillars map[int64]plan.Progress) {
	type acc struct {
		sumWP, sumW float64
		n, done     int
	}
	g, p := map[int64]*acc{}, map[int64]*acc{}
	add := func(m map[int64]*acc, id int64, w, prog float64, done bool) {
		a := m[id]
		if a == nil {
			a = &acc{}
			m[id] = a
		}
		a.sumWP += w * prog
		a.sumW += w
		a.n++
		if done {
			a.done++
		}
	}
	for _, it := range items {
		prog, counted := Progress(it.Status, it.Latest)
		if !counted {
			continue
		}
		w := it.Weight
		if w <= 0 {
			w = 1
		}
		seenGoal, seenPillar := map[int64]bool{}, map[int64]bool{}
		for _, goal := range it.Goals {
			if seenGoal[goal] {
				continue
			}
			seenGoal[goal] = true
			add(g, goal, w, prog, it.Status == Done)
			if pil, ok := pillarOf[goal]; ok && !seenPillar[pil] {
				seenPillar[pil] = true
				add(p, pil, w, prog, it.Status == Done)
			}
		}
	}
	out := func(m map[int64]*acc) map[int64]plan.Progress {
		r := make(map[int64]plan.Progress, len(m))
		for id, a := range m {
			r[id] = plan.Progress{Percent: a.sumWP / a.sumW, Actions: a.n, Done: a.done}
		}
		return r
	}
	return out(g), out(p)
}
