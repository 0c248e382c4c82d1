package demo

import (
	"strings"
	"testing"
)

func TestFictitiousNameUniqueAndNonEmpty(t *testing.T) {
	const n = 5000
	seen := make(map[string]int, n)
	for i := 0; i < n; i++ {
		given, family := fictitiousName(i)
		if strings.TrimSpace(given) == "" || strings.TrimSpace(family) == "" {
			t.Fatalf("fictitiousName(%d) = %q, %q: empty part", i, given, family)
		}
		full := given + " " + family
		if j, ok := seen[full]; ok {
			t.Fatalf("fictitiousName(%d) = %q, same as index %d", i, full, j)
		}
		seen[full] = i
	}
}

func TestFictitiousNameDeterministic(t *testing.T) {
	for _, i := range []int{0, 1, 2, 41, 999, 4999, 5000, 31999, 32000, -1} {
		g1, f1 := fictitiousName(i)
		g2, f2 := fictitiousName(i)
		if g1 != g2 || f1 != f2 {
			t.Errorf("fictitiousName(%d) not deterministic: %q %q vs %q %q", i, g1, f1, g2, f2)
		}
	}
}

func TestFictitiousNameShape(t *testing.T) {
	tests := []struct {
		name string
		i    int
	}{
		{"first", 0},
		{"second", 1},
		{"middle", 2500},
		{"last of membership", 4999},
		{"wraps", 32000},
		{"negative", -7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			given, family := fictitiousName(tc.i)
			if given == "" || family == "" {
				t.Fatalf("empty name %q %q", given, family)
			}
			if strings.Contains(given, " ") {
				t.Errorf("given name %q contains a space", given)
			}
			// The last word of the family name is a tree+colour compound.
			words := strings.Fields(family)
			stem := words[len(words)-1]
			okTree := false
			for _, tr := range demoTrees {
				if strings.HasPrefix(stem, tr) {
					okTree = true
				}
			}
			okColour := false
			for _, c := range demoColours {
				if strings.HasSuffix(stem, c) {
					okColour = true
				}
			}
			if !okTree || !okColour {
				t.Errorf("family name %q is not a tree+colour compound", family)
			}
			if len(words) > 1 {
				prefix := strings.Join(words[:len(words)-1], " ")
				valid := false
				for _, v := range demoTussenvoegsels {
					if v != "" && v == prefix {
						valid = true
					}
				}
				if !valid {
					t.Errorf("family name %q has unexpected tussenvoegsel %q", family, prefix)
				}
			}
		})
	}
	if g0, f0 := fictitiousName(0); g0 == "" || f0 == "" {
		t.Fatal("empty")
	}
	g1, f1 := fictitiousName(0)
	g2, f2 := fictitiousName(32000)
	if g1 != g2 || f1 != f2 {
		t.Errorf("index 32000 should wrap to 0: %q %q vs %q %q", g1, f1, g2, f2)
	}
}
