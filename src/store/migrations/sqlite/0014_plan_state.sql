-- 0014: a counter per plan that rises in the same transaction as every write to what an
-- evaluation reads (the plan, its targets, units' shares, the commune's units, the figures).
--
-- The server keeps evaluation answers in memory keyed by this counter (src/http/evalcache.c):
-- one cheap read per request says whether a kept answer still holds. Triggers, not the store's
-- write functions, bump it, so that a write from any process (`thidua values import` while the
-- server runs, or the sqlite3 client) invalidates the answers it touches and no others.
-- SQL has no way to share a trigger's body between tables: each is the same upsert, spelled out
-- per table and per kind of write.
CREATE TABLE plan_state (
    plan_id  INTEGER PRIMARY KEY REFERENCES plan(id) ON DELETE CASCADE,
    revision INTEGER NOT NULL
) STRICT;

CREATE TRIGGER plan_state_plan AFTER UPDATE ON plan
BEGIN
    INSERT INTO plan_state (plan_id, revision) VALUES (NEW.id, 1)
    ON CONFLICT (plan_id) DO UPDATE SET revision = plan_state.revision + 1;
END;

CREATE TRIGGER plan_state_deadline_ins AFTER INSERT ON plan_deadline
BEGIN
    INSERT INTO plan_state (plan_id, revision) VALUES (NEW.plan_id, 1)
    ON CONFLICT (plan_id) DO UPDATE SET revision = plan_state.revision + 1;
END;
CREATE TRIGGER plan_state_deadline_del AFTER DELETE ON plan_deadline
BEGIN
    INSERT INTO plan_state (plan_id, revision) SELECT id, 1 FROM plan WHERE id = OLD.plan_id
    ON CONFLICT (plan_id) DO UPDATE SET revision = plan_state.revision + 1;
END;

CREATE TRIGGER plan_state_indicator_ins AFTER INSERT ON indicator
BEGIN
    INSERT INTO plan_state (plan_id, revision) VALUES (NEW.plan_id, 1)
    ON CONFLICT (plan_id) DO UPDATE SET revision = plan_state.revision + 1;
END;
CREATE TRIGGER plan_state_indicator_upd AFTER UPDATE ON indicator
BEGIN
    INSERT INTO plan_state (plan_id, revision) VALUES (NEW.plan_id, 1)
    ON CONFLICT (plan_id) DO UPDATE SET revision = plan_state.revision + 1;
END;
-- a plan deleted takes its indicators with it: only a plan that is still there is bumped
CREATE TRIGGER plan_state_indicator_del AFTER DELETE ON indicator
BEGIN
    INSERT INTO plan_state (plan_id, revision) SELECT id, 1 FROM plan WHERE id = OLD.plan_id
    ON CONFLICT (plan_id) DO UPDATE SET revision = plan_state.revision + 1;
END;

CREATE TRIGGER plan_state_target_item_ins AFTER INSERT ON target_item
BEGIN
    INSERT INTO plan_state (plan_id, revision) SELECT plan_id, 1 FROM indicator WHERE id = NEW.indicator_id
    ON CONFLICT (plan_id) DO UPDATE SET revision = plan_state.revision + 1;
END;
CREATE TRIGGER plan_state_target_item_del AFTER DELETE ON target_item
BEGIN
    INSERT INTO plan_state (plan_id, revision) SELECT plan_id, 1 FROM indicator WHERE id = OLD.indicator_id
    ON CONFLICT (plan_id) DO UPDATE SET revision = plan_state.revision + 1;
END;

CREATE TRIGGER plan_state_indicator_unit_ins AFTER INSERT ON indicator_unit
BEGIN
    INSERT INTO plan_state (plan_id, revision) SELECT plan_id, 1 FROM indicator WHERE id = NEW.indicator_id
    ON CONFLICT (plan_id) DO UPDATE SET revision = plan_state.revision + 1;
END;
CREATE TRIGGER plan_state_indicator_unit_del AFTER DELETE ON indicator_unit
BEGIN
    INSERT INTO plan_state (plan_id, revision) SELECT plan_id, 1 FROM indicator WHERE id = OLD.indicator_id
    ON CONFLICT (plan_id) DO UPDATE SET revision = plan_state.revision + 1;
END;

CREATE TRIGGER plan_state_unit_target_ins AFTER INSERT ON unit_target
BEGIN
    INSERT INTO plan_state (plan_id, revision) SELECT plan_id, 1 FROM indicator WHERE id = NEW.indicator_id
    ON CONFLICT (plan_id) DO UPDATE SET revision = plan_state.revision + 1;
END;
CREATE TRIGGER plan_state_unit_target_upd AFTER UPDATE ON unit_target
BEGIN
    INSERT INTO plan_state (plan_id, revision) SELECT plan_id, 1 FROM indicator WHERE id = NEW.indicator_id
    ON CONFLICT (plan_id) DO UPDATE SET revision = plan_state.revision + 1;
END;
CREATE TRIGGER plan_state_unit_target_del AFTER DELETE ON unit_target
BEGIN
    INSERT INTO plan_state (plan_id, revision) SELECT plan_id, 1 FROM indicator WHERE id = OLD.indicator_id
    ON CONFLICT (plan_id) DO UPDATE SET revision = plan_state.revision + 1;
END;

-- the figures: the hot path of a bulk import, one primary-key lookup and one upsert per row
CREATE TRIGGER plan_state_value_ins AFTER INSERT ON data_value
BEGIN
    INSERT INTO plan_state (plan_id, revision) SELECT plan_id, 1 FROM indicator WHERE id = NEW.indicator_id
    ON CONFLICT (plan_id) DO UPDATE SET revision = plan_state.revision + 1;
END;
CREATE TRIGGER plan_state_value_upd AFTER UPDATE ON data_value
BEGIN
    INSERT INTO plan_state (plan_id, revision) SELECT plan_id, 1 FROM indicator WHERE id = NEW.indicator_id
    ON CONFLICT (plan_id) DO UPDATE SET revision = plan_state.revision + 1;
END;
CREATE TRIGGER plan_state_value_del AFTER DELETE ON data_value
BEGIN
    INSERT INTO plan_state (plan_id, revision) SELECT plan_id, 1 FROM indicator WHERE id = OLD.indicator_id
    ON CONFLICT (plan_id) DO UPDATE SET revision = plan_state.revision + 1;
END;

-- a unit's name appears in the evaluation's reasons: every plan of its commune is touched
CREATE TRIGGER plan_state_org_unit_ins AFTER INSERT ON org_unit
BEGIN
    INSERT INTO plan_state (plan_id, revision) SELECT id, 1 FROM plan WHERE commune_id = NEW.commune_id
    ON CONFLICT (plan_id) DO UPDATE SET revision = plan_state.revision + 1;
END;
CREATE TRIGGER plan_state_org_unit_upd AFTER UPDATE ON org_unit
BEGIN
    INSERT INTO plan_state (plan_id, revision) SELECT id, 1 FROM plan WHERE commune_id = NEW.commune_id
    ON CONFLICT (plan_id) DO UPDATE SET revision = plan_state.revision + 1;
END;
CREATE TRIGGER plan_state_org_unit_del AFTER DELETE ON org_unit
BEGIN
    INSERT INTO plan_state (plan_id, revision) SELECT id, 1 FROM plan WHERE commune_id = OLD.commune_id
    ON CONFLICT (plan_id) DO UPDATE SET revision = plan_state.revision + 1;
END;
