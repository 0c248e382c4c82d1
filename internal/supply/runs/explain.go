package runs

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"time"

	"kern/internal/alloc"
)

// Kinds of reason a patient dose is not served, as the pages say them in the reader's language
// (the engine's English sentence is kept in Reason).
const (
	ReasonDeferred    = "deferred"    // the engine deferred it after the doses ahead of it; FairPct is the fair share it would have had
	ReasonNoRoute     = "no_route"    // no route from any site holding the nuclide
	ReasonTooLate     = "too_late"    // routes exist, but no lot arrives by calibration
	ReasonShelfLife   = "shelf_life"  // lots arrive in time, but past their shelf life
	ReasonUnreachable = "unreachable" // no lot can reach it, cause not told apart
)

var fairShare = regexp.MustCompile(`fair share would have filled it to ([0-9.]+)%`)

// reach answers which lots can reach a hospital in time, from the situation's routes and shelf lives.
type reach struct {
	transit map[[2]int64]float64 // facility, org → hours
	shelf   map[string]float64   // nuclide → hours (0: none)
	lots    map[string][]lotInfo // nuclide → lots, by instant
}

func newReach(s Situation, x *index) *reach {
	r := &reach{transit: map[[2]int64]float64{}, shelf: map[string]float64{}, lots: map[string][]lotInfo{}}
	for _, rt := range s.Routes {
		r.transit[[2]int64{rt.FacilityID, rt.OrgID}] = rt.TransitHours
	}
	for _, p := range s.Products {
		if p.ShelfLifeHours > r.shelf[p.Nuclide] {
			r.shelf[p.Nuclide] = p.ShelfLifeHours
		}
	}
	for _, l := range lots(s, x) {
		if l.ActivityBq > 0 {
			r.lots[l.Nuclide] = append(r.lots[l.Nuclide], l)
		}
	}
	return r
}

// kind tells apart why no lot reaches a demand, and lists the lots that do reach it.
func (r *reach) kind(nuc string, d Demand) (string, []lotInfo) {
	latest := d.CalibrationAt
	if d.WindowEnd != nil && d.WindowEnd.After(latest) {
		latest = *d.WindowEnd
	}
	routed, inTime := false, false
	var ok []lotInfo
	for _, l := range r.lots[nuc] {
		tr, has := r.transit[[2]int64{l.FacilityID, d.OrgID}]
		if !has {
			continue
		}
		routed = true
		if l.At.Add(time.Duration(tr * float64(time.Hour))).After(latest) {
			continue
		}
		inTime = true
		if sh := r.shelf[nuc]; sh > 0 && d.CalibrationAt.Sub(l.At).Hours() > sh+1e-9 {
			continue
		}
		ok = append(ok, l)
	}
	switch {
	case len(ok) > 0:
		return ReasonUnreachable, ok
	case !routed:
		return ReasonNoRoute, nil
	case !inTime:
		return ReasonTooLate, nil
	default:
		return ReasonShelfLife, nil
	}
}

// classify reads the engine's reason for a dose not served whole into a kind and the fair share.
func classify(reason string, noSupply bool, r *reach, nuc string, d Demand) (string, float64) {
	if !noSupply {
		if m := fairShare.FindStringSubmatch(reason); m != nil {
			f, _ := strconv.ParseFloat(m[1], 64)
			return ReasonDeferred, f
		}
		return ReasonDeferred, -1
	}
	k, _ := r.kind(nuc, d)
	return k, 0
}

// keepBottleneck reports whether an engine bottleneck concerns the horizon: some horizon demand of
// its nuclide and (engine) class at one of its hospitals is filled at the bottleneck's ratio. A
// bottleneck of the lead-in's demand alone is not the run's.
func horizonRatios(s Situation, plan alloc.Plan) map[string][]float64 {
	at := make(map[string]time.Time, len(s.Demands))
	for _, d := range s.Demands {
		at[d.Key] = d.CalibrationAt
	}
	out := map[string][]float64{}
	for _, dp := range plan.Demands {
		t, ok := at[demandKey(dp.ID)]
		if !ok || t.Before(s.StartsAt) {
			continue
		}
		k := dp.Nuclide + "|" + strconv.Itoa(dp.Priority) + "|" + dp.Hospital
		out[k] = append(out[k], dp.FillRatio)
	}
	return out
}

func keepBottleneck(b alloc.Bottleneck, ratios map[string][]float64) bool {
	for _, h := range b.Hospitals {
		for _, fr := range ratios[b.Nuclide+"|"+strconv.Itoa(b.Priority)+"|"+h] {
			if fr-b.FillRatio < 1e-6 && b.FillRatio-fr < 1e-6 {
				return true
			}
		}
	}
	return false
}

// deferredBottlenecks explains the deferred patient doses per nuclide and class: the engine names
// no bottleneck for them (doses are deferred after the fair fill), so the run says how many, at
// which hospitals, and which lots could have reached them in time.
func deferredBottlenecks(s Situation, x *index, r *reach, deferred []DeferredDose) []BottleneckNamed {
	type key struct {
		nuc string
		pr  int
	}
	byKey := map[key]*BottleneckNamed{}
	var order []key
	demand := make(map[string]Demand, len(s.Demands))
	for _, d := range s.Demands {
		demand[d.Key] = d
	}
	seenH := map[key]map[int64]bool{}
	seenL := map[key]map[string]bool{}
	for _, dd := range deferred {
		k := key{dd.Nuclide, dd.Priority}
		b := byKey[k]
		if b == nil {
			b = &BottleneckNamed{Kind: BottleneckDeferred, Priority: dd.Priority, Nuclide: dd.Nuclide, Lots: []LotRef{}, Hospitals: []HospitalRef{}}
			byKey[k], seenH[k], seenL[k] = b, map[int64]bool{}, map[string]bool{}
			order = append(order, k)
		}
		b.Demands++
		if dd.NoSupply {
			b.NoSupply++
		}
		if !seenH[k][dd.OrgID] {
			seenH[k][dd.OrgID] = true
			b.Hospitals = append(b.Hospitals, HospitalRef{OrgID: dd.OrgID, Name: dd.Hospital})
		}
		if dd.NoSupply {
			continue
		}
		_, ok := r.kind(dd.Nuclide, demand[dd.Key])
		for _, l := range ok {
			if !seenL[k][l.ID] {
				seenL[k][l.ID] = true
				b.Lots = append(b.Lots, lotRef(l.ID, x))
			}
		}
	}
	out := make([]BottleneckNamed, 0, len(order))
	for _, k := range order {
		b := byKey[k]
		sort.Slice(b.Lots, func(i, j int) bool { return b.Lots[i].At.Before(b.Lots[j].At) })
		names := make([]string, len(b.Lots))
		for i, l := range b.Lots {
			names[i] = l.Label()
		}
		b.Explanation = fmt.Sprintf("Priority %d %s: %d indivisible dose(s) at %s are deferred or unserved; "+
			"the lots that can reach them in time cannot serve them whole: %s.", k.pr, k.nuc, b.Demands, b.HospitalNames(),
			listWords(names, 6))
		if len(names) == 0 {
			b.Explanation = fmt.Sprintf("Priority %d %s: %d indivisible dose(s) at %s are unserved: no lot can reach them in time.",
				k.pr, k.nuc, b.Demands, b.HospitalNames())
		}
		out = append(out, *b)
	}
	return out
}
