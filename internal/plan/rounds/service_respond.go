package rounds

import (
	"context"
	"fmt"
	"strings"

	"kern"
	"kern/internal/audit"
	"kern/internal/db"
)

func trim(s string) string { return strings.TrimSpace(s) }

// Questionnaire is what a respondent sees through their personal link: the round and its
// challenges, and the stakeholder group they answer for.
type Questionnaire struct {
	Round Round
	Group string
}

// checkLink refuses a link that cannot take an answer, with the reason in the respondent's words:
// unknown, revoked, already used, round not open yet, round closed.
func (s *Service) checkLink(ctx context.Context, q db.Q, token string) (Round, Invitation, error) {
	if token == "" || len(token) > 100 {
		return Round{}, Invitation{}, kern.Errorf(kern.NotFound, "round.link_unknown")
	}
	inv, err := invitationByToken(ctx, q, hashToken(token))
	if err != nil {
		return Round{}, Invitation{}, err
	}
	r, err := s.load(ctx, q, inv.RoundID)
	if err != nil {
		return Round{}, Invitation{}, err
	}
	switch {
	case inv.RevokedAt != nil:
		return r, inv, kern.Errorf(kern.Conflict, "round.link_revoked")
	case inv.AnsweredAt != nil:
		return r, inv, kern.Errorf(kern.Conflict, "round.link_used")
	case r.State == Closed:
		return r, inv, kern.Errorf(kern.Conflict, "round.closed")
	case r.State != Open:
		return r, inv, kern.Errorf(kern.Conflict, "round.not_open_yet")
	}
	return r, inv, nil
}

// Questionnaire opens a personal link: no account is needed, the link is the credential.
func (s *Service) Questionnaire(ctx context.Context, token string) (Questionnaire, error) {
	r, inv, err := s.checkLink(ctx, s.DB.Reader(ctx), token)
	if err != nil {
		return Questionnaire{Round: r}, err
	}
	return Questionnaire{Round: r, Group: inv.Group}, nil
}

// Answer saves a respondent's answers through their personal link, once: the link is used up in
// the same transaction. A link that is unknown, revoked or used, a round that is not open, or a
// score outside 1–5 writes nothing.
func (s *Service) Answer(ctx context.Context, token string, answers []Answer) error {
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		r, inv, err := s.checkLink(ctx, q, token)
		if err != nil {
			return err
		}
		if err := validateAnswers(answers, r.ChallengeIDs()); err != nil {
			return err
		}
		now := s.now()
		// The guard on answered_at makes a double submit of the same form answer once.
		res, err := q.ExecContext(ctx, `UPDATE round_invitations SET answered_at = $1 WHERE id = $2 AND answered_at IS NULL
AND revoked_at IS NULL`, now, inv.ID)
		if err != nil {
			return fmt.Errorf("use link: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return kern.Errorf(kern.Conflict, "round.link_used")
		}
		id, err := insertResponse(ctx, q, inv, answers, now)
		if err != nil {
			return err
		}
		actor := audit.Actor{Label: fmt.Sprintf("invitation %d", inv.ID)}
		return audit.Record(ctx, q, actor, "answer", "round_response", id, nil,
			map[string]any{"round_id": r.ID, "invitation_id": inv.ID, "challenges_scored": len(answers)})
	})
}
