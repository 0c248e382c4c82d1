package jobs_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"kern/internal/db"
	"kern/internal/db/dbtest"
	"kern/internal/jobs"
)

func TestWorkerRunsRetriesAndGivesUp(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var ok, flaky atomic.Int32
		w := &jobs.Worker{DB: d, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Handlers: map[string]jobs.Handler{
			"ok":    func(context.Context, string) error { ok.Add(1); return nil },
			"flaky": func(context.Context, string) error { flaky.Add(1); return errors.New("smtp down") },
			"panic": func(context.Context, string) error { panic("boom") },
		}}
		for _, k := range []string{"ok", "flaky", "panic"} {
			if err := jobs.Enqueue(ctx, d.Write, k, "", time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := w.RunDue(ctx); err != nil || n != 3 {
			t.Fatalf("RunDue = %d, %v", n, err)
		}
		if n, _ := w.RunDue(ctx); n != 0 {
			t.Fatalf("a failed job ran again before its back-off: %d", n)
		}
		var done, pending int
		d.Read.QueryRow(`SELECT count(*) FROM jobs WHERE done_at IS NOT NULL`).Scan(&done)
		d.Read.QueryRow(`SELECT count(*) FROM jobs WHERE done_at IS NULL AND failed_at IS NULL AND last_error <> ''`).Scan(&pending)
		if ok.Load() != 1 || flaky.Load() != 1 || done != 1 || pending != 2 {
			t.Fatalf("ok=%d flaky=%d done=%d pending=%d", ok.Load(), flaky.Load(), done, pending)
		}
	})
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want time.Duration
	}{{1, 30 * time.Second}, {2, time.Minute}, {4, 4 * time.Minute}, {30, 6 * time.Hour}} {
		if got := jobs.Backoff(tc.n); got != tc.want {
			t.Errorf("Backoff(%d) = %v, want %v", tc.n, got, tc.want)
		}
	}
}

func TestRecurringJobKeepsOnePendingRun(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var runs atomic.Int32
		w := &jobs.Worker{DB: d, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
			Handlers:  map[string]jobs.Handler{"daily": func(context.Context, string) error { runs.Add(1); return nil }},
			Recurring: map[string]time.Duration{"daily": 24 * time.Hour}}
		for range 2 { // scheduling twice still leaves one pending run
			if err := jobs.Schedule(ctx, d, "daily", time.Now().UTC()); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := w.RunDue(ctx); err != nil || n != 1 || runs.Load() != 1 {
			t.Fatalf("RunDue = %d, %v, runs %d; want one run", n, err, runs.Load())
		}
		var next time.Time
		var pending int
		d.Read.QueryRow(`SELECT count(*) FROM jobs WHERE kind = 'daily' AND done_at IS NULL`).Scan(&pending)
		d.Read.QueryRow(`SELECT run_at FROM jobs WHERE kind = 'daily' AND done_at IS NULL ORDER BY run_at DESC LIMIT 1`).Scan(&next)
		if pending != 1 || time.Until(next) < 23*time.Hour {
			t.Fatalf("after a run: %d pending, next at %v; want one, a day later", pending, next)
		}
	})
}
