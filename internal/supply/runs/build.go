package runs

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"kern/internal/alloc"
	"kern/internal/web"
)

// lotInfo is a lot of the problem with what it came from.
type lotInfo struct {
	ID         string
	FacilityID int64
	ProductID  int64
	Nuclide    string
	At         time.Time
	NominalBq  float64 // the runs' activity before outages
	ActivityBq float64 // after outages and feeds
	Reduction  float64 // 0–1
}

func siteOf(facilityID int64) string { return "f" + strconv.FormatInt(facilityID, 10) }
func hospitalOf(orgID int64) string  { return "h" + strconv.FormatInt(orgID, 10) }

// lotID names a lot by its product and instant: "p12-20261123T0500Z".
func lotID(productID int64, at time.Time) string {
	return "p" + strconv.FormatInt(productID, 10) + "-" + at.UTC().Format("20060102T1504Z")
}

// index holds a situation's lookups.
type index struct {
	facilities map[int64]Facility
	products   map[int64]Product
	hospitals  map[int64]Hospital
	outages    map[int64][]Outage
	feeds      map[int64][]Feed
}

func newIndex(s Situation) *index {
	x := &index{facilities: map[int64]Facility{}, products: map[int64]Product{}, hospitals: map[int64]Hospital{},
		outages: map[int64][]Outage{}, feeds: map[int64][]Feed{}}
	for _, f := range s.Facilities {
		x.facilities[f.ID] = f
	}
	for _, p := range s.Products {
		x.products[p.ID] = p
	}
	for _, h := range s.Hospitals {
		x.hospitals[h.OrgID] = h
	}
	for _, o := range s.Outages {
		x.outages[o.FacilityID] = append(x.outages[o.FacilityID], o)
	}
	for _, f := range s.Feeds {
		x.feeds[f.FacilityID] = append(x.feeds[f.FacilityID], f)
	}
	return x
}

// reduction is the share (0–1) of a facility's production at an instant lost to outages: the
// largest reduction of its own outages at that instant plus, for each upstream facility it is fed
// by, share × that facility's effective reduction. Upstream only unplanned and scenario outages
// count (a planned stop upstream is already in the downstream schedules), transitively; a cycle
// of feeds is cut where it closes. The total is capped at 100 %.
func (x *index) reduction(facilityID int64, at time.Time) float64 {
	return x.reduce(facilityID, at, false, map[int64]bool{})
}

func (x *index) reduce(facilityID int64, at time.Time, upstream bool, seen map[int64]bool) float64 {
	if seen[facilityID] {
		return 0
	}
	seen[facilityID] = true
	defer delete(seen, facilityID)
	own := 0
	for _, o := range x.outages[facilityID] {
		if upstream && o.Planned && !o.Scenario {
			continue
		}
		if !at.Before(o.StartsAt) && at.Before(o.EndsAt) && o.ReductionPct > own {
			own = o.ReductionPct
		}
	}
	r := float64(own) / 100
	for _, f := range x.feeds[facilityID] {
		if f.Share <= 0 {
			continue
		}
		r += math.Min(f.Share, 1) * x.reduce(f.UpstreamID, at, true, seen)
	}
	return math.Min(math.Max(r, 0), 1)
}

// lots are the production runs of the products with demand in the situation, reduced by outages
// and feeds; runs of one product at one instant are one lot. Ordered by instant, then product.
func lots(s Situation, x *index) []lotInfo {
	demanded := map[int64]bool{}
	for _, d := range s.Demands {
		demanded[d.ProductID] = true
	}
	byKey := map[string]int{}
	var out []lotInfo
	for _, r := range s.Runs {
		p, ok := x.products[r.ProductID]
		if !ok || !demanded[r.ProductID] || !(r.ActivityBq > 0) {
			continue
		}
		id := lotID(r.ProductID, r.At)
		if i, ok := byKey[id]; ok {
			out[i].NominalBq += r.ActivityBq
			continue
		}
		byKey[id] = len(out)
		out = append(out, lotInfo{ID: id, FacilityID: p.FacilityID, ProductID: p.ID, Nuclide: p.Nuclide, At: r.At.UTC(), NominalBq: r.ActivityBq})
	}
	for i := range out {
		out[i].Reduction = x.reduction(out[i].FacilityID, out[i].At)
		out[i].ActivityBq = out[i].NominalBq * (1 - out[i].Reduction)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.Before(out[j].At)
		}
		return out[i].ProductID < out[j].ProductID
	})
	return out
}

// part suffixes of a demand split by the floor policy.
const (
	floorSuffix = "#floor"
	restSuffix  = "#rest"
)

// demandKey is the situation's key of an engine demand id (a floor policy splits one in two).
func demandKey(id string) string {
	if i := strings.IndexByte(id, '#'); i >= 0 {
		return id[:i]
	}
	return id
}

