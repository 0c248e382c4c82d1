package nuclide

import (
	"math"
	"testing"
)

// explicitDD is the textbook formula Σ e^{z_i} / Π_{j≠i}(z_i − z_j), fine for well-separated points.
func explicitDD(z []float64) float64 {
	s := 0.0
	for i := range z {
		p := 1.0
		for j := range z {
			if j != i {
				p *= z[i] - z[j]
			}
		}
		s += math.Exp(z[i]) / p
	}
	return s
}

func relErr(got, want float64) float64 {
	if want == 0 {
		return math.Abs(got)
	}
	return math.Abs(got-want) / math.Abs(want)
}

func TestExpDividedDifference(t *testing.T) {
	for _, tc := range []struct {
		name string
		z    []float64
		want float64
		tol  float64
	}{
		{"one point", []float64{-3}, math.Exp(-3), 1e-15},
		{"two equal points: the derivative", []float64{-3, -3}, math.Exp(-3), 1e-14},
		{"three equal points: half the second derivative", []float64{-0.7, -0.7, -0.7}, math.Exp(-0.7) / 2, 1e-14},
		{"two points 1e-9 apart", []float64{-2, -2 + 1e-9}, math.Exp(-2) * math.Expm1(1e-9) / 1e-9, 1e-14},
		{"two points 1e-5 apart", []float64{-40, -40 + 1e-5}, math.Exp(-40) * math.Expm1(1e-5) / 1e-5, 1e-13},
		{"separated points", []float64{-1, -5, -12}, explicitDD([]float64{-1, -5, -12}), 1e-13},
		{"moderately close points", []float64{0, -0.5, -1.5, -1.9}, explicitDD([]float64{0, -0.5, -1.5, -1.9}), 1e-11},
		{"a microsecond daughter beside a ten-day parent", []float64{-0.0012, -1.6e10}, (math.Exp(-0.0012) - math.Exp(-1.6e10)) / (1.6e10 - 0.0012), 1e-14},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ExpDividedDifference(tc.z)
			if e := relErr(got, tc.want); e > tc.tol || math.IsNaN(got) {
				t.Errorf("exp%v = %v, want %v (relative error %v)", tc.z, got, tc.want, e)
			}
		})
	}
}

// TestBatemanEqualAndCloseHalfLives runs a two-member chain whose half-lives are equal or nearly so:
// the textbook form λ1/(λ2−λ1)(e^{−λ1t}−e^{−λ2t}) divides by nearly zero there, the reference below
// uses expm1 and the degenerate limit A2 = A1(0)·λt·e^{−λt}.
func TestBatemanEqualAndCloseHalfLives(t *testing.T) {
	mk := func(h float64) Nuclide { return Nuclide{Name: "x", HalfLife: h} }
	for _, tc := range []struct {
		name   string
		h1, h2 float64
	}{
		{"equal", 3600, 3600},
		{"one part in a billion", 3600, 3600 * (1 + 1e-9)},
		{"one part in a million", 3600, 3600 * (1 + 1e-6)},
		{"one percent", 3600, 3636},
	} {
		t.Run(tc.name, func(t *testing.T) {
			members := []Nuclide{mk(tc.h1), mk(tc.h2)}
			l1, l2 := members[0].Lambda(), members[1].Lambda()
			for _, tsec := range []float64{1, 600, 3600, 36000, 360000} {
				got := pathFactor(members, []int{0, 1}, 1, tsec)
				d := l2 - l1
				want := l2 * tsec * math.Exp(-l1*tsec) // A2/A1(0) = λ2·t·e^{−λ1 t}·(1−e^{−d t})/(d t)
				if d != 0 {
					want *= -math.Expm1(-d*tsec) / (d * tsec)
				}
				if e := relErr(got, want); e > 1e-12 {
					t.Errorf("t=%v s: A2/A1(0) = %.17g, want %.17g (relative error %v)", tsec, got, want, e)
				}
			}
		})
	}
}

