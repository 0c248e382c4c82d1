package actions

import (
	"context"

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
