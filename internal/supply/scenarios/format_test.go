package scenarios_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"kern/internal/auth"
	"kern/internal/supply/scenarios"
	"kern/internal/web"
	"kern/internal/web/i18n"
)

// TestWholeHour: the demo's outage starts on a whole hour in Amsterdam time, also when the
// baseline run starts at an odd second and across the change to winter time.
func TestWholeHour(t *testing.T) {
	ams := func(y int, m time.Month, d, h, min, s int) time.Time {
		return time.Date(y, m, d, h, min, s, 0, web.Amsterdam)
	}
	for _, tc := range []struct {
		name     string
		in, want time.Time
	}{
		{"odd minute and second", ams(2026, 11, 25, 2, 59, 31), ams(2026, 11, 25, 3, 0, 0)},
		{"one second past", ams(2026, 11, 25, 6, 0, 1), ams(2026, 11, 25, 7, 0, 0)},
		{"already whole", ams(2026, 11, 25, 6, 0, 0), ams(2026, 11, 25, 6, 0, 0)},
		{"before midnight", ams(2026, 11, 25, 23, 30, 0), ams(2026, 11, 26, 0, 0, 0)},
		{"summer time", ams(2026, 7, 1, 14, 12, 0), ams(2026, 7, 1, 15, 0, 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := scenarios.WholeHour(tc.in)
			if !got.Equal(tc.want) || got.In(web.Amsterdam).Minute() != 0 || got.Second() != 0 {
				t.Errorf("WholeHour(%s) = %s, want %s", tc.in, got.In(web.Amsterdam), tc.want)
			}
		})
	}
}

// TestDescribeInPageFormat: a change reads its instants and numbers in the page's language —
// "25-11-2026 06:00" and "1,2" in Dutch, "2026-11-25 06:00" and "1.2" in English.
func TestDescribeInPageFormat(t *testing.T) {
	from := time.Date(2026, 11, 25, 5, 0, 0, 0, time.UTC) // 06:00 in Amsterdam
	to := from.AddDate(0, 0, 14)
	f := 1.2
	refs := &scenarios.Refs{}
	tr := func(k string, a ...any) string { return k + fmt.Sprint(a...) }
	for _, tc := range []struct {
		lang i18n.Lang
		c    scenarios.Change
		want []string
		not  []string
	}{
		{i18n.NL, scenarios.Change{Kind: scenarios.KindOutage, Site: "Petten", StartsAt: &from, EndsAt: &to, ReductionPct: 100},
			[]string{"25-11-2026 06:00 – 09-12-2026 06:00"}, []string{"2026-11-25"}},
		{i18n.EN, scenarios.Change{Kind: scenarios.KindOutage, Site: "Petten", StartsAt: &from, EndsAt: &to, ReductionPct: 100},
			[]string{"2026-11-25 06:00 – 2026-12-09 06:00"}, nil},
		{i18n.NL, scenarios.Change{Kind: scenarios.KindDemand, Nuclide: "Lu-177", Factor: &f}, []string{"1,2"}, []string{"1.2"}},
		{i18n.EN, scenarios.Change{Kind: scenarios.KindDemand, Nuclide: "Lu-177", Factor: &f}, []string{"1.2"}, nil},
		{i18n.NL, scenarios.Change{Kind: scenarios.KindTransport, Country: "BE", ExtraHours: 1.5, StartsAt: &from, EndsAt: &to},
			[]string{"1,5", "scenarios.describe.all_hospitals"}, []string{"everywhere"}},
		{i18n.NL, scenarios.Change{Kind: scenarios.KindTransport, Country: "BE", Region: "NL-ZH", Closed: true, StartsAt: &from, EndsAt: &to},
			[]string{"scenarios.describe.hospitals_in", "Zuid-Holland"}, nil},
	} {
		got := scenarios.Describe(tc.c, refs, tr, &web.Page{Lang: tc.lang})
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s %s: %q lacks %q", tc.lang, tc.c.Kind, got, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(got, w) {
				t.Errorf("%s %s: %q has %q", tc.lang, tc.c.Kind, got, w)
			}
		}
	}
	// The chart's days are the page's dates too.
	n := scenarios.ScenarioNuclide{Nuclide: "Mo-99", Days: []scenarios.ScenarioDay{{Date: "2026-11-23"}}}
	opt := scenarios.ChartOption(n, func(k string) string { return k }, &web.Page{Lang: i18n.NL})
	if days := opt["xAxis"].(map[string]any)["data"].([]string); len(days) != 1 || days[0] != "23-11-2026" {
		t.Errorf("the chart's days are %v, want [23-11-2026]", days)
	}
}

// TestFailedReasonForCoordinators: every reader learns that the scenario's run failed; only the
// coordination office reads the engine's error, as on the runs' own pages.
func TestFailedReasonForCoordinators(t *testing.T) {
	for _, tc := range []struct {
		name   string
		who    *auth.Principal
		reason bool
	}{
		{"coordinator", coordinator, true},
		{"member", member, false},
	} {
		c := scenarios.Comparison{Ran: true, RunFailed: true, Failed: "product 7 of facility HFR: no production run"}
		scenarios.Restrict(&c, tc.who)
		if !c.RunFailed || (c.Failed != "") != tc.reason {
			t.Errorf("%s: run_failed %v, failed %q; want the reason %v", tc.name, c.RunFailed, c.Failed, tc.reason)
		}
	}
}
