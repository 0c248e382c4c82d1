package nuclide

import (
	"math"
	"testing"
)

func TestParseActivity(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Activity
	}{
		{"7.4 GBq", 7.4e9},
		{"7,4 GBq", 7.4e9}, // Dutch decimal comma
		{"7,4GBq", 7.4e9},
		{"  740 MBq ", 740e6},
		{"1e9 Bq", 1e9},
		{"2.5E-3 TBq", 2.5e9},
		{"3 kBq", 3e3},
		{"1 TBq", 1e12},
		{"1 Ci", 3.7e10},
		{"200 mCi", 7.4e9},
		{"50 µCi", 1.85e6}, // micro sign U+00B5
		{"50 μCi", 1.85e6}, // Greek mu U+03BC
		{"50 uCi", 1.85e6},
		{"0 Bq", 0},
		{"-1 MBq", -1e6},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseActivity(tc.in)
			if err != nil {
				t.Fatalf("ParseActivity(%q): %v", tc.in, err)
			}
			if math.Abs(float64(got-tc.want)) > 1e-12*math.Abs(float64(tc.want)) {
				t.Errorf("ParseActivity(%q) = %v, want %v", tc.in, float64(got), float64(tc.want))
			}
		})
	}
}

func TestParseActivityRefuses(t *testing.T) {
	for _, in := range []string{
		"", "GBq", "7.4", "7.4 gbq", "7.4 mBq", "7,400.5 GBq", "1,2,3 MBq", "NaN GBq", "Inf Bq",
		"1e400 TBq", "7 4 GBq", "0x10 Bq", "7.4 GBq extra", "e9 Bq",
	} {
		if a, err := ParseActivity(in); err == nil {
			t.Errorf("ParseActivity(%q) = %v, want an error", in, float64(a))
		}
	}
}

func TestActivityStringRoundTrips(t *testing.T) {
	for _, a := range []Activity{7.4e9, 1, 999, 1.5e3, 20e9, 3.7e10, 1.234e15, 0} {
		back, err := ParseActivity(a.String())
		if err != nil {
			t.Fatalf("%v prints as %q, which does not parse: %v", float64(a), a.String(), err)
		}
		if math.Abs(float64(back-a)) > 5e-4*math.Abs(float64(a)) {
			t.Errorf("%v prints as %q, reads back as %v", float64(a), a.String(), float64(back))
		}
	}
	if got := Activity(7.4e9).String(); got != "7.400 GBq" {
		t.Errorf("7.4e9 Bq prints as %q, want 7.400 GBq", got)
	}
}

func TestSixDayCurie(t *testing.T) {
	mo, err := Lookup("Mo-99")
	if err != nil {
		t.Fatal(err)
	}
	atEOP := FromSixDayCuries(mo, 1)
	if ci := float64(atEOP / Curie); math.Abs(ci-4.54) > 0.01 {
		t.Errorf("one six-day curie is %.4f Ci at end of processing, want about 4.54", ci)
	}
	if back := SixDayCuries(mo, atEOP); math.Abs(back-1) > 1e-12 {
		t.Errorf("round trip gives %v six-day Ci, want 1", back)
	}
}

func FuzzParseActivity(f *testing.F) {
	for _, s := range []string{"7.4 GBq", "7,4 GBq", "1e9 Bq", "50 µCi", "50 uCi", "200mCi", "", "1,2.3 Bq", "-0 TBq"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseActivity(s)
		if err != nil {
			return
		}
		if math.IsNaN(float64(a)) || math.IsInf(float64(a), 0) {
			t.Fatalf("ParseActivity(%q) = %v without an error", s, float64(a))
		}
		if _, err := ParseActivity(a.String()); err != nil {
			t.Fatalf("ParseActivity(%q) = %v, whose String %q does not parse: %v", s, float64(a), a.String(), err)
		}
	})
}
