package rounds

import (
	"context"
	"os"
	"testing"
	"time"

	"kern/internal/db"
	"kern/internal/db/dbtest"
)

// seedLargeRound fills a closed round of responses responses over challenges challenges straight
// in SQL (every respondent scores every challenge: responses × challenges scores) and returns it.
func seedLargeRound(b *testing.B, d *db.DB, responses, challenges int) int64 {
	b.Helper()
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	var id int64
	if err := d.Write.QueryRowContext(ctx, `INSERT INTO rounds (title, state, starts_on, ends_on, created_at, updated_at)
VALUES ('Benchmark', 'closed', $1, $1, $2, $2) RETURNING id`, now, now).Scan(&id); err != nil {
		b.Fatal(err)
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO challenges (title, stage, source, created_at, updated_at)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
SELECT 'Challenge ' || i, 'market_access', 'report', $1, $1 FROM n`, []any{now, challenges}},
		{`INSERT INTO round_challenges (round_id, challenge_id, position) SELECT $1, id, id FROM challenges`, []any{id}},
		{`INSERT INTO round_invitations (round_id, email, stakeholder_group, created_at, answered_at)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $3)
SELECT $2, 'r' || i || '@example.org', CASE i % 6 WHEN 0 THEN 'companies' WHEN 1 THEN 'governments' WHEN 2 THEN 'researchers'
  WHEN 3 THEN 'isotope_production' WHEN 4 THEN 'care_providers' ELSE 'patient_organisations' END, $1, $1 FROM n`,
			[]any{now, id, responses}},
		{`INSERT INTO round_responses (round_id, invitation_id, stakeholder_group, submitted_at)
SELECT round_id, id, stakeholder_group, answered_at FROM round_invitations WHERE round_id = $1`, []any{id}},
		{`INSERT INTO round_scores (response_id, round_id, challenge_id, stakeholder_group, impact, urgency)
SELECT r.id, r.round_id, c.challenge_id, r.stakeholder_group, 1 + (r.id * 7 + c.challenge_id * 13) % 5,
  1 + (r.id * 11 + c.challenge_id * 3) % 5
FROM round_responses r JOIN round_challenges c ON c.round_id = r.round_id WHERE r.round_id = $1`, []any{id}},
		{`INSERT INTO round_tallies (round_id, challenge_id, stakeholder_group, respondents, sum_impact, sum_urgency, sum_priority)
SELECT round_id, challenge_id, stakeholder_group, count(*), sum(impact), sum(urgency), sum(impact * urgency)
FROM round_scores WHERE round_id = $1 GROUP BY round_id, challenge_id, stakeholder_group`, []any{id}},
	} {
		if _, err := d.Write.ExecContext(ctx, q.sql, q.args...); err != nil {
			b.Fatalf("%v\n%s", err, q.sql)
		}
	}
	if d.Dialect == db.Postgres {
		d.Write.ExecContext(ctx, `ANALYZE round_scores`)
	}
	return id
}

// BenchmarkResultsService: the results of a round with 10,000 responses over 100 challenges (a
// million scores), loaded from the database and computed, as the results page and the API do.
func BenchmarkResultsService(b *testing.B) {
	run := func(b *testing.B, d *db.DB) {
		id := seedLargeRound(b, d, 10000, 100)
		s := &Service{DB: d}
		ctx := context.Background()
		b.ResetTimer()
		for b.Loop() {
			_, res, err := s.ResultsOf(ctx, coordinator, id)
			if err != nil || res.Responded != 10000 || len(res.Challenges) != 100 {
				b.Fatalf("results: %v, %d responded", err, res.Responded)
			}
		}
	}
	b.Run("sqlite", func(b *testing.B) { run(b, dbtest.SQLite(b)) })
	if os.Getenv("KERN_TEST_POSTGRES") != "" {
		b.Run("postgres", func(b *testing.B) { run(b, dbtest.Postgres(b)) })
	}
}
