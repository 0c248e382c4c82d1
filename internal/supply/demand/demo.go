package demand

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"kern/internal/auth"
	"kern/internal/nuclide"
	"kern/internal/supply"
	"kern/internal/web"
)

// DemoNote marks every demo figure as illustrative.
const DemoNote = "Illustratieve vraag (demo), geen gegevens van het ziekenhuis."

// demoNearVU are the demo hospitals' cities within about 60 km of Amsterdam and the transit time
// from BV Cyclotron VU to them, in hours.
var demoNearVU = map[string]float64{
	"Amsterdam": 1, "Almere": 1, "Haarlem": 1, "Hilversum": 1.5, "Alkmaar": 1.5, "Hoorn": 1.5, "Utrecht": 1.5,
	"Nieuwegein": 2, "Leiden": 2, "Leiderdorp": 2, "Amersfoort": 2, "Den Haag": 2, "Delft": 2,
}

// demoUniversity are the university medical centres: the largest demand.
var demoUniversity = map[string]bool{
	"AmsterdamUMC": true, "ErasmusMC": true, "LUMC": true, "MUMC": true, "Radboudumc": true, "UMCG": true, "UMCU": true,
	"UZLeuven": true, "UZGent": true, "UZA": true, "UZBrussel": true, "SaintLuc": true, "CHULiege": true,
}

type demoHospital struct {
	id                    int64
	name, short, city, cc string
	pet, spect, therapy   int
	university            bool
}

