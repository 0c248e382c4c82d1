package runs

import (
	"math"
	"strconv"
	"strings"
	"time"

	"kern/internal/web"
	"kern/internal/web/i18n"
)

// Fmt writes numbers, activities and days in a page's language: a decimal comma in Dutch
// ("92,1 %", "5,97 TBq"), a point in English; activities with at most three significant digits.
type Fmt struct{ Lang i18n.Lang }

// fmtOf is the formatter of a request's language.
func fmtOf(lang i18n.Lang) Fmt { return Fmt{Lang: lang} }

func (f Fmt) comma(s string) string {
	if f.Lang == i18n.NL {
		return strings.ReplaceAll(s, ".", ",")
	}
	return s
}

// Pct writes a ratio (0–1, capped at 1) as a percentage with one decimal.
func (f Fmt) Pct(x float64) string {
	x = min(x, 1) * 100
	if x > 99.95 && x < 100 {
		x = 99.9
	}
	return f.comma(strconv.FormatFloat(x, 'f', 1, 64)) + " %"
}

// PctOf writes a number of percent ("30 %", "2,5 %").
func (f Fmt) PctOf(x float64) string { return f.comma(strconv.FormatFloat(x, 'f', -1, 64)) + " %" }

var bqUnits = []struct {
	bq   float64
	name string
}{{1e12, "TBq"}, {1e9, "GBq"}, {1e6, "MBq"}, {1e3, "kBq"}, {1, "Bq"}}

// Bq writes an activity in the largest unit that keeps the number at least 1, with at most three
// significant digits: "2 GBq", "5,97 TBq", "740 MBq".
func (f Fmt) Bq(x float64) string {
	if !(x > 0) || math.IsInf(x, 0) {
		return "0 Bq"
	}
	for i, u := range bqUnits {
		if x < u.bq && u.name != "Bq" {
			continue
		}
		v := x / u.bq
		d := 3 - digits(v)
		r := math.Round(v*math.Pow10(max(d, 0))) / math.Pow10(max(d, 0))
		if d < 0 {
			r = math.Round(v/math.Pow10(-d)) * math.Pow10(-d)
		}
		if r >= 1000 && i > 0 {
			// Rounded up into the next unit: 999.7 GBq is 1 TBq.
			u = bqUnits[i-1]
			r = math.Round(x/u.bq*100) / 100
			d = 2
		}
		s := strconv.FormatFloat(r, 'f', max(d, 0), 64)
		if strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
		return f.comma(s) + " " + u.name
	}
	return "0 Bq"
}

func digits(v float64) int {
	d := 1
	for v = math.Abs(v); v >= 10; v /= 10 {
		d++
	}
	return d
}

// Date writes a day: 23-11-2026 in Dutch, 2026-11-23 in English.
func (f Fmt) Date(t time.Time) string {
	t = t.In(web.Amsterdam)
	if f.Lang == i18n.NL {
		return t.Format("02-01-2006")
	}
	return t.Format("2006-01-02")
}

// Day writes a day given as "2006-01-02".
func (f Fmt) Day(s string) string {
	t, err := time.ParseInLocation("2006-01-02", s, web.Amsterdam)
	if err != nil {
		return s
	}
	return f.Date(t)
}

// DateTime writes an instant in Amsterdam time.
func (f Fmt) DateTime(t time.Time) string {
	t = t.In(web.Amsterdam)
	if f.Lang == i18n.NL {
		return t.Format("02-01-2006 15:04")
	}
	return t.Format("2006-01-02 15:04")
}

// tr is a translator of the page's language.
type tr func(key string, args ...any) string

// Texts is the formatter with the page's catalog: the runs' names and sentences in its language.
type Texts struct {
	Fmt
	t tr
}

// T translates a key.
func (x Texts) T(key string, args ...any) string { return x.t(key, args...) }

// RunName is the run's name; the nightly run stores none and is named by its day.
func (x Texts) RunName(r AllocRun) string {
	if r.Name != "" {
		return r.Name
	}
	if r.Nightly() {
		return x.t("runs.name.nightly", x.Date(r.StartsAt))
	}
	return x.t("runs.name.default", x.t("runs.kind."+r.Kind), x.Date(r.StartsAt))
}

// StartedBy names who started the run: the system as Kern itself.
func (x Texts) StartedBy(r AllocRun) string {
	if r.Nightly() {
		return x.t("runs.system")
	}
	return r.StartedByName
}

// Reason says why a patient dose does not come.
func (x Texts) Reason(kind string, fairPct float64) string {
	switch kind {
	case ReasonDeferred:
		if fairPct < 0 {
			return x.t("runs.reason.deferred_plain")
		}
		return x.t("runs.reason.deferred", x.Pct(fairPct/100))
	case ReasonNoRoute, ReasonTooLate, ReasonShelfLife, ReasonUnreachable:
		return x.t("runs.reason." + kind)
	}
	return x.t("runs.reason.unknown")
}

// Bottleneck says a bottleneck in plain words.
func (x Texts) Bottleneck(b BottleneckNamed) string {
	switch {
	case b.Kind == BottleneckDeferred && len(b.Lots) == 0:
		return x.t("runs.bottleneck.deferred_none", b.Priority, b.Nuclide, b.Demands, len(b.Hospitals), b.HospitalNames())
	case b.Kind == BottleneckDeferred:
		return x.t("runs.bottleneck.deferred", b.Priority, b.Nuclide, b.Demands, len(b.Hospitals), b.HospitalNames(), b.LotNames())
	case b.Floor:
		return x.t("runs.bottleneck.floor", b.Nuclide, b.Demands, b.HospitalNames(), x.Pct(b.FillRatio), b.LotNames())
	}
	return x.t("runs.bottleneck.text", b.Priority, b.Nuclide, b.Demands, b.HospitalNames(), x.Pct(b.FillRatio), b.LotNames())
}

// Policy names a policy: "strikte prioriteit" or "bodem 30 %, 2 GBq per week (Mo-99)".
func (x Texts) Policy(p Policy) string {
	if p.Kind != PolicyFloor {
		return x.t("runs.policy." + PolicyStrict)
	}
	s := x.t("runs.policy.floor_text", x.PctOf(p.FloorPct), x.Bq(p.FloorWeeklyBq))
	if len(p.Nuclides) > 0 {
		s += " (" + strings.Join(p.Nuclides, ", ") + ")"
	}
	return s
}

// PctP writes a ratio that may be missing ("").
func (f Fmt) PctP(x *float64) string {
	if x == nil {
		return ""
	}
	return f.Pct(*x)
}
