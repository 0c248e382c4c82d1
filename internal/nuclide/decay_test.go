package nuclide

import (
	"math"
	"testing"
	"time"
)

func mustLookup(t testing.TB, name string) Nuclide {
	t.Helper()
	n, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestLookupSpellings(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Tc-99m", "Tc-99m"}, {"tc99m", "Tc-99m"}, {"99mTc", "Tc-99m"}, {"Tc99m", "Tc-99m"},
		{"lu-177", "Lu-177"}, {"177Lu", "Lu-177"}, {"Lu-177m", "Lu-177m"}, {"F18", "F-18"},
		{"Ru-99", "Ru-99"},
	} {
		n, err := Lookup(tc.in)
		if err != nil || n.Name != tc.want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", tc.in, n.Name, err, tc.want)
		}
	}
	for _, in := range []string{"", "Xx-1", "Tc-98", "Lu"} {
		if _, err := Lookup(in); err == nil {
			t.Errorf("Lookup(%q): want an error", in)
		}
	}
	if n := mustLookup(t, "Ru-99"); !n.Stable() || n.Lambda() != 0 {
		t.Errorf("Ru-99 should be stable")
	}
	if got := len(Names()); got < 41 {
		t.Errorf("table holds %d nuclides, want at least the 41 of nuclides.csv", got)
	}
}

func TestDecay(t *testing.T) {
	// Reference: A = A0 · 2^(−Δt/T½), with T½ taken from the table as written (value × unit).
	for _, tc := range []struct {
		name     string
		nuclide  string
		halfLife float64 // seconds, from the CSV by hand
		a0       Activity
		from, to string
	}{
		{"Lu-177 over a day and four hours", "Lu-177", 6.6443 * 86400, 7.4e9, "2026-03-02T08:00:00+01:00", "2026-03-03T12:00:00+01:00"},
		{"Lu-177 backwards (decay correction)", "Lu-177", 6.6443 * 86400, 7.4e9, "2026-03-03T12:00:00+01:00", "2026-03-02T08:00:00+01:00"},
		{"F-18 across zones", "F-18", 109.734 * 60, 10e9, "2026-03-02T07:00:00Z", "2026-03-02T10:30:00+02:00"},
		{"Tc-99m over a week", "Tc-99m", 6.0066 * 3600, 40e9, "2026-03-01T06:00:00+01:00", "2026-03-08T06:00:00+01:00"},
		{"Sr-90 over 400 years", "Sr-90", 28.91 * 365.2422 * 86400, 1e6, "2026-01-01T00:00:00Z", "2426-01-01T00:00:00Z"},
		{"Mo-99 six days", "Mo-99", 65.932 * 3600, 1, "2026-01-01T00:00:00Z", "2026-01-07T00:00:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := mustLookup(t, tc.nuclide)
			from, to := mustTime(t, tc.from), mustTime(t, tc.to)
			got, err := Decay(n, tc.a0, from, to)
			if err != nil {
				t.Fatal(err)
			}
			dt := float64(to.Unix() - from.Unix())
			want := float64(tc.a0) * math.Pow(2, -dt/tc.halfLife)
			if rel := math.Abs(float64(got)-want) / want; rel > 1e-12 {
				t.Errorf("Decay = %v, want %v (relative error %v)", float64(got), want, rel)
			}
			if f := DecayFactor(n, from, to); math.Abs(f*float64(tc.a0)-float64(got)) > 1e-12*float64(got) {
				t.Errorf("DecayFactor %v disagrees with Decay", f)
			}
		})
	}
}

func TestDecayNeverNaNOrInf(t *testing.T) {
	base := mustTime(t, "2026-01-01T00:00:00Z")
	for _, name := range Names() {
		n := mustLookup(t, name)
		for _, dt := range []time.Duration{0, time.Nanosecond, time.Hour, -time.Hour, 1e6 * time.Hour, -1e6 * time.Hour} {
			for _, a := range []Activity{0, 1, 1e300, -5} {
				got, err := Decay(n, a, base, base.Add(dt))
				if err == nil && (math.IsNaN(float64(got)) || math.IsInf(float64(got), 0)) {
					t.Fatalf("Decay(%s, %v, %v) = %v without an error", name, float64(a), dt, float64(got))
				}
			}
		}
	}
	if _, err := Decay(mustLookup(t, "F-18"), 1, base, base.Add(-1e5*time.Hour)); err == nil {
		t.Errorf("going back 55,000 F-18 half-lives should be out of range")
	}
}
