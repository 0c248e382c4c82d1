// Package jobs is Kern's background work: a jobs table that any number of app nodes share. A
// worker leases due rows (on PostgreSQL with FOR UPDATE SKIP LOCKED, so two nodes never take the
// same row), runs the handler for the row's kind, and marks it done, or schedules a retry with
// exponential back-off. A job whose node dies mid-run is leased again when its lease runs out.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"kern/internal/db"
)

// Handler does the work of one job; an error schedules a retry.
type Handler func(ctx context.Context, payload string) error

// Enqueue adds a job through q, usually the transaction of the change that asks for it, so the
// job exists exactly when the change does.
func Enqueue(ctx context.Context, q db.Q, kind, payload string, runAt time.Time) error {
	now := time.Now().UTC()
	if runAt.IsZero() {
		runAt = now
	}
	_, err := q.ExecContext(ctx, `INSERT INTO jobs (kind, payload, run_at, created_at) VALUES ($1, $2, $3, $4)`,
		kind, payload, runAt.UTC(), now)
	if err != nil {
		return fmt.Errorf("enqueue %s: %w", kind, err)
	}
	return nil
}

// Worker runs due jobs.
type Worker struct {
	DB       *db.DB
	Log      *slog.Logger
	Handlers map[string]Handler
	Lease    time.Duration // how long a leased job is ours; default 5 minutes
	Poll     time.Duration // pause when nothing is due; default 2 seconds
	// Recurring kinds run again this long after each success (reminders, daily checks); Run
	// schedules the first run of each when none is pending.
	Recurring map[string]time.Duration
}

// Schedule adds a job of kind at runAt unless one of that kind is already pending: recurring
// work keeps exactly one job in the queue (a second node at worst adds a harmless duplicate).
func Schedule(ctx context.Context, d *db.DB, kind string, runAt time.Time) error {
	return d.InTx(ctx, func(ctx context.Context, q db.Q) error {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM jobs WHERE kind = $1 AND done_at IS NULL AND failed_at IS NULL`, kind).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		return Enqueue(ctx, q, kind, "", runAt)
	})
}

type leased struct {
	id       int64
	kind     string
	payload  string
	attempts int
	max      int
}

// Run works until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	poll := w.Poll
	if poll == 0 {
		poll = 2 * time.Second
	}
	for kind := range w.Recurring {
		if err := Schedule(ctx, w.DB, kind, time.Now().UTC()); err != nil && ctx.Err() == nil {
			w.Log.Error("jobs: schedule", "kind", kind, "err", err)
		}
	}
	for {
		n, err := w.RunDue(ctx)
		if err != nil && ctx.Err() == nil {
			w.Log.Error("jobs: lease failed", "err", err)
		}
		if n > 0 {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(poll):
		}
	}
}

// RunDue leases up to ten due jobs, runs them and returns how many ran.
func (w *Worker) RunDue(ctx context.Context) (int, error) {
	batch, err := w.lease(ctx, 10)
	if err != nil {
		return 0, err
	}
	for _, j := range batch {
		w.run(ctx, j)
	}
	return len(batch), nil
}

func (w *Worker) lease(ctx context.Context, limit int) ([]leased, error) {
	lease := w.Lease
	if lease == 0 {
		lease = 5 * time.Minute
	}
	var out []leased
	err := w.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		now := time.Now().UTC()
		rows, err := q.QueryContext(ctx, `
SELECT id, kind, payload, attempts, max_attempts FROM jobs
WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= $1
  AND (leased_until IS NULL OR leased_until < $1)
ORDER BY run_at, id LIMIT $2 `+w.DB.SkipLocked(), now, limit)
		if err != nil {
			return err
		}
		for rows.Next() {
			var j leased
			if err := rows.Scan(&j.id, &j.kind, &j.payload, &j.attempts, &j.max); err != nil {
				rows.Close()
				return err
			}
			out = append(out, j)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, j := range out {
			if _, err := q.ExecContext(ctx, `UPDATE jobs SET leased_until = $1, attempts = attempts + 1 WHERE id = $2`,
				now.Add(lease), j.id); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

func (w *Worker) run(ctx context.Context, j leased) {
	h, ok := w.Handlers[j.kind]
	var err error
	if !ok {
		err = fmt.Errorf("no handler for job kind %q", j.kind)
	} else {
		err = safely(ctx, h, j.payload)
	}
	now := time.Now().UTC()
	if err == nil {
		_, err = w.DB.Write.ExecContext(ctx, `UPDATE jobs SET done_at = $1, leased_until = NULL WHERE id = $2`, now, j.id)
		if err != nil {
			w.Log.Error("jobs: mark done", "id", j.id, "err", err)
		}
		if every, ok := w.Recurring[j.kind]; ok {
			if err := Schedule(ctx, w.DB, j.kind, now.Add(every)); err != nil {
				w.Log.Error("jobs: schedule next", "kind", j.kind, "err", err)
			}
		}
		return
	}
	attempts := j.attempts + 1
	w.Log.Warn("jobs: attempt failed", "id", j.id, "kind", j.kind, "attempt", attempts, "err", err)
	if attempts >= j.max {
		_, err = w.DB.Write.ExecContext(ctx, `UPDATE jobs SET failed_at = $1, leased_until = NULL, last_error = $2 WHERE id = $3`,
			now, err.Error(), j.id)
	} else {
		_, err = w.DB.Write.ExecContext(ctx, `UPDATE jobs SET run_at = $1, leased_until = NULL, last_error = $2 WHERE id = $3`,
			now.Add(Backoff(attempts)), err.Error(), j.id)
	}
	if err != nil {
		w.Log.Error("jobs: reschedule", "id", j.id, "err", err)
	}
}

// Backoff is the pause before attempt n+1: 30 s doubling up to 6 hours.
func Backoff(n int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < n && d < 6*time.Hour; i++ {
		d *= 2
	}
	return min(d, 6*time.Hour)
}

func safely(ctx context.Context, h Handler, payload string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = errors.New(fmt.Sprint("panic: ", p))
		}
	}()
	return h(ctx, payload)
}