// weekOf is the week of the horizon an instant falls in (0 for the first seven days, −1 for the
// seven before).
func weekOf(s Situation, at time.Time) int {
	// Floor division, so the lead-in's week is week −1 rather than part of the first.
	return int(math.Floor(float64(at.Sub(s.StartsAt)) / float64(7*24*time.Hour)))
}

// floorRatios is, for each demand the floor applies to, the share of it guaranteed: the hospital's
// weekly floor (FloorPct of what it ordered of the nuclide that week, at least FloorWeeklyBq, never
// more than it ordered) spread over its divisible demands of the nuclide that week in proportion.
func floorRatios(s Situation, pol Policy, x *index) map[string]float64 {
	if pol.Kind != PolicyFloor {
		return nil
	}
	type hw struct {
		org  int64
		nuc  string
		week int
	}
	ordered := map[hw]float64{}
	for _, d := range s.Demands {
		p, ok := x.products[d.ProductID]
		if !ok || !d.Divisible || !pol.floors(p.Nuclide) {
			continue
		}
		ordered[hw{d.OrgID, p.Nuclide, weekOf(s, d.CalibrationAt)}] += d.ActivityBq
	}
	out := map[string]float64{}
	for _, d := range s.Demands {
		p, ok := x.products[d.ProductID]
		if !ok || !d.Divisible || !pol.floors(p.Nuclide) {
			continue
		}
		total := ordered[hw{d.OrgID, p.Nuclide, weekOf(s, d.CalibrationAt)}]
		if total <= 0 {
			continue
		}
		floor := math.Min(math.Max(pol.FloorPct/100*total, pol.FloorWeeklyBq), total)
		out[d.Key] = floor / total
	}
	return out
}

// Build turns a situation into the engine's problem under a policy. It is pure. Lots are the
// production runs of the products with demand (upstream products matter only through feeds),
// at site "f<facility id>"; hospitals are "h<org id>"; a demand's id is its key (with "#floor"
// and "#rest" for the two parts of a demand the floor policy splits).
func Build(s Situation, pol Policy) (alloc.Problem, error) {
	if err := pol.Validate(); err != nil {
		return alloc.Problem{}, err
	}
	x := newIndex(s)
	prob := alloc.Problem{Lots: []alloc.Lot{}, Demands: []alloc.Demand{}, Routes: []alloc.Route{}}
	nuclides := map[string]bool{}
	for _, l := range lots(s, x) {
		if !(l.ActivityBq > 0) {
			continue
		}
		nuclides[l.Nuclide] = true
		prob.Lots = append(prob.Lots, alloc.Lot{ID: l.ID, Nuclide: l.Nuclide, ActivityBq: l.ActivityBq,
			AvailableAt: l.At.In(web.Amsterdam).Format(time.RFC3339), Site: siteOf(l.FacilityID)})
	}
	ratios := floorRatios(s, pol, x)
	for _, d := range s.Demands {
		p, ok := x.products[d.ProductID]
		if !ok {
			return alloc.Problem{}, fmt.Errorf("demand %s: product %d is not in the situation", d.Key, d.ProductID)
		}
		nuclides[p.Nuclide] = true
		base := alloc.Demand{ID: d.Key, Hospital: hospitalOf(d.OrgID), Nuclide: p.Nuclide, ActivityBq: d.ActivityBq,
			CalibrationAt: d.CalibrationAt.In(web.Amsterdam).Format(time.RFC3339), Priority: d.Priority, Divisible: d.Divisible}
		if d.WindowEnd != nil {
			base.WindowEnd = d.WindowEnd.In(web.Amsterdam).Format(time.RFC3339)
		}
		if pol.Kind != PolicyFloor {
			prob.Demands = append(prob.Demands, base)
			continue
		}
		ratio, split := ratios[d.Key]
		if !split {
			base.Priority = d.Priority + 1
			prob.Demands = append(prob.Demands, base)
			continue
		}
		floor := d.ActivityBq * ratio
		if floor > 0 {
			f := base
			f.ID, f.Priority, f.ActivityBq = d.Key+floorSuffix, 1, floor
			prob.Demands = append(prob.Demands, f)
		}
		if rest := d.ActivityBq - floor; rest > d.ActivityBq*1e-9 {
			r := base
			r.ID, r.Priority, r.ActivityBq = d.Key+restSuffix, d.Priority+1, rest
			prob.Demands = append(prob.Demands, r)
		}
	}
	for _, r := range s.Routes {
		prob.Routes = append(prob.Routes, alloc.Route{From: siteOf(r.FacilityID), To: hospitalOf(r.OrgID), TransitHours: r.TransitHours})
	}
	longest := map[string]float64{}
	for _, p := range s.Products {
		if nuclides[p.Nuclide] && p.ShelfLifeHours > longest[p.Nuclide] {
			longest[p.Nuclide] = p.ShelfLifeHours
		}
	}
	names := make([]string, 0, len(longest))
	for n := range longest {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		prob.ShelfLives = append(prob.ShelfLives, alloc.ShelfLife{Nuclide: n, Hours: longest[n]})
	}
	return prob, nil
}
