-- 0007: evidence as a file — a scanned minute or a photo attached to a figure. The bytes live in
-- the database so that a backup stays one file; the SHA-256 lets anyone check a copy against
-- the original. A file belongs to the figure's key (indicator, unit, period), not to the row of
-- data_value, so that rewriting a figure never loses its evidence.
CREATE TABLE evidence_file (
    id           INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
    org_unit_id  INTEGER NOT NULL REFERENCES org_unit(id),
    period       TEXT NOT NULL,
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf','image/jpeg','image/png')),
    size         INTEGER NOT NULL CHECK (size > 0 AND size <= 10485760),
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
    bytes        BLOB NOT NULL,
    uploaded_by  TEXT NOT NULL,
    uploaded_at  TEXT NOT NULL,
    CHECK (length(bytes) = size)
) STRICT;
CREATE INDEX evidence_file_value ON evidence_file(indicator_id, org_unit_id, period);
