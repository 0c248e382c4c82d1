package scenarios

import (
	"math"
	"strconv"
)

// gbq is an activity in GBq, rounded for a chart; nothing is "-", which a log axis leaves out.
func gbq(bq float64) any {
	v := bq / 1e9
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return "-"
	}
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 6, 64), 64)
	return f
}

// ChartOption is the ECharts option of a nuclide's chart: supply in the baseline and in the
// scenario as lines, demand and what the scenario fills as bars, per day, in GBq. labels:
// scenarios.chart.{baseline_supply,scenario_supply,demand,baseline_filled,scenario_filled}.
// f shows the days as the page does (its language's date format).
func ChartOption(n ScenarioNuclide, label func(string) string, f Formatter) map[string]any {
	var dates []string
	var bs, ss, dem, bf, sf []any
	for _, d := range n.Days {
		dates = append(dates, f.Date(d.Day()))
		bs = append(bs, gbq(d.BaselineSupplyBq))
		ss = append(ss, gbq(d.ScenarioSupplyBq))
		dem = append(dem, gbq(d.ScenarioDemandBq))
		bf = append(bf, gbq(d.BaselineFilledBq))
		sf = append(sf, gbq(d.ScenarioFilledBq))
	}
	l := func(k string) string { return label("scenarios.chart." + k) }
	series := []any{
		map[string]any{"type": "bar", "name": l("demand"), "data": dem, "itemStyle": map[string]any{"color": "#c9d6e3"}},
		map[string]any{"type": "bar", "name": l("scenario_filled"), "data": sf, "itemStyle": map[string]any{"color": "#b3261e"}},
		map[string]any{"type": "line", "name": l("baseline_filled"), "data": bf, "symbol": "none",
			"lineStyle": map[string]any{"color": "#1b7a3a", "width": 2, "type": "dotted"}, "itemStyle": map[string]any{"color": "#1b7a3a"}},
		map[string]any{"type": "line", "name": l("baseline_supply"), "data": bs, "step": "middle", "symbol": "none",
			"lineStyle": map[string]any{"color": "#0b5cad", "width": 2}, "itemStyle": map[string]any{"color": "#0b5cad"}},
		map[string]any{"type": "line", "name": l("scenario_supply"), "data": ss, "step": "middle", "symbol": "none",
			"lineStyle": map[string]any{"color": "#e08a00", "width": 2, "type": "dashed"}, "itemStyle": map[string]any{"color": "#e08a00"}},
	}
	return map[string]any{
		"tooltip": map[string]any{"trigger": "axis"},
		"legend":  map[string]any{"bottom": 0},
		"grid":    map[string]any{"left": 8, "right": 16, "top": 24, "bottom": 56, "containLabel": true},
		"xAxis":   map[string]any{"type": "category", "data": dates},
		"yAxis":   map[string]any{"type": "log", "name": "GBq", "min": 1},
		"series":  series,
	}
}

// Formatter shows dates, instants and numbers in the reader's language; *web.Page is one
// (Date "23-11-2026", DateTime "25-11-2026 06:00" in Amsterdam time, Num "1,2" in Dutch).
type Formatter interface {
	Date(any) string
	DateTime(any) string
	Num(any) string
}

// Describe says what a change does, in the reader's language: its texts by t, its instants and
// numbers by f.
func Describe(c Change, refs *Refs, t func(string, ...any) string, f Formatter) string {
	target := ""
	switch {
	case c.FacilityID != 0:
		target = "#" + strconv.FormatInt(c.FacilityID, 10)
		if f, ok := refs.Facilities[c.FacilityID]; ok {
			target = f.Name
		}
	case c.Site != "":
		target = t("scenarios.describe.site", c.Site)
	case c.Country != "":
		target = c.Country
	case c.ProductID != 0:
		target = "#" + strconv.FormatInt(c.ProductID, 10)
		if p, ok := refs.Products[c.ProductID]; ok {
			target = p.Name + " (" + p.Facility + ")"
		}
	case c.Nuclide != "":
		target = c.Nuclide
	}
	region := t("scenarios.everywhere")
	if c.Region != "" {
		region = c.Region
		if p, ok := Provinces[c.Region]; ok {
			region = p
		}
	}
	period := ""
	if c.StartsAt != nil || c.EndsAt != nil {
		from, to := "…", "…"
		if c.StartsAt != nil {
			from = f.DateTime(*c.StartsAt)
		}
		if c.EndsAt != nil {
			to = f.DateTime(*c.EndsAt)
		}
		period = from + " – " + to
	}
	switch c.Kind {
	case KindOutage:
		return t("scenarios.describe.outage", target, c.ReductionPct, period)
	case KindDemand:
		factor := 1.0
		if c.Factor != nil {
			factor = *c.Factor
		}
		if period == "" {
			period = t("scenarios.describe.whole_horizon")
		}
		return t("scenarios.describe.demand", target, region, f.Num(factor), period)
	case KindTransport:
		to := t("scenarios.describe.all_hospitals")
		if c.Region != "" {
			to = t("scenarios.describe.hospitals_in", region)
		}
		if c.Closed {
			return t("scenarios.describe.transport_closed", target, to, period)
		}
		return t("scenarios.describe.transport", target, to, f.Num(c.ExtraHours), period)
	}
	return c.Kind
}
