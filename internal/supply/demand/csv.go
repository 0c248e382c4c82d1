package demand

import (
	"context"
	"io"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/csvin"
	"kern/internal/db"
	"kern/internal/nuclide"
	"kern/internal/web"
)

// OrderHeader is the CSV format of orders, the same for export and import. The hospital and
// product columns are for reading; the import goes by org_id and product_id (org_id may be left
// empty by a user of one hospital). id and status are ignored on import: every row is a new order.
var OrderHeader = []string{"id", "org_id", "hospital", "product_id", "product", "activity", "calibration_at", "window_end",
	"priority", "divisible", "reference", "status", "note"}

// StandingHeader is the CSV export of standing demand.
var StandingHeader = []string{"id", "org_id", "hospital", "product_id", "product", "nuclide", "weekday", "at_time", "activity",
	"activity_bq", "priority", "divisible", "window_hours", "starts_on", "ends_on", "note"}

// MaxImportRows bounds one import.
const MaxImportRows = 10000

// importKeys are the messages for a file that is no import at all.
var importKeys = csvin.Keys{Empty: "demand.import_empty", Header: "demand.import_header", HeaderField: "demand.import_header_field"}

// OrderImportRow is one order an import would place.
type OrderImportRow struct {
	Line          int       `json:"line"`
	OrgID         int64     `json:"org_id"`
	ProductID     int64     `json:"product_id"`
	Product       string    `json:"product"`
	ActivityBq    float64   `json:"activity_bq"`
	CalibrationAt time.Time `json:"calibration_at"`
	Priority      int       `json:"priority"`
	in            OrderInput
}

// Activity is the row's activity, readable.
func (r OrderImportRow) Activity() string { return nuclide.Activity(r.ActivityBq).String() }

// Amount is the row's activity for a page.
func (r OrderImportRow) Amount() Amount { return AmountOf(nuclide.Activity(r.ActivityBq)) }

// OrderImportError is a row that cannot be imported, by line number and column.
type OrderImportError struct {
	Line    int    `json:"line"`
	Field   string `json:"field"`
	Key     string `json:"-"`
	Message string `json:"message"`
}

// OrderImportReport is what an import did, or would do in a dry run.
type OrderImportReport struct {
	DryRun  bool               `json:"dry_run"`
	Applied bool               `json:"applied"`
	Rows    []OrderImportRow   `json:"rows"`
	Errors  []OrderImportError `json:"errors"`
}

func parseBool(s string) (*bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return nil, true
	case "1", "true", "yes", "ja", "j", "y":
		b := true
		return &b, true
	case "0", "false", "no", "nee", "n":
		b := false
		return &b, true
	}
	return nil, false
}

// ImportOrders reads orders in the export's CSV format (comma or semicolon separated) and places
// them: with dryRun it only reports what it would place. Any bad row refuses the whole import, with
// every bad row reported by line; nothing is written then.
func (s *Service) ImportOrders(ctx context.Context, p *auth.Principal, src io.Reader, dryRun bool) (OrderImportReport, error) {
	rep := OrderImportReport{DryRun: dryRun, Rows: []OrderImportRow{}, Errors: []OrderImportError{}}
	if err := auth.RequireWrite(p); err != nil {
		return rep, err
	}
	r, err := csvin.Open(src, importKeys, "product_id", "activity", "calibration_at")
	if err != nil {
		return rep, err
	}
	refs := s.importRefs(ctx, p)
	now := s.now()
	for r.Next() {
		line := r.Line()
		if len(rep.Rows)+len(rep.Errors) >= MaxImportRows {
			rep.Errors = append(rep.Errors, OrderImportError{Line: line, Field: "file", Key: "demand.import_too_many"})
			break
		}
		if r.Blank() {
			continue
		}
		rowOK := true
		bad := func(field, key string) {
			rep.Errors = append(rep.Errors, OrderImportError{Line: line, Field: field, Key: key})
			rowOK = false
		}
		in := OrderInput{Reference: r.Get("reference"), Note: r.Get("note"), Priority: 2}
		id, ok, err := refs.hospital(ctx, r.Get("org_id"))
		if err != nil {
			return rep, err
		}
		if in.OrgID = id; !ok {
			bad("org_id", "demand.hospital_unknown")
		}
		id, pr, err := refs.product(ctx, r.Get("product_id"))
		if err != nil {
			return rep, err
		}
		if in.ProductID = id; pr == nil {
			bad("product_id", "demand.product_unknown")
		}
		if a, err := nuclide.ParseActivity(r.Get("activity")); err != nil {
			bad("activity", "demand.activity_invalid")
		} else {
			in.Activity = a
		}
		if t, ok := ParseInstant(r.Get("calibration_at")); ok {
			in.CalibrationAt = t
		} else {
			bad("calibration_at", "demand.instant_invalid")
		}
		if s := r.Get("window_end"); s != "" {
			if t, ok := ParseInstant(s); ok {
				in.WindowEnd = &t
			} else {
				bad("window_end", "demand.instant_invalid")
			}
		}
		if s := r.Get("priority"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				bad("priority", "demand.priority_range")
			}
			in.Priority = n
		}
		d, ok := parseBool(r.Get("divisible"))
		if !ok {
			bad("divisible", "field.unknown_choice")
		}
		in.Divisible = d
		if err := in.Validate(now); err != nil {
			e := kern.AsError(err)
			for _, field := range e.FieldNames() {
				if !hasError(rep.Errors, line, field) {
					bad(field, e.Fields[field])
				}
			}
		}
		if !rowOK {
			continue
		}
		rep.Rows = append(rep.Rows, OrderImportRow{Line: line, OrgID: in.OrgID, ProductID: in.ProductID, Product: pr.Label(),
			ActivityBq: float64(in.Activity), CalibrationAt: in.CalibrationAt, Priority: in.Priority, in: in})
	}
	if r.Err() != nil {
		rep.Errors = append(rep.Errors, OrderImportError{Line: r.Line(), Field: "file", Key: "demand.import_unreadable"})
	}
	if len(rep.Errors) > 0 || dryRun {
		return rep, nil
	}
	err = s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		for _, row := range rep.Rows {
			if _, err := createOrder(ctx, q, p, row.in, now); err != nil {
				return err
			}
		}
		return nil
	})
	rep.Applied = err == nil
	return rep, err
}

