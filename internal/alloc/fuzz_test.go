package alloc

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"testing"
)

// FuzzDecodeProblem feeds arbitrary documents to the problem reader and the solver: either an
// *InputError comes back, or a plan whose numbers are all finite and within bounds.
func FuzzDecodeProblem(f *testing.F) {
	ex, _ := json.Marshal(exampleProblem())
	f.Add(ex)
	f.Add([]byte(`{"lots":[],"demands":[],"routes":[]}`))
	f.Add([]byte(`{"lots":[{"id":"a","nuclide":"F-18","activity_bq":1e9,"available_at":"2026-03-02T06:00:00Z","site":"s"}],` +
		`"demands":[{"id":"d","hospital":"s","nuclide":"F18","activity_bq":5e8,"calibration_at":"2026-03-02T07:00:00+01:00","priority":1,"divisible":false,"window_end":"2026-03-02T09:00:00+01:00"}],"routes":[]}`))
	f.Add([]byte(`{"lots":[{"id":"a","activity_bq":"7 GBq"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if fast, err := decodeFast(data); err == nil {
			var std Problem
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&std); err != nil || dec.More() {
				t.Fatalf("the fast reader accepts what encoding/json refuses (%v): %q", err, data)
			}
			if !reflect.DeepEqual(normalize(fast), normalize(std)) {
				t.Fatalf("the fast reader and encoding/json disagree on %q:\n%+v\n%+v", data, fast, std)
			}
		}
		p, err := DecodeProblem(data)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("DecodeProblem error %v is not an *InputError", err)
			}
			return
		}
		if len(p.Lots)*len(p.Demands) > 10000 {
			return
		}
		plan, err := Solve(p)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Solve error %v is not an *InputError", err)
			}
			return
		}
		for _, d := range plan.Demands {
			for _, v := range []float64{d.FilledBq, d.FillRatio, d.UnmetBq} {
				if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
					t.Fatalf("demand %s: %v", d.ID, v)
				}
			}
			if d.FillRatio > 1 {
				t.Fatalf("demand %s over-filled: %v", d.ID, d.FillRatio)
			}
		}
		var back Plan
		if err := json.Unmarshal(plan.AppendJSON(nil), &back); err != nil {
			t.Fatalf("plan JSON does not parse: %v", err)
		}
	})
}

// normalize makes empty and absent lists equal: encoding/json leaves a list nil for null or absent
// and empty for [], a difference no caller sees.
func normalize(p Problem) Problem {
	if len(p.Lots) == 0 {
		p.Lots = nil
	}
	if len(p.Demands) == 0 {
		p.Demands = nil
	}
	if len(p.Routes) == 0 {
		p.Routes = nil
	}
	if len(p.ShelfLives) == 0 {
		p.ShelfLives = nil
	}
	return p
}
