package scenarios

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"kern"
	"kern/internal/nuclide"
	"kern/internal/org"
)

// The kinds of change a scenario makes to the situation it copies.
const (
	KindOutage    = "outage"    // a facility or a whole site produces less for a period
	KindDemand    = "demand"    // the demand for a nuclide or a product changes by a factor
	KindTransport = "transport" // routes from a facility, site or country take longer or close
)

// Kinds lists the kinds of change in the order the form offers them.
var Kinds = []string{KindOutage, KindDemand, KindTransport}

// Limits of a scenario.
const (
	MaxChanges    = 50
	MaxFactor     = 10.0
	MaxExtraHours = 14 * 24.0
)

// Change is one change a scenario makes. Which fields count depends on Kind:
//   - outage: FacilityID or Site, StartsAt–EndsAt, ReductionPct (1–100);
//   - demand: Nuclide or ProductID, optionally Region, Factor (0–10), optionally a period
//     (StartsAt and/or EndsAt) in which the demand's calibration instant falls;
//   - transport: from FacilityID, Site or Country, optionally to Region, ExtraHours (> 0) or
//     Closed, StartsAt–EndsAt.
type Change struct {
	Kind         string     `json:"kind"`
	FacilityID   int64      `json:"facility_id,omitempty"`
	Site         string     `json:"site,omitempty"`
	Country      string     `json:"country,omitempty"`
	Nuclide      string     `json:"nuclide,omitempty"`
	ProductID    int64      `json:"product_id,omitempty"`
	Region       string     `json:"region,omitempty"`
	Factor       *float64   `json:"factor,omitempty"`
	StartsAt     *time.Time `json:"starts_at,omitempty"`
	EndsAt       *time.Time `json:"ends_at,omitempty"`
	ReductionPct int        `json:"reduction_pct,omitempty"`
	ExtraHours   float64    `json:"extra_hours,omitempty"`
	Closed       bool       `json:"closed,omitempty"`
}

