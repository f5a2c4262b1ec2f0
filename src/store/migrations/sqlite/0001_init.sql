-- 0001_init.sql — the whole thidua schema, version 1 (SQLite).
--
-- Every row belongs to a commune (a deployment may hold a whole city's communes), directly or
-- through its plan. Dates are ISO text (YYYY-MM-DD), times ISO-8601 UTC text, so that the
-- same SQL reads the same on PostgreSQL. Enumerations are text codes checked here and in
-- src/core/model.c. Tables later issues fill (reports, awards) are created now so that the
-- model is designed once.

CREATE TABLE commune (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    city        TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE org_unit (
    id          INTEGER PRIMARY KEY,
    commune_id  INTEGER NOT NULL REFERENCES commune(id),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('office','public_service','school','village','enterprise',
                                              'police','military','mass_org','health_station')),
    parent_id   INTEGER REFERENCES org_unit(id),
    is_demo     INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0,1)),
    UNIQUE (commune_id, code)
) STRICT;

CREATE TABLE block (
    id          INTEGER PRIMARY KEY,
    commune_id  INTEGER NOT NULL REFERENCES commune(id),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    is_demo     INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0,1)),
    UNIQUE (commune_id, code)
) STRICT;

CREATE TABLE block_member (
    block_id    INTEGER NOT NULL REFERENCES block(id) ON DELETE CASCADE,
    org_unit_id INTEGER NOT NULL REFERENCES org_unit(id),
    PRIMARY KEY (block_id, org_unit_id)
) STRICT;

CREATE TABLE person (
    id          INTEGER PRIMARY KEY,
    commune_id  INTEGER NOT NULL REFERENCES commune(id),
    full_name   TEXT NOT NULL,
    org_unit_id INTEGER REFERENCES org_unit(id),
    job_title   TEXT,
    gender      TEXT CHECK (gender IN ('male','female')),
    birth_year  INTEGER,
    is_demo     INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0,1))
) STRICT;

CREATE TABLE app_user (
    id            INTEGER PRIMARY KEY,
    commune_id    INTEGER NOT NULL REFERENCES commune(id),
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,                -- libsodium crypto_pwhash_str (Argon2id)
    role          TEXT NOT NULL CHECK (role IN ('admin','officer','reporter','leader','viewer')),
    org_unit_id   INTEGER REFERENCES org_unit(id),
    person_id     INTEGER REFERENCES person(id),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),
    created_at    TEXT NOT NULL,
    CHECK (role <> 'reporter' OR org_unit_id IS NOT NULL)
) STRICT;

CREATE TABLE api_token (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES app_user(id),
    name        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,           -- a hash; the token itself is shown once
    created_at  TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at  TEXT
) STRICT;

CREATE TABLE plan (
    id                INTEGER PRIMARY KEY,
    commune_id        INTEGER NOT NULL REFERENCES commune(id),
    number            TEXT NOT NULL,            -- số ký hiệu as written: '56/KH-UBND', '/KH-UBND'
    issued_on         TEXT,
    date_line         TEXT,
    issuer            TEXT NOT NULL,
    signer            TEXT,
    signer_title      TEXT,
    title             TEXT NOT NULL,
    implements_number TEXT,
    implements_date   TEXT,
    implements_issuer TEXT,
    implements_title  TEXT,
    period_start      TEXT NOT NULL,
    period_end        TEXT NOT NULL,
    general_goal      TEXT,
    rewards           TEXT,
    is_demo           INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0,1)),
    created_at        TEXT NOT NULL,
    CHECK (period_start <= period_end)
) STRICT;

CREATE TABLE plan_theme (
    plan_id     INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('city','commune')),
    year        INTEGER NOT NULL,
    text        TEXT NOT NULL,
    PRIMARY KEY (plan_id, position)
) STRICT;

CREATE TABLE plan_deadline (
    plan_id     INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,                  -- 'unit_report', 'commune_report'
    due_on      TEXT NOT NULL,
    from_text   TEXT,
    to_text     TEXT,
    to_unit_id  INTEGER REFERENCES org_unit(id),
    PRIMARY KEY (plan_id, kind)
) STRICT;

