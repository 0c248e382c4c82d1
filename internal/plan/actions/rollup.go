package actions

import (
	"context"
	"fmt"
	"slices"
	"time"

	"kern/internal/auth"
	"kern/internal/plan"
)

// RollUp is the weighted mean progress of the actions behind each goal and each pillar (see
// derive.go for the rule). It needs no principal: the vision's service, which calls it, has
// decided who may see the goals.
func (s *Service) RollUp(ctx context.Context) (goals, pillars map[int64]plan.Progress, err error) {
	b, err := loadBoard(ctx, s.DB.Reader(ctx), s.today())
	if err != nil {
		return nil, nil, err
	}
	goals, pillars = RollUp(b.items(), b.PillarOf)
	return goals, pillars, nil
}

// GoalProgress is a goal with the roll-up of its actions.
type GoalProgress struct {
	ID       int64
	Title    string
	Progress plan.Progress
}

// PillarProgress is a pillar of the vision with the roll-up of the actions behind its goals.
type PillarProgress struct {
	ID       int64
	Name     string
	Progress plan.Progress
	Goals    []GoalProgress
}

// ProgressTree is every pillar and goal with its roll-up, in the vision's order.
func (s *Service) ProgressTree(ctx context.Context, p *auth.Principal) ([]PillarProgress, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	goals, pillars, err := s.RollUp(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.DB.Reader(ctx).QueryContext(ctx, `
SELECT p.id, p.name, g.id, g.title FROM pillars p LEFT JOIN goals g ON g.pillar_id = p.id
ORDER BY p.position, p.id, g.id`)
	if err != nil {
		return nil, fmt.Errorf("progress tree: %w", err)
	}
	defer rows.Close()
	var out []PillarProgress
	for rows.Next() {
		var pid int64
		var name string
		var gid *int64
		var title *string
		if err := rows.Scan(&pid, &name, &gid, &title); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].ID != pid {
			out = append(out, PillarProgress{ID: pid, Name: name, Progress: pillars[pid]})
		}
		if gid != nil {
			last := &out[len(out)-1]
			last.Goals = append(last.Goals, GoalProgress{ID: *gid, Title: *title, Progress: goals[*gid]})
		}
	}
	return out, rows.Err()
}

// PublicAction is an action as the public transparency page may show it: no owner, no notes.
type PublicAction struct {
	ID       int64      `json:"id"`
	Title    string     `json:"title"`
	Group    string     `json:"owner_group"`
	Status   Status     `json:"status"`
	QuickWin bool       `json:"quick_win"`
	DueOn    *time.Time `json:"due_on"`
	Progress float64    `json:"progress"`
	Goals    []int64    `json:"goal_ids"`
}

// Public lists the actions marked public that are not dropped, done quick wins first, for the
// transparency page and open data (no login: nothing about people).
func (s *Service) Public(ctx context.Context) ([]PublicAction, error) {
	b, err := loadBoard(ctx, s.DB.Reader(ctx), s.today())
	if err != nil {
		return nil, err
	}
	out := []PublicAction{}
	for _, a := range b.Actions {
		if !a.Public || a.Status == Dropped {
			continue
		}
		pa := PublicAction{ID: a.ID, Title: a.Title, Group: a.OwnerGroup, Status: a.Status, QuickWin: a.QuickWin,
			DueOn: a.DueOn, Progress: b.Derived[a.ID].Progress, Goals: []int64{}}
		for _, g := range a.Goals {
			pa.Goals = append(pa.Goals, g.ID)
		}
		out = append(out, pa)
	}
	slices.SortStableFunc(out, func(x, y PublicAction) int {
		rank := func(p PublicAction) int {
			if p.QuickWin && p.Status == Done {
				return 0
			}
			return 1
		}
		return rank(x) - rank(y)
	})
	return out, nil
}