func hasError(list []OrderImportError, line int, field string) bool {
	for _, e := range list {
		if e.Line == line && e.Field == field {
			return true
		}
	}
	return false
}

func instantText(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(web.Amsterdam).Format("2006-01-02 15:04")
}

// OrderRows are orders as CSV rows in OrderHeader's order.
func OrderRows(list []Order) [][]string {
	out := make([][]string, len(list))
	for i, o := range list {
		out[i] = []string{fmtID(o.ID), fmtID(o.OrgID), o.OrgName, fmtID(o.ProductID), o.ProductLabel(), o.Activity.String(),
			instantText(&o.CalibrationAt), instantText(o.WindowEnd), strconv.Itoa(o.Priority), strconv.FormatBool(o.Divisible),
			o.Reference, o.Status, o.Note}
	}
	return out
}

// StandingRows are standing demands as CSV rows in StandingHeader's order.
func StandingRows(list []StandingDemand) [][]string {
	out := make([][]string, len(list))
	for i, s := range list {
		ends := ""
		if s.EndsOn != nil {
			ends = s.EndsOn.Format(time.DateOnly)
		}
		out[i] = []string{fmtID(s.ID), fmtID(s.OrgID), s.OrgName, fmtID(s.ProductID), s.ProductLabel(), s.Nuclide, s.DayCode(), s.AtTime,
			s.Activity.String(), strconv.FormatFloat(float64(s.Activity), 'f', 0, 64), strconv.Itoa(s.Priority),
			strconv.FormatBool(s.Divisible), strconv.FormatFloat(s.WindowHours, 'f', -1, 64), s.StartsOn.Format(time.DateOnly), ends, s.Note}
	}
	return out
}

// RouteHeader is the CSV export of the routes: the defaults by country pair (kind "default") and
// the overrides per facility–hospital pair (kind "override").
var RouteHeader = []string{"kind", "id", "from_country", "to_country", "facility_id", "facility", "org_id", "hospital", "transit_hours", "note"}

// RouteRows are the defaults and the overrides as CSV rows in RouteHeader's order.
func RouteRows(defaults []RouteDefault, routes []Route) [][]string {
	out := make([][]string, 0, len(defaults)+len(routes))
	for _, d := range defaults {
		out = append(out, []string{"default", fmtID(d.ID), d.FromCountry, d.ToCountry, "", "", "", "",
			strconv.FormatFloat(d.TransitHours, 'f', -1, 64), ""})
	}
	for _, r := range routes {
		out = append(out, []string{"override", fmtID(r.ID), r.FacilityCountry, r.OrgCountry, fmtID(r.FacilityID), r.FacilityName,
			fmtID(r.OrgID), r.OrgName, strconv.FormatFloat(r.TransitHours, 'f', -1, 64), r.Note})
	}
	return out
}
