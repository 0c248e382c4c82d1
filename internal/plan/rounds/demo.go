package rounds

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"kern/internal/auth"
	"kern/internal/db"
)

// demoGroups is how many fictitious people of each stakeholder group the demo round invites:
// deliberately uneven, so the results show what the equal weighting of groups does.
var demoGroups = []struct {
	group string
	n     int
}{
	{"care_providers", 30}, {"researchers", 8}, {"isotope_production", 6}, {"companies", 5}, {"governments", 4},
	{"patient_organisations", 4},
}

// demoLeanings: words in a challenge's title that a group scores higher (+) or lower (−) than the
// middle of the scale. Care providers press for staff; the other groups for access, data,
// production and investment — so the pooled ranking (30 care providers) and the balanced one
// differ.
var demoLeanings = map[string]map[string]int{
	"care_providers":        {"personeel": 2, "toegang": 1, "planning": 1, "isotopen": -1, "investering": -1, "rolverdeling": -1},
	"patient_organisations": {"toegang": 2, "data": 1, "financieringsmodel": 1, "personeel": -1, "isotopen": -1},
	"researchers":           {"onderzoek": 2, "data": 1, "isotopen": 1, "personeel": -1, "rolverdeling": -1},
	"isotope_production":    {"productie": 2, "planning": 2, "isotopen": 1, "personeel": -1, "data": -1},
	"companies":             {"investering": 2, "rolverdeling": 2, "financier": 1, "personeel": -1},
	"governments":           {"financieringsmodel": 2, "planning": 1, "data": 1, "toegang": 1, "personeel": -1},
}

var demoComments = []string{
	"Dit raakt direct de zorg voor onze patiënten.",
	"Zonder landelijke afspraken blijft dit per ziekenhuis verschillen.",
	"Urgent vanwege de verwachte groei van radionuclidetherapie tot 2040.",
	"Belangrijk, maar eerst moet de financiering rond zijn.",
	"Samenwerking met België kan hier veel opleveren.",
	"Goede data zijn de basis voor elke beslissing hierover.",
}

// LoadDemo adds one closed and published round over every demo challenge, with fictitious
// responses from every stakeholder group. It is deterministic (a fixed seed and a fixed clock)
// and sends no e-mail: the invitations are recorded as sent but no link exists. Without
// challenges there is nothing to prioritise and it adds nothing.
func LoadDemo(ctx context.Context, s *Service) error {
	q := s.DB.Reader(ctx)
	challenges, err := allChallenges(ctx, q)
	if err != nil || len(challenges) == 0 {
		return err
	}
	clock := time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)
	ds := *s
	ds.Now = func() time.Time { return clock }
	sys := auth.System()
	ids := make([]int64, len(challenges))
	for i, c := range challenges {
		ids[i] = c.ID
	}
	r, err := ds.CreateRound(ctx, sys, RoundInput{Title: "Prioritering uitdagingen 2026",
		Description: "E-enquête onder alle stakeholdergroepen: welke uitdagingen van het integrale actieplan pakken we het eerst aan? " +
			"Scoor elke uitdaging op impact en urgentie.",
		StartsOn: ptr(time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)), EndsOn: ptr(time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)),
		ChallengeIDs: ids})
	if err != nil {
		return fmt.Errorf("demo round: %w", err)
	}
	invitees, err := demoInvitees(ctx, q)
	if err != nil {
		return err
	}
	created, _, err := ds.Invite(ctx, sys, r.ID, invitees)
	if err != nil {
		return fmt.Errorf("demo invitations: %w", err)
	}
	// Opened without e-mail: the demo's people are fictitious and no link is ever handed out.
	return s.DB.InTx(ctx, func(ctx context.Context, tx db.Q) error {
		if _, err := tx.ExecContext(ctx, `UPDATE rounds SET state = 'open', opened_at = $1 WHERE id = $2`, clock, r.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE round_invitations SET sent_at = $1 WHERE round_id = $2`, clock, r.ID); err != nil {
			return err
		}
		rng := rand.New(rand.NewPCG(2026, 9))
		for k, inv := range created {
			if rng.IntN(100) < 18 { // about four in five answer
				continue
			}
			at := clock.Add(time.Duration(2+k*11) * time.Hour)
			answers := demoAnswers(rng, inv.Group, challenges)
			if _, err := tx.ExecContext(ctx, `UPDATE round_invitations SET answered_at = $1 WHERE id = $2`, at, inv.ID); err != nil {
				return err
			}
			if _, err := insertResponse(ctx, tx, inv, answers, at); err != nil {
				return err
			}
		}
		clock = time.Date(2026, 9, 30, 16, 0, 0, 0, time.UTC)
		if _, err := ds.CloseRound(ctx, sys, r.ID); err != nil {
			return fmt.Errorf("demo round close: %w", err)
		}
		_, err := ds.PublishRound(ctx, sys, r.ID, Publication{Published: true, Public: true})
		return err
	})
}

func ptr[T any](v T) *T { return &v }

// demoInvitees picks fictitious people of the registry: care providers among those working at a
// hospital (their group comes from the registry), the other groups among the rest with their
// group given.
func demoInvitees(ctx context.Context, q db.Q) ([]Invitee, error) {
	rows, err := q.QueryContext(ctx, `
SELECT p.id, EXISTS (SELECT 1 FROM affiliations a JOIN organizations o ON o.id = a.org_id
                     WHERE a.person_id = p.id AND o.stakeholder_group = 'care_providers')
FROM people p WHERE p.email <> '' ORDER BY p.id`)
	if err != nil {
		return nil, fmt.Errorf("demo people: %w", err)
	}
	defer rows.Close()
	var care, others []int64
	for rows.Next() {
		var id int64
		var isCare bool
		if err := rows.Scan(&id, &isCare); err != nil {
			return nil, err
		}
		if isCare {
			care = append(care, id)
		} else {
			others = append(others, id)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Invitee
	for _, g := range demoGroups {
		for i := 0; i < g.n; i++ {
			switch {
			case g.group == "care_providers" && len(care) > 0:
				// every seventh person, so the hospitals vary
				id := care[(i*7)%len(care)]
				out = append(out, Invitee{PersonID: id})
			case len(others) > 0:
				out = append(out, Invitee{PersonID: others[0], Group: g.group})
				others = others[1:]
			case len(care) > 0:
				out = append(out, Invitee{PersonID: care[len(care)-1-len(out)%len(care)], Group: g.group})
			}
		}
	}
	return out, nil
}

// demoAnswers scores every challenge around the group's leaning, with some noise; now and then a
// comment.
func demoAnswers(rng *rand.Rand, group string, challenges []ChallengeRef) []Answer {
	out := make([]Answer, 0, len(challenges))
	for _, c := range challenges {
		lean := 0
		title := strings.ToLower(c.Title)
		for word, d := range demoLeanings[group] {
			if strings.Contains(title, word) {
				lean += d
			}
		}
		clamp := func(n int) int { return max(1, min(5, n)) }
		a := Answer{ChallengeID: c.ID, Impact: clamp(3 + lean + rng.IntN(3) - 1), Urgency: clamp(3 + lean + rng.IntN(3) - 1)}
		if rng.IntN(100) < 8 {
			a.Comment = demoComments[rng.IntN(len(demoComments))]
		}
		out = append(out, a)
	}
	return out
}
