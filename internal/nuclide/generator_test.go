package nuclide

import (
	"math"
	"testing"
	"time"
)

func TestMoTcTextbookFacts(t *testing.T) {
	cal := mustTime(t, "2026-03-02T06:00:00+01:00")
	g, err := NewGenerator("Mo-99", 20e9, cal)
	if err != nil {
		t.Fatal(err)
	}
	// After a full elution the Tc-99m activity peaks about 22.9 h later.
	tmax := g.TimeOfMaximum(g.Activity, 0) / 3600
	if math.Abs(tmax-22.9) > 0.1 { // 22.84 h with NUBASE2020, 22.86 h with ICRP-107
		t.Errorf("time of maximum after a full elution = %.3f h, want about 22.9 h", tmax)
	}
	// The maximum is a maximum: the daughter is lower an hour before and an hour after.
	hist := []Elution{{At: cal, Efficiency: 1}}
	at := func(h float64) float64 {
		a, err := g.DaughterAt(hist, cal.Add(time.Duration(h*float64(time.Hour))))
		if err != nil {
			t.Fatal(err)
		}
		return float64(a)
	}
	if peak := at(tmax); !(peak > at(tmax-1) && peak > at(tmax+1)) {
		t.Errorf("Tc-99m at %.2f h is not a maximum", tmax)
	}
	// Transient equilibrium A(Tc-99m)/A(Mo-99) → 0.965 with the ICRP-107 half-lives.
	gi := g
	gi.Parent, gi.Daughter = g.Parent.ICRP107(), g.Daughter.ICRP107()
	if r := gi.EquilibriumRatio(); math.Abs(r-0.965) > 0.0005 {
		t.Errorf("equilibrium ratio with ICRP-107 half-lives = %.5f, want 0.965", r)
	}
	el, err := g.Elute([]Elution{{At: cal, Efficiency: 1}, {At: cal.Add(10 * 24 * time.Hour), Efficiency: 1}})
	if err != nil {
		t.Fatal(err)
	}
	last := el[1]
	if r := float64(last.Daughter / last.Parent); math.Abs(r-g.EquilibriumRatio()) > 1e-6 {
		t.Errorf("after ten days the column holds Tc-99m/Mo-99 = %.6f, want the equilibrium %.6f", r, g.EquilibriumRatio())
	}
}

func TestElutionHistory(t *testing.T) {
	cal := mustTime(t, "2026-03-02T06:00:00Z")
	g, err := NewGenerator("Mo-99", 20e9, cal)
	if err != nil {
		t.Fatal(err)
	}
	lm, lt := g.Parent.Lambda(), g.Daughter.Lambda()
	b := g.Fraction
	// Independent recomputation with the classic two-member formula.
	ref := func(p, d, s float64) (float64, float64) {
		return p * math.Exp(-lm*s), b*p*lt/(lt-lm)*(math.Exp(-lm*s)-math.Exp(-lt*s)) + d*math.Exp(-lt*s)
	}
	hist := []Elution{
		{At: cal.Add(24 * time.Hour), Efficiency: 0.9},
		{At: cal.Add(30 * time.Hour), Efficiency: 0.8},
		{At: cal.Add(54 * time.Hour), Efficiency: 0.9},
	}
	got, err := g.Elute(hist)
	if err != nil {
		t.Fatal(err)
	}
	p, d := 20e9, float64(g.DaughterAtCalibration)
	prev := cal
	for i, e := range hist {
		p, d = ref(p, d, e.At.Sub(prev).Seconds())
		want := d * e.Efficiency
		d -= want
		prev = e.At
		if relErr(float64(got[i].Daughter), want) > 1e-12 || relErr(float64(got[i].Residual), d) > 1e-12 {
			t.Errorf("elution %d: eluate %v residual %v, want %v and %v", i, float64(got[i].Daughter), float64(got[i].Residual), want, d)
		}
	}
	// An elution before calibration starts from equilibrium with the parent decayed back.
	early, err := g.Elute([]Elution{{At: cal.Add(-24 * time.Hour), Efficiency: 1}})
	if err != nil {
		t.Fatal(err)
	}
	wantP := 20e9 * math.Exp(lm*86400)
	if relErr(float64(early[0].Parent), wantP) > 1e-12 || relErr(float64(early[0].Daughter), wantP*g.EquilibriumRatio()) > 1e-12 {
		t.Errorf("elution before calibration: %+v", early[0])
	}
	if _, err := g.Elute([]Elution{{At: cal, Efficiency: 1.5}}); err == nil {
		t.Error("efficiency 1.5 accepted")
	}
}

func TestGeneratorParents(t *testing.T) {
	cal := mustTime(t, "2026-01-05T08:00:00+01:00")
	for _, tc := range []struct{ parent, daughter string }{
		{"Mo-99", "Tc-99m"}, {"Ge-68", "Ga-68"}, {"Sr-82", "Rb-82"}, {"W-188", "Re-188"}, {"Sr-90", "Y-90"},
	} {
		g, err := NewGenerator(tc.parent, 1e9, cal)
		if err != nil || g.Daughter.Name != tc.daughter || g.Fraction <= 0 {
			t.Errorf("NewGenerator(%s) = %s, %v, %v", tc.parent, g.Daughter.Name, g.Fraction, err)
		}
		a, err := g.DaughterAt(nil, cal.Add(time.Hour))
		if err != nil || !(a > 0) || math.IsInf(float64(a), 0) {
			t.Errorf("%s: daughter an hour after calibration = %v, %v", tc.parent, float64(a), err)
		}
	}
	if _, err := NewGenerator("Lu-177", 1e9, cal); err == nil {
		t.Error("Lu-177 accepted as a generator parent")
	}
}

func TestSizeMeetsAWeek(t *testing.T) {
	cal := mustTime(t, "2026-03-02T06:00:00+01:00")
	var needs []Need
	for day := 0; day < 5; day++ {
		needs = append(needs, Need{At: cal.Add(time.Duration(day*24+1) * time.Hour), Activity: Activity(30e9 - float64(day)*3e9)})
	}
	s, err := Size("Mo-99", cal, 0.9, needs)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range s.Eluates {
		if e.Daughter < needs[i].Activity*(1-1e-12) {
			t.Errorf("need %d: eluate %v < need %v", i, e.Daughter, needs[i].Activity)
		}
	}
	// Anything smaller misses at least the limiting need.
	g, _ := NewGenerator("Mo-99", s.Activity*0.999, cal)
	hist := make([]Elution, len(needs))
	for i, n := range needs {
		hist[i] = Elution{At: n.At, Efficiency: 0.9}
	}
	el, _ := g.Elute(hist)
	if el[s.Limiting].Daughter >= needs[s.Limiting].Activity {
		t.Errorf("a generator 0.1%% smaller still meets the limiting need")
	}
}
