// Package forecast projects the demand for nuclear-medicine procedures and isotopes year by year
// to a horizon (2040 by default), sets it against the supply capacity of the production facilities
// that are expected to operate in each year, and turns the demand into the resources it needs
// (therapy rooms, staff, hotlab capacity). It is pure: no I/O, no global state, deterministic for
// a seed, and it imports nothing of Kern.
//
// The model, per application a (a diagnostic or a therapy) and year y ≥ y0 (the baseline year):
//
//	constant growth:  N_a(y) = N_a(y0) · (1 + r)^(y − y0)
//	adoption curve:   N_a(y) = N_a(y0) + (C − N_a(y0)) · (f(y) − f(s)) / (1 − f(s)),  y ≥ s
//	                  f(t)  = 1 / (1 + exp(−k · (t − m)))
//
// with r the annual growth rate, C the ceiling, m the midpoint, k the steepness and s the later of
// the curve's start year and the baseline year (before s the count stays N_a(y0)). An optional
// treatment-options path (the recommendations report expects the number of possible treatments to
// grow fivefold) multiplies the applications it names, interpolated linearly between its points.
//
// Demand in activity is N_a(y) times the activity per procedure, summed per product. Capacity per
// product is Σ capacity/week · weeks/year · share over the facilities operating in year y (start ≤ y
// ≤ end). The gap is capacity − demand: negative is a shortfall. Resources are procedures times the
// per-procedure room-days, staff hours and hotlab hours, divided by what one room, one FTE and one
// hotlab give in a year.
//
// Uncertainty: growth parameters may carry a band (uniform or triangular). Run draws every banded
// parameter once per Monte Carlo run with math/rand/v2's PCG seeded from the seed, in scenario
// order, and reports the 10th, 50th and 90th percentiles per year (linear interpolation between
// order statistics) beside the central projection from the parameters' values.
//
// Every default of DefaultScenario carries its source (see the data README of the project) or the
// word "assumption". The formats are documented in docs/forecast.md with JSON Schemas.
package forecast
