package runs

import (
	"testing"
	"time"
)

// TestStatusOf: per nuclide and week, short when class 1 is not whole or more than 5 % is unmet,
// tight when filled with less than 10 % to spare or classes 2–3 below 100 % while class 1 is
// whole, else sufficient; weeks without demand are left out.
func TestStatusOf(t *testing.T) {
	start := time.Date(2026, 11, 22, 23, 30, 0, 0, time.UTC) // 23 November 00:30 Amsterdam
	day := func(d int) string { return start.AddDate(0, 0, d).Add(time.Hour).Format("2006-01-02") }
	tests := []struct {
		name string
		nd   NuclideDay
		want string
	}{
		{"sufficient", NuclideDay{SupplyBq: 120, RequestedBq: 100, FilledBq: 100, Class1Req: 50, Class1Fill: 50}, StateSufficient},
		{"tight: less than 10 % to spare", NuclideDay{SupplyBq: 105, RequestedBq: 100, FilledBq: 100, Class1Req: 50, Class1Fill: 50}, StateTight},
		{"tight: class 2 short, class 1 whole", NuclideDay{SupplyBq: 200, RequestedBq: 100, FilledBq: 97, Class1Req: 50, Class1Fill: 50}, StateTight},
		{"short: class 1 not whole", NuclideDay{SupplyBq: 200, RequestedBq: 100, FilledBq: 99, Class1Req: 50, Class1Fill: 49}, StateShort},
		{"short: more than 5 % unmet", NuclideDay{SupplyBq: 200, RequestedBq: 100, FilledBq: 94, Class1Req: 50, Class1Fill: 50}, StateShort},
	}
	for _, tc := range tests {
		nd := tc.nd
		nd.Nuclide, nd.Date = "Mo-99", day(8) // week 2
		st := StatusOf(start, start, 28, Result{Days: []NuclideDay{nd, {Nuclide: "Lu-177", Date: day(0), SupplyBq: 5}}})
		if len(st.Weeks) != 4 || st.Weeks[1].From != "2026-11-30" || len(st.Nuclides) != 1 {
			t.Fatalf("weeks %+v, nuclides %v", st.Weeks, st.Nuclides)
		}
		c := st.Cell("Mo-99", 1)
		if c == nil || c.State != tc.want {
			t.Errorf("%s: %+v, want %s", tc.name, c, tc.want)
		}
		if st.Cell("Mo-99", 0) != nil || st.Cell("Lu-177", 0) != nil {
			t.Errorf("%s: a week without demand has a state", tc.name)
		}
	}
}
