package rounds

import (
	"context"
	"strconv"

	"kern/internal/plan"
)

// PublicRounds lists the closed rounds whose results are public, for the transparency page.
func (s *Service) PublicRounds(ctx context.Context) ([]plan.PublicRound, error) {
	list, err := s.publicRounds(ctx)
	out := []plan.PublicRound{}
	for _, r := range list {
		pr := plan.PublicRound{Title: r.Title, URL: "/rounds/" + strconv.FormatInt(r.ID, 10) + "/results"}
		if r.ClosedAt != nil {
			pr.ClosedAt = *r.ClosedAt
		} else {
			pr.ClosedAt = r.EndsOn
		}
		out = append(out, pr)
	}
	return out, err
}

func (s *Service) publicRounds(ctx context.Context) ([]Round, error) {
	f := RoundFilter{}
	if err := f.Normalize(); err != nil {
		return nil, err
	}
	list, _, err := listRounds(ctx, s.DB.Reader(ctx), f, true, s.now(), true)
	var out []Round
	for _, r := range list {
		if r.Public && r.Published {
			out = append(out, r)
		}
	}
	return out, err
}

// PublicResultsCSV is the open-data table of the public rounds' results: for each challenge a row
// with the balanced score (stakeholder_group empty: every group weighs the same), then a row per
// stakeholder group that answered. No respondent is named.
func (s *Service) PublicResultsCSV(ctx context.Context) ([]string, [][]string, error) {
	header := []string{"round_id", "round", "challenge_id", "challenge", "rank", "stakeholder_group", "respondents",
		"impact", "urgency", "priority", "disagreement"}
	list, err := s.publicRounds(ctx)
	if err != nil {
		return nil, nil, err
	}
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }
	var rows [][]string
	q := s.DB.Reader(ctx)
	for _, listed := range list {
		r, err := s.load(ctx, q, listed.ID) // with its challenges, which a list leaves out
		if err != nil {
			return nil, nil, err
		}
		res, err := computeFor(ctx, q, r)
		if err != nil {
			return nil, nil, err
		}
		rid := strconv.FormatInt(r.ID, 10)
		for _, c := range res.Challenges {
			cid := strconv.FormatInt(c.Challenge.ID, 10)
			rows = append(rows, []string{rid, r.Title, cid, c.Challenge.Title, strconv.Itoa(c.Rank), "", strconv.Itoa(c.Respondents),
				num(c.Impact), num(c.Urgency), num(c.Priority), num(c.Disagreement)})
			for _, g := range c.Groups {
				rows = append(rows, []string{rid, r.Title, cid, c.Challenge.Title, strconv.Itoa(c.Rank), g.Group, strconv.Itoa(g.N),
					num(g.Impact), num(g.Urgency), num(g.Priority), ""})
			}
		}
	}
	return header, rows, nil
}

// CloseJob is the job kind that records the closing of rounds past their end date.
const CloseJob = "closing.rounds"

// CloseJob closes the rounds past their end date, as a recurring job.
func (s *Service) CloseJob(ctx context.Context, _ string) error {
	_, err := s.CloseDue(ctx)
	return err
}
