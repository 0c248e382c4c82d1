-- +goose Up
-- The shared vision, its SMART goals, the KPIs that measure them and the inventory of challenges
-- (issue 4). Prioritisation rounds and actions have their own migrations.

-- The four pillars of the vision ("point on the horizon").
CREATE TABLE pillars (
    id          INTEGER PRIMARY KEY,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

-- A goal under a pillar. SMART: statement (specific), its KPIs (measurable), accountable
-- (an organisation, a body or a stakeholder group: acceptable), rationale (realistic), deadline
-- (time-bound).
CREATE TABLE goals (
    id                INTEGER PRIMARY KEY,
    pillar_id         BIGINT NOT NULL REFERENCES pillars (id),
    title             TEXT NOT NULL,
    statement         TEXT NOT NULL DEFAULT '',
    rationale         TEXT NOT NULL DEFAULT '',
    accountable_org   BIGINT REFERENCES organizations (id),
    accountable_group TEXT REFERENCES stakeholder_groups (code),
    accountable_body  TEXT NOT NULL DEFAULT '',
    deadline          DATE,
    public            BOOLEAN NOT NULL DEFAULT TRUE,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX goals_pillar ON goals (pillar_id, id);

-- A KPI; its status is derived from targets and measurements, never stored.
CREATE TABLE kpis (
    id             INTEGER PRIMARY KEY,
    goal_id        BIGINT REFERENCES goals (id),
    name           TEXT NOT NULL,
    definition     TEXT NOT NULL DEFAULT '',
    unit           TEXT NOT NULL DEFAULT '',
    direction      TEXT NOT NULL,            -- higher | lower (which is better)
    cadence        TEXT NOT NULL,            -- monthly | quarterly | yearly
    tolerance      DOUBLE PRECISION NOT NULL DEFAULT 0, -- in the KPI's unit
    baseline_value DOUBLE PRECISION NOT NULL,
    baseline_on    DATE NOT NULL,
    owner_id       BIGINT REFERENCES users (id),
    public         BOOLEAN NOT NULL DEFAULT FALSE,
    reminded_on    DATE,                     -- the last overdue reminder to the owner
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX kpis_goal ON kpis (goal_id, id);

CREATE TABLE kpi_targets (
    id        INTEGER PRIMARY KEY,
    kpi_id    BIGINT NOT NULL REFERENCES kpis (id) ON DELETE CASCADE,
    target_on DATE NOT NULL,
    value     DOUBLE PRECISION NOT NULL
);
CREATE UNIQUE INDEX kpi_targets_date ON kpi_targets (kpi_id, target_on);

-- Measurements; a correction replaces a row (replaced_at, replaced_by) and keeps it as history.
CREATE TABLE kpi_measurements (
    id           INTEGER PRIMARY KEY,
    kpi_id       BIGINT NOT NULL REFERENCES kpis (id) ON DELETE CASCADE,
    measured_on  DATE NOT NULL,
    value        DOUBLE PRECISION NOT NULL,
    source       TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    demo         BOOLEAN NOT NULL DEFAULT FALSE,
    entered_by   TEXT NOT NULL,
    entered_at   TIMESTAMP NOT NULL,
    replaced_at  TIMESTAMP,
    replaced_by  BIGINT REFERENCES kpi_measurements (id)
);
CREATE UNIQUE INDEX kpi_measurements_current ON kpi_measurements (kpi_id, measured_on) WHERE replaced_at IS NULL;
CREATE INDEX kpi_measurements_kpi ON kpi_measurements (kpi_id, measured_on);

-- Challenges on the value chain and the enablers.
CREATE TABLE challenges (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    stage       TEXT NOT NULL,               -- one of the six value-chain stages
    source      TEXT NOT NULL,               -- report | interview | survey | round_table
    source_note TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX challenges_stage ON challenges (stage, id);

CREATE TABLE challenge_enablers (
    challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    enabler      TEXT NOT NULL,
    PRIMARY KEY (challenge_id, enabler)
);

CREATE TABLE challenge_groups (
    challenge_id      BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    stakeholder_group TEXT NOT NULL REFERENCES stakeholder_groups (code),
    PRIMARY KEY (challenge_id, stakeholder_group)
);

-- +goose Down
DROP TABLE challenge_groups;
DROP TABLE challenge_enablers;
DROP TABLE challenges;
DROP TABLE kpi_measurements;
DROP TABLE kpi_targets;
DROP TABLE kpis;
DROP TABLE goals;
DROP TABLE pillars;
