package web

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
)

// CSV writes a downloadable CSV file with a UTF-8 byte-order mark, so spreadsheet programs read
// accents right. Cells that a spreadsheet would run as a formula get a leading apostrophe.
func CSV(w http.ResponseWriter, filename string, header []string, rows [][]string) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	cw.Write(header)
	for _, row := range rows {
		for i, c := range row {
			row[i] = SafeCell(c)
		}
		cw.Write(row)
	}
	cw.Flush()
}

// SafeCell defuses a cell that starts like a formula (=, +, -, @, tab, carriage return).
func SafeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return "'" + s
		}
	}
	return s
}

// QueryInt reads an integer query parameter, or def when it is absent or malformed.
func QueryInt(r *http.Request, name string, def int) int {
	n, err := strconv.Atoi(r.URL.Query().Get(name))
	if err != nil {
		return def
	}
	return n
}

// QueryID reads an id query parameter, or 0.
func QueryID(r *http.Request, name string) int64 {
	n, err := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}
