package nuclide

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:embed data/nuclides.csv
var nuclidesCSV string

//go:embed data/decay-branches.csv
var branchesCSV string

// Nuclide is one entry of the nuclear data table.
type Nuclide struct {
	Name            string  // canonical name, "Tc-99m"
	HalfLife        float64 // seconds, NUBASE2020; +Inf for a stable nuclide
	HalfLifeText    string  // as evaluated, "6.0066 h"
	Uncertainty     float64 // seconds, one standard uncertainty of HalfLife
	Source          string  // citation of HalfLife
	DecayModes      string  // NUBASE2020 decay modes, "B-=100"
	ICRP107HalfLife float64 // seconds, ICRP Publication 107; 0 when not given
	Daughters       []Branch
}

// Branch is one decay path to a daughter.
type Branch struct {
	Daughter string
	Fraction float64 // branching fraction, 0..1
	Mode     string  // "β-", "EC", "α", "IT"
	Source   string
}

// Stable reports whether the nuclide does not decay (within this table).
func (n Nuclide) Stable() bool { return math.IsInf(n.HalfLife, 1) }

// Lambda is the decay constant in 1/s (0 for a stable nuclide).
func (n Nuclide) Lambda() float64 {
	if n.Stable() {
		return 0
	}
	return math.Ln2 / n.HalfLife
}

// ICRP107 returns the nuclide with its ICRP Publication 107 half-life instead of NUBASE2020's, for
// cross-checks against figures computed with that evaluation.
func (n Nuclide) ICRP107() Nuclide {
	if n.ICRP107HalfLife > 0 {
		n.HalfLife = n.ICRP107HalfLife
		n.Source = "ICRP Publication 107 (2008)"
	}
	return n
}

type table struct {
	byName map[string]Nuclide
	names  []string
}

var loadTable = sync.OnceValues(func() (*table, error) { return parseTable(nuclidesCSV, branchesCSV) })

func unitSeconds(u string) (float64, bool) {
	const day = 86400.0
	s, ok := map[string]float64{
		"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600, "d": day,
		"y": 365.2422 * day, "ky": 365.2422 * day * 1e3, "My": 365.2422 * day * 1e6,
	}[u]
	return s, ok
}

func parseTable(nuclides, branches string) (*table, error) {
	t := &table{byName: map[string]Nuclide{}}
	rows, err := csv.NewReader(strings.NewReader(nuclides)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("nuclides.csv: %w", err)
	}
	for i, r := range rows[1:] {
		if len(r) != 9 {
			return nil, fmt.Errorf("nuclides.csv row %d: %d fields", i+2, len(r))
		}
		value, err1 := strconv.ParseFloat(r[1], 64)
		unc, err2 := strconv.ParseFloat(r[3], 64)
		us, ok := unitSeconds(r[2])
		if err1 != nil || err2 != nil || !ok {
			return nil, fmt.Errorf("nuclides.csv row %d: bad half-life %q %q %q", i+2, r[1], r[2], r[3])
		}
		n := Nuclide{Name: r[0], HalfLife: value * us, HalfLifeText: r[1] + " " + r[2],
			Uncertainty: unc * us, Source: r[5], DecayModes: r[6]}
		if v, err := strconv.ParseFloat(r[7], 64); err == nil {
			if u, ok := unitSeconds(r[8]); ok {
				n.ICRP107HalfLife = v * u
			}
		}
		t.byName[n.Name] = n
	}
	rows, err = csv.NewReader(strings.NewReader(branches)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("decay-branches.csv: %w", err)
	}
	for i, r := range rows[1:] {
		f, err := strconv.ParseFloat(r[2], 64)
		if err != nil || len(r) != 5 {
			return nil, fmt.Errorf("decay-branches.csv row %d: bad fraction %q", i+2, r[2])
		}
		p, ok := t.byName[r[0]]
		if !ok {
			return nil, fmt.Errorf("decay-branches.csv row %d: unknown parent %q", i+2, r[0])
		}
		p.Daughters = append(p.Daughters, Branch{Daughter: r[1], Fraction: f, Mode: r[3], Source: r[4]})
		t.byName[r[0]] = p
		if _, ok := t.byName[r[1]]; !ok {
			// Daughters missing from the half-life table (Ru-99, Hf-177) are stable.
			t.byName[r[1]] = Nuclide{Name: r[1], HalfLife: math.Inf(1), HalfLifeText: "stable",
				Source: "stable (not in the half-life table)"}
		}
	}
	for name := range t.byName {
		t.names = append(t.names, name)
	}
	sort.Strings(t.names)
	return t, nil
}

// Lookup finds a nuclide by name. It accepts "Tc-99m", "tc99m", "99mTc" and "Tc99m".
func Lookup(name string) (Nuclide, error) {
	t, err := loadTable()
	if err != nil {
		return Nuclide{}, err
	}
	if n, ok := t.byName[name]; ok {
		return n, nil
	}
	key := canonicalKey(name)
	for _, cand := range t.names {
		if canonicalKey(cand) == key {
			return t.byName[cand], nil
		}
	}
	return Nuclide{}, fmt.Errorf("unknown nuclide %q", name)
}

// Names lists every nuclide of the table in sorted order.
func Names() []string {
	t, err := loadTable()
	if err != nil {
		return nil
	}
	return append([]string(nil), t.names...)
}

// canonicalKey folds the spellings of a nuclide to "tc99m": letters of the element, mass number,
// isomer suffix.
func canonicalKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("-", "", " ", "", "_", "").Replace(s)
	var digits, letters strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r >= 'a' && r <= 'z':
			letters.WriteRune(r)
		default:
			return "\x00" + s
		}
	}
	l := letters.String()
	// "99mtc" or "tc99m": the isomer "m" is the letter that follows the mass number.
	isomer := ""
	if strings.HasPrefix(s, digits.String()+"m") && len(l) > 1 && s[0] >= '0' && s[0] <= '9' {
		isomer, l = "m", l[1:]
	} else if strings.HasSuffix(s, digits.String()+"m") && len(l) > 1 {
		isomer, l = "m", l[:len(l)-1]
	}
	return l + digits.String() + isomer
}
