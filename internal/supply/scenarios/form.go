package scenarios

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/web"
)

// The edit form has one row of fields per change, named c<i>_<field> ("c2_ends_at"); an error on
// "changes[2].ends_at" is shown next to that field.

// rowFields are the fields of a change row, as the form names them after the prefix.
var rowFields = []string{"kind", "facility_id", "site", "country", "nuclide", "product_id", "region", "factor",
	"starts_at", "ends_at", "reduction_pct", "extra_hours", "closed"}

func rowName(i int, field string) string { return fmt.Sprintf("c%d_%s", i, field) }

var changeField = regexp.MustCompile(`^changes\[(\d+)\]\.([a-z_]+)$`)

// formField maps an error's field to the form's input.
func formField(field string) string {
	if m := changeField.FindStringSubmatch(field); m != nil {
		i, _ := strconv.Atoi(m[1])
		return rowName(i, m[2])
	}
	if strings.HasPrefix(field, "policy.") {
		return strings.TrimPrefix(field, "policy.")
	}
	return field
}

// remap moves the errors of changes to the fields of their rows.
func remap(err error) error {
	e := kern.AsError(err)
	if e == nil || e.Code != kern.Invalid {
		return err
	}
	out := &kern.Error{Code: e.Code, Key: "scenarios.error.invalid", Args: e.Args, Fields: map[string]string{}}
	for f, key := range e.Fields {
		out.Fields[formField(f)] = key
	}
	return out
}

const localLayout = "2006-01-02T15:04"

func localTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(web.Amsterdam).Format(localLayout)
}

func num(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// rowValues is a change as its row's fields show it.
func rowValues(c Change) map[string]string {
	m := map[string]string{"kind": c.Kind, "site": c.Site, "country": c.Country, "nuclide": c.Nuclide, "region": c.Region,
		"starts_at": localTime(c.StartsAt), "ends_at": localTime(c.EndsAt)}
	if c.FacilityID != 0 {
		m["facility_id"] = strconv.FormatInt(c.FacilityID, 10)
	}
	if c.ProductID != 0 {
		m["product_id"] = strconv.FormatInt(c.ProductID, 10)
	}
	if c.Factor != nil {
		m["factor"] = num(*c.Factor)
	}
	if c.Kind == KindOutage {
		m["reduction_pct"] = strconv.Itoa(c.ReductionPct)
	}
	if c.ExtraHours != 0 {
		m["extra_hours"] = num(c.ExtraHours)
	}
	if c.Closed {
		m["closed"] = "1"
	}
	return m
}

// formValues are a scenario's values in the edit form's fields.
func formValues(s Scenario) url.Values {
	v := url.Values{}
	v.Set("name", s.Name)
	v.Set("description", s.Description)
	if s.BaselineRunID != nil {
		v.Set("baseline_run_id", strconv.FormatInt(*s.BaselineRunID, 10))
	}
	rows := make([]map[string]string, len(s.Changes))
	for i, c := range s.Changes {
		rows[i] = rowValues(c)
	}
	setRows(v, rows)
	return v
}

func setRows(v url.Values, rows []map[string]string) {
	for k := range v {
		if len(k) > 1 && k[0] == 'c' && k[1] >= '0' && k[1] <= '9' {
			delete(v, k)
		}
	}
	v.Set("rows", strconv.Itoa(len(rows)))
	for i, r := range rows {
		for _, f := range rowFields {
			if r[f] != "" {
				v.Set(rowName(i, f), r[f])
			}
		}
	}
}

// formRows reads the rows of the submitted form.
func formRows(f url.Values) []map[string]string {
	n, _ := strconv.Atoi(f.Get("rows"))
	n = max(0, min(n, MaxChanges+1))
	rows := make([]map[string]string, 0, n)
	for i := range n {
		r := map[string]string{}
		for _, fld := range rowFields {
			r[fld] = strings.TrimSpace(f.Get(rowName(i, fld)))
		}
		if r["kind"] == "" {
			continue
		}
		rows = append(rows, r)
	}
	return rows
}

// editRows applies the form's add and remove buttons: add=<kind> appends an empty row of that
// kind, remove=<i> drops row i. It reports whether the form asked for either (and so is shown
// again rather than saved).
func editRows(f url.Values) (url.Values, bool) {
	add, remove := f.Get("add"), f.Get("remove")
	if add == "" && remove == "" {
		return f, false
	}
	v := url.Values{}
	for k, vs := range f {
		v[k] = vs
	}
	v.Del("add")
	v.Del("remove")
	rows := formRows(f)
	if i, err := strconv.Atoi(remove); err == nil && i >= 0 && i < len(rows) {
		rows = append(rows[:i], rows[i+1:]...)
	}
	switch add {
	case KindOutage:
		rows = append(rows, map[string]string{"kind": add, "reduction_pct": "100"})
	case KindDemand:
		rows = append(rows, map[string]string{"kind": add, "factor": "1"})
	case KindTransport:
		rows = append(rows, map[string]string{"kind": add})
	}
	setRows(v, rows)
	return v, true
}

// parseForm reads the edit form into an Input; the values it cannot read are field errors on
// "changes[i].<field>", as the service names them.
func parseForm(f url.Values) (Input, error) {
	var v kern.Validation
	in := Input{Name: f.Get("name"), Description: f.Get("description")}
	if s := strings.TrimSpace(f.Get("baseline_run_id")); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if v.Check(err == nil && id > 0, "baseline_run_id", "scenarios.error.baseline_unknown") {
			in.BaselineRunID = id
		}
	}
	for i, r := range formRows(f) {
		pre := fmt.Sprintf("changes[%d].", i)
		c := Change{Kind: r["kind"], Site: r["site"], Country: r["country"], Nuclide: r["nuclide"], Region: r["region"],
			Closed: r["closed"] == "1" || r["closed"] == "on" || r["closed"] == "true"}
		id := func(name string) int64 {
			if r[name] == "" {
				return 0
			}
			x, err := strconv.ParseInt(r[name], 10, 64)
			v.Check(err == nil && x > 0, pre+name, "field.unknown_choice")
			return x
		}
		number := func(name string) (float64, bool) {
			s := decimalComma.Replace(r[name])
			if s == "" {
				return 0, false
			}
			x, err := strconv.ParseFloat(s, 64)
			v.Check(err == nil, pre+name, "field.invalid_number")
			return x, err == nil
		}
		when := func(name string) *time.Time {
			if r[name] == "" {
				return nil
			}
			t, err := time.ParseInLocation(localLayout, r[name], web.Amsterdam)
			if !v.Check(err == nil, pre+name, "field.invalid_date") {
				return nil
			}
			t = t.UTC()
			return &t
		}
		c.FacilityID, c.ProductID = id("facility_id"), id("product_id")
		if x, ok := number("factor"); ok {
			c.Factor = &x
		}
		if x, ok := number("reduction_pct"); ok {
			c.ReductionPct = int(x)
			v.Check(x == float64(int(x)), pre+"reduction_pct", "scenarios.error.reduction")
		}
		if x, ok := number("extra_hours"); ok {
			c.ExtraHours = x
		}
		c.StartsAt, c.EndsAt = when("starts_at"), when("ends_at")
		in.Changes = append(in.Changes, c)
	}
	return in, v.Err()
}