CREATE TABLE movement (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('national','city','commune')),
    launched_by TEXT
) STRICT;

CREATE TABLE phase (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    starts_on   TEXT,
    ends_on     TEXT
) STRICT;

CREATE TABLE task (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    lead_unit_id INTEGER REFERENCES org_unit(id),
    due_on      TEXT
) STRICT;

CREATE TABLE recipient (
    plan_id     INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    purpose     TEXT,                           -- 'b/c' (để báo cáo)
    org_unit_id INTEGER REFERENCES org_unit(id),
    org_kind    TEXT,
    PRIMARY KEY (plan_id, position)
) STRICT;

-- The indicator tree. A node may carry a target (target_op not null) and children at once.
-- The target spec is stored in columns (op, value, high, unit, change, baseline, tolerance)
-- plus its text as written; checklist items are rows of target_item.
CREATE TABLE indicator (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    parent_id   INTEGER REFERENCES indicator(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,               -- order among siblings
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    grp         TEXT NOT NULL CHECK (grp IN ('economy','culture_society','environment','digital_admin',
                                             'defence_security')),
    unit        TEXT,
    frequency   TEXT NOT NULL CHECK (frequency IN ('month','quarter','year')),
    measure     TEXT NOT NULL CHECK (measure IN ('flow','level','yesno','list')),
    formula     TEXT,                           -- computed indicators (target engine)
    source_line INTEGER,
    target_text TEXT,
    target_op   TEXT CHECK (target_op IN ('>=','>','<=','<','=','range','band','approx','done','list',
                                          'assigned')),
    target_value REAL,
    target_high REAL,
    target_unit TEXT,
    target_change TEXT CHECK (target_change IN ('increase','decrease')),
    target_baseline_year INTEGER,
    target_tolerance REAL,
    assigned_value REAL,                        -- 'assigned' targets: the value the city assigns
    UNIQUE (plan_id, code),
    CHECK ((target_op IS NULL) = (target_text IS NULL))
) STRICT;
CREATE INDEX indicator_parent ON indicator(parent_id);

CREATE TABLE target_item (
    indicator_id INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    org_unit_id INTEGER REFERENCES org_unit(id),
    PRIMARY KEY (indicator_id, position)
) STRICT;

CREATE TABLE indicator_unit (
    indicator_id INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
    org_unit_id INTEGER NOT NULL REFERENCES org_unit(id),
    PRIMARY KEY (indicator_id, org_unit_id)
) STRICT;

-- What a unit reports for an indicator and a period. version rises with every change so
-- that a stale update is refused (optimistic concurrency).
CREATE TABLE data_value (
    id            INTEGER PRIMARY KEY,
    indicator_id  INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
    org_unit_id   INTEGER NOT NULL REFERENCES org_unit(id),
    period        TEXT NOT NULL,                -- '2026-03', '2026-Q1', '2026'
    value         REAL,
    text          TEXT,
    note          TEXT,
    status        TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','approved','returned')),
    version       INTEGER NOT NULL DEFAULT 1,
    updated_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    submitted_at  TEXT,
    reviewed_by   TEXT,
    reviewed_at   TEXT,
    review_comment TEXT,
    is_demo       INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0,1)),
    UNIQUE (indicator_id, org_unit_id, period),
    CHECK (value IS NOT NULL OR text IS NOT NULL)
) STRICT;
CREATE INDEX data_value_unit_period ON data_value(org_unit_id, period);

