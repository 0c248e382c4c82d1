package nuclide

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// generatorDaughters names the eluted daughter of each generator parent in clinical use.
var generatorDaughters = map[string]string{
	"Mo-99": "Tc-99m", "Ge-68": "Ga-68", "Sr-82": "Rb-82", "W-188": "Re-188", "Sr-90": "Y-90",
}

// Generator is a column loaded with a parent whose daughter is eluted.
type Generator struct {
	Parent       Nuclide
	Daughter     Nuclide
	Fraction     float64   // branching fraction parent → daughter
	Activity     Activity  // parent activity at CalibratedAt (the nominal size)
	CalibratedAt time.Time // the calibration instant
	// DaughterAtCalibration is the daughter on the column at calibration. NewGenerator sets it to
	// equilibrium with the parent, the state of a column that has not been eluted for many
	// daughter half-lives.
	DaughterAtCalibration Activity
	// Equilibrium marks DaughterAtCalibration as the equilibrium value; only then may elutions
	// precede the calibration instant (the column is then in equilibrium until the first one).
	Equilibrium bool
}

// Elution is one elution of the column: the fraction Efficiency (0..1] of the daughter present is
// removed at instant At; the rest stays as residual.
type Elution struct {
	At         time.Time
	Efficiency float64
}

// Eluate is what an elution yields.
type Eluate struct {
	At       time.Time
	Daughter Activity // eluted daughter activity
	Residual Activity // daughter left on the column
	Parent   Activity // parent on the column at the elution
}

// NewGenerator returns a generator of the named parent (Mo-99, Ge-68, Sr-82, W-188, Sr-90) with its
// daughter in equilibrium at calibration.
func NewGenerator(parent string, activity Activity, calibratedAt time.Time) (Generator, error) {
	p, err := Lookup(parent)
	if err != nil {
		return Generator{}, err
	}
	dn, ok := generatorDaughters[p.Name]
	if !ok {
		return Generator{}, fmt.Errorf("%s is not a generator parent (Mo-99, Ge-68, Sr-82, W-188, Sr-90)", p.Name)
	}
	if !(activity > 0) || math.IsInf(float64(activity), 0) {
		return Generator{}, fmt.Errorf("generator activity %v Bq: want a positive activity", float64(activity))
	}
	d, err := Lookup(dn)
	if err != nil {
		return Generator{}, err
	}
	g := Generator{Parent: p, Daughter: d, Activity: activity, CalibratedAt: calibratedAt, Equilibrium: true}
	for _, b := range p.Daughters {
		if b.Daughter == d.Name {
			g.Fraction = b.Fraction
		}
	}
	g.DaughterAtCalibration = activity * Activity(g.EquilibriumRatio())
	return g, nil
}

// EquilibriumRatio is A(daughter)/A(parent) once the column is left alone long enough: b·λd/(λd−λp)
// (transient equilibrium; ≈ b in secular equilibrium).
func (g Generator) EquilibriumRatio() float64 {
	lp, ld := g.Parent.Lambda(), g.Daughter.Lambda()
	return g.Fraction * ld / (ld - lp)
}

// grow advances parent p and daughter d on an untouched column by t seconds.
func (g Generator) grow(p, d Activity, t float64) (Activity, Activity) {
	lp, ld := g.Parent.Lambda(), g.Daughter.Lambda()
	if t == 0 {
		return p, d
	}
	// Daughter from the parent: b·λd·t·exp[−λp t, −λd t]·P(0), stable when λp ≈ λd.
	fromParent := g.Fraction * ld * t * ExpDividedDifference([]float64{-lp * t, -ld * t})
	return p * Activity(math.Exp(-lp*t)), p*Activity(fromParent) + d*Activity(math.Exp(-ld*t))
}

