package rounds

import (
	"context"
	"fmt"
	"time"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
)

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *Service) today() time.Time { return dateOnly(s.now().In(amsterdam())) }

func requireManager(p *auth.Principal) error {
	if err := auth.RequireWrite(p); err != nil {
		return err
	}
	if !CanManage(p) {
		return kern.Errorf(kern.Forbidden, "error.forbidden")
	}
	return nil
}

// load gets a round with its effective state.
func (s *Service) load(ctx context.Context, q db.Q, id int64) (Round, error) {
	r, err := getRound(ctx, q, id)
	if err == nil {
		r.effective(s.now())
	}
	return r, err
}

// Round returns one round; one p may not see answers as not found.
func (s *Service) Round(ctx context.Context, p *auth.Principal, id int64) (Round, error) {
	if p == nil {
		return Round{}, kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	r, err := s.load(ctx, s.DB.Reader(ctx), id)
	if err == nil && !CanSee(p, r) {
		return Round{}, kern.Errorf(kern.NotFound, "error.not_found")
	}
	return r, err
}

// Rounds returns one page of rounds: every round for the coordination office, the published
// ones for everyone else.
func (s *Service) Rounds(ctx context.Context, p *auth.Principal, f RoundFilter) ([]Round, int, error) {
	return s.rounds(ctx, p, f, false)
}

// ExportRounds returns every round matching f, for a CSV export.
func (s *Service) ExportRounds(ctx context.Context, p *auth.Principal, f RoundFilter) ([]Round, error) {
	list, _, err := s.rounds(ctx, p, f, true)
	return list, err
}

func (s *Service) rounds(ctx context.Context, p *auth.Principal, f RoundFilter, all bool) ([]Round, int, error) {
	if p == nil {
		return nil, 0, kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	if err := f.Normalize(); err != nil {
		return nil, 0, err
	}
	return listRounds(ctx, s.DB.Reader(ctx), f, !CanManage(p), s.now(), all)
}

// Challenges lists every challenge a round can be about.
func (s *Service) Challenges(ctx context.Context, p *auth.Principal) ([]ChallengeRef, error) {
	if p == nil {
		return nil, kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	return allChallenges(ctx, s.DB.Reader(ctx))
}

func checkChallenges(ctx context.Context, q db.Q, ids []int64) error {
	unknown, err := unknownChallenges(ctx, q, ids)
	if err != nil {
		return err
	}
	if len(unknown) > 0 {
		return kern.FieldError("challenge_ids", "round.challenge_unknown")
	}
	return nil
}

// CreateRound adds a round as a draft.
func (s *Service) CreateRound(ctx context.Context, p *auth.Principal, in RoundInput) (Round, error) {
	if err := requireManager(p); err != nil {
		return Round{}, err
	}
	if err := in.Validate(); err != nil {
		return Round{}, err
	}
	var r Round
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		if err := checkChallenges(ctx, q, in.ChallengeIDs); err != nil {
			return err
		}
		id, err := insertRound(ctx, q, in, s.now())
		if err != nil {
			return err
		}
		if r, err = s.load(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "create", "round", id, nil, r)
	})
	return r, err
}

// UpdateRound changes a round. A draft changes freely; an open round keeps its challenges and
// start date, since answers refer to them; a closed round is frozen.
func (s *Service) UpdateRound(ctx context.Context, p *auth.Principal, id int64, in RoundInput) (Round, error) {
	if err := requireManager(p); err != nil {
		return Round{}, err
	}
	var after Round
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := s.load(ctx, q, id)
		if err != nil {
			return err
		}
		if before.State == Closed {
			return kern.Errorf(kern.Conflict, "round.frozen")
		}
		if err := in.Validate(); err != nil {
			return err
		}
		if before.State == Open {
			if !sameIDs(before.ChallengeIDs(), in.ChallengeIDs) {
				return kern.FieldError("challenge_ids", "round.challenges_frozen")
			}
			if !dateOnly(*in.StartsOn).Equal(dateOnly(before.StartsOn)) {
				return kern.FieldError("starts_on", "round.start_frozen")
			}
			if dateOnly(*in.EndsOn).Before(s.today()) {
				return kern.FieldError("ends_on", "round.end_in_past")
			}
		}
		if err := checkChallenges(ctx, q, in.ChallengeIDs); err != nil {
			return err
		}
		if err := updateRound(ctx, q, id, in, s.now()); err != nil {
			return err
		}
		if before.State == Draft {
			if err := setChallenges(ctx, q, id, in.ChallengeIDs); err != nil {
				return err
			}
		}
		if after, err = s.load(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "update", "round", id, before, after)
	})
	return after, err
}

func sameIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	set := map[int64]bool{}
	for _, x := range a {
		set[x] = true
	}
	for _, x := range b {
		if !set[x] {
			return false
		}
	}
	return true
}

// OpenRound opens a draft round and sends the invitations that were waiting for it.
func (s *Service) OpenRound(ctx context.Context, p *auth.Principal, id int64) (Round, error) {
	if err := requireManager(p); err != nil {
		return Round{}, err
	}
	var after Round
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := s.load(ctx, q, id)
		if err != nil {
			return err
		}
		if before.State != Draft {
			return kern.Errorf(kern.Conflict, "round.not_draft")
		}
		if dateOnly(before.EndsOn).Before(s.today()) {
			return kern.Errorf(kern.Conflict, "round.end_passed")
		}
		now := s.now()
		if _, err := q.ExecContext(ctx, `UPDATE rounds SET state = 'open', opened_at = $1, updated_at = $1 WHERE id = $2`,
			now, id); err != nil {
			return fmt.Errorf("open round: %w", err)
		}
		pending, err := pendingInvitations(ctx, q, id)
		if err != nil {
			return err
		}
		for _, inv := range pending {
			if err := s.send(ctx, q, before, inv); err != nil {
				return err
			}
		}
		if after, err = s.load(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "open", "round", id, before, after)
	})
	return after, err
}

// CloseRound closes an open round by hand, before its end date, or records the closing of one
// whose end date has passed. From then on it is frozen.
func (s *Service) CloseRound(ctx context.Context, p *auth.Principal, id int64) (Round, error) {
	if err := requireManager(p); err != nil {
		return Round{}, err
	}
	var after Round
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := s.load(ctx, q, id)
		if err != nil {
			return err
		}
		if before.stored != Open {
			return kern.Errorf(kern.Conflict, "round.not_open")
		}
		if err := closeRound(ctx, q, id, s.now()); err != nil {
			return err
		}
		if after, err = s.load(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "close", "round", id, before, after)
	})
	return after, err
}

