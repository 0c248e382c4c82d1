package meetings

import "context"

func LoadDemo(ctx context.Context, s *Service) error { return nil }
