-- 0005: how an indicator rolls up across units and which way is better, the build-up measure,
-- and the targets a commune hands to its units (giao chỉ tiêu).
--
-- The indicator table is not rebuilt: data_value refers to it ON DELETE CASCADE, so dropping it
-- would delete every figure. Columns are added instead. "buildup" is a stock that grows along the
-- year: it stays measure 'level' (the CHECK of 0001 is kept) with builds_up = 1.
ALTER TABLE indicator ADD COLUMN aggregation TEXT NOT NULL DEFAULT 'sum'
    CHECK (aggregation IN ('sum','rate','ratio','commune'));
ALTER TABLE indicator ADD COLUMN direction TEXT NOT NULL DEFAULT 'higher'
    CHECK (direction IN ('higher','lower','band'));
ALTER TABLE indicator ADD COLUMN builds_up INTEGER NOT NULL DEFAULT 0 CHECK (builds_up IN (0,1));

-- Defaults for the plans stored before this version, from what SQL can see (the wording's full
-- guess, indicator_kind_guess, is C: plan import fills it for new plans, and every value can be
-- set in the plan file, the set-up page and the API). A percentage rolls up as a rate, an amount
-- per hectare or per head as a ratio, a growth or a structure is the commune's own figure.
UPDATE indicator SET aggregation = 'rate'
 WHERE unit = '%' OR target_unit = '%' OR name LIKE '%tỷ lệ%' OR name LIKE '%tỉ lệ%'
    OR name LIKE '%Tỷ lệ%' OR name LIKE '%Tỉ lệ%';
UPDATE indicator SET aggregation = 'ratio'
 WHERE aggregation = 'sum' AND (unit LIKE '%/%' OR target_unit LIKE '%/%' OR name LIKE '%trên 1 ha%'
    OR name LIKE '%bình quân%' OR name LIKE '%Bình quân%' OR name LIKE '%năng suất%' OR name LIKE '%Năng suất%');
UPDATE indicator SET aggregation = 'commune'
 WHERE name LIKE '%tốc độ tăng%' OR name LIKE '%Tốc độ tăng%' OR name LIKE '%tăng trưởng%'
    OR name LIKE '%Tăng trưởng%' OR name LIKE '%cơ cấu%' OR name LIKE '%Cơ cấu%';
UPDATE indicator SET direction = 'lower'
 WHERE target_op IN ('<', '<=') OR target_change = 'decrease' OR name LIKE '%hộ nghèo%'
    OR name LIKE '%suy dinh dưỡng%';
UPDATE indicator SET direction = 'band' WHERE target_op = 'band' AND direction = 'higher';

-- A unit's share of an indicator's target, any kind of target in the same columns as the
-- indicator's own; a checklist's items as a JSON array of texts. One per (indicator, unit).
CREATE TABLE unit_target (
    id                   INTEGER PRIMARY KEY,
    indicator_id         INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
    org_unit_id          INTEGER NOT NULL REFERENCES org_unit(id),
    target_text          TEXT NOT NULL,
    target_op            TEXT NOT NULL CHECK (target_op IN ('>=','>','<=','<','=','range','band','approx','done',
                                                            'list','assigned')),
    target_value         REAL,
    target_high          REAL,
    target_unit          TEXT,
    target_change        TEXT CHECK (target_change IN ('increase','decrease')),
    target_baseline_year INTEGER,
    target_tolerance     REAL,
    target_items         TEXT,
    is_demo              INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0,1)),
    UNIQUE (indicator_id, org_unit_id)
) STRICT;
CREATE INDEX unit_target_unit ON unit_target(org_unit_id);
