-- +goose Up
-- Annual plans and progress reports (issue 5, parts 4 and 5).

-- An annual plan: one per body and year, draft → submitted → reviewed (by the board) → reported.
CREATE TABLE annual_plans (
    id           INTEGER PRIMARY KEY,
    body_id      BIGINT NOT NULL REFERENCES bodies (id) ON DELETE CASCADE,
    year         INTEGER NOT NULL,
    status       TEXT NOT NULL,                 -- draft, submitted, reviewed, reported
    summary      TEXT NOT NULL DEFAULT '',      -- Markdown
    submitted_at TIMESTAMP,
    reviewed_at  TIMESTAMP,
    reported_at  TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX annual_plans_body_year ON annual_plans (body_id, year);
CREATE INDEX annual_plans_year ON annual_plans (year, status);

-- An objective of a plan, with the year-end report on it.
CREATE TABLE annual_plan_objectives (
    id           INTEGER PRIMARY KEY,
    plan_id      BIGINT NOT NULL REFERENCES annual_plans (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    text         TEXT NOT NULL,
    outcome      TEXT NOT NULL DEFAULT '',      -- '', achieved, partly, not
    outcome_note TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX annual_plan_objectives_plan ON annual_plan_objectives (plan_id, position);

CREATE TABLE annual_plan_objective_goals (
    objective_id BIGINT NOT NULL REFERENCES annual_plan_objectives (id) ON DELETE CASCADE,
    goal_id      BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    PRIMARY KEY (objective_id, goal_id)
);

CREATE TABLE annual_plan_objective_actions (
    objective_id BIGINT NOT NULL REFERENCES annual_plan_objectives (id) ON DELETE CASCADE,
    action_id    BIGINT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    PRIMARY KEY (objective_id, action_id)
);
CREATE INDEX annual_plan_objective_actions_action ON annual_plan_objective_actions (action_id);

-- The board's comments on a plan; kind says whether it came with a review or a return to draft.
CREATE TABLE annual_plan_comments (
    id          INTEGER PRIMARY KEY,
    plan_id     BIGINT NOT NULL REFERENCES annual_plans (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,                  -- comment, reviewed, returned
    body        TEXT NOT NULL,
    author_id   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    author_name TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX annual_plan_comments_plan ON annual_plan_comments (plan_id, created_at);

-- A progress report for a period and a scope. Its content is gathered live while it is a draft
-- and frozen in snapshot (JSON) when it is published; a published report is never changed.
CREATE TABLE progress_reports (
    id           INTEGER PRIMARY KEY,
    period       TEXT NOT NULL,                 -- month, quarter, year
    period_start DATE NOT NULL,
    period_end   DATE NOT NULL,
    scope        TEXT NOT NULL,                 -- platform, body
    body_id      BIGINT REFERENCES bodies (id),
    title        TEXT NOT NULL,
    intro        TEXT NOT NULL DEFAULT '',      -- Markdown, by the coordination office
    sections     TEXT NOT NULL DEFAULT '',      -- the sections shown, comma-separated codes
    status       TEXT NOT NULL,                 -- draft, published
    public       BOOLEAN NOT NULL DEFAULT FALSE,
    scheduled    BOOLEAN NOT NULL DEFAULT FALSE, -- drafted by the schedule, not by hand
    snapshot     TEXT,                          -- the content at publication (JSON)
    published_at TIMESTAMP,
    published_by TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX progress_reports_period ON progress_reports (scope, period, period_start);
CREATE INDEX progress_reports_public ON progress_reports (status, public, period_start);

-- +goose Down
DROP TABLE progress_reports;
DROP TABLE annual_plan_comments;
DROP TABLE annual_plan_objective_actions;
DROP TABLE annual_plan_objective_goals;
DROP TABLE annual_plan_objectives;
DROP TABLE annual_plans;
