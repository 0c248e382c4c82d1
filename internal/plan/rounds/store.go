package rounds

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/db"
	"kern/internal/org"
)

const roundColumns = `r.id, r.title, r.description, r.state, r.starts_on, r.ends_on, r.published, r.public, r.opened_at,
r.closed_at, r.created_at, r.updated_at,
(SELECT count(*) FROM round_invitations i WHERE i.round_id = r.id AND i.revoked_at IS NULL),
(SELECT count(*) FROM round_responses x WHERE x.round_id = r.id)`

func scanRound(row interface{ Scan(...any) error }) (Round, error) {
	var r Round
	err := row.Scan(&r.ID, &r.Title, &r.Description, &r.State, &r.StartsOn, &r.EndsOn, &r.Published, &r.Public,
		&r.OpenedAt, &r.ClosedAt, &r.CreatedAt, &r.UpdatedAt, &r.Invited, &r.Responded)
	return r, err
}

// getRound loads a round with its challenges; its State is the stored one until effective is
// applied by the service.
func getRound(ctx context.Context, q db.Q, id int64) (Round, error) {
	r, err := scanRound(q.QueryRowContext(ctx, `SELECT `+roundColumns+` FROM rounds r WHERE r.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, kern.Errorf(kern.NotFound, "error.not_found")
	}
	if err != nil {
		return r, fmt.Errorf("get round %d: %w", id, err)
	}
	r.Challenges, err = roundChallenges(ctx, q, id)
	return r, err
}

func roundChallenges(ctx context.Context, q db.Q, id int64) ([]ChallengeRef, error) {
	rows, err := q.QueryContext(ctx, `
SELECT c.id, c.title, c.stage, c.description FROM round_challenges rc JOIN challenges c ON c.id = rc.challenge_id
WHERE rc.round_id = $1 ORDER BY rc.position, c.id`, id)
	if err != nil {
		return nil, fmt.Errorf("round challenges: %w", err)
	}
	defer rows.Close()
	out := []ChallengeRef{}
	for rows.Next() {
		var c ChallengeRef
		if err := rows.Scan(&c.ID, &c.Title, &c.Stage, &c.Description); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// RoundFilter selects rounds for a list.
type RoundFilter struct {
	Q       string
	State   string // draft, open, closed (effective), or ""
	Page    int
	PerPage int
}

// Normalize fills defaults and bounds.
func (f *RoundFilter) Normalize() error {
	f.Q = strings.TrimSpace(f.Q)
	if f.Page < 1 {
		f.Page = 1
	}
	if f.PerPage < 1 {
		f.PerPage = 25
	}
	f.PerPage = min(f.PerPage, 200)
	if f.State != "" && !validState(State(f.State)) {
		return kern.FieldError("state", "field.unknown_choice")
	}
	return nil
}

func validState(s State) bool {
	for _, x := range States {
		if x == s {
			return true
		}
	}
	return false
}

// listRounds lists rounds newest first; the state filter uses the effective state at now, so
// an open round past its end date is listed as closed.
func listRounds(ctx context.Context, q db.Q, f RoundFilter, publishedOnly bool, now time.Time, all bool) ([]Round, int, error) {
	var conds []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if f.Q != "" {
		conds = append(conds, `r.search_text LIKE `+arg(searchPattern(f.Q))+` ESCAPE '\'`)
	}
	if publishedOnly {
		conds = append(conds, "r.published")
	}
	today := dateOnly(now.In(amsterdam()))
	switch State(f.State) {
	case Draft:
		conds = append(conds, "r.state = 'draft'")
	case Open:
		conds = append(conds, "r.state = 'open' AND r.ends_on >= "+arg(today))
	case Closed:
		conds = append(conds, "(r.state = 'closed' OR (r.state = 'open' AND r.ends_on < "+arg(today)+"))")
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	total := 0
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM rounds r`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count rounds: %w", err)
	}
	limit, offset := f.PerPage, (f.Page-1)*f.PerPage
	if all {
		limit, offset = 100000, 0
	}
	page := " LIMIT " + arg(limit) + " OFFSET " + arg(offset)
	rows, err := q.QueryContext(ctx, `SELECT `+roundColumns+` FROM rounds r`+where+` ORDER BY r.starts_on DESC, r.id DESC`+page, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list rounds: %w", err)
	}
	defer rows.Close()
	out := []Round{}
	for rows.Next() {
		r, err := scanRound(rows)
		if err != nil {
			return nil, 0, err
		}
		r.effective(now)
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// dateOnly is the calendar day of t as a UTC midnight, the way DATE columns are compared.
func dateOnly(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func searchPattern(q string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(org.Fold(q)) + "%"
}

func (in RoundInput) searchText() string { return org.Fold(in.Title + " " + in.Description) }

func insertRound(ctx context.Context, q db.Q, in RoundInput, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `
INSERT INTO rounds (title, description, state, starts_on, ends_on, search_text, created_at, updated_at)
VALUES ($1, $2, 'draft', $3, $4, $5, $6, $6) RETURNING id`,
		in.Title, in.Description, dateOnly(*in.StartsOn), dateOnly(*in.EndsOn), in.searchText(), now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert round: %w", err)
	}
	return id, setChallenges(ctx, q, id, in.ChallengeIDs)
}

func updateRound(ctx context.Context, q db.Q, id int64, in RoundInput, now time.Time) error {
	_, err := q.ExecContext(ctx, `
UPDATE rounds SET title = $1, description = $2, starts_on = $3, ends_on = $4, search_text = $5, updated_at = $6 WHERE id = $7`,
		in.Title, in.Description, dateOnly(*in.StartsOn), dateOnly(*in.EndsOn), in.searchText(), now, id)
	if err != nil {
		return fmt.Errorf("update round %d: %w", id, err)
	}
	return nil
}

func setChallenges(ctx context.Context, q db.Q, id int64, challenges []int64) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM round_challenges WHERE round_id = $1`, id); err != nil {
		return fmt.Errorf("clear round challenges: %w", err)
	}
	for i, c := range challenges {
		if _, err := q.ExecContext(ctx, `INSERT INTO round_challenges (round_id, challenge_id, position) VALUES ($1, $2, $3)`,
			id, c, i+1); err != nil {
			return fmt.Errorf("round challenge: %w", err)
		}
	}
	return nil
}

// unknownChallenges returns those of ids that are not challenges.
func unknownChallenges(ctx context.Context, q db.Q, ids []int64) ([]int64, error) {
	known := map[int64]bool{}
	rows, err := q.QueryContext(ctx, `SELECT id FROM challenges`)
	if err != nil {
		return nil, fmt.Errorf("challenges: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		known[id] = true
	}
	var out []int64
	for _, id := range ids {
		if !known[id] {
			out = append(out, id)
		}
	}
	return out, rows.Err()
}

// allChallenges lists every challenge, for the round form.
func allChallenges(ctx context.Context, q db.Q) ([]ChallengeRef, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, title, stage FROM challenges ORDER BY stage, lower(title), id`)
	if err != nil {
		return nil, fmt.Errorf("challenges: %w", err)
	}
	defer rows.Close()
	out := []ChallengeRef{}
	for rows.Next() {
		var c ChallengeRef
		if err := rows.Scan(&c.ID, &c.Title, &c.Stage); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

const invitationColumns = `i.id, i.round_id, i.person_id, i.email, i.name, i.stakeholder_group, i.lang, i.sent_at, i.revoked_at,
i.answered_at, i.created_at`

func scanInvitation(row interface{ Scan(...any) error }) (Invitation, error) {
	var i Invitation
	err := row.Scan(&i.ID, &i.RoundID, &i.PersonID, &i.Email, &i.Name, &i.Group, &i.Lang, &i.SentAt, &i.RevokedAt,
		&i.AnsweredAt, &i.CreatedAt)
	i.setStatus()
	return i, err
}

func getInvitation(ctx context.Context, q db.Q, roundID, id int64) (Invitation, error) {
	i, err := scanInvitation(q.QueryRowContext(ctx, `SELECT `+invitationColumns+` FROM round_invitations i
WHERE i.round_id = $1 AND i.id = $2`, roundID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return i, kern.Errorf(kern.NotFound, "error.not_found")
	}
	if err != nil {
		return i, fmt.Errorf("get invitation %d: %w", id, err)
	}
	return i, nil
}

func invitationByToken(ctx context.Context, q db.Q, hash string) (Invitation, error) {
	i, err := scanInvitation(q.QueryRowContext(ctx, `SELECT `+invitationColumns+` FROM round_invitations i
WHERE i.token_hash = $1`, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return i, kern.Errorf(kern.NotFound, "round.link_unknown")
	}
	if err != nil {
		return i, fmt.Errorf("invitation by token: %w", err)
	}
	return i, nil
}

// InvitationFilter selects a round's invitations.
type InvitationFilter struct {
	Q       string
	Group   string
	Status  string
	Page    int
	PerPage int
}

// Normalize fills defaults and bounds.
func (f *InvitationFilter) Normalize() error {
	f.Q = strings.TrimSpace(f.Q)
	if f.Page < 1 {
		f.Page = 1
	}
	if f.PerPage < 1 {
		f.PerPage = 50
	}
	f.PerPage = min(f.PerPage, 500)
	var v kern.Validation
	v.Check(f.Group == "" || isGroup(f.Group), "stakeholder_group", "field.unknown_choice")
	v.Check(f.Status == "" || contains(InvitationStatuses, f.Status), "status", "field.unknown_choice")
	return v.Err()
}

var statusConds = map[string]string{
	"pending":  "i.revoked_at IS NULL AND i.answered_at IS NULL AND i.sent_at IS NULL",
	"sent":     "i.revoked_at IS NULL AND i.answered_at IS NULL AND i.sent_at IS NOT NULL",
	"answered": "i.revoked_at IS NULL AND i.answered_at IS NOT NULL",
	"revoked":  "i.revoked_at IS NOT NULL",
}

func listInvitations(ctx context.Context, q db.Q, roundID int64, f InvitationFilter, all bool) ([]Invitation, int, error) {
	conds := []string{"i.round_id = $1"}
	args := []any{roundID}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if f.Q != "" {
		p := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(f.Q)) + "%"
		a := arg(p)
		conds = append(conds, `(lower(i.email) LIKE `+a+` ESCAPE '\' OR lower(i.name) LIKE `+a+` ESCAPE '\')`)
	}
	if f.Group != "" {
		conds = append(conds, "i.stakeholder_group = "+arg(f.Group))
	}
	if c, ok := statusConds[f.Status]; ok {
		conds = append(conds, c)
	}
	where := " WHERE " + strings.Join(conds, " AND ")
	total := 0
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM round_invitations i`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count invitations: %w", err)
	}
	limit, offset := f.PerPage, (f.Page-1)*f.PerPage
	if all {
		limit, offset = 1000000, 0
	}
	page := " LIMIT " + arg(limit) + " OFFSET " + arg(offset)
	rows, err := q.QueryContext(ctx, `SELECT `+invitationColumns+` FROM round_invitations i`+where+
		` ORDER BY i.stakeholder_group, lower(i.name), i.email, i.id`+page, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list invitations: %w", err)
	}
	defer rows.Close()
	out := []Invitation{}
	for rows.Next() {
		i, err := scanInvitation(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, i)
	}
	return out, total, rows.Err()
}

// pendingInvitations are the invitations of a draft round that go out when it opens.
func pendingInvitations(ctx context.Context, q db.Q, roundID int64) ([]Invitation, error) {
	list, _, err := listInvitations(ctx, q, roundID, InvitationFilter{Status: "pending", Page: 1, PerPage: 1}, true)
	return list, err
}

func insertInvitation(ctx context.Context, q db.Q, roundID int64, in Invitee, personID *int64, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `
INSERT INTO round_invitations (round_id, person_id, email, name, stakeholder_group, lang, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, roundID, personID, in.Email, in.Name, in.Group, in.Lang, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert invitation: %w", err)
	}
	return id, nil
}

func invitedEmails(ctx context.Context, q db.Q, roundID int64) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT email FROM round_invitations WHERE round_id = $1`, roundID)
	if err != nil {
		return nil, fmt.Errorf("invited emails: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, err
		}
		out[e] = true
	}
	return out, rows.Err()
}

// registryPerson is what an invitation takes from the registry: the address, the name and the
// stakeholder group of the person's current organisation, if any.
type registryPerson struct {
	ID    int64
	Email string
	Name  string
	Group string
}

const registryPersonSQL = `
SELECT p.id, p.email, p.given_name || ' ' || p.family_name,
  coalesce((SELECT o.stakeholder_group FROM affiliations a JOIN organizations o ON o.id = a.org_id
            WHERE a.person_id = p.id AND (a.end_on IS NULL OR a.end_on >= $2)
            ORDER BY a.start_on DESC, a.id DESC LIMIT 1), '')
FROM people p `

func personByID(ctx context.Context, q db.Q, id int64, today time.Time) (registryPerson, bool, error) {
	return scanRegistryPerson(q.QueryRowContext(ctx, registryPersonSQL+`WHERE p.id = $1`, id, today))
}

func personByEmail(ctx context.Context, q db.Q, email string, today time.Time) (registryPerson, bool, error) {
	return scanRegistryPerson(q.QueryRowContext(ctx, registryPersonSQL+`WHERE p.email = $1`, email, today))
}

func scanRegistryPerson(row *sql.Row) (registryPerson, bool, error) {
	var p registryPerson
	err := row.Scan(&p.ID, &p.Email, &p.Name, &p.Group)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("registry person: %w", err)
	}
	return p, true, nil
}

// searchPeople finds people of the registry with an e-mail address to invite.
func searchPeople(ctx context.Context, q db.Q, text string, limit int, today time.Time) ([]registryPerson, error) {
	rows, err := q.QueryContext(ctx, registryPersonSQL+`WHERE p.email <> '' AND p.search_text LIKE $1 ESCAPE '\'
ORDER BY lower(p.family_name), lower(p.given_name), p.id LIMIT $3`, searchPattern(text), today, limit)
	if err != nil {
		return nil, fmt.Errorf("search people: %w", err)
	}
	defer rows.Close()
	var out []registryPerson
	for rows.Next() {
		var p registryPerson
		if err := rows.Scan(&p.ID, &p.Email, &p.Name, &p.Group); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// groupCounts are the invitations not revoked and the responses of a round, per group.
func groupCounts(ctx context.Context, q db.Q, roundID int64) (invited, responded map[string]int, err error) {
	invited, responded = map[string]int{}, map[string]int{}
	for _, c := range []struct {
		sql string
		m   map[string]int
	}{
		{`SELECT stakeholder_group, count(*) FROM round_invitations WHERE round_id = $1 AND revoked_at IS NULL GROUP BY stakeholder_group`, invited},
		{`SELECT stakeholder_group, count(*) FROM round_responses WHERE round_id = $1 GROUP BY stakeholder_group`, responded},
	} {
		rows, err := q.QueryContext(ctx, c.sql, roundID)
		if err != nil {
			return nil, nil, fmt.Errorf("group counts: %w", err)
		}
		for rows.Next() {
			var g string
			var n int
			if err := rows.Scan(&g, &n); err != nil {
				rows.Close()
				return nil, nil, err
			}
			c.m[g] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	return invited, responded, nil
}

// tallies reads the sums of a round's scores per challenge and group, kept by addTallies.
func tallies(ctx context.Context, q db.Q, roundID int64) ([]Tally, error) {
	return scanTallies(q.QueryContext(ctx, `
SELECT challenge_id, stakeholder_group, respondents, sum_impact, sum_urgency, sum_priority
FROM round_tallies WHERE round_id = $1`, roundID))
}

// talliesFromScores sums a round's scores afresh: what tallies must always equal.
func talliesFromScores(ctx context.Context, q db.Q, roundID int64) ([]Tally, error) {
	return scanTallies(q.QueryContext(ctx, `
SELECT challenge_id, stakeholder_group, count(*), sum(impact), sum(urgency), sum(impact * urgency)
FROM round_scores WHERE round_id = $1 GROUP BY challenge_id, stakeholder_group`, roundID))
}

func scanTallies(rows *sql.Rows, err error) ([]Tally, error) {
	if err != nil {
		return nil, fmt.Errorf("tallies: %w", err)
	}
	defer rows.Close()
	var out []Tally
	for rows.Next() {
		var t Tally
		if err := rows.Scan(&t.ChallengeID, &t.Group, &t.N, &t.SumImpact, &t.SumUrgency, &t.SumPriority); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// addTallies adds one response's answers to the round's tallies, in the response's transaction.
func addTallies(ctx context.Context, q db.Q, inv Invitation, answers []Answer) error {
	for start := 0; start < len(answers); start += 50 {
		end := min(start+50, len(answers))
		var sb strings.Builder
		sb.WriteString(`INSERT INTO round_tallies (round_id, challenge_id, stakeholder_group, respondents, sum_impact, sum_urgency,
  sum_priority) VALUES `)
		args := make([]any, 0, (end-start)*6)
		for k, a := range answers[start:end] {
			if k > 0 {
				sb.WriteString(", ")
			}
			n := len(args)
			fmt.Fprintf(&sb, "($%d, $%d, $%d, 1, $%d, $%d, $%d)", n+1, n+2, n+3, n+4, n+5, n+6)
			args = append(args, inv.RoundID, a.ChallengeID, inv.Group, a.Impact, a.Urgency, a.Impact*a.Urgency)
		}
		sb.WriteString(` ON CONFLICT (round_id, challenge_id, stakeholder_group) DO UPDATE SET
  respondents = round_tallies.respondents + 1, sum_impact = round_tallies.sum_impact + excluded.sum_impact,
  sum_urgency = round_tallies.sum_urgency + excluded.sum_urgency, sum_priority = round_tallies.sum_priority + excluded.sum_priority`)
		if _, err := q.ExecContext(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("add tallies: %w", err)
		}
	}
	return nil
}

func insertResponse(ctx context.Context, q db.Q, inv Invitation, answers []Answer, now time.Time) (int64, error) {
	var id int64
	if err := q.QueryRowContext(ctx, `INSERT INTO round_responses (round_id, invitation_id, stakeholder_group, submitted_at)
VALUES ($1, $2, $3, $4) RETURNING id`, inv.RoundID, inv.ID, inv.Group, now).Scan(&id); err != nil {
		return 0, fmt.Errorf("insert response: %w", err)
	}
	// One statement for up to 50 scores: a response to 100 challenges is two round trips.
	for start := 0; start < len(answers); start += 50 {
		end := min(start+50, len(answers))
		var sb strings.Builder
		sb.WriteString(`INSERT INTO round_scores (response_id, round_id, challenge_id, stakeholder_group, impact, urgency, comment) VALUES `)
		args := make([]any, 0, (end-start)*7)
		for k, a := range answers[start:end] {
			if k > 0 {
				sb.WriteString(", ")
			}
			n := len(args)
			fmt.Fprintf(&sb, "($%d, $%d, $%d, $%d, $%d, $%d, $%d)", n+1, n+2, n+3, n+4, n+5, n+6, n+7)
			args = append(args, id, inv.RoundID, a.ChallengeID, inv.Group, a.Impact, a.Urgency, a.Comment)
		}
		if _, err := q.ExecContext(ctx, sb.String(), args...); err != nil {
			return 0, fmt.Errorf("insert scores: %w", err)
		}
	}
	return id, addTallies(ctx, q, inv, answers)
}

// listResponses lists one page of a round's responses with their answers and who gave them.
func listResponses(ctx context.Context, q db.Q, roundID int64, page, perPage int) ([]Response, int, error) {
	total := 0
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM round_responses WHERE round_id = $1`, roundID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count responses: %w", err)
	}
	rows, err := q.QueryContext(ctx, `
SELECT x.id, x.stakeholder_group, x.submitted_at, i.id, i.name, i.email
FROM round_responses x JOIN round_invitations i ON i.id = x.invitation_id
WHERE x.round_id = $1 ORDER BY x.id LIMIT $2 OFFSET $3`, roundID, perPage, (page-1)*perPage)
	if err != nil {
		return nil, 0, fmt.Errorf("list responses: %w", err)
	}
	out := []Response{}
	idx := map[int64]int{}
	for rows.Next() {
		var r Response
		var inv int64
		if err := rows.Scan(&r.ID, &r.Group, &r.SubmittedAt, &inv, &r.Name, &r.Email); err != nil {
			rows.Close()
			return nil, 0, err
		}
		r.Invitation, r.Answers = &inv, []Answer{}
		idx[r.ID] = len(out)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, total, err
	}
	first, last := out[0].ID, out[len(out)-1].ID
	srows, err := q.QueryContext(ctx, `
SELECT s.response_id, s.challenge_id, s.impact, s.urgency, s.comment
FROM round_scores s JOIN round_challenges rc ON rc.round_id = s.round_id AND rc.challenge_id = s.challenge_id
WHERE s.round_id = $1 AND s.response_id BETWEEN $2 AND $3 ORDER BY s.response_id, rc.position`, roundID, first, last)
	if err != nil {
		return nil, 0, fmt.Errorf("list scores: %w", err)
	}
	defer srows.Close()
	for srows.Next() {
		var rid int64
		var a Answer
		if err := srows.Scan(&rid, &a.ChallengeID, &a.Impact, &a.Urgency, &a.Comment); err != nil {
			return nil, 0, err
		}
		if i, ok := idx[rid]; ok {
			out[i].Answers = append(out[i].Answers, a)
		}
	}
	return out, total, srows.Err()
}

// listComments lists one page of the comments of a round, without who wrote them, by challenge.
func listComments(ctx context.Context, q db.Q, roundID int64, page, perPage int) ([]Comment, int, error) {
	total := 0
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM round_scores WHERE round_id = $1 AND comment <> ''`, roundID).
		Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count comments: %w", err)
	}
	rows, err := q.QueryContext(ctx, `
SELECT s.challenge_id, s.stakeholder_group, s.comment
FROM round_scores s JOIN round_challenges rc ON rc.round_id = s.round_id AND rc.challenge_id = s.challenge_id
WHERE s.round_id = $1 AND s.comment <> '' ORDER BY rc.position, s.stakeholder_group, s.response_id LIMIT $2 OFFSET $3`,
		roundID, perPage, (page-1)*perPage)
	if err != nil {
		return nil, 0, fmt.Errorf("list comments: %w", err)
	}
	defer rows.Close()
	out := []Comment{}
	for rows.Next() {
		var c Comment
		if err := rows.Scan(&c.ChallengeID, &c.Group, &c.Text); err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	return out, total, rows.Err()
}

func isGroup(g string) bool { return contains(Groups, g) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
