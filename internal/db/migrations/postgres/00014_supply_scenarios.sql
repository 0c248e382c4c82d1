-- +goose Up
-- A scenario's patient doses not served whole in its run and in its baseline run (JSON, made when
-- it runs): the doses the engine defers and those no supply can reach at all, which the
-- comparison counts together as deferred for the patient.
ALTER TABLE supply_scenarios ADD COLUMN unserved TEXT NOT NULL DEFAULT '{}';

-- +goose Down
ALTER TABLE supply_scenarios DROP COLUMN unserved;
