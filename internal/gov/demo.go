package gov

import "context"

// LoadDemo adds the governance of the recommendations report and the society; it runs inside
// demo.Load's transaction (ctx carries it).
func LoadDemo(ctx context.Context, s *Service) error { return nil }
