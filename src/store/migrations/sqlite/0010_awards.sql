-- 0010: emulation and awards (issue 16). 0001 created placeholder tables for awards that nothing
-- ever filled; they are replaced here by the tables the whole path needs: a block's scoring table
-- and the points entered by hand, the catalogue of titles and forms (data, since powers moved with
-- Nghị định 152/2025/NĐ-CP), nominations with their dossier files, the council's sessions and
-- tallies, the chairman's decisions numbered per year, awards recorded from outside thidua,
-- units' mergers (a merged unit keeps its predecessors' history), the public disclosure window
-- and the good examples. Every row reaches its commune (commune_id or through its parent).
DROP TABLE certificate;
DROP TABLE vote;
DROP TABLE story;
DROP TABLE decision;
DROP TABLE nomination;
DROP TABLE council_member;
DROP TABLE council;
DROP TABLE score;

CREATE TABLE scoring_criterion (
    block_id    INTEGER NOT NULL REFERENCES block(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    code        TEXT NOT NULL,
    grp         TEXT NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('targets','manual','bonus','penalty')),
    max_points  REAL NOT NULL CHECK (max_points > 0),
    PRIMARY KEY (block_id, code)
) STRICT;

CREATE TABLE scoring_threshold (
    block_id    INTEGER NOT NULL REFERENCES block(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    code        TEXT NOT NULL,
    label       TEXT NOT NULL,
    min_points  REAL NOT NULL CHECK (min_points >= 0),
    PRIMARY KEY (block_id, code)
) STRICT;

-- Points entered by hand (manual, bonus, penalty criteria), each with its note.
CREATE TABLE score_entry (
    plan_id     INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    block_id    INTEGER NOT NULL REFERENCES block(id) ON DELETE CASCADE,
    org_unit_id INTEGER NOT NULL REFERENCES org_unit(id),
    period      TEXT NOT NULL,
    criterion   TEXT NOT NULL,
    points      REAL NOT NULL CHECK (points >= 0),
    note        TEXT NOT NULL,
    entered_by  TEXT NOT NULL,
    entered_at  TEXT NOT NULL,
    is_demo     INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0,1)),
    PRIMARY KEY (plan_id, block_id, org_unit_id, period, criterion)
) STRICT;

CREATE TABLE award_form (
    id          INTEGER PRIMARY KEY,
    commune_id  INTEGER NOT NULL REFERENCES commune(id),
    position    INTEGER NOT NULL,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('form','title')),
    subject     TEXT NOT NULL CHECK (subject IN ('individual','collective','both')),
    level       TEXT NOT NULL CHECK (level IN ('commune','city','national')),
    conferred_by TEXT NOT NULL,
    is_local    INTEGER NOT NULL CHECK (is_local IN (0,1)),
    criteria    TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    min_classification TEXT,
    max_rank    INTEGER,
    interval_years INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    UNIQUE (commune_id, code)
) STRICT;

CREATE TABLE org_unit_merge (
    predecessor_id INTEGER NOT NULL PRIMARY KEY REFERENCES org_unit(id),
    successor_id   INTEGER NOT NULL REFERENCES org_unit(id),
    merged_on      TEXT NOT NULL,
    CHECK (predecessor_id <> successor_id)
) STRICT;

CREATE TABLE council (
    id          INTEGER PRIMARY KEY,
    commune_id  INTEGER NOT NULL REFERENCES commune(id),
    name        TEXT NOT NULL,
    decision_number TEXT,
    is_demo     INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0,1))
) STRICT;

CREATE TABLE council_member (
    council_id  INTEGER NOT NULL REFERENCES council(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    person_id   INTEGER NOT NULL REFERENCES person(id),
    role        TEXT NOT NULL CHECK (role IN ('chair','vice_chair','member','secretary')),
    PRIMARY KEY (council_id, person_id)
) STRICT;

CREATE TABLE council_session (
    id          INTEGER PRIMARY KEY,
    commune_id  INTEGER NOT NULL REFERENCES commune(id),
    council_id  INTEGER NOT NULL REFERENCES council(id),
    held_on     TEXT NOT NULL,
    place       TEXT NOT NULL,
    quorum_num  INTEGER NOT NULL,
    quorum_den  INTEGER NOT NULL,
    pass_num    INTEGER NOT NULL,
    pass_den    INTEGER NOT NULL,
    pass_strict INTEGER NOT NULL CHECK (pass_strict IN (0,1)),
    pass_base   TEXT NOT NULL CHECK (pass_base IN ('members','present')),
    status      TEXT NOT NULL CHECK (status IN ('open','closed')),
    closed_at   TEXT,
    created_at  TEXT NOT NULL,
    is_demo     INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0,1))
) STRICT;

-- The members as they were at the session (the council may change later).
CREATE TABLE session_member (
    session_id  INTEGER NOT NULL REFERENCES council_session(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    person_id   INTEGER NOT NULL REFERENCES person(id),
    role        TEXT NOT NULL,
    present     INTEGER NOT NULL CHECK (present IN (0,1)),
    PRIMARY KEY (session_id, person_id)
) STRICT;

-- Numbered per commune and year when issued (seq 1 → '01/QĐ-UBND'); a draft has no number.
CREATE TABLE decision (
    id          INTEGER PRIMARY KEY,
    commune_id  INTEGER NOT NULL REFERENCES commune(id),
    year        INTEGER NOT NULL,
    seq         INTEGER,
    number      TEXT,
    status      TEXT NOT NULL CHECK (status IN ('draft','issued','revoked')),
    signed_on   TEXT,
    signer      TEXT NOT NULL,
    signer_title TEXT NOT NULL,
    title       TEXT NOT NULL,
    legal_bases TEXT NOT NULL,                  -- JSON array of texts
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    issued_at   TEXT,
    revoked_reason TEXT,
    revoked_at  TEXT,
    revoked_by  TEXT,
    is_demo     INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0,1)),
    UNIQUE (commune_id, year, seq),
    CHECK ((status = 'draft') = (seq IS NULL))
) STRICT;

