package scenarios

import "kern/internal/auth"

// Restrict cuts a comparison to what p may see, as Compare does.
func Restrict(c *Comparison, p *auth.Principal) { c.restrict(p) }
