package alloc

import (
	"testing"
	"time"
)

func TestGenerateNational(t *testing.T) {
	p := Generate(GenerateOptions{Hospitals: 63, Nuclides: 25, Days: 28, Seed: 1})
	t0 := time.Now()
	plan, err := Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("lots %d demands %d routes %d: solved in %v", len(p.Lots), len(p.Demands), len(p.Routes), time.Since(t0))
	for _, c := range plan.Classes {
		t.Logf("%+v", c)
	}
	t.Logf("bottlenecks %d warnings %d", len(plan.Bottlenecks), len(plan.Warnings))
}