var decimalComma = strings.NewReplacer(",", ".", " ", "", "%", "")

// RowView is one change row of the edit form.
type RowView struct {
	Index int
	Kind  string
}

// Name is the form name of one of the row's fields.
func (r RowView) Name(field string) string { return rowName(r.Index, field) }

func rowViews(v url.Values) []RowView {
	var out []RowView
	for i, r := range formRows(v) {
		out = append(out, RowView{Index: i, Kind: r["kind"]})
	}
	return out
}

// choices are the options of the form's selects.
type choices struct {
	Facilities, Sites, Countries, Nuclides, Products, Regions, Kinds []web.Option
}

func buildChoices(refs *Refs, t func(string, ...any) string) choices {
	var c choices
	blank := web.Option{Value: "", Label: t("scenarios.choose")}
	c.Facilities = []web.Option{blank}
	var fs []RefFacility
	for _, f := range refs.Facilities {
		fs = append(fs, f)
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i].Name < fs[j].Name || fs[i].Name == fs[j].Name && fs[i].ID < fs[j].ID })
	for _, f := range fs {
		c.Facilities = append(c.Facilities, web.Option{Value: strconv.FormatInt(f.ID, 10), Label: f.Name + " (" + f.Site + ")"})
	}
	c.Sites = []web.Option{blank}
	for _, s := range refs.SiteNames() {
		c.Sites = append(c.Sites, web.Option{Value: s, Label: s})
	}
	var countries []string
	for k := range refs.Countries {
		countries = append(countries, k)
	}
	sort.Strings(countries)
	c.Countries = []web.Option{blank}
	c.Regions = []web.Option{{Value: "", Label: t("scenarios.everywhere")}}
	for _, k := range countries {
		c.Countries = append(c.Countries, web.Option{Value: k, Label: k})
		c.Regions = append(c.Regions, web.Option{Value: k, Label: k})
	}
	for _, k := range ProvinceCodes() {
		c.Regions = append(c.Regions, web.Option{Value: k, Label: Provinces[k] + " (" + k + ")"})
	}
	var ps []RefProduct
	nuclides := map[string]bool{}
	for _, p := range refs.Products {
		ps = append(ps, p)
		nuclides[p.Nuclide] = true
	}
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].Nuclide != ps[j].Nuclide {
			return ps[i].Nuclide < ps[j].Nuclide
		}
		return ps[i].Name+ps[i].Facility < ps[j].Name+ps[j].Facility
	})
	c.Products = []web.Option{blank}
	for _, p := range ps {
		c.Products = append(c.Products, web.Option{Value: strconv.FormatInt(p.ID, 10), Label: p.Name + " (" + p.Facility + ")"})
	}
	var ns []string
	for n := range nuclides {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	c.Nuclides = []web.Option{blank}
	for _, n := range ns {
		c.Nuclides = append(c.Nuclides, web.Option{Value: n, Label: n})
	}
	for _, k := range Kinds {
		c.Kinds = append(c.Kinds, web.Option{Value: k, Label: t("scenarios.kind." + k)})
	}
	return c
}
