package demand

import (
	"context"
	"sort"
	"time"

	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/nuclide"
	"kern/internal/supply"
	"kern/internal/web"
)

// TotalWeeks is how many weeks the overview totals.
const TotalWeeks = 6

// Totals is demand summed per week: per nuclide or per product.
type Totals struct {
	Weeks []time.Time `json:"weeks" doc:"The Monday (Amsterdam) of each week"`
	Rows  []TotalRow  `json:"rows"`
	Sum   []float64   `json:"sum_bq" doc:"All rows per week, in becquerel (only meaningful per nuclide)"`
	Note  string      `json:"-"`
	index map[string]int
}

// TotalRow is one nuclide's or product's demand per week, in becquerel at calibration.
type TotalRow struct {
	Key       string    `json:"key"`
	Label     string    `json:"label"`
	Nuclide   string    `json:"nuclide"`
	ProductID int64     `json:"product_id,omitempty"`
	PerWeek   []float64 `json:"per_week_bq"`
	Count     []int     `json:"count" doc:"Number of demands per week"`
}

// Activities is the row's weeks as readable activities.
func (r TotalRow) Activities() []string {
	out := make([]string, len(r.PerWeek))
	for i, v := range r.PerWeek {
		if v > 0 {
			out[i] = nuclide.Activity(v).String()
		} else {
			out[i] = "–"
		}
	}
	return out
}

// Amounts is the row's weeks as activities for a page; a week without demand is nil.
func (r TotalRow) Amounts() []*Amount {
	out := make([]*Amount, len(r.PerWeek))
	for i, v := range r.PerWeek {
		if v > 0 {
			a := AmountOf(nuclide.Activity(v))
			out[i] = &a
		}
	}
	return out
}

func (t *Totals) add(week int, key, label, nuc string, productID int64, bq float64) {
	i, ok := t.index[key]
	if !ok {
		i = len(t.Rows)
		t.index[key] = i
		t.Rows = append(t.Rows, TotalRow{Key: key, Label: label, Nuclide: nuc, ProductID: productID,
			PerWeek: make([]float64, len(t.Weeks)), Count: make([]int, len(t.Weeks))})
	}
	t.Rows[i].PerWeek[week] += bq
	t.Rows[i].Count[week]++
	t.Sum[week] += bq
}

// Occurs reports whether a standing demand has a demand on date (a civil date, UTC midnight): its
// weekday matches, starts_on ≤ date and (no ends_on or date < ends_on).
func (s StandingDemand) Occurs(date time.Time) bool {
	return int(date.Weekday()) == s.Weekday && !date.Before(s.StartsOn) && (s.EndsOn == nil || date.Before(*s.EndsOn))
}

// BuildTotals sums standing demand laid out over weeks weeks from the Monday of from, and the open
// orders calibrated in those weeks, per nuclide or per product. It is pure.
func BuildTotals(standing []StandingDemand, orders []Order, from time.Time, weeks int, byProduct bool) Totals {
	monday := supply.MondayOf(from)
	t := Totals{index: map[string]int{}, Sum: make([]float64, weeks)}
	for w := 0; w < weeks; w++ {
		t.Weeks = append(t.Weeks, monday.AddDate(0, 0, 7*w))
	}
	key := func(nuc, label string, pid int64) (string, string) {
		if byProduct {
			return fmtID(pid), label
		}
		return nuc, nuc
	}
	for w := 0; w < weeks; w++ {
		for d := 0; d < 7; d++ {
			local := monday.AddDate(0, 0, 7*w+d)
			date := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
			for _, s := range standing {
				if s.Occurs(date) {
					k, l := key(s.Nuclide, s.ProductLabel(), s.ProductID)
					t.add(w, k, l, s.Nuclide, s.ProductID, float64(s.Activity))
				}
			}
		}
	}
	end := monday.AddDate(0, 0, 7*weeks)
	for _, o := range orders {
		if o.Status != StatusOpen || o.CalibrationAt.Before(monday) || !o.CalibrationAt.Before(end) {
			continue
		}
		w := int(o.CalibrationAt.In(web.Amsterdam).Sub(monday).Hours() / (24 * 7))
		if w < 0 || w >= weeks {
			continue
		}
		k, l := key(o.Nuclide, o.ProductLabel(), o.ProductID)
		t.add(w, k, l, o.Nuclide, o.ProductID, float64(o.Activity))
	}
	sort.SliceStable(t.Rows, func(i, j int) bool { return t.Rows[i].Label < t.Rows[j].Label })
	return t
}

// TotalsFilter says whose demand to total.
type TotalsFilter struct {
	Weeks        int
	ByProduct    bool
	ProducerOnly bool // only the products of p's own facilities
	OrgID        int64
}

// Totals sums the demand p may read per week: national totals for the coordination office, a
// hospital's own, or (ProducerOnly) the demand for a producer's products.
func (s *Service) Totals(ctx context.Context, p *auth.Principal, f TotalsFilter) (Totals, error) {
	if err := requireUser(p); err != nil {
		return Totals{}, err
	}
	if f.Weeks < 1 || f.Weeks > 52 {
		f.Weeks = TotalWeeks
	}
	q := s.DB.Reader(ctx)
	now := s.now()
	monday := supply.MondayOf(now)
	sc := StandingFilter{OrgID: f.OrgID}.where()
	oc := OrderFilter{OrgID: f.OrgID, Status: StatusOpen, From: monday, To: monday.AddDate(0, 0, 7*f.Weeks)}.where()
	for _, c := range []*db.Clause{sc, oc} {
		if f.ProducerOnly {
			writeScope(c, p, "f.org_id")
		} else {
			readScope(c, p, "x.org_id", "f.org_id")
		}
	}
	standing, err := listStanding(ctx, q, sc)
	if err != nil {
		return Totals{}, err
	}
	orders, _, err := listOrders(ctx, q, oc, MaxExport, 0)
	if err != nil {
		return Totals{}, err
	}
	return BuildTotals(standing, orders, now, f.Weeks, f.ByProduct), nil
}
