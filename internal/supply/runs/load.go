package runs

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/db"
	"kern/internal/supply"
	"kern/internal/web"
)

// MaxHorizonDays bounds a run's horizon: eight weeks.
const MaxHorizonDays = 56

// LeadInDays is how far before the horizon Load reads production and demand: a week, one turn of
// the standing weekly demand (see Situation.LeadIn).
const LeadInDays = 7

// DefaultHorizonDays is a run's horizon unless asked otherwise: four weeks.
const DefaultHorizonDays = 28

type scanner interface{ Scan(...any) error }

func queryAll[T any](ctx context.Context, q db.Q, query string, args []any, scan func(scanner) (T, error)) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		x, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

func dateString(t time.Time) string { return t.UTC().Format("2006-01-02") }

// Load reads the supply and demand of the horizon [from, from + days) from the database: the
// facilities in operation in it with their feeds, products and production runs (before outages),
// the outages overlapping it, the hospitals with demand, their standing weekly demand laid out
// over the horizon and their open orders calibrated in it, and the effective route of each
// facility–hospital pair (the pair's override, else the countries' default, else none).
func (s *Service) Load(ctx context.Context, from time.Time, days int) (Situation, error) {
	if days < 1 || days > MaxHorizonDays {
		return Situation{}, kern.FieldError("horizon_days", "runs.horizon_range")
	}
	if from.IsZero() {
		return Situation{}, kern.FieldError("starts_at", "field.required")
	}
	from = from.UTC().Truncate(time.Second)
	to := from.AddDate(0, 0, days)
	// The lead-in: last week's production and demand, so that what was made before the horizon
	// is there for the horizon's first days, less what last week's demand took of it.
	lead := from.AddDate(0, 0, -LeadInDays)
	q := s.DB.Reader(ctx)
	sit := Situation{StartsAt: from, LeadIn: lead, Days: days, Facilities: []Facility{}, Feeds: []Feed{}, Products: []Product{}, Runs: []Run{},
		Outages: []Outage{}, Hospitals: []Hospital{}, Demands: []Demand{}, Routes: []Route{}}
	firstDate, lastDate := dateString(lead.In(web.Amsterdam)), dateString(to.In(web.Amsterdam).AddDate(0, 0, 1))

	// Facilities in operation at some time of the horizon.
	facs, err := queryAll(ctx, q, `
SELECT id, org_id, name, kind, site, country, starts_on, ends_on FROM facilities
WHERE (starts_on IS NULL OR starts_on <= $1) AND (ends_on IS NULL OR ends_on > $2) ORDER BY id`,
		[]any{lastDate, firstDate}, func(r scanner) (supply.Facility, error) {
			var f supply.Facility
			err := r.Scan(&f.ID, &f.OrgID, &f.Name, &f.Kind, &f.Site, &f.Country, &f.StartsOn, &f.EndsOn)
			return f, err
		})
	if err != nil {
		return Situation{}, fmt.Errorf("load facilities: %w", err)
	}
	inHorizon := map[int64]bool{}
	for _, f := range facs {
		inHorizon[f.ID] = true
		sit.Facilities = append(sit.Facilities, Facility{ID: f.ID, OrgID: f.OrgID, Name: f.Name, Kind: f.Kind, Site: f.Site, Country: f.Country})
	}
	feeds, err := queryAll(ctx, q, `SELECT facility_id, upstream_id, share FROM facility_feeds ORDER BY facility_id, upstream_id`, nil,
		func(r scanner) (Feed, error) {
			var f Feed
			err := r.Scan(&f.FacilityID, &f.UpstreamID, &f.Share)
			return f, err
		})
	if err != nil {
		return Situation{}, fmt.Errorf("load feeds: %w", err)
	}
	for _, f := range feeds {
		if inHorizon[f.FacilityID] && inHorizon[f.UpstreamID] {
			sit.Feeds = append(sit.Feeds, f)
		}
	}
	products, err := queryAll(ctx, q, `SELECT id, facility_id, name, nuclide, form, shelf_life_hours FROM products ORDER BY id`, nil,
		func(r scanner) (Product, error) {
			var p Product
			err := r.Scan(&p.ID, &p.FacilityID, &p.Name, &p.Nuclide, &p.Form, &p.ShelfLifeHours)
			return p, err
		})
	if err != nil {
		return Situation{}, fmt.Errorf("load products: %w", err)
	}
	known := map[int64]Product{}
	for _, p := range products {
		if inHorizon[p.FacilityID] {
			sit.Products = append(sit.Products, p)
			known[p.ID] = p
		}
	}
	schedules, err := queryAll(ctx, q, `
SELECT id, facility_id, product_id, starts_on, ends_on, on_days, off_days, activity_bq, run_weekdays FROM facility_schedules
WHERE starts_on <= $1 AND (ends_on IS NULL OR ends_on > $2) ORDER BY id`, []any{lastDate, firstDate},
		func(r scanner) (supply.Schedule, error) {
			var sc supply.Schedule
			err := r.Scan(&sc.ID, &sc.FacilityID, &sc.ProductID, &sc.StartsOn, &sc.EndsOn, &sc.OnDays, &sc.OffDays, &sc.Activity, &sc.RunWeekdays)
			sc.StartsOn = sc.StartsOn.UTC()
			if sc.EndsOn != nil {
				e := sc.EndsOn.UTC()
				sc.EndsOn = &e
			}
			return sc, err
		})
	if err != nil {
		return Situation{}, fmt.Errorf("load schedules: %w", err)
	}
	for _, r := range supply.ProductionRuns(facs, schedules, lead, to) {
		sit.Runs = append(sit.Runs, Run{ProductID: r.ProductID, At: r.At.UTC(), ActivityBq: float64(r.Activity)})
	}
	outages, err := queryAll(ctx, q, `
SELECT facility_id, starts_at, ends_at, reduction_pct, planned, reason FROM outages WHERE ends_at > $1 AND starts_at < $2
ORDER BY starts_at, id`, []any{lead, to}, func(r scanner) (Outage, error) {
		var o Outage
		err := r.Scan(&o.FacilityID, &o.StartsAt, &o.EndsAt, &o.ReductionPct, &o.Planned, &o.Reason)
		o.StartsAt, o.EndsAt = o.StartsAt.UTC(), o.EndsAt.UTC()
		return o, err
	})
	if err != nil {
		return Situation{}, fmt.Errorf("load outages: %w", err)
	}
	for _, o := range outages {
		if inHorizon[o.FacilityID] {
			sit.Outages = append(sit.Outages, o)
		}
	}

	// Demand: standing weekly demand laid out over the horizon, and open orders in it.
	type standing struct {
		id, org, product  int64
		weekday           int
		at                string
		activity, windowH float64
		priority          int
		divisible         bool
		startsOn          time.Time
		endsOn            *time.Time
	}
	stands, err := queryAll(ctx, q, `
SELECT id, org_id, product_id, weekday, at_time, activity_bq, priority, divisible, window_hours, starts_on, ends_on
FROM standing_demands WHERE starts_on <= $1 AND (ends_on IS NULL OR ends_on > $2) ORDER BY id`, []any{lastDate, firstDate},
		func(r scanner) (standing, error) {
			var x standing
			err := r.Scan(&x.id, &x.org, &x.product, &x.weekday, &x.at, &x.activity, &x.priority, &x.divisible, &x.windowH, &x.startsOn, &x.endsOn)
			return x, err
		})
	if err != nil {
		return Situation{}, fmt.Errorf("load standing demand: %w", err)
	}
	start := lead.In(web.Amsterdam)
	firstDay := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, web.Amsterdam)
	for _, x := range stands {
		if _, ok := known[x.product]; !ok {
			continue
		}
		hh, mm, ok := clock(x.at)
		if !ok {
			continue
		}
		startsOn := dateString(x.startsOn)
		endsOn := ""
		if x.endsOn != nil {
			endsOn = dateString(*x.endsOn)
		}
		for day := firstDay; day.Before(to); day = day.AddDate(0, 0, 1) {
			if int(day.Weekday()) != x.weekday {
				continue
			}
			date := day.Format("2006-01-02")
			if date < startsOn || (endsOn != "" && date >= endsOn) {
				continue
			}
			at := time.Date(day.Year(), day.Month(), day.Day(), hh, mm, 0, 0, web.Amsterdam).UTC()
			if at.Before(lead) || !at.Before(to) {
				continue
			}
			d := Demand{Key: "s" + strconv.FormatInt(x.id, 10) + "-" + date, OrgID: x.org, ProductID: x.product, StandingID: x.id,
				ActivityBq: x.activity, CalibrationAt: at, Priority: x.priority, Divisible: x.divisible}
			if x.windowH > 0 {
				end := at.Add(time.Duration(x.windowH * float64(time.Hour)))
				d.WindowEnd = &end
			}
			sit.Demands = append(sit.Demands, d)
		}
	}
	orders, err := queryAll(ctx, q, `
SELECT id, org_id, product_id, activity_bq, calibration_at, window_end, priority, divisible FROM orders
WHERE status = 'open' AND calibration_at >= $1 AND calibration_at < $2 ORDER BY calibration_at, id`, []any{lead, to},
		func(r scanner) (Demand, error) {
			var d Demand
			err := r.Scan(&d.OrderID, &d.OrgID, &d.ProductID, &d.ActivityBq, &d.CalibrationAt, &d.WindowEnd, &d.Priority, &d.Divisible)
			d.Key = "o" + strconv.FormatInt(d.OrderID, 10)
			d.CalibrationAt = d.CalibrationAt.UTC()
			if d.WindowEnd != nil {
				e := d.WindowEnd.UTC()
				d.WindowEnd = &e
			}
			return d, err
		})
	if err != nil {
		return Situation{}, fmt.Errorf("load orders: %w", err)
	}
	for _, d := range orders {
		if _, ok := known[d.ProductID]; ok {
			sit.Demands = append(sit.Demands, d)
		}
	}
	sort.SliceStable(sit.Demands, func(i, j int) bool {
		a, b := sit.Demands[i], sit.Demands[j]
		if !a.CalibrationAt.Equal(b.CalibrationAt) {
			return a.CalibrationAt.Before(b.CalibrationAt)
		}
		return a.Key < b.Key
	})

	// Hospitals with demand, and the effective routes to them.
	withDemand := map[int64]bool{}
	for _, d := range sit.Demands {
		withDemand[d.OrgID] = true
	}
	if len(withDemand) == 0 {
		return sit, nil
	}
	hospitals, err := queryAll(ctx, q, `
SELECT id, name, city, country FROM organizations
WHERE id IN (SELECT org_id FROM standing_demands UNION SELECT org_id FROM orders WHERE status = 'open') ORDER BY name, id`, nil,
		func(r scanner) (Hospital, error) {
			var h Hospital
			err := r.Scan(&h.OrgID, &h.Name, &h.City, &h.Country)
			return h, err
		})
	if err != nil {
		return Situation{}, fmt.Errorf("load hospitals: %w", err)
	}
	for _, h := range hospitals {
		if withDemand[h.OrgID] {
			sit.Hospitals = append(sit.Hospitals, h)
		}
	}
	routes, err := queryAll(ctx, q, `
SELECT f.id, o.id, coalesce(r.transit_hours, d.transit_hours)
FROM facilities f CROSS JOIN organizations o
LEFT JOIN routes r ON r.facility_id = f.id AND r.org_id = o.id
LEFT JOIN route_defaults d ON d.from_country = f.country AND d.to_country = o.country
WHERE o.id IN (SELECT org_id FROM standing_demands UNION SELECT org_id FROM orders WHERE status = 'open')
  AND coalesce(r.transit_hours, d.transit_hours) IS NOT NULL
ORDER BY f.id, o.id`, nil, func(r scanner) (Route, error) {
		var x Route
		err := r.Scan(&x.FacilityID, &x.OrgID, &x.TransitHours)
		return x, err
	})
	if err != nil {
		return Situation{}, fmt.Errorf("load routes: %w", err)
	}
	for _, r := range routes {
		if inHorizon[r.FacilityID] && withDemand[r.OrgID] {
			sit.Routes = append(sit.Routes, r)
		}
	}
	return sit, nil
}

// clock reads "HH:MM".
func clock(s string) (int, int, bool) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return 0, 0, false
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return 0, 0, false
	}
	return hh, mm, true
}
