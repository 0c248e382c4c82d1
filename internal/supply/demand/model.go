package demand

import (
	"fmt"
	"math"
	"strings"
	"time"

	"kern"
	"kern/internal/nuclide"
	"kern/internal/org"
	"kern/internal/web"
	"kern/internal/web/i18n"
)

// MaxTransitHours bounds a transit time: ten days is beyond any road or air route in Europe.
const MaxTransitHours = 240

// RouteDefault is the transit time from any facility in one country to any hospital in another
// (or the same) country.
type RouteDefault struct {
	ID           int64     `json:"id"`
	FromCountry  string    `json:"from_country"`
	ToCountry    string    `json:"to_country"`
	TransitHours float64   `json:"transit_hours"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// RouteDefaultInput is what creating or changing a route default takes.
type RouteDefaultInput struct {
	FromCountry  string
	ToCountry    string
	TransitHours float64
}

// Validate checks the countries and the transit time.
func (in *RouteDefaultInput) Validate() error {
	var v kern.Validation
	in.FromCountry = strings.ToUpper(strings.TrimSpace(in.FromCountry))
	in.ToCountry = strings.ToUpper(strings.TrimSpace(in.ToCountry))
	if v.Check(in.FromCountry != "", "from_country", "field.required") {
		v.Check(org.ValidCountry(in.FromCountry), "from_country", "org.country_unknown")
	}
	if v.Check(in.ToCountry != "", "to_country", "field.required") {
		v.Check(org.ValidCountry(in.ToCountry), "to_country", "org.country_unknown")
	}
	checkTransit(&v, in.TransitHours)
	return v.Err()
}

func checkTransit(v *kern.Validation, h float64) {
	v.Check(h > 0 && h <= MaxTransitHours && !math.IsNaN(h), "transit_hours", "demand.transit_range")
}

// Route is the transit time of one facility–hospital pair, overriding the country default.
type Route struct {
	ID              int64     `json:"id"`
	FacilityID      int64     `json:"facility_id"`
	FacilityName    string    `json:"facility_name"`
	FacilityOrgID   int64     `json:"facility_org_id" doc:"The producer that owns the facility"`
	FacilityCountry string    `json:"facility_country"`
	OrgID           int64     `json:"org_id" doc:"The hospital"`
	OrgName         string    `json:"org_name"`
	OrgCountry      string    `json:"org_country"`
	TransitHours    float64   `json:"transit_hours"`
	Note            string    `json:"note,omitempty"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// RouteInput is what creating or changing a route override takes.
type RouteInput struct {
	FacilityID   int64
	OrgID        int64
	TransitHours float64
	Note         string
}

// Validate checks the input on its own; that the facility is p's and the organisation a hospital
// is checked by the service.
func (in *RouteInput) Validate() error {
	var v kern.Validation
	in.Note = strings.TrimSpace(in.Note)
	v.Check(in.FacilityID > 0, "facility_id", "field.required")
	v.Check(in.OrgID > 0, "org_id", "field.required")
	checkTransit(&v, in.TransitHours)
	v.Check(len(in.Note) <= 1000, "note", "field.too_long")
	return v.Err()
}

// EffectiveTransit is the one rule of the platform for the transit time from a facility to a
// hospital: the override for the pair (facilityID, orgID), else the default for (facility country,
// hospital country), else no route (ok is false: the hospital cannot be served from there).
// The allocation runs apply the same rule in SQL.
func EffectiveTransit(overrides []Route, defaults []RouteDefault, facilityCountry string, facilityID, orgID int64, orgCountry string) (hours float64, ok bool) {
	for _, r := range overrides {
		if r.FacilityID == facilityID && r.OrgID == orgID {
			return r.TransitHours, true
		}
	}
	for _, d := range defaults {
		if strings.EqualFold(d.FromCountry, facilityCountry) && strings.EqualFold(d.ToCountry, orgCountry) {
			return d.TransitHours, true
		}
	}
	return 0, false
}

// Priorities are the priority classes: 1 cannot wait, 2 routine diagnostics, 3 can be postponed.
var Priorities = []int{1, 2, 3}

// DivisibleForm is the default of divisible for a product's form: a generator, a bulk solution or
// a multi-dose vial may be partly filled; a patient dose and a capsule may not.
func DivisibleForm(form string) bool { return form != "patient_dose" && form != "capsule" }

// StandingDemand is a hospital's need that repeats every week: on weekday (Sunday = 0) at AtTime
// (Amsterdam) Activity of the product at calibration, from StartsOn until EndsOn (exclusive).
type StandingDemand struct {
	ID            int64            `json:"id"`
	OrgID         int64            `json:"org_id" doc:"The hospital"`
	OrgName       string           `json:"org_name"`
	ProductID     int64            `json:"product_id"`
	ProductName   string           `json:"product_name"`
	FacilityName  string           `json:"facility_name"`
	FacilityOrgID int64            `json:"facility_org_id"`
	Nuclide       string           `json:"nuclide"`
	Form          string           `json:"form"`
	Weekday       int              `json:"weekday" doc:"Day of the week, Sunday = 0"`
	AtTime        string           `json:"at_time" doc:"HH:MM, Amsterdam time: the calibration time"`
	Activity      nuclide.Activity `json:"activity_bq" doc:"Activity at calibration, in becquerel"`
	ActivityText  string           `json:"activity" doc:"The same activity, readable (e.g. \"10.00 GBq\")"`
	Priority      int              `json:"priority"`
	Divisible     bool             `json:"divisible"`
	WindowHours   float64          `json:"window_hours"`
	StartsOn      time.Time        `json:"starts_on"`
	EndsOn        *time.Time       `json:"ends_on,omitempty"`
	Note          string           `json:"note,omitempty"`
	CreatedAt     time.Time        `json:"created_at"`
	UpdatedAt     time.Time        `json:"updated_at"`
}

// ProductLabel names the product with its facility.
func (s StandingDemand) ProductLabel() string { return s.FacilityName + " — " + s.ProductName }

// DayCode is the weekday as a code (mon..sun), for messages "supply.day.<code>".
func (s StandingDemand) DayCode() string { return DayCodes[s.Weekday%7] }

// DayCodes are the codes of the days, Sunday = 0 as time.Weekday.
var DayCodes = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// StandingInput is what creating or changing a standing demand takes.
type StandingInput struct {
	OrgID       int64
	ProductID   int64
	Weekday     int
	AtTime      string
	Activity    nuclide.Activity
	Priority    int
	Divisible   *bool // nil: the product form's default
	WindowHours float64
	StartsOn    time.Time
	EndsOn      *time.Time
	Note        string
}

// MaxWindowHours bounds a window: a week.
const MaxWindowHours = 168

// Validate checks the input on its own.
func (in *StandingInput) Validate() error {
	var v kern.Validation
	in.Note, in.AtTime = strings.TrimSpace(in.Note), strings.TrimSpace(in.AtTime)
	v.Check(in.OrgID > 0, "org_id", "demand.hospital_unknown")
	v.Check(in.ProductID > 0, "product_id", "demand.product_unknown")
	v.Check(in.Weekday >= 0 && in.Weekday <= 6, "weekday", "field.unknown_choice")
	if t, ok := ParseClock(in.AtTime); v.Check(ok, "at_time", "demand.time_invalid") {
		in.AtTime = t
	}
	checkActivity(&v, in.Activity)
	v.Check(in.Priority >= 1 && in.Priority <= 3, "priority", "demand.priority_range")
	v.Check(in.WindowHours >= 0 && in.WindowHours <= MaxWindowHours && !math.IsNaN(in.WindowHours), "window_hours", "demand.window_hours_range")
	v.Check(!in.StartsOn.IsZero(), "starts_on", "field.required")
	v.Check(in.EndsOn == nil || in.EndsOn.After(in.StartsOn), "ends_on", "demand.ends_before_start")
	v.Check(len(in.Note) <= 1000, "note", "field.too_long")
	return v.Err()
}

// MaxActivity bounds one demand: 1 PBq (27,000 Ci) is beyond any hospital's need.
const MaxActivity = 1e15

func checkActivity(v *kern.Validation, a nuclide.Activity) {
	v.Check(a > 0 && a <= MaxActivity && !math.IsNaN(float64(a)), "activity", "demand.activity_positive")
}

// ParseClock reads a time of day "7:00" or "07:00" and writes it as "07:00".
func ParseClock(s string) (string, bool) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return "", false
	}
	return t.Format("15:04"), true
}

