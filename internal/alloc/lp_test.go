package alloc

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"kern/internal/nuclide"
)

// glpsolOrSkip finds glpsol (Debian glpk-utils); without it the test is skipped, unless
// KERN_LP=require, which CI sets.
func glpsolOrSkip(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("glpsol")
	if err != nil {
		if os.Getenv("KERN_LP") == "require" {
			t.Fatalf("KERN_LP=require but glpsol is not installed (apt-get install glpk-utils): %v", err)
		}
		t.Skip("glpsol not found; install glpk-utils or set KERN_LP=require to make this an error")
	}
	return path
}

type lpLink struct {
	lot, dem int
	grow     float64 // lot activity used per becquerel delivered at calibration: e^{λ(cal − available)}
	ref      float64 // reference becquerel per becquerel delivered at calibration: e^{λ(cal − R)}
}

// lpReference is the reference instant of each nuclide: the middle of its lots and demands.
func lpReference(t *testing.T, p Problem) map[string]time.Time {
	lo, hi := map[string]time.Time{}, map[string]time.Time{}
	see := func(name, at string) {
		n, _ := nuclide.Lookup(name)
		v := mustParse(t, at)
		if l, ok := lo[n.Name]; !ok || v.Before(l) {
			lo[n.Name] = v
		}
		if h, ok := hi[n.Name]; !ok || v.After(h) {
			hi[n.Name] = v
		}
	}
	for _, l := range p.Lots {
		see(l.Nuclide, l.AvailableAt)
	}
	for _, d := range p.Demands {
		see(d.Nuclide, d.CalibrationAt)
	}
	ref := map[string]time.Time{}
	for n := range lo {
		ref[n] = lo[n].Add(hi[n].Sub(lo[n]) / 2)
	}
	return ref
}

// lpLinks lists the lot-demand pairs that may ship, by the documented rule, computed here on its
// own: same nuclide, a route (or the lot at the hospital), available + transit ≤ calibration, age
// within the shelf life and 20 half-lives.
func lpLinks(t *testing.T, p Problem) []lpLink {
	refAt := lpReference(t, p)
	transit := map[[2]string]float64{}
	for _, r := range p.Routes {
		transit[[2]string{r.From, r.To}] = r.TransitHours * 3600
	}
	shelf := map[string]float64{}
	for _, s := range p.ShelfLives {
		n, _ := nuclide.Lookup(s.Nuclide)
		shelf[n.Name] = s.Hours * 3600
	}
	var links []lpLink
	for di, d := range p.Demands {
		nd, _ := nuclide.Lookup(d.Nuclide)
		cal := mustParse(t, d.CalibrationAt)
		for li, l := range p.Lots {
			if nl, _ := nuclide.Lookup(l.Nuclide); nl.Name != nd.Name {
				continue
			}
			tr, ok := transit[[2]string{l.Site, d.Hospital}]
			if !ok && l.Site != d.Hospital {
				continue
			}
			avail := mustParse(t, l.AvailableAt)
			age := cal.Sub(avail).Seconds()
			if sl, ok := shelf[nd.Name]; (ok && age > sl) || age > 20*nd.HalfLife || avail.Add(time.Duration(tr*1e9)).After(cal) {
				continue
			}
			links = append(links, lpLink{li, di, math.Exp(math.Ln2 / nd.HalfLife * age),
				math.Exp(math.Ln2 / nd.HalfLife * cal.Sub(refAt[nd.Name]).Seconds())})
		}
	}
	return links
}

