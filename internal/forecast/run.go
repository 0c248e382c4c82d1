package forecast

import (
	"math/rand/v2"
	"slices"
)

// Options are the Monte Carlo settings of a run.
type Options struct {
	Runs int    // Monte Carlo runs; 0 means DefaultRuns
	Seed uint64 // the same seed gives the same result
}

// DefaultRuns is the number of Monte Carlo runs when Options names none; MaxRuns bounds it.
const (
	DefaultRuns = 1000
	MaxRuns     = 100000
)

// Result is the outlook year by year, in its JSON wire form.
type Result struct {
	Scenario     string `json:"scenario,omitempty"`
	BaselineYear int    `json:"baseline_year"`
	EndYear      int    `json:"end_year"`
	Runs         int    `json:"runs"`
	Seed         uint64 `json:"seed"`
	Years        []Year `json:"years"`
}

// Year is one year of the outlook.
type Year struct {
	Year         int               `json:"year"`
	Applications []ApplicationYear `json:"applications"`
	Products     []ProductYear     `json:"products"`
	Resources    ResourceNeeds     `json:"resources"`
}

// ApplicationYear is the demand of one application in a year.
type ApplicationYear struct {
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	Product    string `json:"product"`
	Procedures Spread `json:"procedures"`
	Activity   Spread `json:"activity"` // in the product's unit
}

// ProductYear sets the demand for a product against the capacity of the facilities operating
// that year. Capacity, Gap and Operating are absent for a product no facility makes.
type ProductYear struct {
	Product   string   `json:"product"`
	Unit      string   `json:"unit"`
	Demand    Spread   `json:"demand"`
	Capacity  *float64 `json:"capacity,omitempty"`
	Gap       *Spread  `json:"gap,omitempty"` // capacity − demand; negative is a shortfall
	Operating []string `json:"operating,omitempty"`
}

// ResourceNeeds are the therapy rooms, full-time staff and hotlabs the year's procedures take.
type ResourceNeeds struct {
	TherapyRooms Spread `json:"therapy_rooms"`
	StaffFTE     Spread `json:"staff_fte"`
	Hotlabs      Spread `json:"hotlabs"`
}

// Spread is a quantity's central projection (from the parameters' values) and its 10th, 50th
// and 90th percentiles over the Monte Carlo runs.
type Spread struct {
	Central float64 `json:"central"`
	P10     float64 `json:"p10"`
	P50     float64 `json:"p50"`
	P90     float64 `json:"p90"`
}

// Run projects a scenario to its end year with Monte Carlo uncertainty. Errors are *InputError.
func Run(s Scenario, opt Options) (Result, error) {
	if err := s.Validate(); err != nil {
		return Result{}, err
	}
	if opt.Runs == 0 {
		opt.Runs = DefaultRuns
	}
	if opt.Runs < 1 || opt.Runs > MaxRuns {
		return Result{}, bad("runs", itoa(opt.Runs), "want 1 to "+itoa(MaxRuns))
	}
	m := compile(&s)
	nY, nA, nP := m.years, len(s.Applications), len(s.Products)
	// series: procedures per application, demand per product, gap per product, three resources.
	nS := nA + 2*nP + 3
	central := make([]float64, nS*nY)
	m.project(nil, central)
	samples := make([]float64, nS*nY*opt.Runs) // [series][year][run]
	row := make([]float64, nS*nY)
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed))
	for r := 0; r < opt.Runs; r++ {
		m.project(rng, row)
		for i, v := range row {
			samples[i*opt.Runs+r] = v
		}
	}
	spread := func(series, y int) Spread {
		i := series*nY + y
		xs := samples[i*opt.Runs : (i+1)*opt.Runs]
		slices.Sort(xs)
		return Spread{Central: central[i], P10: percentile(xs, 0.1), P50: percentile(xs, 0.5), P90: percentile(xs, 0.9)}
	}
	res := Result{Scenario: s.Name, BaselineYear: s.BaselineYear, EndYear: s.EndYear, Runs: opt.Runs, Seed: opt.Seed, Years: make([]Year, nY)}
	for y := range nY {
		yr := Year{Year: s.BaselineYear + y, Applications: make([]ApplicationYear, nA), Products: make([]ProductYear, nP)}
		for a, app := range s.Applications {
			p := spread(a, y)
			act := app.ActivityPerProcedure.Value
			yr.Applications[a] = ApplicationYear{Name: app.Name, Kind: app.Kind, Product: app.Product, Procedures: p,
				Activity: Spread{p.Central * act, p.P10 * act, p.P50 * act, p.P90 * act}}
		}
		for p, prod := range s.Products {
			py := ProductYear{Product: prod.Name, Unit: prod.Unit, Demand: spread(nA+p, y)}
			if m.made[p] {
				c := m.capacity[p*nY+y]
				g := spread(nA+nP+p, y)
				py.Capacity, py.Gap, py.Operating = &c, &g, m.operating[p*nY+y]
			}
			yr.Products[p] = py
		}
		base := nA + 2*nP
		yr.Resources = ResourceNeeds{TherapyRooms: spread(base, y), StaffFTE: spread(base+1, y), Hotlabs: spread(base+2, y)}
		res.Years[y] = yr
	}
	return res, nil
}

// percentile of sorted xs, interpolating linearly between order statistics (Hyndman–Fan type 7).
func percentile(xs []float64, p float64) float64 {
	h := p * float64(len(xs)-1)
	lo := int(h)
	if lo+1 >= len(xs) {
		return xs[len(xs)-1]
	}
	return xs[lo] + (h-float64(lo))*(xs[lo+1]-xs[lo])
}
