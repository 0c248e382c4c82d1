-- +goose Up
-- The supply side of medical isotopes (issue 6, parts 1 and 2): producers' facilities and their
-- products, the recurring operating cycles (schedules) that yield production runs, and planned
-- and unplanned outages.

-- A facility of a producer organisation (organizations.kind = 'producer'). starts_on is set for
-- capacity still to come (PALLAS, SHINE); ends_on for a facility that stops.
CREATE TABLE facilities (
    id          INTEGER PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES organizations (id),
    kind        TEXT NOT NULL,            -- research_reactor | processor | cyclotron | generator_maker | radiopharmacy
    name        TEXT NOT NULL,
    site        TEXT NOT NULL DEFAULT '', -- city
    country     TEXT NOT NULL,
    starts_on   DATE,
    ends_on     DATE,
    notes       TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX facilities_org ON facilities (org_id, id);

-- A product a facility makes: a nuclide in a form, in nominal activities (becquerel, a JSON list).
CREATE TABLE products (
    id               INTEGER PRIMARY KEY,
    facility_id      BIGINT NOT NULL REFERENCES facilities (id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    nuclide          TEXT NOT NULL,          -- canonical name of the nuclide table, "Mo-99"
    form             TEXT NOT NULL,          -- generator | bulk_solution | multi_dose_vial | patient_dose | capsule
    nominal_bq       TEXT NOT NULL DEFAULT '[]',
    shelf_life_hours DOUBLE PRECISION NOT NULL DEFAULT 0,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX products_facility ON products (facility_id, id);

-- A recurring operating cycle of a facility: on for on_days, off for off_days, from starts_on
-- (until ends_on when set). While on it yields runs of one product: activity_bq per run, on the
-- weekdays of run_weekdays (bit 1<<weekday, Sunday = 0) or every day on when it is 0.
CREATE TABLE facility_schedules (
    id           INTEGER PRIMARY KEY,
    facility_id  BIGINT NOT NULL REFERENCES facilities (id) ON DELETE CASCADE,
    product_id   BIGINT REFERENCES products (id) ON DELETE SET NULL,
    starts_on    DATE NOT NULL,
    ends_on      DATE,
    on_days      INTEGER NOT NULL,
    off_days     INTEGER NOT NULL,
    activity_bq  DOUBLE PRECISION NOT NULL DEFAULT 0,
    run_weekdays INTEGER NOT NULL DEFAULT 0,
    note         TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX facility_schedules_facility ON facility_schedules (facility_id, id);

-- A planned or unplanned outage: from starts_at to ends_at the facility runs at
-- (100 - reduction_pct) % of its capacity.
CREATE TABLE outages (
    id            INTEGER PRIMARY KEY,
    facility_id   BIGINT NOT NULL REFERENCES facilities (id) ON DELETE CASCADE,
    starts_at     TIMESTAMP NOT NULL,
    ends_at       TIMESTAMP NOT NULL,
    reduction_pct INTEGER NOT NULL,
    planned       BOOLEAN NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX outages_facility ON outages (facility_id, starts_at);
CREATE INDEX outages_ends ON outages (ends_at);

-- +goose Down
DROP TABLE outages;
DROP TABLE facility_schedules;
DROP TABLE products;
DROP TABLE facilities;
