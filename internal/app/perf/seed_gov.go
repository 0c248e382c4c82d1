package perf

import (
	"context"
	"fmt"
	"time"

	"kern/internal/db"
)

// SeedGovernance adds bodies (an action group every third), each with eight seats held by people
// already in the registry, and a meeting every month for months months up to now, through plain
// SQL in one transaction.
func SeedGovernance(ctx context.Context, d *db.DB, bodies, months int) error {
	now := time.Now().UTC()
	return d.InTx(ctx, func(ctx context.Context, q db.Q) error {
		people, err := db.Choices(ctx, q, `SELECT id, given_name FROM people ORDER BY id LIMIT 2000`)
		if err != nil {
			return err
		}
		if len(people) < 8 {
			return fmt.Errorf("seed governance: the registry needs people first")
		}
		roles := []string{"chair", "secretary", "member", "member", "member", "member", "member", "member"}
		for i := range bodies {
			kind := "committee"
			if i%3 == 0 {
				kind = "action_group"
				roles[0] = "leader"
			} else {
				roles[0] = "chair"
			}
			var id int64
			if err := q.QueryRowContext(ctx, `INSERT INTO bodies (kind, name, goal, rhythm, search_text, created_at, updated_at)
VALUES ($1, $2, 'Een opdracht van de belastingproef.', 'monthly', $3, $4, $4) RETURNING id`, kind, fmt.Sprintf("Gremium %03d", i+1),
				fmt.Sprintf("gremium %03d", i+1), now.AddDate(-months/12-1, 0, 0)).Scan(&id); err != nil {
				return err
			}
			for j, role := range roles {
				end := now.AddDate(0, (i+j)%30, 0)
				if _, err := q.ExecContext(ctx, `INSERT INTO seats (body_id, person_id, role, term_start, term_end, term_number, max_terms, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, 1, 2, $6, $6)`, id, people[(i*8+j)%len(people)].ID, role, now.AddDate(-3, 0, 0), end, now); err != nil {
					return err
				}
			}
			for m := range months {
				start := time.Date(now.Year(), now.Month(), 10, 13, 0, 0, 0, time.UTC).AddDate(0, m-months+3, 0)
				state := "closed"
				if start.After(now) {
					state = "open"
				}
				if _, err := q.ExecContext(ctx, `INSERT INTO meetings (body_id, title, starts_at, ends_at, state, search_text, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, '', $6, $6)`, id, fmt.Sprintf("Vergadering %d", m+1), start, start.Add(2*time.Hour), state, now); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
