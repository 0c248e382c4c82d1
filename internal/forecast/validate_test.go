package forecast

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// badScenarios are the bad-input cases of the forecast; the command's tests run them too.
var badScenarios = []struct {
	Name   string
	Change func(s *Scenario)
	Field  string // the field the error names
}{
	{"a growth rate below −100 %", func(s *Scenario) { s.Applications[1].Growth.Rate = &Uncertain{Value: -1.5} }, "applications[1].growth.rate"},
	{"a band reaching below −100 %", func(s *Scenario) { s.Applications[1].Growth.Rate.Band.Low = -2 }, "applications[1].growth.rate.band.low"},
	{"a facility starting after it ends", func(s *Scenario) { s.Facilities[6].EndYear = &Value{Value: 2029} }, "facilities[6].start_year"},
	{"an adoption curve starting after the end year", func(s *Scenario) { s.Applications[4].Growth.StartYear.Value = 2045 }, "applications[4].growth.start_year"},
	{"an end year before the baseline", func(s *Scenario) { s.EndYear = 2020 }, "end_year"},
	{"a negative count", func(s *Scenario) { s.Applications[0].Count.Value = -1 }, "applications[0].count"},
	{"a negative capacity", func(s *Scenario) { s.Facilities[1].CapacityPerWeek.Value = -6200 }, "facilities[1].capacity_per_week"},
	{"a negative activity per procedure", func(s *Scenario) { s.Applications[2].ActivityPerProcedure.Value = -7.4 }, "applications[2].activity_per_procedure"},
	{"a share above one", func(s *Scenario) { s.Facilities[0].Share.Value = 1.5 }, "facilities[0].share"},
	{"an unknown product", func(s *Scenario) { s.Facilities[0].Product = "Mo99" }, "facilities[0].product"},
	{"an unknown growth model", func(s *Scenario) { s.Applications[0].Growth.Model = "exponential" }, "applications[0].growth.model"},
	{"a ceiling below the baseline count", func(s *Scenario) { s.Applications[4].Count.Value = 5000 }, "applications[4].growth.ceiling"},
	{"a value outside its band", func(s *Scenario) { s.Applications[1].Growth.Rate.Value = 0.2 }, "applications[1].growth.rate.value"},
	{"a triangular band without a mode", func(s *Scenario) { s.Applications[2].Growth.Rate.Band.Mode = nil }, "applications[2].growth.rate.band.mode"},
	{"a zero steepness", func(s *Scenario) { s.Applications[4].Growth.Steepness = &Uncertain{Value: 0} }, "applications[4].growth.steepness"},
	{"a negative room-days", func(s *Scenario) { s.Applications[2].Resources.RoomDays.Value = -1 }, "applications[2].resources.room_days"},
	{"a room giving no days", func(s *Scenario) { s.Resources.RoomDaysPerYear.Value = 0 }, "resources.room_days_per_year"},
	{"treatment options for an unknown application", func(s *Scenario) { s.TreatmentOptions.AppliesTo[0] = "nothing" }, "treatment_options.applies_to[0]"},
	{"a duplicate application", func(s *Scenario) { s.Applications[1].Name = s.Applications[0].Name }, "applications[1].name"},
	{"a fractional year", func(s *Scenario) { s.Facilities[0].EndYear.Value = 2026.5 }, "facilities[0].end_year"},
}

// badDocuments are bad scenarios only JSON can write.
var badDocuments = []struct {
	Name, Doc, Field string
}{
	{"an unknown field", `{"baseline_year":2025,"horizon":2040}`, "horizon"},
	{"an unknown field in a value", `{"baseline_year":2025,"applications":[{"count":{"value":1,"sauce":"x"}}]}`, "sauce"},
	{"a string for a number", `{"baseline_year":"2025"}`, "baseline_year"},
	{"not JSON", `{"baseline_year":`, "(document)"},
}

func TestBadScenarios(t *testing.T) {
	for _, tc := range badScenarios {
		t.Run(tc.Name, func(t *testing.T) {
			s := DefaultScenario()
			tc.Change(&s)
			doc, _ := json.Marshal(s)
			_, err := DecodeScenario(doc)
			wantField(t, err, tc.Field)
			_, err = Run(s, Options{Runs: 10})
			wantField(t, err, tc.Field)
		})
	}
	for _, tc := range badDocuments {
		t.Run(tc.Name, func(t *testing.T) {
			_, err := DecodeScenario([]byte(tc.Doc))
			wantField(t, err, tc.Field)
		})
	}
	t.Run("runs out of range", func(t *testing.T) {
		_, err := Run(DefaultScenario(), Options{Runs: MaxRuns + 1})
		wantField(t, err, "runs")
	})
}

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v, want an *InputError naming %s", err, field)
	}
	if ie.Field != field && !strings.Contains(ie.Field, field) {
		t.Errorf("error %q names %s, want %s", err, ie.Field, field)
	}
}

func TestDefaultScenario(t *testing.T) {
	s := DefaultScenario()
	doc, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeScenario(doc)
	if err != nil {
		t.Fatalf("the default scenario does not read back: %v", err)
	}
	again, _ := json.Marshal(back)
	if string(again) != string(doc) {
		t.Errorf("the default scenario changes on a round trip:\n%s\n%s", doc, again)
	}
	// Every default carries its source.
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			if _, isValue := x["value"]; isValue {
				if src, _ := x["source"].(string); src == "" {
					t.Errorf("%s has no source", path)
				}
			}
			for k, c := range x {
				walk(path+"."+k, c)
			}
		case []any:
			for i, c := range x {
				walk(path+"["+itoa(i)+"]", c)
			}
		}
	}
	var tree any
	json.Unmarshal(doc, &tree)
	walk("scenario", tree)
	if n := s.Applications[0].Count.Value + s.Applications[1].Count.Value; n != 400000 {
		t.Errorf("diagnostics %v, want the RIVM 400,000", n)
	}
	if n := s.Applications[2].Count.Value + s.Applications[3].Count.Value + s.Applications[4].Count.Value; n != 4000 {
		t.Errorf("therapies %v, want the RIVM 4,000", n)
	}
}

func TestBareNumbersReadAsValues(t *testing.T) {
	min := `{"baseline_year":2025,"products":[{"name":"F-18","unit":"GBq"}],
	  "applications":[{"name":"PET/CT","kind":"diagnostic","count":100000,"growth":{"model":"constant","rate":0.1},"product":"F-18","activity_per_procedure":0.2,"resources":{}}],
	  "facilities":[],"resources":{"room_days_per_year":250,"staff_hours_per_year":1500,"hotlab_hours_per_year":2000}}`
	got, err := DecodeScenario([]byte(min))
	if err != nil {
		t.Fatal(err)
	}
	if got.EndYear != DefaultEndYear || got.Applications[0].Count.Value != 100000 || got.Applications[0].Growth.Rate.Value != 0.1 {
		t.Errorf("read %+v", got)
	}
}
