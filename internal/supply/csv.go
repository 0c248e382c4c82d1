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
	"kern/internal/web"
)

// OutageHeader is the CSV format of outages, the same for export and import. The facility column
// is for reading; the import goes by facility_id.
var OutageHeader = []string{"facility_id", "facility", "starts_at", "ends_at", "reduction_pct", "kind", "reason"}

// MaxImportRows bounds one import.
const MaxImportRows = 10000

// OutageImportRow is one outage an import would publish.
type OutageImportRow struct {
	Line       int    `json:"line"`
	FacilityID int64  `json:"facility_id"`
	Facility   string `json:"facility"`
	StartsAt   string `json:"starts_at"`
	EndsAt     string `json:"ends_at"`
	Reduction  int    `json:"reduction_pct"`
	Kind       string `json:"kind"`
	in         OutageInput
}

// OutageImportError is a row that cannot be imported, by line number.
type OutageImportError struct {
	Line    int    `json:"line"`
	Field   string `json:"field"`
	Key     string `json:"-"`
	Message string `json:"message"`
}

// OutageImportReport is what an import did, or would do in a dry run.
type OutageImportReport struct {
	DryRun  bool                `json:"dry_run"`
	Applied bool                `json:"applied"`
	Rows    []OutageImportRow   `json:"rows"`
	Errors  []OutageImportError `json:"errors"`
}

// ParseInstant reads an instant as a producer writes it: RFC 3339, or "2026-05-04 06:00",
// "2026-05-04T06:00" or a bare date, in Amsterdam time.
func ParseInstant(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), true
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02 15:04:05", time.DateOnly} {
		if t, err := time.ParseInLocation(layout, s, web.Amsterdam); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// ImportOutages reads outages in the export's CSV format (comma or semicolon separated) and
// publishes them: with dryRun it only reports what it would publish. Any bad row refuses the
// whole import, with every bad row reported by line; nothing is written then.
func (s *Service) ImportOutages(ctx context.Context, p *auth.Principal, src io.Reader, dryRun bool) (OutageImportReport, error) {
	rep := OutageImportReport{DryRun: dryRun, Rows: []OutageImportRow{}, Errors: []OutageImportError{}}
	if err := auth.RequireWrite(p); err != nil {
		return rep, err
	}
	r, err := csvin.Open(src, importKeys, "facility_id", "starts_at", "ends_at", "reduction_pct")
	if err != nil {
		return rep, err
	}
	q := s.DB.Reader(ctx)
	facilities := map[int64]*Facility{}
	for r.Next() {
		line := r.Line()
		if len(rep.Rows)+len(rep.Errors) >= MaxImportRows {
			rep.Errors = append(rep.Errors, OutageImportError{Line: line, Field: "file", Key: "supply.import_too_many"})
			break
		}
		if r.Blank() {
			continue
		}
		bad := func(field, key string) {
			rep.Errors = append(rep.Errors, OutageImportError{Line: line, Field: field, Key: key})
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
			f, facilities[id] = &got, &got
		}
		in := OutageInput{FacilityID: id, Reason: r.Get("reason"), Planned: true}
		rowOK := true
		if t, ok := ParseInstant(r.Get("starts_at")); ok {
			in.StartsAt = t
		} else {
			bad("starts_at", "supply.instant_invalid")
			rowOK = false
		}
		if t, ok := ParseInstant(r.Get("ends_at")); ok {
			in.EndsAt = t
		} else {
			bad("ends_at", "supply.instant_invalid")
			rowOK = false
		}
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(r.Get("reduction_pct")), "%"))
		if err != nil {
			bad("reduction_pct", "field.invalid_number")
			rowOK = false
		}
		in.Reduction = n
		switch strings.ToLower(r.Get("kind")) {
		case "", "planned", "gepland":
		case "unplanned", "ongepland":
			in.Planned = false
		default:
			bad("kind", "field.unknown_choice")
			rowOK = false
		}
		if !rowOK {
			continue
		}
		if err := in.Validate(); err != nil {
			for _, field := range kern.AsError(err).FieldNames() {
				bad(field, kern.AsError(err).Fields[field])
			}
			continue
		}
		rep.Rows = append(rep.Rows, OutageImportRow{Line: line, FacilityID: id, Facility: f.Name,
			StartsAt: in.StartsAt.Format(time.RFC3339), EndsAt: in.EndsAt.Format(time.RFC3339), Reduction: in.Reduction,
			Kind: Outage{Planned: in.Planned}.Kind(), in: in})
	}
	if r.Err() != nil {
		rep.Errors = append(rep.Errors, OutageImportError{Line: r.Line(), Field: "file", Key: "supply.import_unreadable"})
	}
	if len(rep.Errors) > 0 || dryRun {
		return rep, nil
	}
	now := s.now()
	err = s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		for _, row := range rep.Rows {
			if _, err := createOutage(ctx, q, p, row.in, now); err != nil {
				return err
			}
		}
		return nil
	})
	rep.Applied = err == nil
	return rep, err
}

// importKeys are the messages for a file that is no import at all.
var importKeys = csvin.Keys{Empty: "supply.import_empty", Header: "supply.import_header", HeaderField: "supply.import_header_field"}

// OutageRows are outages as CSV rows in OutageHeader's order.
func OutageRows(list []Outage) [][]string {
	out := make([][]string, len(list))
	for i, o := range list {
		out[i] = []string{strconv.FormatInt(o.FacilityID, 10), o.FacilityName, o.StartsAt.In(web.Amsterdam).Format(time.RFC3339),
			o.EndsAt.In(web.Amsterdam).Format(time.RFC3339), strconv.Itoa(o.Reduction), o.Kind(), o.Reason}
	}
	return out
}