func closeRound(ctx context.Context, q db.Q, id int64, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE rounds SET state = 'closed', closed_at = $1, updated_at = $1 WHERE id = $2 AND state = 'open'`,
		now, id)
	if err != nil {
		return fmt.Errorf("close round: %w", err)
	}
	return nil
}

// CloseDue records the closing of every open round whose end date has passed and returns how
// many it closed. Answers stop at the end date without it (the state is derived); a job may run
// it so the stored state and the audit log say so too.
func (s *Service) CloseDue(ctx context.Context) (int, error) {
	n := 0
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		rows, err := q.QueryContext(ctx, `SELECT id FROM rounds WHERE state = 'open' AND ends_on < $1`, s.today())
		if err != nil {
			return fmt.Errorf("due rounds: %w", err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			if err := closeRound(ctx, q, id, s.now()); err != nil {
				return err
			}
			if err := audit.Record(ctx, q, audit.System, "close", "round", id, nil, map[string]string{"reason": "end date passed"}); err != nil {
				return err
			}
		}
		n = len(ids)
		return nil
	})
	return n, err
}

// Publication is who may see a round's results.
type Publication struct {
	Published bool `json:"published" doc:"Results visible to every logged-in user"`
	Public    bool `json:"public" doc:"Results on a page without login; needs published"`
}

// PublishRound sets who may see the results of a closed round.
func (s *Service) PublishRound(ctx context.Context, p *auth.Principal, id int64, in Publication) (Round, error) {
	if err := requireManager(p); err != nil {
		return Round{}, err
	}
	if in.Public && !in.Published {
		return Round{}, kern.FieldError("public", "round.public_needs_published")
	}
	var after Round
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := s.load(ctx, q, id)
		if err != nil {
			return err
		}
		if before.State != Closed && in.Published {
			return kern.Errorf(kern.Conflict, "round.publish_needs_closed")
		}
		if _, err := q.ExecContext(ctx, `UPDATE rounds SET published = $1, public = $2, updated_at = $3 WHERE id = $4`,
			in.Published, in.Public, s.now(), id); err != nil {
			return fmt.Errorf("publish round: %w", err)
		}
		if after, err = s.load(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "publish", "round", id, before, after)
	})
	return after, err
}

// ResultsOf computes the results of a round for p; a visitor without login (p nil) sees those of
// a public round only.
func (s *Service) ResultsOf(ctx context.Context, p *auth.Principal, id int64) (Round, Results, error) {
	q := s.DB.Reader(ctx)
	r, err := s.load(ctx, q, id)
	if err != nil {
		return Round{}, Results{}, err
	}
	if !CanSeeResults(p, r) {
		if p == nil && !r.Published {
			return Round{}, Results{}, kern.Errorf(kern.Unauthorized, "error.unauthorized")
		}
		return Round{}, Results{}, kern.Errorf(kern.NotFound, "error.not_found")
	}
	res, err := computeFor(ctx, q, r)
	return r, res, err
}

// ResponseRates are the invitations and responses of a round per stakeholder group, for the
// coordination office while a round runs.
func (s *Service) ResponseRates(ctx context.Context, p *auth.Principal, id int64) (Results, error) {
	if !CanManage(p) {
		return Results{}, kern.Errorf(kern.Forbidden, "error.forbidden")
	}
	invited, responded, err := groupCounts(ctx, s.DB.Reader(ctx), id)
	if err != nil {
		return Results{}, err
	}
	return ComputeResults(ResultsInput{Groups: Groups, Invited: invited, Responded: responded}), nil
}

func computeFor(ctx context.Context, q db.Q, r Round) (Results, error) {
	ts, err := tallies(ctx, q, r.ID)
	if err != nil {
		return Results{}, err
	}
	invited, responded, err := groupCounts(ctx, q, r.ID)
	if err != nil {
		return Results{}, err
	}
	return ComputeResults(ResultsInput{Groups: Groups, Challenges: r.Challenges, Tallies: ts, Invited: invited,
		Responded: responded}), nil
}

// Responses lists one page of a round's responses with who gave them, for the coordination
// office; everyone else who may see the results gets the comments only, without who wrote them.
func (s *Service) Responses(ctx context.Context, p *auth.Principal, id int64, page, perPage int) ([]Response, []Comment, int, error) {
	if p == nil {
		return nil, nil, 0, kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	q := s.DB.Reader(ctx)
	r, err := s.load(ctx, q, id)
	if err != nil {
		return nil, nil, 0, err
	}
	if !CanSeeResults(p, r) {
		return nil, nil, 0, kern.Errorf(kern.NotFound, "error.not_found")
	}
	page, perPage = max(page, 1), min(max(perPage, 1), 200)
	if CanManage(p) {
		list, total, err := listResponses(ctx, q, id, page, perPage)
		return list, []Comment{}, total, err
	}
	comments, total, err := listComments(ctx, q, id, page, perPage)
	return []Response{}, comments, total, err
}

// Comments lists the comments of a round without who wrote them, for the results page.
func (s *Service) Comments(ctx context.Context, p *auth.Principal, id int64, max int) ([]Comment, int, error) {
	q := s.DB.Reader(ctx)
	r, err := s.load(ctx, q, id)
	if err != nil {
		return nil, 0, err
	}
	if p == nil || !CanSeeResults(p, r) {
		return nil, 0, kern.Errorf(kern.NotFound, "error.not_found")
	}
	return listComments(ctx, q, id, 1, max)
}
