package outlook

import (
	"math"
	"strconv"

	"kern/internal/forecast"
)

func num(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// ProductRow is one year of a product's fan chart table.
type ProductRow struct {
	Year          int
	P10, P50, P90 float64
	Capacity      *float64
	Gap           *float64 // median gap: capacity − median demand
	Short         bool
}

// ProductTable is a product's demand against capacity, year by year.
type ProductTable struct {
	Product, Unit string
	Made          bool // some facility makes it: capacity and gap are known
	Rows          []ProductRow
	FirstShort    int // the first year the median gap is negative, or 0
}

// ProductTables turns a result into one table per product, in scenario order.
func ProductTables(r forecast.Result) []ProductTable {
	if len(r.Years) == 0 {
		return nil
	}
	out := make([]ProductTable, len(r.Years[0].Products))
	for i, p := range r.Years[0].Products {
		out[i] = ProductTable{Product: p.Product, Unit: p.Unit, Made: p.Capacity != nil}
	}
	for _, y := range r.Years {
		for i, p := range y.Products {
			row := ProductRow{Year: y.Year, P10: p.Demand.P10, P50: p.Demand.P50, P90: p.Demand.P90, Capacity: p.Capacity}
			if p.Gap != nil {
				g := p.Gap.P50
				row.Gap, row.Short = &g, g < 0
				if row.Short && out[i].FirstShort == 0 {
					out[i].FirstShort = y.Year
				}
			}
			out[i].Rows = append(out[i].Rows, row)
		}
	}
	return out
}

// ResourceRow is one year of the investment table: the need (median and band) and the
// investment it implies, the median need minus the baseline year's.
type ResourceRow struct {
	Year                               int
	Rooms, FTE, Hotlabs                forecast.Spread
	RoomsDelta, FTEDelta, HotlabsDelta float64
}

// ResourceTable is the investment gap year by year.
func ResourceTable(r forecast.Result) []ResourceRow {
	if len(r.Years) == 0 {
		return nil
	}
	b := r.Years[0].Resources
	out := make([]ResourceRow, len(r.Years))
	for i, y := range r.Years {
		x := y.Resources
		out[i] = ResourceRow{Year: y.Year, Rooms: x.TherapyRooms, FTE: x.StaffFTE, Hotlabs: x.Hotlabs,
			RoomsDelta: x.TherapyRooms.P50 - b.TherapyRooms.P50, FTEDelta: x.StaffFTE.P50 - b.StaffFTE.P50,
			HotlabsDelta: x.Hotlabs.P50 - b.Hotlabs.P50}
	}
	return out
}

func round3(v float64) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	// three significant decimals are plenty for a chart
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 6, 64), 64)
	return f
}

// FanOption is the ECharts option of a product's fan chart: the P10–P90 band of demand as a
// filled area, the median as a line, and the capacity as a stepped line. labels: median, band,
// p10, p90, capacity.
func FanOption(t ProductTable, label func(string) string) map[string]any {
	var years []string
	var lower, width, median, capacity []any
	for _, r := range t.Rows {
		years = append(years, strconv.Itoa(r.Year))
		lower = append(lower, round3(r.P10))
		width = append(width, round3(r.P90-r.P10))
		median = append(median, round3(r.P50))
		if r.Capacity != nil {
			capacity = append(capacity, round3(*r.Capacity))
		}
	}
	none := map[string]any{"opacity": 0}
	series := []any{
		map[string]any{"type": "line", "name": label("outlook.chart.p10"), "data": lower, "stack": "band", "symbol": "none",
			"lineStyle": none, "tooltip": map[string]any{"show": false}},
		map[string]any{"type": "line", "name": label("outlook.chart.band"), "data": width, "stack": "band", "symbol": "none",
			"lineStyle": none, "areaStyle": map[string]any{"color": "#0b5cad", "opacity": 0.2}, "itemStyle": map[string]any{"color": "#9fc0e3"}},
		map[string]any{"type": "line", "name": label("outlook.chart.median"), "data": median, "symbol": "circle",
			"lineStyle": map[string]any{"color": "#0b5cad", "width": 2}, "itemStyle": map[string]any{"color": "#0b5cad"}},
	}
	legend := []string{label("outlook.chart.band"), label("outlook.chart.median")}
	if t.Made {
		series = append(series, map[string]any{"type": "line", "name": label("outlook.chart.capacity"), "data": capacity, "step": "middle",
			"symbol": "none", "lineStyle": map[string]any{"color": "#b3261e", "width": 2, "type": "dashed"}, "itemStyle": map[string]any{"color": "#b3261e"}})
		legend = append(legend, label("outlook.chart.capacity"))
	}
	return map[string]any{
		"tooltip": map[string]any{"trigger": "axis"},
		"legend":  map[string]any{"bottom": 0, "data": legend},
		"grid":    map[string]any{"left": 8, "right": 16, "top": 24, "bottom": 40, "containLabel": true},
		"xAxis":   map[string]any{"type": "category", "data": years, "boundaryGap": false},
		"yAxis":   map[string]any{"type": "value", "name": t.Unit},
		"series":  series,
	}
}
