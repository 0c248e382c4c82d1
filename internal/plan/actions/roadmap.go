package actions

import (
	"fmt"
	"html"
	"html/template"
	"strings"
	"time"
)

// Roadmap is the timeline of the dated, not dropped actions with their dependencies, as the
// roadmap page draws it and the JSON endpoint gives it.
type Roadmap struct {
	From  time.Time     `json:"from"`
	To    time.Time     `json:"to"`
	Today time.Time     `json:"today"`
	Rows  []RoadmapRow  `json:"rows"`
	Links []RoadmapLink `json:"links"`
}

// RoadmapRow is one action on the roadmap.
type RoadmapRow struct {
	ID       int64     `json:"id"`
	Title    string    `json:"title"`
	Group    string    `json:"owner_group"`
	Status   Status    `json:"status"`
	Start    time.Time `json:"start"`
	Finish   time.Time `json:"finish"`
	Progress float64   `json:"progress"`
	Critical bool      `json:"critical"`
	Overdue  bool      `json:"overdue"`
	Blocked  bool      `json:"blocked"`
	QuickWin bool      `json:"quick_win"`
}

// RoadmapLink is a dependency between two actions on the roadmap.
type RoadmapLink struct {
	From    int64        `json:"from"`
	To      int64        `json:"to"`
	Kind    RelationKind `json:"kind"`
	LagDays int          `json:"lag_days"`
}

