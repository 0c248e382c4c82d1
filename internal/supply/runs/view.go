package runs

import (
	"fmt"
	"strings"
	"time"

	"kern/internal/nuclide"
	"kern/internal/web"
)

// Texts for the pages.

func pctText(x float64) string {
	x *= 100
	if x > 99.95 && x < 100 {
		return "99.9 %"
	}
	return fmt.Sprintf("%.1f %%", x)
}

func bqText(x float64) string {
	if x <= 0 {
		return "0 Bq"
	}
	return nuclide.Activity(x).String()
}

// RatioPct is the fill as a percentage.
func (f Fill) RatioPct() string { return pctText(min(f.Ratio(), 1)) }

// MinPct is the lowest fill of a demand of the row.
func (f Fill) MinPct() string { return pctText(f.MinFillRatio) }

// RequestedText is the activity asked.
func (f Fill) RequestedText() string { return bqText(f.RequestedBq) }

// FilledText is the activity filled.
func (f Fill) FilledText() string { return bqText(f.FilledBq) }

// RatioPct is the class's fill as a percentage.
func (c ClassFill) RatioPct() string { return pctText(min(c.Ratio(), 1)) }

// MinPct is the lowest fill of a demand of the class.
func (c ClassFill) MinPct() string { return pctText(c.MinFillRatio) }

// RequestedText is the activity asked.
func (c ClassFill) RequestedText() string { return bqText(c.RequestedBq) }

// FilledText is the activity filled.
func (c ClassFill) FilledText() string { return bqText(c.FilledBq) }

// Short reports whether any demand of the class is not filled whole.
func (c ClassFill) Short() bool { return c.MinFillRatio < 1-1e-6 }

// SupplyText is the day's supply.
func (d NuclideDay) SupplyText() string { return bqText(d.SupplyBq) }

// RequestedText is the day's demand.
func (d NuclideDay) RequestedText() string { return bqText(d.RequestedBq) }

// FilledText is the day's fill.
func (d NuclideDay) FilledText() string { return bqText(d.FilledBq) }

// FillPct is the day's fill as a percentage.
func (d NuclideDay) FillPct() string { return pctText(min(ratio(d.FilledBq, d.RequestedBq), 1)) }

// Short reports whether the day's demand is not filled whole.
func (d NuclideDay) Short() bool { return d.FilledBq < d.RequestedBq*(1-1e-6) }

// ActivityText is the dose's activity.
func (d DeferredDose) ActivityText() string { return bqText(d.ActivityBq) }

// FillPct is the bottleneck's fill ratio as a percentage.
func (b BottleneckNamed) FillPct() string { return pctText(b.FillRatio) }

// HospitalNames lists the hospitals held at the bottleneck.
func (b BottleneckNamed) HospitalNames() string {
	names := make([]string, len(b.Hospitals))
	for i, h := range b.Hospitals {
		names[i] = h.Name
	}
	return listWords(names, 6)
}

// LotNames lists the lots used up.
func (b BottleneckNamed) LotNames() string {
	names := make([]string, len(b.Lots))
	for i, l := range b.Lots {
		names[i] = l.Label()
	}
	return listWords(names, 4)
}

func listWords(xs []string, max int) string {
	if len(xs) <= max {
		return strings.Join(xs, ", ")
	}
	return fmt.Sprintf("%s … (+%d)", strings.Join(xs[:max], ", "), len(xs)-max)
}

// UsedPct is the share of the activity used.
func (l LotUse) UsedPct() string { return pctText(min(l.UsedRatio(), 1)) }

// ActivityText is the activity after outages.
func (l LotUse) ActivityText() string { return bqText(l.ActivityBq) }

// NominalText is the activity before outages.
func (l LotUse) NominalText() string { return bqText(l.NominalBq) }

// UsedText is the activity used.
func (l LotUse) UsedText() string { return bqText(l.UsedBq) }

// Reduced reports whether outages reduced the product's runs.
func (l LotUse) Reduced() bool { return l.ActivityBq < l.NominalBq*(1-1e-9) }

// RequestedText is the activity asked.
func (o DemandOutcome) RequestedText() string { return bqText(o.RequestedBq) }

// FilledText is the activity filled.
func (o DemandOutcome) FilledText() string { return bqText(o.FilledBq) }

// RatioPct is the fill as a percentage.
func (o DemandOutcome) RatioPct() string { return pctText(o.Ratio()) }

// Short reports whether the demand is not filled whole.
func (o DemandOutcome) Short() bool { return o.Ratio() < 1-1e-6 }

// Class1Pct is the class-1 fill of the run as a percentage.
func (r Result) Class1Pct() string { return pctText(r.Class1Fill) }

// MinFillPct is the lowest fill of any demand.
func (r Result) MinFillPct() string { return pctText(r.MinFill) }

// Class1Pct is the lowest class-1 fill of the run, or "".
func (r AllocRun) Class1Pct() string {
	if r.MinFillClass1 == nil {
		return ""
	}
	return pctText(*r.MinFillClass1)
}

// PolicyText names the policy: "strict" or "floor 30 %, 2 GBq/week (Mo-99)".
func (p Policy) Text() string {
	if p.Kind != PolicyFloor {
		return PolicyStrict
	}
	s := fmt.Sprintf("floor %g %%, %s/week", p.FloorPct, bqText(p.FloorWeeklyBq))
	if len(p.Nuclides) > 0 {
		s += " (" + strings.Join(p.Nuclides, ", ") + ")"
	}
	return s
}

// StartsLocal is the start of the horizon in Amsterdam time, for showing its date.
func (r AllocRun) StartsLocal() time.Time { return r.StartsAt.In(web.Amsterdam) }

// StartsLocal is the start of the horizon in Amsterdam time, for showing its date.
func (s SupplyStatus) StartsLocal() time.Time { return s.StartsAt.In(web.Amsterdam) }

// FillRatio is the day's filled over requested activity.
func (d NuclideDay) FillRatio() float64 { return min(ratio(d.FilledBq, d.RequestedBq), 1) }

// Ratio is the day's filled over requested activity.
func (d HospitalDay) Ratio() float64 { return min(ratio(d.FilledBq, d.RequestedBq), 1) }
