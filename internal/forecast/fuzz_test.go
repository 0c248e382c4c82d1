package forecast

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
)

// FuzzDecodeScenario feeds arbitrary documents to the scenario reader and the projection: either
// an *InputError comes back, or a result whose numbers are all finite with ordered percentiles.
func FuzzDecodeScenario(f *testing.F) {
	def, _ := json.Marshal(DefaultScenario())
	f.Add(def)
	f.Add([]byte(`{"baseline_year":2025,"products":[{"name":"F-18","unit":"GBq"}],"applications":[{"name":"PET/CT","kind":"diagnostic","count":100000,"growth":{"model":"constant","rate":{"value":0.1,"band":{"distribution":"uniform","low":0.05,"high":0.15}}},"product":"F-18","activity_per_procedure":0.2,"resources":{}}],"facilities":[],"resources":{"room_days_per_year":250,"staff_hours_per_year":1500,"hotlab_hours_per_year":2000}}`))
	f.Add([]byte(`{"baseline_year":2025,"end_year":2020}`))
	f.Add([]byte(`{"baseline_year":2025,"applications":[{"growth":{"model":"logistic","ceiling":1e308}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := DecodeScenario(data)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("DecodeScenario error %v is not an *InputError", err)
			}
			return
		}
		res, err := Run(s, Options{Runs: 20, Seed: 1})
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Run error %v is not an *InputError", err)
			}
			return
		}
		forEachSpread(res, func(where string, sp Spread) {
			for _, v := range []float64{sp.Central, sp.P10, sp.P50, sp.P90} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("%s: %+v", where, sp)
				}
			}
			if !(sp.P10 <= sp.P50 && sp.P50 <= sp.P90) {
				t.Fatalf("%s: percentiles out of order %+v", where, sp)
			}
		})
		if _, err := json.Marshal(s); err != nil {
			t.Fatalf("an accepted scenario does not encode: %v", err)
		}
		if _, err := json.Marshal(res); err != nil {
			t.Fatalf("a result does not encode: %v", err)
		}
	})
}
