package runs

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"kern/internal/alloc"
	"kern/internal/web"
)

// Result is the summary of a solved run that pages, the API and the scenario comparison read. It
// is stored with the run as JSON.
type Result struct {
	Classes     []ClassFill       `json:"classes"`
	Fills       []Fill            `json:"fills"` // per hospital, product and class
	Days        []NuclideDay      `json:"days"`  // supply against demand per nuclide and day
	Deferred    []DeferredDose    `json:"deferred"`
	Bottlenecks []BottleneckNamed `json:"bottlenecks"`
	LotUse      []LotUse          `json:"lot_use"` // per facility and product
	Warnings    []WarningNamed    `json:"warnings"`
	// Tiles.
	Class1Fill     float64 `json:"class1_fill"`     // filled / requested of class 1 (1 without class-1 demand)
	MinFill        float64 `json:"min_fill"`        // the lowest fill ratio of any demand (1 without demand)
	MinFillClass1  float64 `json:"min_fill_class1"` // the lowest class-1 fill ratio (1 without class-1 demand)
	DeferredDoses  int     `json:"deferred_doses"`
	Hospitals      int     `json:"hospitals"`       // with demand
	HospitalsShort int     `json:"hospitals_short"` // with any demand not filled whole
}

// ClassFill sums one priority class.
type ClassFill struct {
	Priority     int     `json:"priority"`
	Demands      int     `json:"demands"`
	RequestedBq  float64 `json:"requested_bq"`
	FilledBq     float64 `json:"filled_bq"`
	UnmetBq      float64 `json:"unmet_bq"`
	MinFillRatio float64 `json:"min_fill_ratio"`
	Deferred     int     `json:"deferred"`
	Unreachable  int     `json:"unreachable"`
}

// Ratio is filled over requested (1 when nothing was requested).
func (c ClassFill) Ratio() float64 { return ratio(c.FilledBq, c.RequestedBq) }

// Fill is one hospital's fill of one product in one class.
type Fill struct {
	OrgID         int64   `json:"org_id"`
	Hospital      string  `json:"hospital"`
	ProductID     int64   `json:"product_id"`
	Product       string  `json:"product"`
	Facility      string  `json:"facility"`
	FacilityOrgID int64   `json:"facility_org_id"` // the producer
	Nuclide       string  `json:"nuclide"`
	Priority      int     `json:"priority"`
	Demands       int     `json:"demands"`
	RequestedBq   float64 `json:"requested_bq"`
	FilledBq      float64 `json:"filled_bq"`
	MinFillRatio  float64 `json:"min_fill_ratio"`
	DeferredDoses int     `json:"deferred_doses"`
}

// Ratio is filled over requested.
func (f Fill) Ratio() float64 { return ratio(f.FilledBq, f.RequestedBq) }

// Short reports whether any demand of the row is not filled whole.
func (f Fill) Short() bool { return f.MinFillRatio < 1-1e-6 }

// NuclideDay is supply against demand of one nuclide on one day (Amsterdam).
type NuclideDay struct {
	Nuclide     string  `json:"nuclide"`
	Date        string  `json:"date"`         // 2006-01-02
	SupplyBq    float64 `json:"supply_bq"`    // lots available that day, after outages, at their instant
	NominalBq   float64 `json:"nominal_bq"`   // the same before outages
	RequestedBq float64 `json:"requested_bq"` // demands calibrated that day, at calibration
	FilledBq    float64 `json:"filled_bq"`
	Class1Req   float64 `json:"class1_requested_bq"`
	Class1Fill  float64 `json:"class1_filled_bq"`
}

