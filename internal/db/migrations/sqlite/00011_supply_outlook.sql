-- +goose Up
-- The outlook to 2040 in the platform (issue 6, part 8): forecast scenarios saved by name.

-- A saved forecast scenario: the scenario document as `kern forecast` reads it (JSON), with the
-- Monte Carlo settings it is run with. Every logged-in user reads and runs it; the coordination
-- office writes it.
CREATE TABLE forecast_scenarios (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    scenario        TEXT NOT NULL,                 -- JSON, docs/schemas/forecast-scenario.schema.json
    runs            INTEGER NOT NULL,
    seed            BIGINT NOT NULL,
    search_text     TEXT NOT NULL DEFAULT '',      -- name and description, folded for search
    created_by      BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_by_name TEXT NOT NULL DEFAULT '',
    updated_by_name TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX forecast_scenarios_name ON forecast_scenarios (name);

-- +goose Down
DROP TABLE forecast_scenarios;
