package runs

import (
	"context"
	"fmt"

	"kern"
	"kern/internal/auth"
)

// LoadDemo stores the baseline run of the demo's current supply and demand, from now for four
// weeks; it runs inside demo.Load's transaction, after supply and demand exist. Without demand
// the run is simply empty. An input the engine refuses is kept as the failed run it is.
func LoadDemo(ctx context.Context, s *Service) error {
	run, err := s.StartBaseline(ctx, auth.System(), s.now(), DefaultHorizonDays,
		RunInput{Kind: KindBaseline, Name: "Basisverdeling (demo)", Policy: Policy{Kind: PolicyStrict}})
	if err != nil && !(run.ID != 0 && kern.ErrorCode(err) == kern.Invalid) {
		return fmt.Errorf("demo baseline run: %w", err)
	}
	return nil
}
