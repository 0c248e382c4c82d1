package meetings

import (
	"context"
	"net/http"
)

func (h *Web) Routes(mux *http.ServeMux) error       { return nil }
func (a *API) Routes()                               {}
func LoadDemo(ctx context.Context, s *Service) error { return nil }
