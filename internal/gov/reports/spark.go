package reports

import (
	"fmt"
	"html/template"
	"strings"
	"time"
)

// Sparkline draws a KPI's points as a small inline SVG line (no script, no style attribute, so
// it passes the CSP and prints), with the target as a dashed line when there is one. label is
// read out by screen readers; the value beside the chart says the same in numbers.
func Sparkline(points []ReportPoint, target *float64, label string) template.HTML {
	const w, h, pad = 120.0, 28.0, 2.0
	if len(points) == 0 {
		return ""
	}
	lo, hi := points[0].Value, points[0].Value
	for _, p := range points {
		lo, hi = min(lo, p.Value), max(hi, p.Value)
	}
	if target != nil {
		lo, hi = min(lo, *target), max(hi, *target)
	}
	if hi == lo {
		hi, lo = hi+1, lo-1
	}
	first, last := points[0].On, points[len(points)-1].On
	span := last.Sub(first).Hours()
	x := func(t time.Time, i int) float64 {
		if span <= 0 {
			if len(points) == 1 {
				return w / 2
			}
			return pad + float64(i)*(w-2*pad)/float64(len(points)-1)
		}
		return pad + t.Sub(first).Hours()/span*(w-2*pad)
	}
	y := func(v float64) float64 { return pad + (hi-v)/(hi-lo)*(h-2*pad) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="spark" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="%s">`,
		w, h, w, h, template.HTMLEscapeString(label))
	if target != nil {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#8a94a6" stroke-width="1" stroke-dasharray="3 2"/>`,
			pad, y(*target), w-pad, y(*target))
	}
	if len(points) > 1 {
		b.WriteString(`<polyline fill="none" stroke="#1f5fa8" stroke-width="1.5" points="`)
		for i, p := range points {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%.1f,%.1f", x(p.On, i), y(p.Value))
		}
		b.WriteString(`"/>`)
	}
	lp := points[len(points)-1]
	fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="2.2" fill="#1f5fa8"/></svg>`, x(lp.On, len(points)-1), y(lp.Value))
	return template.HTML(b.String())
}

// label names a period in words both languages read: "Q1 2026", "2026-03", "2026", or the two
// days of another span.
func label(start, end time.Time, period string) string {
	if end.Equal(PeriodEnd(period, start)) && start.Equal(PeriodStart(period, start)) {
		switch period {
		case "quarter":
			return fmt.Sprintf("Q%d %d", (int(start.Month())-1)/3+1, start.Year())
		case "month":
			return start.Format("2006-01")
		case "year":
			return start.Format("2006")
		}
	}
	return start.Format("2006-01-02") + " – " + end.Format("2006-01-02")
}

// Label names the report's period ("Q1 2026").
func (r Report) Label() string { return label(r.Start, r.End, r.Period) }

func reportLink(id int64) string { return fmt.Sprintf("/reports/%d", id) }
