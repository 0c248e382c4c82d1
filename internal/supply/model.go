package supply

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kern"
	"kern/internal/auth"
	"kern/internal/nuclide"
	"kern/internal/org"
)

// FacilityKinds are the kinds of production facility.
var FacilityKinds = []string{"research_reactor", "processor", "cyclotron", "generator_maker", "radiopharmacy"}

// Forms are the forms a product is delivered in.
var Forms = []string{"generator", "bulk_solution", "multi_dose_vial", "patient_dose", "capsule"}

// Facility is a production site of a producer organisation.
type Facility struct {
	ID        int64      `json:"id"`
	OrgID     int64      `json:"org_id"`
	OrgName   string     `json:"org_name"`
	Kind      string     `json:"kind"`
	Name      string     `json:"name"`
	Site      string     `json:"site"`
	Country   string     `json:"country"`
	StartsOn  *time.Time `json:"starts_on,omitempty" format:"date" doc:"YYYY-MM-DD"`
	EndsOn    *time.Time `json:"ends_on,omitempty" format:"date" doc:"YYYY-MM-DD"`
	Notes     string     `json:"notes,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// MarshalJSON writes the days of operation as the API takes them: YYYY-MM-DD.
func (f Facility) MarshalJSON() ([]byte, error) {
	type plain Facility
	return json.Marshal(struct {
		plain
		StartsOn string `json:"starts_on,omitempty"`
		EndsOn   string `json:"ends_on,omitempty"`
	}{plain(f), dateText(f.StartsOn), dateText(f.EndsOn)})
}

// dateText is a date as the API and the forms write it; empty for none.
func dateText(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}

// FacilityInput is what creating or changing a facility takes.
type FacilityInput struct {
	OrgID    int64
	Kind     string
	Name     string
	Site     string
	Country  string
	StartsOn *time.Time
	EndsOn   *time.Time
	Notes    string
}

// Validate checks the input on its own; that the organisation is a producer is checked by the service.
func (in *FacilityInput) Validate() error {
	var v kern.Validation
	in.Name, in.Site, in.Notes = strings.TrimSpace(in.Name), strings.TrimSpace(in.Site), strings.TrimSpace(in.Notes)
	in.Country = strings.ToUpper(strings.TrimSpace(in.Country))
	v.Check(in.OrgID > 0, "org_id", "field.required")
	v.Check(in.Name != "", "name", "field.required")
	v.Check(len(in.Name) <= 200, "name", "field.too_long")
	v.Check(len(in.Site) <= 100, "site", "field.too_long")
	v.Check(len(in.Notes) <= 4000, "notes", "field.too_long")
	v.Check(in.Kind != "", "kind", "field.required")
	v.Check(v.Has("kind") || contains(FacilityKinds, in.Kind), "kind", "field.unknown_choice")
	v.Check(in.Country != "", "country", "field.required")
	v.Check(v.Has("country") || org.ValidCountry(in.Country), "country", "org.country_unknown")
	v.Check(in.StartsOn == nil || in.EndsOn == nil || in.EndsOn.After(*in.StartsOn), "ends_on", "supply.ends_before_start")
	return v.Err()
}

func (in *FacilityInput) searchText() string { return org.Fold(in.Name + " " + in.Site) }

// Product is what a facility makes: a nuclide in a form, in nominal activities.
type Product struct {
	ID             int64              `json:"id"`
	FacilityID     int64              `json:"facility_id"`
	FacilityName   string             `json:"facility_name"`
	OrgID          int64              `json:"org_id"`
	Name           string             `json:"name"`
	Nuclide        string             `json:"nuclide"`
	Form           string             `json:"form"`
	Nominal        []nuclide.Activity `json:"nominal_bq" doc:"Nominal activities in becquerel"`
	ShelfLifeHours float64            `json:"shelf_life_hours"`
	CreatedAt      time.Time          `json:"created_at"`
	UpdatedAt      time.Time          `json:"updated_at"`
}

// NominalText is the nominal activities as a person writes them: "10.00 GBq, 20.00 GBq".
func (p Product) NominalText() string { return ActivitiesText(p.Nominal) }

// ActivitiesText joins activities for a form or a page.
func ActivitiesText(list []nuclide.Activity) string {
	parts := make([]string, len(list))
	for i, a := range list {
		parts[i] = a.String()
	}
	return strings.Join(parts, "; ")
}

// Label names the product with its facility: "HFR Petten — Mo-99 (bulk solution)".
func (p Product) Label() string { return p.FacilityName + " — " + p.Name }

// ProductInput is what creating or changing a product takes.
type ProductInput struct {
	FacilityID     int64
	Name           string
	Nuclide        string
	Form           string
	Nominal        []nuclide.Activity
	ShelfLifeHours float64
}

// MaxShelfLifeHours bounds a shelf life: a year is beyond any medical isotope product.
const MaxShelfLifeHours = 24 * 366

// Validate checks the input and puts the nuclide's name in the table's spelling.
func (in *ProductInput) Validate() error {
	var v kern.Validation
	in.Name = strings.TrimSpace(in.Name)
	v.Check(in.FacilityID > 0, "facility_id", "field.required")
	v.Check(len(in.Name) <= 200, "name", "field.too_long")
	if v.Check(strings.TrimSpace(in.Nuclide) != "", "nuclide", "field.required") {
		n, err := nuclide.Lookup(in.Nuclide)
		if v.Check(err == nil, "nuclide", "supply.nuclide_unknown") {
			in.Nuclide = n.Name
		}
	}
	v.Check(in.Form != "", "form", "field.required")
	v.Check(v.Has("form") || contains(Forms, in.Form), "form", "field.unknown_choice")
	for _, a := range in.Nominal {
		v.Check(a > 0, "nominal", "supply.activity_positive")
	}
	v.Check(len(in.Nominal) <= 20, "nominal", "supply.too_many_activities")
	v.Check(in.ShelfLifeHours >= 0 && in.ShelfLifeHours <= MaxShelfLifeHours, "shelf_life_hours", "supply.shelf_life_range")
	if in.Name == "" && !v.Has("nuclide") && !v.Has("form") {
		in.Name = in.Nuclide + " " + strings.ReplaceAll(in.Form, "_", " ")
	}
	return v.Err()
}

// ParseActivities reads a list such as "10 GBq; 20 GBq" or "2,5 GBq; 5 GBq" (semicolons or new
// lines between; a comma separates only when no activity uses a decimal comma).
func ParseActivities(s string) ([]nuclide.Activity, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, true
	}
	sep := func(r rune) bool { return r == ';' || r == '\n' || r == '|' }
	parts := strings.FieldsFunc(s, sep)
	if len(parts) == 1 && strings.Count(s, ",") > 0 {
		if _, err := nuclide.ParseActivity(s); err != nil {
			parts = strings.Split(s, ",")
		}
	}
	var out []nuclide.Activity
	for _, p := range parts {
		if strings.TrimSpace(p) == "" {
			continue
		}
		a, err := nuclide.ParseActivity(p)
		if err != nil {
			return nil, false
		}
		out = append(out, a)
	}
	return out, true
}

func encodeActivities(list []nuclide.Activity) string {
	if list == nil {
		list = []nuclide.Activity{}
	}
	b, _ := json.Marshal(list)
	return string(b)
}

func decodeActivities(s string) []nuclide.Activity {
	var out []nuclide.Activity
	json.Unmarshal([]byte(s), &out)
	if out == nil {
		out = []nuclide.Activity{}
	}
	return out
}

// Schedule is a recurring operating cycle of a facility and the runs it yields.
type Schedule struct {
	ID           int64            `json:"id"`
	FacilityID   int64            `json:"facility_id"`
	FacilityName string           `json:"facility_name"`
	OrgID        int64            `json:"org_id"`
	ProductID    *int64           `json:"product_id,omitempty"`
	ProductName  string           `json:"product_name,omitempty"`
	Nuclide      string           `json:"nuclide,omitempty" doc:"The product's nuclide"`
	StartsOn     time.Time        `json:"starts_on" format:"date" doc:"YYYY-MM-DD: first day of the first cycle"`
	EndsOn       *time.Time       `json:"ends_on,omitempty" format:"date" doc:"YYYY-MM-DD"`
	OnDays       int              `json:"on_days"`
	OffDays      int              `json:"off_days"`
	Activity     nuclide.Activity `json:"activity_bq" doc:"Activity of one run, in becquerel"`
	ActivityText string           `json:"activity,omitempty" doc:"The same activity with a unit, as writes take it, e.g. \"229.4 TBq\""`
	RunWeekdays  Weekdays         `json:"run_weekdays" doc:"Days with a run: mon..sun; empty means every day on"`
	Note         string           `json:"note,omitempty"`
	CreatedAt    time.Time        `json:"created_at"`
	UpdatedAt    time.Time        `json:"updated_at"`
}

// MarshalJSON writes the schedule as the API takes it: dates as YYYY-MM-DD, the activity with a
// unit beside the becquerels, the run weekdays as codes.
func (s Schedule) MarshalJSON() ([]byte, error) {
	type plain Schedule
	s.ActivityText = activityText(s.Activity)
	return json.Marshal(struct {
		plain
		StartsOn string `json:"starts_on"`
		EndsOn   string `json:"ends_on,omitempty"`
	}{plain(s), s.StartsOn.Format(time.DateOnly), dateText(s.EndsOn)})
}

// activityText shows an activity for a form or the API; empty for none.
func activityText(a nuclide.Activity) string {
	if a == 0 {
		return ""
	}
	return a.String()
}

// Weekdays is a set of days of the week, bit 1<<time.Weekday. In JSON it is a list of codes
// ("mon".."sun"), the empty list meaning every day on.
type Weekdays int

// List is the days as codes, Monday first; empty for every day.
func (w Weekdays) List() []string {
	out := []string{}
	for _, d := range weekdayOrder {
		if w != 0 && w&(1<<d) != 0 {
			out = append(out, weekdayCodes[d])
		}
	}
	return out
}

// MarshalJSON writes the days as codes: ["mon","thu"].
func (w Weekdays) MarshalJSON() ([]byte, error) { return json.Marshal(w.List()) }

// UnmarshalJSON reads a list of codes.
func (w *Weekdays) UnmarshalJSON(b []byte) error {
	var codes []string
	if err := json.Unmarshal(b, &codes); err != nil {
		return err
	}
	d, ok := ParseWeekdays(codes)
	if !ok {
		return fmt.Errorf("unknown weekday in %s", b)
	}
	*w = d
	return nil
}

// Schema documents the JSON form in the OpenAPI document.
func (Weekdays) Schema(huma.Registry) *huma.Schema {
	enum := make([]any, len(WeekdayCodes))
	for i, c := range WeekdayCodes {
		enum[i] = c
	}
	return &huma.Schema{Type: huma.TypeArray, Items: &huma.Schema{Type: huma.TypeString, Enum: enum},
		Description: "Days with a run: mon..sun; empty means every day on"}
}

// Has reports whether the set holds d; the empty set means every day.
func (w Weekdays) Has(d time.Weekday) bool { return w == 0 || w&(1<<d) != 0 }

// Codes lists the days as "mon,wed"; empty for every day.
func (w Weekdays) Codes() string { return strings.Join(w.List(), ",") }

var weekdayOrder = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
var weekdayCodes = map[time.Weekday]string{time.Monday: "mon", time.Tuesday: "tue", time.Wednesday: "wed",
	time.Thursday: "thu", time.Friday: "fri", time.Saturday: "sat", time.Sunday: "sun"}

// WeekdayCodes are the codes of the days of the week, Monday first.
var WeekdayCodes = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// ParseWeekdays reads codes such as "mon,thu"; empty means every day.
func ParseWeekdays(codes []string) (Weekdays, bool) {
	var w Weekdays
	for _, c := range codes {
		c = strings.ToLower(strings.TrimSpace(c))
		if c == "" {
			continue
		}
		found := false
		for d, code := range weekdayCodes {
			if code == c {
				w |= 1 << d
				found = true
			}
		}
		if !found {
			return 0, false
		}
	}
	return w, true
}

// On reports whether the cycle has the facility on during the day that begins at day (a date).
func (s Schedule) On(day time.Time) bool {
	if day.Before(s.StartsOn) || (s.EndsOn != nil && !day.Before(*s.EndsOn)) {
		return false
	}
	period := s.OnDays + s.OffDays
	if period <= 0 {
		return false
	}
	n := int(day.Sub(s.StartsOn).Hours()/24 + 0.5)
	return n%period < s.OnDays
}

// ScheduleInput is what creating or changing a schedule takes.
type ScheduleInput struct {
	FacilityID  int64
	ProductID   *int64
	StartsOn    time.Time
	EndsOn      *time.Time
	OnDays      int
	OffDays     int
	Activity    nuclide.Activity
	RunWeekdays Weekdays
	Note        string
}

// MaxCycleDays bounds one phase of a cycle: a year.
const MaxCycleDays = 366

// Validate checks the cycle on its own.
func (in *ScheduleInput) Validate() error {
	var v kern.Validation
	in.Note = strings.TrimSpace(in.Note)
	v.Check(in.FacilityID > 0, "facility_id", "field.required")
	v.Check(!in.StartsOn.IsZero(), "starts_on", "field.required")
	v.Check(in.EndsOn == nil || in.EndsOn.After(in.StartsOn), "ends_on", "supply.ends_before_start")
	v.Check(in.OnDays >= 1 && in.OnDays <= MaxCycleDays, "on_days", "supply.cycle_days_range")
	v.Check(in.OffDays >= 0 && in.OffDays <= MaxCycleDays, "off_days", "supply.cycle_days_range")
	v.Check(in.Activity >= 0, "activity", "supply.activity_positive")
	v.Check(in.Activity == 0 || in.ProductID != nil, "product_id", "supply.activity_needs_product")
	v.Check(in.RunWeekdays >= 0 && in.RunWeekdays < 1<<7, "run_weekdays", "field.unknown_choice")
	v.Check(len(in.Note) <= 1000, "note", "field.too_long")
	return v.Err()
}

// Outage is a period in which a facility runs at reduced capacity (100 % reduction: stopped).
type Outage struct {
	ID           int64     `json:"id"`
	FacilityID   int64     `json:"facility_id"`
	FacilityName string    `json:"facility_name"`
	OrgID        int64     `json:"org_id"`
	StartsAt     time.Time `json:"starts_at"`
	EndsAt       time.Time `json:"ends_at"`
	Reduction    int       `json:"reduction_pct"`
	Planned      bool      `json:"planned"`
	Reason       string    `json:"reason"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Kind is "planned" or "unplanned".
func (o Outage) Kind() string {
	if o.Planned {
		return "planned"
	}
	return "unplanned"
}

// OutageInput is what publishing or changing an outage takes.
type OutageInput struct {
	FacilityID int64
	StartsAt   time.Time
	EndsAt     time.Time
	Reduction  int
	Planned    bool
	Reason     string
}

// Validate checks the outage: it ends after it starts and reduces capacity by 0–100 %.
func (in *OutageInput) Validate() error {
	var v kern.Validation
	in.Reason = strings.TrimSpace(in.Reason)
	v.Check(in.FacilityID > 0, "facility_id", "field.required")
	v.Check(!in.StartsAt.IsZero(), "starts_at", "field.required")
	v.Check(!in.EndsAt.IsZero(), "ends_at", "field.required")
	if !v.Has("starts_at") && !v.Has("ends_at") {
		v.Check(in.EndsAt.After(in.StartsAt), "ends_at", "supply.outage_ends_before_start")
	}
	v.Check(in.Reduction >= 0 && in.Reduction <= 100, "reduction_pct", "supply.reduction_range")
	v.Check(len(in.Reason) <= 2000, "reason", "field.too_long")
	in.StartsAt, in.EndsAt = in.StartsAt.UTC(), in.EndsAt.UTC()
	return v.Err()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// CanPublish reports whether p may change what a facility of the organisation publishes:
// the coordination office, or anyone holding a role in the producer organisation.
func CanPublish(p *auth.Principal, orgID int64) bool { return p.IsCoordinator() || p.InOrg(orgID) }

// Standing is what p's roles make p in the supply chain: it decides which links and buttons a
// page shows. The services check every action themselves.
type Standing struct {
	Coordinator bool // the coordination office (or an admin): runs allocations, publishes for all
	Hospital    bool // a role in a hospital organisation: its own demand and allocation
	Producer    bool // a role in a producer organisation: the demand for its products
	Publisher   bool // may publish facilities, schedules and outages: the coordination office, or a role in a producer or an organisation owning a facility
}
