package forecast

import (
	"math"
	"math/rand/v2"
)

// constantCount is n0 grown by rate a year for t years.
func constantCount(n0, rate float64, t int) float64 {
	return n0 * math.Pow(1+rate, float64(t))
}

// logisticCount is the count in year y on an adoption curve anchored at n0 in year anchor and
// rising to ceiling: the logistic f(t) = 1/(1+exp(−k(t−m))) rescaled so that it starts at n0 in
// the anchor year and tends to the ceiling. Before the anchor the count stays n0.
func logisticCount(n0, ceiling, midpoint, steepness float64, anchor, y int) float64 {
	if y <= anchor {
		return n0
	}
	f := func(t int) float64 { return 1 / (1 + math.Exp(-steepness*(float64(t)-midpoint))) }
	fa := f(anchor)
	if fa >= 1 { // the curve had saturated before the anchor: nothing left to adopt
		return n0
	}
	return n0 + (ceiling-n0)*(f(y)-fa)/(1-fa)
}

// pathAt interpolates a path linearly between its points, flat beyond the first and the last.
func pathAt(years []int, values []float64, y int) float64 {
	if y <= years[0] {
		return values[0]
	}
	for i := 1; i < len(years); i++ {
		if y <= years[i] {
			w := float64(y-years[i-1]) / float64(years[i]-years[i-1])
			return values[i-1] + w*(values[i]-values[i-1])
		}
	}
	return values[len(values)-1]
}

// draw samples an uncertain value: its value when it has no band, else a draw from the band by
// inverse transform (one uniform number a draw, so runs stay aligned across parameters).
func draw(u Uncertain, r *rand.Rand) float64 {
	b := u.Band
	if b == nil {
		return u.Value
	}
	p := r.Float64()
	w := b.High - b.Low
	if b.Distribution == "uniform" || w == 0 {
		return b.Low + p*w
	}
	c := (*b.Mode - b.Low) / w
	if p < c {
		return b.Low + math.Sqrt(p*w*(*b.Mode-b.Low))
	}
	return b.High - math.Sqrt((1-p)*w*(b.High-*b.Mode))
}
