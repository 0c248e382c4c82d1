package rounds

import (
	"math"
	"sort"
	"strconv"
)

// The results of a round, computed from its scores without I/O.
//
// Every respondent gives each challenge an impact and an urgency score from 1 to 5; their product
// is the respondent's priority for that challenge (1–25, as in a risk matrix: a challenge matters
// most when it is both big and pressing). Then, per challenge:
//
//   - per stakeholder group: the mean impact, mean urgency and mean priority of its respondents;
//   - the balanced score: the mean of the group means over the groups that answered, so that every
//     stakeholder group weighs the same however many of its members answered (thirty care
//     providers count as much as four patient organisations together, not seven times as much);
//   - the pooled score: the plain mean over all respondents, shown beside it to make the effect
//     of the equal weighting visible;
//   - the disagreement: the standard deviation (population) of the group mean priorities, 0 when
//     all groups agree or only one answered, and their range (highest minus lowest group mean);
//   - the ranking: by balanced priority, then balanced impact, then the order in the round;
//     challenges with equal scores share a rank. Challenges nobody scored come last, unranked.
//
// Response rates per group are responses divided by invitations that were not revoked.

// ChallengeRef is a challenge as a round shows it.
type ChallengeRef struct {
	ID          int64  `json:"id"`
	Title       string `json:"title"`
	Stage       string `json:"stage"`
	Description string `json:"description,omitempty"`
}

// Score is one respondent's answer for one challenge.
type Score struct {
	ChallengeID int64
	Group       string
	Impact      int
	Urgency     int
}

// Tally sums the scores of one stakeholder group for one challenge; the database computes it with
// one grouped query, and Tallies computes it from scores.
type Tally struct {
	ChallengeID int64
	Group       string
	N           int
	SumImpact   int64
	SumUrgency  int64
	SumPriority int64 // sum of impact × urgency
}

// Tallies sums scores per challenge and group.
func Tallies(scores []Score) []Tally {
	// Scores arrive response by response, so the group rarely changes from one to the next: the
	// last group is remembered rather than hashed for every score.
	groups := map[string]int{}
	challenges := map[int64]int{}
	var cells [][]int // challenge index → group index → index in out, or -1
	var out []Tally
	lastGroup, gi := "", -1
	for _, s := range scores {
		if gi < 0 || s.Group != lastGroup {
			g, ok := groups[s.Group]
			if !ok {
				g = len(groups)
				groups[s.Group] = g
			}
			lastGroup, gi = s.Group, g
		}
		ci, ok := challenges[s.ChallengeID]
		if !ok {
			ci = len(cells)
			challenges[s.ChallengeID] = ci
			cells = append(cells, nil)
		}
		for len(cells[ci]) <= gi {
			cells[ci] = append(cells[ci], -1)
		}
		i := cells[ci][gi]
		if i < 0 {
			i = len(out)
			cells[ci][gi] = i
			out = append(out, Tally{ChallengeID: s.ChallengeID, Group: s.Group})
		}
		t := &out[i]
		t.N++
		t.SumImpact += int64(s.Impact)
		t.SumUrgency += int64(s.Urgency)
		t.SumPriority += int64(s.Impact * s.Urgency)
	}
	return out
}

// ResultsInput is what the results are computed from.
type ResultsInput struct {
	Groups     []string       // the stakeholder groups in the order they are shown
	Challenges []ChallengeRef // the round's challenges in their order
	Tallies    []Tally
	Invited    map[string]int // invitations not revoked, per group
	Responded  map[string]int // responses, per group
}

// GroupScore is one stakeholder group's means for one challenge.
type GroupScore struct {
	Group    string  `json:"stakeholder_group"`
	N        int     `json:"respondents"`
	Impact   float64 `json:"impact"`
	Urgency  float64 `json:"urgency"`
	Priority float64 `json:"priority"`
}

// ChallengeResult is one challenge's line of the results.
type ChallengeResult struct {
	Challenge    ChallengeRef `json:"challenge"`
	Rank         int          `json:"rank" doc:"1 is the highest priority; 0 when nobody scored the challenge"`
	Impact       float64      `json:"impact" doc:"Mean of the group mean impacts (every group weighs the same)"`
	Urgency      float64      `json:"urgency" doc:"Mean of the group mean urgencies"`
	Priority     float64      `json:"priority" doc:"Balanced priority: mean of the group mean priorities (impact × urgency, 1–25)"`
	Pooled       float64      `json:"pooled_priority" doc:"Mean priority over all respondents, every respondent weighing the same"`
	Disagreement float64      `json:"disagreement" doc:"Standard deviation of the group mean priorities"`
	Range        float64      `json:"range" doc:"Highest minus lowest group mean priority"`
	Respondents  int          `json:"respondents"`
	Groups       []GroupScore `json:"groups"`
}

// GroupRate is the response rate of one stakeholder group.
type GroupRate struct {
	Group     string  `json:"stakeholder_group"`
	Invited   int     `json:"invited"`
	Responded int     `json:"responded"`
	Rate      float64 `json:"rate" doc:"Responses per invitation, 0–1"`
}

