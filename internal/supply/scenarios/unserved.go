package scenarios

import (
	"sort"
	"time"

	"kern/internal/supply/runs"
)

// A patient dose (an indivisible demand) is served whole or not at all. The engine reports as
// deferred the doses it could have served in part; a dose that no supply can reach at all (when a
// scenario stops the only producer of a capsule) is unreachable to the engine. For the patient
// both are a dose deferred, so the comparison counts them together: the doses not served whole.

// UnservedDose is a patient dose a run does not serve whole.
type UnservedDose struct {
	OrgID      int64     `json:"org_id"`
	Hospital   string    `json:"hospital"`
	ProductID  int64     `json:"product_id"`
	Product    string    `json:"product"`
	Nuclide    string    `json:"nuclide"`
	At         time.Time `json:"at"`
	Priority   int       `json:"priority"`
	ActivityBq float64   `json:"activity_bq"`
	NoSupply   bool      `json:"no_supply,omitempty"` // no supply can reach it at all (not deferred by the engine)
	Reason     string    `json:"reason,omitempty"`    // the engine's reason for a deferral
}

// GBq is the dose's activity in GBq.
func (d UnservedDose) GBq() float64 { return GBq(d.ActivityBq) }

// Unserved is the patient doses not served whole in a scenario's run and in its baseline run,
// made when the scenario runs and stored with it.
type Unserved struct {
	Baseline []UnservedDose `json:"baseline"`
	Scenario []UnservedDose `json:"scenario"`
}

// unservedDoses lists the indivisible demands of a run that are not filled whole.
func unservedDoses(sit runs.Situation, outs []runs.DemandOutcome) []UnservedDose {
	hospitals := map[int64]string{}
	for _, h := range sit.Hospitals {
		hospitals[h.OrgID] = h.Name
	}
	products := map[int64]runs.Product{}
	for _, p := range sit.Products {
		products[p.ID] = p
	}
	out := []UnservedDose{}
	for _, o := range outs {
		if o.Divisible || o.RequestedBq <= 0 || o.FilledBq >= o.RequestedBq*(1-1e-6) {
			continue
		}
		p := products[o.ProductID]
		out = append(out, UnservedDose{OrgID: o.OrgID, Hospital: hospitals[o.OrgID], ProductID: o.ProductID, Product: p.Name,
			Nuclide: p.Nuclide, At: o.At, Priority: o.Priority, ActivityBq: o.RequestedBq, NoSupply: !o.Deferred, Reason: o.Reason})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Priority != b.Priority {
			return a.Priority < b.Priority
		}
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		return a.Hospital < b.Hospital
	})
	return out
}

// fromEngine is the engine's deferred doses as unserved doses, for a scenario run before the
// unserved doses were stored.
func fromEngine(ds []runs.DeferredDose) []UnservedDose {
	out := []UnservedDose{}
	for _, d := range ds {
		out = append(out, UnservedDose{OrgID: d.OrgID, Hospital: d.Hospital, ProductID: d.ProductID, Product: d.Product,
			Nuclide: d.Nuclide, At: d.At, Priority: d.Priority, ActivityBq: d.ActivityBq, Reason: d.Reason})
	}
	return out
}