// DeferredDose is a patient dose (an indivisible demand) the run does not serve whole: the engine
// deferred it, or no lot can reach it at all (NoSupply).
type DeferredDose struct {
	Key        string    `json:"key"`
	OrgID      int64     `json:"org_id"`
	Hospital   string    `json:"hospital"`
	ProductID  int64     `json:"product_id"`
	Product    string    `json:"product"`
	Nuclide    string    `json:"nuclide"`
	At         time.Time `json:"at"`
	Priority   int       `json:"priority"`
	ActivityBq float64   `json:"activity_bq"`
	Reason     string    `json:"reason"`              // the engine's, in English, with names for ids
	NoSupply   bool      `json:"no_supply,omitempty"` // not deferred by the engine: no lot can reach it in time
	// Kind is why, for the pages: ReasonDeferred (FairPct is the fair share in percent it would
	// have had, -1 when unknown), ReasonNoRoute, ReasonTooLate, ReasonShelfLife, ReasonUnreachable.
	Kind    string  `json:"kind,omitempty"`
	FairPct float64 `json:"fair_pct,omitempty"`
}

// LotRef is a lot named by where it comes from.
type LotRef struct {
	ID         string    `json:"id"`
	FacilityID int64     `json:"facility_id"`
	Facility   string    `json:"facility"`
	ProductID  int64     `json:"product_id"`
	Product    string    `json:"product"`
	At         time.Time `json:"at"`
}

// HospitalRef is a hospital named.
type HospitalRef struct {
	OrgID int64  `json:"org_id"`
	Name  string `json:"name"`
}

// BottleneckDeferred marks a bottleneck the run derives from its deferred patient doses.
const BottleneckDeferred = "deferred_doses"

// BottleneckNamed is the engine's bottleneck with its lots and hospitals named; or, with Kind
// BottleneckDeferred, the deferred patient doses of one nuclide and class (Demands doses, NoSupply
// of them reached by no lot) and the lots that could have reached them in time.
type BottleneckNamed struct {
	Kind        string        `json:"kind,omitempty"`
	NoSupply    int           `json:"no_supply,omitempty"`
	Priority    int           `json:"priority"`
	Floor       bool          `json:"floor,omitempty"` // the guaranteed floor of the floor policy
	Nuclide     string        `json:"nuclide"`
	FillRatio   float64       `json:"fill_ratio"`
	Demands     int           `json:"demands"`
	Lots        []LotRef      `json:"lots"`
	Hospitals   []HospitalRef `json:"hospitals"`
	Explanation string        `json:"explanation"` // the engine's, with names for ids
}

// LotUse is how much of a facility's product the run uses.
type LotUse struct {
	FacilityID int64   `json:"facility_id"`
	Facility   string  `json:"facility"`
	ProductID  int64   `json:"product_id"`
	Product    string  `json:"product"`
	Nuclide    string  `json:"nuclide"`
	Lots       int     `json:"lots"`
	NominalBq  float64 `json:"nominal_bq"`  // before outages
	ActivityBq float64 `json:"activity_bq"` // after outages
	UsedBq     float64 `json:"used_bq"`
	LeftBq     float64 `json:"left_bq"`
}

// UsedRatio is used over available.
func (l LotUse) UsedRatio() float64 { return ratio(l.UsedBq, l.ActivityBq) }

// WarningNamed is a demand the run could not serve as asked.
type WarningNamed struct {
	Key      string `json:"key"`
	OrgID    int64  `json:"org_id"`
	Hospital string `json:"hospital"`
	Product  string `json:"product"`
	Message  string `json:"message"`
}

func ratio(a, b float64) float64 {
	if b <= 0 {
		return 1
	}
	return a / b
}

// merged is one situation demand with its plan, floor parts added back together.
type merged struct {
	d         Demand
	filled    float64
	deferred  bool
	noSupply  bool // a patient dose not served whole that the engine did not defer
	reason    string
	reachable bool
	seen      bool
}