// Scenario is a saved shortage scenario.
type Scenario struct {
	ID            int64     `json:"id"`
	Name          string    `json:"name"`
	Description   string    `json:"description"`
	Changes       []Change  `json:"changes"`
	StartsAt      time.Time `json:"starts_at"`
	Days          int       `json:"horizon_days"`
	Policy        Policy    `json:"policy"`
	BaselineRunID *int64    `json:"baseline_run_id"`
	RunID         *int64    `json:"run_id"`
	CreatedBy     string    `json:"created_by"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Input is what a coordinator saves. BaselineRunID 0 means the latest baseline run; a nil
// Policy means the baseline's.
type Input struct {
	Name          string
	Description   string
	BaselineRunID int64
	Policy        *Policy
	Changes       []Change
}

// Refs is what the changes may name: the facilities, sites and products of the platform and the
// countries of facilities and hospitals. A change naming something else is refused.
type Refs struct {
	Facilities map[int64]RefFacility
	Sites      map[string]string // folded site → site as written
	Products   map[int64]RefProduct
	Countries  map[string]bool
}

// RefFacility is a facility a change may name.
type RefFacility struct {
	ID                  int64
	Name, Site, Country string
}

// RefProduct is a product a change may name.
type RefProduct struct {
	ID                      int64
	Name, Nuclide, Facility string
}

// SiteNames lists the sites in order.
func (r *Refs) SiteNames() []string {
	var out []string
	for _, s := range r.Sites {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// Validate checks the input; errors on a change name its field as "changes[i].<field>".
func (in *Input) Validate(refs *Refs) error {
	in.Name = strings.TrimSpace(in.Name)
	in.Description = strings.TrimSpace(in.Description)
	var v kern.Validation
	v.Check(in.Name != "", "name", "field.required")
	v.Check(utf8.RuneCountInString(in.Name) <= 200, "name", "field.too_long")
	v.Check(utf8.RuneCountInString(in.Description) <= 4000, "description", "field.too_long")
	v.Check(in.BaselineRunID >= 0, "baseline_run_id", "scenarios.error.baseline_unknown")
	v.Check(len(in.Changes) <= MaxChanges, "changes", "scenarios.error.too_many_changes")
	for i := range in.Changes {
		in.Changes[i].validate(&v, fmt.Sprintf("changes[%d].", i), refs)
	}
	return v.Err()
}

// ValidateChanges checks a list of changes alone (for Apply): the fields as Validate names them.
func ValidateChanges(changes []Change, refs *Refs) error {
	var v kern.Validation
	for i := range changes {
		changes[i].validate(&v, fmt.Sprintf("changes[%d].", i), refs)
	}
	return v.Err()
}

var countryCode = regexp.MustCompile(`^[A-Z]{2}$`)

// normalize trims and spells the fields as they are stored: a nuclide by its canonical name, a
// region and a country in capitals, and clears the fields the kind does not use.
func (c *Change) normalize() {
	c.Kind = strings.TrimSpace(strings.ToLower(c.Kind))
	c.Site = strings.TrimSpace(c.Site)
	c.Country = strings.ToUpper(strings.TrimSpace(c.Country))
	c.Region = strings.ToUpper(strings.TrimSpace(c.Region))
	c.Nuclide = strings.TrimSpace(c.Nuclide)
	if c.Nuclide != "" {
		if n, err := nuclide.Lookup(c.Nuclide); err == nil {
			c.Nuclide = n.Name
		}
	}
	if c.StartsAt != nil {
		t := c.StartsAt.UTC()
		c.StartsAt = &t
	}
	if c.EndsAt != nil {
		t := c.EndsAt.UTC()
		c.EndsAt = &t
	}
	switch c.Kind {
	case KindOutage:
		c.Country, c.Nuclide, c.ProductID, c.Region, c.Factor, c.ExtraHours, c.Closed = "", "", 0, "", nil, 0, false
	case KindDemand:
		c.FacilityID, c.Site, c.Country, c.ReductionPct, c.ExtraHours, c.Closed = 0, "", "", 0, 0, false
	case KindTransport:
		c.Nuclide, c.ProductID, c.Factor, c.ReductionPct = "", 0, nil, 0
		if c.Closed {
			c.ExtraHours = 0
		}
	}
}

func (c *Change) validate(v *kern.Validation, pre string, refs *Refs) {
	c.normalize()
	period := func(required bool) {
		if required {
			v.Check(c.StartsAt != nil, pre+"starts_at", "field.required")
			v.Check(c.EndsAt != nil, pre+"ends_at", "field.required")
		}
		if c.StartsAt != nil && c.EndsAt != nil {
			v.Check(c.EndsAt.After(*c.StartsAt), pre+"ends_at", "scenarios.error.end_before_start")
		}
	}
	facility := func() {
		if refs == nil || c.FacilityID == 0 {
			return
		}
		_, ok := refs.Facilities[c.FacilityID]
		v.Check(ok, pre+"facility_id", "scenarios.error.facility_unknown")
	}
	site := func() {
		if refs == nil || c.Site == "" {
			return
		}
		s, ok := refs.Sites[org.Fold(c.Site)]
		if v.Check(ok, pre+"site", "scenarios.error.site_unknown") {
			c.Site = s
		}
	}
	region := func() {
		if c.Region == "" {
			return
		}
		if _, ok := Provinces[c.Region]; ok {
			return
		}
		ok := countryCode.MatchString(c.Region)
		if ok && refs != nil && len(refs.Countries) > 0 {
			ok = refs.Countries[c.Region]
		}
		v.Check(ok, pre+"region", "scenarios.error.region_unknown")
	}
	switch c.Kind {
	case KindOutage:
		targets := count(c.FacilityID != 0, c.Site != "")
		v.Check(targets > 0, pre+"facility_id", "scenarios.error.outage_target")
		v.Check(targets < 2, pre+"site", "scenarios.error.one_target")
		v.Check(c.FacilityID >= 0, pre+"facility_id", "scenarios.error.facility_unknown")
		facility()
		site()
		period(true)
		v.Check(c.ReductionPct >= 1 && c.ReductionPct <= 100, pre+"reduction_pct", "scenarios.error.reduction")
	case KindDemand:
		targets := count(c.Nuclide != "", c.ProductID != 0)
		v.Check(targets > 0, pre+"nuclide", "scenarios.error.demand_target")
		v.Check(targets < 2, pre+"product_id", "scenarios.error.one_target")
		if c.Nuclide != "" {
			_, err := nuclide.Lookup(c.Nuclide)
			v.Check(err == nil, pre+"nuclide", "scenarios.error.nuclide_unknown")
		}
		if c.ProductID != 0 {
			ok := c.ProductID > 0
			if ok && refs != nil {
				_, ok = refs.Products[c.ProductID]
			}
			v.Check(ok, pre+"product_id", "scenarios.error.product_unknown")
		}
		region()
		if v.Check(c.Factor != nil, pre+"factor", "field.required") {
			f := *c.Factor
			v.Check(!math.IsNaN(f) && f >= 0 && f <= MaxFactor, pre+"factor", "scenarios.error.factor")
		}
		period(false)
	case KindTransport:
		targets := count(c.FacilityID != 0, c.Site != "", c.Country != "")
		v.Check(targets > 0, pre+"facility_id", "scenarios.error.transport_from")
		v.Check(targets < 2, pre+"site", "scenarios.error.one_target")
		facility()
		site()
		if c.Country != "" {
			ok := countryCode.MatchString(c.Country)
			if ok && refs != nil && len(refs.Countries) > 0 {
				ok = refs.Countries[c.Country]
			}
			v.Check(ok, pre+"country", "scenarios.error.country_unknown")
		}
		region()
		if !c.Closed {
			v.Check(c.ExtraHours > 0 && c.ExtraHours <= MaxExtraHours && !math.IsNaN(c.ExtraHours), pre+"extra_hours",
				"scenarios.error.extra_hours")
		}
		period(true)
	case "":
		v.Add(pre+"kind", "field.required")
	default:
		v.Add(pre+"kind", "field.unknown_choice")
	}
}

func count(bs ...bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

func searchText(in Input) string { return org.Fold(in.Name + " " + in.Description) }

// Provinces are the Dutch provinces by their ISO 3166-2 code, the regions a change may name
// besides a country.
var Provinces = map[string]string{
	"NL-DR": "Drenthe", "NL-FL": "Flevoland", "NL-FR": "Fryslân", "NL-GE": "Gelderland", "NL-GR": "Groningen",
	"NL-LI": "Limburg", "NL-NB": "Noord-Brabant", "NL-NH": "Noord-Holland", "NL-OV": "Overijssel", "NL-UT": "Utrecht",
	"NL-ZE": "Zeeland", "NL-ZH": "Zuid-Holland",
}

// ProvinceCodes lists the province codes in order.
func ProvinceCodes() []string {
	out := make([]string, 0, len(Provinces))
	for c := range Provinces {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// cityProvince places the demo hospitals' cities (and the production sites) in their province;
// a city not in it has no province, so a change by province leaves it alone.
var cityProvince = map[string]string{
	"'s-hertogenbosch": "NL-NB", "den bosch": "NL-NB", "alkmaar": "NL-NH", "almelo": "NL-OV", "almere": "NL-FL",
	"amersfoort": "NL-UT", "amsterdam": "NL-NH", "apeldoorn": "NL-GE", "arnhem": "NL-GE", "breda": "NL-NB",
	"delft": "NL-ZH", "den haag": "NL-ZH", "'s-gravenhage": "NL-ZH", "the hague": "NL-ZH", "deventer": "NL-OV",
	"dordrecht": "NL-ZH", "ede": "NL-GE", "eindhoven": "NL-NB", "emmen": "NL-DR", "enschede": "NL-OV", "goes": "NL-ZE",
	"groningen": "NL-GR", "haarlem": "NL-NH", "heerlen": "NL-LI", "hilversum": "NL-NH", "hoorn": "NL-NH",
	"leeuwarden": "NL-FR", "leiden": "NL-ZH", "leiderdorp": "NL-ZH", "maastricht": "NL-LI", "nieuwegein": "NL-UT",
	"nijmegen": "NL-GE", "roosendaal": "NL-NB", "rotterdam": "NL-ZH", "tilburg": "NL-NB", "utrecht": "NL-UT",
	"veldhoven": "NL-NB", "venlo": "NL-LI", "zwolle": "NL-OV", "petten": "NL-NH", "veendam": "NL-GR",
	"assen": "NL-DR", "lelystad": "NL-FL", "middelburg": "NL-ZE", "vlissingen": "NL-ZE", "sittard": "NL-LI",
	"sittard-geleen": "NL-LI", "roermond": "NL-LI",
}

// Province is the province of a Dutch city, or "" when the table does not know it.
func Province(city, country string) string {
	if country != "" && country != "NL" {
		return ""
	}
	return cityProvince[org.Fold(strings.TrimSpace(city))]
}

// inRegion reports whether a hospital in city, country lies in region (a country code or a
// province code); the empty region is everywhere.
func inRegion(region, city, country string) bool {
	switch {
	case region == "":
		return true
	case strings.HasPrefix(region, "NL-"):
		return Province(city, country) == region
	default:
		return strings.EqualFold(country, region)
	}
}
