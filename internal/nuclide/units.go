package nuclide

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Activity is an activity in becquerel (decays per second).
type Activity float64

// Curie is the activity of one curie in becquerel (exact by definition).
const Curie Activity = 3.7e10

var activityUnits = []struct {
	name string
	bq   Activity
}{
	{"TBq", 1e12}, {"GBq", 1e9}, {"MBq", 1e6}, {"kBq", 1e3}, {"Bq", 1},
	{"Ci", Curie}, {"mCi", Curie / 1e3}, {"µCi", Curie / 1e6},
}

// unitFactor maps every accepted spelling of a unit to becquerel. Units are case-sensitive where
// SI makes them so (MBq is not mBq); "uCi" and both micro signs (U+00B5, U+03BC) mean microcurie.
func unitFactor(u string) (Activity, bool) {
	switch u {
	case "uCi", "μCi", "µCi":
		return Curie / 1e6, true
	}
	for _, au := range activityUnits {
		if u == au.name {
			return au.bq, true
		}
	}
	return 0, false
}

func isUnitStart(r rune) bool { return unicode.IsLetter(r) || r == 'µ' || r == 'μ' }

// ParseActivity reads an activity such as "7.4 GBq", "7,4 GBq" (Dutch decimal comma), "200mCi",
// "1e9 Bq" or "50 µCi". A unit is required: a bare number is ambiguous. The value may be zero or
// negative; callers that need a positive activity check it. NaN and infinities are refused.
func ParseActivity(s string) (Activity, error) {
	in := strings.TrimSpace(s)
	i := 0
	for i < len(in) {
		c := in[i]
		if c >= '0' && c <= '9' || c == '.' || c == ',' || c == '+' || c == '-' || c == ' ' {
			i++
			continue
		}
		// An exponent ("1e9", "2.5E-3") belongs to the number when a digit or sign follows it.
		if (c == 'e' || c == 'E') && i > 0 && i+1 < len(in) &&
			(in[i+1] >= '0' && in[i+1] <= '9' || in[i+1] == '-' || in[i+1] == '+') {
			i += 2
			continue
		}
		break
	}
	num := strings.TrimSpace(in[:i])
	unit := strings.TrimSpace(in[i:])
	if num == "" || unit == "" {
		return 0, fmt.Errorf("activity %q: want a number and a unit (Bq, kBq, MBq, GBq, TBq, Ci, mCi, µCi)", s)
	}
	if strings.Contains(num, ",") {
		if strings.Contains(num, ".") || strings.Count(num, ",") > 1 {
			return 0, fmt.Errorf("activity %q: use either a decimal point or a decimal comma, without thousands separators", s)
		}
		num = strings.Replace(num, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || strings.Contains(num, " ") || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("activity %q: %q is not a number", s, num)
	}
	f, ok := unitFactor(unit)
	if !ok {
		return 0, fmt.Errorf("activity %q: unknown unit %q (Bq, kBq, MBq, GBq, TBq, Ci, mCi, µCi)", s, unit)
	}
	a := Activity(v) * f
	if math.IsInf(float64(a), 0) {
		return 0, fmt.Errorf("activity %q: out of range", s)
	}
	return a, nil
}

// String prints the activity in the largest SI unit that keeps the number at least 1, with four
// significant digits: "7.400 GBq".
func (a Activity) String() string {
	v := float64(a)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64) + " Bq"
	}
	for _, au := range activityUnits[:5] {
		if math.Abs(v) >= float64(au.bq) || au.name == "Bq" {
			x := v / float64(au.bq)
			if math.Abs(x) >= 1e4 || (x != 0 && math.Abs(x) < 1e-3) {
				return strconv.FormatFloat(x, 'g', 4, 64) + " " + au.name
			}
			return strconv.FormatFloat(x, 'f', 4-digitsBeforePoint(x), 64) + " " + au.name
		}
	}
	return ""
}

func digitsBeforePoint(v float64) int {
	d := 1
	for v = math.Abs(v); v >= 10 && d < 4; v /= 10 {
		d++
	}
	return d
}

// In expresses the activity in the named unit ("GBq", "mCi", …).
func (a Activity) In(unit string) (float64, error) {
	f, ok := unitFactor(unit)
	if !ok {
		return 0, fmt.Errorf("unknown unit %q", unit)
	}
	return float64(a / f), nil
}

// SixDays is the reference interval of the "6-day curie" in seconds: Mo-99 supply is counted as the
// activity left six days after it leaves the processor (end of processing).
const SixDays = 6 * 86400.0

// SixDayCuries converts Mo-99 activity at the end of processing to six-day curies.
func SixDayCuries(mo99 Nuclide, atEndOfProcessing Activity) float64 {
	return float64(atEndOfProcessing/Curie) * math.Exp(-mo99.Lambda()*SixDays)
}

// FromSixDayCuries converts six-day curies to Mo-99 activity at the end of processing: one six-day
// curie is about 4.54 Ci when it leaves the processor.
func FromSixDayCuries(mo99 Nuclide, sixDayCi float64) Activity {
	return Activity(sixDayCi) * Curie * Activity(math.Exp(mo99.Lambda()*SixDays))
}
