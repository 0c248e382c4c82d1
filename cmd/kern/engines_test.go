package main

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strings"
	"testing"
)

type engineRun func(args []string, stdin io.Reader, stdout, stderr io.Writer) int

func runEngine(t *testing.T, f engineRun, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := f(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestEngineHelp(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    engineRun
		args []string
	}{
		{"decay", runDecay, []string{"--help"}},
		{"decay short", runDecay, []string{"-h"}},
		{"generator", runGenerator, []string{"--help"}},
		{"generator size", runGenerator, []string{"size", "-h"}},
		{"allocate", runAllocate, []string{"--help"}},
		{"allocate gen", runAllocate, []string{"gen", "--help"}},
	} {
		code, out, _ := runEngine(t, tc.f, "", tc.args...)
		if code != 0 || !strings.Contains(out, "Usage: kern") {
			t.Errorf("%s %v: exit %d, output %q", tc.name, tc.args, code, out)
		}
	}
}

func TestDecayCommand(t *testing.T) {
	code, out, errs := runEngine(t, runDecay, "", "--nuclide", "Lu-177", "--activity", "7,4 GBq",
		"--from", "2026-03-02T08:00:00+01:00", "--to", "2026-03-03T12:00:00+01:00", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		Nuclide    string  `json:"nuclide"`
		ActivityBq float64 `json:"activity_bq"`
		From, To   string
		Factor     float64 `json:"factor"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	want := 7.4e9 * math.Pow(2, -28.0/(6.6443*24))
	if got.Nuclide != "Lu-177" || math.Abs(got.ActivityBq-want) > 1e-9*want || got.To != "2026-03-03T12:00:00+01:00" {
		t.Errorf("got %+v, want %v Bq", got, want)
	}
}

func TestEngineBadInput(t *testing.T) {
	okDecay := []string{"--nuclide", "Lu-177", "--activity", "7.4 GBq", "--from", "2026-03-02T08:00:00+01:00", "--to", "2026-03-03T12:00:00+01:00"}
	with := func(args []string, flag, value string) []string {
		out := append([]string(nil), args...)
		for i := range out {
			if out[i] == flag {
				out[i+1] = value
			}
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		f     engineRun
		stdin string
		args  []string
		want  string // the field and the value, as named on standard error
	}{
		{"unknown nuclide", runDecay, "", with(okDecay, "--nuclide", "Lu-999"), `--nuclide = "Lu-999"`},
		{"negative activity", runDecay, "", with(okDecay, "--activity", "-1 GBq"), `--activity = "-1 GBq"`},
		{"zero activity", runDecay, "", with(okDecay, "--activity", "0 MBq"), `--activity = "0 MBq"`},
		{"activity without a unit", runDecay, "", with(okDecay, "--activity", "7.4"), `--activity = "7.4"`},
		{"malformed instant", runDecay, "", with(okDecay, "--to", "tomorrow"), `--to = "tomorrow"`},
		{"unknown flag", runDecay, "", append(okDecay, "--bogus"), "bogus"},
		{"generator efficiency", runGenerator, "", []string{"--activity", "20 GBq", "--calibrated", "2026-03-02T06:00:00+01:00", "--elute", "2026-03-02T07:00:00+01:00", "--efficiency", "1.5"}, `--efficiency = "1.5"`},
		{"generator parent", runGenerator, "", []string{"--parent", "Lu-177", "--activity", "20 GBq", "--calibrated", "2026-03-02T06:00:00+01:00", "--elute", "2026-03-02T07:00:00+01:00"}, `--parent = "Lu-177"`},
		{"need instant", runGenerator, `{"calibrated_at":"2026-03-02T06:00:00+01:00","needs":[{"at":"monday","activity_bq":1e9}]}`, []string{"size", "--need", "-"}, `needs[0].at = "monday"`},
		{"allocate unknown nuclide", runAllocate, `{"lots":[{"id":"a","nuclide":"Qq-1","activity_bq":1,"available_at":"2026-03-02T06:00:00Z","site":"s"}],"demands":[],"routes":[]}`, nil, `lots[0].nuclide = "Qq-1"`},
		{"allocate duplicate id", runAllocate, `{"lots":[],"demands":[` +
			`{"id":"d","hospital":"h","nuclide":"F-18","activity_bq":1,"calibration_at":"2026-03-02T06:00:00Z","priority":1,"divisible":true},` +
			`{"id":"d","hospital":"h","nuclide":"F-18","activity_bq":1,"calibration_at":"2026-03-02T06:00:00Z","priority":1,"divisible":true}],"routes":[]}`, nil, `demands[1].id = "d"`},
		{"allocate negative activity", runAllocate, `{"lots":[],"demands":[{"id":"d","hospital":"h","nuclide":"F-18","activity_bq":-5,"calibration_at":"2026-03-02T06:00:00Z","priority":1,"divisible":true}],"routes":[]}`, nil, `demands[0].activity_bq = -5`},
		{"allocate malformed instant", runAllocate, `{"lots":[],"demands":[{"id":"d","hospital":"h","nuclide":"F-18","activity_bq":5,"calibration_at":"2026-03-02","priority":1,"divisible":true}],"routes":[]}`, nil, `demands[0].calibration_at = "2026-03-02"`},
		{"allocate not JSON", runAllocate, `{"lots":`, nil, "problem"},
		{"allocate gen size", runAllocate, "", []string{"gen", "--nuclides", "99"}, `--nuclides = "99"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := runEngine(t, tc.f, tc.stdin, tc.args...)
			if code != 2 || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and a message naming %s", code, errs, tc.want)
			}
		})
	}
}

