-- +goose Up
CREATE TABLE stakeholder_groups (
    code     TEXT PRIMARY KEY,
    position INTEGER NOT NULL
);
INSERT INTO stakeholder_groups (code, position) VALUES
    ('companies', 1), ('governments', 2), ('researchers', 3),
    ('isotope_production', 4), ('care_providers', 5), ('patient_organisations', 6);

-- The member categories of the society, with their counts on 1 January 2022 (policy plan, Appendix 1).
CREATE TABLE member_categories (
    code            TEXT PRIMARY KEY,
    position        INTEGER NOT NULL,
    reference_count INTEGER NOT NULL
);
INSERT INTO member_categories (code, position, reference_count) VALUES
    ('a_nuclear_medicine_physician', 1, 186), ('a_nuclear_radiologist', 2, 12),
    ('b_hospital_pharmacist', 3, 37), ('b_clinical_physicist', 4, 59),
    ('b_clinical_radiochemist', 5, 7), ('b_radiologist', 6, 54),
    ('junior_a_resident_nm', 7, 22), ('junior_b_resident_radiology', 8, 113),
    ('extraordinary', 9, 13), ('emeritus', 10, 26), ('honorary', 11, 5);

CREATE TABLE organizations (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL,
    stakeholder_group TEXT NOT NULL REFERENCES stakeholder_groups (code),
    name              TEXT NOT NULL,
    short_name        TEXT NOT NULL DEFAULT '',
    city              TEXT NOT NULL DEFAULT '',
    country           TEXT NOT NULL,
    website           TEXT NOT NULL DEFAULT '',
    parent_id         BIGINT REFERENCES organizations (id),
    hotlab            BOOLEAN NOT NULL DEFAULT FALSE,
    cyclotron         BOOLEAN NOT NULL DEFAULT FALSE,
    pet_ct            INTEGER NOT NULL DEFAULT 0,
    spect_ct          INTEGER NOT NULL DEFAULT 0,
    therapy_rooms     INTEGER NOT NULL DEFAULT 0,
    notes             TEXT NOT NULL DEFAULT '',
    search_text       TEXT NOT NULL DEFAULT '',
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX organizations_name ON organizations (name);
CREATE INDEX organizations_kind ON organizations (kind, name);
CREATE INDEX organizations_group ON organizations (stakeholder_group, name);
CREATE INDEX organizations_parent ON organizations (parent_id);

CREATE TABLE people (
    id              INTEGER PRIMARY KEY,
    given_name      TEXT NOT NULL,
    family_name     TEXT NOT NULL,
    email           TEXT NOT NULL DEFAULT '',
    profession      TEXT NOT NULL DEFAULT '',
    member_category TEXT REFERENCES member_categories (code),
    member_since    DATE,
    search_text     TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX people_email ON people (email) WHERE email <> '';
CREATE INDEX people_family_name ON people (family_name, given_name);
CREATE INDEX people_category ON people (member_category);

CREATE TABLE affiliations (
    id        INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    org_id    BIGINT NOT NULL REFERENCES organizations (id),
    role      TEXT NOT NULL DEFAULT '',
    start_on  DATE,
    end_on    DATE
);
CREATE INDEX affiliations_person ON affiliations (person_id);
CREATE INDEX affiliations_org ON affiliations (org_id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL,
    name          TEXT NOT NULL,
    lang          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL DEFAULT 'member',
    password_hash TEXT NOT NULL DEFAULT '',
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (email);

-- Roles within an organisation: organisation admin or organisation member.
CREATE TABLE org_roles (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id  BIGINT NOT NULL REFERENCES organizations (id),
    role    TEXT NOT NULL,
    PRIMARY KEY (user_id, org_id)
);
CREATE INDEX org_roles_org ON org_roles (org_id);

-- The cookie holds id.secret; only sha256(secret) is stored, so a copy of this table opens no session.
CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    secret_hash  TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    secret_hash  TEXT NOT NULL,
    scope        TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);
CREATE UNIQUE INDEX api_tokens_prefix ON api_tokens (prefix);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_failures (
    id  INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at  TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

CREATE TABLE password_resets (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);
CREATE UNIQUE INDEX password_resets_token ON password_resets (token_hash);

CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    at             TIMESTAMP NOT NULL,
    actor_user_id  BIGINT,
    actor_token_id BIGINT,
    actor          TEXT NOT NULL,
    action         TEXT NOT NULL,
    entity         TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    before_json    TEXT NOT NULL DEFAULT '',
    after_json     TEXT NOT NULL DEFAULT '',
    request_id     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    to_addr    TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body_text  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    sent_at    TIMESTAMP
);

-- Background work. A worker leases a row by setting leased_until; on PostgreSQL the lease is taken
-- with FOR UPDATE SKIP LOCKED, so many nodes share the queue and each job runs once.
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL DEFAULT '',
    run_at       TIMESTAMP NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 10,
    leased_until TIMESTAMP,
    last_error   TEXT NOT NULL DEFAULT '',
    done_at      TIMESTAMP,
    failed_at    TIMESTAMP,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX jobs_due ON jobs (done_at, failed_at, run_at);

-- +goose Down
DROP TABLE jobs;
DROP TABLE outbox;
DROP TABLE audit_log;
DROP TABLE password_resets;
DROP TABLE login_failures;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE org_roles;
DROP TABLE users;
DROP TABLE affiliations;
DROP TABLE people;
DROP TABLE organizations;
DROP TABLE member_categories;
DROP TABLE stakeholder_groups;
