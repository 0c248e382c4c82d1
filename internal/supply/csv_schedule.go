package supply

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
)

// ScheduleHeader is the CSV format of operating cycles, the same for export and import. The
// facility and product columns are for reading; the import goes by their ids. run_weekdays holds
// day codes separated by spaces ("mon thu"), empty for every day on.
var ScheduleHeader = []string{"facility_id", "facility", "product_id", "product", "starts_on", "ends_on", "on_days", "off_days",
	"activity", "run_weekdays", "note"}

// ImportError is a row that cannot be imported, by line number and column.
type ImportError = OutageImportError

// ScheduleImportRow is one operating cycle an import would publish.
type ScheduleImportRow struct {
	Line        int      `json:"line"`
	FacilityID  int64    `json:"facility_id"`
	Facility    string   `json:"facility"`
	ProductID   *int64   `json:"product_id,omitempty"`
	Product     string   `json:"product,omitempty"`
	StartsOn    string   `json:"starts_on"`
	EndsOn      string   `json:"ends_on,omitempty"`
	OnDays      int      `json:"on_days"`
	OffDays     int      `json:"off_days"`
	Activity    string   `json:"activity,omitempty"`
	RunWeekdays []string `json:"run_weekdays"`
	in          ScheduleInput
}

// ScheduleImportReport is what an import of operating cycles did, or would do in a dry run.
type ScheduleImportReport struct {
	DryRun  bool                `json:"dry_run"`
	Applied bool                `json:"applied"`
	Rows    []ScheduleImportRow `json:"rows"`
	Errors  []ImportError       `json:"errors"`
}

// splitWeekdays reads "mon thu", "mon,thu" or "mon;thu".
func splitWeekdays(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '|' || r == '/' })
}

// ImportSchedules reads operating cycles in the export's CSV format (comma or semicolon separated)
// and publishes them: with dryRun it only reports what it would publish. Any bad row refuses the
// whole import, with every bad row reported by line and column; nothing is written then. A
// facility of another producer is refused on its line (the tenant rule), and every cycle
// created is audited.
func (s *Service) ImportSchedules(ctx context.Context, p *auth.Principal, src io.Reader, dryRun bool) (ScheduleImportReport, error) {
	rep := ScheduleImportReport{DryRun: dryRun, Rows: []ScheduleImportRow{}, Errors: []ImportError{}}
	if err := auth.RequireWrite(p); err != nil {
		return rep, err
	}
	r, err := csvin.Open(src, importKeys, "facility_id", "starts_on", "on_days", "off_days")
	if err != nil {
		return rep, err
	}
	q := s.DB.Reader(ctx)
	facilities := map[int64]*Facility{}
	products := map[int64]map[int64]Product{}
	for r.Next() {
		line := r.Line()
		if len(rep.Rows)+len(rep.Errors) >= MaxImportRows {
			rep.Errors = append(rep.Errors, ImportError{Line: line, Field: "file", Key: "supply.import_too_many"})
			break
		}
		if r.Blank() {
			continue
		}
		rowOK := true
		bad := func(field, key string) {
			rep.Errors = append(rep.Errors, ImportError{Line: line, Field: field, Key: key})
			rowOK = false
		}
		id, err := strconv.ParseInt(r.Get("facility_id"), 10, 64)
		if err != nil || id <= 0 {
			bad("facility_id", "supply.facility_unknown")
			continue
		}
		f, ok := facilities[id]
		if !ok {
			got, err := writableFacility(ctx, q, p, id)
			if kern.ErrorCode(err) == kern.NotFound {
				bad("facility_id", "supply.facility_unknown")
				continue
			}
			if err != nil {
				return rep, err
			}
			list, err := listProducts(ctx, q, ProductFilter{FacilityID: id})
			if err != nil {
				return rep, err
			}
			products[id] = map[int64]Product{}
			for _, x := range list {
				products[id][x.ID] = x
			}
			f, facilities[id] = &got, &got
		}
		in := ScheduleInput{FacilityID: id, Note: r.Get("note")}
		row := ScheduleImportRow{Line: line, FacilityID: id, Facility: f.Name}
		if v := r.Get("product_id"); v != "" {
			pid, err := strconv.ParseInt(v, 10, 64)
			if x, ok := products[id][pid]; err == nil && ok {
				in.ProductID, row.ProductID, row.Product = &pid, &pid, x.Name
			} else {
				bad("product_id", "supply.product_not_of_facility")
			}
		}
		if v := r.Get("starts_on"); v == "" {
			bad("starts_on", "field.required")
		} else if d, err := time.Parse(time.DateOnly, v); err == nil {
			in.StartsOn = d
		} else {
			bad("starts_on", "field.invalid_date")
		}
		if v := r.Get("ends_on"); v != "" {
			if d, err := time.Parse(time.DateOnly, v); err == nil {
				in.EndsOn = &d
			} else {
				bad("ends_on", "field.invalid_date")
			}
		}
		for _, x := range []struct {
			name string
			to   *int
		}{{"on_days", &in.OnDays}, {"off_days", &in.OffDays}} {
			n, err := strconv.Atoi(r.Get(x.name))
			if err != nil {
				bad(x.name, "field.invalid_number")
			}
			*x.to = n
		}
		if v := r.Get("activity"); v != "" {
			a, err := nuclide.ParseActivity(v)
			if err != nil {
				bad("activity", "supply.activity_invalid")
			}
			in.Activity = a
		}
		days, ok := ParseWeekdays(splitWeekdays(r.Get("run_weekdays")))
		if !ok {
			bad("run_weekdays", "field.unknown_choice")
		}
		in.RunWeekdays = days
		if !rowOK {
			continue
		}
		if err := in.Validate(); err != nil {
			for _, field := range kern.AsError(err).FieldNames() {
				bad(field, kern.AsError(err).Fields[field])
			}
			continue
		}
		row.StartsOn, row.EndsOn = in.StartsOn.Format(time.DateOnly), dateText(in.EndsOn)
		row.OnDays, row.OffDays, row.Activity, row.RunWeekdays = in.OnDays, in.OffDays, activityText(in.Activity), in.RunWeekdays.List()
		row.in = in
		rep.Rows = append(rep.Rows, row)
	}
	if r.Err() != nil {
		rep.Errors = append(rep.Errors, ImportError{Line: r.Line(), Field: "file", Key: "supply.import_unreadable"})
	}
	if len(rep.Errors) > 0 || dryRun {
		return rep, nil
	}
	now := s.now()
	err = s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		for _, row := range rep.Rows {
			if _, err := createSchedule(ctx, q, p, row.in, now); err != nil {
				return err
			}
		}
		return nil
	})
	rep.Applied = err == nil
	return rep, err
}

// ScheduleRows are operating cycles as CSV rows in ScheduleHeader's order.
func ScheduleRows(list []Schedule) [][]string {
	out := make([][]string, len(list))
	for i, s := range list {
		product := ""
		if s.ProductID != nil {
			product = strconv.FormatInt(*s.ProductID, 10)
		}
		out[i] = []string{strconv.FormatInt(s.FacilityID, 10), s.FacilityName, product, s.ProductName, s.StartsOn.Format(time.DateOnly),
			dateText(s.EndsOn), strconv.Itoa(s.OnDays), strconv.Itoa(s.OffDays), activityText(s.Activity),
			strings.Join(s.RunWeekdays.List(), " "), s.Note}
	}
	return out
}
