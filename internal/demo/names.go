package demo

// Given names: common Dutch first names. They are real first names; the family names below are what
// makes every person recognisably invented.
var demoGivenNames = [...]string{
	"Anna", "Bram", "Daan", "Emma", "Femke", "Floor", "Geert", "Hanna", "Inge", "Jasper",
	"Joris", "Julia", "Karin", "Koen", "Lars", "Lieke", "Lotte", "Maarten", "Marieke", "Merel",
	"Niels", "Noor", "Pieter", "Renske", "Roos", "Ruben", "Sanne", "Sem", "Sophie", "Stijn",
	"Thijs", "Tim", "Wouter", "Yara", "Anouk", "Bas", "Eva", "Hugo", "Ilse", "Mila",
}

// Family names are compounds of a tree and a colour or metal ("Lindeblauw", "Eikenzilver"),
// optionally preceded by a tussenvoegsel. No Dutch surname is formed this way, so the names read
// naturally yet are clearly fictitious.
var (
	demoTrees = [...]string{
		"Linde", "Eiken", "Beuken", "Berken", "Wilgen", "Essen", "Elzen", "Iepen",
		"Populier", "Kastanje", "Hazel", "Taxus", "Lariks", "Sparren", "Dennen", "Vlier",
	}
	demoColours = [...]string{
		"blauw", "groen", "rood", "geel", "paars", "oranje", "zilver", "goud", "koper", "grijs",
	}
	demoTussenvoegsels = [...]string{"", "van", "de", "van der", "ter"}
)

// demoNameSpace is the number of distinct (given, family) combinations: 40·16·10·5 = 32000.
const demoNameSpace = len(demoGivenNames) * len(demoTrees) * len(demoColours) * len(demoTussenvoegsels)

// demoNameStride is coprime with demoNameSpace (32000 = 2^8·5^3), so i ↦ i·stride mod space is a
// bijection on [0, space): consecutive members get unrelated-looking names.
const demoNameStride = 7919

// fictitiousName returns the i-th fictitious person of the demonstration membership: deterministic,
// unique for i in [0, 5000) (indeed for i in [0, 32000)), and clearly not a real person: the family
// name is always an invented compound of a tree and a colour or metal (e.g. "van Lindeblauw",
// "Eikenzilver", "de Berkengoud"), a pattern no real Dutch surname follows. Only arithmetic on i is
// used; indices outside [0, 32000) wrap around.
func fictitiousName(i int) (given, family string) {
	n := i % demoNameSpace
	if n < 0 {
		n += demoNameSpace
	}
	k := n * demoNameStride % demoNameSpace

	g := k % len(demoGivenNames)
	k /= len(demoGivenNames)
	t := k % len(demoTrees)
	k /= len(demoTrees)
	c := k % len(demoColours)
	k /= len(demoColours)
	v := k % len(demoTussenvoegsels)

	family = demoTrees[t] + demoColours[c]
	if p := demoTussenvoegsels[v]; p != "" {
		family = p + " " + family
	}
	return demoGivenNames[g], family
}
