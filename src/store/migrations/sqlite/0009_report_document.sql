-- 0009: issued report documents (issue 15; /work/notes/contract-reports.md). A report of a plan
-- (the commune's consolidated report, a unit's report, the reminder letter) has one draft per
-- (plan, kind, unit, period) holding the narrative the office edits, and any number of issued
-- documents: each issued one has its number in the year's sequence of its symbol for the
-- commune ("05/BC-UBND") and keeps the bytes of the .docx as issued, never changed again.
CREATE TABLE report_document (
    id          INTEGER PRIMARY KEY,
    commune_id  INTEGER NOT NULL REFERENCES commune(id),
    plan_id     INTEGER NOT NULL REFERENCES plan(id),
    kind        TEXT NOT NULL CHECK (kind IN ('consolidated','unit','reminder')),
    org_unit_id INTEGER REFERENCES org_unit(id),
    period      TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('draft','issued')),
    narrative   TEXT NOT NULL,
    year        INTEGER,
    number      INTEGER,
    symbol      TEXT,
    issued_at   TEXT,
    issued_on   TEXT,
    issued_by   INTEGER REFERENCES app_user(id),
    docx        BLOB,
    sha256      TEXT,
    updated_at  TEXT NOT NULL,
    UNIQUE (commune_id, symbol, year, number)
);
-- one draft per report: the unit of a commune-wide report is NULL, counted as 0 here
CREATE UNIQUE INDEX report_document_draft ON report_document (plan_id, kind, COALESCE(org_unit_id, 0), period)
    WHERE status = 'draft';
CREATE INDEX report_document_plan ON report_document (plan_id, status);
