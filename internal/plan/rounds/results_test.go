package rounds

import (
	"math"
	"math/rand/v2"
	"testing"
)

var testGroups = []string{"companies", "governments", "researchers", "isotope_production", "care_providers", "patient_organisations"}

func scores(challenge int64, group string, n, impact, urgency int) []Score {
	out := make([]Score, n)
	for i := range out {
		out[i] = Score{ChallengeID: challenge, Group: group, Impact: impact, Urgency: urgency}
	}
	return out
}

func concat(lists ...[]Score) []Score {
	var out []Score
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestComputeResults(t *testing.T) {
	a := ChallengeRef{ID: 1, Title: "A"}
	b := ChallengeRef{ID: 2, Title: "B"}
	c := ChallengeRef{ID: 3, Title: "C"}
	type line struct {
		id                                 int64
		rank                               int
		priority, pooled, disagree, range_ float64
	}
	for _, tc := range []struct {
		name   string
		chs    []ChallengeRef
		scores []Score
		want   []line // in ranked order
	}{
		{
			// The worked example of docs/rounds.md: three care providers outnumber one patient
			// organisation, yet both groups weigh the same, which turns the ranking around.
			name: "every stakeholder group weighs the same however many answered",
			chs:  []ChallengeRef{a, b},
			scores: concat(scores(1, "care_providers", 3, 5, 4), scores(1, "patient_organisations", 1, 2, 2),
				scores(2, "care_providers", 3, 3, 3), scores(2, "patient_organisations", 1, 5, 5)),
			want: []line{{2, 1, 17, 13, 8, 16}, {1, 2, 12, 16, 8, 16}},
		},
		{
			name:   "one group only: no disagreement",
			chs:    []ChallengeRef{a},
			scores: concat(scores(1, "researchers", 2, 4, 4), scores(1, "researchers", 2, 2, 2)),
			want:   []line{{1, 1, 10, 10, 0, 0}},
		},
		{
			name: "equal scores share a rank; nobody scored comes last unranked",
			chs:  []ChallengeRef{a, b, c},
			scores: concat(scores(1, "companies", 1, 3, 3), scores(2, "governments", 5, 3, 3),
				scores(3, "companies", 0, 0, 0)),
			want: []line{{1, 1, 9, 9, 0, 0}, {2, 1, 9, 9, 0, 0}, {3, 0, 0, 0, 0, 0}},
		},
		{
			name:   "higher impact breaks a tie in priority",
			chs:    []ChallengeRef{a, b},
			scores: concat(scores(1, "companies", 1, 2, 4), scores(2, "companies", 1, 4, 2)),
			want:   []line{{2, 1, 8, 8, 0, 0}, {1, 2, 8, 8, 0, 0}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ComputeResults(ResultsInput{Groups: testGroups, Challenges: tc.chs, Tallies: Tallies(tc.scores)})
			if len(got.Challenges) != len(tc.want) {
				t.Fatalf("%d challenges, want %d", len(got.Challenges), len(tc.want))
			}
			for i, w := range tc.want {
				g := got.Challenges[i]
				if g.Challenge.ID != w.id || g.Rank != w.rank || !near(g.Priority, w.priority) || !near(g.Pooled, w.pooled) ||
					!near(g.Disagreement, w.disagree) || !near(g.Range, w.range_) {
					t.Errorf("line %d: got challenge %d rank %d priority %.3f pooled %.3f disagreement %.3f range %.3f; want %+v",
						i+1, g.Challenge.ID, g.Rank, g.Priority, g.Pooled, g.Disagreement, g.Range, w)
				}
			}
		})
	}
}

func TestGroupMeansInGroupOrder(t *testing.T) {
	got := ComputeResults(ResultsInput{Groups: testGroups, Challenges: []ChallengeRef{{ID: 1}},
		Tallies: Tallies(concat(scores(1, "patient_organisations", 1, 5, 1), scores(1, "companies", 2, 1, 5),
			[]Score{{ChallengeID: 1, Group: "companies", Impact: 3, Urgency: 5}}))})
	gs := got.Challenges[0].Groups
	if len(gs) != 2 || gs[0].Group != "companies" || gs[1].Group != "patient_organisations" {
		t.Fatalf("groups %+v, want companies then patient organisations", gs)
	}
	if c := gs[0]; c.N != 3 || !near(c.Impact, 5.0/3) || !near(c.Urgency, 5) || !near(c.Priority, 25.0/3) {
		t.Errorf("companies: %+v, want n 3, impact 1.667, urgency 5, priority 8.333", c)
	}
	if r := got.Challenges[0]; !near(r.Impact, (5.0/3+5)/2) || !near(r.Urgency, 3) {
		t.Errorf("balanced impact %.3f urgency %.3f, want %.3f and 3", r.Impact, r.Urgency, (5.0/3+5)/2)
	}
}

func TestResponseRates(t *testing.T) {
	for _, tc := range []struct {
		name                string
		invited, responded  map[string]int
		group               string
		wantRate, wantTotal float64
	}{
		{"half of a group answered", map[string]int{"care_providers": 30, "patient_organisations": 4},
			map[string]int{"care_providers": 15, "patient_organisations": 4}, "care_providers", 0.5, 19.0 / 34},
		{"a group nobody invited has rate 0", map[string]int{"companies": 2}, map[string]int{"companies": 1},
			"governments", 0, 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ComputeResults(ResultsInput{Groups: testGroups, Invited: tc.invited, Responded: tc.responded})
			if len(got.Rates) != len(testGroups) {
				t.Fatalf("%d rates, want one per group", len(got.Rates))
			}
			for _, r := range got.Rates {
				if r.Group == tc.group && !near(r.Rate, tc.wantRate) {
					t.Errorf("%s rate %.3f, want %.3f", r.Group, r.Rate, tc.wantRate)
				}
			}
			if !near(got.Rate, tc.wantTotal) {
				t.Errorf("overall rate %.3f, want %.3f", got.Rate, tc.wantTotal)
			}
		})
	}
}

// benchScores is a round of 10,000 responses over 100 challenges: a million scores.
func benchScores(responses, challenges int) []Score {
	rng := rand.New(rand.NewPCG(2026, 4))
	out := make([]Score, 0, responses*challenges)
	for r := 0; r < responses; r++ {
		g := testGroups[r%len(testGroups)]
		for c := 1; c <= challenges; c++ {
			out = append(out, Score{ChallengeID: int64(c), Group: g, Impact: 1 + rng.IntN(5), Urgency: 1 + rng.IntN(5)})
		}
	}
	return out
}

func benchChallenges(n int) []ChallengeRef {
	out := make([]ChallengeRef, n)
	for i := range out {
		out[i] = ChallengeRef{ID: int64(i + 1), Title: "challenge"}
	}
	return out
}

// BenchmarkResultsFromScores: the pure computation from a million raw scores.
func BenchmarkResultsFromScores(b *testing.B) {
	s, chs := benchScores(10000, 100), benchChallenges(100)
	b.ResetTimer()
	for b.Loop() {
		ComputeResults(ResultsInput{Groups: testGroups, Challenges: chs, Tallies: Tallies(s)})
	}
}

// BenchmarkResultsFromTallies: the computation the service runs, from the kept tallies of the
// same round (100 challenges × 6 groups).
func BenchmarkResultsFromTallies(b *testing.B) {
	ts, chs := Tallies(benchScores(10000, 100)), benchChallenges(100)
	b.ResetTimer()
	for b.Loop() {
		ComputeResults(ResultsInput{Groups: testGroups, Challenges: chs, Tallies: ts})
	}
}
