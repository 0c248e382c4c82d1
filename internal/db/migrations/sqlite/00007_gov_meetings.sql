-- +goose Up
-- Meetings of governance bodies (issue 5, part 3): one-off or a series from the body's rhythm,
-- agendas with a parking list, attendance, outcomes (information, numbered decisions, new actions
-- in the action plan), minutes kept as versions, and the private calendar links.

-- A series groups the meetings generated from a body's rhythm for a period.
CREATE TABLE meeting_series (
    id         INTEGER PRIMARY KEY,
    body_id    BIGINT NOT NULL REFERENCES bodies (id) ON DELETE CASCADE,
    rhythm     TEXT NOT NULL,                 -- weekly, monthly, quarterly, yearly
    first_on   DATE NOT NULL,
    last_on    DATE NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE meetings (
    id                  INTEGER PRIMARY KEY,
    body_id             BIGINT NOT NULL REFERENCES bodies (id) ON DELETE CASCADE,
    series_id           BIGINT REFERENCES meeting_series (id) ON DELETE SET NULL,
    title               TEXT NOT NULL,
    starts_at           TIMESTAMP NOT NULL,  -- an instant (UTC)
    ends_at             TIMESTAMP NOT NULL,
    location            TEXT NOT NULL DEFAULT '',
    video_url           TEXT NOT NULL DEFAULT '',
    state               TEXT NOT NULL DEFAULT 'open', -- open, in_progress, closed
    sequence            INTEGER NOT NULL DEFAULT 0,   -- iCalendar SEQUENCE: how often it moved
    closed_at           TIMESTAMP,
    minutes_reminded_at TIMESTAMP,               -- the one "minutes missing" reminder
    search_text         TEXT NOT NULL DEFAULT '',
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
CREATE INDEX meetings_body ON meetings (body_id, starts_at);
CREATE INDEX meetings_starts ON meetings (starts_at);
CREATE INDEX meetings_series ON meetings (series_id, starts_at);

-- An agenda item; a parked item is carried to the next meeting as a new item (carried_from).
CREATE TABLE agenda_items (
    id                  INTEGER PRIMARY KEY,
    meeting_id          BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position            INTEGER NOT NULL,
    title               TEXT NOT NULL,
    duration_minutes    INTEGER NOT NULL DEFAULT 0,
    presenter_person_id BIGINT REFERENCES people (id),
    presenter_text      TEXT NOT NULL DEFAULT '',
    action_id           BIGINT REFERENCES actions (id) ON DELETE SET NULL,
    kpi_id              BIGINT REFERENCES kpis (id) ON DELETE SET NULL,
    challenge_id        BIGINT REFERENCES challenges (id) ON DELETE SET NULL,
    parked              BOOLEAN NOT NULL DEFAULT FALSE,
    carried_from        BIGINT REFERENCES agenda_items (id) ON DELETE SET NULL,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
CREATE INDEX agenda_items_meeting ON agenda_items (meeting_id, position);
CREATE UNIQUE INDEX agenda_items_carried ON agenda_items (carried_from);

-- Attendance: a seat holder (person_id) or a guest (guest_name).
CREATE TABLE meeting_attendance (
    id         INTEGER PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id  BIGINT REFERENCES people (id),
    guest_name TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL,                 -- present, excused, absent
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX meeting_attendance_meeting ON meeting_attendance (meeting_id);
CREATE UNIQUE INDEX meeting_attendance_person ON meeting_attendance (meeting_id, person_id);

-- Outcomes: information, a decision (numbered per body and year: D-2026-001) or a new action.
CREATE TABLE meeting_outcomes (
    id             INTEGER PRIMARY KEY,
    meeting_id     BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    body_id        BIGINT NOT NULL REFERENCES bodies (id) ON DELETE CASCADE,
    agenda_item_id BIGINT REFERENCES agenda_items (id) ON DELETE SET NULL,
    kind           TEXT NOT NULL,             -- information, decision, action
    text           TEXT NOT NULL,
    decision_year  INTEGER,
    decision_seq   INTEGER,
    decided_on     DATE,
    action_id      BIGINT REFERENCES actions (id) ON DELETE SET NULL,
    search_text    TEXT NOT NULL DEFAULT '',
    created_by     TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX meeting_outcomes_meeting ON meeting_outcomes (meeting_id, id);
CREATE INDEX meeting_outcomes_body ON meeting_outcomes (body_id, kind, decided_on);
CREATE UNIQUE INDEX meeting_outcomes_number ON meeting_outcomes (body_id, decision_year, decision_seq);

-- Minutes as versions: before closing, the latest version is edited in place; after closing,
-- every change is a new version and the old ones stay.
CREATE TABLE meeting_minutes (
    id         INTEGER PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    text       TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',      -- why an amendment was made
    author     TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX meeting_minutes_version ON meeting_minutes (meeting_id, version);

-- A person's private calendar link: only the SHA-256 of the token is kept.
CREATE TABLE calendar_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX calendar_tokens_hash ON calendar_tokens (token_hash);
CREATE UNIQUE INDEX calendar_tokens_user ON calendar_tokens (user_id);

-- +goose Down
DROP TABLE calendar_tokens;
DROP TABLE meeting_minutes;
DROP TABLE meeting_outcomes;
DROP TABLE meeting_attendance;
DROP TABLE agenda_items;
DROP TABLE meetings;
DROP TABLE meeting_series;