// Order statuses.
const (
	StatusOpen      = "open"
	StatusCancelled = "cancelled"
)

// Statuses are the states of an order.
var Statuses = []string{StatusOpen, StatusCancelled}

// Order is a concrete order of a hospital: Activity of a product at CalibrationAt, served no later
// than WindowEnd.
type Order struct {
	ID            int64            `json:"id"`
	OrgID         int64            `json:"org_id" doc:"The hospital"`
	OrgName       string           `json:"org_name"`
	ProductID     int64            `json:"product_id"`
	ProductName   string           `json:"product_name"`
	FacilityName  string           `json:"facility_name"`
	FacilityOrgID int64            `json:"facility_org_id"`
	Nuclide       string           `json:"nuclide"`
	Form          string           `json:"form"`
	Activity      nuclide.Activity `json:"activity_bq" doc:"Activity at calibration, in becquerel"`
	ActivityText  string           `json:"activity" doc:"The same activity, readable (e.g. \"10.00 GBq\")"`
	CalibrationAt time.Time        `json:"calibration_at"`
	WindowEnd     *time.Time       `json:"window_end,omitempty"`
	Priority      int              `json:"priority"`
	Divisible     bool             `json:"divisible"`
	Reference     string           `json:"reference,omitempty"`
	Status        string           `json:"status" enum:"open,cancelled"`
	Note          string           `json:"note,omitempty"`
	CreatedBy     *int64           `json:"created_by,omitempty"`
	CreatedAt     time.Time        `json:"created_at"`
	UpdatedAt     time.Time        `json:"updated_at"`
}

