package scenarios

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"kern/internal/nuclide"
	"kern/internal/org"
	"kern/internal/supply/runs"
)

// Apply returns a copy of sit with the changes made, in order; sit itself is never changed.
//
//   - An outage adds a runs.Outage{Scenario: true} to the facility, or to every facility of the
//     site, so runs.Build reduces its runs and, through the feeds, those of the facilities it
//     feeds.
//   - A demand change multiplies the activity of every demand for the nuclide or product (of a
//     hospital in the region, calibrated in the period, when those are given) by the factor;
//     factor 0 removes those demands. Two changes on the same demand multiply.
//   - A transport disruption lengthens (or, closed, removes) the routes from the facility, site
//     or country (to hospitals in the region, when given). A situation has one transit time per
//     facility–hospital pair for the whole horizon, so a disruption whose period overlaps the
//     horizon acts on the whole horizon; one outside it does nothing.
//
// A change that names nothing in the situation (a facility that has no runs in it) does nothing.
// Changes that are not valid (see Input.Validate) are refused with the field named.
func Apply(sit runs.Situation, changes []Change) (runs.Situation, error) {
	cs := slices.Clone(changes)
	if err := ValidateChanges(cs, nil); err != nil {
		return runs.Situation{}, err
	}
	out := clone(sit)
	facilities := map[int64]runs.Facility{}
	for _, f := range out.Facilities {
		facilities[f.ID] = f
	}
	products := map[int64]runs.Product{}
	for _, p := range out.Products {
		products[p.ID] = p
	}
	hospitals := map[int64]runs.Hospital{}
	for _, h := range out.Hospitals {
		hospitals[h.OrgID] = h
	}
	from := func(c Change, f runs.Facility) bool {
		switch {
		case c.FacilityID != 0:
			return f.ID == c.FacilityID
		case c.Site != "":
			return org.Fold(strings.TrimSpace(f.Site)) == org.Fold(c.Site)
		case c.Country != "":
			return strings.EqualFold(f.Country, c.Country)
		}
		return false
	}
	for i, c := range cs {
		switch c.Kind {
		case KindOutage:
			for _, f := range out.Facilities {
				if from(c, f) {
					out.Outages = append(out.Outages, runs.Outage{FacilityID: f.ID, StartsAt: *c.StartsAt, EndsAt: *c.EndsAt,
						ReductionPct: c.ReductionPct, Reason: fmt.Sprintf("scenario: change %d", i+1), Scenario: true})
				}
			}
		case KindDemand:
			kept := out.Demands[:0]
			for _, d := range out.Demands {
				if demandMatches(c, d, products, hospitals) {
					if *c.Factor == 0 {
						continue
					}
					d.ActivityBq *= *c.Factor
				}
				kept = append(kept, d)
			}
			out.Demands = kept
		case KindTransport:
			if !overlaps(c, out.StartsAt, out.StartsAt.AddDate(0, 0, out.Days)) {
				continue
			}
			kept := out.Routes[:0]
			for _, r := range out.Routes {
				f, okF := facilities[r.FacilityID]
				h, okH := hospitals[r.OrgID]
				if okF && from(c, f) && (c.Region == "" || okH && inRegion(c.Region, h.City, h.Country)) {
					if c.Closed {
						continue
					}
					r.TransitHours += c.ExtraHours
				}
				kept = append(kept, r)
			}
			out.Routes = kept
		}
	}
	return out, nil
}

func demandMatches(c Change, d runs.Demand, products map[int64]runs.Product, hospitals map[int64]runs.Hospital) bool {
	if c.ProductID != 0 && d.ProductID != c.ProductID {
		return false
	}
	if c.Nuclide != "" {
		p, ok := products[d.ProductID]
		if !ok || !sameNuclide(p.Nuclide, c.Nuclide) {
			return false
		}
	}
	if c.Region != "" {
		h, ok := hospitals[d.OrgID]
		if !ok || !inRegion(c.Region, h.City, h.Country) {
			return false
		}
	}
	if c.StartsAt != nil && d.CalibrationAt.Before(*c.StartsAt) {
		return false
	}
	if c.EndsAt != nil && !d.CalibrationAt.Before(*c.EndsAt) {
		return false
	}
	return true
}

func sameNuclide(a, b string) bool {
	if a == b {
		return true
	}
	na, errA := nuclide.Lookup(a)
	nb, errB := nuclide.Lookup(b)
	return errA == nil && errB == nil && na.Name == nb.Name
}

// overlaps reports whether the change's period meets [from, to).
func overlaps(c Change, from, to time.Time) bool {
	if c.StartsAt != nil && !c.StartsAt.Before(to) {
		return false
	}
	if c.EndsAt != nil && !c.EndsAt.After(from) {
		return false
	}
	return true
}

// clone copies every list of the situation, so changing the copy leaves the original alone.
func clone(s runs.Situation) runs.Situation {
	s.Facilities = slices.Clone(s.Facilities)
	s.Feeds = slices.Clone(s.Feeds)
	s.Products = slices.Clone(s.Products)
	s.Runs = slices.Clone(s.Runs)
	s.Outages = slices.Clone(s.Outages)
	s.Hospitals = slices.Clone(s.Hospitals)
	s.Demands = slices.Clone(s.Demands)
	for i := range s.Demands {
		if w := s.Demands[i].WindowEnd; w != nil {
			t := *w
			s.Demands[i].WindowEnd = &t
		}
	}
	s.Routes = slices.Clone(s.Routes)
	return s
}