CREATE TABLE nomination (
    id          INTEGER PRIMARY KEY,
    commune_id  INTEGER NOT NULL REFERENCES commune(id),
    nominee_kind TEXT NOT NULL CHECK (nominee_kind IN ('collective','individual')),
    person_id   INTEGER REFERENCES person(id),
    org_unit_id INTEGER REFERENCES org_unit(id),
    collective_name TEXT,
    form        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    achievement TEXT NOT NULL,
    achievement_key TEXT NOT NULL,                -- folded: no case, diacritics or spaces
    proposed_by INTEGER REFERENCES org_unit(id),
    plan_id     INTEGER REFERENCES plan(id),
    period      TEXT,
    block_id    INTEGER REFERENCES block(id),
    status      TEXT NOT NULL CHECK (status IN ('proposed','in_review','approved','rejected','awarded',
                                                'revoked','withdrawn')),
    session_id  INTEGER REFERENCES council_session(id),
    decision_id INTEGER REFERENCES decision(id),
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    is_demo     INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0,1)),
    CHECK ((nominee_kind = 'individual' AND person_id IS NOT NULL)
           OR (nominee_kind = 'collective' AND person_id IS NULL AND org_unit_id IS NOT NULL))
) STRICT;
CREATE INDEX nomination_commune ON nomination(commune_id, status);

CREATE TABLE nomination_file (
    id            INTEGER PRIMARY KEY,
    nomination_id INTEGER NOT NULL REFERENCES nomination(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('to_trinh','bao_cao','bien_ban','khac')),
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    content_type  TEXT NOT NULL CHECK (content_type IN ('application/pdf','image/jpeg','image/png')),
    size          INTEGER NOT NULL CHECK (size > 0 AND size <= 10485760),
    sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
    bytes         BLOB NOT NULL,
    uploaded_by   TEXT NOT NULL,
    uploaded_at   TEXT NOT NULL
) STRICT;

-- A secret-ballot tally per nomination of a session.
CREATE TABLE session_item (
    session_id    INTEGER NOT NULL REFERENCES council_session(id) ON DELETE CASCADE,
    nomination_id INTEGER NOT NULL REFERENCES nomination(id),
    position      INTEGER NOT NULL,
    voted         INTEGER NOT NULL DEFAULT 0 CHECK (voted IN (0,1)),
    yes           INTEGER NOT NULL DEFAULT 0 CHECK (yes >= 0),
    no            INTEGER NOT NULL DEFAULT 0 CHECK (no >= 0),
    abstain       INTEGER NOT NULL DEFAULT 0 CHECK (abstain >= 0),
    passed        INTEGER CHECK (passed IN (0,1)),
    PRIMARY KEY (session_id, nomination_id)
) STRICT;

CREATE TABLE decision_item (
    decision_id   INTEGER NOT NULL REFERENCES decision(id) ON DELETE CASCADE,
    nomination_id INTEGER NOT NULL UNIQUE REFERENCES nomination(id),
    position      INTEGER NOT NULL,
    revoked_reason TEXT,
    revoked_at    TEXT,
    revoked_by    TEXT,
    PRIMARY KEY (decision_id, nomination_id)
) STRICT;

-- Awards made outside thidua (before it, or by the city), kept in the history.
CREATE TABLE award_record (
    id          INTEGER PRIMARY KEY,
    commune_id  INTEGER NOT NULL REFERENCES commune(id),
    nominee_kind TEXT NOT NULL CHECK (nominee_kind IN ('collective','individual')),
    person_id   INTEGER REFERENCES person(id),
    org_unit_id INTEGER REFERENCES org_unit(id),
    collective_name TEXT,
    form        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    achievement TEXT NOT NULL,
    achievement_key TEXT NOT NULL,
    decision_number TEXT NOT NULL,
    decision_date TEXT NOT NULL,
    issuer      TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    is_demo     INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0,1))
) STRICT;

CREATE TABLE award_disclosure (
    commune_id  INTEGER NOT NULL PRIMARY KEY REFERENCES commune(id),
    from_on     TEXT NOT NULL,
    to_on       TEXT NOT NULL,
    show_review INTEGER NOT NULL CHECK (show_review IN (0,1))
) STRICT;

CREATE TABLE story (
    id          INTEGER PRIMARY KEY,
    commune_id  INTEGER NOT NULL REFERENCES commune(id),
    kind        TEXT NOT NULL CHECK (kind IN ('good_deed','model')),
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    person_id   INTEGER REFERENCES person(id),
    org_unit_id INTEGER REFERENCES org_unit(id),
    decision_id INTEGER REFERENCES decision(id),
    status      TEXT NOT NULL CHECK (status IN ('draft','published')),
    published_on TEXT,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    is_demo     INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0,1))
) STRICT;
