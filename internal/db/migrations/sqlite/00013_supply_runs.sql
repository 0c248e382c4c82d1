-- +goose Up
-- Allocation runs and shortage scenarios (issue 6, parts 5 to 7).

-- A facility's dependency on an upstream facility (a processor on the reactors that irradiate its
-- targets) for a share of its production: an outage upstream reduces the runs downstream.
CREATE TABLE facility_feeds (
    facility_id BIGINT NOT NULL REFERENCES facilities (id) ON DELETE CASCADE,
    upstream_id BIGINT NOT NULL REFERENCES facilities (id) ON DELETE CASCADE,
    share       DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (facility_id, upstream_id)
);
CREATE INDEX facility_feeds_upstream ON facility_feeds (upstream_id);

-- A shortage scenario: the current situation changed by a list of changes (JSON: outages of a
-- facility for a period, demand changes by product or region, transport disruptions), run and
-- compared with a baseline run.
CREATE TABLE supply_scenarios (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    changes          TEXT NOT NULL DEFAULT '[]',
    starts_at        TIMESTAMP NOT NULL,     -- the horizon the scenario looks at
    horizon_days     INTEGER NOT NULL,
    policy           TEXT NOT NULL DEFAULT '{}', -- JSON, as alloc_runs.policy
    baseline_run_id  BIGINT,                 -- the run it is compared with (alloc_runs.id)
    run_id           BIGINT,                 -- its latest run
    search_text      TEXT NOT NULL DEFAULT '',
    created_by       BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_by_name  TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX supply_scenarios_name ON supply_scenarios (name);

-- An allocation run: the engine on the supply and demand of a horizon, stored with its inputs so it
-- can be reproduced and compared. problem is the engine's input (alloc.Problem JSON) with the
-- names behind its ids; result is the summary the pages show (JSON).
CREATE TABLE alloc_runs (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,            -- baseline | scenario
    scenario_id     BIGINT REFERENCES supply_scenarios (id) ON DELETE CASCADE,
    name            TEXT NOT NULL DEFAULT '',
    starts_at       TIMESTAMP NOT NULL,
    horizon_days    INTEGER NOT NULL,
    policy          TEXT NOT NULL,            -- JSON: {"kind": "strict" | "floor", ...}
    status          TEXT NOT NULL,            -- done | failed
    error           TEXT NOT NULL DEFAULT '',
    problem         TEXT NOT NULL,
    result          TEXT NOT NULL DEFAULT '{}',
    min_fill_class1 DOUBLE PRECISION,         -- the lowest class-1 fill ratio, for lists and alerts
    deferred_doses  INTEGER NOT NULL DEFAULT 0,
    duration_ms     INTEGER NOT NULL DEFAULT 0,
    threshold_pct   DOUBLE PRECISION NOT NULL DEFAULT 80, -- alert when a hospital's class falls below it
    detail          TEXT NOT NULL DEFAULT '{}', -- JSON: each demand's outcome per hospital (org id), for a hospital's own view per day
    started_by      BIGINT REFERENCES users (id) ON DELETE SET NULL,
    started_by_name TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX alloc_runs_kind ON alloc_runs (kind, created_at);
CREATE INDEX alloc_runs_scenario ON alloc_runs (scenario_id, created_at);

-- A run's fill per hospital, product and priority class: what a hospital may see of a run (its own
-- rows) and what a producer may see (the rows of its products).
CREATE TABLE alloc_run_fills (
    run_id         BIGINT NOT NULL REFERENCES alloc_runs (id) ON DELETE CASCADE,
    org_id         BIGINT NOT NULL REFERENCES organizations (id),
    product_id     BIGINT NOT NULL REFERENCES products (id),
    priority       INTEGER NOT NULL,
    demands        INTEGER NOT NULL,
    requested_bq   DOUBLE PRECISION NOT NULL,
    filled_bq      DOUBLE PRECISION NOT NULL,
    min_fill_ratio DOUBLE PRECISION NOT NULL,
    deferred_doses INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, org_id, product_id, priority)
);
CREATE INDEX alloc_run_fills_org ON alloc_run_fills (org_id, run_id);
CREATE INDEX alloc_run_fills_product ON alloc_run_fills (product_id, run_id);

-- +goose Down
DROP TABLE alloc_run_fills;
DROP TABLE alloc_runs;
DROP TABLE supply_scenarios;
DROP TABLE facility_feeds;