// Summarize reads a plan back in the situation's terms. It is pure.
func Summarize(s Situation, pol Policy, plan alloc.Plan) Result {
	x := newIndex(s)
	res := Result{Classes: []ClassFill{}, Fills: []Fill{}, Days: []NuclideDay{}, Deferred: []DeferredDose{},
		Bottlenecks: []BottleneckNamed{}, LotUse: []LotUse{}, Warnings: []WarningNamed{}}
	byKey := make(map[string]*merged, len(s.Demands))
	ms := make([]merged, len(s.Demands))
	for i, d := range s.Demands {
		ms[i] = merged{d: d}
		byKey[d.Key] = &ms[i]
	}
	for _, dp := range plan.Demands {
		m := byKey[demandKey(dp.ID)]
		if m == nil {
			continue
		}
		m.seen = true
		m.filled += dp.FilledBq
		if dp.Deferred {
			m.deferred = true
		}
		if dp.Reason != "" && m.reason == "" {
			m.reason = dp.Reason
		}
	}
	unreachable := map[string]bool{}
	for _, w := range plan.Warnings {
		unreachable[demandKey(w.Demand)] = true
		if m := byKey[demandKey(w.Demand)]; m != nil && m.reason == "" {
			m.reason = w.Message
		}
	}
	names := namer(s, x)
	rc := newReach(s, x)

	// Classes, fills, days, deferred doses.
	classes := map[int]*ClassFill{}
	type fk struct {
		org, product int64
		priority     int
	}
	fills := map[fk]*Fill{}
	type dk struct{ nuc, date string }
	days := map[dk]*NuclideDay{}
	day := func(nuc string, at time.Time) *NuclideDay {
		k := dk{nuc, at.In(web.Amsterdam).Format("2006-01-02")}
		if days[k] == nil {
			days[k] = &NuclideDay{Nuclide: nuc, Date: k.date}
		}
		return days[k]
	}
	res.MinFill, res.MinFillClass1 = 1, 1
	short := map[int64]bool{}
	hospitals := map[int64]bool{}
	for i := range ms {
		m := &ms[i]
		d := m.d
		if d.CalibrationAt.Before(s.StartsAt) {
			continue // the lead-in's demand
		}
		p := x.products[d.ProductID]
		fr := ratio(m.filled, d.ActivityBq)
		if fr > 1 {
			fr = 1
		}
		hospitals[d.OrgID] = true
		if fr < 1-1e-6 {
			short[d.OrgID] = true
			// A patient's dose not served whole is deferred for the patient, whether the engine
			// deferred it or no lot could reach it at all.
			if !d.Divisible {
				m.noSupply = !m.deferred
				m.deferred = true
			}
		}
		res.MinFill = min(res.MinFill, fr)
		c := classes[d.Priority]
		if c == nil {
			c = &ClassFill{Priority: d.Priority, MinFillRatio: 1}
			classes[d.Priority] = c
		}
		c.Demands++
		c.RequestedBq += d.ActivityBq
		c.FilledBq += m.filled
		c.MinFillRatio = min(c.MinFillRatio, fr)
		if m.deferred {
			c.Deferred++
		}
		if unreachable[d.Key] {
			c.Unreachable++
		}
		if d.Priority == 1 {
			res.MinFillClass1 = min(res.MinFillClass1, fr)
		}
		k := fk{d.OrgID, d.ProductID, d.Priority}
		f := fills[k]
		if f == nil {
			fac := x.facilities[p.FacilityID]
			f = &Fill{OrgID: d.OrgID, Hospital: x.hospitals[d.OrgID].Name, ProductID: d.ProductID, Product: p.Name,
				Facility: fac.Name, FacilityOrgID: fac.OrgID, Nuclide: p.Nuclide, Priority: d.Priority, MinFillRatio: 1}
			fills[k] = f
		}
		f.Demands++
		f.RequestedBq += d.ActivityBq
		f.FilledBq += m.filled
		f.MinFillRatio = min(f.MinFillRatio, fr)
		nd := day(p.Nuclide, d.CalibrationAt)
		nd.RequestedBq += d.ActivityBq
		nd.FilledBq += m.filled
		if d.Priority == 1 {
			nd.Class1Req += d.ActivityBq
			nd.Class1Fill += m.filled
		}
		if m.deferred {
			f.DeferredDoses++
			res.DeferredDoses++
			kind, fair := classify(m.reason, m.noSupply, rc, p.Nuclide, d)
			res.Deferred = append(res.Deferred, DeferredDose{Key: d.Key, OrgID: d.OrgID, Hospital: x.hospitals[d.OrgID].Name,
				ProductID: d.ProductID, Product: p.Name, Nuclide: p.Nuclide, At: d.CalibrationAt, Priority: d.Priority,
				ActivityBq: d.ActivityBq, Reason: names(m.reason), NoSupply: m.noSupply, Kind: kind, FairPct: fair})
		}
	}
	for _, c := range classes {
		c.UnmetBq = max(c.RequestedBq-c.FilledBq, 0)
		res.Classes = append(res.Classes, *c)
	}
	sort.Slice(res.Classes, func(i, j int) bool { return res.Classes[i].Priority < res.Classes[j].Priority })
	res.Class1Fill = 1
	if c := classes[1]; c != nil {
		res.Class1Fill = min(c.Ratio(), 1)
	}
	res.Hospitals, res.HospitalsShort = len(hospitals), len(short)
	for _, f := range fills {
		res.Fills = append(res.Fills, *f)
	}
	sort.Slice(res.Fills, func(i, j int) bool {
		a, b := res.Fills[i], res.Fills[j]
		if a.Hospital != b.Hospital {
			return a.Hospital < b.Hospital
		}
		if a.OrgID != b.OrgID {
			return a.OrgID < b.OrgID
		}
		if a.Product != b.Product {
			return a.Product < b.Product
		}
		if a.ProductID != b.ProductID {
			return a.ProductID < b.ProductID
		}
		return a.Priority < b.Priority
	})
	sort.SliceStable(res.Deferred, func(i, j int) bool {
		a, b := res.Deferred[i], res.Deferred[j]
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		return a.Key < b.Key
	})

	// Supply per day, lot use.
	used := map[string]alloc.LotUse{}
	for _, l := range plan.Lots {
		used[l.ID] = l
	}
	type pk struct{ facility, product int64 }
	uses := map[pk]*LotUse{}
	for _, l := range lots(s, x) {
		if l.At.Before(s.StartsAt) {
			continue // the lead-in's production
		}
		nd := day(l.Nuclide, l.At)
		nd.SupplyBq += l.ActivityBq
		nd.NominalBq += l.NominalBq
		k := pk{l.FacilityID, l.ProductID}
		u := uses[k]
		if u == nil {
			u = &LotUse{FacilityID: l.FacilityID, Facility: x.facilities[l.FacilityID].Name, ProductID: l.ProductID,
				Product: x.products[l.ProductID].Name, Nuclide: l.Nuclide}
			uses[k] = u
		}
		u.Lots++
		u.NominalBq += l.NominalBq
		u.ActivityBq += l.ActivityBq
		if lu, ok := used[l.ID]; ok {
			u.UsedBq += lu.UsedBq
		}
	}
	for _, u := range uses {
		u.LeftBq = max(u.ActivityBq-u.UsedBq, 0)
		res.LotUse = append(res.LotUse, *u)
	}
	sort.Slice(res.LotUse, func(i, j int) bool {
		a, b := res.LotUse[i], res.LotUse[j]
		if a.Facility != b.Facility {
			return a.Facility < b.Facility
		}
		return a.ProductID < b.ProductID
	})
	for _, nd := range days {
		res.Days = append(res.Days, *nd)
	}
	sort.Slice(res.Days, func(i, j int) bool {
		if res.Days[i].Nuclide != res.Days[j].Nuclide {
			return res.Days[i].Nuclide < res.Days[j].Nuclide
		}
		return res.Days[i].Date < res.Days[j].Date
	})

	// Bottlenecks and warnings. A bottleneck of the lead-in's demand alone is not the run's.
	hr := horizonRatios(s, plan)
	for _, b := range plan.Bottlenecks {
		if !keepBottleneck(b, hr) {
			continue
		}
		nb := BottleneckNamed{Priority: b.Priority, Nuclide: b.Nuclide, FillRatio: b.FillRatio, Demands: b.Demands,
			Lots: []LotRef{}, Hospitals: []HospitalRef{}, Explanation: names(b.Explanation)}
		if pol.Kind == PolicyFloor {
			// The floor is class 1 of the problem; every class is one lower than in the problem.
			if b.Priority == 1 {
				nb.Floor = true
			} else {
				nb.Priority = b.Priority - 1
			}
		}
		for _, id := range b.Lots {
			nb.Lots = append(nb.Lots, lotRef(id, x))
		}
		for _, h := range b.Hospitals {
			org := idOf(h)
			nb.Hospitals = append(nb.Hospitals, HospitalRef{OrgID: org, Name: x.hospitals[org].Name})
		}
		res.Bottlenecks = append(res.Bottlenecks, nb)
	}
	// The engine names no bottleneck for deferred patient doses: the run explains them itself.
	res.Bottlenecks = append(res.Bottlenecks, deferredBottlenecks(s, x, rc, res.Deferred)...)
	sort.SliceStable(res.Bottlenecks, func(i, j int) bool {
		a, b := res.Bottlenecks[i], res.Bottlenecks[j]
		if (a.Kind == BottleneckDeferred) != (b.Kind == BottleneckDeferred) && a.Priority == b.Priority && !a.Floor && !b.Floor {
			return a.Kind == BottleneckDeferred
		}
		if a.Floor != b.Floor {
			return a.Floor
		}
		if a.Priority != b.Priority {
			return a.Priority < b.Priority
		}
		return a.FillRatio < b.FillRatio
	})
	seenWarning := map[string]bool{}
	for _, w := range plan.Warnings {
		key := demandKey(w.Demand)
		m := byKey[key]
		if m == nil || seenWarning[key] {
			continue
		}
		seenWarning[key] = true
		res.Warnings = append(res.Warnings, WarningNamed{Key: key, OrgID: m.d.OrgID, Hospital: x.hospitals[m.d.OrgID].Name,
			Product: x.products[m.d.ProductID].Name, Message: names(w.Message)})
	}
	return res
}

