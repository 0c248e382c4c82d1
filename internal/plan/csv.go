package plan

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/csvin"
	"kern/internal/db"
)

// MeasurementHeader is the CSV format of measurements, the same for export and import. The kpi
// column is for reading; the import goes by kpi_id.
var MeasurementHeader = []string{"kpi_id", "kpi", "date", "value", "unit", "source", "note", "demo"}

// MaxImportRows bounds one import.
const MaxImportRows = 50000

// importKeys are the messages for a file that is no import at all.
var importKeys = csvin.Keys{Empty: "plan.import_empty", Header: "plan.import_header", HeaderField: "plan.import_header_field"}

// ImportRow is one row of an import and what it would do.
type ImportRow struct {
	Line     int      `json:"line"`
	KPIID    int64    `json:"kpi_id"`
	KPI      string   `json:"kpi"`
	On       string   `json:"date"`
	Value    float64  `json:"value"`
	Previous *float64 `json:"previous,omitempty"`
	Action   string   `json:"action" enum:"new,correction,unchanged"`
	in       MeasurementInput
}

// ImportError is a row that cannot be imported, by line number.
type ImportError struct {
	Line    int    `json:"line"`
	Field   string `json:"field"`
	Key     string `json:"-"`
	Message string `json:"message"`
}

// ImportReport is what an import did, or would do in a dry run.
type ImportReport struct {
	DryRun      bool          `json:"dry_run"`
	Applied     bool          `json:"applied"`
	New         int           `json:"new"`
	Corrections int           `json:"corrections"`
	Unchanged   int           `json:"unchanged"`
	Rows        []ImportRow   `json:"rows"`
	Errors      []ImportError `json:"errors"`
}

// ImportMeasurements reads measurements in the export's CSV format (comma or semicolon
// separated) and records them: with dryRun it only reports what would change. Any bad row
// refuses the whole import, with every bad row reported by line; nothing is written then.
func (s *Service) ImportMeasurements(ctx context.Context, p *auth.Principal, src io.Reader, dryRun bool) (ImportReport, error) {
	rep := ImportReport{DryRun: dryRun, Rows: []ImportRow{}, Errors: []ImportError{}}
	if err := auth.RequireWrite(p); err != nil {
		return rep, err
	}
	r, err := csvin.Open(src, importKeys, "kpi_id", "date", "value")
	if err != nil {
		return rep, err
	}
	today := s.today()
	kpis := map[int64]*KPI{}
	q := s.DB.Reader(ctx)
	for r.Next() {
		line := r.Line()
		if len(rep.Rows)+len(rep.Errors) >= MaxImportRows {
			rep.Errors = append(rep.Errors, ImportError{Line: line, Field: "file", Key: "plan.import_too_many"})
			break
		}
		if r.Blank() {
			continue
		}
		bad := func(field, key string) {
			rep.Errors = append(rep.Errors, ImportError{Line: line, Field: field, Key: key})
		}
		id, err := strconv.ParseInt(r.Get("kpi_id"), 10, 64)
		if err != nil {
			bad("kpi_id", "plan.kpi_unknown")
			continue
		}
		k, ok := kpis[id]
		if !ok {
			got, err := getKPI(ctx, q, id)
			if kern.ErrorCode(err) == kern.NotFound {
				bad("kpi_id", "plan.kpi_unknown")
				continue
			}
			if err != nil {
				return rep, err
			}
			k, kpis[id] = &got, &got
		}
		if !CanMeasure(p, *k) {
			bad("kpi_id", "plan.measure_forbidden")
			continue
		}
		on, err := time.Parse(Date, r.Get("date"))
		if err != nil {
			bad("date", "plan.date_invalid")
			continue
		}
		value, ok := ParseNumber(r.Get("value"))
		if !ok {
			bad("value", "field.invalid_number")
			continue
		}
		in := MeasurementInput{On: on, Value: value, Source: r.Get("source"), Note: r.Get("note")}
		if err := in.Validate(*k, today); err != nil {
			for f, key := range kern.AsError(err).Fields {
				bad(f, key)
			}
			continue
		}
		row := ImportRow{Line: line, KPIID: id, KPI: k.Name, On: on.Format(Date), Value: value, Action: "new", in: in}
		prev, err := currentMeasurement(ctx, q, id, in.On)
		if err != nil {
			return rep, err
		}
		if prev != nil {
			v := prev.Value
			row.Previous, row.Action = &v, "correction"
			if v == value && prev.Source == in.Source && prev.Note == in.Note {
				row.Action = "unchanged"
			}
		}
		for _, earlier := range rep.Rows {
			if earlier.KPIID == id && earlier.On == row.On {
				bad("date", "plan.import_duplicate")
			}
		}
		rep.Rows = append(rep.Rows, row)
	}
	if r.Err() != nil {
		rep.Errors = append(rep.Errors, ImportError{Line: r.Line(), Field: "file", Key: "plan.import_unreadable"})
	}
	for _, row := range rep.Rows {
		switch row.Action {
		case "new":
			rep.New++
		case "correction":
			rep.Corrections++
		default:
			rep.Unchanged++
		}
	}
	if len(rep.Errors) > 0 || dryRun {
		return rep, nil
	}
	err = s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		for _, row := range rep.Rows {
			if row.Action == "unchanged" {
				continue
			}
			m, prev, err := recordMeasurement(ctx, q, row.KPIID, row.in, p.Actor().Label, s.now())
			if err != nil {
				return err
			}
			var before any
			action := "import"
			if prev != nil {
				before, action = prev, "import_correct"
			}
			if err := audit.Record(ctx, q, p.Actor(), action, "kpi_measurement", m.ID, before, m); err != nil {
				return err
			}
		}
		return nil
	})
	rep.Applied = err == nil
	return rep, err
}

// ExportMeasurements returns the current measurements of the KPIs matching f, as CSV rows in
// MeasurementHeader's order.
func (s *Service) ExportMeasurements(ctx context.Context, p *auth.Principal, f KPIFilter) ([][]string, error) {
	kpis, err := s.KPIs(ctx, p, f)
	if err != nil {
		return nil, err
	}
	return measurementRows(ctx, s.DB.Reader(ctx), kpis)
}

// measurementRows are the current measurements of kpis as CSV rows in MeasurementHeader's order,
// read in one query, by KPI in the list's order and then by date.
func measurementRows(ctx context.Context, q db.Q, kpis []KPI) ([][]string, error) {
	byKPI := map[int64][]Measurement{}
	rows, err := q.QueryContext(ctx, `SELECT `+measurementColumns+` FROM kpi_measurements m WHERE m.replaced_at IS NULL
ORDER BY m.kpi_id, m.measured_on, m.id`)
	if err != nil {
		return nil, fmt.Errorf("export measurements: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMeasurement(rows)
		if err != nil {
			return nil, err
		}
		byKPI[m.KPIID] = append(byKPI[m.KPIID], m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out [][]string
	for _, k := range kpis {
		for _, m := range byKPI[k.ID] {
			demo := ""
			if m.Demo {
				demo = "yes"
			}
			out = append(out, []string{strconv.FormatInt(k.ID, 10), k.Name, m.On.Format(Date),
				strconv.FormatFloat(m.Value, 'f', -1, 64), k.Unit, m.Source, m.Note, demo})
		}
	}
	return out, nil
}
