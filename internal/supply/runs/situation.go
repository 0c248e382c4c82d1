package runs

import "time"

// Situation is the supply and demand of a horizon as the platform knows it: the raw inputs an
// allocation run is built from. Load reads it from the database; a shortage scenario copies it
// and changes it (adds outages, scales demand, lengthens or closes routes) before Build turns it
// into the engine's problem. It is stored with every run (as JSON), so a run can be reproduced.
type Situation struct {
	StartsAt time.Time `json:"starts_at"` // the first instant of the horizon
	// LeadIn, when set, is the start of the lead-in before the horizon: the runs and demands from
	// LeadIn to StartsAt are in the engine's problem, so production made before the horizon first
	// serves the demand before it and only what is left reaches the horizon, but results count
	// only demand and supply from StartsAt.
	LeadIn     time.Time  `json:"lead_in,omitzero"`
	Days       int        `json:"horizon_days"` // the horizon's length
	Facilities []Facility `json:"facilities"`
	Feeds      []Feed     `json:"feeds"`
	Products   []Product  `json:"products"`
	Runs       []Run      `json:"runs"`    // production runs of the horizon, before outages
	Outages    []Outage   `json:"outages"` // published outages, and a scenario's added ones
	Hospitals  []Hospital `json:"hospitals"`
	Demands    []Demand   `json:"demands"` // standing demand laid out over the horizon, and open orders
	Routes     []Route    `json:"routes"`  // the effective transit time of each facility–hospital pair
}

// Facility is a producer's facility.
type Facility struct {
	ID      int64  `json:"id"`
	OrgID   int64  `json:"org_id"`
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	Site    string `json:"site"`
	Country string `json:"country"`
}

// Feed says that a facility (a processor, a generator maker) depends on an upstream facility (a
// reactor) for a share of its production: an outage upstream reduces the runs downstream by
// share × reduction.
type Feed struct {
	FacilityID int64   `json:"facility_id"`
	UpstreamID int64   `json:"upstream_id"`
	Share      float64 `json:"share"` // 0 < share ≤ 1
}

// Product is a product a facility makes.
type Product struct {
	ID             int64   `json:"id"`
	FacilityID     int64   `json:"facility_id"`
	Name           string  `json:"name"`
	Nuclide        string  `json:"nuclide"`
	Form           string  `json:"form"`
	ShelfLifeHours float64 `json:"shelf_life_hours"`
}

// Run is a production run: activity of a product available at an instant at its facility.
type Run struct {
	ProductID  int64     `json:"product_id"`
	At         time.Time `json:"at"`
	ActivityBq float64   `json:"activity_bq"`
}

// Outage reduces a facility's runs between two instants by ReductionPct.
type Outage struct {
	FacilityID   int64     `json:"facility_id"`
	StartsAt     time.Time `json:"starts_at"`
	EndsAt       time.Time `json:"ends_at"`
	ReductionPct int       `json:"reduction_pct"`
	Planned      bool      `json:"planned"`
	Reason       string    `json:"reason"`
	Scenario     bool      `json:"scenario,omitempty"` // added by a scenario, not published
}

// Hospital is an organisation with demand in the horizon.
type Hospital struct {
	OrgID   int64  `json:"org_id"`
	Name    string `json:"name"`
	City    string `json:"city"`
	Country string `json:"country"`
}

// Demand is one need of a hospital: a standing weekly demand on one day of the horizon, or an
// order. Key is unique in the situation ("o17" for order 17, "s4-2026-11-23" for standing demand 4
// on that day).
type Demand struct {
	Key           string     `json:"key"`
	OrgID         int64      `json:"org_id"`
	ProductID     int64      `json:"product_id"`
	OrderID       int64      `json:"order_id,omitempty"`
	StandingID    int64      `json:"standing_id,omitempty"`
	ActivityBq    float64    `json:"activity_bq"`
	CalibrationAt time.Time  `json:"calibration_at"`
	WindowEnd     *time.Time `json:"window_end,omitempty"`
	Priority      int        `json:"priority"`
	Divisible     bool       `json:"divisible"`
}

// Route is the transit time from a facility to a hospital; a pair without a route cannot be served.
type Route struct {
	FacilityID   int64   `json:"facility_id"`
	OrgID        int64   `json:"org_id"`
	TransitHours float64 `json:"transit_hours"`
}
