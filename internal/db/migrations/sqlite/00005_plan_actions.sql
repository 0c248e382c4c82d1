-- +goose Up
-- The integrated action plan (issue 4, part 5): actions linked to challenges and goals, owned by a
-- thematic action group, with roles per stakeholder group, dependencies and check-ins. Overdue,
-- blocked, the critical path and progress are derived, never stored.

CREATE TABLE actions (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- The owning action group as free text until governance bodies exist; a later migration can
    -- add a body reference beside it and fill it from this name.
    owner_group TEXT NOT NULL DEFAULT '',
    owner_id    BIGINT REFERENCES users (id),  -- the owner contact: gets reminders, may edit
    status      TEXT NOT NULL,                 -- proposed | planned | in_progress | done | dropped
    drop_reason TEXT NOT NULL DEFAULT '',
    start_on    DATE,
    due_on      DATE,
    quick_win   BOOLEAN NOT NULL DEFAULT FALSE,
    weight      DOUBLE PRECISION NOT NULL DEFAULT 1,
    public      BOOLEAN NOT NULL DEFAULT FALSE,
    search_text TEXT NOT NULL DEFAULT '',
    reminded_on DATE,                          -- the last overdue reminder to the owner
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX actions_status ON actions (status, id);
CREATE INDEX actions_owner ON actions (owner_id);

CREATE TABLE action_challenges (
    action_id    BIGINT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    PRIMARY KEY (action_id, challenge_id)
);
CREATE INDEX action_challenges_challenge ON action_challenges (challenge_id);

CREATE TABLE action_goals (
    action_id BIGINT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    goal_id   BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    PRIMARY KEY (action_id, goal_id)
);
CREATE INDEX action_goals_goal ON action_goals (goal_id);

-- RACI: each stakeholder group has at most one role in an action.
CREATE TABLE action_roles (
    action_id         BIGINT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    stakeholder_group TEXT NOT NULL REFERENCES stakeholder_groups (code),
    role              TEXT NOT NULL,         -- responsible | accountable | consulted | informed
    PRIMARY KEY (action_id, stakeholder_group)
);

-- from_id blocks / precedes (after lag_days) / relates to to_id.
CREATE TABLE action_relations (
    id         INTEGER PRIMARY KEY,
    from_id    BIGINT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    to_id      BIGINT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,                -- blocks | precedes | relates
    lag_days   INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX action_relations_pair ON action_relations (from_id, to_id, kind);
CREATE INDEX action_relations_to ON action_relations (to_id);

CREATE TABLE action_checkins (
    id            INTEGER PRIMARY KEY,
    action_id     BIGINT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    checked_on    DATE NOT NULL,
    progress      INTEGER NOT NULL,          -- percent, 0 to 100
    confidence    TEXT NOT NULL,             -- low | medium | high
    note          TEXT NOT NULL DEFAULT '',
    entered_by    TEXT NOT NULL,
    entered_by_id BIGINT REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX action_checkins_action ON action_checkins (action_id, checked_on, id);

-- +goose Down
DROP TABLE action_checkins;
DROP TABLE action_relations;
DROP TABLE action_roles;
DROP TABLE action_goals;
DROP TABLE action_challenges;
DROP TABLE actions;