// ProductLabel names the product with its facility.
func (o Order) ProductLabel() string { return o.FacilityName + " — " + o.ProductName }

// OrderInput is what placing or changing an order takes.
type OrderInput struct {
	OrgID         int64
	ProductID     int64
	Activity      nuclide.Activity
	CalibrationAt time.Time
	WindowEnd     *time.Time
	Priority      int
	Divisible     *bool // nil: the product form's default
	Reference     string
	Note          string
}

// Validate checks the order as of now: a calibration still to come, a positive activity, a window
// that does not end before calibration, a priority class 1–3.
func (in *OrderInput) Validate(now time.Time) error {
	var v kern.Validation
	in.Reference, in.Note = strings.TrimSpace(in.Reference), strings.TrimSpace(in.Note)
	v.Check(in.OrgID > 0, "org_id", "demand.hospital_unknown")
	v.Check(in.ProductID > 0, "product_id", "demand.product_unknown")
	checkActivity(&v, in.Activity)
	if v.Check(!in.CalibrationAt.IsZero(), "calibration_at", "field.required") {
		v.Check(in.CalibrationAt.After(now), "calibration_at", "demand.calibration_past")
		v.Check(in.WindowEnd == nil || !in.WindowEnd.Before(in.CalibrationAt), "window_end", "demand.window_before_calibration")
	}
	v.Check(in.Priority >= 1 && in.Priority <= 3, "priority", "demand.priority_range")
	v.Check(len(in.Reference) <= 100, "reference", "field.too_long")
	v.Check(len(in.Note) <= 2000, "note", "field.too_long")
	in.CalibrationAt = in.CalibrationAt.UTC()
	if in.WindowEnd != nil {
		w := in.WindowEnd.UTC()
		in.WindowEnd = &w
	}
	return v.Err()
}

// ParseInstant reads an instant as a person writes it: RFC 3339, or "2026-05-04 06:00",
// "2026-05-04T06:00" in Amsterdam time.
func ParseInstant(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), true
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, web.Amsterdam); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// activityText is an activity as a form shows it back, with the decimal comma in Dutch
// (ParseActivity reads either).
func activityText(lang i18n.Lang, a nuclide.Activity) string {
	if a == 0 {
		return ""
	}
	return localDecimal(lang, a.String())
}

// localDecimal writes the decimal point of a number formatted by strconv as the language wants it.
func localDecimal(lang i18n.Lang, s string) string {
	if lang == i18n.NL {
		return strings.Replace(s, ".", ",", 1)
	}
	return s
}

// localText is an instant as a datetime-local input wants it.
func localText(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.In(web.Amsterdam).Format("2006-01-02T15:04")
}

func fmtID(id int64) string { return fmt.Sprint(id) }

// Amount is an activity split into a number and its unit, so that a page prints the number in
// its language ({{$.Num .Amount.Value}} {{.Amount.Unit}}: "8,7 GBq" in Dutch, "8.7 GBq" in English).
type Amount struct {
	Value float64
	Unit  string
}

var amountUnits = []struct {
	name string
	bq   float64
}{{"TBq", 1e12}, {"GBq", 1e9}, {"MBq", 1e6}, {"kBq", 1e3}, {"Bq", 1}}

// AmountOf is a in the largest unit that keeps the number at least 1.
func AmountOf(a nuclide.Activity) Amount {
	v := float64(a)
	for _, u := range amountUnits {
		if math.Abs(v) >= u.bq || u.name == "Bq" {
			return Amount{Value: v / u.bq, Unit: u.name}
		}
	}
	return Amount{}
}

// Amount is the standing demand's activity for a page.
func (s StandingDemand) Amount() Amount { return AmountOf(s.Activity) }

// Amount is the order's activity for a page.
func (o Order) Amount() Amount { return AmountOf(o.Activity) }
