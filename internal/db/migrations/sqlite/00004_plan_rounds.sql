-- +goose Up
-- Prioritisation rounds (the e-survey of issue 4): a coordinator opens a round over a set of
-- challenges, invites people with a personal link, and every respondent scores impact and urgency
-- (1–5) per challenge. Results are computed from the tallies of the scores, never stored.

-- state: draft → open → closed. An open round whose end date has passed counts as closed; a
-- closed round is frozen (only its publication flags change).
CREATE TABLE rounds (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    state       TEXT NOT NULL DEFAULT 'draft',
    starts_on   DATE NOT NULL,
    ends_on     DATE NOT NULL,             -- the last day answers are taken (Europe/Amsterdam)
    published   BOOLEAN NOT NULL DEFAULT FALSE, -- results visible to every logged-in user
    public      BOOLEAN NOT NULL DEFAULT FALSE, -- results on a page without login (needs published)
    search_text TEXT NOT NULL DEFAULT '',
    opened_at   TIMESTAMP,
    closed_at   TIMESTAMP,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX rounds_state ON rounds (state, ends_on);

CREATE TABLE round_challenges (
    round_id     BIGINT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    challenge_id BIGINT NOT NULL REFERENCES challenges (id),
    position     INTEGER NOT NULL,
    PRIMARY KEY (round_id, challenge_id)
);

-- An invitation: one person, one personal link, one response. Only the SHA-256 of the link's
-- token is kept; a re-sent invitation gets a new token and the old link stops working.
CREATE TABLE round_invitations (
    id                INTEGER PRIMARY KEY,
    round_id          BIGINT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    person_id         BIGINT REFERENCES people (id) ON DELETE SET NULL,
    email             TEXT NOT NULL,
    name              TEXT NOT NULL DEFAULT '',
    stakeholder_group TEXT NOT NULL REFERENCES stakeholder_groups (code),
    lang              TEXT NOT NULL DEFAULT 'nl',
    token_hash        TEXT,
    sent_at           TIMESTAMP,
    revoked_at        TIMESTAMP,
    answered_at       TIMESTAMP,
    created_at        TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX round_invitations_email ON round_invitations (round_id, email);
CREATE UNIQUE INDEX round_invitations_token ON round_invitations (token_hash);
-- Covers the count per stakeholder group of the response rates.
CREATE INDEX round_invitations_group ON round_invitations (round_id, stakeholder_group, revoked_at);

-- A response keeps the stakeholder group the invitation had when it was answered.
CREATE TABLE round_responses (
    id                INTEGER PRIMARY KEY,
    round_id          BIGINT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    invitation_id     BIGINT NOT NULL REFERENCES round_invitations (id) ON DELETE CASCADE,
    stakeholder_group TEXT NOT NULL REFERENCES stakeholder_groups (code),
    submitted_at      TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX round_responses_invitation ON round_responses (invitation_id);
CREATE INDEX round_responses_round ON round_responses (round_id, stakeholder_group);

-- One score per response and challenge. round_id and stakeholder_group are repeated from the
-- response so the tallies can be checked against the scores with one grouped scan of an index.
CREATE TABLE round_scores (
    response_id       BIGINT NOT NULL REFERENCES round_responses (id) ON DELETE CASCADE,
    round_id          BIGINT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    challenge_id      BIGINT NOT NULL REFERENCES challenges (id),
    stakeholder_group TEXT NOT NULL,
    impact            INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
    urgency           INTEGER NOT NULL CHECK (urgency BETWEEN 1 AND 5),
    comment           TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (response_id, challenge_id)
);
CREATE INDEX round_scores_round ON round_scores (round_id, challenge_id);

-- The sums of the scores per round, challenge and stakeholder group, kept up to date in the
-- transaction that saves a response. Scores are never changed once given, so the results of a round
-- of any size read at most challenges × 6 rows instead of a million scores.
CREATE TABLE round_tallies (
    round_id          BIGINT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    challenge_id      BIGINT NOT NULL REFERENCES challenges (id),
    stakeholder_group TEXT NOT NULL,
    respondents       INTEGER NOT NULL,
    sum_impact        BIGINT NOT NULL,
    sum_urgency       BIGINT NOT NULL,
    sum_priority      BIGINT NOT NULL,               -- the sum of impact × urgency
    PRIMARY KEY (round_id, challenge_id, stakeholder_group)
);

-- +goose Down
DROP TABLE round_tallies;
DROP TABLE round_scores;
DROP TABLE round_responses;
DROP TABLE round_invitations;
DROP TABLE round_challenges;
DROP TABLE rounds;
