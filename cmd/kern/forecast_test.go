package main

import (
	"encoding/json"
	"strings"
	"testing"

	"kern/internal/forecast"
)

func scenarioJSON(t *testing.T, change func(s *forecast.Scenario)) string {
	t.Helper()
	s := forecast.DefaultScenario()
	if change != nil {
		change(&s)
	}
	doc, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(doc)
}

func TestForecastCommand(t *testing.T) {
	code, out, errs := runEngine(t, runForecast, "", "--help")
	if code != 0 || !strings.Contains(out, "Usage: kern forecast") {
		t.Errorf("--help: exit %d, %q", code, out)
	}

	code, def, errs := runEngine(t, runForecast, "", "--defaults")
	if code != 0 {
		t.Fatalf("--defaults: exit %d: %s", code, errs)
	}
	if _, err := forecast.DecodeScenario([]byte(def)); err != nil {
		t.Fatalf("--defaults does not read back: %v", err)
	}

	code, out, errs = runEngine(t, runForecast, def, "--scenario", "-", "--runs", "200", "--seed", "3", "--json")
	if code != 0 {
		t.Fatalf("--json: exit %d: %s", code, errs)
	}
	var res forecast.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Runs != 200 || res.Seed != 3 || len(res.Years) != 16 || res.Years[15].Year != 2040 {
		t.Errorf("result runs %d, seed %d, %d years", res.Runs, res.Seed, len(res.Years))
	}
	_, again, _ := runEngine(t, runForecast, def, "--scenario", "-", "--runs", "200", "--seed", "3", "--json")
	if again != out {
		t.Error("the same seed printed two different results")
	}

	code, out, errs = runEngine(t, runForecast, def, "--scenario", "-", "--runs", "100")
	if code != 0 {
		t.Fatalf("table: exit %d: %s", code, errs)
	}
	for _, want := range []string{"Procedures a year", "PET/CT", "Mo-99 (6-day Ci a year)", "PALLAS (Petten)", "therapy rooms", "2040  "} {
		if !strings.Contains(out, want) {
			t.Errorf("the table lacks %q:\n%s", want, out)
		}
	}
}

func TestForecastBadInput(t *testing.T) {
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		want  string // the field, as named on standard error
	}{
		{"a growth rate below −100 %", scenarioJSON(t, func(s *forecast.Scenario) { s.Applications[1].Growth.Rate = &forecast.Uncertain{Value: -1.5} }), nil, "applications[1].growth.rate = -1.5"},
		{"a facility starting after it ends", scenarioJSON(t, func(s *forecast.Scenario) { s.Facilities[6].EndYear = &forecast.Value{Value: 2029} }), nil, "facilities[6].start_year = 2030"},
		{"an adoption curve starting after the end year", scenarioJSON(t, func(s *forecast.Scenario) { s.Applications[4].Growth.StartYear.Value = 2041 }), nil, "applications[4].growth.start_year = 2041"},
		{"an end year before the baseline", scenarioJSON(t, func(s *forecast.Scenario) { s.EndYear = 2024 }), nil, "end_year = 2024"},
		{"a negative count", scenarioJSON(t, func(s *forecast.Scenario) { s.Applications[0].Count.Value = -10 }), nil, "applications[0].count = -10"},
		{"a negative capacity", scenarioJSON(t, func(s *forecast.Scenario) { s.Facilities[2].CapacityPerWeek.Value = -1 }), nil, "facilities[2].capacity_per_week = -1"},
		{"an unknown field", `{"baseline_year":2025,"horizon_year":2040}`, nil, "horizon_year"},
		{"not JSON", `{"baseline_year":`, nil, "(document)"},
		{"no scenario", "", []string{}, "--scenario"},
		{"no runs", scenarioJSON(t, nil), []string{"--scenario", "-", "--runs", "0"}, `--runs = "0"`},
		{"too many runs", scenarioJSON(t, nil), []string{"--scenario", "-", "--runs", "1000001"}, `--runs = "1000001"`},
		{"a missing file", "", []string{"--scenario", "/nonexistent/scenario.json"}, "/nonexistent/scenario.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			if args == nil {
				args = []string{"--scenario", "-"}
			}
			code, _, errs := runEngine(t, runForecast, tc.stdin, args...)
			if code != 2 || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and a message naming %s", code, errs, tc.want)
			}
		})
	}
}