// LoadDemo adds routes, the demo hospitals' standing weekly demand and a few orders; it runs
// inside demo.Load's transaction, after the supply chain exists. It is deterministic: sizes follow
// from the hospitals' pet_ct, spect_ct and therapy_rooms (their departments' included).
func LoadDemo(ctx context.Context, s *Service) error {
	sys := auth.System()
	q := s.DB.Reader(ctx)
	product := func(facility, name string) (ProductChoice, error) {
		var id int64
		if err := q.QueryRowContext(ctx, `SELECT p.id FROM products p JOIN facilities f ON f.id = p.facility_id
WHERE p.name = $2 ORDER BY CASE WHEN f.name = $1 THEN 0 ELSE 1 END, p.id LIMIT 1`, facility, name).Scan(&id); err != nil {
			return ProductChoice{}, fmt.Errorf("demo product %s of %s: %w", name, facility, err)
		}
		pr, _, err := getProductChoice(ctx, q, id)
		return pr, err
	}
	type pick struct {
		facility, name string
		to             *ProductChoice
	}
	var genNL, genBE, luNL, luBE, luPL, i131, fdg, ga68 ProductChoice
	for _, x := range []pick{
		{"Curium Petten (generatoren)", "Mo-99/Tc-99m-generator", &genNL},
		{"IRE ELiT Fleurus (generatoren)", "Elumatic III Mo-99/Tc-99m-generator", &genBE},
		{"Hoge Flux Reactor (HFR)", "Lu-177 (n.c.a.) bulk", &luNL},
		{"BR2", "Lu-177 bulk", &luBE},
		{"MARIA-reactor", "Lu-177 (c.a.) bulk", &luPL},
		{"Curium Petten (verwerking)", "I-131 capsule", &i131},
		{"BV Cyclotron VU", "[18F]FDG", &fdg},
		{"IRE Fleurus (verwerking)", "Ge-68/Ga-68-generator", &ga68},
	} {
		pr, err := product(x.facility, x.name)
		if err != nil {
			return err
		}
		*x.to = pr
	}

	// Route defaults by country pair.
	for _, d := range []RouteDefaultInput{
		{"NL", "NL", 6}, {"BE", "BE", 5}, {"NL", "BE", 8}, {"BE", "NL", 8}, {"PL", "NL", 24}, {"PL", "BE", 24},
	} {
		if _, err := s.SaveRouteDefault(ctx, sys, 0, d); err != nil {
			return fmt.Errorf("demo route default: %w", err)
		}
	}

	hospitals, err := queryAll(ctx, q, `
SELECT o.id, o.name, o.short_name, o.city, o.country,
  o.pet_ct + coalesce((SELECT sum(d.pet_ct) FROM organizations d WHERE d.parent_id = o.id), 0),
  o.spect_ct + coalesce((SELECT sum(d.spect_ct) FROM organizations d WHERE d.parent_id = o.id), 0),
  o.therapy_rooms + coalesce((SELECT sum(d.therapy_rooms) FROM organizations d WHERE d.parent_id = o.id), 0)
FROM organizations o WHERE o.kind = 'hospital' ORDER BY o.id`, nil, func(r scanner) (demoHospital, error) {
		var h demoHospital
		err := r.Scan(&h.id, &h.name, &h.short, &h.city, &h.cc, &h.pet, &h.spect, &h.therapy)
		h.university = demoUniversity[h.short]
		return h, err
	})
	if err != nil {
		return fmt.Errorf("demo hospitals: %w", err)
	}

	// Overrides from BV Cyclotron VU to the hospitals near Amsterdam.
	vu := fdg.FacilityID
	nearVU := map[int64]bool{}
	for _, h := range hospitals {
		if hours, ok := demoNearVU[h.city]; ok && h.cc == "NL" {
			if _, err := s.SaveRoute(ctx, sys, 0, RouteInput{FacilityID: vu, OrgID: h.id, TransitHours: hours,
				Note: "Koeriersrit vanuit Amsterdam (demo)."}); err != nil {
				return fmt.Errorf("demo route to %s: %w", h.name, err)
			}
			nearVU[h.id] = true
		}
	}

	starts := supply.MondayOf(s.now()).AddDate(0, 0, -28)
	startsOn := time.Date(starts.Year(), starts.Month(), starts.Day(), 0, 0, 0, 0, time.UTC)
	yes, no := true, false
	add := func(h demoHospital, pr ProductChoice, weekday int, at string, a nuclide.Activity, prio int, div bool, window float64) error {
		_, err := s.CreateStanding(ctx, sys, StandingInput{OrgID: h.id, ProductID: pr.ID, Weekday: weekday, AtTime: at, Activity: a,
			Priority: prio, Divisible: map[bool]*bool{true: &yes, false: &no}[div], WindowHours: window, StartsOn: startsOn, Note: DemoNote})
		if err != nil {
			return fmt.Errorf("demo standing demand of %s: %w", h.name, err)
		}
		return nil
	}
	nominal := func(pr ProductChoice, i int) nuclide.Activity {
		n := append([]nuclide.Activity(nil), pr.Nominal...)
		sort.Slice(n, func(a, b int) bool { return n[a] < n[b] })
		return n[max(0, min(i, len(n)-1))]
	}
	gbq := func(x float64) nuclide.Activity { return nuclide.Activity(x * 1e9) }
	for _, h := range hospitals {
		gen, lu := genNL, luNL
		switch {
		case h.cc == "BE":
			gen, lu = genBE, luBE
		case !h.university:
			// The general hospitals' Lu-177 comes from the MARIA reactor in Poland.
			lu = luPL
		}
		// Generators: the largest for a university centre, the middle size for a hospital with a
		// SPECT/CT, the smallest otherwise; a second one on Thursday for the larger ones.
		size := 0
		switch {
		case h.university:
			size = 2
		case h.spect >= 1:
			size = 1
		}
		if err := add(h, gen, 1, "07:00", nominal(gen, size), 1, true, 0); err != nil {
			return err
		}
		if h.university || h.spect >= 2 {
			if err := add(h, gen, 4, "07:00", nominal(gen, size-1), 2, true, 0); err != nil {
				return err
			}
		}
		if h.therapy > 0 {
			doses := min(6, max(2, 1+h.therapy))
			for i := 0; i < doses; i++ {
				// Wednesday and Thursday noon: the day after the reactors' Tuesday and Wednesday runs.
				day := 3 + i%2
				if err := add(h, lu, day, "12:00", gbq(7.4), 1, false, 0); err != nil {
					return err
				}
			}
			// Thursday: the day after Curium's Wednesday I-131 run.
			if err := add(h, i131, 4, "10:00", gbq(3.7), 1, false, 0); err != nil {
				return err
			}
		}
		if nearVU[h.id] {
			a := float64(min(15, 5+5*(h.pet/2)))
			for day := 1; day <= 5; day++ {
				if err := add(h, fdg, day, "10:00", gbq(a), 2, true, 2); err != nil {
					return err
				}
			}
		}
	}

	// Orders in the coming two weeks, so the demo's hospital users see their own.
	monday := supply.MondayOf(s.now())
	at := func(week, weekday, hour int) time.Time {
		d := monday.AddDate(0, 0, 7*week+(weekday+6)%7)
		return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, web.Amsterdam)
	}
	byShort := map[string]demoHospital{}
	for _, h := range hospitals {
		byShort[h.short] = h
	}
	type demoOrder struct {
		short     string
		pr        ProductChoice
		week, day int
		activity  nuclide.Activity
		prio      int
		ref       string
	}
	orders := []demoOrder{
		{"Radboudumc", genNL, 1, 3, nominal(genNL, 1), 2, "RAD-2026-0141"},
		{"Radboudumc", luNL, 1, 3, gbq(7.4), 1, "RAD-2026-0142"},
		{"Radboudumc", luNL, 2, 3, gbq(7.4), 1, "RAD-2026-0143"},
		{"UMCG", genNL, 1, 3, nominal(genNL, 2), 2, "UMCG-88120"},
		{"UMCG", luNL, 1, 4, gbq(7.4), 1, "UMCG-88121"},
		{"UMCG", luNL, 2, 4, gbq(7.4), 1, "UMCG-88122"},
	}
	// A few Ge-68/Ga-68 generators for the university centres with the most PET/CT.
	var ga []demoHospital
	for _, h := range hospitals {
		if h.university && h.pet >= 3 {
			ga = append(ga, h)
		}
	}
	sort.SliceStable(ga, func(i, j int) bool { return ga[i].pet > ga[j].pet })
	for i, h := range ga[:min(3, len(ga))] {
		orders = append(orders, demoOrder{h.short, ga68, 1 + i%2, 3, nominal(ga68, 0), 2, "GA68-" + strings.ToUpper(h.short)})
	}
	for _, o := range orders {
		h, ok := byShort[o.short]
		if !ok {
			return fmt.Errorf("demo order: no hospital %s", o.short)
		}
		div := DivisibleForm(o.pr.Form) && o.pr.Nuclide != "Lu-177"
		cal := at(o.week, o.day, 10)
		switch {
		case o.pr.Form == "generator":
			cal = at(o.week, o.day, 7)
		case o.pr.Nuclide == "Lu-177":
			cal = at(o.week, o.day, 12)
		}
		if _, err := s.CreateOrder(ctx, sys, OrderInput{OrgID: h.id, ProductID: o.pr.ID, Activity: o.activity, CalibrationAt: cal,
			Priority: o.prio, Divisible: &div, Reference: o.ref, Note: DemoNote}); err != nil {
			return fmt.Errorf("demo order of %s: %w", h.name, err)
		}
	}
	return nil
}