// Results are the computed results of a round.
type Results struct {
	Challenges []ChallengeResult `json:"challenges" doc:"Ranked, highest priority first"`
	Rates      []GroupRate       `json:"response_rates"`
	Invited    int               `json:"invited"`
	Responded  int               `json:"responded"`
	Rate       float64           `json:"rate"`
}

// tieEpsilon: scores closer than this are equal (means of small integers differ by far more).
const tieEpsilon = 1e-9

// ComputeResults computes the results of a round from its tallies and counts.
func ComputeResults(in ResultsInput) Results {
	order := map[string]int{}
	for i, g := range in.Groups {
		order[g] = i
	}
	rank := func(g string) int {
		if i, ok := order[g]; ok {
			return i
		}
		return len(order)
	}
	byChallenge := make(map[int64][]Tally, len(in.Challenges))
	for _, t := range in.Tallies {
		if t.N > 0 {
			byChallenge[t.ChallengeID] = append(byChallenge[t.ChallengeID], t)
		}
	}
	res := Results{Challenges: make([]ChallengeResult, 0, len(in.Challenges))}
	for _, c := range in.Challenges {
		ts := byChallenge[c.ID]
		sort.Slice(ts, func(i, j int) bool {
			if rank(ts[i].Group) != rank(ts[j].Group) {
				return rank(ts[i].Group) < rank(ts[j].Group)
			}
			return ts[i].Group < ts[j].Group
		})
		res.Challenges = append(res.Challenges, challengeResult(c, ts))
	}
	position := map[int64]int{}
	for i, c := range in.Challenges {
		position[c.ID] = i
	}
	sort.SliceStable(res.Challenges, func(i, j int) bool {
		a, b := res.Challenges[i], res.Challenges[j]
		if (a.Respondents > 0) != (b.Respondents > 0) {
			return a.Respondents > 0
		}
		if math.Abs(a.Priority-b.Priority) > tieEpsilon {
			return a.Priority > b.Priority
		}
		if math.Abs(a.Impact-b.Impact) > tieEpsilon {
			return a.Impact > b.Impact
		}
		return position[a.Challenge.ID] < position[b.Challenge.ID]
	})
	for i := range res.Challenges {
		c := &res.Challenges[i]
		switch {
		case c.Respondents == 0:
			c.Rank = 0
		case i > 0 && sameScore(*c, res.Challenges[i-1]):
			c.Rank = res.Challenges[i-1].Rank
		default:
			c.Rank = i + 1
		}
	}
	groups := append([]string{}, in.Groups...)
	for g := range in.Invited {
		if _, ok := order[g]; !ok {
			groups = append(groups, g)
			order[g] = len(order)
		}
	}
	for _, g := range groups {
		r := GroupRate{Group: g, Invited: in.Invited[g], Responded: in.Responded[g]}
		if r.Invited > 0 {
			r.Rate = float64(r.Responded) / float64(r.Invited)
		}
		res.Invited += r.Invited
		res.Responded += r.Responded
		res.Rates = append(res.Rates, r)
	}
	if res.Invited > 0 {
		res.Rate = float64(res.Responded) / float64(res.Invited)
	}
	return res
}

func sameScore(a, b ChallengeResult) bool {
	return b.Respondents > 0 && math.Abs(a.Priority-b.Priority) <= tieEpsilon && math.Abs(a.Impact-b.Impact) <= tieEpsilon
}

// challengeResult computes one challenge's line from its tallies, one per group that answered.
func challengeResult(c ChallengeRef, ts []Tally) ChallengeResult {
	r := ChallengeResult{Challenge: c, Groups: make([]GroupScore, 0, len(ts))}
	if len(ts) == 0 {
		return r
	}
	var sumPriority int64
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, t := range ts {
		n := float64(t.N)
		g := GroupScore{Group: t.Group, N: t.N, Impact: float64(t.SumImpact) / n, Urgency: float64(t.SumUrgency) / n,
			Priority: float64(t.SumPriority) / n}
		r.Groups = append(r.Groups, g)
		r.Impact += g.Impact
		r.Urgency += g.Urgency
		r.Priority += g.Priority
		r.Respondents += t.N
		sumPriority += t.SumPriority
		lo, hi = math.Min(lo, g.Priority), math.Max(hi, g.Priority)
	}
	k := float64(len(ts))
	r.Impact /= k
	r.Urgency /= k
	r.Priority /= k
	r.Pooled = float64(sumPriority) / float64(r.Respondents)
	var ss float64
	for _, g := range r.Groups {
		ss += (g.Priority - r.Priority) * (g.Priority - r.Priority)
	}
	r.Disagreement = math.Sqrt(ss / k)
	r.Range = hi - lo
	return r
}

// Percent is the response rate as a whole percentage for a page, or a dash when nobody was invited.
func (g GroupRate) Percent() string { return percent(g.Responded, g.Invited) }

// Percent is the overall response rate as a whole percentage for a page.
func (r Results) Percent() string { return percent(r.Responded, r.Invited) }

func percent(n, of int) string {
	if of == 0 {
		return "—"
	}
	return strconv.Itoa(int(math.Round(100*float64(n)/float64(of)))) + "%"
}
