-- +goose Up
-- Governance (issue 5): bodies with charters and seats, the link between an account and the
-- person it belongs to, and notifications with each account's preferences. Meetings, vacancies
-- and reports have their own migrations.

-- The person in the registry an account belongs to (a seat is held by a person; what an account
-- may do in a body follows from that person's seats).
ALTER TABLE users ADD COLUMN person_id BIGINT REFERENCES people (id);
CREATE UNIQUE INDEX users_person ON users (person_id) WHERE person_id IS NOT NULL;

CREATE TABLE bodies (
    id                     INTEGER PRIMARY KEY,
    kind                   TEXT NOT NULL,        -- steering_group, operational_steering_group, coordination_office, action_group, board, committee, theme_group, working_group
    name                   TEXT NOT NULL,
    short_name             TEXT NOT NULL DEFAULT '',
    goal                   TEXT NOT NULL DEFAULT '',
    scope                  TEXT NOT NULL DEFAULT '',
    deliverables           TEXT NOT NULL DEFAULT '',
    reports_to             BIGINT REFERENCES bodies (id),
    liaison_person_id      BIGINT REFERENCES people (id), -- the board member who is liaison
    rhythm                 TEXT NOT NULL DEFAULT 'none', -- weekly, monthly, quarterly, yearly, none
    requires_all_groups    BOOLEAN NOT NULL DEFAULT FALSE,
    requires_neutral_chair BOOLEAN NOT NULL DEFAULT FALSE,
    search_text            TEXT NOT NULL DEFAULT '',
    created_at             TIMESTAMP NOT NULL,
    updated_at             TIMESTAMP NOT NULL
);
CREATE INDEX bodies_kind ON bodies (kind, name);

-- A seat is one person's term in one role of a body; a new term is a new row (term_number + 1).
CREATE TABLE seats (
    id                INTEGER PRIMARY KEY,
    body_id           BIGINT NOT NULL REFERENCES bodies (id) ON DELETE CASCADE,
    person_id         BIGINT NOT NULL REFERENCES people (id),
    role              TEXT NOT NULL,             -- chair, leader, co_leader, member, secretary, liaison, delegate
    stakeholder_group TEXT REFERENCES stakeholder_groups (code),
    org_id            BIGINT REFERENCES organizations (id),
    neutral           BOOLEAN NOT NULL DEFAULT FALSE, -- a chair without a stakeholder interest
    term_start        DATE NOT NULL,
    term_end          DATE,                      -- open-ended when NULL
    term_number       INTEGER NOT NULL DEFAULT 1,
    max_terms         INTEGER NOT NULL DEFAULT 0,    -- 0: no maximum
    reminded_on       DATE,                      -- the last "term ends soon" reminder
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX seats_body ON seats (body_id, term_start);
CREATE INDEX seats_person ON seats (person_id);
CREATE INDEX seats_term_end ON seats (term_end);

-- In-app notifications; e-mail follows each account's preference per kind.
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    link       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    read_at    TIMESTAMP,
    mailed_at  TIMESTAMP,                       -- sent on its own or in a digest
    mail_mode  TEXT NOT NULL                    -- immediate, daily, weekly, off: the preference when it was made
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);
CREATE INDEX notifications_digest ON notifications (mail_mode, mailed_at);

CREATE TABLE notification_prefs (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    mode    TEXT NOT NULL,                      -- immediate, daily, weekly, off
    PRIMARY KEY (user_id, kind)
);

-- +goose Down
DROP TABLE notification_prefs;
DROP TABLE notifications;
DROP TABLE seats;
DROP TABLE bodies;
DROP INDEX users_person;
ALTER TABLE users DROP COLUMN person_id;
