package forecast

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestConstantGrowthCompoundsYearByYear(t *testing.T) {
	for _, tc := range []struct {
		name  string
		n0    float64
		rate  float64
		years int
	}{
		{"PET/CT at 10 % for 15 years", 100000, 0.10, 15},
		{"Lu-177 at the SCK CEN 43 %", 1000, 0.43, 15},
		{"no growth", 3000, 0, 15},
		{"decline of 5 %", 3000, -0.05, 10},
		{"the baseline year itself", 400000, 0.10, 0},
		{"a rate of −100 % empties the next year", 4000, -1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.n0 // compound interest, one year at a time
			for range tc.years {
				want += want * tc.rate
			}
			got := constantCount(tc.n0, tc.rate, tc.years)
			if math.Abs(got-want) > 1e-9*math.Max(1, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

func TestAdoptionCurve(t *testing.T) {
	const n0, ceiling, mid, k = 200.0, 5000.0, 2033.0, 0.6
	for _, anchor := range []int{2025, 2028, 2033} {
		prev := logisticCount(n0, ceiling, mid, k, anchor, anchor-3)
		if prev != n0 {
			t.Errorf("anchor %d: before the start the count is %v, want the baseline %v", anchor, prev, n0)
		}
		if got := logisticCount(n0, ceiling, mid, k, anchor, anchor); got != n0 {
			t.Errorf("anchor %d: at the start %v, want the baseline %v", anchor, got, n0)
		}
		for y := anchor + 1; y <= 2100; y++ {
			got := logisticCount(n0, ceiling, mid, k, anchor, y)
			if got < prev || got > ceiling {
				t.Fatalf("anchor %d, year %d: %v after %v; want rising and at most the ceiling %v", anchor, y, got, prev, ceiling)
			}
			prev = got
		}
		if math.Abs(prev-ceiling) > 1e-6*ceiling {
			t.Errorf("anchor %d: in 2100 %v, want the ceiling %v", anchor, prev, ceiling)
		}
	}
	// Started long before its midpoint, the curve is the plain logistic: half the way up at the midpoint.
	if got, want := logisticCount(0, 1000, 2040, 1, 2000, 2040), 500.0; math.Abs(got-want) > 1e-9*want {
		t.Errorf("at the midpoint %v, want %v", got, want)
	}
	// A steeper curve is further along after the midpoint.
	if a, b := logisticCount(0, 1000, 2035, 0.3, 2025, 2037), logisticCount(0, 1000, 2035, 1, 2025, 2037); !(b > a) {
		t.Errorf("steepness 1 gives %v, 0.3 gives %v; want the steeper one higher", b, a)
	}
}

func TestTreatmentOptionsPathInterpolates(t *testing.T) {
	years, vals := []int{2025, 2040}, []float64{1, 5}
	for _, tc := range []struct {
		year int
		want float64
	}{{2020, 1}, {2025, 1}, {2030, 1 + 4.0/3}, {2040, 5}, {2050, 5}} {
		if got := pathAt(years, vals, tc.year); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%d: %v, want %v", tc.year, got, tc.want)
		}
	}
}

func TestDrawStaysInItsBand(t *testing.T) {
	mode := 0.07
	r := rand.New(rand.NewPCG(1, 1))
	for _, u := range []Uncertain{
		{Value: 0.1, Band: &Band{Distribution: "uniform", Low: 0.05, High: 0.15}},
		{Value: 0.07, Band: &Band{Distribution: "triangular", Low: 0.07, Mode: &mode, High: 0.43}},
	} {
		var sum float64
		const n = 20000
		for range n {
			x := draw(u, r)
			if x < u.Band.Low || x > u.Band.High {
				t.Fatalf("%+v: drew %v", *u.Band, x)
			}
			sum += x
		}
		want := (u.Band.Low + u.Band.High) / 2
		if u.Band.Mode != nil {
			want = (u.Band.Low + u.Band.High + *u.Band.Mode) / 3
		}
		if math.Abs(sum/n-want) > 0.01*(u.Band.High-u.Band.Low) {
			t.Errorf("%s band: mean %v, want %v", u.Band.Distribution, sum/n, want)
		}
	}
}
