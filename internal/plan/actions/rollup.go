package actions

import (
	"context"
	"fmt"

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
