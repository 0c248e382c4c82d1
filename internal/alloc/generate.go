package alloc

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"kern/internal/nuclide"
)

// GenerateOptions sizes a synthetic planning instance.
type GenerateOptions struct {
	Hospitals int    // nuclear-medicine departments
	Nuclides  int    // at most len(generatedNuclides)
	Days      int    // horizon, one demand per department, nuclide and day
	Seed      uint64 // the same seed gives the same instance
	Start     time.Time
}

// generatedNuclides are the nuclides of synthetic instances with a typical order: activity at
// calibration in GBq, whether it usually ships as a divisible bulk vial or generator.
var generatedNuclides = []struct {
	name string
	gbq  float64
}{
	{"Tc-99m", 0.74}, {"F-18", 0.3}, {"Lu-177", 7.4}, {"I-131", 3.7}, {"Ga-68", 0.15}, {"I-123", 0.185},
	{"In-111", 0.2}, {"Tl-201", 0.1}, {"Xe-133", 0.5}, {"Cu-64", 0.3}, {"Zr-89", 0.074}, {"Ra-223", 0.0066},
	{"Ac-225", 0.008}, {"Y-90", 3}, {"Ho-166", 5}, {"Re-188", 3}, {"Tb-161", 7.4}, {"Pb-212", 0.2},
	{"Sm-153", 2.6}, {"Sr-89", 0.15}, {"Mo-99", 20}, {"Ge-68", 1.85}, {"Sr-82", 3.7}, {"W-188", 10},
	{"I-125", 0.05}, {"C-11", 0.4}, {"Bi-213", 0.5}, {"Sr-90", 1}, {"Lu-177m", 0.01}, {"Pb-209", 0.1},
}

// Generate builds a deterministic synthetic instance in the shape of the Dutch or European supply:
// departments on a map, production sites each making a lot of a nuclide daily (weekly for
// nuclides living longer than three days), every route from a site to a department with transit
// time by distance, one demand per department, nuclide and day, priorities 1–3, a third divisible
// bulk orders, one in ten with a window of a few hours, and supply at about 85 % of demand so that
// the fairness rules decide. Nuclides living less than an hour are made where they are used (one
// department in five has a cyclotron or generator).
func Generate(o GenerateOptions) Problem {
	r := rand.New(rand.NewPCG(o.Seed, 0x4b65726e))
	if o.Start.IsZero() {
		o.Start = time.Date(2026, 3, 2, 0, 0, 0, 0, time.FixedZone("CET", 3600))
	}
	k := min(max(o.Nuclides, 1), len(generatedNuclides))
	side := 30 * math.Sqrt(float64(o.Hospitals)) // km
	type place struct{ x, y float64 }
	hosp := make([]place, o.Hospitals)
	hospName := make([]string, o.Hospitals)
	for i := range hosp {
		hosp[i] = place{r.Float64() * side, r.Float64() * side}
		hospName[i] = fmt.Sprintf("H%04d", i+1)
	}
	nSites := max(2, o.Hospitals/25)
	site := make([]place, nSites)
	siteName := make([]string, nSites)
	for i := range site {
		site[i] = place{r.Float64() * side, r.Float64() * side}
		siteName[i] = fmt.Sprintf("S%03d", i+1)
	}
	var p Problem
	for s := range site {
		for h := range hosp {
			d := math.Hypot(site[s].x-hosp[h].x, site[s].y-hosp[h].y)
			p.Routes = append(p.Routes, Route{From: siteName[s], To: hospName[h], TransitHours: math.Round((1+d/80)*4) / 4})
		}
	}
	perNuclideSites := 1 + min(4, o.Hospitals/300)
	for ni := 0; ni < k; ni++ {
		gn := generatedNuclides[ni]
		nuc, err := nuclide.Lookup(gn.name)
		if err != nil {
			panic(err) // the list above is part of the code
		}
		halfH := nuc.HalfLife / 3600
		onsite := halfH < 1
		shelf := math.Min(240, math.Max(6, 6*halfH))
		p.ShelfLives = append(p.ShelfLives, ShelfLife{Nuclide: nuc.Name, Hours: shelf})
		cadence := 1
		if halfH > 72 {
			cadence = 7
		}
		// Departments using this nuclide and the sites making it.
		users := make([]int, 0, o.Hospitals)
		var makers []string
		for h := range hosp {
			if !onsite || h%5 == ni%5 {
				users = append(users, h)
			}
		}
		if onsite {
			for _, h := range users {
				makers = append(makers, hospName[h])
			}
		} else {
			// A nuclide living less than a day is made near its users: half the sites make it.
			count := perNuclideSites
			if halfH < 24 {
				count = max(count, nSites/2)
			}
			for j := 0; j < count; j++ {
				makers = append(makers, siteName[(ni*7+j*13)%nSites])
			}
		}
		demandPerDay := 0.0
		for day := 0; day < o.Days; day++ {
			for _, h := range users {
				if r.IntN(50) == 0 {
					continue // no order that day
				}
				cal := o.Start.Add(time.Duration(24*day+7)*time.Hour + time.Duration(r.IntN(40))*15*time.Minute)
				divisible := r.IntN(3) == 0
				gbq := gn.gbq * float64(1+r.IntN(3))
				if divisible {
					gbq *= 5
				}
				d := Demand{ID: fmt.Sprintf("d%s-%s-%02d", hospName[h][1:], nuc.Name, day), Hospital: hospName[h], Nuclide: nuc.Name,
					ActivityBq: math.Round(gbq * 1e9), CalibrationAt: cal.Format(time.RFC3339),
					Priority: []int{1, 2, 2, 3}[r.IntN(4)], Divisible: divisible}
				if r.IntN(10) == 0 {
					d.WindowEnd = cal.Add(time.Duration(2+r.IntN(5)) * time.Hour).Format(time.RFC3339)
				}
				p.Demands = append(p.Demands, d)
				demandPerDay += gbq * 1e9 / float64(o.Days)
			}
		}
		for day := 0; day < o.Days; day += cadence {
			for mi, s := range makers {
				at := o.Start.Add(time.Duration(24*day+2)*time.Hour + time.Duration(r.IntN(8))*15*time.Minute)
				delay := 8.0 + 24*float64(cadence-1)/2 // hours from production to the average calibration
				if onsite {
					at = o.Start.Add(time.Duration(24*day+6)*time.Hour + time.Duration(r.IntN(4))*15*time.Minute)
					delay = 4
				}
				share := demandPerDay * float64(cadence) / float64(len(makers))
				act := 0.85 * share * math.Exp2(math.Min(delay/halfH, 60)) * (0.8 + 0.4*r.Float64())
				p.Lots = append(p.Lots, Lot{ID: fmt.Sprintf("%s-%s-%02d-%d", nuc.Name, s, day, mi), Nuclide: nuc.Name,
					ActivityBq: math.Round(act), AvailableAt: at.Format(time.RFC3339), Site: s})
			}
		}
	}
	return p
}

// Links counts the feasible lot-demand pairs of a problem: the size of the transportation problem
// before demands that the same lots reach are grouped.
func Links(p Problem) (int, error) {
	m, err := newModel(&p)
	if err != nil {
		return 0, err
	}
	links := 0
	for _, g := range m.buildGroups() {
		links += len(g.lots) * len(g.members)
	}
	return links, nil
}