// BuildRoadmap lays out the listed actions (in their order) that have a date and are not dropped,
// with the ordering relations between them.
func BuildRoadmap(b *Board, list []View, today time.Time) Roadmap {
	r := Roadmap{Today: today, Rows: []RoadmapRow{}, Links: []RoadmapLink{}}
	on := map[int64]bool{}
	for _, v := range list {
		if v.Status == Dropped || (v.StartOn == nil && v.DueOn == nil) {
			continue
		}
		s, f := v.StartOn, v.DueOn
		if s == nil {
			s = f
		}
		if f == nil {
			f = s
		}
		row := RoadmapRow{ID: v.ID, Title: v.Title, Group: v.OwnerGroup, Status: v.Status, Start: *s, Finish: *f,
			Progress: v.Progress, Critical: v.Critical, Overdue: v.Overdue, Blocked: v.Blocked, QuickWin: v.QuickWin}
		if len(r.Rows) == 0 || row.Start.Before(r.From) {
			r.From = row.Start
		}
		if len(r.Rows) == 0 || row.Finish.After(r.To) {
			r.To = row.Finish
		}
		r.Rows = append(r.Rows, row)
		on[v.ID] = true
	}
	for _, e := range b.Edges {
		if e.Kind.Orders() && on[e.From] && on[e.To] {
			r.Links = append(r.Links, RoadmapLink{From: e.From, To: e.To, Kind: e.Kind, LagDays: e.LagDays})
		}
	}
	if len(r.Rows) > 0 {
		// Whole months, so the grid starts and ends on a month line.
		r.From = time.Date(r.From.Year(), r.From.Month(), 1, 0, 0, 0, 0, time.UTC)
		r.To = time.Date(r.To.Year(), r.To.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	}
	return r
}

// Roadmap geometry, in SVG user units.
const (
	rmWidth  = 1100.0
	rmLabel  = 300.0
	rmRow    = 22.0
	rmBar    = 14.0
	rmHeader = 28.0
)

// Colours per status; they meet WCAG contrast against white where they carry text.
var statusFill = map[Status]string{Proposed: "#8a94a3", Planned: "#5b7fb5", InProgress: "#0b5cad", Done: "#1d6b36", Dropped: "#b0b7c0"}

// SVG draws the roadmap: one bar per action (the done part darker), a red outline on the
// critical path, arrows for the dependencies and a dashed line for today. month names the months
// in the page's language (index 0 = January). It is server-rendered so that it needs no script,
// prints well and a screen reader finds the same facts in the table beside it.
func (r Roadmap) SVG(title string, month [12]string) template.HTML {
	if len(r.Rows) == 0 {
		return ""
	}
	days := r.To.Sub(r.From).Hours() / 24
	scale := (rmWidth - rmLabel - 10) / days
	x := func(t time.Time) float64 { return rmLabel + t.Sub(r.From).Hours()/24*scale }
	height := rmHeader + float64(len(r.Rows))*rmRow + 6
	var sb strings.Builder
	sb.Grow(200 + len(r.Rows)*420 + len(r.Links)*160)
	fmt.Fprintf(&sb, `<svg class="roadmap" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s" font-family="system-ui, sans-serif" font-size="11">`,
		rmWidth, height, html.EscapeString(title))
	sb.WriteString(`<defs><marker id="rm-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#5a6370"/></marker></defs>`)
	// Month lines; labels every month over a short span, every quarter up to four years, else yearly.
	months := (r.To.Year()-r.From.Year())*12 + int(r.To.Month()-r.From.Month())
	step := 1
	switch {
	case months > 48:
		step = 12
	case months > 15:
		step = 3
	}
	for m := r.From; !m.After(r.To); m = m.AddDate(0, 1, 0) {
		xm := x(m)
		fmt.Fprintf(&sb, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.1f" stroke="#e1e5ea"/>`, xm, rmHeader-8, xm, height)
		if m.Equal(r.To) || (int(m.Month())-1)%step != 0 {
			continue
		}
		label := month[m.Month()-1]
		if step == 12 {
			label = fmt.Sprint(m.Year())
		} else if m.Month() == time.January {
			label += fmt.Sprintf(" %d", m.Year())
		}
		fmt.Fprintf(&sb, `<text x="%.1f" y="%.0f" fill="#5a6370">%s</text>`, xm+2, rmHeader-12, html.EscapeString(label))
	}
	y := make(map[int64]float64, len(r.Rows))
	ends := make(map[int64][2]float64, len(r.Rows))
	for i, row := range r.Rows {
		top := rmHeader + float64(i)*rmRow
		y[row.ID] = top + rmRow/2
		x1, x2 := x(row.Start), x(row.Finish.AddDate(0, 0, 1)) // a due date is the last day worked
		ends[row.ID] = [2]float64{x1, x2}
		w := max(x2-x1, 3)
		if i%2 == 1 {
			fmt.Fprintf(&sb, `<rect x="0" y="%.1f" width="%.0f" height="%.0f" fill="#f6f7f9"/>`, top, rmWidth, rmRow)
		}
		label := row.Title
		if len([]rune(label)) > 46 {
			label = string([]rune(label)[:45]) + "…"
		}
		textFill := "#1b1f24"
		if row.Overdue {
			textFill = "#b3261e"
		}
		fmt.Fprintf(&sb, `<a href="/actions/%d"><text x="4" y="%.1f" fill="%s">%s</text>`, row.ID, top+rmRow/2+4, textFill, html.EscapeString(label))
		fill := statusFill[row.Status]
		stroke := ""
		if row.Critical {
			stroke = ` stroke="#b3261e" stroke-width="2"`
		}
		fmt.Fprintf(&sb, `<rect class="bar" data-id="%d" x="%.1f" y="%.1f" width="%.1f" height="%.0f" rx="3" fill="%s" fill-opacity="0.35"%s><title>%s</title></rect>`,
			row.ID, x1, top+(rmRow-rmBar)/2, w, rmBar, fill, stroke, html.EscapeString(fmt.Sprintf("%s — %s … %s, %.0f%%",
				row.Title, row.Start.Format("2006-01-02"), row.Finish.Format("2006-01-02"), row.Progress)))
		if row.Progress > 0 {
			fmt.Fprintf(&sb, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.0f" rx="3" fill="%s"/>`,
				x1, top+(rmRow-rmBar)/2, w*row.Progress/100, rmBar, fill)
		}
		sb.WriteString(`</a>`)
	}
	for _, l := range r.Links {
		a, b := ends[l.From], ends[l.To]
		y1, y2 := y[l.From], y[l.To]
		xa := a[1]
		xb := b[0]
		dash := ""
		if l.Kind == Precedes {
			dash = ` stroke-dasharray="4 2"`
		}
		// Out of the end of the predecessor, down to the successor's row, into its start.
		fmt.Fprintf(&sb, `<path class="dep" d="M%.1f %.1f h6 V%.1f H%.1f" fill="none" stroke="#5a6370" stroke-width="1"%s marker-end="url(#rm-arrow)"/>`,
			xa, y1, y2, xb, dash)
	}
	if !r.Today.Before(r.From) && !r.Today.After(r.To) {
		xt := x(r.Today)
		fmt.Fprintf(&sb, `<line class="today" x1="%.1f" y1="%.0f" x2="%.1f" y2="%.1f" stroke="#b3261e" stroke-dasharray="3 3"/>`,
			xt, rmHeader-10, xt, height)
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}
