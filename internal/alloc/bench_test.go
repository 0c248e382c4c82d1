package alloc

import (
	"encoding/json"
	"sync"
	"testing"
)

var (
	nationalOnce, europeanOnce sync.Once
	national, european         Problem
)

// BenchmarkNational: 63 departments, 25 nuclides, 28 days of daily demands (≈43,000), ≈400 lots,
// every route. The target is under 200 ms a plan.
func BenchmarkNational(b *testing.B) {
	nationalOnce.Do(func() { national = Generate(GenerateOptions{Hospitals: 63, Nuclides: 25, Days: 28, Seed: 1}) })
	benchmarkSolve(b, national)
}

// BenchmarkEuropean: 1,500 departments, 30 nuclides, 28 days (≈1.2 million demands, over five
// million feasible lot-demand links). The target is under 5 s and 2 GiB on two cores.
func BenchmarkEuropean(b *testing.B) {
	europeanOnce.Do(func() { european = Generate(GenerateOptions{Hospitals: 1500, Nuclides: 30, Days: 28, Seed: 1}) })
	benchmarkSolve(b, european)
}

func benchmarkSolve(b *testing.B, p Problem) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Solve(p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(p.Demands)), "demands")
	b.ReportMetric(float64(len(p.Lots)), "lots")
}

// BenchmarkNationalJSON is the whole command's work: read the problem's JSON, solve, write the plan.
func BenchmarkNationalJSON(b *testing.B) {
	nationalOnce.Do(func() { national = Generate(GenerateOptions{Hospitals: 63, Nuclides: 25, Days: 28, Seed: 1}) })
	data, err := json.Marshal(national)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		p, err := DecodeProblem(data)
		if err != nil {
			b.Fatal(err)
		}
		plan, err := Solve(p)
		if err != nil {
			b.Fatal(err)
		}
		_ = plan.AppendJSON(nil)
	}
}
