package actions

import "context"

// LoadDemo adds the demonstration actions; it runs inside demo.Load's transaction (ctx carries it).
func LoadDemo(ctx context.Context, s *Service) error { return nil }
