package alloc

// Plan is the output of Solve, in its JSON wire form. See docs/allocation.md and
// docs/schemas/allocation-plan.json.
type Plan struct {
	Demands     []DemandPlan    `json:"demands"`
	Classes     []ClassTotal    `json:"classes"`
	Hospitals   []HospitalTotal `json:"hospitals"`
	Lots        []LotUse        `json:"lots"`
	Bottlenecks []Bottleneck    `json:"bottlenecks"`
	Warnings    []Warning       `json:"warnings"`
}

// DemandPlan is what one demand receives.
type DemandPlan struct {
	ID            string   `json:"id"`
	Hospital      string   `json:"hospital"`
	Nuclide       string   `json:"nuclide"`
	Priority      int      `json:"priority"`
	CalibrationAt string   `json:"calibration_at"` // the instant served: moved within its window when Moved
	Moved         bool     `json:"moved"`
	RequestedBq   float64  `json:"requested_bq"`
	FilledBq      float64  `json:"filled_bq"` // Σ arrivals decayed to CalibrationAt
	FillRatio     float64  `json:"fill_ratio"`
	UnmetBq       float64  `json:"unmet_bq"`
	Deferred      bool     `json:"deferred"`
	Reason        string   `json:"reason,omitempty"` // why deferred or unserved
	Sources       []Source `json:"sources"`
}

// Source is one shipment from a lot to a demand.
type Source struct {
	Lot          string  `json:"lot"`
	DepartsAt    string  `json:"departs_at"`
	ArrivesAt    string  `json:"arrives_at"`
	DispatchedBq float64 `json:"dispatched_bq"` // activity leaving the site
	ArrivedBq    float64 `json:"arrived_bq"`    // activity on arrival, after decay in transit
}

// ClassTotal sums one priority class. Activities are summed over nuclides, each at its demand's
// calibration instant.
type ClassTotal struct {
	Priority     int     `json:"priority"`
	Demands      int     `json:"demands"`
	MinFillRatio float64 `json:"min_fill_ratio"` // over all demands of the class
	RequestedBq  float64 `json:"requested_bq"`
	FilledBq     float64 `json:"filled_bq"`
	UnmetBq      float64 `json:"unmet_bq"`
	Deferred     int     `json:"deferred"`
	Unreachable  int     `json:"unreachable"` // demands no lot can reach in time
}

// HospitalTotal sums one hospital's demands of one class.
type HospitalTotal struct {
	Hospital     string  `json:"hospital"`
	Priority     int     `json:"priority"`
	Demands      int     `json:"demands"`
	MinFillRatio float64 `json:"min_fill_ratio"`
	RequestedBq  float64 `json:"requested_bq"`
	FilledBq     float64 `json:"filled_bq"`
}

// LotUse is how much of a lot the plan uses, in activity at the lot's available_at.
type LotUse struct {
	ID         string  `json:"id"`
	Nuclide    string  `json:"nuclide"`
	ActivityBq float64 `json:"activity_bq"`
	UsedBq     float64 `json:"used_bq"`
	LeftBq     float64 `json:"left_bq"`
}

// Bottleneck is one minimum cut that limits a class: lots that are used up and the demands that
// no other lot can reach in time.
type Bottleneck struct {
	Priority    int      `json:"priority"`
	Nuclide     string   `json:"nuclide"`
	FillRatio   float64  `json:"fill_ratio"`
	Lots        []string `json:"lots"`      // the saturated lots
	Hospitals   []string `json:"hospitals"` // hospitals of the demands held at FillRatio
	Demands     int      `json:"demands"`
	Explanation string   `json:"explanation"`
}

// Warning flags input that is valid but cannot be served as asked.
type Warning struct {
	Demand  string `json:"demand"`
	Message string `json:"message"`
}
