package supply

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"kern/internal/web"
)

func (h *Web) calendarData(r *http.Request) (Calendar, FacilityFilter, error) {
	f := facilityFilterFrom(r)
	f.Page, f.PerPage = 1, 0
	cal, err := h.Supply.Calendar(r.Context(), web.User(r), f, CalendarWeeks)
	return cal, f, err
}

func (h *Web) calendar(w http.ResponseWriter, r *http.Request) {
	cal, f, err := h.calendarData(r)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	all := h.t(r, "list.all")
	h.Kit.Render(w, r, http.StatusOK, "supply/calendar", map[string]any{
		"Calendar": cal, "Filter": f, "Producer": strconv.FormatInt(f.OrgID, 10),
		"Kinds":     web.Options(h.Kit.Catalog, web.Lang(r), "supply.kind.", all, FacilityKinds),
		"Producers": h.producerOptions(r, all, true), "CanPublish": h.publisher(r),
		"Query": r.URL.RawQuery,
	})
}

// productsText lists a cell's activity per product, in a stable order.
func productsText(c CalendarCell) string {
	names := make([]string, 0, len(c.Activity))
	for n := range c.Activity {
		names = append(names, n)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + ": " + c.Activity[n].String()
	}
	return strings.Join(parts, "; ")
}

func (h *Web) calendarCSV(w http.ResponseWriter, r *http.Request) {
	cal, _, err := h.calendarData(r)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	var rows [][]string
	for _, row := range cal.Rows {
		for _, c := range row.Cells {
			rows = append(rows, []string{strconv.FormatInt(row.Facility.ID, 10), row.Facility.Name, row.Facility.OrgName,
				c.Week.Format(time.DateOnly), c.State, strconv.Itoa(c.OnDays), strconv.Itoa(c.Reduction), strconv.Itoa(c.CapacityPct),
				productsText(c)})
		}
	}
	web.CSV(w, "supply-calendar-"+time.Now().Format(time.DateOnly)+".csv", []string{"facility_id", "facility", "producer",
		"week", "state", "on_days", "reduction_pct", "capacity_pct", "activity"}, rows)
}

// calendarChart feeds the heat map beside the calendar table: capacity % per facility and week
// (weeks off, not yet in operation or without a cycle left blank).
func (h *Web) calendarChart(w http.ResponseWriter, r *http.Request) {
	cal, _, err := h.calendarData(r)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	weeks := []string{}
	for _, wk := range cal.Weeks {
		_, n := wk.ISOWeek()
		weeks = append(weeks, h.t(r, "supply.week_short", n))
	}
	names := []string{}
	data := [][]any{}
	for i := len(cal.Rows) - 1; i >= 0; i-- {
		row := cal.Rows[i]
		y := len(names)
		names = append(names, row.Facility.Name)
		for x, c := range row.Cells {
			if c.State != WeekOn && c.State != WeekOutage { // off, not yet, no cycle: no capacity to colour
				continue
			}
			data = append(data, []any{x, y, c.CapacityPct})
		}
	}
	option := map[string]any{
		"tooltip": map[string]any{"position": "top"},
		"grid":    map[string]any{"left": 180, "right": 20, "top": 10, "bottom": 70},
		"xAxis":   map[string]any{"type": "category", "data": weeks, "splitArea": map[string]any{"show": true}},
		"yAxis":   map[string]any{"type": "category", "data": names, "splitArea": map[string]any{"show": true}},
		"visualMap": map[string]any{"min": 0, "max": 100, "calculable": false, "orient": "horizontal", "left": "center", "bottom": 0,
			"inRange": map[string]any{"color": []string{"#b2182b", "#f4a582", "#92c5de", "#2166ac"}}},
		"series": []any{map[string]any{"name": h.t(r, "supply.calendar.capacity"), "type": "heatmap", "data": data,
			"label": map[string]any{"show": true}}},
	}
	web.JSON(w, http.StatusOK, map[string]any{"option": option})
}