func idOf(s string) int64 {
	id, _ := strconv.ParseInt(strings.TrimLeft(s, "hfp"), 10, 64)
	return id
}

// lotRef names a lot id "p12-20261123T0500Z".
func lotRef(id string, x *index) LotRef {
	ref := LotRef{ID: id}
	rest, stamp, ok := strings.Cut(strings.TrimPrefix(id, "p"), "-")
	if !ok {
		return ref
	}
	ref.ProductID, _ = strconv.ParseInt(rest, 10, 64)
	ref.At, _ = time.Parse("20060102T1504Z", stamp)
	p := x.products[ref.ProductID]
	ref.Product, ref.FacilityID = p.Name, p.FacilityID
	ref.Facility = x.facilities[p.FacilityID].Name
	return ref
}

// Label is "HFR Petten Mo-99 bulk 23-11 06:00".
func (l LotRef) Label() string {
	return strings.TrimSpace(l.Facility+" "+l.Product) + " " + l.At.In(web.Amsterdam).Format("02-01 15:04")
}

var idPattern = regexp.MustCompile(`\b(p\d+-\d{8}T\d{4}Z|[hf]\d+)\b`)

// namer replaces the engine's ids in a text with names.
func namer(s Situation, x *index) func(string) string {
	return func(text string) string {
		return idPattern.ReplaceAllStringFunc(text, func(id string) string {
			switch {
			case strings.HasPrefix(id, "p"):
				return lotRef(id, x).Label()
			case strings.HasPrefix(id, "h"):
				if h, ok := x.hospitals[idOf(id)]; ok {
					return h.Name
				}
			case strings.HasPrefix(id, "f"):
				if f, ok := x.facilities[idOf(id)]; ok {
					return f.Name
				}
			}
			return id
		})
	}
}