// Elute applies the elutions in time order and returns what each one yields.
func (g Generator) Elute(history []Elution) ([]Eluate, error) {
	h := append([]Elution(nil), history...)
	sort.SliceStable(h, func(i, j int) bool { return h[i].At.Before(h[j].At) })
	t0, p, d := g.CalibratedAt, g.Activity, g.DaughterAtCalibration
	if len(h) > 0 && h[0].At.Before(t0) {
		if !g.Equilibrium {
			return nil, fmt.Errorf("elution at %s precedes calibration at %s and the column state before calibration is unknown",
				h[0].At.Format(time.RFC3339), t0.Format(time.RFC3339))
		}
		t0 = h[0].At
		p = g.Activity * Activity(DecayFactor(g.Parent, g.CalibratedAt, t0))
		d = p * Activity(g.EquilibriumRatio())
	}
	out := make([]Eluate, 0, len(h))
	for _, e := range h {
		if !(e.Efficiency > 0 && e.Efficiency <= 1) {
			return nil, fmt.Errorf("elution at %s: efficiency %v: want a fraction in (0, 1]", e.At.Format(time.RFC3339), e.Efficiency)
		}
		p, d = g.grow(p, d, Seconds(t0, e.At))
		eluted := d * Activity(e.Efficiency)
		d -= eluted
		out = append(out, Eluate{At: e.At, Daughter: eluted, Residual: d, Parent: p})
		t0 = e.At
	}
	return out, nil
}

// DaughterAt is the daughter activity on the column at instant at, after the elutions before it.
func (g Generator) DaughterAt(history []Elution, at time.Time) (Activity, error) {
	var before []Elution
	for _, e := range history {
		if e.At.Before(at) {
			before = append(before, e)
		}
	}
	el, err := g.Elute(append(before, Elution{At: at, Efficiency: 1}))
	if err != nil {
		return 0, err
	}
	return el[len(el)-1].Daughter, nil
}

// TimeOfMaximum is the time in seconds after an elution at which the daughter activity peaks, for
// parent activity parent and residual daughter residual left on the column at the elution. From
// dA_d/dt = 0 with A_d(t) = C(e^{−λp t} − e^{−λd t}) + R e^{−λd t}, C = b·λd/(λd−λp)·P:
// t = ln((C−R)λd / (C λp)) / (λd − λp). After a full elution of Mo-99/Tc-99m it is about 22.9 h.
func (g Generator) TimeOfMaximum(parent, residual Activity) float64 {
	lp, ld := g.Parent.Lambda(), g.Daughter.Lambda()
	c := float64(parent) * g.EquilibriumRatio()
	r := float64(residual)
	if c <= r || lp == 0 {
		return 0
	}
	return math.Log((c-r)*ld/(c*lp)) / (ld - lp)
}

// Need is a required eluate activity at an instant.
type Need struct {
	At       time.Time
	Activity Activity
}

// Sizing is the answer of Size.
type Sizing struct {
	Activity Activity // smallest parent activity at calibration that meets every need
	Eluates  []Eluate // the elutions at the needs' instants with a generator of that size
	Limiting int      // index (in time order) of the need that sets the size
}

// Size finds the smallest nominal parent activity at calibration that yields at least each needed
// eluate activity, eluting at every need's instant with the given efficiency. Eluate activity is
// proportional to the parent activity, so the size is max_i need_i / eluate_i(1 Bq).
func Size(parent string, calibratedAt time.Time, efficiency float64, needs []Need) (Sizing, error) {
	if len(needs) == 0 {
		return Sizing{}, fmt.Errorf("no needs to size the generator for")
	}
	unit, err := NewGenerator(parent, 1, calibratedAt)
	if err != nil {
		return Sizing{}, err
	}
	ns := append([]Need(nil), needs...)
	sort.SliceStable(ns, func(i, j int) bool { return ns[i].At.Before(ns[j].At) })
	history := make([]Elution, len(ns))
	for i, n := range ns {
		if !(n.Activity > 0) || math.IsInf(float64(n.Activity), 0) {
			return Sizing{}, fmt.Errorf("need at %s: activity %v Bq: want a positive activity", n.At.Format(time.RFC3339), float64(n.Activity))
		}
		history[i] = Elution{At: n.At, Efficiency: efficiency}
	}
	per, err := unit.Elute(history)
	if err != nil {
		return Sizing{}, err
	}
	s := Sizing{Limiting: -1}
	for i, e := range per {
		if !(e.Daughter > 0) {
			return Sizing{}, fmt.Errorf("need at %s cannot be met: no daughter has grown in since the previous elution", ns[i].At.Format(time.RFC3339))
		}
		if size := ns[i].Activity / e.Daughter; size > s.Activity {
			s.Activity, s.Limiting = size, i
		}
	}
	g := unit
	g.Activity = s.Activity
	g.DaughterAtCalibration = s.Activity * Activity(g.EquilibriumRatio())
	if s.Eluates, err = g.Elute(history); err != nil {
		return Sizing{}, err
	}
	return s, nil
}
