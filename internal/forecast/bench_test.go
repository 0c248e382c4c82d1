package forecast

import "testing"

// BenchmarkForecast is the target of issue 6: 10,000 Monte Carlo runs of the default scenario to
// 2040 under 2 s on two cores.
func BenchmarkForecast(b *testing.B) {
	s := DefaultScenario()
	for b.Loop() {
		if _, err := Run(s, Options{Runs: 10000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
