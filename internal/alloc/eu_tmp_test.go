package alloc

import (
	"os"
	"testing"
	"time"
)

func TestTmpEU(t *testing.T) {
	data, err := os.ReadFile("/tmp/eu.json")
	if err != nil || os.Getenv("EU") == "" {
		t.Skip()
	}
	t0 := time.Now()
	p, err := DecodeProblem(data)
	if err != nil {
		t.Fatal(err)
	}
	t1 := time.Now()
	plan, err := Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	t2 := time.Now()
	out := plan.AppendJSON(nil)
	t3 := time.Now()
	t.Logf("decode %v solve %v encode %v (%d MB)", t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), len(out)>>20)
}