-- Append-only: nothing updates or deletes these rows.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    commune_id  INTEGER REFERENCES commune(id),
    at          TEXT NOT NULL,
    user_id     INTEGER REFERENCES app_user(id),
    actor       TEXT NOT NULL,                  -- username, or 'cli:NAME' for the command line
    action      TEXT NOT NULL,                  -- 'create', 'update', 'import', 'submit', …
    entity      TEXT NOT NULL,                  -- table name
    entity_id   INTEGER,
    before_json TEXT,
    after_json  TEXT
) STRICT;
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Reports: a unit's report on the plan, and the commune's consolidated report to the city.
CREATE TABLE report (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    org_unit_id INTEGER REFERENCES org_unit(id),  -- NULL: the commune's consolidated report
    period      TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('draft','submitted','approved','returned','sent')),
    number      TEXT,
    submitted_at TEXT,
    due_on      TEXT,
    body_json   TEXT,
    UNIQUE (plan_id, org_unit_id, period)
) STRICT;

-- Awards: scores within blocks, nominations, the council's vote, the chairman's decision,
-- the certificates printed, and the good examples publicised.
CREATE TABLE score (
    plan_id     INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    block_id    INTEGER NOT NULL REFERENCES block(id),
    org_unit_id INTEGER NOT NULL REFERENCES org_unit(id),
    points      REAL NOT NULL,
    rank        INTEGER,
    detail_json TEXT,
    PRIMARY KEY (plan_id, block_id, org_unit_id)
) STRICT;

CREATE TABLE council (
    id          INTEGER PRIMARY KEY,
    commune_id  INTEGER NOT NULL REFERENCES commune(id),
    name        TEXT NOT NULL,
    decision_number TEXT
) STRICT;

CREATE TABLE council_member (
    council_id  INTEGER NOT NULL REFERENCES council(id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES person(id),
    role        TEXT NOT NULL CHECK (role IN ('chair','vice_chair','member','secretary')),
    PRIMARY KEY (council_id, person_id)
) STRICT;

CREATE TABLE nomination (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plan(id),
    nominee_kind TEXT NOT NULL CHECK (nominee_kind IN ('collective','individual')),
    org_unit_id INTEGER REFERENCES org_unit(id),
    person_id   INTEGER REFERENCES person(id),
    award       TEXT NOT NULL,                  -- 'giay_khen', 'bang_khen', …
    achievement TEXT NOT NULL,
    proposed_by INTEGER REFERENCES org_unit(id),
    status      TEXT NOT NULL CHECK (status IN ('proposed','in_review','approved','rejected','awarded')),
    created_at  TEXT NOT NULL,
    CHECK ((nominee_kind = 'collective') = (org_unit_id IS NOT NULL AND person_id IS NULL)
           OR nominee_kind = 'individual' AND person_id IS NOT NULL)
) STRICT;

CREATE TABLE vote (
    nomination_id INTEGER NOT NULL REFERENCES nomination(id) ON DELETE CASCADE,
    council_id  INTEGER NOT NULL REFERENCES council(id),
    person_id   INTEGER NOT NULL REFERENCES person(id),
    choice      TEXT NOT NULL CHECK (choice IN ('yes','no','abstain')),
    cast_at     TEXT NOT NULL,
    PRIMARY KEY (nomination_id, person_id)
) STRICT;

CREATE TABLE decision (
    id          INTEGER PRIMARY KEY,
    commune_id  INTEGER NOT NULL REFERENCES commune(id),
    plan_id     INTEGER REFERENCES plan(id),
    number      TEXT NOT NULL,                  -- '123/QĐ-UBND'
    signed_on   TEXT NOT NULL,
    signer      TEXT NOT NULL,
    title       TEXT NOT NULL,
    published_at TEXT
) STRICT;

CREATE TABLE certificate (
    id          INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decision(id),
    nomination_id INTEGER NOT NULL UNIQUE REFERENCES nomination(id),
    serial      TEXT NOT NULL,
    printed_at  TEXT
) STRICT;

CREATE TABLE story (
    id          INTEGER PRIMARY KEY,
    commune_id  INTEGER NOT NULL REFERENCES commune(id),
    plan_id     INTEGER REFERENCES plan(id),
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    org_unit_id INTEGER REFERENCES org_unit(id),
    person_id   INTEGER REFERENCES person(id),
    published_on TEXT
) STRICT;
