package runs

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"kern/internal/db"
)

// A stored run never changes, so its decoded result and its outcomes per hospital are kept in
// memory for the next read: the result page then reads the run's header row and renders, without
// reading and decoding the whole result (about 250 KB of JSON for a national run) every time.
// The cache is keyed by the database, the run's id and its creation instant, and holds the few
// most recently read runs.

const cachedRuns = 8

type cacheKey struct {
	db      *db.DB
	id      int64
	created int64
}

type cachedRun struct {
	result *Result
	byOrg  map[string]json.RawMessage
	used   int64
}

var runCache = struct {
	sync.Mutex
	m    map[cacheKey]*cachedRun
	tick int64
}{m: map[cacheKey]*cachedRun{}}

func keyOf(d *db.DB, r AllocRun) cacheKey {
	return cacheKey{db: d, id: r.ID, created: r.CreatedAt.UnixNano()}
}

// cached returns the cached parts of a run, or nil.
func cached(k cacheKey) *cachedRun {
	runCache.Lock()
	defer runCache.Unlock()
	c := runCache.m[k]
	if c != nil {
		runCache.tick++
		c.used = runCache.tick
	}
	return c
}

// remember stores a part of a run (result or outcomes), evicting the least recently used run.
func remember(k cacheKey, set func(*cachedRun)) {
	runCache.Lock()
	defer runCache.Unlock()
	c := runCache.m[k]
	if c == nil {
		if len(runCache.m) >= cachedRuns {
			var oldest cacheKey
			first := true
			for key, v := range runCache.m {
				if first || v.used < runCache.m[oldest].used {
					oldest, first = key, false
				}
			}
			delete(runCache.m, oldest)
		}
		c = &cachedRun{}
		runCache.m[k] = c
	}
	runCache.tick++
	c.used = runCache.tick
	set(c)
}

// resultOf is a run's decoded result: cached, or read and decoded. The caller must not change it.
func resultOf(ctx context.Context, q db.Q, d *db.DB, r AllocRun) (*Result, error) {
	k := keyOf(d, r)
	if c := cached(k); c != nil && c.result != nil {
		return c.result, nil
	}
	var raw string
	if err := q.QueryRowContext(ctx, `SELECT result FROM alloc_runs WHERE id = $1`, r.ID).Scan(&raw); err != nil {
		return nil, fmt.Errorf("run %d result: %w", r.ID, err)
	}
	res := &Result{}
	if err := json.Unmarshal([]byte(raw), res); err != nil {
		return nil, fmt.Errorf("run %d result: %w", r.ID, err)
	}
	remember(k, func(c *cachedRun) { c.result = res })
	return res, nil
}

// outcomesOf is a run's outcomes per hospital (org id → JSON list): cached, or read and split.
func outcomesOf(ctx context.Context, q db.Q, d *db.DB, r AllocRun) (map[string]json.RawMessage, error) {
	k := keyOf(d, r)
	if c := cached(k); c != nil && c.byOrg != nil {
		return c.byOrg, nil
	}
	var detail string
	if err := q.QueryRowContext(ctx, `SELECT detail FROM alloc_runs WHERE id = $1`, r.ID).Scan(&detail); err != nil {
		return nil, fmt.Errorf("run %d outcomes: %w", r.ID, err)
	}
	byOrg := map[string]json.RawMessage{}
	if err := json.Unmarshal([]byte(detail), &byOrg); err != nil {
		return nil, fmt.Errorf("run %d outcomes: %w", r.ID, err)
	}
	remember(k, func(c *cachedRun) { c.byOrg = byOrg })
	return byOrg, nil
}

// ResetCache forgets every cached run: for benchmarks that measure a first read.
func ResetCache() {
	runCache.Lock()
	defer runCache.Unlock()
	runCache.m = map[cacheKey]*cachedRun{}
}