// writeLP writes the transportation LP in GBq delivered at calibration. With firstLevel it
// maximises the smallest fill ratio of priority 1; otherwise the total filled activity, counted
// as the allocation counts it: decay-corrected to one reference instant per nuclide (activity at
// different instants cannot be added otherwise, and a becquerel shipped for a later calibration
// costs more of a lot than one for an earlier).
func writeLP(p Problem, links []lpLink, firstLevel bool) string {
	var b strings.Builder
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 17, 64) }
	b.WriteString("Maximize\n obj:")
	if firstLevel {
		b.WriteString(" t\n")
	} else {
		for i, k := range links {
			fmt.Fprintf(&b, " + %s x%d", g(k.ref), i)
			if i%8 == 7 {
				b.WriteString("\n")
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("Subject To\n")
	byDem := map[int][]int{}
	byLot := map[int][]int{}
	for i, k := range links {
		byDem[k.dem] = append(byDem[k.dem], i)
		byLot[k.lot] = append(byLot[k.lot], i)
	}
	for di, d := range p.Demands {
		need := d.ActivityBq / 1e9
		if len(byDem[di]) == 0 {
			if firstLevel && d.Priority == 1 {
				fmt.Fprintf(&b, " f%d: t <= 0\n", di)
			}
			continue
		}
		fmt.Fprintf(&b, " n%d:", di)
		for _, i := range byDem[di] {
			fmt.Fprintf(&b, " + x%d", i)
		}
		fmt.Fprintf(&b, " <= %s\n", g(need))
		if firstLevel && d.Priority == 1 {
			fmt.Fprintf(&b, " f%d:", di)
			for _, i := range byDem[di] {
				fmt.Fprintf(&b, " + x%d", i)
			}
			fmt.Fprintf(&b, " - %s t >= 0\n", g(need))
		}
	}
	for li, l := range p.Lots {
		if len(byLot[li]) == 0 {
			continue
		}
		fmt.Fprintf(&b, " l%d:", li)
		for _, i := range byLot[li] {
			fmt.Fprintf(&b, " + %s x%d", g(links[i].grow), i)
		}
		fmt.Fprintf(&b, " <= %s\n", g(l.ActivityBq/1e9))
	}
	if firstLevel {
		b.WriteString("Bounds\n t <= 1\n")
	}
	b.WriteString("End\n")
	return b.String()
}

func solveLP(t *testing.T, glpsol, lp string) float64 {
	t.Helper()
	dir := t.TempDir()
	in, out := filepath.Join(dir, "p.lp"), filepath.Join(dir, "p.sol")
	if err := os.WriteFile(in, []byte(lp), 0o644); err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command(glpsol, "--lp", in, "-w", out).CombinedOutput(); err != nil {
		t.Fatalf("glpsol: %v\n%s", err, msg)
	}
	sol, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(sol), "\n") {
		f := strings.Fields(line)
		if len(f) == 7 && f[0] == "s" && f[1] == "bas" {
			if f[4] != "f" {
				t.Fatalf("glpsol: primal status %s, want feasible\n%s", f[4], sol)
			}
			v, err := strconv.ParseFloat(f[6], 64)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
	}
	t.Fatalf("no objective in glpsol's solution:\n%s", sol)
	return 0
}

// TestAgainstLinearProgram checks, on random small and medium instances of divisible demands, the
// first fairness level (the smallest fill ratio of priority 1) and the total filled activity
// against the optimum of the linear program solved by glpsol, to 1e-6 relative.
func TestAgainstLinearProgram(t *testing.T) {
	glpsol := glpsolOrSkip(t)
	n := 40
	if testing.Short() {
		n = 10
	}
	for seed := 0; seed < n; seed++ {
		medium := seed%4 == 3
		t.Run(fmt.Sprintf("seed %d medium %v", seed, medium), func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(seed), 1974))
			lots, dems := 2+r.IntN(10), 3+r.IntN(30)
			if medium {
				lots, dems = 30+r.IntN(30), 150+r.IntN(150)
			}
			// Nuclides whose half-lives are not short beside the three-day horizon keep the LP's
			// coefficients within a range a simplex code handles to 1e-6.
			p := randomProblem(r, lots, dems, true, "Lu-177", "Tc-99m", "I-131", "Mo-99", "In-111")
			for i := range p.Demands {
				p.Demands[i].WindowEnd = "" // the LP has no windows
			}
			plan, err := Solve(p)
			if err != nil {
				t.Fatal(err)
			}
			links := lpLinks(t, p)
			refAt := lpReference(t, p)
			total := 0.0
			for _, d := range plan.Demands {
				n, _ := nuclide.Lookup(d.Nuclide)
				total += d.FilledBq / 1e9 * math.Exp(n.Lambda()*mustParse(t, d.CalibrationAt).Sub(refAt[n.Name]).Seconds())
			}
			lpTotal := solveLP(t, glpsol, writeLP(p, links, false))
			if math.Abs(total-lpTotal) > 1e-6*math.Max(lpTotal, 1e-9) {
				t.Errorf("total filled %.10g reference GBq, LP optimum %.10g", total, lpTotal)
			}
			for _, c := range plan.Classes {
				if c.Priority != 1 {
					continue
				}
				lpMin := solveLP(t, glpsol, writeLP(p, links, true))
				if math.Abs(c.MinFillRatio-lpMin) > 1e-6*math.Max(lpMin, 1e-3) {
					t.Errorf("priority 1 smallest fill ratio %.10g, LP optimum %.10g", c.MinFillRatio, lpMin)
				}
			}
		})
	}
}