func TestGeneratorCommand(t *testing.T) {
	code, out, errs := runEngine(t, runGenerator, "", "--parent", "Mo-99", "--activity", "20 GBq",
		"--calibrated", "2026-03-02T06:00:00+01:00", "--elute", "2026-03-02T07:00:00+01:00,2026-03-03T07:00:00+01:00", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rows []struct {
		At         string  `json:"at"`
		DaughterBq float64 `json:"daughter_bq"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 2 {
		t.Fatalf("%v: %s", err, out)
	}
	if rows[1].At != "2026-03-03T07:00:00+01:00" || !(rows[1].DaughterBq > 1e9 && rows[1].DaughterBq < 20e9) {
		t.Errorf("second elution %+v", rows[1])
	}
	need := `{"parent":"Mo-99","calibrated_at":"2026-03-02T06:00:00+01:00","efficiency":0.9,"needs":[
		{"at":"2026-03-02T07:00:00+01:00","activity":"30 GBq"},{"at":"2026-03-03T07:00:00+01:00","activity_bq":20e9}]}`
	code, out, errs = runEngine(t, runGenerator, need, "size", "--need", "-", "--json")
	if code != 0 {
		t.Fatalf("size: exit %d: %s", code, errs)
	}
	var size struct {
		ActivityBq float64 `json:"activity_bq"`
		Elutions   []struct {
			NeedBq, DaughterBq float64
		} `json:"elutions"`
	}
	if err := json.Unmarshal([]byte(out), &size); err != nil || !(size.ActivityBq > 30e9) || len(size.Elutions) != 2 {
		t.Fatalf("size %+v %v: %s", size, err, out)
	}
}

const exampleProblemJSON = `{
  "lots": [
    {"id": "NRG-0301", "nuclide": "Lu-177", "activity_bq": 40e9, "available_at": "2026-03-02T06:00:00+01:00", "site": "Petten"},
    {"id": "ITM-0301", "nuclide": "Lu-177", "activity_bq": 15e9, "available_at": "2026-03-02T04:00:00+01:00", "site": "Garching"}
  ],
  "demands": [
    {"id": "amc-1", "hospital": "Amsterdam UMC", "nuclide": "Lu-177", "activity_bq": 7.4e9, "calibration_at": "2026-03-02T12:00:00+01:00", "priority": 1, "divisible": false},
    {"id": "mumc-bulk", "hospital": "Maastricht UMC+", "nuclide": "Lu-177", "activity_bq": 30e9, "calibration_at": "2026-03-02T14:00:00+01:00", "priority": 2, "divisible": true},
    {"id": "far-away", "hospital": "Nowhere", "nuclide": "Lu-177", "activity_bq": 1e9, "calibration_at": "2026-03-02T14:00:00+01:00", "priority": 2, "divisible": true}
  ],
  "routes": [
    {"from": "Petten", "to": "Amsterdam UMC", "transit_hours": 1.5},
    {"from": "Petten", "to": "Maastricht UMC+", "transit_hours": 4},
    {"from": "Garching", "to": "Maastricht UMC+", "transit_hours": 7}
  ]
}`

func TestAllocateCommand(t *testing.T) {
	code, out, errs := runEngine(t, runAllocate, exampleProblemJSON)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "warning: demand far-away") {
		t.Errorf("no warning for the unreachable hospital on stderr: %q", errs)
	}
	var plan struct {
		Demands []struct {
			ID        string  `json:"id"`
			FillRatio float64 `json:"fill_ratio"`
			Sources   []struct {
				Lot       string  `json:"lot"`
				DepartsAt string  `json:"departs_at"`
				Arrived   float64 `json:"arrived_bq"`
			} `json:"sources"`
		} `json:"demands"`
		Classes []struct {
			Priority     int     `json:"priority"`
			MinFillRatio float64 `json:"min_fill_ratio"`
		} `json:"classes"`
		Warnings []struct{ Demand string } `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatalf("plan is not JSON: %v\n%s", err, out)
	}
	if plan.Demands[0].FillRatio != 1 || len(plan.Demands[0].Sources) != 1 || plan.Demands[0].Sources[0].Lot != "NRG-0301" {
		t.Errorf("amc-1: %+v", plan.Demands[0])
	}
	if len(plan.Warnings) != 1 || len(plan.Classes) != 2 {
		t.Errorf("warnings %+v classes %+v", plan.Warnings, plan.Classes)
	}
}

func TestAllocateGenRoundTrip(t *testing.T) {
	code, problem, errs := runEngine(t, runAllocate, "", "gen", "--hospitals", "5", "--nuclides", "3", "--days", "2", "--seed", "7")
	if code != 0 {
		t.Fatalf("gen: exit %d: %s", code, errs)
	}
	_, again, _ := runEngine(t, runAllocate, "", "gen", "--hospitals", "5", "--nuclides", "3", "--days", "2", "--seed", "7")
	if again != problem {
		t.Error("gen is not deterministic for a seed")
	}
	code, plan1, errs := runEngine(t, runAllocate, problem)
	if code != 0 {
		t.Fatalf("allocate: exit %d: %s", code, errs)
	}
	_, plan2, _ := runEngine(t, runAllocate, problem)
	if plan1 != plan2 {
		t.Error("the same problem gave two different plans")
	}
}
