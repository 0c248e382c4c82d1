-- +goose Up
-- Vacancies (issue 5): a seat to fill in a body, made from a term that ends or new, published on
-- the public page and the Atom feed; applications to it, with or without an account. An
-- applicant's data is personal: only the body's chair, secretary and the coordination office read it.

CREATE TABLE vacancies (
    id                INTEGER PRIMARY KEY,
    body_id           BIGINT NOT NULL REFERENCES bodies (id) ON DELETE CASCADE,
    seat_id           BIGINT REFERENCES seats (id) ON DELETE SET NULL, -- the ending seat it was made from
    role              TEXT NOT NULL,             -- a seat role: chair, leader, co_leader, member, secretary, liaison, delegate
    stakeholder_group TEXT REFERENCES stakeholder_groups (code),
    title             TEXT NOT NULL,
    description       TEXT NOT NULL DEFAULT '',  -- Markdown
    starts_on         DATE,                      -- when the new term starts
    closes_on         DATE NOT NULL,             -- the last day to apply
    state             TEXT NOT NULL DEFAULT 'draft', -- draft, published, closed, filled
    published_at      TIMESTAMP,
    filled_seat_id    BIGINT REFERENCES seats (id) ON DELETE SET NULL,
    search_text       TEXT NOT NULL DEFAULT '',
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX vacancies_state ON vacancies (state, closes_on);
CREATE INDEX vacancies_body ON vacancies (body_id);
CREATE INDEX vacancies_seat ON vacancies (seat_id);

CREATE TABLE vacancy_applications (
    id           INTEGER PRIMARY KEY,
    vacancy_id   BIGINT NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    email        TEXT NOT NULL,                  -- normalised (lower case)
    organisation TEXT NOT NULL DEFAULT '',
    motivation   TEXT NOT NULL,
    user_id      BIGINT REFERENCES users (id) ON DELETE SET NULL, -- when applied while logged in
    person_id    BIGINT REFERENCES people (id) ON DELETE SET NULL, -- the registry person, known or made on acceptance
    state        TEXT NOT NULL DEFAULT 'received', -- received, shortlisted, rejected, accepted
    note         TEXT NOT NULL DEFAULT '',       -- the reviewer's note
    seat_id      BIGINT REFERENCES seats (id) ON DELETE SET NULL, -- the seat made on acceptance
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
-- One application per address per vacancy.
CREATE UNIQUE INDEX vacancy_applications_email ON vacancy_applications (vacancy_id, email);
CREATE INDEX vacancy_applications_created ON vacancy_applications (vacancy_id, created_at);

-- +goose Down
DROP TABLE vacancy_applications;
DROP TABLE vacancies;