func TestChainMoTc(t *testing.T) {
	c, err := NewChain("Mo-99")
	if err != nil {
		t.Fatal(err)
	}
	mo, tc := mustLookup(t, "Mo-99"), mustLookup(t, "Tc-99m")
	lm, lt := mo.Lambda(), tc.Lambda()
	for _, hours := range []float64{0.5, 6, 22.9, 48, 240} {
		s := hours * 3600
		got, err := c.Evolve(map[string]Activity{"Mo-99": 1e10}, s)
		if err != nil {
			t.Fatal(err)
		}
		// Classic Bateman: A_Tc = b·A_Mo(0)·λTc/(λTc−λMo)·(e^{−λMo t} − e^{−λTc t}).
		want := 0.8773 * 1e10 * lt / (lt - lm) * (math.Exp(-lm*s) - math.Exp(-lt*s))
		if e := relErr(float64(got[c.index["Tc-99m"]]), want); e > 1e-12 {
			t.Errorf("%v h: Tc-99m = %v, want %v", hours, float64(got[c.index["Tc-99m"]]), want)
		}
		if e := relErr(float64(got[c.index["Mo-99"]]), 1e10*math.Exp(-lm*s)); e > 1e-14 {
			t.Errorf("%v h: Mo-99 = %v", hours, float64(got[c.index["Mo-99"]]))
		}
	}
}

// TestChainAlphaEquilibrium checks the Ac-225 and Pb-212 chains, whose daughters live from
// microseconds to an hour, against transient equilibrium: after many daughter half-lives
// A_k(t) = A_1(t)·Π_{path} b_j·λ_j/(λ_j−λ_1), summed over the paths (Bi-213 → Po-213 | Tl-209 → Pb-209).
func TestChainAlphaEquilibrium(t *testing.T) {
	for _, tc := range []struct {
		parent string
		hours  float64
	}{{"Ac-225", 240}, {"Pb-212", 48}} {
		t.Run(tc.parent, func(t *testing.T) {
			c, err := NewChain(tc.parent)
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.Evolve(map[string]Activity{tc.parent: 1e7}, tc.hours*3600)
			if err != nil {
				t.Fatal(err)
			}
			l1 := c.Members[0].Lambda()
			a1 := 1e7 * math.Exp(-l1*tc.hours*3600)
			want := make([]float64, len(c.Members))
			var walk func(i int, ratio float64)
			walk = func(i int, ratio float64) {
				if c.Members[i].Stable() {
					return
				}
				want[i] += ratio
				for _, e := range c.edges[i] {
					lj := c.Members[e.to].Lambda()
					walk(e.to, ratio*e.fraction*lj/(lj-l1))
				}
			}
			walk(0, a1)
			for i, m := range c.Members {
				if m.HalfLife > 86400 && i > 0 {
					continue // not in equilibrium yet (none in these chains)
				}
				g := float64(got[i])
				if math.IsNaN(g) || math.IsInf(g, 0) {
					t.Fatalf("%s = %v", m.Name, g)
				}
				if m.Name == "Pb-209" || m.Name == "Tl-208" {
					// Pb-209 (3.2 h) reaches equilibrium within the span; compare all the same.
				}
				if e := relErr(g, want[i]); e > 1e-9 {
					t.Errorf("%s: %v Bq, want %v Bq in equilibrium (relative error %v)", m.Name, g, want[i], e)
				}
			}
		})
	}
}

func TestEvolveRefusesNegativeTime(t *testing.T) {
	c, _ := NewChain("Ge-68")
	if _, err := c.Evolve(map[string]Activity{"Ge-68": 1}, -1); err == nil {
		t.Error("negative elapsed time accepted")
	}
	if _, err := c.Evolve(map[string]Activity{"Mo-99": 1}, 1); err == nil {
		t.Error("Mo-99 accepted in the Ge-68 chain")
	}
}
