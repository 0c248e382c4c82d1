package actions

import (
	"cmp"
	"slices"
	"strings"

	"kern"
)

// Filter selects actions for a list. The derived conditions (overdue, blocked, critical) are
// why lists filter the loaded board rather than in SQL.
type Filter struct {
	Q           string
	Status      string
	OwnerGroup  string
	Group       string // a stakeholder group with any role in the action
	Role        string // with Group: that role only
	Stage       string // of a linked challenge
	Enabler     string // of a linked challenge
	ChallengeID int64
	GoalID      int64
	PillarID    int64
	OwnerID     int64
	QuickWin    bool
	Overdue     bool
	Blocked     bool
	Critical    bool
	Sort        string
	Page        int
	PerPage     int
}

// Sorts lists the orders of a list; "due" (due date, undated last) is the default.
var Sorts = []string{"due", "-due", "start", "title", "status", "progress", "-progress", "-updated"}

// MaxPerPage bounds a page of the list.
const MaxPerPage = 200

// Normalize fills defaults and bounds, and refuses unknown values of closed lists.
func (f *Filter) Normalize() error {
	var v kern.Validation
	f.Q, f.OwnerGroup = strings.TrimSpace(f.Q), strings.TrimSpace(f.OwnerGroup)
	v.Check(f.Status == "" || validStatus(Status(f.Status)), "status", "field.unknown_choice")
	v.Check(f.Group == "" || contains(Groups, f.Group), "stakeholder_group", "field.unknown_choice")
	v.Check(f.Role == "" || validRole(Role(f.Role)), "role", "field.unknown_choice")
	v.Check(f.Stage == "" || contains(Stages, f.Stage), "stage", "field.unknown_choice")
	v.Check(f.Enabler == "" || contains(Enablers, f.Enabler), "enabler", "field.unknown_choice")
	v.Check(f.Sort == "" || contains(Sorts, f.Sort), "sort", "field.unknown_choice")
	if f.Sort == "" {
		f.Sort = "due"
	}
	if f.Page < 1 {
		f.Page = 1
	}
	if f.PerPage < 1 {
		f.PerPage = 50
	}
	f.PerPage = min(f.PerPage, MaxPerPage)
	return v.Err()
}

// Match reports whether the action passes the filter.
func (f *Filter) match(a *Action, d Derived, q string) bool {
	switch {
	case f.Status != "" && string(a.Status) != f.Status,
		f.OwnerGroup != "" && a.OwnerGroup != f.OwnerGroup,
		f.QuickWin && !a.QuickWin,
		f.Overdue && !d.Overdue,
		f.Blocked && !d.Blocked,
		f.Critical && !d.Critical,
		f.OwnerID != 0 && (a.OwnerID == nil || *a.OwnerID != f.OwnerID),
		f.Stage != "" && !slices.Contains(a.stages, f.Stage),
		f.Enabler != "" && !slices.Contains(a.enablers, f.Enabler),
		f.ChallengeID != 0 && !hasLink(a.Challenges, f.ChallengeID),
		f.GoalID != 0 && !hasLink(a.Goals, f.GoalID),
		f.PillarID != 0 && !slices.Contains(a.pillars, f.PillarID):
		return false
	}
	if f.Group != "" {
		r := a.RoleOf(f.Group)
		if r == "" || (f.Role != "" && string(r) != f.Role) {
			return false
		}
	}
	return q == "" || strings.Contains(fold(a.Title+" "+a.Description+" "+a.OwnerGroup), q)
}

func hasLink(links []Link, id int64) bool {
	for _, l := range links {
		if l.ID == id {
			return true
		}
	}
	return false
}

// Apply returns the board's actions that pass the filter, in its order.
func (f *Filter) Apply(b *Board) []View {
	q := fold(f.Q)
	out := []View{}
	for i := range b.Actions {
		a := &b.Actions[i]
		if f.match(a, b.Derived[a.ID], q) {
			out = append(out, b.view(i))
		}
	}
	statusRank := func(s Status) int { return slices.Index(Statuses, s) }
	byDate := func(x, y View, pick func(View) int64) int {
		// Undated last, whichever the direction.
		dx, dy := pick(x), pick(y)
		switch {
		case dx == dy:
			return 0
		case dx == 0:
			return 1
		case dy == 0:
			return -1
		}
		return cmp.Compare(dx, dy)
	}
	due := func(v View) int64 {
		if v.DueOn == nil {
			return 0
		}
		return v.DueOn.Unix()
	}
	start := func(v View) int64 {
		if v.StartOn == nil {
			return 0
		}
		return v.StartOn.Unix()
	}
	slices.SortStableFunc(out, func(x, y View) int {
		var c int
		switch f.Sort {
		case "due":
			c = byDate(x, y, due)
		case "-due":
			c = -byDate(x, y, due)
			if due(x) == 0 || due(y) == 0 {
				c = byDate(x, y, due)
			}
		case "start":
			c = byDate(x, y, start)
		case "title":
			c = cmp.Compare(fold(x.Title), fold(y.Title))
		case "status":
			c = cmp.Compare(statusRank(x.Status), statusRank(y.Status))
		case "progress":
			c = cmp.Compare(x.Progress, y.Progress)
		case "-progress":
			c = cmp.Compare(y.Progress, x.Progress)
		case "-updated":
			c = y.UpdatedAt.Compare(x.UpdatedAt)
		}
		if c == 0 {
			c = cmp.Compare(x.ID, y.ID)
		}
		return c
	})
	return out
}
