-- +goose Up
-- The demand side of medical isotopes (issue 6, parts 3 and 4): transit routes from producers'
-- facilities to hospitals, hospitals' standing weekly demand and their concrete orders.

-- The default transit time from a facility in one country to a hospital in another (or the same).
CREATE TABLE route_defaults (
    id            INTEGER PRIMARY KEY,
    from_country  TEXT NOT NULL,
    to_country    TEXT NOT NULL,
    transit_hours DOUBLE PRECISION NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX route_defaults_pair ON route_defaults (from_country, to_country);

-- A transit time for one facility–hospital pair, overriding the country default.
CREATE TABLE routes (
    id            INTEGER PRIMARY KEY,
    facility_id   BIGINT NOT NULL REFERENCES facilities (id) ON DELETE CASCADE,
    org_id        BIGINT NOT NULL REFERENCES organizations (id),  -- the hospital
    transit_hours DOUBLE PRECISION NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX routes_pair ON routes (facility_id, org_id);
CREATE INDEX routes_org ON routes (org_id);

-- A hospital's standing weekly demand: every week on weekday (Sunday = 0) at at_time (HH:MM,
-- Amsterdam) it needs activity_bq of the product at calibration, from starts_on (until ends_on).
CREATE TABLE standing_demands (
    id           INTEGER PRIMARY KEY,
    org_id       BIGINT NOT NULL REFERENCES organizations (id),  -- the hospital
    product_id   BIGINT NOT NULL REFERENCES products (id),
    weekday      INTEGER NOT NULL,
    at_time      TEXT NOT NULL,
    activity_bq  DOUBLE PRECISION NOT NULL,
    priority     INTEGER NOT NULL,          -- 1 is served first
    divisible    BOOLEAN NOT NULL,          -- a generator or bulk vial; false for a patient dose
    window_hours DOUBLE PRECISION NOT NULL DEFAULT 0, -- how much later it may still be served
    starts_on    DATE NOT NULL,
    ends_on      DATE,
    note         TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX standing_demands_org ON standing_demands (org_id, id);
CREATE INDEX standing_demands_product ON standing_demands (product_id);

-- A concrete order: activity_bq of a product at calibration_at, served no later than window_end.
CREATE TABLE orders (
    id             INTEGER PRIMARY KEY,
    org_id         BIGINT NOT NULL REFERENCES organizations (id),  -- the hospital
    product_id     BIGINT NOT NULL REFERENCES products (id),
    activity_bq    DOUBLE PRECISION NOT NULL,
    calibration_at TIMESTAMP NOT NULL,
    window_end     TIMESTAMP,
    priority       INTEGER NOT NULL,
    divisible      BOOLEAN NOT NULL,
    reference      TEXT NOT NULL DEFAULT '',  -- the hospital's own order number
    status         TEXT NOT NULL DEFAULT 'open', -- open | cancelled
    note           TEXT NOT NULL DEFAULT '',
    created_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX orders_org ON orders (org_id, calibration_at);
CREATE INDEX orders_product ON orders (product_id, calibration_at);
CREATE INDEX orders_calibration ON orders (calibration_at);

-- +goose Down
DROP TABLE orders;
DROP TABLE standing_demands;
DROP TABLE routes;
DROP TABLE route_defaults;
