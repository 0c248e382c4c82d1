package scenarios

import "encoding/json"

// Policy is the allocation policy of a scenario's run, as the runs package stores it.
// TODO(runs): runs.Policy once the runs package exports it.
type Policy = json.RawMessage
