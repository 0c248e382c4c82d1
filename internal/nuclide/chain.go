package nuclide

import (
	"fmt"
	"math"
	"sort"
)

// Chain is a parent and every descendant reachable through the branching table, in an order where
// each member comes after all of its parents.
type Chain struct {
	Members []Nuclide
	edges   [][]chainEdge // edges[i]: the daughters of member i
	index   map[string]int
}

type chainEdge struct {
	to       int
	fraction float64
}

// NewChain builds the decay chain that starts at parent.
func NewChain(parent string) (Chain, error) {
	p, err := Lookup(parent)
	if err != nil {
		return Chain{}, err
	}
	c := Chain{index: map[string]int{}}
	// Depth-first post-order gives a reverse topological order; the tables hold no cycles.
	var visit func(n Nuclide) error
	state := map[string]int{} // 1 visiting, 2 done
	var order []Nuclide
	visit = func(n Nuclide) error {
		switch state[n.Name] {
		case 1:
			return fmt.Errorf("decay chain of %s has a cycle at %s", parent, n.Name)
		case 2:
			return nil
		}
		state[n.Name] = 1
		for _, b := range n.Daughters {
			d, err := Lookup(b.Daughter)
			if err != nil {
				return err
			}
			if err := visit(d); err != nil {
				return err
			}
		}
		state[n.Name] = 2
		order = append(order, n)
		return nil
	}
	if err := visit(p); err != nil {
		return Chain{}, err
	}
	for i := len(order) - 1; i >= 0; i-- {
		c.index[order[i].Name] = len(c.Members)
		c.Members = append(c.Members, order[i])
	}
	c.edges = make([][]chainEdge, len(c.Members))
	for i, m := range c.Members {
		for _, b := range m.Daughters {
			c.edges[i] = append(c.edges[i], chainEdge{to: c.index[b.Daughter], fraction: b.Fraction})
		}
	}
	return c, nil
}

// Evolve returns the activity of every member after the given number of seconds (≥ 0), starting from
// the activities in initial (members not named start empty; stable members carry no activity). The
// result is indexed like Members.
func (c Chain) Evolve(initial map[string]Activity, seconds float64) ([]Activity, error) {
	if seconds < 0 || math.IsNaN(seconds) || math.IsInf(seconds, 0) {
		return nil, fmt.Errorf("elapsed time %v s: want a finite time ≥ 0", seconds)
	}
	out := make([]Activity, len(c.Members))
	names := make([]string, 0, len(initial))
	for name := range initial {
		names = append(names, name)
	}
	sort.Strings(names) // a fixed summation order keeps the result bit-for-bit deterministic
	for _, name := range names {
		i, ok := c.index[name]
		if !ok {
			n, err := Lookup(name)
			if err != nil {
				return nil, err
			}
			if i, ok = c.index[n.Name]; !ok {
				return nil, fmt.Errorf("%s is not in the decay chain of %s", name, c.Members[0].Name)
			}
		}
		a := initial[name]
		if a == 0 || c.Members[i].Stable() {
			continue
		}
		if math.IsNaN(float64(a)) || math.IsInf(float64(a), 0) {
			return nil, fmt.Errorf("activity of %s is not finite", name)
		}
		path := []int{i}
		c.walk(path, 1, a, seconds, out)
	}
	return out, nil
}

// walk adds the contribution of the first member of path to every member reachable from its last.
func (c Chain) walk(path []int, branch float64, a0 Activity, t float64, out []Activity) {
	last := path[len(path)-1]
	if !c.Members[last].Stable() {
		out[last] += a0 * Activity(pathFactor(c.Members, path, branch, t))
	}
	for _, e := range c.edges[last] {
		if c.Members[last].Stable() {
			continue
		}
		c.walk(append(path, e.to), branch*e.fraction, a0, t, out)
	}
}

// pathFactor is A_n(t)/A_1(0) along one path 1→…→n: Π b · Π_{j≥2} λ_j t · exp[−λ_1 t, …, −λ_n t].
// Every factor is positive; the product is taken in log space so that huge λt of a microsecond
// daughter times a tiny divided difference neither overflows nor underflows on the way.
func pathFactor(members []Nuclide, path []int, branch float64, t float64) float64 {
	if len(path) == 1 {
		return math.Exp(-members[path[0]].Lambda() * t)
	}
	if t == 0 || branch == 0 {
		return 0
	}
	z := make([]float64, len(path))
	lg := math.Log(branch)
	for k, i := range path {
		z[k] = -members[i].Lambda() * t
		if k > 0 {
			if z[k] == 0 {
				return 0 // a stable member carries no activity
			}
			lg += math.Log(-z[k])
		}
	}
	dd := ExpDividedDifference(z)
	if dd <= 0 {
		return 0
	}
	return math.Exp(lg + math.Log(dd))
}

// ExpDividedDifference is the divided difference exp[z_1,…,z_n] of the exponential at the given
// points, in any order, equal or not. Close points are summed by the Taylor series
// exp[z] = e^c Σ_m h_m(z−c)/(m+n−1)! (h_m the complete homogeneous symmetric polynomial), points
// far apart by the recurrence, which then divides by a difference of at least 2 and cannot cancel
// catastrophically (McCurdy, Ng and Parlett 1984).
func ExpDividedDifference(points []float64) float64 {
	z := append([]float64(nil), points...)
	sort.Float64s(z)
	n := len(z)
	if n == 0 {
		return 0
	}
	f := make([][]float64, n)
	for i := range f {
		f[i] = make([]float64, n)
		f[i][i] = math.Exp(z[i])
	}
	for width := 1; width < n; width++ {
		for i := 0; i+width < n; i++ {
			j := i + width
			if z[j]-z[i] <= 2 {
				f[i][j] = expDDTaylor(z[i : j+1])
			} else {
				f[i][j] = (f[i+1][j] - f[i][j-1]) / (z[j] - z[i])
			}
		}
	}
	return f[0][n-1]
}

// expDDTaylor sums the series for points within 2 of each other (|z_k − c| ≤ 1 about the midpoint).
func expDDTaylor(z []float64) float64 {
	n := len(z)
	c := (z[0] + z[n-1]) / 2
	const terms = 30
	// h[m] holds h_m of the points seen so far; adding a point w: h_m ← h_m + w·h_{m−1}.
	var h [terms]float64
	h[0] = 1
	for k := 0; k < n; k++ {
		w := z[k] - c
		if k == 0 {
			for m := 1; m < terms; m++ {
				h[m] = h[m-1] * w
			}
			continue
		}
		for m := 1; m < terms; m++ {
			h[m] += w * h[m-1]
		}
	}
	sum := 0.0
	fact := 1.0 // (m+n−1)!
	for k := 2; k <= n-1; k++ {
		fact *= float64(k)
	}
	for m := 0; m < terms; m++ {
		if m > 0 {
			fact *= float64(m + n - 1)
		}
		// No early exit on a small term: with points symmetric about c every odd h_m vanishes.
		// |w| ≤ 1 bounds term m by 1/(m!(n−1)!), below 1e-30 of the sum from m = 28 on.
		sum += h[m] / fact
	}
	return math.Exp(c) * sum
}
