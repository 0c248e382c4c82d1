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
)

// StandingImportRow is one standing demand an import would add.
type StandingImportRow struct {
	Line       int     `json:"line"`
	OrgID      int64   `json:"org_id"`
	ProductID  int64   `json:"product_id"`
	Product    string  `json:"product"`
	Weekday    int     `json:"weekday"`
	AtTime     string  `json:"at_time"`
	ActivityBq float64 `json:"activity_bq"`
	Priority   int     `json:"priority"`
	in         StandingInput
}

// DayCode is the row's weekday as a code, for messages "supply.day.<code>".
func (r StandingImportRow) DayCode() string { return DayCodes[r.Weekday%7] }

// Amount is the row's activity for a page.
func (r StandingImportRow) Amount() Amount { return AmountOf(nuclide.Activity(r.ActivityBq)) }

// StandingImportReport is what an import of standing demand did, or would do in a dry run.
type StandingImportReport struct {
	DryRun  bool                `json:"dry_run"`
	Applied bool                `json:"applied"`
	Rows    []StandingImportRow `json:"rows"`
	Errors  []OrderImportError  `json:"errors"`
}

// parseWeekday reads a weekday as the export writes it (mon … sun) or as a number (Sunday = 0,
// Sunday may also be 7).
func parseWeekday(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for i, c := range DayCodes {
		if s == c {
			return i, true
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 7 {
		return 0, false
	}
	return n % 7, true
}

// ImportStanding reads standing weekly demand in the export's CSV format (comma or semicolon
// separated; id, hospital, product and nuclide are for reading and ignored) and adds it: with
// dryRun it only reports what it would add. Any bad row refuses the whole import, with every bad
// row reported by line and column; nothing is written then. A hospital's user imports only its
// own hospital's rows: another hospital's row is refused by its line.
func (s *Service) ImportStanding(ctx context.Context, p *auth.Principal, src io.Reader, dryRun bool) (StandingImportReport, error) {
	rep := StandingImportReport{DryRun: dryRun, Rows: []StandingImportRow{}, Errors: []OrderImportError{}}
	if err := auth.RequireWrite(p); err != nil {
		return rep, err
	}
	r, err := csvin.Open(src, importKeys, "product_id", "weekday", "at_time", "starts_on")
	if err != nil {
		return rep, err
	}
	if !r.Has("activity") && !r.Has("activity_bq") {
		return rep, csvin.MissingColumn(importKeys, "activity")
	}
	refs := s.importRefs(ctx, p)
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
			if !hasError(rep.Errors, line, field) {
				rep.Errors = append(rep.Errors, OrderImportError{Line: line, Field: field, Key: key})
			}
			rowOK = false
		}
		in := StandingInput{Note: r.Get("note"), Priority: 2, AtTime: r.Get("at_time")}
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
		if d, ok := parseWeekday(r.Get("weekday")); ok {
			in.Weekday = d
		} else {
			bad("weekday", "demand.weekday_invalid")
		}
		// The activity: the readable column, else the becquerel one (the export writes both).
		if v := r.Get("activity"); v != "" {
			if a, err := nuclide.ParseActivity(v); err == nil {
				in.Activity = a
			} else {
				bad("activity", "demand.activity_invalid")
			}
		} else if v := r.Get("activity_bq"); v != "" {
			if x, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64); err == nil {
				in.Activity = nuclide.Activity(x)
			} else {
				bad("activity_bq", "field.invalid_number")
			}
		} else {
			bad("activity", "demand.activity_missing")
		}
		if v := r.Get("priority"); v != "" {
			n, err := strconv.Atoi(v)
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
		if v := r.Get("window_hours"); v != "" {
			x, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
			if err != nil {
				bad("window_hours", "field.invalid_number")
			}
			in.WindowHours = x
		}
		if t, err := time.Parse(time.DateOnly, r.Get("starts_on")); err == nil {
			in.StartsOn = t
		} else {
			bad("starts_on", "field.invalid_date")
		}
		if v := r.Get("ends_on"); v != "" {
			if t, err := time.Parse(time.DateOnly, v); err == nil {
				in.EndsOn = &t
			} else {
				bad("ends_on", "field.invalid_date")
			}
		}
		if err := in.Validate(); err != nil {
			e := kern.AsError(err)
			for _, field := range e.FieldNames() {
				bad(field, e.Fields[field])
			}
		}
		if !rowOK {
			continue
		}
		rep.Rows = append(rep.Rows, StandingImportRow{Line: line, OrgID: in.OrgID, ProductID: in.ProductID, Product: pr.Label(),
			Weekday: in.Weekday, AtTime: in.AtTime, ActivityBq: float64(in.Activity), Priority: in.Priority, in: in})
	}
	if r.Err() != nil {
		rep.Errors = append(rep.Errors, OrderImportError{Line: r.Line(), Field: "file", Key: "demand.import_unreadable"})
	}
	if len(rep.Errors) > 0 || dryRun {
		return rep, nil
	}
	now := s.now()
	err = s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		for _, row := range rep.Rows {
			if _, err := createStanding(ctx, q, p, row.in, now); err != nil {
				return err
			}
		}
		return nil
	})
	rep.Applied = err == nil
	return rep, err
}
