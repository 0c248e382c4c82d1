package scenarios

import "kern/internal/supply/runs"

// Policy is the allocation policy of a scenario's run, as the runs package has it.
type Policy = runs.Policy
