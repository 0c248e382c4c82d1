package nuclide

import (
	"fmt"
	"math"
	"time"
)

// Seconds is the elapsed time from a to b in seconds, exact for spans beyond time.Duration's range.
func Seconds(from, to time.Time) float64 {
	return float64(to.Unix()-from.Unix()) + float64(to.Nanosecond()-from.Nanosecond())/1e9
}

// DecayFactor is A(to)/A(from): below 1 forwards in time, above 1 backwards (decay correction).
// It is +Inf only when the true factor exceeds the float64 range (going back thousands of
// half-lives); Decay reports that as an error.
func DecayFactor(n Nuclide, from, to time.Time) float64 {
	return math.Exp(-n.Lambda() * Seconds(from, to))
}

// Decay is the activity at instant to of a sample that has activity a at instant from. It works
// forwards and backwards in time and never returns NaN or Inf: a result beyond the float64 range is
// an error.
func Decay(n Nuclide, a Activity, from, to time.Time) (Activity, error) {
	if math.IsNaN(float64(a)) || math.IsInf(float64(a), 0) {
		return 0, fmt.Errorf("activity %v is not a finite number", float64(a))
	}
	x := -n.Lambda() * Seconds(from, to)
	if a == 0 || n.Stable() {
		return a, nil
	}
	// log-space keeps a large activity times a large factor from overflowing early.
	lg := math.Log(math.Abs(float64(a))) + x
	if lg > math.Log(math.MaxFloat64) {
		return 0, fmt.Errorf("%s activity %v at %s is out of range at %s (%.0f half-lives back)",
			n.Name, float64(a), from.Format(time.RFC3339), to.Format(time.RFC3339), -x/math.Ln2)
	}
	return Activity(math.Copysign(math.Exp(lg), float64(a))), nil
}

// TimeToDecay is the time in seconds for an activity to fall by the given factor (factor in (0,1]).
func TimeToDecay(n Nuclide, factor float64) float64 {
	if n.Stable() {
		return math.Inf(1)
	}
	return -math.Log(factor) / n.Lambda()
}
